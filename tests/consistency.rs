//! One word and one number for each thing, whichever front end shows it: the same
//! assessment and the same change through `dsw status`, `dsw diff`, the workbench's
//! tabs and every export must read alike (issue 10: a change was put into words in four
//! places, 完成度 had three formulas).

mod common;

use common::{Sandbox, run};
use dsw::i18n::Lang;
use dsw::store::{AssessmentName, Store};
use dsw::tui::{App, Keymap, Model, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The workbench on assessment `name` in `dir`, as alice.
fn workbench(dir: &std::path::Path, name: &str, lang: Lang) -> App {
    let store = Store::open(dir).unwrap();
    let model = Model::open(store, AssessmentName(name.into()), "alice".into(), lang).unwrap();
    App::new(model, Theme::fallback(), Keymap::default())
}

/// The workbench's screen as text, wide enough that nothing wraps.
fn screen(app: &mut App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(160, 60)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    dsw::tui::buffer_text(terminal.backend().buffer())
}

/// The workbench's screen as text, after pressing `tab`.
fn tab_text(dir: &std::path::Path, name: &str, tab: char, lang: Lang) -> String {
    let mut app = workbench(dir, name, lang);
    app.key(KeyEvent::new(KeyCode::Char(tab), KeyModifiers::NONE));
    screen(&mut app)
}

/// `dsw ARGS` as alice in `dir`; its standard output (it must succeed).
fn dsw(s: &Sandbox, dir: &std::path::Path, args: &[&str]) -> String {
    let (code, out, err) = run(s.dsw_in(dir, "alice").args(args));
    assert_eq!(code, 0, "dsw {args:?}: {err}");
    out
}

/// A local form of 50 items with 5 key questions each: 250 questions + 50 items, so
/// that one item short of done is 299/300 = 99.67 %.
fn big_form() -> String {
    let mut form = String::from(
        "id = \"big\"\ntitle = \"大型自評表\"\nedition = \"1\"\n\n[[field]]\nid = \"plan\"\n\
         label = \"計畫名稱\"\n\n[[guideline]]\nid = \"1\"\n",
    );
    for item in 1..=50 {
        form += &format!("\n[[guideline.item]]\nid = \"1.{item}\"\ntext = \"檢核項目 {item}\"\n");
        for question in 1..=5 {
            form += &format!(
                "\n[[guideline.item.question]]\nid = \"1.{item}.{question}\"\n\
                 text = \"問題 {item}-{question}\"\n"
            );
        }
    }
    form
}

#[test]
fn completion_reads_the_same_everywhere_and_99_6_percent_is_not_100() {
    let s = Sandbox::new();
    let repo = s.repo();
    std::fs::create_dir_all(repo.join(".dsw/forms")).unwrap();
    s.git_in(s.dir.path(), &["init", "-q", "repo"]);
    std::fs::write(repo.join(".dsw/forms/big.toml"), big_form()).unwrap();
    dsw(&s, &repo, &["init", ".", "--form", "big"]);
    // Every question answered, every item done but the last, which is partial:
    // (250 + 49) / (250 + 50) = 99.67 %. Rounded it would read 100 %; counting the
    // questions alone it would be 100 % too.
    let file = repo.join("big.assessment.toml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    for item in 1..=50 {
        let status = if item == 50 { "partial" } else { "done" };
        text += &format!("\n[item.\"1.{item}\"]\nstatus = \"{status}\"\n");
        for question in 1..=5 {
            text += &format!("\n[question.\"1.{item}.{question}\"]\nanswer = \"\"\"\n回答\"\"\"\n");
        }
    }
    std::fs::write(&file, text).unwrap();
    dsw(&s, &repo, &["commit", "--from-file", "-m", "填寫"]);

    let status = dsw(&s, &repo, &["status"]);
    assert!(status.contains("完成度 99%："), "{status}");
    // The guideline's bar is not full while its figure is not 100.
    assert!(status.contains("█████████░"), "{status}");
    let status: serde_json::Value =
        serde_json::from_str(&dsw(&s, &repo, &["status", "--json"])).unwrap();
    assert_eq!(status["completion"]["percent"], 99);
    assert_eq!(status["guidelines"][0]["percent"], 99);

    let overview = tab_text(&repo, "big", '5', Lang::Zh);
    assert!(overview.contains(" 99%"), "{overview}");
    assert!(!overview.contains("100%"), "{overview}");
    // The per-guideline count counts what its percentage counts.
    assert!(overview.contains("299/300"), "{overview}");

    let html = dsw(&s, &repo, &["export", "--format", "html"]);
    assert!(html.contains("<strong>99%</strong>"), "{html}");
    assert!(html.contains("299／300"), "{html}");
    let markdown = dsw(&s, &repo, &["export", "--format", "md"]);
    assert!(markdown.contains("\n- 完成度：99%（"), "{markdown}");
    let json: serde_json::Value =
        serde_json::from_str(&dsw(&s, &repo, &["export", "--format", "json"])).unwrap();
    assert_eq!(json["completion"]["percent"], 99);

    let english = dsw(&s, &repo, &["--lang", "en", "status"]);
    assert!(english.contains("99% complete"), "{english}");
    let overview = tab_text(&repo, "big", '5', Lang::En);
    assert!(
        overview.contains(" 99%") && !overview.contains("100%"),
        "{overview}"
    );
}

/// The text of every paragraph of an ODT package's content.xml, tags dropped.
fn odt_text(bytes: &[u8]) -> String {
    odt_part(bytes, "content.xml")
}

/// The text of the paragraphs of one part of an ODT package, tags dropped.
fn odt_part(bytes: &[u8], part: &str) -> String {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive
        .by_name(part)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.replace("</text:p>", "\n").chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// The words one change to a stakeholder's kind and cost and to an item's evidence
/// must read as, wherever it is shown.
const SAME_WORDS: [&str; 6] = [
    "BRiCS 小幫手 / 申請者 / 類型",
    "服務受益／使用者",
    "服務協力提供者／中介者",
    "BRiCS 小幫手 / 申請者 / 成本／條件／脈絡",
    "1.1 已從使用者觀點描述服務情境與再造策略（佐證）",
    "訪談紀錄（docs/a.pdf）",
];

/// What a drifted rendering used to show instead.
const DRIFTED: [&str; 5] = [
    "角色",
    "provid",
    "訪談紀錄 (docs/a.pdf)",
    "BRiCS：小幫手",
    "（檢核狀態）",
];

fn assert_same_words(what: &str, text: &str) {
    for words in SAME_WORDS {
        assert!(text.contains(words), "{what} lacks {words:?}:\n{text}");
    }
    for drifted in DRIFTED {
        assert!(!text.contains(drifted), "{what} says {drifted:?}:\n{text}");
    }
}

#[test]
fn a_change_reads_the_same_in_dsw_diff_the_diff_tab_the_comparison_and_the_conflict_views() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let repo = s.repo();
    let as_user = |user: &str, args: &[&str]| {
        let (code, out, err) = run(s.dsw(user).args(args));
        assert_eq!(code, 0, "dsw {args:?}: {err}");
        out
    };
    let set = |user: &str, cell: &str, value: &str| {
        as_user(user, &["brics", "set", "小幫手", "申請者", cell, value]);
    };
    set("alice", "kind", "user");
    as_user("alice", &["commit", "-m", "表"]);
    as_user("alice", &["tag", "修正前", "-m", "修正前"]);
    // The change, in alice's draft: a kind, a dimension and a piece of evidence.
    set("alice", "kind", "provider");
    set("alice", "cost", "時間");
    as_user(
        "alice",
        &["evidence", "1.1", "add", "訪談紀錄", "docs/a.pdf"],
    );
    // And an answer written whole, with text Markdown must not take as markup.
    as_user("alice", &["answer", "1.1.1", "**粗** <b>\n第二行"]);

    let text = as_user("alice", &["diff"]);
    assert_same_words("dsw diff", &text);
    let diff_markdown = as_user("alice", &["diff", "--format", "md"]);
    assert_same_words("dsw diff --format md", &diff_markdown);
    let json: serde_json::Value =
        serde_json::from_str(&as_user("alice", &["diff", "--format", "json"])).unwrap();
    let kind = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"].as_str().unwrap().ends_with("/kind"))
        .expect("the kind change");
    assert_eq!(
        (&kind["label"], &kind["before"], &kind["after"]),
        (&"申請者".into(), &"user".into(), &"provider".into()),
        "programs get the ids, labelled by name"
    );
    assert!(
        kind.get("spans").is_none(),
        "a kind is not a text to spell: {kind}"
    );
    let tab = tab_text(&repo, "ict-plan", '4', Lang::Zh);
    assert_same_words("the diff tab", &tab);

    as_user("alice", &["commit", "-m", "第二版"]);
    as_user("alice", &["tag", "修正後", "-m", "修正後"]);
    let compare = |format: &str| {
        let output = s
            .dsw("alice")
            .args([
                "export",
                "--format",
                format,
                "--compare",
                "修正前",
                "修正後",
            ])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        output.stdout
    };
    let markdown = String::from_utf8(compare("md")).unwrap();
    assert_same_words("the Markdown 修正對照表", &markdown);
    let html = String::from_utf8(compare("html")).unwrap();
    assert_same_words("the HTML 修正對照表", &html);
    let odt = odt_text(&compare("odt"));
    assert_same_words("the ODT 修正對照表", &odt);
    // One Markdown escaper: dsw diff escapes what the export escapes, the same way.
    for (what, text) in [("dsw diff", &diff_markdown), ("the 修正對照表", &markdown)] {
        assert!(text.contains(r"\*\*粗\*\* &lt;b&gt;"), "{what}:\n{text}");
    }
    // An answer added whole has no ↵ on its lines, wherever it is shown.
    for (what, text) in [
        ("dsw diff", &text),
        ("dsw diff --format md", &diff_markdown),
        ("the diff tab", &tab),
        ("the Markdown 修正對照表", &markdown),
        ("the HTML 修正對照表", &html),
        ("the ODT 修正對照表", &odt),
    ] {
        assert!(
            text.contains("第二行") && !text.contains('↵'),
            "{what}:\n{text}"
        );
    }

    // A conflict on the kind reads the same on the command line and in the workbench.
    set("alice", "kind", "authority");
    set("bob", "kind", "concern");
    as_user("bob", &["commit", "-m", "乙"]);
    let (code, _, err) = run(s.dsw("alice").args(["commit", "-m", "甲"]));
    assert_eq!(code, 3, "{err}");
    let mut app = workbench(&repo, "ict-plan", Lang::Zh);
    app.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    app.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let view = screen(&mut app);
    for (what, text) in [
        ("dsw commit", err.as_str()),
        ("the conflict view", view.as_str()),
    ] {
        for words in [
            "BRiCS 小幫手 / 申請者 / 類型",
            "政府主管機關",
            "衍生議題關注者",
        ] {
            assert!(text.contains(words), "{what} lacks {words:?}:\n{text}");
        }
        assert!(
            !text.contains("authority") && !text.contains("角色"),
            "{what}:\n{text}"
        );
    }
}

#[test]
fn every_export_shows_the_form_as_filled_with_the_same_words() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let repo = s.repo();
    let as_alice = |args: &[&str]| {
        let (code, out, err) = run(s.dsw("alice").args(args));
        assert_eq!(code, 0, "dsw {args:?}: {err}");
        out
    };
    as_alice(&["brics", "set", "小幫手", "申請者", "kind", "user"]);
    as_alice(&["evidence", "1.1", "add", "訪談紀錄", "docs/a.pdf"]);
    as_alice(&["mark", "1.1", "partial"]);
    as_alice(&["commit", "-m", "填寫"]);
    // An answer to a question the form no longer has, kept in the file.
    let file = repo.join("ict-plan.assessment.toml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text += "\n[question.\"9.9.9\"]\nanswer = \"\"\"\n舊表單的回答\"\"\"\n";
    std::fs::write(&file, text).unwrap();
    as_alice(&["commit", "--from-file", "-m", "保留舊回答"]);

    let export = |format: &str| {
        let output = s
            .dsw("alice")
            .args(["export", "--format", format])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        output.stdout
    };
    let odt = export("odt");
    let exports = [
        ("Markdown", String::from_utf8(export("md")).unwrap()),
        ("HTML", String::from_utf8(export("html")).unwrap()),
        ("ODT", odt_text(&odt)),
        ("dsw show", as_alice(&["show"])),
    ];
    for (what, text) in &exports {
        for words in [
            "服務受益／使用者",
            "訪談紀錄（docs/a.pdf）",
            "部分完成",
            "表單已無以下題目（回答保留）",
            "舊表單的回答",
        ] {
            assert!(text.contains(words), "{what} lacks {words:?}:\n{text}");
        }
        assert!(!text.contains("<docs/a.pdf>"), "{what}:\n{text}");
    }
    // The check box of a partly done item, in every export that draws the form's.
    for (what, text) in &exports[..3] {
        assert!(text.contains("☐ 部分完成"), "{what}:\n{text}");
    }
    let csv = String::from_utf8(export("csv")).unwrap();
    assert!(csv.contains(",1.1,") && csv.contains("部分完成"), "{csv}");
    // The revision is named with its author wherever an export names it.
    let markdown = &exports[0].1;
    assert!(
        markdown.contains("\n- 版本：") && markdown.contains("，alice）"),
        "{markdown}"
    );
    let footer = odt_part(&odt, "styles.xml");
    assert!(
        footer.contains("版本 ") && footer.contains("，alice）"),
        "{footer}"
    );
}
