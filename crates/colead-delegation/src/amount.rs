//! Amounts of money as integer minor units plus a currency: never floats.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An ISO 4217-style currency code: three ASCII capital letters, such as
/// `EUR`.
///
/// The code decides how many decimals an amount may have
/// ([`Currency::minor_digits`]): 0 for currencies without minor units
/// (`JPY`, `KRW`, …), 3 for the dinar group (`BHD`, `KWD`, …), 2 for all
/// others.
///
/// # Example
///
/// ```
/// use colead_delegation::Currency;
///
/// let eur: Currency = "EUR".parse()?;
/// assert_eq!(eur.minor_digits(), 2);
/// assert_eq!("JPY".parse::<Currency>()?.minor_digits(), 0);
/// assert!("eur".parse::<Currency>().is_err());
/// # Ok::<(), colead_delegation::AmountError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Checks and wraps a three-letter code.
    ///
    /// # Errors
    ///
    /// [`AmountError::Currency`] unless `code` is exactly three ASCII
    /// capital letters.
    pub fn new(code: &str) -> Result<Self, AmountError> {
        match code.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_uppercase()) => {
                Ok(Currency([*a, *b, *c]))
            }
            _ => Err(AmountError::Currency(code.to_owned())),
        }
    }

    /// The code, e.g. `EUR`.
    pub fn as_str(&self) -> &str {
        // Always ASCII by construction.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// How many decimal digits the currency's minor unit has (0, 2 or 3).
    pub fn minor_digits(&self) -> u32 {
        match &self.0 {
            b"BIF" | b"CLP" | b"DJF" | b"GNF" | b"ISK" | b"JPY" | b"KMF" | b"KRW" | b"PYG"
            | b"RWF" | b"UGX" | b"UYI" | b"VND" | b"VUV" | b"XAF" | b"XOF" | b"XPF" => 0,
            b"BHD" | b"IQD" | b"JOD" | b"KWD" | b"LYD" | b"OMR" | b"TND" => 3,
            _ => 2,
        }
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Currency {
    type Err = AmountError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::new(s.trim())
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Currency::new(&s).map_err(serde::de::Error::custom)
    }
}

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AmountError {
    /// The text is not `<number> <CURRENCY>`.
    #[error(
        "amount `{0}` is not written as `<number> <currency>`; expected for example `700 EUR` or `99.50 EUR`"
    )]
    Syntax(String),
    /// The currency is not three capital letters.
    #[error("currency `{0}` is not a three-letter code; expected for example `EUR`")]
    Currency(String),
    /// More decimals than the currency's minor unit has.
    #[error("amount `{text}` has more than {digits} decimals, the minor unit of {currency}")]
    TooManyDecimals {
        /// The amount as written.
        text: String,
        /// The currency.
        currency: Currency,
        /// Its number of decimals.
        digits: u32,
    },
    /// The number does not fit in 64-bit minor units.
    #[error(
        "amount `{0}` is too large; expected at most 92233720368547758.07 in two-decimal currencies"
    )]
    Overflow(String),
}

/// An amount of money: a whole number of minor units (cents for `EUR`)
/// and a [`Currency`]. Never a float.
///
/// Written `"700 EUR"`, `"99.50 EUR"` or `"1_000_000 JPY"` (underscores
/// separate thousands); displayed the same way. Amounts in different
/// currencies are never compared: [`Amount::checked_cmp`] returns `None`.
///
/// # Example
///
/// ```
/// use colead_delegation::Amount;
///
/// let cap: Amount = "500 EUR".parse()?;
/// let asked: Amount = "700.25 EUR".parse()?;
/// assert_eq!(asked.minor(), 70_025);
/// assert!(asked > cap);
/// assert_eq!(asked.to_string(), "700.25 EUR");
/// assert!(cap.checked_cmp(&"500 USD".parse()?).is_none());
/// # Ok::<(), colead_delegation::AmountError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Amount {
    minor: i64,
    currency: Currency,
}

impl Amount {
    /// An amount of `minor` minor units of `currency`.
    pub const fn from_minor(minor: i64, currency: Currency) -> Self {
        Amount { minor, currency }
    }

    /// The amount in minor units.
    pub const fn minor(&self) -> i64 {
        self.minor
    }

    /// The currency.
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// Compares two amounts of the same currency; `None` across currencies.
    pub fn checked_cmp(&self, other: &Amount) -> Option<std::cmp::Ordering> {
        (self.currency == other.currency).then(|| self.minor.cmp(&other.minor))
    }

    /// The amount with `minor` replaced (same currency).
    #[must_use]
    pub const fn with_minor(&self, minor: i64) -> Amount {
        Amount {
            minor,
            currency: self.currency,
        }
    }
}

/// Amounts order by currency code first, then by value, so that sorting is
/// total; use [`Amount::checked_cmp`] for a comparison that refuses to mix
/// currencies.
impl PartialOrd for Amount {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Amount {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.currency
            .cmp(&other.currency)
            .then(self.minor.cmp(&other.minor))
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({self})")
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.currency.minor_digits();
        let scale = 10i128.pow(digits);
        let v = i128::from(self.minor);
        let sign = if v < 0 { "-" } else { "" };
        let whole = v.abs() / scale;
        let frac = v.abs() % scale;
        if frac == 0 {
            write!(f, "{sign}{whole} {}", self.currency)
        } else {
            write!(
                f,
                "{sign}{whole}.{frac:0width$} {}",
                self.currency,
                width = digits as usize
            )
        }
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let syntax = || AmountError::Syntax(s.to_owned());
        let (number, code) = text.rsplit_once(char::is_whitespace).ok_or_else(syntax)?;
        let currency = Currency::new(code.trim())?;
        let number = number.trim();
        let (negative, digits) = match number.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, number),
        };
        let (whole, frac) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        fn clean(part: &str) -> Option<std::borrow::Cow<'_, str>> {
            if !part.contains('_') {
                return part
                    .bytes()
                    .all(|c| c.is_ascii_digit())
                    .then_some(std::borrow::Cow::Borrowed(part));
            }
            if part.starts_with('_') || part.ends_with('_') || part.contains("__") {
                return None;
            }
            let d: String = part.chars().filter(|c| *c != '_').collect();
            d.chars()
                .all(|c| c.is_ascii_digit())
                .then_some(std::borrow::Cow::Owned(d))
        }
        let whole = clean(whole).filter(|w| !w.is_empty()).ok_or_else(syntax)?;
        let frac = clean(frac).ok_or_else(syntax)?;
        if digits.contains('.') && frac.is_empty() {
            return Err(syntax());
        }
        let places = currency.minor_digits();
        if frac.len() > places as usize {
            return Err(AmountError::TooManyDecimals {
                text: s.to_owned(),
                currency,
                digits: places,
            });
        }
        let overflow = || AmountError::Overflow(s.to_owned());
        let whole: i64 = whole.parse().map_err(|_| overflow())?;
        // `frac` has at most `places` (≤ 3) digits: scale it to minor units.
        let frac_value: i64 = if frac.is_empty() {
            0
        } else {
            let v: i64 = frac.parse().map_err(|_| overflow())?;
            let pad = places.saturating_sub(u32::try_from(frac.len()).unwrap_or(places));
            v.checked_mul(10i64.pow(pad)).ok_or_else(overflow)?
        };
        let minor = whole
            .checked_mul(10i64.pow(places))
            .and_then(|w| w.checked_add(frac_value))
            .ok_or_else(overflow)?;
        Ok(Amount {
            minor: if negative { -minor } else { minor },
            currency,
        })
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
                v.parse().map_err(E::custom)
            }
        }
        // Parsed from the borrowed text: no `String` per amount.
        d.deserialize_string(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Amount {
        s.parse().unwrap()
    }

    #[test]
    fn parses_minor_units_by_currency() {
        assert_eq!(a("700 EUR").minor(), 70_000);
        assert_eq!(a("0.5 EUR").minor(), 50);
        assert_eq!(a("1_000_000 JPY").minor(), 1_000_000);
        assert_eq!(a("1.250 KWD").minor(), 1_250);
        assert_eq!(a("-3 EUR").minor(), -300);
    }

    #[test]
    fn rejects_bad_amounts() {
        assert!(matches!(
            "700".parse::<Amount>(),
            Err(AmountError::Syntax(_))
        ));
        assert!(matches!(
            "1.5 JPY".parse::<Amount>(),
            Err(AmountError::TooManyDecimals { .. })
        ));
        assert!(matches!(
            "7e2 EUR".parse::<Amount>(),
            Err(AmountError::Syntax(_))
        ));
        assert!(matches!(
            "1. EUR".parse::<Amount>(),
            Err(AmountError::Syntax(_))
        ));
        assert!(matches!(
            "99999999999999999999 EUR".parse::<Amount>(),
            Err(AmountError::Overflow(_))
        ));
        assert!(matches!(
            "5 euro".parse::<Amount>(),
            Err(AmountError::Currency(_))
        ));
    }

    #[test]
    fn displays_round_trip() {
        for s in ["700 EUR", "99.05 EUR", "-0.01 EUR", "12 JPY", "1.001 BHD"] {
            assert_eq!(a(s).to_string(), s);
        }
    }
}
