//! Who the author is: one rule (`store::Author::resolve`) for `dsw commit` and the
//! workbench's commit (issue 10, item 4). The workbench runs in this process and
//! reads `DSW_AUTHOR` and git's configuration from its environment, so this file
//! holds a single test, which sets that environment before anything reads it: no
//! other test shares the process.

mod common;

use common::{Sandbox, run};
use dsw::i18n::Lang;
use dsw::store::{Account, AssessmentName, Author, Store, StoreError};
use dsw::tui::{App, Keymap, Model, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn screen(app: &mut App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(320, 30)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    dsw::tui::buffer_text(terminal.backend().buffer())
}

/// Answers `question` in the workbench as `user` and presses Ctrl-S, then Enter.
fn commit_in_workbench(s: &Sandbox, user: &str, question_text: &str) -> String {
    let store = Store::open(&s.repo()).unwrap();
    let model = Model::open_with(
        store,
        AssessmentName("ict-plan".into()),
        user.into(),
        Lang::Zh,
        Some(s.dir.path().join("state")),
    )
    .unwrap();
    let mut app = App::new(model, Theme::fallback(), Keymap::default());
    app.key(key(KeyCode::Enter));
    for c in question_text.chars() {
        app.key(key(KeyCode::Char(c)));
    }
    app.key(key(KeyCode::Esc));
    app.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    app.key(key(KeyCode::Enter));
    screen(&mut app)
}

/// The author of the branch head as `Name <email>`.
fn head_author(s: &Sandbox) -> String {
    let store = Store::open(&s.repo()).unwrap();
    let head = store.revision(store.head_commit().unwrap()).unwrap();
    format!("{} <{}>", head.author, head.email)
}

/// Sets (or, with `None`, removes) an environment variable of this process.
fn set_env(name: &str, value: Option<&str>) {
    // A workbench dropped just before may still have threads winding down: let them.
    std::thread::sleep(std::time::Duration::from_millis(300));
    // SAFETY: this is the only test of its binary, so no other test reads the
    // environment meanwhile, and the workbenches opened before have stopped.
    unsafe {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
}

#[test]
fn the_command_line_and_the_workbench_resolve_the_author_alike() {
    let s = Sandbox::new();
    set_env("DSW_AUTHOR", None);
    // Git's configuration, for libgit2 in this process too: the sandbox's, empty.
    set_env("HOME", s.home().to_str());
    set_env("XDG_CONFIG_HOME", s.home().join(".config").to_str());
    s.init("ict-plan");

    // A DSW_AUTHOR that is not "Name <email>": both refuse, the same way, and
    // nothing is committed under a name nobody chose.
    let bad = "王小明 <ming@";
    set_env("DSW_AUTHOR", Some(bad));
    let refusal = StoreError::BadAuthor(bad.into()).message(Lang::Zh);
    let before = head_author(&s);
    s.dsw("carol")
        .args(["answer", "1.1.2", "指令列"])
        .assert()
        .success();
    let (code, _, err) = run(s
        .dsw("carol")
        .env("DSW_AUTHOR", bad)
        .args(["commit", "-m", "x"]));
    assert_eq!(code, 2);
    assert!(err.contains(&refusal), "{err}");
    let shown = commit_in_workbench(&s, "dave", "工作台");
    assert!(shown.contains(&refusal), "{shown}");
    assert!(!shown.contains("localhost"), "{shown}");
    assert_eq!(head_author(&s), before);

    // Git's configuration: the repository's user.name and user.email.
    set_env("DSW_AUTHOR", None);
    s.git(&["config", "user.name", "陳大文"]);
    s.git(&["config", "user.email", "dawen@example.gov.tw"]);
    s.dsw("carol")
        .env_remove("DSW_AUTHOR")
        .args(["commit", "-m", "指令列"])
        .assert()
        .success();
    let cli = head_author(&s);
    assert!(
        commit_in_workbench(&s, "dave", "工作台").contains("已提交"),
        "the workbench committed"
    );
    assert_eq!(cli, "陳大文 <dawen@example.gov.tw>");
    assert_eq!(head_author(&s), cli);

    // Nothing set anywhere: the account, `Name <login@host>`, for both.
    s.git(&["config", "--unset", "user.name"]);
    s.git(&["config", "--unset", "user.email"]);
    let account = Account::current().author();
    let expected = format!("{} <{}>", account.name, account.email);
    s.dsw("carol")
        .args(["answer", "1.1.3", "指令列"])
        .assert()
        .success();
    s.dsw("carol")
        .env_remove("DSW_AUTHOR")
        .args(["commit", "-m", "指令列"])
        .assert()
        .success();
    assert_eq!(head_author(&s), expected);
    let shown = commit_in_workbench(&s, "dave", "再一次");
    assert!(shown.contains("已提交"), "{shown}");
    assert_eq!(head_author(&s), expected);
    let resolved = Author::resolve(None, None).unwrap();
    assert_eq!(resolved, account, "no repository yet: the same rule");
}
