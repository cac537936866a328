//! `traffic-surge`: (to be written).

use super::super::facts::Facts;
use super::super::hypothesis::Proposal;

pub const ID: &str = "traffic-surge";

pub fn propose(_facts: &Facts) -> Vec<Proposal> {
    Vec::new()
}
