//! Plain integer edge lists (`u v` or `u,v` per line) straight into a CSR
//! [`Snapshot`]: the fast path for large generated or exported graphs.

use colead_roster::Location;
use rayon::prelude::*;

use crate::Snapshot;

/// Why an edge list could not be read by [`Snapshot::from_edge_list`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EdgeListError {
    /// A line is not two node numbers.
    #[error("{location}: found `{found}`; expected {expected}")]
    Parse {
        /// Line and column (1-based, in bytes) of the problem.
        location: Location,
        /// The offending text (at most 40 bytes of the line).
        found: String,
        /// What was expected there.
        expected: &'static str,
    },
    /// A node number does not fit in 32 bits (at most 4294967294).
    #[error("{location}: node number `{found}` is larger than 4294967294")]
    NodeTooLarge {
        /// Where the number is.
        location: Location,
        /// The number as written.
        found: String,
    },
    /// A node number is so large for the number of edges that the graph
    /// would be mostly isolated nodes (nodes are `0..=largest number`):
    /// see [`edge_list_node_limit`]. Renumber the nodes densely, or read
    /// the ties as CSV against a roster.
    #[error(
        "{location}: node number `{found}` would make a graph of more than {limit} nodes for {edges} edges; \
         expected node numbers below {limit} (nodes are numbered densely from 0)"
    )]
    TooManyNodes {
        /// Where the first such number is.
        location: Location,
        /// The number as written.
        found: String,
        /// Edges read.
        edges: usize,
        /// The limit on the node count for that many edges.
        limit: usize,
    },
}

/// The most nodes an edge list of `edges` edges may make: nodes are
/// `0..=largest number`, so one large number makes every smaller one a
/// node. The limit is 2²⁰ (1,048,576) or 8 nodes per edge, whichever is
/// larger, so that a few bytes cannot make a graph of billions of
/// isolated nodes (32 bytes per node in the snapshot and more in most
/// metrics), while any densely numbered graph fits.
pub fn edge_list_node_limit(edges: usize) -> usize {
    (1usize << 20).max(edges.saturating_mul(8))
}

/// What went wrong, at a byte offset of the whole input.
#[derive(Debug, Clone, Copy)]
enum Fault {
    Parse(usize, &'static str),
    TooLarge(usize),
    /// A node number at or past the node limit (edges read, limit).
    TooMany(usize, usize, usize),
}

const FIRST: &str = "a node number (digits 0-9)";
const SECOND: &str = "a second node number after `,`, space or tab";
const END: &str = "the end of the line, or `,`, space or tab before further fields";

#[inline]
fn is_sep(b: u8) -> bool {
    b == b',' || b == b' ' || b == b'\t'
}

/// Parses one number at `line[i..]`; returns it and the index after it.
#[inline]
fn number(
    line: &[u8],
    mut i: usize,
    base: usize,
    what: &'static str,
) -> Result<(u32, usize), Fault> {
    let start = i;
    let mut v: u64 = 0;
    while let Some(&b) = line.get(i) {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        v = v * 10 + u64::from(d);
        if v >= u64::from(u32::MAX) {
            return Err(Fault::TooLarge(base + start));
        }
        i += 1;
    }
    if i == start {
        return Err(Fault::Parse(base + start, what));
    }
    Ok((v as u32, i))
}

/// Parses the lines of `chunk` (which starts at byte `base` of the input
/// and holds whole lines), calling `edge(u, v, offset of u, offset of v)`
/// for each edge; stops early when `edge` returns `false`.
fn scan_lines(
    chunk: &[u8],
    base: usize,
    mut edge: impl FnMut(u32, u32, usize, usize) -> bool,
) -> Result<(), Fault> {
    let mut pos = 0;
    while pos < chunk.len() {
        let end =
            memchr::memchr(b'\n', chunk.get(pos..).unwrap_or(&[])).map_or(chunk.len(), |k| pos + k);
        let mut line = chunk.get(pos..end).unwrap_or(&[]);
        if let Some((&b'\r', rest)) = line.split_last() {
            line = rest;
        }
        let at = base + pos;
        pos = end + 1;
        let mut i = 0;
        while line.get(i).is_some_and(|&b| b == b' ' || b == b'\t') {
            i += 1;
        }
        match line.get(i) {
            None | Some(b'#') | Some(b'%') => continue,
            _ => {}
        }
        let u_at = i;
        let (u, mut i) = number(line, i, at, FIRST)?;
        let seps = i;
        while line.get(i).copied().is_some_and(is_sep) {
            i += 1;
        }
        if i == seps {
            return Err(Fault::Parse(at + i, SECOND));
        }
        let v_at = i;
        let (v, i) = number(line, i, at, SECOND)?;
        match line.get(i) {
            None => {}
            Some(&b) if is_sep(b) => {}
            Some(_) => return Err(Fault::Parse(at + i, END)),
        }
        if !edge(u, v, at + u_at, at + v_at) {
            break;
        }
    }
    Ok(())
}

/// Parses the lines of `chunk` (which starts at byte `base` of the input
/// and holds whole lines) into `out`.
fn parse_chunk(chunk: &[u8], base: usize, out: &mut Vec<(u32, u32)>) -> Result<(), Fault> {
    scan_lines(chunk, base, |u, v, _, _| {
        out.push((u, v));
        true
    })
}

/// The offset of the first node number in `body` (at byte `base` of the
/// input) that is `limit` or more.
fn first_at_least(body: &[u8], base: usize, limit: usize) -> usize {
    let mut found = base;
    let _ = scan_lines(body, base, |u, v, u_at, v_at| {
        if u as usize >= limit {
            found = u_at;
            false
        } else if v as usize >= limit {
            found = v_at;
            false
        } else {
            true
        }
    });
    found
}

/// Turns a byte offset into an error with line and column.
fn locate(bytes: &[u8], file: &str, fault: Fault) -> EdgeListError {
    let (offset, parse) = match fault {
        Fault::Parse(o, e) => (o, Some(e)),
        Fault::TooLarge(o) | Fault::TooMany(o, ..) => (o, None),
    };
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = memchr::memchr_iter(b'\n', before).count() as u64 + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |k| k + 1);
    let column = (offset - line_start) as u64 + 1;
    let rest = bytes.get(offset..).unwrap_or(&[]);
    let stop = rest
        .iter()
        .position(|&b| b == b'\n' || b == b'\r' || (parse.is_none() && !b.is_ascii_digit()))
        .unwrap_or(rest.len())
        .min(40);
    let found = String::from_utf8_lossy(rest.get(..stop).unwrap_or(&[])).into_owned();
    let location = Location::new(file, line).with_column(column);
    match (parse, fault) {
        (Some(expected), _) => EdgeListError::Parse {
            location,
            found,
            expected,
        },
        (None, Fault::TooMany(_, edges, limit)) => EdgeListError::TooManyNodes {
            location,
            found,
            edges,
            limit,
        },
        (None, _) => EdgeListError::NodeTooLarge { location, found },
    }
}

/// Splits `bytes` into about `pieces` ranges that end at line breaks.
fn line_chunks(bytes: &[u8], pieces: usize) -> Vec<(usize, usize)> {
    let step = bytes.len().div_ceil(pieces.max(1)).max(1 << 16);
    let mut out = Vec::new();
    let mut lo = 0;
    while lo < bytes.len() {
        let guess = (lo + step).min(bytes.len());
        let hi = memchr::memchr(b'\n', bytes.get(guess..).unwrap_or(&[]))
            .map_or(bytes.len(), |k| guess + k + 1);
        out.push((lo, hi));
        lo = hi;
    }
    out
}

impl Snapshot {
    /// Builds an unweighted snapshot from a plain edge list: one edge per
    /// line, two node numbers separated by `,`, spaces or tabs (further
    /// fields, such as a weight, are ignored). Blank lines and lines
    /// starting with `#` or `%` are skipped; so is a first line that does
    /// not start with a digit (a header such as `source,target`). Nodes
    /// are `0..=max`, the largest number read.
    ///
    /// This is the fast path for large files: the text is cut at line
    /// breaks into pieces parsed in parallel (no allocation per edge),
    /// and the pieces go straight into the CSR arrays. As for every
    /// snapshot, self-loops are dropped and counted; a repeated edge is
    /// kept once (as NetworkX's `read_edgelist` into a `Graph`), with
    /// weight 1.
    ///
    /// # Errors
    ///
    /// [`EdgeListError`] naming `file`, the line and the column of the
    /// first line that is not two node numbers, of a number past
    /// 4294967294, or of the first number that would make more nodes than
    /// [`edge_list_node_limit`] allows for the edges read.
    ///
    /// # Complexity
    ///
    /// O(bytes + n + m log d) time, where d is the largest degree; 8
    /// bytes per edge read plus the snapshot's own arrays.
    ///
    /// # Example
    ///
    /// ```
    /// use colead_graph::Snapshot;
    ///
    /// let g = Snapshot::from_edge_list(b"source,target\n0,1\n1 2\n2\t0\n1,0\n", "ties.txt", false)?;
    /// assert_eq!((g.node_count(), g.edge_count()), (3, 3));
    /// assert_eq!(g.out_neighbors(1), &[0, 2]);
    /// let err = Snapshot::from_edge_list(b"0,1\n1,x\n", "ties.txt", false).unwrap_err();
    /// assert!(err.to_string().starts_with("ties.txt:2:3:"));
    /// # Ok::<(), colead_graph::EdgeListError>(())
    /// ```
    pub fn from_edge_list(
        bytes: &[u8],
        file: &str,
        directed: bool,
    ) -> Result<Snapshot, EdgeListError> {
        // A header: a first line that does not start with a digit or a comment.
        let mut start = 0;
        let first = bytes.iter().position(|&b| b != b' ' && b != b'\t');
        if let Some(k) = first
            && bytes
                .get(k)
                .is_some_and(|b| !b.is_ascii_digit() && !matches!(b, b'#' | b'%' | b'\n' | b'\r'))
        {
            start = memchr::memchr(b'\n', bytes).map_or(bytes.len(), |k| k + 1);
        }
        let body = bytes.get(start..).unwrap_or(&[]);
        let pieces = line_chunks(body, rayon::current_num_threads() * 4);
        let parsed: Vec<Result<Vec<(u32, u32)>, Fault>> = pieces
            .par_iter()
            .map(|&(lo, hi)| {
                let mut out = Vec::with_capacity((hi - lo) / 8);
                parse_chunk(body.get(lo..hi).unwrap_or(&[]), start + lo, &mut out).map(|()| out)
            })
            .collect();
        let mut edges: Vec<Vec<(u32, u32)>> = Vec::with_capacity(parsed.len());
        for p in parsed {
            edges.push(p.map_err(|f| locate(bytes, file, f))?);
        }
        let count = edges.iter().map(Vec::len).sum();
        let limit = edge_list_node_limit(count);
        let nodes = edges
            .par_iter()
            .flatten()
            .map(|&(u, v)| u.max(v) as usize + 1)
            .max()
            .unwrap_or(0);
        if nodes > limit {
            let at = first_at_least(body, start, limit);
            return Err(locate(bytes, file, Fault::TooMany(at, count, limit)));
        }
        Ok(Snapshot::from_edge_pieces(nodes, &edges, directed))
    }

    /// The CSR of `n` nodes and the unweighted edges given in pieces (in
    /// order); every node number is below `n`.
    fn from_edge_pieces(n: usize, pieces: &[Vec<(u32, u32)>], directed: bool) -> Snapshot {
        let mut deg = vec![0usize; n + 1];
        let mut self_loops = 0;
        for &(u, v) in pieces.iter().flatten() {
            if u == v {
                self_loops += 1;
                continue;
            }
            if let Some(d) = deg.get_mut(u as usize + 1) {
                *d += 1;
            }
            if !directed && let Some(d) = deg.get_mut(v as usize + 1) {
                *d += 1;
            }
        }
        for i in 0..n {
            let prev = deg.get(i).copied().unwrap_or(0);
            if let Some(d) = deg.get_mut(i + 1) {
                *d += prev;
            }
        }
        let total = deg.get(n).copied().unwrap_or(0);
        let mut targets = vec![0u32; total];
        let mut cursor = deg.clone();
        let mut put = |a: u32, b: u32| {
            if let Some(c) = cursor.get_mut(a as usize) {
                if let Some(t) = targets.get_mut(*c) {
                    *t = b;
                }
                *c += 1;
            }
        };
        for &(u, v) in pieces.iter().flatten() {
            if u != v {
                put(u, v);
                if !directed {
                    put(v, u);
                }
            }
        }
        // Sort each row and drop repeats, compacting in place.
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0usize);
        let mut write = 0;
        for v in 0..n {
            let lo = deg.get(v).copied().unwrap_or(0);
            let hi = deg.get(v + 1).copied().unwrap_or(lo);
            if let Some(row) = targets.get_mut(lo..hi) {
                row.sort_unstable();
            }
            let mut last = None;
            for k in lo..hi {
                let t = targets.get(k).copied().unwrap_or(0);
                if last != Some(t) {
                    if let Some(slot) = targets.get_mut(write) {
                        *slot = t;
                    }
                    write += 1;
                    last = Some(t);
                }
            }
            offsets.push(write);
        }
        targets.truncate(write);
        let mut s = Snapshot::from_csr(n, directed, offsets, targets);
        s.self_loops = self_loops;
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WeightMerge;

    #[test]
    fn same_snapshot_as_from_arcs() {
        let text = "# comment\n0 1\n1,2\r\n2\t0 7.5\n\n0,1\n3,3\n4 2\n";
        for directed in [false, true] {
            let a = Snapshot::from_edge_list(text.as_bytes(), "e", directed).unwrap();
            let arcs = [(0, 1), (1, 2), (2, 0), (3, 3), (4, 2)].map(|(u, v)| (u, v, 1.0));
            let b = Snapshot::from_arcs(5, directed, WeightMerge::Max, arcs).unwrap();
            assert_eq!(a, b);
            assert_eq!(a.self_loops(), 1);
        }
    }

    #[test]
    fn large_input_is_split_and_kept_in_order() {
        let mut text = String::new();
        for i in 0..60_000u32 {
            text.push_str(&format!("{},{}\n", i, (i * 7 + 1) % 60_000));
        }
        let a = Snapshot::from_edge_list(text.as_bytes(), "e", true).unwrap();
        assert_eq!(a.edge_count(), 60_000);
        assert_eq!(a.out_neighbors(5), &[36]);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = Snapshot::from_edge_list(b"0,1\n2;3\n", "f.txt", false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.txt:2:2: found `;3`; expected a second node number after `,`, space or tab"
        );
        let e = Snapshot::from_edge_list(b"0 99999999999\n", "f.txt", false).unwrap_err();
        assert!(matches!(e, EdgeListError::NodeTooLarge { .. }), "{e}");
        let e = Snapshot::from_edge_list(b"0 1x\n", "f.txt", false).unwrap_err();
        assert!(e.to_string().starts_with("f.txt:1:4:"), "{e}");
    }

    #[test]
    fn a_few_bytes_cannot_make_millions_of_isolated_nodes() {
        // 2 edges, the second naming node 6,666,666: over the 2^20 floor.
        let e = Snapshot::from_edge_list(b"5 5\n0 1\n66660 6666666\n", "f.txt", true).unwrap_err();
        match &e {
            EdgeListError::TooManyNodes {
                found,
                edges,
                limit,
                ..
            } => {
                assert_eq!((found.as_str(), *edges, *limit), ("6666666", 3, 1 << 20));
            }
            other => panic!("{other:?}"),
        }
        assert!(e.to_string().starts_with("f.txt:3:7:"), "{e}");
        // The largest number allowed is limit - 1.
        let ok = format!("0 {}\n", (1 << 20) - 1);
        let g = Snapshot::from_edge_list(ok.as_bytes(), "f.txt", false).unwrap();
        assert_eq!(g.node_count(), 1 << 20);
        let over = format!("0 {}\n", 1 << 20);
        assert!(matches!(
            Snapshot::from_edge_list(over.as_bytes(), "f.txt", false),
            Err(EdgeListError::TooManyNodes { .. })
        ));
        // The limit grows with the edges: 8 nodes per edge.
        assert_eq!(edge_list_node_limit(1 << 20), 8 << 20);
        assert_eq!(edge_list_node_limit(10), 1 << 20);
    }
}
