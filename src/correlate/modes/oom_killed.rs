//! `oom-killed`: (to be written).

use super::super::facts::Facts;
use super::super::hypothesis::Proposal;

pub const ID: &str = "oom-killed";

pub fn propose(_facts: &Facts) -> Vec<Proposal> {
    Vec::new()
}
