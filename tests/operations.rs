//! One operation, one result: what the command line does and what the workbench does
//! are the same operation below both, so each test here performs it through both —
//! `dsw` as a program, the workbench in-process on ratatui's TestBackend — and
//! asserts the same outcome (issue 10, item 4): BRiCS edits and their checks, tags
//! and their refusals, "others' revisions since my draft", what "my draft changes",
//! the commit outcome, and a conflict on a field that is not text.

mod common;

use std::time::Duration;

use common::{Sandbox, run};
use dsw::assessment::{Assessment, BricsError};
use dsw::i18n::Lang;
use dsw::store::{AssessmentName, Store, StoreError, Sync};
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

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.key(key(KeyCode::Char(c)));
    }
}

/// The workbench on the sandbox's `form` assessment as `user` (their draft, if any).
fn workbench(s: &Sandbox, form: &str, user: &str) -> App {
    let store = Store::open(&s.repo()).unwrap();
    let model = Model::open_with(
        store,
        AssessmentName(form.into()),
        user.into(),
        Lang::Zh,
        Some(s.dir.path().join("state")),
    )
    .unwrap();
    App::new(model, Theme::fallback(), Keymap::default())
}

/// The screen as text; wide, so a long notice in the footer is not cut.
fn screen(app: &mut App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(320, 40)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    dsw::tui::buffer_text(terminal.backend().buffer())
}

/// Ticks until the screen shows `needle` (at most about ten seconds).
fn until_shown(app: &mut App, needle: &str) -> String {
    for _ in 0..1000 {
        app.model.poll_now();
        app.tick();
        let text = screen(app);
        if text.contains(needle) {
            return text;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("never shown: {needle}\n{}", screen(app));
}

/// `user`'s draft of `form` as the store reads it.
fn draft_of(s: &Sandbox, form: &str, user: &str) -> Assessment {
    let store = Store::open(&s.repo()).unwrap();
    store
        .draft(&AssessmentName(form.into()), user)
        .unwrap()
        .expect("a draft")
        .mine
}

fn dsw_ok(s: &Sandbox, user: &str, args: &[&str]) -> String {
    let (code, out, err) = run(s.dsw(user).args(args));
    assert_eq!(code, 0, "dsw {args:?}: {err}");
    out
}

/// Commits an answer to `question` as `user` (author `user`).
fn commit_answer(s: &Sandbox, user: &str, question: &str, text: &str) {
    dsw_ok(s, user, &["answer", question, text]);
    dsw_ok(s, user, &["commit", "-m", text]);
}

/// A sandbox whose ict-plan assessment has the table 小幫手 with the stakeholder 甲.
fn with_table() -> Sandbox {
    let s = Sandbox::new();
    s.init("ict-plan");
    dsw_ok(
        &s,
        "alice",
        &["brics", "set", "小幫手", "甲", "risk", "起點"],
    );
    dsw_ok(&s, "alice", &["commit", "-m", "表"]);
    s
}

#[test]
fn others_revisions_since_my_draft_name_each_author_once_in_both() {
    let s = Sandbox::new();
    s.init("ict-plan");
    dsw_ok(&s, "carol", &["answer", "1.1.1", "我的草稿"]);
    commit_answer(&s, "王小明", "1.1.2", "一");
    commit_answer(&s, "李小華", "1.1.3", "二");
    commit_answer(&s, "王小明", "2.1.1", "三");

    let (_, json, _) = run(s.dsw("carol").args(["status", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["newer"]["count"], 3);
    assert_eq!(
        value["newer"]["authors"],
        serde_json::json!(["王小明", "李小華"])
    );
    let status = dsw_ok(&s, "carol", &["status"]);
    assert!(
        status.contains("提交了 3 個版本（王小明、李小華）"),
        "{status}"
    );

    let mut app = workbench(&s, "ict-plan", "carol");
    let header = screen(&mut app);
    assert!(header.contains("3 個新版本（王小明、李小華）"), "{header}");
    assert!(!header.contains("李小華、王小明"), "{header}");
}

#[test]
fn my_draft_changes_are_counted_from_the_head_in_both() {
    let s = Sandbox::new();
    s.init("ict-plan");
    dsw_ok(&s, "carol", &["answer", "1.1.1", "我的版本"]);
    // A teammate answered the same question differently, and another one, meanwhile.
    dsw_ok(&s, "bob", &["answer", "1.1.1", "對方的版本"]);
    dsw_ok(&s, "bob", &["answer", "1.1.2", "對方的第二題"]);
    dsw_ok(&s, "bob", &["commit", "-m", "bob"]);

    // Committing would change one answer of the head (bob's to carol's): not add one
    // (counted from the draft's base), and not remove bob's second answer (the draft
    // alone against the head).
    let stat = dsw_ok(&s, "carol", &["diff", "--stat"]);
    let stat = stat.trim();
    assert_eq!(stat, "1 題回答修改");
    let status = dsw_ok(&s, "carol", &["status"]);
    assert!(status.contains(&format!("）：{stat}")), "{status}");
    let diff = dsw_ok(&s, "carol", &["diff"]);
    assert!(!diff.contains("對方的第二題"), "{diff}");

    let mut app = workbench(&s, "ict-plan", "carol");
    app.key(ctrl('s'));
    let dialog = screen(&mut app);
    assert!(
        dialog.contains(stat),
        "the commit message is prefilled with the same count:\n{dialog}"
    );
    app.key(key(KeyCode::Esc));
    app.key(key(KeyCode::Char('4')));
    let tab = until_shown(&mut app, stat);
    assert!(
        !tab.contains("新增回答") && !tab.contains("刪除回答"),
        "{tab}"
    );
}

#[test]
fn a_tag_is_refused_alike_in_both_and_a_bad_name_is_not_an_unknown_revision() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let tagged = dsw_ok(&s, "alice", &["tag", "v1"]);
    assert!(tagged.starts_with("已標記 v1 → "), "{tagged}");
    let exists = StoreError::TagExists("v1".into()).message(Lang::Zh);
    let bad = StoreError::BadTagName("a:b".into()).message(Lang::Zh);
    let (code, _, err) = run(s.dsw("alice").args(["tag", "v1"]));
    assert_eq!(code, 2);
    assert!(err.contains(&exists), "{err}");
    // The name is checked before the revision: both are wrong, the name is said.
    let (code, _, err) = run(s.dsw("alice").args(["tag", "a:b", "no-such-rev"]));
    assert_eq!(code, 2);
    assert!(err.contains(&bad) && !err.contains("找不到版本"), "{err}");

    let mut app = workbench(&s, "ict-plan", "carol");
    app.key(key(KeyCode::Char('3')));
    until_shown(&mut app, "v1");
    for (name, said) in [("v1", &exists), ("a:b", &bad)] {
        app.key(key(KeyCode::Char('t')));
        type_text(&mut app, name);
        app.key(key(KeyCode::Enter));
        let text = screen(&mut app);
        assert!(text.contains(said.as_str()), "{name}:\n{text}");
    }
    app.key(key(KeyCode::Char('t')));
    type_text(&mut app, "v2");
    app.key(key(KeyCode::Enter));
    let text = screen(&mut app);
    let (_, tags, _) = run(s.dsw("alice").args(["tags"]));
    assert!(tags.contains("v2"), "{tags}");
    let head = &tagged["已標記 v1 → ".len()..].trim();
    assert!(text.contains(&format!("已標記 v2 → {head}")), "{text}");
}

#[test]
fn the_commit_outcome_reads_the_same_in_both_and_names_a_hand_edited_file() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let file = s.repo().join("ict-plan.assessment.toml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\n[question.\"2.2.1\"]\nanswer = \"\"\"\n手改的回答\"\"\"\n");
    std::fs::write(&file, &text).unwrap();
    let note = Sync::HandEdited(file.clone()).describe(Lang::Zh).unwrap();

    // The workbench, with teammates' revision to merge; then the command line.
    let mut app = workbench(&s, "ict-plan", "carol");
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "工作台的回答");
    app.key(key(KeyCode::Esc));
    commit_answer(&s, "bob", "1.1.2", "隊友的回答");
    until_shown(&mut app, "1 個新版本");
    app.key(ctrl('s'));
    app.key(key(KeyCode::Enter));
    let tui = screen(&mut app);
    dsw_ok(&s, "dave", &["answer", "1.1.3", "指令列的回答"]);
    commit_answer(&s, "erin", "2.1.1", "又一個");
    let (code, cli, err) = run(s.dsw("dave").args(["commit", "-m", "指令列"]));
    assert_eq!(code, 0, "{err}");

    for (who, said) in [("workbench", &tui), ("command line", &cli)] {
        assert!(
            said.contains("已提交") && said.contains("1 題新增回答（已與他人的新版本合併）"),
            "{who}:\n{said}"
        );
        assert!(
            said.contains(&note),
            "{who} names the hand-edited file:\n{said}"
        );
    }
    // Each front end says how to take the edits in, in its own terms.
    assert!(cli.contains("dsw commit --from-file -m MSG"), "{cli}");
    assert!(tui.contains("離開（q）"), "{tui}");
    assert!(cli.contains("git checkout -- "), "{cli}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn a_new_table_gets_the_same_default_title_in_both() {
    let s = Sandbox::new();
    s.init("ict-plan");
    dsw_ok(
        &s,
        "alice",
        &["brics", "set", "", "資料申請者", "benefit", "省時"],
    );
    let cli = draft_of(&s, "ict-plan", "alice");

    let mut app = workbench(&s, "ict-plan", "carol");
    app.key(key(KeyCode::Char('2')));
    app.key(key(KeyCode::Char('a')));
    let prompt = screen(&mut app);
    assert!(
        prompt.contains("BRiCS 分析"),
        "the prompt offers it:\n{prompt}"
    );
    app.key(key(KeyCode::Enter));
    app.key(key(KeyCode::Char('a')));
    type_text(&mut app, "資料申請者");
    app.key(key(KeyCode::Enter));
    let tui = app.model.assessment();

    for brics in [&cli.brics, &tui.brics] {
        assert_eq!(brics.len(), 1);
        assert_eq!(brics[0].title, "BRiCS 分析");
        assert_eq!(brics[0].stakeholders[0].name, "資料申請者");
    }
}

#[test]
fn a_stakeholder_name_is_never_made_ambiguous_by_either() {
    let s = with_table();
    let names = |a: &Assessment| -> Vec<String> {
        a.brics[0]
            .stakeholders
            .iter()
            .map(|s| s.name.clone())
            .collect()
    };

    // The command line names a stakeholder to set its cell: the one 甲.
    dsw_ok(
        &s,
        "carol",
        &["brics", "set", "小幫手", "甲", "cost", "人力"],
    );
    assert_eq!(names(&draft_of(&s, "ict-plan", "carol")), ["甲"]);
    // The workbench adds one by name, or renames one: never a second 甲.
    let mut app = workbench(&s, "ict-plan", "dave");
    app.key(key(KeyCode::Char('2')));
    app.key(key(KeyCode::Char('a')));
    type_text(&mut app, "甲");
    app.key(key(KeyCode::Enter));
    let taken = BricsError::NameTaken {
        table: "小幫手".into(),
        name: "甲".into(),
    }
    .message(Lang::Zh);
    assert!(screen(&mut app).contains(&taken), "{}", screen(&mut app));
    assert_eq!(names(app.model.assessment()), ["甲"]);

    // Two people adding 乙 at once leave two: by that name, the command line can tell
    // neither, and the workbench makes no third.
    for (user, risk) in [("bob", "乙說"), ("erin", "又一個乙說")] {
        dsw_ok(&s, user, &["brics", "set", "小幫手", "乙", "risk", risk]);
    }
    dsw_ok(&s, "bob", &["commit", "-m", "乙"]);
    dsw_ok(&s, "erin", &["commit", "-m", "乙"]);
    let (code, _, err) = run(s
        .dsw("alice")
        .args(["brics", "set", "小幫手", "乙", "cost", "x"]));
    assert_eq!(code, 2);
    assert!(err.contains("2 位利害關係人都叫「乙」"), "{err}");
    let mut app = workbench(&s, "ict-plan", "frank");
    app.key(key(KeyCode::Char('2')));
    app.key(key(KeyCode::Char('R')));
    for _ in 0.."甲".chars().count() {
        app.key(key(KeyCode::Backspace));
    }
    type_text(&mut app, "乙");
    app.key(key(KeyCode::Enter));
    assert_eq!(names(app.model.assessment()), ["甲", "乙", "乙"]);
}

#[test]
fn an_unknown_kind_is_refused_and_both_offer_the_same_kinds() {
    let s = with_table();
    let (code, _, err) = run(s
        .dsw("alice")
        .args(["brics", "set", "小幫手", "甲", "kind", "usr"]));
    assert_eq!(code, 2);
    let mut offered: Vec<String> = err
        .split("可用：")
        .nth(1)
        .unwrap_or_default()
        .trim()
        .split('、')
        .map(|k| k.split(' ').next().unwrap_or_default().to_owned())
        .collect();
    assert!(err.contains("`user`?"), "{err}");

    // The workbench's kind column cycles through the kinds (and none).
    let mut app = workbench(&s, "ict-plan", "carol");
    app.key(key(KeyCode::Char('2')));
    // To the kind column, second from the left.
    for _ in 0..5 {
        app.key(key(KeyCode::Left));
    }
    app.key(key(KeyCode::Right));
    let mut cycled = Vec::new();
    for _ in 0..=offered.len() {
        app.key(key(KeyCode::Enter));
        cycled.push(app.model.assessment().brics[0].stakeholders[0].kind.clone());
    }
    offered.push(String::new());
    assert_eq!(cycled, offered);
    for kind in &cycled {
        dsw_ok(&s, "dave", &["brics", "set", "小幫手", "甲", "kind", kind]);
    }
}

#[test]
fn a_conflict_on_a_status_or_kind_offers_only_mine_or_theirs_in_both() {
    let s = Sandbox::new();
    s.init("ict-plan");
    dsw_ok(
        &s,
        "alice",
        &["brics", "set", "小幫手", "甲", "kind", "user"],
    );
    dsw_ok(&s, "alice", &["commit", "-m", "表"]);
    for (user, status, kind) in [("carol", "done", "provider"), ("bob", "na", "authority")] {
        dsw_ok(&s, user, &["mark", "1.1", status]);
        dsw_ok(&s, user, &["brics", "set", "小幫手", "甲", "kind", kind]);
    }
    dsw_ok(&s, "bob", &["commit", "-m", "bob"]);

    let (code, _, err) = run(s.dsw("carol").args(["commit", "-m", "carol"]));
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("dsw resolve 1.1 --mine | --theirs\n"), "{err}");
    assert!(
        err.contains("dsw resolve brics/小幫手/甲/kind --mine | --theirs\n"),
        "{err}"
    );
    for id in ["1.1", "brics/小幫手/甲/kind"] {
        let (code, _, err) = run(s.dsw("carol").args(["resolve", id, "--text", "done"]));
        assert_eq!(code, 2);
        assert!(err.contains("不是文字"), "{err}");
    }

    let mut app = workbench(&s, "ict-plan", "carol");
    app.key(ctrl('s'));
    app.key(key(KeyCode::Enter));
    let view = screen(&mut app);
    assert_eq!(view.matches("（只能選我的或對方的）").count(), 2, "{view}");
    // A rewrite is refused at once, saying which keys settle it.
    app.key(key(KeyCode::Char('e')));
    let refused = screen(&mut app);
    assert!(
        refused.contains("不能改寫：請按 m 用我的，或 t 用對方的"),
        "{refused}"
    );
    app.key(key(KeyCode::Char('t')));
    app.key(key(KeyCode::Down));
    app.key(key(KeyCode::Char('m')));
    app.key(key(KeyCode::Enter));
    let after = screen(&mut app);
    assert!(after.contains("已提交"), "{after}");
    let store = Store::open(&s.repo()).unwrap();
    let head = store
        .load_at(
            &AssessmentName("ict-plan".into()),
            store.head_commit().unwrap(),
        )
        .unwrap();
    assert_eq!(head.status("1.1"), dsw::form::Status::Na, "theirs");
    assert_eq!(head.brics[0].stakeholders[0].kind, "provider", "mine");
}

#[test]
fn an_edit_a_teammate_committed_too_is_no_change_in_either() {
    let s = Sandbox::new();
    s.init("ict-plan");
    dsw_ok(&s, "carol", &["answer", "1.1.3", "同一個回答"]);
    commit_answer(&s, "bob", "1.1.3", "同一個回答");
    let status = dsw_ok(&s, "carol", &["status"]);
    assert!(status.contains("沒有草稿變更。"), "{status}");
    assert_eq!(dsw_ok(&s, "carol", &["diff", "--stat"]).trim(), "沒有變更");

    let mut app = workbench(&s, "ict-plan", "carol");
    app.key(ctrl('s'));
    let said = screen(&mut app);
    // The workbench says what `dsw commit` says.
    let cli = dsw_ok(&s, "carol", &["commit", "-m", "同一個回答"]);
    assert_eq!(cli.trim(), "沒有需要提交的變更。");
    assert!(said.contains(cli.trim()), "{said}");
}
