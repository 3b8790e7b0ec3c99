//! The forming board: profiles, search, and a team's overlap of working hours
//! (worked by hand), with invitations deciding who counts.

use concord_core::Engine;
use concord_core::alliance::UtcOffset;
use concord_core::board::{PostProfile, RemoveProfile};
use concord_core::command::CommandBody;
use concord_core::error::EngineError;
use concord_core::kernel::{InvitationRef, InviteMember};
use concord_core::problem::Problem;
use concord_core::query::{BoardFilter, board_search, team_overlap};
use concord_core::testing::{Scenario, cmd, sample_charter};

use crate::common::{admin, dev};

fn profile(skills: &[&str], tz: &str, start: u8, end: u8) -> CommandBody {
    CommandBody::PostProfile(PostProfile {
        skills: skills.iter().map(|s| (*s).to_owned()).collect(),
        intents: vec!["grow-developers".into()],
        timezone: tz.parse::<UtcOffset>().unwrap(),
        start_hour: start,
        end_hour: end,
    })
}

#[test]
fn leaders_find_contributors_and_see_the_team_s_daily_overlap() {
    let mut e = Engine::genesis(&sample_charter());
    let alliance = sample_charter().alliance.id;
    // The leader (UTC+1, 9–17 → 08:00–16:00 UTC) and two candidates.
    e.apply(&cmd(admin(), 10, profile(&["tokenomics"], "UTC+1", 9, 17))).unwrap();
    e.apply(&cmd(dev(7), 11, profile(&["Rust", "design"], "UTC-05:00", 9, 17))).unwrap();
    e.apply(&cmd(dev(8), 12, profile(&["rust"], "UTC+8", 9, 17))).unwrap();
    let rust = board_search(
        e.state(),
        &BoardFilter { skill: Some("rust".into()), ..BoardFilter::default() },
        None,
        None,
    )
    .unwrap();
    let found: Vec<_> = rust.profiles.iter().map(|p| p.account).collect();
    let mut expected = vec![dev(7), dev(8)];
    expected.sort();
    assert_eq!(found, expected);
    let west = BoardFilter { skill: Some("rust".into()), tz_max: Some(0), ..BoardFilter::default() };
    assert_eq!(board_search(e.state(), &west, None, None).unwrap().profiles[0].account, dev(7));

    // Only accepted members count: dev 7 is invited, then accepts.
    let mut member = sample_charter().alliance.members[0].clone();
    member.account = dev(7);
    member.kind = concord_core::alliance::MemberKind::Individual;
    member.community = None;
    member.roles = vec!["developer".into()];
    e.apply(&cmd(
        admin(),
        20,
        CommandBody::InviteMember(Box::new(InviteMember { alliance: alliance.clone(), member })),
    ))
    .unwrap();
    let before = team_overlap(e.state(), &alliance, None).unwrap();
    assert!(!before.counted.contains(&dev(7)), "an invitation does not count before it is accepted");
    e.apply(&cmd(dev(7), 21, CommandBody::AcceptInvitation(InvitationRef { alliance: alliance.clone() })))
        .unwrap();
    let view = team_overlap(e.state(), &alliance, Some(3)).unwrap();
    // The leader 08:00–16:00 UTC and dev 7 14:00–22:00 UTC overlap 14:00–16:00: 2 h < 3 h.
    assert_eq!(view.counted, vec![admin(), dev(7)]);
    assert_eq!((view.ranges.clone(), view.minutes), (vec![(840, 960)], 120));
    assert!(view.below_minimum);
    assert!(!view.without_profile.is_empty(), "the community members have no profile");
}

#[test]
fn bad_profiles_name_the_field() {
    let s = || Scenario::from_engine(Engine::genesis(&sample_charter()));
    let bad = |field: &str, rule: &str| EngineError::InvalidProfile {
        problems: vec![Problem::new(field.to_owned(), rule.to_owned())],
    };
    s().when(&cmd(dev(7), 10, profile(&[], "UTC", 9, 17)))
        .then_error(&bad("body.skills", "must list 1 to 32 items, got 0"));
    s().when(&cmd(dev(7), 10, profile(&["rust"], "UTC", 24, 17)))
        .then_error(&bad("body.start_hour", "must be 0 to 23, got 24"));
    s().when(&cmd(dev(7), 10, profile(&["rust"], "UTC", 9, 9)))
        .then_error(&bad("body.end_hour", "must be 1 to 24 and differ from start_hour, got 9"));
    s().when(&cmd(dev(7), 10, profile(&["ru\u{0}st"], "UTC", 9, 17)))
        .then_error(&bad("body.skills", "each item is 1 to 64 bytes of text without control characters"));
    s().when(&cmd(dev(7), 10, CommandBody::RemoveProfile(RemoveProfile {})))
        .then_error(&bad("actor", &format!("{} has no profile on the board", dev(7))));
}
