//! Reads `[alliance.roadmap]`: `template = "four-phase"` (the seed's four
//! phases) or `[[alliance.roadmap.phases]]`.

use toml::Table;

use super::read::{kpi, optional_tables};
use super::reader::{Reader, one_of, string};
use crate::alliance::KpiTarget;
use crate::alliance::roadmap::{Phase, Roadmap};
use crate::governance::Scope;

/// `[alliance.roadmap]`: `Some(None)` when absent. `duration_days` is the
/// agreement's (the template's KPIs fall due within it).
pub(super) fn roadmap(
    r: &mut Reader<'_>,
    parent: &Table,
    duration_days: Option<u32>,
) -> Option<Option<Roadmap>> {
    let p = "alliance.roadmap";
    let Some(value) = parent.get("roadmap") else { return Some(None) };
    let Some(t) = value.as_table() else {
        r.out.push(p, format!("must be a table, got {}", value.type_str()));
        return None;
    };
    r.deny_unknown(t, p, &["template", "phases"]);
    match (t.get("template"), t.contains_key("phases")) {
        (Some(_), true) => {
            r.problem(p, "give either `template` or `phases`, not both".into());
            None
        }
        (Some(_), false) => {
            let name = r.req(t, p, "template", string)?;
            if name != "four-phase" {
                r.problem(&format!("{p}.template"), format!("must be `four-phase`, got `{name}`"));
                return None;
            }
            Some(Some(Roadmap::template(duration_days?)))
        }
        (None, false) => {
            r.problem(p, "give `template = \"four-phase\"` or `[[alliance.roadmap.phases]]`".into());
            None
        }
        (None, true) => {
            let phases: Option<Vec<Phase>> = r
                .tables(t, p, "phases")
                .into_iter()
                .map(|(pp, ph)| phase(r, &pp, ph))
                .collect::<Vec<_>>()
                .into_iter()
                .collect();
            Some(Some(Roadmap { phases: phases? }))
        }
    }
}

fn phase(r: &mut Reader<'_>, p: &str, t: &Table) -> Option<Phase> {
    r.deny_unknown(t, p, &["name", "objective", "deliverables", "kpis", "unlocks"]);
    let name = r.req(t, p, "name", string);
    let objective = r.opt(t, p, "objective", string);
    let deliverables = r.list(t, p, "deliverables", string);
    let unlocks = r.list(t, p, "unlocks", |v| one_of(v, &Scope::ALL, Scope::name));
    let kpis: Option<Vec<KpiTarget>> = optional_tables(r, t, p, "kpis")
        .into_iter()
        .map(|(kp, k)| kpi(r, &kp, k))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    Some(Phase {
        name: name?,
        objective: objective?.unwrap_or_default(),
        deliverables: deliverables?,
        kpis: kpis?,
        unlocks: unlocks?,
    })
}
