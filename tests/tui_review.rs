//! The review loop in the workbench (issue 12): teammates' comments and replies
//! appearing live, the 審查 tab's jumps to what a comment is about, and the 指引
//! tab's marks and filters — driven by keys on ratatui's TestBackend, with the
//! review data made through the library (`Store::act_on_review`) or by plain git.

mod common;

use std::time::Duration;

use common::screen::{Shared, first_difference};
use common::{Sandbox, needs_git, run};
use dsw::i18n::Lang;
use dsw::review::{Action, Review, Stamp, Target};
use dsw::store::{AssessmentName, Author, Store};
use dsw::tui::{App, Keymap, Model, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn name() -> AssessmentName {
    AssessmentName("ict-plan".into())
}

/// A workbench on the sandbox's ict-plan assessment.
fn open(s: &Sandbox) -> App {
    let store = Store::open(&s.repo()).unwrap();
    let recovery = s.dir.path().join("state");
    let model = Model::open_with(store, name(), "tester".into(), Lang::Zh, Some(recovery)).unwrap();
    App::new(model, Theme::fallback(), Keymap::default())
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    dsw::tui::buffer_text(terminal.backend().buffer())
}

/// Ticks the workbench (asking the draft's worker to look at the branch at once)
/// until the screen at `width`×`height` holds `needle`; about ten seconds at most.
fn until_shown(app: &mut App, width: u16, height: u16, needle: &str) -> String {
    for _ in 0..1000 {
        app.model.poll_now();
        app.tick();
        let text = screen(app, width, height);
        if text.contains(needle) {
            return text;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("never shown: {needle}\n{}", screen(app, width, height));
}

fn by(name: &str) -> Author {
    Author {
        name: name.into(),
        email: "reviewer@example.gov.tw".into(),
    }
}

/// Adds a comment as `reviewer` through the library (as `dsw review add` does).
fn comment(store: &Store, reviewer: &str, target: Target, text: &str) {
    let stamp = Stamp {
        by: reviewer.into(),
        date: String::new(),
    };
    let action = Action::Add {
        id: dsw::review::new_id(&stamp, text, 0),
        target,
        iteration: "第一次送審".into(),
        reviewer: String::new(),
        text: text.into(),
    };
    store
        .act_on_review(&name(), &action, "", &by(reviewer))
        .unwrap();
}

#[test]
fn a_comment_committed_by_another_process_appears_after_the_watcher_tick() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    let mut app = open(&s);
    app.key(key(KeyCode::Char('6')));
    assert!(screen(&mut app, 80, 24).contains("尚無審查意見"));

    // A reviewer's comment written into the review file by hand and committed with
    // plain git, by another process.
    let store = Store::open(&s.repo()).unwrap();
    let assessment = store
        .load_at(&name(), store.head_commit().unwrap())
        .unwrap();
    let mut review = Review::default();
    Action::Add {
        id: "c0123456789ab".into(),
        target: Target::Question("1.1.1".into()),
        iteration: String::new(),
        reviewer: "王委員".into(),
        text: "請補充使用者的人數。".into(),
    }
    .apply(
        &mut review,
        &Stamp {
            by: "王委員".into(),
            date: "2026-12-01T10:00:00+08:00".into(),
        },
        &assessment,
    )
    .unwrap();
    let file = s.repo().join("ict-plan.review.toml");
    std::fs::write(&file, dsw::review::write(&review, "ict-plan")).unwrap();
    s.git(&["add", "ict-plan.review.toml"]);
    s.git(&["commit", "-q", "-m", "審查意見"]);

    let shown = until_shown(&mut app, 80, 24, "王委員 新增了審查意見 1");
    assert!(shown.contains("#1 1.1.1 請補充"), "{shown}");
    assert!(shown.contains("待回覆 1"), "{shown}");
    // The checklist marks the question.
    app.key(key(KeyCode::Char('1')));
    let tree = screen(&mut app, 120, 40);
    assert!(tree.contains("1.1.1 審1"), "{tree}");

    // A teammate replies through the library, with a store of their own.
    let other = Store::open(&s.repo()).unwrap();
    other
        .act_on_review(
            &name(),
            &Action::Reply {
                id: "c0123456789ab".into(),
                text: "已補充：約兩萬人。".into(),
                seen: None,
            },
            "",
            &by("林小美"),
        )
        .unwrap();
    app.key(key(KeyCode::Char('6')));
    let shown = until_shown(&mut app, 120, 40, "林小美 回覆了審查意見 1");
    assert!(shown.contains("已補充：約兩萬人。"), "{shown}");
    assert!(shown.contains("已回覆 1"), "{shown}");
}

#[test]
fn enter_goes_to_what_a_comment_is_about_and_the_answer_pane_lists_the_comments() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let (code, out, err) =
        run(s
            .dsw("alice")
            .args(["brics", "set", "", "民眾", "benefit", "少跑一趟"]));
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run(s.dsw("alice").args(["commit", "-m", "BRiCS"]));
    assert_eq!(code, 0, "{out}{err}");
    let store = Store::open(&s.repo()).unwrap();
    let assessment = store
        .load_at(&name(), store.head_commit().unwrap())
        .unwrap();
    let form = store.form_of(&assessment).unwrap().clone();
    let cell = Target::resolve("brics/BRiCS 分析/民眾/風險", &form, &assessment).unwrap();
    comment(
        &store,
        "王委員",
        Target::Question("2.1.1".into()),
        "請說明分工",
    );
    comment(&store, "李委員", cell, "風險未填");
    let mut app = open(&s);
    app.key(key(KeyCode::Char('6')));
    let list = screen(&mut app, 120, 40);
    assert!(list.contains("#2 BRiCS 風險未填"), "{list}");
    // The question: the checklist, on it, its comment under the answer.
    app.key(key(KeyCode::Enter));
    let checklist = screen(&mut app, 120, 40);
    assert!(checklist.contains(" 1 指引 "), "{checklist}");
    assert!(checklist.contains("2.1.1 誰是專案"), "{checklist}");
    assert!(
        checklist.contains("審查意見 1 則（待回覆 1）") && checklist.contains("請說明分工"),
        "{checklist}"
    );
    // The BRiCS cell: the grid, on that stakeholder's risk.
    app.key(key(KeyCode::Char('6')));
    app.key(key(KeyCode::Char('j')));
    app.key(key(KeyCode::Enter));
    let grid = screen(&mut app, 120, 40);
    assert!(grid.contains("BRiCS 分析"), "{grid}");
    assert!(grid.contains("風險"), "{grid}");
}

#[test]
fn the_tree_marks_and_filters_what_changed_since_the_last_iteration_and_what_is_open() {
    let s = Sandbox::new();
    s.init("ict-plan");
    for args in [
        &["answer", "1.1.1", "第一版"][..],
        &["answer", "1.1.2", "不會再改"],
        &["commit", "-m", "第一版"],
        &["tag", "第一次送審"],
        &["answer", "1.1.1", "第二版"],
        &["mark", "2.1", "done"],
        &["commit", "-m", "第二版"],
    ] {
        let (code, out, err) = run(s.dsw("alice").args(args));
        assert_eq!(code, 0, "{args:?}: {out}{err}");
    }
    let store = Store::open(&s.repo()).unwrap();
    comment(&store, "王委員", Target::Question("1.1.2".into()), "請補充");
    let mut app = open(&s);
    let tree = screen(&mut app, 120, 40);
    assert!(
        tree.contains("│*    ✓ 1.1.1 "),
        "changed since the tag:\n{tree}"
    );
    assert!(tree.contains("│*[x] 2.1 "), "the item too:\n{tree}");
    assert!(tree.contains("✓ 1.1.2 審1 "), "open comment:\n{tree}");
    // Only what changed since 第一次送審.
    app.key(key(KeyCode::Char('c')));
    let changed = screen(&mut app, 120, 40);
    assert!(
        changed.contains("1.1.1") && changed.contains("2.1"),
        "{changed}"
    );
    assert!(!changed.contains("1.1.2"), "{changed}");
    assert!(changed.contains("自「第一次送審」以來修改"), "{changed}");
    // Both filters: changed and open — nothing is both.
    app.key(key(KeyCode::Char('o')));
    let both = screen(&mut app, 120, 40);
    assert!(both.contains("沒有符合篩選的題目或項目"), "{both}");
    // Only open comments.
    app.key(key(KeyCode::Char('c')));
    let open_only = screen(&mut app, 120, 40);
    assert!(open_only.contains("1.1.2"), "{open_only}");
    assert!(!open_only.contains("1.1.1 "), "{open_only}");
    // The filters are in help (and, while on, first in the footer: a unit test).
    app.key(key(KeyCode::Char('o')));
    app.key(key(KeyCode::Char('?')));
    let help = screen(&mut app, 120, 40);
    assert!(
        help.contains("filter_open") && help.contains("filter_changed"),
        "{help}"
    );
}

#[test]
fn a_list_made_shorter_by_the_open_filter_shows_its_iteration_heading_again() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let store = Store::open(&s.repo()).unwrap();
    // Twenty comments, fifteen of them replied: a list longer than the screen.
    let ids: Vec<String> = (1..=20).map(|n| format!("c{n:012x}")).collect();
    let adds = ids
        .iter()
        .map(|id| Action::Add {
            id: id.clone(),
            target: Target::Question("1.1.1".into()),
            iteration: "第一次送審".into(),
            reviewer: "王委員".into(),
            text: format!("意見 {id}"),
        })
        .collect();
    store
        .act_on_review(&name(), &Action::AddMany(adds), "", &by("王委員"))
        .unwrap();
    for id in &ids[..15] {
        let reply = Action::Reply {
            id: id.clone(),
            text: "已修正".into(),
            seen: None,
        };
        store.act_on_review(&name(), &reply, "", &by("林")).unwrap();
    }
    let mut app = open(&s);
    app.key(key(KeyCode::Char('6')));
    assert!(screen(&mut app, 80, 24).contains("第一次送審（20 則）"));
    // Down to the last comment, which scrolls the heading out of view.
    for _ in 0..30 {
        app.key(key(KeyCode::Down));
    }
    assert!(!screen(&mut app, 80, 24).contains("第一次送審（20 則）"));
    // Open only: five comments, which fit with their headings.
    app.key(key(KeyCode::Char('f')));
    let open_only = screen(&mut app, 80, 24);
    assert!(open_only.contains("待回覆 5"), "{open_only}");
    // The heading says how many of the twenty are listed.
    assert!(open_only.contains("第一次送審（5／20 則）"), "{open_only}");
}

#[test]
fn a_broken_review_file_is_said_with_its_place_and_the_workbench_goes_on() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    std::fs::write(
        s.repo().join("ict-plan.review.toml"),
        "assessment = \"ict-plan\"\n\n[[comment]]\nnumber = \"one\"\n",
    )
    .unwrap();
    s.git(&["add", "ict-plan.review.toml"]);
    s.git(&["commit", "-q", "-m", "a hand edit gone wrong"]);
    let mut app = open(&s);
    app.key(key(KeyCode::Char('6')));
    let shown = screen(&mut app, 120, 40);
    assert!(
        shown.contains("⚠") && shown.contains("ict-plan.review.toml:4"),
        "{shown}"
    );
    app.key(key(KeyCode::Char('5')));
    let overview = screen(&mut app, 120, 40);
    assert!(overview.contains("ict-plan.review.toml:4"), "{overview}");
    app.key(key(KeyCode::Char('1')));
    assert!(screen(&mut app, 120, 40).contains("1.1.1"));
}

#[test]
fn a_narrow_tab_bar_names_the_shown_tab_and_numbers_the_others() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let store = Store::open(&s.repo()).unwrap();
    let model = Model::open(store, name(), "tester".into(), Lang::En).unwrap();
    let mut app = App::new(model, Theme::fallback(), Keymap::default());
    app.key(key(KeyCode::Char('6')));
    let bar = screen(&mut app, 60, 20).lines().nth(1).unwrap().to_owned();
    assert!(
        bar.contains(" 6 Reviews ") && bar.contains(" 1  "),
        "{bar:?}"
    );
    let wide = screen(&mut app, 120, 20).lines().nth(1).unwrap().to_owned();
    assert!(wide.contains(" 1 Checklist "), "{wide:?}");
}

/// Nothing of the review screens spills out of its box (as `tests/tui.rs` checks for
/// every tab): the 審查 tab, the marked tree and the answer pane's comments, the
/// reply editor and the new comment prompt, with Chinese, emoji and combining text
/// in comments, replies and names, at every width from 20 to 160, drawn through
/// dsw's terminal output into a terminal emulator.
#[test]
fn review_screens_at_every_width_show_exactly_what_was_laid_out() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let store = Store::open(&s.repo()).unwrap();
    let texts = [
        "請補充「資料申請小幫手」的使用者人數，並說明 My Data 加值服務的範圍。",
        "😀👍 表情 e\u{301} combining é and ÅÅÅ → 箭頭 ☑ ☐ ·…",
        "Supercalifragilisticexpialidocious-words-that-never-break 長長長長長長長長長長",
    ];
    for (n, id) in ["1.1.1", "1.1.2", "2.1.1"].iter().enumerate() {
        comment(&store, "王委員😀", Target::Question((*id).into()), texts[n]);
    }
    comment(&store, "李委員", Target::Item("1.1".into()), texts[1]);
    let first = store.review(&name()).unwrap().comments[0].id.clone();
    store
        .act_on_review(
            &name(),
            &Action::Reply {
                id: first,
                text: texts[2].into(),
                seen: None,
            },
            "",
            &by("林小美"),
        )
        .unwrap();
    let mut app = open(&s);
    let mut failures = Vec::new();
    for width in 20..=160u16 {
        for height in [24u16, 40] {
            for keys in [
                vec![key(KeyCode::Char('1'))],
                vec![key(KeyCode::Char('j')), key(KeyCode::Char('j'))],
                vec![key(KeyCode::Char('6'))],
                vec![key(KeyCode::Char('G'))],
                vec![key(KeyCode::Char('r'))],
                vec![key(KeyCode::Esc), key(KeyCode::Char('n'))],
                vec![key(KeyCode::Esc), key(KeyCode::Char('g'))],
            ] {
                for event in keys {
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
}

/// Ticks the workbench (asking the draft's worker to look at once) until `done`
/// holds; about ten seconds at most, then fails naming `what`.
fn until(app: &mut App, what: &str, mut done: impl FnMut(&mut App) -> bool) {
    for _ in 0..1000 {
        app.model.poll_now();
        app.tick();
        if done(app) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("{what} never happened\n{}", screen(app, 120, 40));
}

/// tester's unsent review texts on the ict-plan assessment, every file's text one
/// after another ("" when there is none).
fn unsent_file(s: &Sandbox) -> String {
    let Ok(entries) = std::fs::read_dir(s.repo().join(".git/dsw/drafts/tester")) else {
        return String::new();
    };
    let mut text = String::new();
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if file.starts_with("ict-plan.unsent-review.") && file.ends_with(".toml") {
            text += &std::fs::read_to_string(entry.path()).unwrap_or_default();
        }
    }
    text
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.key(key(KeyCode::Char(c)));
    }
}

/// Two comments by 王委員; the reply is typed to the second.
fn two_comments(s: &Sandbox) -> Store {
    s.init("ict-plan");
    let store = Store::open(&s.repo()).unwrap();
    comment(
        &store,
        "王委員",
        Target::Question("1.1.1".into()),
        "請補充使用者的人數。",
    );
    comment(&store, "王委員", Target::Item("2.1".into()), "誰負責？");
    store
}

/// The reply to comment 2 at the branch head, if any.
fn reply_to_2(s: &Sandbox) -> Option<String> {
    let store = Store::open(&s.repo()).unwrap();
    let review = store.review(&name()).unwrap();
    review.find("2")?.reply.as_ref().map(|r| r.text.clone())
}

#[test]
fn a_reply_typed_but_not_sent_is_back_in_the_editor_after_the_session_dies() {
    let s = Sandbox::new();
    two_comments(&s);
    let mut app = open(&s);
    app.key(key(KeyCode::Char('6')));
    app.key(key(KeyCode::Down));
    app.key(key(KeyCode::Char('r')));
    type_text(&mut app, "由資訊室主任負責，\n每月向首長報告。");
    // The worker keeps it on disk as it keeps answers, without Esc or a quit.
    until(&mut app, "the reply kept on disk", |_| {
        unsent_file(&s).contains("每月向首長報告。")
    });
    let kept = unsent_file(&s);
    assert!(
        kept.contains("kind = \"reply\"") && kept.contains("number = 2"),
        "{kept}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = s.repo().join(format!(
            ".git/dsw/drafts/tester/ict-plan.unsent-review.{}.toml",
            std::process::id()
        ));
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // The session dies as a kill leaves it: no Esc, no quit, no flush.
    drop(app);
    assert_eq!(reply_to_2(&s), None, "nothing was sent");

    let mut app = open(&s);
    let shown = screen(&mut app, 120, 40);
    assert!(
        shown.contains("已恢復尚未送出的回覆（審查意見 2）：Esc 送出，清空則取消"),
        "{shown}"
    );
    assert!(
        shown.contains("回覆審查意見 2（Esc 送出"),
        "the editor is open:\n{shown}"
    );
    assert!(
        shown.contains("由資訊室主任負責，") && shown.contains("每月向首長報告。"),
        "{shown}"
    );
    assert!(
        shown.contains("誰負責？"),
        "the comment is shown above it:\n{shown}"
    );
    // Typing goes on where it left off; sending lands it and drops the kept text.
    type_text(&mut app, "（已核定）");
    app.key(key(KeyCode::Esc));
    until(&mut app, "the reply sent", |_| reply_to_2(&s).is_some());
    assert_eq!(
        reply_to_2(&s).as_deref(),
        Some("由資訊室主任負責，\n每月向首長報告。（已核定）")
    );
    until(&mut app, "the kept text dropped", |_| {
        unsent_file(&s).is_empty()
    });
    // The next start has nothing to offer back.
    drop(app);
    let mut app = open(&s);
    let shown = screen(&mut app, 120, 40);
    assert!(!shown.contains("已恢復"), "{shown}");
    assert!(shown.contains("指引"), "{shown}");
}

#[test]
fn a_sent_or_emptied_review_text_is_not_kept_and_a_new_comment_comes_back_too() {
    let s = Sandbox::new();
    two_comments(&s);
    let mut app = open(&s);
    app.key(key(KeyCode::Char('6')));
    // A reply sent in the same session.
    app.key(key(KeyCode::Char('r')));
    type_text(&mut app, "約兩萬人。");
    until(&mut app, "the reply kept", |_| {
        unsent_file(&s).contains("約兩萬人")
    });
    app.key(key(KeyCode::Esc));
    until(&mut app, "the reply sent and the kept text dropped", |_| {
        unsent_file(&s).is_empty()
            && Store::open(&s.repo())
                .unwrap()
                .review(&name())
                .unwrap()
                .find("1")
                .is_some_and(|c| c.reply.is_some())
    });
    // A reason for reopening emptied again: cancelled, nothing kept.
    app.key(key(KeyCode::Char('o')));
    type_text(&mut app, "不夠");
    until(&mut app, "the reason kept", |_| {
        unsent_file(&s).contains("不夠")
    });
    app.key(key(KeyCode::Backspace));
    app.key(key(KeyCode::Backspace));
    app.key(key(KeyCode::Esc));
    until(&mut app, "the emptied reason dropped", |_| {
        unsent_file(&s).is_empty()
    });
    // A new comment, typed and left.
    app.key(key(KeyCode::Char('n')));
    type_text(&mut app, "general");
    app.key(key(KeyCode::Enter));
    type_text(&mut app, "整體上請再精簡。");
    until(&mut app, "the new comment kept", |_| {
        unsent_file(&s).contains("整體上請再精簡。")
    });
    assert!(unsent_file(&s).contains("kind = \"new\""));
    drop(app);
    let mut app = open(&s);
    let shown = screen(&mut app, 120, 40);
    assert!(
        shown.contains("已恢復尚未送出的新審查意見（對象 整體）"),
        "{shown}"
    );
    assert!(shown.contains("整體上請再精簡。"), "{shown}");
    app.key(key(KeyCode::Esc));
    until(&mut app, "the new comment added", |app| {
        app.model.reviews.review.comments.len() == 3
    });
    let added = &app.model.reviews.review.comments[2];
    assert_eq!(added.text, "整體上請再精簡。");
    assert_eq!(added.target, Target::General);
    until(&mut app, "the kept text dropped", |_| {
        unsent_file(&s).is_empty()
    });
}

#[test]
fn a_reply_to_a_comment_removed_meanwhile_comes_back_as_a_new_comment_on_its_target() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    two_comments(&s);
    let mut app = open(&s);
    app.key(key(KeyCode::Char('6')));
    app.key(key(KeyCode::Down));
    app.key(key(KeyCode::Char('r')));
    type_text(&mut app, "由資訊室負責。");
    until(&mut app, "the reply kept", |_| {
        unsent_file(&s).contains("由資訊室負責。")
    });
    drop(app);
    // Someone removes the review file by hand.
    s.git(&["rm", "-q", "ict-plan.review.toml"]);
    s.git(&["commit", "-q", "-m", "審查意見移除"]);
    let mut app = open(&s);
    let shown = screen(&mut app, 120, 40);
    assert!(
        shown.contains("審查意見 2 已不在分支上") && shown.contains("對象 2.1"),
        "{shown}"
    );
    assert!(shown.contains("新增審查意見（Esc 送出"), "{shown}");
    assert!(shown.contains("由資訊室負責。"), "{shown}");
    // Still kept, now as what it has become.
    until(&mut app, "kept as a new comment", |_| {
        unsent_file(&s).contains("kind = \"new\"")
    });
    assert!(unsent_file(&s).contains("由資訊室負責。"));
}

#[test]
fn a_review_text_whose_sending_fails_stays_kept_and_goes_back_in_the_editor() {
    let s = Sandbox::new();
    two_comments(&s);
    let mut app = open(&s);
    app.key(key(KeyCode::Char('6')));
    app.key(key(KeyCode::Char('r')));
    type_text(&mut app, "約兩萬人。");
    until(&mut app, "the reply kept", |_| {
        unsent_file(&s).contains("約兩萬人")
    });
    // The branch cannot move: its reference is locked by someone else.
    let lock = s.repo().join(".git/refs/heads/main.lock");
    std::fs::write(&lock, "").unwrap();
    app.key(key(KeyCode::Esc));
    until(&mut app, "the failure said", |app| {
        screen(app, 120, 40).contains("回覆（審查意見 1）沒有送出，文字已放回編輯器並保存")
    });
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("回覆審查意見 1（Esc 送出"), "{shown}");
    assert!(shown.contains("約兩萬人。"), "{shown}");
    assert!(unsent_file(&s).contains("約兩萬人。"), "still on disk");
    // Once the lock is gone, sending again lands it.
    std::fs::remove_file(&lock).unwrap();
    app.key(key(KeyCode::Esc));
    until(&mut app, "the reply sent", |_| {
        unsent_file(&s).is_empty()
            && Store::open(&s.repo())
                .unwrap()
                .review(&name())
                .unwrap()
                .find("1")
                .is_some_and(|c| c.reply.is_some())
    });
}

#[test]
fn a_reply_sent_is_shown_at_once_so_the_next_key_acts_on_it() {
    let s = Sandbox::new();
    two_comments(&s);
    let mut app = open(&s);
    app.key(key(KeyCode::Char('6')));
    app.key(key(KeyCode::Down));
    app.key(key(KeyCode::Char('r')));
    type_text(&mut app, "由資訊室主任負責。");
    app.key(key(KeyCode::Esc));
    // Until the action is done, without asking the worker to look at the branch:
    // the tick that takes the outcome in shows the reply, so `a` right after it
    // accepts instead of saying there is no reply yet.
    for _ in 0..1000 {
        app.tick();
        if !app.model.reviews.pending() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!app.model.reviews.pending(), "the reply was sent");
    let shown = app
        .model
        .reviews
        .review
        .find("2")
        .and_then(|c| c.reply.clone());
    assert_eq!(shown.map(|r| r.text).as_deref(), Some("由資訊室主任負責。"));
    app.key(key(KeyCode::Char('a')));
    until_shown(&mut app, 120, 40, "已同意審查意見 2");
}
