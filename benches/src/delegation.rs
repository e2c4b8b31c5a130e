//! The delegation workload shared by `benches/delegation.rs` and the Cedar
//! peer benchmark (`benches/peers/cedar`), after the Cedar baseline in the
//! design note: 73 areas in three levels (1 root, 8 divisions, 8
//! departments each), and one grant per (member, area, cap) triple: member
//! `u<i>` may approve up to `limit(i)` EUR in area `a<i mod 73>`.

use std::fmt::Write;

/// Number of areas: 1 root + 8 divisions + 64 departments.
pub const AREAS: usize = 73;

/// The parent of area `j` (`None` for the root `a0`): divisions `a1`–`a8`
/// sit under the root, departments `a9`–`a72` under their division.
pub fn area_parent(j: usize) -> Option<usize> {
    match j {
        0 => None,
        1..=8 => Some(0),
        _ => Some(1 + (j - 9) / 8),
    }
}

/// The cap of grant `i`, in whole euros (1,000 to 50,000).
pub fn limit(i: usize) -> u64 {
    1_000 + (i as u64 * 7_919) % 49_001
}

/// The area of grant `i`.
pub fn area_of(i: usize) -> usize {
    i % AREAS
}

/// A department inside area `j` (itself when it is a department).
pub fn department_inside(j: usize) -> usize {
    match j {
        0 => 9,
        1..=8 => 9 + (j - 1) * 8,
        _ => j,
    }
}

/// A department outside area `j` (in another division).
pub fn department_outside(j: usize) -> usize {
    let division = match j {
        0 => return 9, // the root covers everything; no outside exists
        1..=8 => j,
        _ => 1 + (j - 9) / 8,
    };
    let other = if division == 8 { 1 } else { division + 1 };
    9 + (other - 1) * 8
}

/// The roster CSV: the board member `board`, members `u0`…`u<n-1>`, and
/// `nogrant` (a member without grants).
pub fn roster_csv(n: usize) -> String {
    let mut s = String::with_capacity(n * 8 + 32);
    s.push_str("id\nboard\nnogrant\n");
    for i in 0..n {
        let _ = writeln!(s, "u{i}");
    }
    s
}

/// The policy as TOML: a collective of one (`board`), the area tree, the
/// monetary kind `approve`, and `n` grants from the charter.
pub fn policy_toml(n: usize) -> String {
    let mut s = String::with_capacity(n * 110 + 4096);
    s.push_str("format_version = 1\n[charter]\ncollective = [\"board\"]\n\n[[kind]]\nid = \"approve\"\ncurrency = \"EUR\"\n\n");
    for j in 0..AREAS {
        let _ = write!(s, "[[area]]\nid = \"a{j}\"\n");
        if let Some(p) = area_parent(j) {
            let _ = writeln!(s, "parent = \"a{p}\"");
        }
        s.push('\n');
    }
    for i in 0..n {
        let _ = write!(
            s,
            "[[grant]]\nid = \"g{i}\"\ndelegate = \"u{i}\"\nkinds = [\"approve\"]\nareas = [\"a{}\"]\ncap = \"{} EUR\"\n\n",
            area_of(i),
            limit(i)
        );
    }
    s
}

/// The four requests of the Cedar baseline, for a member in the middle of
/// the range: (name, member, area, amount in euros).
pub fn requests(n: usize) -> Vec<(&'static str, String, String, u64)> {
    let i = n / 2;
    let j = area_of(i);
    vec![
        (
            "allow",
            format!("u{i}"),
            format!("a{}", department_inside(j)),
            limit(i),
        ),
        (
            "deny_over_limit",
            format!("u{i}"),
            format!("a{}", department_inside(j)),
            limit(i) + 1,
        ),
        (
            "deny_outside_area",
            format!("u{i}"),
            format!("a{}", department_outside(j)),
            limit(i),
        ),
        (
            "deny_no_grant",
            "nogrant".to_owned(),
            format!("a{}", department_inside(j)),
            limit(i),
        ),
    ]
}

/// The same grants as Cedar policies: one static permit per grant (Cedar
/// templates cannot carry the limit), plus the schema and the entities.
pub fn cedar_policies(n: usize) -> String {
    let mut s = String::with_capacity(n * 130);
    for i in 0..n {
        let _ = writeln!(
            s,
            "permit(principal == User::\"u{i}\", action == Action::\"approve\", resource in Area::\"a{}\") when {{ context.amount <= {} }};",
            area_of(i),
            limit(i)
        );
    }
    s
}

/// The Cedar schema of the workload.
pub const CEDAR_SCHEMA: &str = "entity User;\nentity Area in [Area];\naction approve appliesTo { principal: [User], resource: [Area], context: { amount: Long } };\n";

/// The Cedar entities JSON: the area tree and the users.
pub fn cedar_entities(n: usize) -> String {
    let mut items = Vec::with_capacity(n + AREAS + 1);
    for j in 0..AREAS {
        let parents = match area_parent(j) {
            Some(p) => format!("[{{\"type\":\"Area\",\"id\":\"a{p}\"}}]"),
            None => "[]".to_owned(),
        };
        items.push(format!(
            "{{\"uid\":{{\"type\":\"Area\",\"id\":\"a{j}\"}},\"attrs\":{{}},\"parents\":{parents}}}"
        ));
    }
    for i in 0..n {
        items.push(format!(
            "{{\"uid\":{{\"type\":\"User\",\"id\":\"u{i}\"}},\"attrs\":{{}},\"parents\":[]}}"
        ));
    }
    items.push(
        "{\"uid\":{\"type\":\"User\",\"id\":\"nogrant\"},\"attrs\":{},\"parents\":[]}".to_owned(),
    );
    format!("[{}]", items.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_helpers_are_consistent() {
        for j in 0..AREAS {
            let d = department_inside(j);
            let mut x = Some(d);
            let mut inside = false;
            while let Some(a) = x {
                inside |= a == j;
                x = area_parent(a);
            }
            assert!(inside, "{d} not inside {j}");
        }
        assert_eq!(area_parent(72), Some(8));
        assert_eq!(department_outside(9), 17);
    }
}
