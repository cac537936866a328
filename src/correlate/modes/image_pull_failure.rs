//! `image-pull-failure`: (to be written).

use super::super::facts::Facts;
use super::super::hypothesis::Proposal;

pub const ID: &str = "image-pull-failure";

pub fn propose(_facts: &Facts) -> Vec<Proposal> {
    Vec::new()
}
