//! `dsw doctor [--json]`: checks this account's setup for the repository here, one
//! line per check with the exact fix; exit 0 when all pass, 1 otherwise.

use std::io::Write;

use super::{Context, Exit, Out};
use crate::doctor::{self, Outcome};
use crate::safe_text::visible;

/// Runs the checks and prints them.
pub fn run(context: &Context, json: bool, out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let checks = doctor::run(&context.working_dir(), &context.user, lang);
    let ok = checks.iter().all(|c| c.status != Outcome::Fail);
    if json {
        let value = serde_json::json!({ "ok": ok, "checks": checks });
        writeln!(out, "{}", crate::safe_text::json(&value, true))?;
    } else {
        let width = checks.iter().map(|c| c.check.len()).max().unwrap_or(0);
        for check in &checks {
            let mark = match check.status {
                Outcome::Ok => "OK  ",
                Outcome::Fail => lang.pick("問題", "FAIL"),
                Outcome::Note => lang.pick("提示", "NOTE"),
            };
            let mut text = format!(
                "{mark}  {:width$}  {}",
                check.check,
                visible(&check.message, false)
            );
            if let Some(fix) = &check.fix {
                text.push_str(lang.pick(" → 修正：", " → fix: "));
                text.push_str(&visible(fix, false));
            }
            writeln!(out, "{text}")?;
        }
        let failed = checks.iter().filter(|c| c.status == Outcome::Fail).count();
        writeln!(
            out,
            "{}",
            match (lang, failed) {
                (crate::i18n::Lang::Zh, 0) => "全部通過。".to_owned(),
                (crate::i18n::Lang::Zh, n) => format!("{n} 項有問題。"),
                (crate::i18n::Lang::En, 0) => "all checks passed.".to_owned(),
                (crate::i18n::Lang::En, 1) => "1 check failed.".to_owned(),
                (crate::i18n::Lang::En, n) => format!("{n} checks failed."),
            }
        )?;
    }
    Ok(if ok { Exit::Success } else { Exit::Failure })
}
