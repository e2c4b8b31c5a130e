//! Reading and writing graphs: CSV edge lists, JSON, GraphML, GEXF, DOT.

pub(crate) mod csv;
pub(crate) mod edge_list;
pub(crate) mod json;
pub(crate) mod xml;

use std::io::Read;
use std::path::Path;

use crate::error::LoadGraphError;

/// Reads at most `limit` bytes; more is an error rather than an
/// out-of-memory.
pub(crate) fn read_limited<R: Read>(
    reader: R,
    file: &str,
    limit: u64,
) -> Result<Vec<u8>, LoadGraphError> {
    colead_roster::input::read_to_limit(reader, limit)
        .map_err(|source| LoadGraphError::Io {
            path: file.into(),
            source,
        })?
        .ok_or_else(|| LoadGraphError::TooLarge {
            file: file.to_owned(),
            limit,
        })
}

pub(crate) fn read_path(path: &Path, limit: u64) -> Result<Vec<u8>, LoadGraphError> {
    let f = std::fs::File::open(path).map_err(|source| LoadGraphError::Io {
        path: path.to_owned(),
        source,
    })?;
    read_limited(f, &path.display().to_string(), limit)
}

/// RFC 3339 text of a timestamp, as every writer prints it.
pub(crate) fn time_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}
