//! `resource-saturation`: (to be written).

use super::super::facts::Facts;
use super::super::hypothesis::Proposal;

pub const ID: &str = "resource-saturation";

pub fn propose(_facts: &Facts) -> Vec<Proposal> {
    Vec::new()
}
