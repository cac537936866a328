//! `db-long-transaction`: (to be written).

use super::super::facts::Facts;
use super::super::hypothesis::Proposal;

pub const ID: &str = "db-long-transaction";

pub fn propose(_facts: &Facts) -> Vec<Proposal> {
    Vec::new()
}
