//! The forming board: contributors post skills, the intents they care about,
//! their timezone and working hours; leaders search them and invite
//! (`invite-member`); the team-overlap read reports the UTC hours when all of
//! a team are working (docs/missions.md).

mod handlers;
mod msg;
mod state;

pub(crate) use handlers::{post, remove};
pub use msg::*;
pub use state::*;
