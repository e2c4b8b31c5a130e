//! Reading and writing ties: every bad-input case of issue #3 gives an
//! error naming file, line and column; every format round-trips.

use colead_graph::{
    CsvOptions, GraphWarning, LoadGraphError, RelationGraph, RelationKind, TieOrigin, ViewSpec,
    parse_timestamp,
};
use colead_roster::Roster;

fn roster() -> Roster {
    Roster::from_csv_str(
        "id,name,department,age_group,gifts,tenure\nana,Ana Ruiz,Outreach,youth,facilitation:4,1.5\nben,\"Ben \"\"B\"\" O\",Finance,adult,,12\ncai,Cai <&>,Finance,,,\n",
        "members.csv",
    )
    .unwrap()
}

fn load(text: &str) -> Result<(RelationGraph, Vec<GraphWarning>), LoadGraphError> {
    RelationGraph::from_csv_str(roster(), text, "ties.csv", &CsvOptions::default())
}

fn err(text: &str) -> String {
    load(text).unwrap_err().to_string()
}

#[test]
fn dataset_style_files_load_as_they_are() {
    let (g, w) = load("source,target,weight\nana,ben,4\nben,cai,1\n").unwrap();
    assert!(w.is_empty());
    assert_eq!(g.tie_count(), 2);
    let (g, _) = load("source,target\nana,ben\n").unwrap();
    let (_, t) = g.ties().next().unwrap();
    assert_eq!(t.weight().get(), 1.0);
    assert_eq!(t.kind().as_str(), "tie");
}

#[test]
fn all_columns_in_any_order_and_case() {
    let (g, _) = load(
        "Kind,TIME,target,source,valid_until,weight\nadvice,2024-01-01,ben,ana,2024-06-01T00:00:00Z,2.5\n,,cai,ana,,\n",
    )
    .unwrap();
    let ties: Vec<_> = g.ties().map(|(_, t)| t).collect();
    assert_eq!(ties[0].kind(), &RelationKind::Advice);
    assert_eq!(ties[0].weight().get(), 2.5);
    assert_eq!(ties[0].time(), parse_timestamp("2024-01-01"));
    assert_eq!(ties[0].valid_until(), parse_timestamp("2024-06-01"));
    assert_eq!(ties[1].kind().as_str(), "tie");
    assert_eq!(ties[1].time(), None);
}

#[test]
fn unknown_member_id_names_the_cell() {
    assert_eq!(
        err("source,target\nana,ben\nana,zed\n"),
        "ties.csv:3:2: unknown member id `zed`; every tie end must be a member of the roster"
    );
    assert_eq!(
        err("source,target\n,ben\n"),
        "ties.csv:2:1: member id is empty; every tie needs a source and a target"
    );
}

#[test]
fn every_kind_of_bad_weight_is_rejected_with_its_cell() {
    for bad in ["heavy", "NaN", "nan", "-1", "0", "inf", "-inf", "1e400"] {
        let e = err(&format!("source,target,weight\nana,ben,1\nben,cai,{bad}\n"));
        assert_eq!(
            e,
            format!("ties.csv:3:3: weight `{bad}` is not a finite number greater than 0"),
            "{bad}"
        );
    }
}

#[test]
fn bad_timestamp_and_reversed_validity_are_located() {
    assert_eq!(
        err("source,target,time\nana,ben,2024-13-40\n"),
        "ties.csv:2:3: timestamp `2024-13-40` is not a date (`2024-03-01`) or date-time (`2024-03-01T09:30:00Z`)"
    );
    assert_eq!(
        err("source,target,time,valid_until\nana,ben,2024-05-01,2024-01-01\n"),
        "ties.csv:2:4: valid-until `2024-01-01` is not after the tie's time `2024-05-01`"
    );
}

#[test]
fn header_problems_are_located() {
    assert_eq!(
        err("source,target,source\nana,ben,cai\n"),
        "ties.csv:1:3: column `source` appears twice in the header (first in column 1)"
    );
    assert_eq!(
        err("source,target,colour\nana,ben,red\n"),
        "ties.csv:1:3: unknown column `colour`; expected one of `source`, `target`, `weight`, `kind`, `time`, `valid_until`"
    );
    assert!(err("source,weight\nana,1\n").starts_with("ties.csv:1: header has no `target` column"));
    assert_eq!(
        err(""),
        "ties.csv: file is empty; expected a header row `source,target[,weight][,kind][,time]`"
    );
}

#[test]
fn ragged_rows_are_located() {
    assert_eq!(
        err("source,target,weight\nana,ben,1\nben,cai\n"),
        "ties.csv:3:3: row has 2 fields but the header has 3"
    );
    assert_eq!(
        err("source,target\nana,ben,7\n"),
        "ties.csv:2:3: row has 3 fields but the header has 2"
    );
}

#[test]
fn bad_kind_invalid_utf8_and_open_quotes_are_located() {
    assert_eq!(
        err("source,target,kind\nana,ben,\"a\u{7}b\"\n"),
        "ties.csv:2:3: relation kind `a\u{7}b` contains a control character"
    );
    let e = RelationGraph::from_csv_str(
        roster(),
        "source,target\nana,ben\n",
        "t.csv",
        &CsvOptions::default(),
    );
    assert!(e.is_ok());
    let e = RelationGraph::add_csv_slice(
        &mut RelationGraph::new(roster()),
        b"source,target\nana,\xffben\n",
        "t.csv",
        &CsvOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.location().unwrap().to_string(), "t.csv:2:2");
    assert_eq!(
        err("source,target\nana,\"ben\ncai,ana\n"),
        "ties.csv:2:2: quoted cell is never closed; add the closing `\"`"
    );
}

#[test]
fn duplicate_ties_are_merged_by_summing_and_reported() {
    let (g, w) = load("source,target,weight,kind\nana,ben,1,advice\nben,cai,1,advice\nana,ben,2.5,advice\nana,ben,1,trust\n").unwrap();
    assert_eq!(g.tie_count(), 3);
    assert_eq!(w.len(), 1);
    assert_eq!(
        w[0].to_string(),
        "ties.csv:4: tie `ana` -> `ben` (advice) repeats the tie at ties.csv:2; merged by summing weights into 3.5"
    );
    let advice = g.snapshot(&ViewSpec::directed().kinds([RelationKind::Advice]));
    assert_eq!(advice.out_weights(0), Some(&[3.5][..]));
}

#[test]
fn self_ties_are_kept_but_reported_and_excluded_from_snapshots() {
    let (g, w) = load("source,target\nana,ana\nana,ben\ncai,cai\n").unwrap();
    assert_eq!(g.tie_count(), 3);
    assert_eq!(g.self_tie_count(), 2);
    match &w[..] {
        [
            GraphWarning::SelfTies {
                count: 2,
                first: TieOrigin::Location(l),
            },
        ] => {
            assert_eq!(l.to_string(), "ties.csv:2");
        }
        other => panic!("{other:?}"),
    }
    let s = g.snapshot(&ViewSpec::directed());
    assert_eq!((s.edge_count(), s.self_loops()), (1, 2));
}

#[test]
fn a_second_file_adds_to_the_graph_and_duplicates_across_files_merge() {
    let (mut g, _) = load("source,target\nana,ben\n").unwrap();
    let w = g
        .add_csv_slice(
            b"source,target\nana,ben\nben,cai\n",
            "more.csv",
            &CsvOptions::default(),
        )
        .unwrap();
    assert_eq!(g.tie_count(), 2);
    assert!(matches!(
        &w[..],
        [GraphWarning::DuplicateTie {
            first: TieOrigin::Stored(_),
            ..
        }]
    ));
}

fn sample() -> RelationGraph {
    let (g, _) = load(
        "source,target,weight,kind,time,valid_until\nana,ben,2.5,advice,2024-01-01,2024-06-01T12:30:00Z\nben,cai,1,friend,,\ncai,ana,3,co-author,2023-02-03T04:05:06.5Z,\nana,ana,1,trust,,\n",
    )
    .unwrap();
    g
}

fn same(a: &RelationGraph, b: &RelationGraph) {
    assert_eq!(
        a.roster().ids().collect::<Vec<_>>(),
        b.roster().ids().collect::<Vec<_>>()
    );
    let ta: Vec<_> = a.ties().map(|(_, t)| t).collect();
    let tb: Vec<_> = b.ties().map(|(_, t)| t).collect();
    assert_eq!(ta, tb);
}

#[test]
fn csv_round_trip() {
    let g = sample();
    let text = g.to_csv_string().unwrap();
    assert!(text.starts_with("source,target,weight,kind,time,valid_until\nana,ben,2.5,advice,2024-01-01T00:00:00Z,2024-06-01T12:30:00Z\n"), "{text}");
    let (back, w) =
        RelationGraph::from_csv_str(g.roster().clone(), &text, "x.csv", &CsvOptions::default())
            .unwrap();
    assert_eq!(w.len(), 1); // the self-tie, again
    same(&g, &back);
}

#[test]
fn json_round_trip_keeps_roster_and_ties() {
    let g = sample();
    let text = g.to_json_string().unwrap();
    let (back, _) = RelationGraph::from_json_str(&text, "g.json").unwrap();
    same(&g, &back);
    assert_eq!(back.roster(), g.roster());
}

#[test]
fn json_errors_have_line_and_column() {
    let doc = |ties: &str| {
        format!(
            "{{\"format_version\": 1,\n\"roster\": {{\"format_version\": 1, \"members\": [{{\"id\": \"a\"}}, {{\"id\": \"b\"}}]}},\n\"ties\": [\n{ties}\n]}}"
        )
    };
    let e = RelationGraph::from_json_str(
        &doc(r#"{"source": "a", "target": "zz", "kind": "advice"}"#),
        "g.json",
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("g.json:4:"), "{e}");
    assert!(e.to_string().contains("unknown member id `zz`"), "{e}");
    let e = RelationGraph::from_json_str(
        &doc(r#"{"source": "a", "target": "b", "kind": "advice", "weight": -3}"#),
        "g.json",
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("g.json:4:"), "{e}");
    assert!(
        e.to_string()
            .contains("weight `-3` is not a finite number greater than 0"),
        "{e}"
    );
    let e = RelationGraph::from_json_str(
        &doc(r#"{"source": "a", "target": "b", "kind": "advice", "time": "soon"}"#),
        "g.json",
    )
    .unwrap_err();
    assert!(e.to_string().contains("timestamp `soon`"), "{e}");
    let e = RelationGraph::from_json_str(
        "{\"format_version\": 2, \"roster\": {}, \"ties\": []}",
        "g.json",
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "g.json: graph format_version 2 is not supported; expected 1"
    );
}

#[test]
fn regression_json_ties_before_roster_still_locate_unknown_members() {
    let text = "{\"ties\": [\n{\"source\": \"a\", \"target\": \"q\", \"kind\": \"trust\"}],\n\"format_version\": 1, \"roster\": {\"format_version\": 1, \"members\": [{\"id\": \"a\"}]}}";
    let e = RelationGraph::from_json_str(text, "g.json").unwrap_err();
    assert!(e.to_string().starts_with("g.json:2:"), "{e}");
}

#[test]
fn graphml_round_trip_keeps_members_attributes_and_ties() {
    let g = sample();
    let xml = g.to_graphml_string();
    let (back, w) = RelationGraph::from_graphml_str(&xml, "g.graphml").unwrap();
    assert_eq!(w.len(), 1, "{w:?}"); // self-tie
    same(&g, &back);
    let cai = back.roster().get("cai").unwrap();
    assert_eq!(cai.name(), Some("Cai <&>"));
    assert_eq!(
        back.roster().get("ben").unwrap().name(),
        Some("Ben \"B\" O")
    );
    assert_eq!(
        back.roster().get("ana").unwrap().gifts().to_string(),
        "facilitation:4"
    );
    assert_eq!(
        back.roster().get("ana").unwrap().attribute("tenure"),
        Some("1.5")
    );
}

#[test]
fn graphml_from_other_tools_reads_with_warnings() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="node" attr.name="department" attr.type="string"><default>Ops</default></key>
  <key id="d1" for="edge" attr.name="weight" attr.type="double"/>
  <key id="d2" for="edge" attr.name="colour" attr.type="string"/>
  <key id="g" for="graph" attr.name="title" attr.type="string"/>
  <graph id="G" edgedefault="undirected">
    <data key="g">Team &amp; friends</data>
    <node id="n0"><data key="d0">R&amp;D</data></node>
    <node id="n1"/>
    <edge source="n0" target="n1"><data key="d1">2</data><data key="d2">red</data></edge>
  </graph>
</graphml>"#;
    let (g, w) = RelationGraph::from_graphml_str(xml, "t.graphml").unwrap();
    assert_eq!(g.roster().get("n0").unwrap().department(), Some("R&D"));
    assert_eq!(g.roster().get("n1").unwrap().department(), Some("Ops"));
    assert_eq!(g.ties().next().unwrap().1.weight().get(), 2.0);
    let text: Vec<String> = w.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 2, "{text:?}");
    assert!(
        text.iter()
            .any(|t| t.contains("edge data `colour` ignored")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("t.graphml:8:5: graph-level data `g` ignored")),
        "{text:?}"
    );
}

#[test]
fn graphml_errors_have_line_and_column() {
    let head = "<graphml><key id=\"w\" for=\"edge\" attr.name=\"weight\"/><graph edgedefault=\"directed\">\n";
    let e = RelationGraph::from_graphml_str(
        &format!("{head}<node id=\"a\"/>\n  <edge source=\"a\" target=\"b\"/></graph></graphml>"),
        "t.graphml",
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "t.graphml:3:3: unknown member id `b`; every tie end must be a member of the roster"
    );
    let e = RelationGraph::from_graphml_str(&format!("{head}<node id=\"a\"/><node id=\"b\"/>\n<edge source=\"a\" target=\"b\"><data key=\"w\">-1</data></edge></graph></graphml>"), "t.graphml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "t.graphml:3:29: weight `-1` is not a finite number greater than 0"
    );
    let e = RelationGraph::from_graphml_str(
        &format!("{head}<node id=\"a\"/>\n<node id=\"a\"/></graph></graphml>"),
        "t.graphml",
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "t.graphml:3:1: node id `a` is already used at line 2"
    );
    let e = RelationGraph::from_graphml_str(
        "<graphml><graph>\n<node id=\"a\"></graph></graphml>",
        "t.graphml",
    )
    .unwrap_err();
    assert!(matches!(e, LoadGraphError::Xml { .. }), "{e}");
    assert!(e.to_string().starts_with("t.graphml:2:"), "{e}");
    let e = RelationGraph::from_graphml_str(
        &format!("{head}<node id=\"a\"><data key=\"nope\">1</data></node></graph></graphml>"),
        "t.graphml",
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("key `nope`, which no `<key>` declares"),
        "{e}"
    );
}

#[test]
fn gexf_and_dot_name_every_member_and_tie() {
    let g = sample();
    let gexf = g.to_gexf_string();
    assert!(gexf.contains("mode=\"dynamic\" timeformat=\"datetime\""));
    assert!(
        gexf.contains("<node id=\"cai\" label=\"Cai &lt;&amp;&gt;\">"),
        "{gexf}"
    );
    assert!(gexf.contains("source=\"ana\" target=\"ben\" weight=\"2.5\" kind=\"advice\" label=\"advice\" start=\"2024-01-01T00:00:00Z\" end=\"2024-06-01T12:30:00Z\"/>"), "{gexf}");
    // Well-formed XML: every start has its end.
    let mut reader = quick_xml::Reader::from_str(&gexf);
    let mut depth = 0i32;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(_) => depth += 1,
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
    let dot = g.to_dot_string();
    assert!(
        dot.starts_with("digraph colead {\n  \"ana\" [label=\"Ana Ruiz\"];\n"),
        "{dot}"
    );
    assert!(
        dot.contains("\"ben\" [label=\"Ben \\\"B\\\" O\"];"),
        "{dot}"
    );
    assert!(
        dot.contains(
            "\"cai\" -> \"ana\" [kind=\"co-author\", weight=3, time=\"2023-02-03T04:05:06.500Z\"];"
        ),
        "{dot}"
    );
    assert_eq!(dot.matches(" -> ").count(), 4);
}
