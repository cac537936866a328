//! `downstream-rate-limited`: (to be written).

use super::super::facts::Facts;
use super::super::hypothesis::Proposal;

pub const ID: &str = "downstream-rate-limited";

pub fn propose(_facts: &Facts) -> Vec<Proposal> {
    Vec::new()
}
