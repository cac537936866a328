//! `certificate-problem`: (to be written).

use super::super::facts::Facts;
use super::super::hypothesis::Proposal;

pub const ID: &str = "certificate-problem";

pub fn propose(_facts: &Facts) -> Vec<Proposal> {
    Vec::new()
}
