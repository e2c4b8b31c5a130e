//! GraphML, GEXF and DOT.
