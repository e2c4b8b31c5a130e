//! The Krackhardt managers' team: validate an illustrative delegation
//! policy, answer a few requests with explanations, rank candidates, and
//! audit the decision log.
//!
//! Run with `cargo run -p colead-delegation --example krackhardt`.

use std::path::PathBuf;

use colead_delegation::{Engine, Log, Policy, Request, validate};
use colead_roster::Roster;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let policy = Policy::from_path(dir.join("policy.toml"))?;
    let roster = Roster::from_csv_path(dir.join("members.csv"))?;
    let now = "2024-06-30T00:00:00Z".parse()?;

    println!("== validation as of {now}");
    print!("{}", validate(&policy, Some(&roster), now).to_text());

    let mut engine = Engine::new(policy, Some(&roster), "2024-01-01T00:00:00Z".parse()?)?;
    engine.replay(&Log::from_path(dir.join("decisions.jsonl"))?)?;

    println!("\n== may manager 16 buy equipment for 4500 EUR in dept 4?");
    let ask = Request::new(
        "16".parse()?,
        "spend.equipment".parse()?,
        "dept-4".parse()?,
        "2024-06-20T10:00:00Z".parse()?,
    )
    .with_amount("4500 EUR".parse()?);
    print!("{}", engine.explain(&ask)?);

    println!("\n== and with vice president 2 as co-approver?");
    print!(
        "{}",
        engine.explain(&ask.clone().with_co_approver("2".parse()?))?
    );

    println!("\n== may manager 1 book travel after the freeze?");
    let travel = Request::new(
        "1".parse()?,
        "spend.travel".parse()?,
        "dept-4".parse()?,
        "2024-06-20T10:00:00Z".parse()?,
    )
    .with_amount("300 EUR".parse()?);
    print!("{}", engine.explain(&travel)?);

    println!("\n== who is most qualified to pay invoices?");
    let ranked = engine.candidates(&"pay".parse()?, &"company".parse()?, now, None)?;
    for c in ranked.iter().take(5) {
        println!(
            "{:>3}  meets={} shortfall={} surplus={} holds_authority={}",
            c.member, c.meets_profile, c.shortfall, c.surplus, c.holds_authority
        );
    }

    println!("\n== audit of the decision log");
    print!("{}", engine.audit().to_text());
    Ok(())
}
