//! `colead roster`.

use crate::{colead, scratch, stderr, stdout, testdata};

#[test]
fn demo_roster_prints_a_table() {
    let o = colead(&["roster"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("id  age  tenure  level  dept\n"), "{out}");
    assert!(out.contains("\n21 members, 4 attribute columns"), "{out}");
}

#[test]
fn json_output_reads_back_as_the_same_roster() {
    let path = testdata("datasets/krackhardt-high-tech-managers/members.csv");
    let o = colead(&["roster", path.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let back = colead::roster::Roster::from_json_str(&stdout(&o), "out.json").unwrap();
    let original = colead::roster::Roster::from_csv_path(&path).unwrap();
    assert_eq!(back, original);
}

#[test]
fn csv_output_is_the_input() {
    let path = testdata("datasets/zachary-karate-club/members.csv");
    let o = colead(&["roster", path.to_str().unwrap(), "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), std::fs::read_to_string(&path).unwrap());
}

#[test]
fn bad_roster_exits_1_with_file_line_column() {
    let dir = scratch("bad_roster");
    let file = dir.join("members.csv");
    std::fs::write(&file, "id,gifts\n1,cooking\n").unwrap();
    let o = colead(&["roster", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!(
            "error: {}:2:2: malformed gifts `cooking`",
            file.display()
        )),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn missing_file_exits_1() {
    let o = colead(&["roster", "/definitely/not/here.csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot read `/definitely/not/here.csv`"));
}
