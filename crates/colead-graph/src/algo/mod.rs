//! The metrics, one file per algorithm family, all running on a
//! [`Snapshot`](crate::Snapshot) and re-exported flat from the crate root.

pub(crate) mod betweenness;
pub(crate) mod closeness;
pub(crate) mod clustering;
pub(crate) mod components;
pub(crate) mod cores;
pub(crate) mod degree;
pub(crate) mod par;
pub(crate) mod spectral;
