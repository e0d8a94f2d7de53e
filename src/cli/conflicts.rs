//! Showing conflicts: each field with both sides, worded for people.

use std::fmt::Write as _;

use crate::assessment::Assessment;
use crate::diff::{BricsNames, Conflict};
use crate::form::{Brics, Form};
use crate::i18n::Lang;
use crate::report::Namer;
use crate::safe_text::visible;

/// Every conflict with both texts, indented under its field named as the change view
/// names it, and the `dsw resolve` that settles it — BRiCS fields by the names in
/// `names`, only the choices that apply to the field.
pub fn render(
    conflicts: &[Conflict],
    form: &Form,
    brics: &Brics,
    names: &Assessment,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let table_names = BricsNames::of(names, names);
    let namer = Namer {
        form,
        names: &table_names,
        brics,
        lang,
    };
    for conflict in conflicts {
        let heading = namer.heading(&conflict.path);
        let _ = writeln!(
            out,
            "\n{} {}",
            lang.pick("衝突", "conflict"),
            visible(&heading, false)
        );
        for (label, value) in [
            (lang.pick("  你的：", "  yours:  "), conflict.ours.as_ref()),
            (
                lang.pick("  對方：", "  theirs: "),
                conflict.theirs.as_ref(),
            ),
        ] {
            let text = namer.conflict_side(&conflict.path, value);
            let text = visible(&text, true);
            let pad = " ".repeat(unicode_width::UnicodeWidthStr::width(label));
            let _ = writeln!(out, "{label}{}", text.replace('\n', &format!("\n{pad}")));
        }
        let path = conflict.path.with_names(names);
        let path = if path.contains(char::is_whitespace) {
            crate::store::shell_quote(&path)
        } else {
            path
        };
        let choices = if conflict.path.is_text() {
            "--mine | --theirs | --text …"
        } else {
            "--mine | --theirs"
        };
        let _ = writeln!(out, "  → dsw resolve {} {choices}", visible(&path, false));
    }
    out
}
