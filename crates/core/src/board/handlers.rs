//! Board handlers.

use super::msg::{PostProfile, ProfileChanged, RemoveProfile};
use super::state::{Board, Profile};
use crate::command::Event;
use crate::error::{EngineError, EngineResult};
use crate::problem::Problem;
use crate::types::Address;

const MAX_ITEMS: usize = 32;
const MAX_LEN: usize = 64;

fn invalid(field: &str, rule: impl Into<String>) -> EngineError {
    EngineError::InvalidProfile { problems: vec![Problem::new(field.to_owned(), rule.into())] }
}

fn words(field: &str, items: &[String], min: usize) -> EngineResult<()> {
    if items.len() < min || items.len() > MAX_ITEMS {
        return Err(invalid(field, format!("must list {min} to {MAX_ITEMS} items, got {}", items.len())));
    }
    for item in items {
        if item.trim().is_empty() || item.len() > MAX_LEN || item.chars().any(char::is_control) {
            return Err(invalid(
                field,
                format!("each item is 1 to {MAX_LEN} bytes of text without control characters"),
            ));
        }
    }
    Ok(())
}

/// `post-profile`.
pub(crate) fn post(board: &mut Board, actor: Address, cmd: &PostProfile) -> EngineResult<Vec<Event>> {
    words("body.skills", &cmd.skills, 1)?;
    words("body.intents", &cmd.intents, 0)?;
    if cmd.start_hour > 23 {
        return Err(invalid("body.start_hour", format!("must be 0 to 23, got {}", cmd.start_hour)));
    }
    if cmd.end_hour == 0 || cmd.end_hour > 24 || cmd.end_hour == cmd.start_hour {
        return Err(invalid(
            "body.end_hour",
            format!("must be 1 to 24 and differ from start_hour, got {}", cmd.end_hour),
        ));
    }
    let profile = Profile {
        skills: cmd.skills.clone(),
        intents: cmd.intents.clone(),
        timezone: cmd.timezone,
        start_hour: cmd.start_hour,
        end_hour: cmd.end_hour,
    };
    let replaced = board.profiles.insert(actor, profile).is_some();
    let change = if replaced { "replaced" } else { "posted" };
    Ok(vec![Event::ProfileChanged(ProfileChanged { account: actor, change: change.into() })])
}

/// `remove-profile`.
pub(crate) fn remove(board: &mut Board, actor: Address, _: &RemoveProfile) -> EngineResult<Vec<Event>> {
    if board.profiles.remove(&actor).is_none() {
        return Err(invalid("actor", format!("{actor} has no profile on the board")));
    }
    Ok(vec![Event::ProfileChanged(ProfileChanged { account: actor, change: "removed".into() })])
}
