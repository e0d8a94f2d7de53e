//! Problems found in a file dsw reads (a form, an assessment …), and how they are
//! shown: `file:line:column`, the offending snippet, and what was expected; and
//! reading any of dsw's TOML files (forms, assessments, drafts, keys, themes) into
//! typed content or such a report.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use serde::de::DeserializeOwned;

use crate::i18n::Lang;

/// Parses `source` (the text of the file named `path`) as `T`, rejecting unknown keys.
pub fn parse_toml<T: DeserializeOwned>(path: &str, source: &str) -> Result<T, Report> {
    toml::from_str(source).map_err(|error| Report {
        path: path.to_owned(),
        source: source.to_owned(),
        diagnostics: vec![Diagnostic {
            span: error.span(),
            problem: Problem::Syntax(error.message().to_owned()),
        }],
    })
}

/// Decodes file bytes as UTF-8, or reports that they are not.
pub fn decode_utf8(path: &str, bytes: Vec<u8>) -> Result<String, Report> {
    String::from_utf8(bytes).map_err(|error| {
        let valid_up_to = error.utf8_error().valid_up_to();
        let source = String::from_utf8_lossy(error.as_bytes()).into_owned();
        Report {
            path: path.to_owned(),
            diagnostics: vec![Diagnostic {
                span: Some(valid_up_to..valid_up_to),
                problem: Problem::NotUtf8,
            }],
            source,
        }
    })
}

/// The text of a file the person keeps (a config, a theme): `None` when there is
/// none; a report when it cannot be read or is not UTF-8, so every such file fails
/// the same way, with its name.
pub fn read_text(path: &std::path::Path) -> Result<Option<String>, Report> {
    let display = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => decode_utf8(&display, bytes).map(Some),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(Report {
            path: display,
            source: String::new(),
            diagnostics: vec![Diagnostic {
                span: None,
                problem: Problem::Unreadable { kind: error.kind() },
            }],
        }),
    }
}

/// One problem in a file: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte range in the file; `None` when the problem has no single place.
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub problem: Problem,
}

/// What is wrong. Each variant renders in both interface languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// TOML syntax, a missing or unknown key, or a value of the wrong type (the toml
    /// parser's own message, which names the key).
    Syntax(String),
    /// A file that is not valid UTF-8.
    NotUtf8,
    /// A key name in a keys file that names no key.
    NotAKey(String),
    /// A colour in a theme file that names no colour.
    NotAColour(String),
    /// A file whose top-level keys match none of the kinds dsw knows.
    UnknownFileKind,
    /// A value that must not be empty.
    Empty {
        /// The key.
        key: &'static str,
    },
    /// An id used twice.
    Duplicate {
        /// What kind of thing (guideline, item, …).
        what: &'static str,
        /// The id.
        id: String,
        /// Line of the first use.
        first_line: usize,
    },
    /// An id that does not match its position in the file.
    OutOfPlace {
        /// What kind of thing.
        what: &'static str,
        /// The id found.
        id: String,
        /// The id its position calls for.
        expected: String,
    },
    /// A form id that is not lowercase ASCII letters, digits and `-`.
    BadFormId {
        /// The id.
        id: String,
    },
    /// A reference to something that does not exist.
    Unknown {
        /// What kind of thing.
        what: &'static str,
        /// The id.
        id: String,
        /// The closest existing id.
        closest: Option<String>,
    },
    /// A 注意事項 section for a layer that 表2 does not relate to the guideline.
    LayerNotMapped {
        /// The guideline's id.
        guideline: String,
        /// The layer's id.
        layer: String,
    },
    /// A guideline × layer of 表2 without its 注意事項 section.
    MissingSection {
        /// The guideline's id.
        guideline: String,
        /// The layer's id.
        layer: String,
    },
    /// A BRiCS file without exactly the three dimensions.
    DimensionCount {
        /// How many `[[dimension]]` tables the file has.
        found: usize,
    },
    /// Conflict markers left by a plain `git merge`.
    ConflictMarkers {
        /// In a review file, which dsw's merge driver merges without conflicts (the
        /// way out is to let it), rather than an assessment's fields to settle.
        review: bool,
    },
    /// An assessment of a form dsw does not know.
    UnknownForm {
        /// The form id.
        id: String,
        /// The closest known form id.
        closest: Option<String>,
    },
    /// A guideline group with neither items nor questions.
    EmptyGroup {
        /// The guideline's id.
        guideline: String,
    },
    /// A key bound here that another action already has in the same context.
    KeyTaken {
        /// The key, as help shows it.
        key: String,
        /// The action that has it too.
        action: String,
        /// The context both work in, as help names it in Chinese.
        context_zh: &'static str,
        /// The same in English.
        context_en: &'static str,
    },
    /// An action of the editor left with only keys that type text there.
    OnlyTextKeys {
        /// The action.
        action: String,
    },
    /// A theme that is neither bundled nor a file.
    UnknownTheme {
        /// What was asked for.
        name: String,
        /// The closest bundled theme.
        closest: Option<String>,
        /// The bundled themes.
        themes: Vec<String>,
    },
    /// A value that must be one of a few.
    NotOneOf {
        /// What kind of value.
        what: &'static str,
        /// The value given.
        id: String,
        /// The values there are.
        choices: Vec<String>,
    },
    /// A file that exists but cannot be read.
    Unreadable {
        /// Why.
        kind: std::io::ErrorKind,
    },
}

impl Problem {
    /// The one-sentence message.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Problem::Syntax(msg), Lang::Zh) => {
                format!("無法解讀：{}", crate::i18n::parser_message(msg, lang))
            }
            (Problem::Syntax(msg), Lang::En) => msg.trim_end().to_owned(),
            (Problem::NotAKey(key), Lang::Zh) => {
                format!("`{key}` 不是按鍵名稱（例如 \"ctrl-s\"、\"q\"、\"enter\"、\"f1\"）")
            }
            (Problem::NotAKey(key), Lang::En) => {
                format!("`{key}` is not a key (e.g. \"ctrl-s\", \"q\", \"enter\", \"f1\")")
            }
            (Problem::NotAColour(colour), Lang::Zh) => format!(
                "`{colour}` 不是顏色（可用名稱如 \"lightblue\"、\"#rrggbb\"、256 色編號如 \"244\"，或 \"reset\"）"
            ),
            (Problem::NotAColour(colour), Lang::En) => format!(
                "`{colour}` is not a colour (a name like \"lightblue\", \"#rrggbb\", a 256-colour index like \"244\", or \"reset\")"
            ),
            (Problem::NotUtf8, Lang::Zh) => "檔案不是 UTF-8 編碼".into(),
            (Problem::NotUtf8, Lang::En) => "the file is not UTF-8".into(),
            (Problem::UnknownFileKind, Lang::Zh) => "無法判斷這是哪一種檔案".into(),
            (Problem::UnknownFileKind, Lang::En) => "cannot tell what kind of file this is".into(),
            (Problem::Empty { key }, Lang::Zh) => format!("`{key}` 不可為空白"),
            (Problem::Empty { key }, Lang::En) => format!("`{key}` must not be empty"),
            (
                Problem::Duplicate {
                    what,
                    id,
                    first_line,
                },
                Lang::Zh,
            ) => {
                format!(
                    "{} `{id}` 重複（第一次出現在第 {first_line} 行）",
                    zh_name(what)
                )
            }
            (
                Problem::Duplicate {
                    what,
                    id,
                    first_line,
                },
                Lang::En,
            ) => {
                // `comment number` and `comment id` name what they are already.
                let noun = if what.ends_with(" number") || what.ends_with(" id") {
                    (*what).to_owned()
                } else {
                    format!("{what} id")
                };
                format!("duplicate {noun} `{id}` (first used on line {first_line})")
            }
            (Problem::OutOfPlace { what, id, .. }, Lang::Zh) => {
                format!("{} `{id}` 與它在檔案中的位置不符", zh_name(what))
            }
            (Problem::OutOfPlace { what, id, .. }, Lang::En) => {
                format!("{what} id `{id}` does not match its position")
            }
            (Problem::BadFormId { id }, Lang::Zh) => format!("表單代碼 `{id}` 不合格式"),
            (Problem::BadFormId { id }, Lang::En) => format!("form id `{id}` is not well-formed"),
            (Problem::Unknown { what, id, .. }, Lang::Zh) => {
                format!("沒有{} `{id}`", zh_name(what))
            }
            (Problem::Unknown { what, id, .. }, Lang::En) => format!("unknown {what} `{id}`"),
            (Problem::LayerNotMapped { guideline, layer }, Lang::Zh) => {
                format!("表2 並未將指引 {guideline} 對應到層面 `{layer}`")
            }
            (Problem::LayerNotMapped { guideline, layer }, Lang::En) => {
                format!(
                    "table 2 of the guidelines does not relate guideline {guideline} to layer `{layer}`"
                )
            }
            (Problem::MissingSection { guideline, layer }, Lang::Zh) => {
                format!("指引 {guideline} 在層面 `{layer}` 的注意事項不存在")
            }
            (Problem::MissingSection { guideline, layer }, Lang::En) => {
                format!("guideline {guideline} has no notes ([[section]]) for layer `{layer}`")
            }
            (Problem::DimensionCount { found }, Lang::Zh) => {
                format!("BRiCS 應有 3 個面向（[[dimension]]），此檔有 {found} 個")
            }
            (Problem::DimensionCount { found }, Lang::En) => {
                format!("BRiCS needs exactly 3 [[dimension]] tables, this file has {found}")
            }
            (Problem::ConflictMarkers { .. }, Lang::Zh) => "檔案裡有 git 合併留下的衝突標記".into(),
            (Problem::ConflictMarkers { .. }, Lang::En) => {
                "the file has conflict markers left by a git merge".into()
            }
            (Problem::UnknownForm { id, .. }, Lang::Zh) => format!("沒有代碼為 `{id}` 的表單"),
            (Problem::UnknownForm { id, .. }, Lang::En) => format!("unknown form `{id}`"),
            (Problem::EmptyGroup { guideline }, Lang::Zh) => {
                format!("指引 {guideline} 沒有任何檢核項目或關鍵問題")
            }
            (Problem::EmptyGroup { guideline }, Lang::En) => {
                format!("guideline {guideline} has neither checklist items nor key questions")
            }
            (
                Problem::KeyTaken {
                    key,
                    action,
                    context_zh,
                    ..
                },
                Lang::Zh,
            ) => format!("`{key}` 在「{context_zh}」已用於 `{action}`"),
            (
                Problem::KeyTaken {
                    key,
                    action,
                    context_en,
                    ..
                },
                Lang::En,
            ) => format!("`{key}` is already bound to `{action}` in the {context_en} context"),
            (Problem::OnlyTextKeys { action }, Lang::Zh) => {
                format!("編輯中字母會成為文字，`{action}` 就沒有可用的鍵了")
            }
            (Problem::OnlyTextKeys { action }, Lang::En) => {
                format!("letters are text while typing, so `{action}` would have no key there")
            }
            (Problem::UnknownTheme { name, .. }, Lang::Zh) => {
                format!("沒有名為 `{name}` 的佈景主題，也沒有這個檔案")
            }
            (Problem::UnknownTheme { name, .. }, Lang::En) => {
                format!("no theme or theme file named `{name}`")
            }
            (Problem::NotOneOf { what, id, .. }, Lang::Zh) => {
                format!("`{id}` 不是 dsw 認得的{}", zh_name(what))
            }
            (Problem::NotOneOf { what, id, .. }, Lang::En) => {
                format!("`{id}` is not a {what} dsw knows")
            }
            (Problem::Unreadable { kind }, Lang::Zh) => format!(
                "無法讀取：{}",
                crate::i18n::io_error(&std::io::Error::from(*kind), lang)
            ),
            (Problem::Unreadable { kind }, Lang::En) => format!(
                "cannot be read: {}",
                crate::i18n::io_error(&std::io::Error::from(*kind), lang)
            ),
        }
    }

    /// What was expected, or what to do next.
    pub fn help(&self, lang: Lang) -> Option<String> {
        Some(match (self, lang) {
            (Problem::NotUtf8, _) => lang
                .pick("請以 UTF-8 另存這個檔案", "save the file as UTF-8")
                .into(),
            (Problem::UnknownFileKind, _) => lang
                .pick(
                    "表單需有 id、title、edition 與 [[guideline]]；指引檔需有 [[layer]] 與 [[guideline]]；BRiCS 檔需有 [[kind]] 與 [[dimension]]（見 checklists/README.md）",
                    "a form has id, title, edition and [[guideline]]; a guidelines file has [[layer]] and [[guideline]]; a BRiCS file has [[kind]] and [[dimension]] (see checklists/README.md)",
                )
                .into(),
            (Problem::OutOfPlace { expected, .. }, Lang::Zh) => format!("依位置應為 `{expected}`"),
            (Problem::OutOfPlace { expected, .. }, Lang::En) => {
                format!("expected `{expected}` here")
            }
            (Problem::BadFormId { .. }, _) => lang
                .pick(
                    "代碼只能使用小寫英文字母、數字與 -，例如 `my-form`",
                    "use lowercase ASCII letters, digits and `-`, e.g. `my-form`",
                )
                .into(),
            (Problem::Unknown { closest: Some(closest), .. }, Lang::Zh) => {
                format!("是不是 `{closest}`？")
            }
            (Problem::Unknown { closest: Some(closest), .. }, Lang::En) => {
                format!("did you mean `{closest}`?")
            }
            (Problem::LayerNotMapped { .. }, _) => lang
                .pick(
                    "把層面加入該指引的 layers，或把這一節移到正確的指引",
                    "add the layer to the guideline's `layers`, or move this section to the right guideline",
                )
                .into(),
            (Problem::DimensionCount { .. }, _) => lang
                .pick(
                    "依序為 benefit、risk、cost",
                    "they are benefit, risk and cost, in that order",
                )
                .into(),
            (Problem::ConflictMarkers { review: true }, _) => lang
                .pick(
                    "審查意見檔由 dsw 的合併程式逐則合併，不會衝突：這個 clone 還沒執行過 `dsw git-setup`。在合併完成前，先執行 `dsw git-setup`，再以 `git checkout -m FILE` 讓它重新合併這個檔案、`git add FILE`，然後 `git merge --continue`",
                    "dsw's merge driver merges review files comment by comment, without conflicts: this clone has not run `dsw git-setup` yet. While the merge is unfinished, run `dsw git-setup`, then `git checkout -m FILE` to have it merge this file again, `git add FILE`, and `git merge --continue`",
                )
                .into(),
            (Problem::ConflictMarkers { review: false }, _) => lang
                .pick(
                    "這是 git 合併時兩邊改了同一欄位留下的標記：在合併完成前，以 `dsw resolve ID --mine | --theirs | --text T` 逐欄決定（全部決定後 dsw 會 git add），再 `git merge --continue`；若這個 clone 還沒執行過 `dsw git-setup`，先執行它，之後 git 只會標出真正衝突的欄位",
                    "git left these markers where both sides changed a field: while the merge is unfinished, settle each with `dsw resolve ID --mine | --theirs | --text T` (dsw stages the file when none is left), then `git merge --continue`; if this clone has not run `dsw git-setup` yet, run it first, so git marks only the fields that really conflict",
                )
                .into(),
            (Problem::UnknownForm { closest: Some(closest), .. }, Lang::Zh) => {
                format!("是不是 `{closest}`？`dsw forms` 列出可用的表單；自訂表單放在 .dsw/forms/")
            }
            (Problem::UnknownForm { closest: Some(closest), .. }, Lang::En) => format!(
                "did you mean `{closest}`? `dsw forms` lists the forms; your own forms go in .dsw/forms/"
            ),
            (Problem::UnknownForm { closest: None, .. }, _) => lang
                .pick(
                    "`dsw forms` 列出可用的表單；自訂表單放在 .dsw/forms/",
                    "`dsw forms` lists the forms; your own forms go in .dsw/forms/",
                )
                .into(),
            (Problem::KeyTaken { action, .. }, Lang::Zh) => format!(
                "在同一個情境中一個鍵只能做一件事：換一個鍵，或一併改掉 `{action}` 的鍵（`?` 說明列出每個情境的鍵）"
            ),
            (Problem::KeyTaken { action, .. }, Lang::En) => format!(
                "a key does one thing in each context: choose another key, or rebind `{action}` too (`?` lists each context's keys)"
            ),
            (Problem::OnlyTextKeys { .. }, _) => lang
                .pick(
                    "用 ctrl- 或 alt- 開頭的鍵，或 esc、f2 這類特殊鍵",
                    "use a key with ctrl- or alt-, or a special key such as esc or f2",
                )
                .into(),
            (
                Problem::UnknownTheme {
                    closest, themes, ..
                },
                Lang::Zh,
            ) => {
                let guess = closest
                    .as_ref()
                    .map(|c| format!("是不是 `{c}`？"))
                    .unwrap_or_default();
                format!(
                    "{guess}內建的佈景主題有 {}，也可以給佈景主題檔的路徑",
                    themes.join("、")
                )
            }
            (
                Problem::UnknownTheme {
                    closest, themes, ..
                },
                Lang::En,
            ) => {
                let guess = closest
                    .as_ref()
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                format!(
                    "{guess}the bundled themes are {}; a theme file's path works too",
                    themes.join(", ")
                )
            }
            (Problem::NotOneOf { choices, .. }, Lang::Zh) => {
                format!("可用的有：{}", choices.join("、"))
            }
            (Problem::NotOneOf { choices, .. }, Lang::En) => {
                format!("one of: {}", choices.join(", "))
            }
            (Problem::MissingSection { .. }, _) => lang
                .pick(
                    "加入對應的 [[section]]，或自 layers 移除該層面",
                    "add the matching [[section]], or remove the layer from `layers`",
                )
                .into(),
            _ => return None,
        })
    }
}

/// The Chinese name of an entity named in English in a [`Problem`].
fn zh_name(what: &str) -> &str {
    match what {
        "guideline" => "指引",
        "item" => "檢核項目",
        "question" => "關鍵問題",
        "layer" => "層面",
        "field" => "欄位",
        "term" => "名詞",
        "kind" => "利害關係人類型",
        "dimension" => "面向",
        "section" => "注意事項",
        "note" => "注意事項編號",
        "form" => "表單",
        "action" => "動作",
        "color" => "顏色",
        "table" => "BRiCS 表",
        "stakeholder" => "利害關係人",
        "theme" => "佈景主題",
        "language" => "語言",
        "state" => "狀態",
        "comment number" => "審查意見編號",
        "comment id" => "審查意見代碼",
        "review target" => "審查對象",
        other => other,
    }
}

/// Every problem found in one file, with the file's text so they can be shown in
/// context.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file's name as the user gave it (or `bundled:NAME`).
    pub path: String,
    /// The file's text.
    pub source: String,
    /// The problems, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

/// `(line, column)` of a byte offset, both 1-based; the column counts characters.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl Report {
    /// Renders every problem the way compilers do, with `path:line:column`, the line
    /// and a marker under the offending part, and a help line. Plain text (no colour)
    /// so it reads the same in a terminal, a log or a test.
    pub fn render(&self, lang: Lang) -> String {
        let renderer = Renderer::plain();
        let level = Level::ERROR.with_name(lang.pick("錯誤", "error"));
        let help_level = Level::HELP.with_name(lang.pick("提示", "help"));
        let mut out = String::new();
        for diagnostic in &self.diagnostics {
            let message = diagnostic.problem.message(lang);
            let help = diagnostic.problem.help(lang);
            let title = level.clone().primary_title(message.as_str());
            let mut group = match &diagnostic.span {
                Some(span) => {
                    let span = clamp_span(&self.source, span.clone());
                    title.element(
                        Snippet::source(self.source.as_str())
                            .path(self.path.as_str())
                            .annotation(AnnotationKind::Primary.span(span)),
                    )
                }
                None => title.element(Origin::path(self.path.as_str())),
            };
            if let Some(help) = &help {
                group = group.element(help_level.clone().message(help.as_str()));
            }
            out.push_str(&renderer.render(&[group]));
            out.push_str("\n\n");
        }
        // The file's name and its lines are the file's own text: shown, never obeyed.
        crate::safe_text::visible(&out, true).into_owned()
    }
}

/// Keeps a span inside the source and on character boundaries, so rendering never
/// panics on a span the parser reported past the end (e.g. an unterminated string).
fn clamp_span(source: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(source.len());
    let mut end = span.end.clamp(start, source.len());
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    while !source.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "a = 1\n標題 = \"x\"\n";
        let offset = src.find('=').unwrap();
        assert_eq!(line_col(src, offset), (1, 3));
        let offset = src.find('"').unwrap();
        assert_eq!(line_col(src, offset), (2, 6));
    }

    #[test]
    fn render_names_file_line_and_column() {
        let source = "id = \"x\"\ncolour = \"red\"\n".to_owned();
        let report = Report {
            path: "f.toml".into(),
            source,
            diagnostics: vec![Diagnostic {
                span: Some(9..15),
                problem: Problem::Syntax("unknown field `colour`".into()),
            }],
        };
        let text = report.render(Lang::En);
        assert!(text.contains("f.toml:2:1"), "{text}");
        assert!(text.contains("unknown field `colour`"), "{text}");
    }
}
