//! One commented charter per alliance model, for `concord init <model>`.

use crate::alliance::AllianceModel;

/// The commented TOML template for a model.
pub fn template(model: AllianceModel) -> &'static str {
    match model {
        AllianceModel::LiquidityPool => include_str!("templates/liquidity-pool.toml"),
        AllianceModel::GovernanceSyndicate => include_str!("templates/governance-syndicate.toml"),
        AllianceModel::RevenueSharing => include_str!("templates/revenue-sharing.toml"),
        AllianceModel::Mission => include_str!("templates/mission.toml"),
    }
}
