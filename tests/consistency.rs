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

/// The workbench's screen as text, after pressing `tab`.
fn tab_text(dir: &std::path::Path, name: &str, tab: char, lang: Lang) -> String {
    let store = Store::open(dir).unwrap();
    let model = Model::open(store, AssessmentName(name.into()), "alice".into(), lang).unwrap();
    let mut app = App::new(model, Theme::fallback(), Keymap::default());
    app.key(KeyEvent::new(KeyCode::Char(tab), KeyModifiers::NONE));
    let mut terminal = Terminal::new(TestBackend::new(160, 60)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    dsw::tui::buffer_text(terminal.backend().buffer())
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
