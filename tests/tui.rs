//! The terminal workbench driven by keys on ratatui's TestBackend, and end to end in
//! tmux: what a person sees and what reaches the repository.

mod common;

use std::time::Duration;

use common::screen::{Shared, first_difference};
use common::{Sandbox, have_git, needs, needs_git, run};
use dsw::i18n::Lang;
use dsw::store::{AssessmentName, Store};
use dsw::tui::{App, Keymap, Model, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// A workbench on a fresh `form` assessment in the sandbox.
fn app(s: &Sandbox, form: &str, lang: Lang) -> App {
    s.init(form);
    reopen(s, form, lang)
}

/// A workbench on the sandbox's existing `form` assessment (a new session), with
/// recovery files kept in the sandbox.
fn reopen(s: &Sandbox, form: &str, lang: Lang) -> App {
    let store = Store::open(&s.repo()).unwrap();
    let name = AssessmentName(form.into());
    let model =
        Model::open_with(store, name, "tester".into(), lang, Some(recovery_dir(s))).unwrap();
    App::new(model, Theme::fallback(), Keymap::default())
}

fn recovery_dir(s: &Sandbox) -> std::path::PathBuf {
    s.dir.path().join("state").join("dsw")
}

/// Ticks the workbench until `done` holds, asking the draft's worker each time to
/// look at the disk and the branch at once (rather than at its next poll). Waits at
/// most about ten seconds, then fails naming `what`.
fn until(app: &mut App, what: &str, mut done: impl FnMut(&mut App) -> bool) {
    for _ in 0..1000 {
        app.model.poll_now();
        app.tick();
        if done(app) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("{what} never happened");
}

/// The draft file of `tester` as text ("" when there is none).
fn draft_file(s: &Sandbox, form: &str) -> String {
    std::fs::read_to_string(
        s.repo()
            .join(format!(".git/dsw/drafts/tester/{form}.assessment.toml")),
    )
    .unwrap_or_default()
}

/// The screen as text, one line per row.
fn screen(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    dsw::tui::buffer_text(terminal.backend().buffer())
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.key(key(KeyCode::Char(c)));
    }
}

#[test]
fn typing_chinese_and_committing_makes_a_revision() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    // The cursor starts on the first unanswered question.
    let first = screen(&mut app, 120, 40);
    assert!(first.contains("1.1.1 服務使用者有哪些類型"), "{first}");
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "人事人員與全體公務人員");
    app.key(key(KeyCode::Esc));
    app.key(ctrl('s'));
    let dialog = screen(&mut app, 120, 40);
    assert!(
        dialog.contains("1 題新增回答"),
        "the message is prefilled from the stat:\n{dialog}"
    );
    app.key(key(KeyCode::Enter));
    let after = screen(&mut app, 120, 40);
    assert!(after.contains("已提交"), "{after}");
    let store = Store::open(&s.repo()).unwrap();
    let head = store.head_commit().unwrap();
    let saved = store
        .load_at(&AssessmentName("ict-plan".into()), head)
        .unwrap();
    assert_eq!(saved.answer("1.1.1"), "人事人員與全體公務人員");
    if needs_git() {
        assert_eq!(s.git(&["status", "--porcelain"]), "");
    }
}

#[test]
fn help_names_the_commit_key_and_every_tab_draws() {
    let s = Sandbox::new();
    let mut app = app(&s, "service", Lang::Zh);
    app.key(key(KeyCode::Char('?')));
    let help = screen(&mut app, 100, 30);
    assert!(help.contains("Ctrl-S") && help.contains("提交"), "{help}");
    app.key(key(KeyCode::Esc));
    for (n, title) in [
        ('2', "BRiCS"),
        ('3', "歷程"),
        ('4', "差異"),
        ('5', "總覽"),
        ('1', "指引"),
    ] {
        app.key(key(KeyCode::Char(n)));
        for (w, h) in [(80, 24), (120, 40), (100, 30)] {
            let text = screen(&mut app, w, h);
            assert!(text.contains(title), "tab {n} at {w}x{h}:\n{text}");
        }
    }
    app.key(key(KeyCode::Char('q')));
    assert!(app.quit);
}

#[test]
fn the_event_loop_sleeps_until_a_message_or_a_timer() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    app.tick();
    // Idle: no timer at all, so the loop sleeps until something arrives (the
    // background jobs' own wakes are tested with the job type).
    assert_eq!(app.deadline(), None);
    app.key(key(KeyCode::Char('3')));
    assert_eq!(app.deadline(), None);
    // Typing sets the save's timer; when it fires the save goes out, and the
    // worker's report wakes the loop again.
    app.key(key(KeyCode::Char('1')));
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "服務對象");
    let due = app.deadline().expect("a save falls due");
    assert!(due <= std::time::Instant::now() + Duration::from_secs(1));
    until(&mut app, "the draft was saved", |app| {
        !app.model.is_dirty() && app.deadline().is_none()
    });
    assert!(draft_file(&s, "ict-plan").contains("服務對象"));
}

/// The last row of a screen: the footer.
fn footer(screen: &str) -> &str {
    screen.lines().last().unwrap_or_default()
}

#[test]
fn the_footer_always_says_how_to_get_help_and_out_and_help_is_grouped_by_context() {
    let s = Sandbox::new();
    let mut app = app(&s, "service", Lang::Zh);
    let first = screen(&mut app, 80, 24);
    assert!(
        footer(&first).contains("?/F1 說明") && footer(&first).contains("q 離開"),
        "{first}"
    );
    for tab in ['2', '3', '4', '5'] {
        app.key(key(KeyCode::Char(tab)));
        let text = screen(&mut app, 80, 24);
        assert!(
            footer(&text).contains("?/F1 說明") && footer(&text).contains("q 離開"),
            "tab {tab}:\n{text}"
        );
    }
    // While typing, letters are text: the way out of the editor and F1 show.
    app.key(key(KeyCode::Char('1')));
    app.key(key(KeyCode::Enter));
    let typing = screen(&mut app, 80, 24);
    assert!(
        footer(&typing).contains("Esc 結束編輯") && footer(&typing).contains("F1 說明"),
        "{typing}"
    );
    app.key(key(KeyCode::F(1)));
    let help = screen(&mut app, 80, 24);
    assert!(
        help.contains("── 編輯中 ──"),
        "the editor's keys first:\n{help}"
    );
    app.key(key(KeyCode::Esc));
    type_text(&mut app, "q?");
    app.key(key(KeyCode::Esc));
    assert!(!app.quit);
    // `?` at 80×24: the checklist's keys, then the ones that work everywhere.
    app.key(key(KeyCode::Char('?')));
    let help = screen(&mut app, 80, 24);
    let tree = help.find("── 指引 ──").expect("the checklist's group");
    let everywhere = help.find("── 全域 ──").expect("the global group");
    assert!(tree < everywhere, "{help}");
    assert!(help.contains("/ ") && help.contains("搜尋"), "{help}");
    // Scrolled to the end: the dialogs' and the conflict view's own keys.
    for _ in 0..10 {
        app.key(key(KeyCode::PageDown));
    }
    let end = screen(&mut app, 80, 24);
    assert!(
        end.contains("── 衝突 ──") && end.contains("用對方的"),
        "{end}"
    );
    app.key(key(KeyCode::Esc));
    let mut en = app_in_english(&s);
    en.key(key(KeyCode::Char('?')));
    let help = screen(&mut en, 80, 24);
    assert!(
        help.contains("── Checklist ──") && help.contains("── Everywhere ──"),
        "{help}"
    );
}

/// A dialog that takes text has the footer to itself: its keys and how to leave
/// it, never `q` (which types a q there) nor the tab's keys underneath.
#[test]
fn a_dialogs_footer_is_its_own() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    app.key(key(KeyCode::Char('3')));
    // The history lists its one revision (made by `init`), then `t` asks for a tag.
    let mut text = String::new();
    until(&mut app, "the tag prompt", |app| {
        app.key(key(KeyCode::Char('t')));
        text = screen(app, 80, 24);
        text.contains("送審標記名稱")
    });
    let last = footer(&text);
    assert!(
        last.contains("Enter 確定") && last.contains("Esc 取消"),
        "{last}"
    );
    assert!(!last.contains("q 離開") && !last.contains("標記"), "{last}");
}

fn app_in_english(s: &Sandbox) -> App {
    reopen(s, "service", Lang::En)
}

/// Escape and a key arriving in one read come as Alt+key; one that nothing takes is
/// Escape, then the key (issue 11, item 6). An Alt+key the editor gives a meaning
/// (Alt+B: a word back) stays in the editor.
#[test]
fn escape_then_a_key_in_one_burst_is_escape_then_the_key() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "服務對象");
    assert!(screen(&mut app, 100, 30).contains("編輯回答"));
    app.key(KeyEvent::new(KeyCode::Char('b'), KeyModifiers::ALT));
    assert!(
        screen(&mut app, 100, 30).contains("編輯回答"),
        "Alt+B stays in the editor"
    );
    app.key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::ALT | KeyModifiers::CONTROL,
    ));
    let shown = screen(&mut app, 100, 30);
    assert!(
        !shown.contains("編輯回答"),
        "the editor is closed:\n{shown}"
    );
    assert!(
        shown.contains("版本說明"),
        "the commit dialog is open:\n{shown}"
    );
    // Its border is whole, though Chinese text lies under its left edge (a wide
    // character straddling that edge hid the corner).
    let title = shown
        .lines()
        .find(|l| l.contains("版本說明"))
        .unwrap_or_default();
    assert!(title.contains('┌') && title.contains('┐'), "{title}");
}

#[test]
fn a_prompts_answer_goes_to_the_tab_that_asked() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    app.key(key(KeyCode::Char('2')));
    // No table yet: `a` asks for one, then for each stakeholder.
    app.key(key(KeyCode::Char('a')));
    let asked = screen(&mut app, 80, 24);
    assert!(asked.contains("BRiCS 表名稱"), "{asked}");
    // It offers the title `dsw brics` gives a table made without one.
    assert!(asked.contains("BRiCS 分析"), "{asked}");
    for _ in "BRiCS 分析".chars() {
        app.key(key(KeyCode::Backspace));
    }
    type_text(&mut app, "報稅服務");
    app.key(key(KeyCode::Enter));
    for name in ["民眾", "稅務員"] {
        app.key(key(KeyCode::Char('a')));
        type_text(&mut app, name);
        app.key(key(KeyCode::Enter));
    }
    let table = &app.model.assessment().brics[0];
    assert_eq!(table.title, "報稅服務");
    assert_eq!(table.stakeholders.len(), 2);
    // The row just made is the one selected: its cell shows below the grid.
    let grid = screen(&mut app, 80, 24);
    assert!(grid.contains(" 稅務員 · "), "{grid}");
    app.key(key(KeyCode::Up));
    assert!(screen(&mut app, 80, 24).contains(" 民眾 · "));
    // A search typed on the checklist lands there, with its keys in the notice.
    app.key(key(KeyCode::Char('1')));
    app.key(key(KeyCode::Char('/')));
    type_text(&mut app, "數位");
    app.key(key(KeyCode::Enter));
    let found = screen(&mut app, 120, 40);
    assert!(
        found.contains("「數位」") && found.contains("n 下一筆"),
        "{found}"
    );
}

#[test]
fn any_size_draws_and_small_ones_say_so() {
    let s = Sandbox::new();
    let mut app = app(&s, "service", Lang::En);
    for (w, h) in [(1, 1), (30, 8), (59, 40), (80, 15), (80, 24), (300, 100)] {
        for tab in ['1', '2', '3', '4', '5'] {
            app.key(key(KeyCode::Char(tab)));
            let text = screen(&mut app, w, h);
            if w < 60 || h < 16 {
                assert!(
                    w < 20 || text.contains("too small") || text.contains("small"),
                    "{w}x{h}:\n{text}"
                );
            }
        }
    }
}

#[test]
fn a_long_paste_is_one_edit_and_survives() {
    let s = Sandbox::new();
    let mut app = app(&s, "service", Lang::Zh);
    let long: String = (0..200)
        .map(|n| format!("第 {n} 行：貼上的長文字 | 含 <b>標記</b>\n"))
        .collect();
    app.key(key(KeyCode::Enter));
    app.paste(&long);
    app.key(key(KeyCode::Esc));
    assert_eq!(
        app.model.assessment().answer("1.1.1"),
        long.trim_end_matches('\n').to_owned() + "\n"
    );
    // The focus change sends the draft to be saved at once, off the UI thread.
    until(&mut app, "the save", |app| !app.model.is_dirty());
    let store = Store::open(&s.repo()).unwrap();
    let draft = store
        .draft(&AssessmentName("service".into()), "tester")
        .unwrap()
        .unwrap();
    assert!(draft.mine.answer("1.1.1").contains("第 199 行"));
}

/// A paste that would take an answer over the 4 MiB the CLI accepts is refused with
/// a notice, and the answer stays as it was (issue 9, item 14).
#[test]
fn a_paste_over_the_limit_is_refused_with_a_notice() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "前言");
    let huge = "長".repeat(dsw::assessment::MAX_TEXT / 3 + 1);
    app.paste(&huge);
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("超過 4 MiB"), "{text}");
    app.key(key(KeyCode::Esc));
    assert_eq!(app.model.assessment().answer("1.1.1"), "前言");
}

#[test]
fn a_restored_draft_is_announced() {
    let s = Sandbox::new();
    s.init("service");
    s.dsw("tester")
        .args(["answer", "2.1.1", "上次打到一半"])
        .assert()
        .success();
    let store = Store::open(&s.repo()).unwrap();
    let model = Model::open(
        store,
        AssessmentName("service".into()),
        "tester".into(),
        Lang::Zh,
    )
    .unwrap();
    let mut app = App::new(model, Theme::fallback(), Keymap::default());
    let text = screen(&mut app, 100, 30);
    assert!(text.contains("已還原"), "{text}");
}

#[test]
fn a_conflict_goes_through_the_resolution_view() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "我的版本");
    app.key(key(KeyCode::Esc));
    // A teammate commits a different answer to the same question meanwhile.
    s.dsw("bob")
        .args(["answer", "1.1.1", "對方的版本"])
        .assert()
        .success();
    s.dsw("bob")
        .args(["commit", "-m", "bob"])
        .assert()
        .success();
    app.key(ctrl('s'));
    app.key(key(KeyCode::Enter));
    let view = screen(&mut app, 120, 40);
    assert!(
        view.contains("我的版本") && view.contains("對方的版本"),
        "{view}"
    );
    app.key(key(KeyCode::Char('m')));
    app.key(key(KeyCode::Enter));
    let after = screen(&mut app, 120, 40);
    assert!(after.contains("已提交"), "{after}");
    let (_, shown, _) = run(s.dsw("carol").args(["show"]));
    assert!(
        shown.contains("我的版本") && !shown.contains("對方的版本"),
        "{shown}"
    );
}

#[test]
fn a_teammates_commit_appears_in_the_answer_pane_after_the_poll_without_restart() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "我自己的回答");
    app.key(key(KeyCode::Esc));
    // A teammate answers the next question and commits.
    s.dsw("bob")
        .args(["answer", "1.1.2", "隊友提交的回答"])
        .assert()
        .success();
    s.dsw("bob")
        .args(["commit", "-m", "bob 的修訂"])
        .assert()
        .success();
    app.key(key(KeyCode::Char('j')));
    let before = screen(&mut app, 120, 40);
    assert!(!before.contains("隊友提交的回答"), "{before}");
    until(&mut app, "the teammate's answer showing", |app| {
        screen(app, 120, 40).contains("隊友提交的回答")
    });
    let after = screen(&mut app, 120, 40);
    assert!(
        after.contains("✓ 1.1.2"),
        "the tree marks it answered:\n{after}"
    );
    // Mine stays on top, and the draft still holds only my change.
    assert_eq!(app.model.assessment().answer("1.1.1"), "我自己的回答");
    let diff = dsw::diff::AssessmentDiff::between(
        &app.model.draft.base,
        &app.model.draft.mine,
        &app.model.form,
    );
    assert_eq!(diff.changes.len(), 1, "{diff:?}");
    // Committing still works and keeps both.
    app.key(ctrl('s'));
    app.key(key(KeyCode::Enter));
    assert!(screen(&mut app, 120, 40).contains("已提交"));
    let (_, shown, _) = run(s.dsw("carol").args(["show"]));
    assert!(
        shown.contains("我自己的回答") && shown.contains("隊友提交的回答"),
        "{shown}"
    );
}

#[test]
fn a_teammates_different_answer_to_my_question_is_marked_and_still_conflicts_at_commit() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "我的版本");
    app.key(key(KeyCode::Esc));
    s.dsw("bob")
        .args(["answer", "1.1.1", "隊友的版本"])
        .assert()
        .success();
    s.dsw("bob")
        .args(["commit", "-m", "bob"])
        .assert()
        .success();
    until(&mut app, "the conflict mark", |app| {
        screen(app, 120, 40).contains("! 1.1.1")
    });
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains("隊友提交了不同的回答") && text.contains("隊友的版本"),
        "the answer pane shows theirs above mine:\n{text}"
    );
    assert_eq!(app.model.assessment().answer("1.1.1"), "我的版本");
    // The commit still stops on it, in the conflict view.
    app.key(ctrl('s'));
    app.key(key(KeyCode::Enter));
    let view = screen(&mut app, 120, 40);
    assert!(view.contains("衝突"), "{view}");
}

#[test]
fn the_cli_changing_another_question_while_the_tui_has_edits_ends_in_the_draft_and_on_screen() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "視窗裡打的");
    // Not yet saved (no tick has run), and the editor stays open.
    assert!(app.model.is_dirty());
    s.dsw("tester")
        .args(["answer", "2.1.1", "指令寫的"])
        .assert()
        .success();
    type_text(&mut app, "字");
    until(&mut app, "both answers in the draft file", |app| {
        !app.model.is_dirty() && {
            let file = draft_file(&s, "ict-plan");
            file.contains("視窗裡打的字") && file.contains("指令寫的")
        }
    });
    assert_eq!(app.model.assessment().answer("2.1.1"), "指令寫的");
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("✓ 2.1.1"), "{text}");
    assert!(
        text.contains("視窗裡打的字"),
        "the editor kept the typing:\n{text}"
    );
    let store = Store::open(&s.repo()).unwrap();
    let draft = store
        .draft(&AssessmentName("ict-plan".into()), "tester")
        .unwrap()
        .unwrap();
    assert_eq!(draft.mine.answer("1.1.1"), "視窗裡打的字");
    assert_eq!(draft.mine.answer("2.1.1"), "指令寫的");
}

#[test]
fn the_same_answer_changed_by_the_cli_keeps_both_texts_in_the_editor_and_the_draft() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "視窗版本");
    until(&mut app, "the first save", |app| !app.model.is_dirty());
    s.dsw("tester")
        .args(["answer", "1.1.1", "指令版本"])
        .assert()
        .success();
    // Typing goes on before this window has seen the other change.
    type_text(&mut app, "加字");
    until(&mut app, "the merge", |app| {
        app.model.assessment().answer("1.1.1").contains("指令版本")
    });
    let both = format!("視窗版本加字\n{}\n指令版本", dsw::store::OTHER_VERSION);
    assert_eq!(app.model.assessment().answer("1.1.1"), both);
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains("視窗版本加字")
            && text.contains("另一個視窗的版本")
            && text.contains("指令版本"),
        "the open editor shows both:\n{text}"
    );
    assert!(text.contains("※ 1.1.1"), "the tree marks it:\n{text}");
    assert!(
        text.contains("兩個視窗都改了"),
        "the status line says so:\n{text}"
    );
    // Typing lands after the caret, in my version, and all of it reaches the draft.
    type_text(&mut app, "！");
    until(&mut app, "the merged save", |app| !app.model.is_dirty());
    let store = Store::open(&s.repo()).unwrap();
    let draft = store
        .draft(&AssessmentName("ict-plan".into()), "tester")
        .unwrap()
        .unwrap();
    assert_eq!(
        draft.mine.answer("1.1.1"),
        format!("視窗版本加字！\n{}\n指令版本", dsw::store::OTHER_VERSION)
    );
    // Settling it (deleting the other version) removes the mark.
    app.key(key(KeyCode::Esc));
    app.model.set_answer("1.1.1", "視窗版本加字！");
    assert!(!screen(&mut app, 120, 40).contains("※ 1.1.1"));
}

#[test]
fn typing_in_a_brics_cell_is_saved_and_a_cell_changed_in_two_windows_keeps_both_and_is_marked() {
    let s = Sandbox::new();
    s.init("ict-plan");
    s.dsw("tester")
        .args(["brics", "set", "案例", "申請者", "benefit", "省時"])
        .assert()
        .success();
    let mut app = reopen(&s, "ict-plan", Lang::Zh);
    app.key(key(KeyCode::Char('2')));
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "與省錢");
    until(&mut app, "the cell saved", |app| !app.model.is_dirty());
    assert!(draft_file(&s, "ict-plan").contains("省時與省錢"));
    // The other window changes the same cell; this one types on before seeing it.
    s.dsw("tester")
        .args(["brics", "set", "案例", "申請者", "benefit", "指令改的"])
        .assert()
        .success();
    type_text(&mut app, "！");
    until(&mut app, "the merge", |app| {
        app.model.assessment().brics[0].stakeholders[0]
            .benefit
            .contains("指令改的")
    });
    let both = format!("省時與省錢！\n{}\n指令改的", dsw::store::OTHER_VERSION);
    assert_eq!(
        app.model.assessment().brics[0].stakeholders[0].benefit,
        both
    );
    app.key(key(KeyCode::Esc));
    let grid = screen(&mut app, 120, 40);
    assert!(
        grid.contains("※省時與省錢"),
        "the grid marks the cell:\n{grid}"
    );
    until(&mut app, "the merged save", |app| !app.model.is_dirty());
    assert!(draft_file(&s, "ict-plan").contains("省時與省錢！"));
}

/// Makes `tester`'s drafts directory unusable in a way that stops root too: the
/// directory's path becomes a regular file (chmod does not stop root from writing).
fn break_drafts_dir(s: &Sandbox) -> std::path::PathBuf {
    let dir = s.repo().join(".git/dsw/drafts/tester");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    std::fs::write(&dir, "not a directory").unwrap();
    dir
}

#[test]
fn a_draft_that_cannot_be_written_is_loud_asks_before_quitting_and_is_offered_back() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    let broken = break_drafts_dir(&s);
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "寫不進去的字");
    until(&mut app, "the save failure", |app| {
        app.model.save_failure().is_some()
    });
    let failure = app.model.save_failure().cloned().unwrap();
    let recovery = failure
        .recovery
        .clone()
        .expect("a recovery place")
        .expect("a recovery file");
    // The header says so, and a banner gives the reason and the recovery file in
    // full, in the error style.
    let mut terminal = Terminal::new(TestBackend::new(200, 40)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    let text = dsw::tui::buffer_text(&buffer);
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].contains("草稿無法寫入"), "{text}");
    assert!(rows[1].starts_with("⚠ 草稿無法寫入"), "{text}");
    let banner: String = rows[1..5].iter().map(|r| r.trim_end()).collect();
    assert!(
        banner.contains(&broken.display().to_string()) && banner.contains("不是目錄"),
        "the reason:\n{text}"
    );
    assert!(
        banner.contains(&recovery.display().to_string()),
        "the recovery file:\n{text}"
    );
    // At an ordinary size too, the whole path is there (wrapped, never cut).
    let small = screen(&mut app, 80, 24);
    let rows: Vec<&str> = small.lines().collect();
    let banner: String = rows[1..9].iter().map(|r| r.trim_end()).collect();
    assert!(
        banner.contains(&recovery.display().to_string()),
        "the recovery file at 80×24:\n{small}"
    );
    assert!(
        buffer[(0, 1)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED),
        "error style"
    );
    // The text stays in memory and is in the private recovery file.
    assert_eq!(app.model.assessment().answer("1.1.1"), "寫不進去的字");
    assert!(
        std::fs::read_to_string(&recovery)
            .unwrap()
            .contains("寫不進去的字")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&recovery).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Quitting asks first; n stays.
    app.key(key(KeyCode::Esc));
    app.key(key(KeyCode::Char('q')));
    assert!(!app.quit);
    let dialog = screen(&mut app, 120, 40);
    assert!(dialog.contains("仍要離開嗎"), "{dialog}");
    app.key(key(KeyCode::Char('n')));
    assert!(!app.quit);
    app.key(key(KeyCode::Char('q')));
    app.key(key(KeyCode::Char('y')));
    assert!(app.quit);
    drop(app);

    // The disk is fixed; the next start offers the text back, and r restores it.
    std::fs::remove_file(&broken).unwrap();
    let mut next = reopen(&s, "ict-plan", Lang::Zh);
    let offer = screen(&mut next, 120, 40);
    assert!(
        offer.contains("救援檔") && offer.contains("r 還原"),
        "{offer}"
    );
    next.key(key(KeyCode::Char('r')));
    assert_eq!(next.model.assessment().answer("1.1.1"), "寫不進去的字");
    assert!(draft_file(&s, "ict-plan").contains("寫不進去的字"));
    assert!(!recovery.exists(), "restored, so the recovery file is gone");
    let after = screen(&mut next, 120, 40);
    assert!(after.contains("已把救援檔的文字合併回草稿"), "{after}");
}

#[test]
fn a_declined_recovery_file_is_kept_or_deleted_as_chosen() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let store = Store::open(&s.repo()).unwrap();
    let name = AssessmentName("ict-plan".into());
    let mut draft = store.fresh_draft(&name).unwrap();
    draft.mine.set_answer("1.1.1", "舊的救援文字");
    let kept = store
        .write_recovery(&recovery_dir(&s), &name, "tester", &draft, None)
        .unwrap();
    let mut app = reopen(&s, "ict-plan", Lang::Zh);
    app.key(key(KeyCode::Char('k')));
    assert!(kept.exists());
    assert!(screen(&mut app, 120, 40).contains("救援檔保留在"));
    assert_eq!(app.model.assessment().answer("1.1.1"), "");
    drop(app);
    let mut app = reopen(&s, "ict-plan", Lang::Zh);
    assert!(
        screen(&mut app, 120, 40).contains("r 還原"),
        "offered again"
    );
    app.key(key(KeyCode::Char('d')));
    assert!(!kept.exists());
    assert!(screen(&mut app, 120, 40).contains("救援檔已刪除"));
}

#[test]
fn a_restored_draft_reopens_on_the_question_last_edited() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    // Down to 1.1.3 (the first unanswered is 1.1.1), and type there.
    app.key(key(KeyCode::Char('j')));
    app.key(key(KeyCode::Char('j')));
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "第三題寫到一半");
    app.key(key(KeyCode::Esc));
    app.model.save(true).unwrap();
    drop(app);
    assert!(draft_file(&s, "ict-plan").contains("last_edited = \"1.1.3\""));
    let mut next = reopen(&s, "ict-plan", Lang::Zh);
    let text = screen(&mut next, 120, 40);
    assert!(
        text.contains("第三題寫到一半"),
        "the answer pane shows 1.1.3:\n{text}"
    );
}

/// tmux, when it is installed: the real terminal path (raw mode, bracketed paste,
/// the cursor, hang-up).
fn tmux_available() -> bool {
    common::have_program("tmux", "-V")
}

/// Whether the tmux tests can run (see `common::needs`: under CI a missing tmux or
/// git fails them).
fn tmux_ready() -> bool {
    needs(
        tmux_available() && have_git(),
        "tmux or git is not installed",
    )
}

/// The shell command that starts dsw in the sandbox's repository as `user`; `exec`
/// so that the pane's process is dsw itself.
fn dsw_command(s: &Sandbox, user: &str) -> String {
    let exe = assert_cmd::cargo::cargo_bin("dsw");
    format!(
        "cd {} && exec env HOME={} XDG_CONFIG_HOME={} XDG_STATE_HOME={} GIT_CONFIG_NOSYSTEM=1 \
         DSW_USER={user} DSW_AUTHOR='{user} <{user}@x>' LANG=C.UTF-8 {}",
        s.repo().display(),
        s.home().display(),
        s.home().join(".config").display(),
        s.dir.path().join("state").display(),
        exe.display()
    )
}

/// The screen of tmux session `target` once it shows `needle` (within ten seconds).
fn wait_in(socket: &str, target: &str, needle: &str) -> String {
    let mut screen = String::new();
    for _ in 0..100 {
        screen = tmux(socket, &["capture-pane", "-p", "-t", target]);
        if screen.contains(needle) {
            return screen;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{needle:?} never appeared in {target}:\n{screen}");
}

/// Kills the tmux server of `socket` when dropped, also when a test fails.
struct TmuxServer(String);

impl Drop for TmuxServer {
    fn drop(&mut self) {
        tmux(&self.0, &["kill-server"]);
    }
}

/// `user`'s draft of the ict-plan assessment, read with dsw's own reader.
fn read_draft(s: &Sandbox, user: &str) -> Option<dsw::store::Draft> {
    let store = Store::open(&s.repo()).unwrap();
    store
        .draft(&AssessmentName("ict-plan".into()), user)
        .ok()
        .flatten()
}

#[test]
fn in_tmux_steady_typing_reaches_the_draft_even_when_killed_with_sigkill() {
    if !tmux_ready() {
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    let socket = format!("dsw-steady-{}", std::process::id());
    let _server = TmuxServer(socket.clone());
    tmux(
        &socket,
        &[
            "new-session",
            "-d",
            "-s",
            "steady",
            "-x",
            "100",
            "-y",
            "30",
            &dsw_command(&s, "alice"),
        ],
    );
    wait_in(&socket, "steady", "指引");
    let pid: i32 = tmux(
        &socket,
        &["list-panes", "-t", "steady", "-F", "#{pane_pid}"],
    )
    .trim()
    .parse()
    .expect("the pane's process id");
    tmux(&socket, &["send-keys", "-t", "steady", "Enter"]);
    // 30 characters, about three a second, with no pause long enough to count as one.
    let text: Vec<char> = "服務使用者以全國人事人員為主部分功能擴及全體公務人員與退休人員"
        .chars()
        .collect();
    for c in text.iter().take(30) {
        tmux(
            &socket,
            &["send-keys", "-t", "steady", "-l", &c.to_string()],
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    // No flush, no signal handler: the process is gone at once.
    let killed = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let saved = read_draft(&s, "alice")
        .map(|d| d.mine.answer("1.1.1").chars().count())
        .unwrap_or(0);
    assert!(
        saved >= 21,
        "only {saved} of 30 characters typed over 9 s reached the draft"
    );
}

#[test]
fn in_tmux_two_windows_of_one_person_both_end_in_the_draft_and_show_each_other() {
    if !tmux_ready() {
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    let socket = format!("dsw-two-{}", std::process::id());
    let _server = TmuxServer(socket.clone());
    let start = |name: &str| {
        tmux(
            &socket,
            &[
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                "100",
                "-y",
                "30",
                &dsw_command(&s, "alice"),
            ],
        );
        wait_in(&socket, name, "指引");
    };
    start("one");
    tmux(&socket, &["send-keys", "-t", "one", "Enter"]);
    tmux(
        &socket,
        &["send-keys", "-t", "one", "-l", "第一個視窗的回答"],
    );
    wait_in(&socket, "one", "第一個視窗的回答");
    start("two");
    // The second window opens on 1.1.1 too; it answers the next question.
    tmux(&socket, &["send-keys", "-t", "two", "j"]);
    tmux(&socket, &["send-keys", "-t", "two", "Enter"]);
    tmux(
        &socket,
        &["send-keys", "-t", "two", "-l", "第二個視窗的回答"],
    );
    wait_in(&socket, "two", "第二個視窗的回答");
    let mut both = false;
    for _ in 0..100 {
        if let Some(draft) = read_draft(&s, "alice") {
            both = draft.mine.answer("1.1.1") == "第一個視窗的回答"
                && draft.mine.answer("1.1.2") == "第二個視窗的回答";
        }
        if both {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        both,
        "both answers in the draft: {:?}",
        read_draft(&s, "alice")
    );
    // Each window shows the other's answer. (A key right after Escape would be
    // read as Alt plus that key: let the Escape stand alone first.)
    tmux(&socket, &["send-keys", "-t", "one", "Escape"]);
    tmux(&socket, &["send-keys", "-t", "two", "Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux(&socket, &["send-keys", "-t", "one", "j"]);
    wait_in(&socket, "one", "第二個視窗的回答");
    tmux(&socket, &["send-keys", "-t", "two", "k"]);
    wait_in(&socket, "two", "第一個視窗的回答");
    let draft = read_draft(&s, "alice").expect("a draft");
    assert_eq!(draft.mine.answer("1.1.1"), "第一個視窗的回答");
    assert_eq!(draft.mine.answer("1.1.2"), "第二個視窗的回答");
}

fn tmux(socket: &str, args: &[&str]) -> String {
    let output = std::process::Command::new("tmux")
        .args(["-L", socket])
        .args(args)
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn wait_for(socket: &str, needle: &str) -> String {
    let mut screen = String::new();
    for _ in 0..100 {
        screen = tmux(socket, &["capture-pane", "-p"]);
        if screen.contains(needle) {
            return screen;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{needle:?} never appeared:\n{screen}");
}

/// Ctrl-L clears and redraws the whole screen (issue 11, item 5): text another
/// program wrote over the workbench is gone, and help lists the key.
#[test]
fn in_tmux_ctrl_l_redraws_the_screen() {
    if !tmux_ready() {
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    let socket = format!("dsw-test-redraw-{}", std::process::id());
    let _server = TmuxServer(socket.clone());
    let command = dsw_command(&s, "alice");
    tmux(
        &socket,
        &["new-session", "-d", "-x", "100", "-y", "30", &command],
    );
    wait_for(&socket, "指引");
    // Another program writes over the screen (as a `wall` message would).
    let tty = tmux(&socket, &["display", "-p", "#{pane_tty}"]);
    std::fs::write(tty.trim(), "\x1b[10;10HSTRAY-TEXT-FROM-ELSEWHERE").unwrap();
    wait_for(&socket, "STRAY-TEXT-FROM-ELSEWHERE");
    tmux(&socket, &["send-keys", "C-l"]);
    let mut screen = String::new();
    for _ in 0..50 {
        screen = tmux(&socket, &["capture-pane", "-p"]);
        if !screen.contains("STRAY") {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!screen.contains("STRAY"), "{screen}");
    assert!(screen.contains("指引"), "{screen}");
    tmux(&socket, &["send-keys", "?"]);
    let help = wait_for(&socket, "Ctrl-L");
    assert!(help.contains("重畫"), "{help}");
}

#[test]
fn in_tmux_typing_chinese_and_committing_lands_in_git_and_a_hangup_keeps_the_draft() {
    if !tmux_ready() {
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    let socket = format!("dsw-test-{}", std::process::id());
    // Killed however the test ends, so no server outlives a failed run.
    let _server = TmuxServer(socket.clone());
    let exe = assert_cmd::cargo::cargo_bin("dsw");
    let command = format!(
        "cd {} && HOME={} XDG_CONFIG_HOME={home}/.config XDG_STATE_HOME={home}/.local/state DSW_USER=alice DSW_AUTHOR='Alice <a@x>' LANG=C.UTF-8 {}",
        s.repo().display(),
        s.home().display(),
        exe.display(),
        home = s.home().display()
    );
    tmux(
        &socket,
        &["new-session", "-d", "-x", "100", "-y", "30", &command],
    );
    wait_for(&socket, "指引");
    tmux(&socket, &["send-keys", "Enter"]);
    tmux(&socket, &["send-keys", "-l", "服務對象是人事人員"]);
    wait_for(&socket, "服務對象是人事人員");
    // Escape and Ctrl-S in one burst (one write, read together as Alt+Ctrl-S):
    // the editor closes and the commit dialog opens.
    tmux(&socket, &["send-keys", "Escape", "C-s"]);
    wait_for(&socket, "提交");
    tmux(&socket, &["send-keys", "Enter"]);
    wait_for(&socket, "已提交");
    let log = s.git(&["log", "-1", "-p", "--format=%an %s"]);
    assert!(
        log.starts_with("Alice ") && log.contains("服務對象是人事人員"),
        "{log}"
    );

    // Type more, then the terminal goes away mid-typing.
    tmux(&socket, &["send-keys", "j"]);
    tmux(&socket, &["send-keys", "Enter"]);
    tmux(&socket, &["send-keys", "-l", "斷線前打的字"]);
    wait_for(&socket, "斷線前打的字");
    tmux(&socket, &["kill-server"]);
    // The process flushes the draft and exits within a second.
    let draft = s
        .repo()
        .join(".git/dsw/drafts/alice/ict-plan.assessment.toml");
    let mut found = false;
    for _ in 0..30 {
        std::thread::sleep(Duration::from_millis(100));
        if std::fs::read_to_string(&draft).is_ok_and(|t| t.contains("斷線前打的字")) {
            found = true;
            break;
        }
    }
    assert!(found, "the typed text is in the draft");
    // The next start announces and restores it.
    tmux(
        &socket,
        &["new-session", "-d", "-x", "100", "-y", "30", &command],
    );
    let screen = wait_for(&socket, "已還原");
    assert!(screen.contains("指引"), "{screen}");
    tmux(&socket, &["kill-server"]);
}

/// Ticks the workbench (as its event loop does) until the screen satisfies `done`;
/// the presence thread reads every second. Bounded, so a failure ends the test.
fn tick_until(app: &mut App, done: impl Fn(&str) -> bool) -> String {
    let mut text = String::new();
    for _ in 0..500 {
        app.tick();
        text = screen(app, 120, 40);
        if done(&text) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    text
}

/// Waits (bounded) until `done` holds for who the store says is editing.
fn editing_until(
    store: &Store,
    name: &AssessmentName,
    done: impl Fn(&[dsw::store::Presence]) -> bool,
) -> Vec<dsw::store::Presence> {
    let mut list = Vec::new();
    for _ in 0..500 {
        list = store.editing(name);
        if done(&list) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    list
}

#[test]
fn someone_elses_editor_is_marked_in_the_tree_and_opening_the_same_question_says_so() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    let store = Store::open(&s.repo()).unwrap();
    let name = AssessmentName("ict-plan".into());
    // A record in the name of someone other than its account shows the account
    // too: nobody can pass for another person.
    let forged = store.announce(&name, "alice", "1.1.2").unwrap();
    let login = dsw::store::Account::current().login;
    let text = tick_until(&mut app, |t| t.contains(&format!("alice({login})")));
    assert!(!text.contains("✎alice "), "{text}");
    drop(forged);
    // From here on "alice" is this account's own login: shown as is.
    let alice_name = login.clone();
    let alice = store.announce(&name, &alice_name, "1.1.1").unwrap();
    let text = tick_until(&mut app, |t| {
        t.contains(&format!("✎{alice_name}")) && !t.contains("alice(")
    });
    let row = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        row("· 1.1.1 ").contains(&format!("✎{alice_name}")),
        "{text}"
    );
    assert!(
        row("[ ] 1.1 ").contains(&format!("✎{alice_name}")),
        "the item row too:\n{text}"
    );
    assert!(!row("· 1.1.2 ").contains('✎'), "{text}");

    // The cursor starts on 1.1.1: opening the editor there says who else is on it.
    app.key(key(KeyCode::Enter));
    app.tick();
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains(&format!("{alice_name} 正在編輯這一題")),
        "{text}"
    );
    // This window announces itself too (its own record is not marked as someone
    // else's), and withdraws when the editor closes.
    let both = editing_until(&store, &name, |l| l.len() == 2);
    let users: Vec<&str> = both.iter().map(|p| p.user.as_str()).collect();
    assert!(
        users.contains(&"tester") && users.contains(&alice_name.as_str()),
        "{both:?}"
    );
    assert!(!screen(&mut app, 120, 40).contains("✎tester"));
    app.key(key(KeyCode::Esc));
    app.tick();
    let left = editing_until(&store, &name, |l| l.len() == 1);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].user, alice_name);

    // Alice leaves: the marks go.
    drop(alice);
    let text = tick_until(&mut app, |t| !t.contains('✎'));
    assert!(!text.contains('✎'), "{text}");
}

#[test]
fn someone_elses_brics_cell_is_marked_in_the_grid_and_quitting_withdraws_presence() {
    let s = Sandbox::new();
    s.init("ict-plan");
    s.dsw("bob")
        .args([
            "brics",
            "set",
            "資料申請小幫手",
            "資料申請者",
            "benefit",
            "省時",
        ])
        .assert()
        .success();
    s.dsw("bob")
        .args(["commit", "-m", "BRiCS"])
        .assert()
        .success();
    let store = Store::open(&s.repo()).unwrap();
    let name = AssessmentName("ict-plan".into());
    let model = Model::open(
        Store::open(&s.repo()).unwrap(),
        name.clone(),
        "tester".into(),
        Lang::En,
    )
    .unwrap();
    let mut app = App::new(model, Theme::fallback(), Keymap::default());
    let table = &app.model.assessment().brics[0];
    let risk = format!("brics/{}/{}/risk", table.id, table.stakeholders[0].id);
    let alice_name = dsw::store::Account::current().login;
    let _alice = store.announce(&name, &alice_name, &risk).unwrap();
    app.key(key(KeyCode::Char('2')));
    let text = tick_until(&mut app, |t| t.contains(&format!("✎{alice_name}")));
    let row = text
        .lines()
        .find(|l| l.contains("資料申請者"))
        .unwrap_or_default();
    assert!(
        row.contains("省時") && row.contains(&format!("✎{alice_name}")),
        "{text}"
    );
    // The grid opens on the benefit column; the risk cell is one to the right.
    app.key(key(KeyCode::Right));
    app.key(key(KeyCode::Enter));
    app.tick();
    let text = screen(&mut app, 120, 40);
    assert!(
        text.contains(&format!("{alice_name} is editing this too")),
        "{text}"
    );
    let both = editing_until(&store, &name, |l| l.len() == 2);
    assert!(
        both.iter().any(|p| p.user == "tester" && p.field == risk),
        "{both:?}"
    );
    // Quitting while the editor is open withdraws this window's presence.
    drop(app);
    let left = store.editing(&name);
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].user, alice_name);
}

/// The same person commits from the CLI (or another window) while typing in the
/// workbench: the committed answer stays shown and counted — the draft, already
/// moved onto the new head by a save, is never rebased back onto the head the
/// window heard of before.
#[test]
fn a_commit_from_my_other_window_while_i_type_keeps_its_answer_shown() {
    let s = Sandbox::new();
    let mut app = app(&s, "ict-plan", Lang::Zh);
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "一邊打字");
    // The draft is on disk; then the other window answers and commits it away.
    until(&mut app, "the first save", |app| !app.model.is_dirty());
    s.dsw("tester")
        .args(["answer", "1.1.2", "另一個視窗提交的"])
        .assert()
        .success();
    s.dsw("tester")
        .args(["commit", "-m", "另一個視窗"])
        .assert()
        .success();
    // Keep typing while the save and the head report come in, in either order.
    for _ in 0..40 {
        type_text(&mut app, "字");
        app.tick();
        std::thread::sleep(Duration::from_millis(40));
    }
    until(&mut app, "the save", |app| !app.model.is_dirty());
    until(&mut app, "the head", |app| {
        app.model.assessment().answer("1.1.2") == "另一個視窗提交的"
    });
    app.key(key(KeyCode::Esc));
    assert!(
        app.model
            .assessment()
            .answer("1.1.1")
            .starts_with("一邊打字")
    );
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("✓ 1.1.2"), "{text}");
}

/// Hostile text from the repository — answers, stakeholders, cells, tags, commit
/// messages, authors — never reaches the screen raw, on any tab (issue 9, item 7).
#[test]
fn hostile_text_is_never_drawn_raw_on_any_tab() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let hostile = "a\u{7f}b\u{9b}c\u{202e}d\u{200b}e\u{feff}f\u{1b}[31mg\rh\u{8}i";
    for args in [
        vec!["answer", "1.1.1", hostile],
        vec!["brics", "set", hostile, hostile, "risk", hostile],
        vec!["evidence", "1.1", "add", hostile, hostile],
    ] {
        s.dsw("alice").args(&args).assert().success();
    }
    s.dsw("alice")
        .env("DSW_AUTHOR", format!("Evil{} <e@x>", "\u{202e}"))
        .args(["commit", "-m", hostile])
        .assert()
        .success();
    s.dsw("alice")
        .args(["tag", "zw\u{200b}tag"])
        .assert()
        .success();
    let store = Store::open(&s.repo()).unwrap();
    let model = Model::open(
        store,
        AssessmentName("ict-plan".into()),
        "tester".into(),
        Lang::Zh,
    )
    .unwrap();
    let mut app = App::new(model, Theme::fallback(), Keymap::default());
    let mut shown = String::new();
    for tab in ['1', '2', '3', '4', '5'] {
        app.key(key(KeyCode::Char(tab)));
        for _ in 0..20 {
            app.model.poll_now();
            app.tick();
            std::thread::sleep(Duration::from_millis(10));
        }
        for (w, h) in [(120, 40), (80, 24)] {
            let text = screen(&mut app, w, h);
            let raw: Vec<char> = text
                .chars()
                .filter(|c| *c != '\n' && dsw::safe_text::is_hazard(*c))
                .collect();
            assert!(raw.is_empty(), "tab {tab} at {w}x{h}: {raw:?}\n{text}");
            shown.push_str(&text);
        }
    }
    // The text was there to see, made visible.
    assert!(shown.contains("<U+202E>") && shown.contains('␛'), "{shown}");
}

/// Nothing spills out of its box (issue 11, item 4): every screen — each tab, help,
/// the commit dialog, the tag and BRiCS prompts — at every width from 20 to 160 (heights 24 and 40), with answers and BRiCS cells of
/// Chinese, Latin, emoji and combining text, drawn through dsw's terminal output
/// into a terminal emulator, shows exactly what ratatui laid out. A wide character
/// straddling a border or the last column would show there as a cell that differs
/// (a border covered, a row shifted).
#[test]
fn every_screen_at_every_width_shows_exactly_what_was_laid_out() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let texts = [
        "民眾線上申請資料並即時查詢進度，「資料申請小幫手」協助 My Data 加值服務。",
        "😀👍 表情 e\u{301} combining é and ÅÅÅ Ωmega → 箭頭 ☑ ☐ ·…",
        "Supercalifragilisticexpialidocious-words-that-never-break 長長長長長長長長長長",
        "１２３全形數字　全形空白，、。；：？！（）「」『』",
    ];
    for (n, id) in ["1.1.1", "1.1.2", "1.1.3", "3.1.1"].iter().enumerate() {
        let (code, _, err) = run(s.dsw("tester").args(["answer", id, texts[n % texts.len()]]));
        assert_eq!(code, 0, "{err}");
    }
    for (cell, text) in [("benefit", texts[0]), ("risk", texts[1])] {
        let (code, _, err) = run(s
            .dsw("tester")
            .args(["brics", "set", "", "民眾", cell, text]));
        assert_eq!(code, 0, "{err}");
    }
    let mut app = reopen(&s, "ict-plan", Lang::Zh);
    let mut failures = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for width in 20..=160u16 {
        for height in [24u16, 40] {
            for keys in [
                vec![key(KeyCode::Char('1'))],
                vec![key(KeyCode::PageDown)],
                vec![key(KeyCode::Char('2'))],
                vec![key(KeyCode::Char('3'))],
                vec![key(KeyCode::Char('4'))],
                vec![key(KeyCode::Char('5'))],
                vec![key(KeyCode::Char('6'))],
                vec![key(KeyCode::Char('1')), key(KeyCode::Char('?'))],
                vec![key(KeyCode::Esc), ctrl('s')],
                vec![
                    key(KeyCode::Esc),
                    key(KeyCode::Char('3')),
                    key(KeyCode::Char('t')),
                ],
                vec![
                    key(KeyCode::Esc),
                    key(KeyCode::Char('2')),
                    key(KeyCode::Char('a')),
                ],
                vec![key(KeyCode::Esc)],
            ] {
                for event in keys {
                    // Background results (the history's pages) as the event loop
                    // takes them in.
                    app.tick();
                    app.key(event);
                }
                let size = ratatui::layout::Size::new(width, height);
                let sent = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
                let mut terminal =
                    Terminal::new(dsw::tui::LeanBackend::with_size(Shared(sent.clone()), size))
                        .unwrap();
                let frame = terminal.draw(|frame| app.draw(frame)).unwrap();
                let buffer = frame.buffer.clone();
                let text = dsw::tui::buffer_text(&buffer);
                for (what, marker) in [
                    ("the tag prompt", "送審標記名稱"),
                    ("the BRiCS prompt", "利害關係人名稱"),
                ] {
                    if text.contains(marker) {
                        seen.insert(what);
                    }
                }
                let mut emulator =
                    vt100::Parser::new(height.try_into().unwrap(), width.try_into().unwrap(), 0);
                emulator.process(&sent.borrow());
                if let Some(at) = first_difference(emulator.screen(), &buffer) {
                    failures.push(format!("{width}×{height}: {at}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(seen.len(), 2, "the prompts were drawn: {seen:?}");
}

/// Every border whole in a real terminal (issue 11, item 4): dsw in tmux, resized
/// within one session through every width from 60 to 140 at height 24, then every
/// height from 25 to 40 at widths 60, 100 and 140. At each size it shows a guideline
/// (the next of the thirteen at each size, so each is seen at ten sizes or more, with
/// and without the reference pane), help, the BRiCS tab, history, the diff, the
/// overview, the review comments and the commit dialog; at 60×24, 80×24, 100×30, 120×24 and 140×40 it
/// shows all thirteen guidelines. Answers, BRiCS cells, the title and the messages
/// hold Chinese with its punctuation, long Latin words, emoji (flags, skin tones,
/// presentation selectors, joined ones), combining marks and full-width text. Each
/// screen, once drawn (its own words showing, two captures alike), has no line wider
/// than the terminal, and every row that starts with a border ends with one in the
/// terminal's last column (the rightmost pane's border).
#[test]
fn in_tmux_every_border_is_whole_at_every_size() {
    if !tmux_ready() {
        return;
    }
    let s = Sandbox::new();
    s.init("service");
    let texts = [
        "民眾線上申請資料並即時查詢進度，「資料申請小幫手」協助 My Data 加值服務。軟體開發方式，持續精進服務。",
        "😀👍🏽 表情 🇹🇼 ❤\u{fe0f} 👨\u{200d}👩\u{200d}👧 e\u{301} combining ｶﾞ ÅÅÅ → 箭頭 ☑ ① ·…",
        "Supercalifragilisticexpialidocious-words-that-never-break 長長長長長長長長長長長長長長長長長長長長長長長長",
        "１２３全形數字　全形空白，、。；：？！（）「」『』《》",
    ];
    let cli = |args: &[&str]| {
        let (code, _, err) = run(s.dsw("alice").args(args));
        assert_eq!(code, 0, "dsw {args:?}: {err}");
    };
    cli(&["meta", "plan", texts[0]]);
    for (n, id) in ["1.1.1", "1.1.2", "4.1.1", "7.1.1", "13.1.1"]
        .iter()
        .enumerate()
    {
        cli(&["answer", id, texts[n % texts.len()]]);
    }
    for (cell, text) in [
        ("benefit", texts[0]),
        ("risk", texts[1]),
        ("cost", texts[2]),
    ] {
        cli(&["brics", "set", "", "民眾 😀🇹🇼", cell, text]);
    }
    cli(&["commit", "-m", texts[1]]);
    cli(&["tag", "第一次送審"]);
    cli(&["answer", "2.1.1", texts[3]]);
    cli(&["review", "add", "1.1.1", texts[1]]);
    cli(&["review", "add", "general", texts[2]]);
    cli(&["review", "reply", "1", texts[0]]);

    // The words each guideline's screen shows: the start of its principle.
    let store = Store::open(&s.repo()).unwrap();
    let catalog = store.catalog();
    let form = &catalog.form("service").unwrap().form;
    let principles: Vec<String> = form
        .groups
        .iter()
        .map(|group| {
            let guideline = catalog.guidelines.guideline(&group.id).unwrap();
            guideline.principle.to_string().chars().take(8).collect()
        })
        .collect();
    assert_eq!(principles.len(), 13);

    let socket = format!("dsw-borders-{}", std::process::id());
    let _server = TmuxServer(socket.clone());
    let command = dsw_command(&s, "alice");
    tmux(
        &socket,
        &[
            "new-session",
            "-d",
            "-s",
            "sweep",
            "-x",
            "60",
            "-y",
            "24",
            &command,
        ],
    );
    wait_in(&socket, "sweep", "指引");
    // Every guideline folded: the tree is then the thirteen, one a row.
    let mut fold = vec!["g"];
    for _ in 0..13 {
        fold.extend(["h", "j"]);
    }
    tmux(
        &socket,
        &[&["send-keys", "-t", "sweep"][..], &fold].concat(),
    );

    let mut sizes: Vec<(u16, u16)> = (60..=140).map(|w| (w, 24)).collect();
    for height in 25..=40 {
        sizes.extend([60, 100, 140].map(|w| (w, height)));
    }
    let every_guideline = [(60, 24), (80, 24), (100, 30), (120, 24), (140, 40)];
    let mut next_guideline = 0;
    // What the screen shows before the first key: the checklist.
    let mut showing = "┌ 指引 ";
    for (width, height) in sizes {
        tmux(
            &socket,
            &[
                "resize-window",
                "-t",
                "sweep",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ],
        );
        // The screen it showed, drawn again at the new size, before any key: a key
        // that arrives with the resize can wait in crossterm 0.29 until the next
        // one (it returns the resize and forgets that the terminal had input too).
        if let Err(why) = drawn_whole(&socket, showing, usize::from(width)) {
            panic!("resized to {width}×{height}: {why}");
        }
        let guidelines: Vec<usize> = if every_guideline.contains(&(width, height)) {
            (0..13).collect()
        } else {
            next_guideline = (next_guideline + 1) % 13;
            vec![next_guideline]
        };
        let mut screens: Vec<(String, Vec<String>, &str)> = Vec::new();
        for (n, guideline) in guidelines.iter().enumerate() {
            let mut keys = if n == 0 { vec!["Escape", "1"] } else { vec![] };
            keys.push("g");
            keys.extend(std::iter::repeat_n("j", *guideline));
            screens.push((
                format!("guideline {}", guideline + 1),
                keys.into_iter().map(str::to_owned).collect(),
                &principles[*guideline],
            ));
        }
        for (what, keys, shows) in [
            ("help", vec!["?"], "說明（"),
            ("BRiCS", vec!["Escape", "2"], "BRiCS 表："),
            ("history", vec!["3"], "個版本"),
            ("diff", vec!["4"], "你的草稿"),
            ("overview", vec!["5"], "┌ 總覽"),
            ("reviews", vec!["6"], "┌ 審查意見"),
            ("the commit dialog", vec!["C-s"], "版本說明"),
        ] {
            screens.push((
                what.to_owned(),
                keys.into_iter().map(str::to_owned).collect(),
                shows,
            ));
        }
        for (what, keys, shows) in screens {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            tmux(
                &socket,
                &[&["send-keys", "-t", "sweep"][..], &keys].concat(),
            );
            if let Err(why) = drawn_whole(&socket, shows, usize::from(width)) {
                panic!("{what} at {width}×{height}: {why}");
            }
            showing = shows;
        }
    }
}

/// The screen of the tmux session `sweep` once it shows `shows` and two captures in
/// a row are alike; an error naming each row that is wider than `width` or starts
/// with a border without ending with one in column `width` (after five seconds of
/// waiting for the screen to be drawn whole).
fn drawn_whole(socket: &str, shows: &str, width: usize) -> Result<String, String> {
    let mut last = String::new();
    let mut problems = Vec::new();
    for _ in 0..250 {
        let screen = tmux(socket, &["capture-pane", "-p", "-t", "sweep"]);
        problems = if screen.contains(shows) {
            border_problems(&screen, width)
        } else {
            vec![format!("{shows:?} is not on the screen")]
        };
        if problems.is_empty() && screen == last {
            return Ok(screen);
        }
        last = screen;
        std::thread::sleep(Duration::from_millis(20));
    }
    Err(format!("{}\n{last}", problems.join("\n")))
}

/// The rows of a captured `screen` wider than `width`, or starting with a border
/// (`│┌└├`) without ending with one (`│┐┘┤`) in column `width`.
fn border_problems(screen: &str, width: usize) -> Vec<String> {
    let mut problems = Vec::new();
    for (n, row) in screen.lines().enumerate() {
        let columns = unicode_width::UnicodeWidthStr::width(row);
        if columns > width {
            problems.push(format!("row {n} is {columns} columns wide: {row:?}"));
        }
        let starts = row.chars().next().is_some_and(|c| "│┌└├".contains(c));
        let ends = row.chars().last().is_some_and(|c| "│┐┘┤".contains(c));
        if starts && (!ends || columns != width) {
            problems.push(format!(
                "row {n} starts with a border but does not end with one in column {width}: {row:?}"
            ));
        }
    }
    problems
}
