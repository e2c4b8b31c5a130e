//! Equality measures over a distribution: Gini, normalised entropy,
//! Woolley's turn-count variance and its coefficient of variation, plus
//! Kendall's τ and the least-squares slope used by agenda and trend
//! measures.
//!
//! Every function returns `Err(Undefined)` (a reason) rather than NaN.

use serde::{Deserialize, Serialize};

/// Why a measure has no value.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    thiserror::Error,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Undefined {
    /// Fewer than two people (or values) to compare.
    #[error("fewer than two people to compare")]
    TooFew,
    /// All values are zero (nobody spoke, nothing to share).
    #[error("all values are zero")]
    AllZero,
    /// The source has no timing.
    #[error("the source has no timing")]
    Untimed,
    /// The source has no text.
    #[error("the source has no text")]
    NoText,
    /// The meeting has zero length.
    #[error("the meeting has zero length")]
    ZeroDuration,
    /// No roster was given.
    #[error("no roster was given")]
    NoRoster,
    /// No facilitator is known.
    #[error("no facilitator is known")]
    NoFacilitator,
    /// The member never took a turn.
    #[error("never took a turn")]
    NeverSpoke,
    /// A planned length of zero.
    #[error("planned length is zero")]
    ZeroPlanned,
    /// No agenda item was reached.
    #[error("no agenda item was reached")]
    NoItemReached,
    /// A value is negative or not finite where that makes no sense.
    #[error("a value is negative or not finite")]
    InvalidValue,
}

fn check(x: &[f64]) -> Result<f64, Undefined> {
    if x.len() < 2 {
        return Err(Undefined::TooFew);
    }
    if x.iter().any(|v| !v.is_finite() || *v < 0.0) {
        return Err(Undefined::InvalidValue);
    }
    let sum: f64 = x.iter().sum();
    if sum <= 0.0 {
        return Err(Undefined::AllZero);
    }
    Ok(sum)
}

/// The population Gini coefficient of non-negative values.
///
/// # Formula
///
/// G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n Σx), computed in the sorted form
/// G = 2 Σᵣ r·x₍ᵣ₎ / (n Σx) − (n + 1)/n with x ascending and ranks r from 1.
/// 0 when all are equal; (n − 1)/n when one holds everything.
///
/// # Reference
///
/// Gini (1912), *Variabilità e mutabilità*; the oracle files compute it as
/// `numpy: sum_i sum_j |x_i - x_j| / (2 k^2 mean(x))`.
///
/// # Complexity
///
/// O(n log n) (a sort).
///
/// # Example
///
/// ```
/// use colead_participation::metrics::gini;
///
/// assert_eq!(gini(&[1.0, 1.0, 1.0, 1.0])?, 0.0);
/// assert_eq!(gini(&[1.0, 0.0, 0.0, 0.0])?, 0.75);
/// assert_eq!(gini(&[3.0, 1.0])?, 0.25);
/// assert!(gini(&[5.0]).is_err());
/// # Ok::<(), colead_participation::metrics::Undefined>(())
/// ```
///
/// # Errors
///
/// [`Undefined::TooFew`] for n < 2, [`Undefined::AllZero`] when Σx = 0,
/// [`Undefined::InvalidValue`] for a negative or non-finite value.
pub fn gini(x: &[f64]) -> Result<f64, Undefined> {
    let sum = check(x)?;
    let mut v = x.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len() as f64;
    let weighted: f64 = v
        .iter()
        .enumerate()
        .map(|(i, xi)| (i as f64 + 1.0) * xi)
        .sum();
    let g = 2.0 * weighted / (n * sum) - (n + 1.0) / n;
    Ok(g.clamp(0.0, 1.0))
}

/// The small-sample corrected Gini, G* = G · n/(n − 1), so that one person
/// holding everything gives 1.
///
/// # Formula
///
/// G* = G · n / (n − 1)
///
/// # Reference
///
/// The n/(n−1) correction for finite populations, e.g. Deltas (2003), *The
/// small-sample bias of the Gini coefficient*, Review of Economics and
/// Statistics 85(1).
///
/// # Complexity
///
/// O(n log n).
///
/// # Example
///
/// ```
/// use colead_participation::metrics::gini_corrected;
///
/// assert_eq!(gini_corrected(&[1.0, 0.0, 0.0, 0.0])?, 1.0);
/// assert_eq!(gini_corrected(&[3.0, 1.0])?, 0.5);
/// # Ok::<(), colead_participation::metrics::Undefined>(())
/// ```
///
/// # Errors
///
/// As [`gini`].
pub fn gini_corrected(x: &[f64]) -> Result<f64, Undefined> {
    let g = gini(x)?;
    let n = x.len() as f64;
    Ok((g * n / (n - 1.0)).clamp(0.0, 1.0))
}

/// Shannon entropy of the shares, normalised by its maximum ln n.
///
/// # Formula
///
/// sᵢ = xᵢ / Σx; H = −Σ sᵢ ln sᵢ (0 · ln 0 = 0); H_norm = H / ln n. 1 means
/// perfectly equal, 0 one person. Zero values count in n.
///
/// # Reference
///
/// Shannon (1948); the oracle files use `scipy.stats.entropy(shares) /
/// ln(k)`.
///
/// # Complexity
///
/// O(n).
///
/// # Example
///
/// ```
/// use colead_participation::metrics::normalized_entropy;
///
/// assert_eq!(normalized_entropy(&[0.5, 0.5])?, 1.0);
/// assert_eq!(normalized_entropy(&[1.0, 0.0, 0.0])?, 0.0);
/// assert!((normalized_entropy(&[0.5, 0.25, 0.25])? - 0.946395).abs() < 1e-6);
/// # Ok::<(), colead_participation::metrics::Undefined>(())
/// ```
///
/// # Errors
///
/// As [`gini`].
pub fn normalized_entropy(x: &[f64]) -> Result<f64, Undefined> {
    let sum = check(x)?;
    let h: f64 = x
        .iter()
        .filter(|v| **v > 0.0)
        .map(|v| {
            let p = v / sum;
            -p * p.ln()
        })
        .sum();
    Ok((h / (x.len() as f64).ln()).clamp(0.0, 1.0))
}

/// Woolley's turn-taking variance: the population variance of turn counts.
///
/// # Formula
///
/// Var_k = (1/n) Σᵢ (kᵢ − k̄)²
///
/// # Reference
///
/// Woolley, Chabris, Pentland, Hashmi & Malone (2010), "Evidence for a
/// collective intelligence factor in the performance of human groups",
/// *Science* 330:686–688: *c* "was negatively correlated with the variance
/// in the number of speaking turns by group members".
///
/// # Complexity
///
/// O(n).
///
/// # Example
///
/// ```
/// use colead_participation::metrics::turn_variance;
///
/// assert_eq!(turn_variance(&[20.0, 5.0, 5.0])?, 50.0);
/// # Ok::<(), colead_participation::metrics::Undefined>(())
/// ```
///
/// # Errors
///
/// [`Undefined::TooFew`] for n < 2; [`Undefined::InvalidValue`].
pub fn turn_variance(k: &[f64]) -> Result<f64, Undefined> {
    if k.len() < 2 {
        return Err(Undefined::TooFew);
    }
    if k.iter().any(|v| !v.is_finite() || *v < 0.0) {
        return Err(Undefined::InvalidValue);
    }
    let n = k.len() as f64;
    let mean = k.iter().sum::<f64>() / n;
    Ok(k.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n)
}

/// The coefficient of variation of turn counts, CV_k = √Var_k / k̄, which
/// does not grow with meeting length.
///
/// # Formula
///
/// CV_k = sqrt(Var_k) / k̄
///
/// # Reference
///
/// Woolley et al. (2010) as in [`turn_variance`]; the CV makes meetings of
/// different lengths comparable.
///
/// # Complexity
///
/// O(n).
///
/// # Example
///
/// ```
/// use colead_participation::metrics::turn_cv;
///
/// assert!((turn_cv(&[20.0, 5.0, 5.0])? - 0.7071068).abs() < 1e-6);
/// assert_eq!(turn_cv(&[10.0, 10.0, 10.0])?, 0.0);
/// # Ok::<(), colead_participation::metrics::Undefined>(())
/// ```
///
/// # Errors
///
/// As [`turn_variance`], plus [`Undefined::AllZero`] when k̄ = 0.
pub fn turn_cv(k: &[f64]) -> Result<f64, Undefined> {
    let var = turn_variance(k)?;
    let mean = k.iter().sum::<f64>() / k.len() as f64;
    if mean <= 0.0 {
        return Err(Undefined::AllZero);
    }
    Ok(var.sqrt() / mean)
}

/// Kendall's τ-a between two rankings of the same items (no ties).
///
/// # Formula
///
/// τ = (C − D) / (n(n − 1)/2), C and D the concordant and discordant pairs.
///
/// # Reference
///
/// Kendall (1938), "A new measure of rank correlation", *Biometrika* 30.
///
/// # Complexity
///
/// O(n²); agendas are short.
///
/// # Example
///
/// ```
/// use colead_participation::metrics::kendall_tau;
///
/// assert_eq!(kendall_tau(&[0, 1, 2], &[0, 1, 2])?, 1.0);
/// assert_eq!(kendall_tau(&[0, 1, 2], &[2, 1, 0])?, -1.0);
/// # Ok::<(), colead_participation::metrics::Undefined>(())
/// ```
///
/// # Errors
///
/// [`Undefined::TooFew`] for fewer than two items.
pub fn kendall_tau(a: &[usize], b: &[usize]) -> Result<f64, Undefined> {
    let n = a.len().min(b.len());
    if n < 2 {
        return Err(Undefined::TooFew);
    }
    let mut s: i64 = 0;
    for i in 0..n {
        for j in i + 1..n {
            let (Some(ai), Some(aj), Some(bi), Some(bj)) = (a.get(i), a.get(j), b.get(i), b.get(j))
            else {
                continue;
            };
            let x = ai.cmp(aj) as i64 * bi.cmp(bj) as i64;
            s += x;
        }
    }
    Ok(s as f64 / (n * (n - 1) / 2) as f64)
}

/// The ordinary least-squares slope of `y` against its index 0, 1, 2, …
///
/// # Formula
///
/// β = Σ (i − ī)(yᵢ − ȳ) / Σ (i − ī)²
///
/// # Reference
///
/// Ordinary least squares (Legendre 1805, Gauss 1809).
///
/// # Complexity
///
/// O(n).
///
/// # Example
///
/// ```
/// use colead_participation::metrics::ols_slope;
///
/// assert_eq!(ols_slope(&[1.0, 3.0, 5.0])?, 2.0);
/// # Ok::<(), colead_participation::metrics::Undefined>(())
/// ```
///
/// # Errors
///
/// [`Undefined::TooFew`] for fewer than two values.
pub fn ols_slope(y: &[f64]) -> Result<f64, Undefined> {
    if y.len() < 2 {
        return Err(Undefined::TooFew);
    }
    if y.iter().any(|v| !v.is_finite()) {
        return Err(Undefined::InvalidValue);
    }
    let n = y.len() as f64;
    let mx = (n - 1.0) / 2.0;
    let my = y.iter().sum::<f64>() / n;
    let (mut num, mut den) = (0.0, 0.0);
    for (i, v) in y.iter().enumerate() {
        let dx = i as f64 - mx;
        num += dx * (v - my);
        den += dx * dx;
    }
    Ok(num / den)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The design note's test vectors.
    #[test]
    fn design_note_vectors() {
        assert_eq!(gini(&[1.0; 4]).unwrap(), 0.0);
        assert_eq!(gini(&[1.0, 0.0, 0.0, 0.0]).unwrap(), 0.75);
        assert_eq!(gini_corrected(&[1.0, 0.0, 0.0, 0.0]).unwrap(), 1.0);
        assert_eq!(gini(&[3.0, 1.0]).unwrap(), 0.25);
        assert_eq!(gini_corrected(&[3.0, 1.0]).unwrap(), 0.5);
        assert_eq!(normalized_entropy(&[0.5, 0.5]).unwrap(), 1.0);
        assert_eq!(normalized_entropy(&[1.0, 0.0, 0.0]).unwrap(), 0.0);
        let h = normalized_entropy(&[0.5, 0.25, 0.25]).unwrap();
        assert!((h - 1.039_720_770_839_918 / 3f64.ln()).abs() < 1e-12);
        assert!((h - 0.9464).abs() < 1e-4);
        assert_eq!(turn_variance(&[10.0; 3]).unwrap(), 0.0);
        assert_eq!(turn_cv(&[10.0; 3]).unwrap(), 0.0);
        assert_eq!(turn_variance(&[20.0, 5.0, 5.0]).unwrap(), 50.0);
        assert!((turn_cv(&[20.0, 5.0, 5.0]).unwrap() - 0.5f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn gini_matches_the_double_sum() {
        let x = [3.0, 7.5, 0.0, 1.25, 9.0];
        let n = x.len() as f64;
        let sum: f64 = x.iter().sum();
        let mut d = 0.0;
        for a in x {
            for b in x {
                d += f64::abs(a - b);
            }
        }
        assert!((gini(&x).unwrap() - d / (2.0 * n * sum)).abs() < 1e-12);
    }

    #[test]
    fn undefined_cases_have_reasons() {
        assert_eq!(gini(&[]), Err(Undefined::TooFew));
        assert_eq!(gini(&[0.0, 0.0]), Err(Undefined::AllZero));
        assert_eq!(
            normalized_entropy(&[1.0, f64::NAN]),
            Err(Undefined::InvalidValue)
        );
        assert_eq!(turn_cv(&[0.0, 0.0]), Err(Undefined::AllZero));
        assert_eq!(ols_slope(&[1.0]), Err(Undefined::TooFew));
        assert_eq!(kendall_tau(&[0, 1, 2], &[0, 2, 1]).unwrap(), 1.0 / 3.0);
    }
}
