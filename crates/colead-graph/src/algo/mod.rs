//! The metrics, one file per algorithm family, all running on a
//! [`Snapshot`](crate::Snapshot) and re-exported flat from the crate root.

pub(crate) mod approx_betweenness;
pub(crate) mod betweenness;
pub(crate) mod brokerage;
pub(crate) mod centralization;
pub(crate) mod closeness;
pub(crate) mod clustering;
pub(crate) mod components;
pub(crate) mod cores;
pub(crate) mod degree;
pub(crate) mod flags;
pub(crate) mod frontier;
pub(crate) mod leadership;
pub(crate) mod leiden;
pub(crate) mod louvain;
pub(crate) mod mixing;
pub(crate) mod modularity;
pub(crate) mod mutual;
pub(crate) mod par;
pub(crate) mod spectral;
pub(crate) mod splits;
pub(crate) mod structural_holes;
