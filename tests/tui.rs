//! The terminal workbench driven by keys on ratatui's TestBackend, and end to end in
//! tmux: what a person sees and what reaches the repository.

mod common;

use std::time::Duration;

use common::{Sandbox, have_git, run};
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
    let store = Store::open(&s.repo()).unwrap();
    let name = AssessmentName(form.into());
    let model = Model::open(store, name, "tester".into(), lang).unwrap();
    App::new(model, Theme::fallback(), Keymap::default())
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
    if have_git() {
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
    // The draft reaches disk at the focus change.
    let store = Store::open(&s.repo()).unwrap();
    let draft = store
        .draft(&AssessmentName("service".into()), "tester")
        .unwrap()
        .unwrap();
    assert!(draft.mine.answer("1.1.1").contains("第 199 行"));
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

/// tmux, when it is installed: the real terminal path (raw mode, bracketed paste,
/// the cursor, hang-up).
fn tmux_available() -> bool {
    std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
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

#[test]
fn in_tmux_typing_chinese_and_committing_lands_in_git_and_a_hangup_keeps_the_draft() {
    if !tmux_available() || !have_git() {
        println!("skipped: tmux or git is not installed");
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    let socket = format!("dsw-test-{}", std::process::id());
    let exe = assert_cmd::cargo::cargo_bin("dsw");
    let command = format!(
        "cd {} && HOME={} DSW_USER=alice DSW_AUTHOR='Alice <a@x>' LANG=C.UTF-8 {}",
        s.repo().display(),
        s.home().display(),
        exe.display()
    );
    tmux(
        &socket,
        &["new-session", "-d", "-x", "100", "-y", "30", &command],
    );
    wait_for(&socket, "指引");
    tmux(&socket, &["send-keys", "Enter"]);
    tmux(&socket, &["send-keys", "-l", "服務對象是人事人員"]);
    wait_for(&socket, "服務對象是人事人員");
    tmux(&socket, &["send-keys", "Escape"]);
    tmux(&socket, &["send-keys", "C-s"]);
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
