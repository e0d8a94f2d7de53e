//! Every tab of the workbench at 80×24 and 120×40, as text snapshots (commit ids and
//! dates filtered), on the demo's assessment: what a person sees, reviewed in diffs.

mod common;

use std::time::{Duration, Instant};

use common::Sandbox;
use dsw::i18n::Lang;
use dsw::store::{AssessmentName, Store};
use dsw::tui::{App, Keymap, Model, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn screen(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let text = dsw::tui::buffer_text(terminal.backend().buffer());
    text.lines()
        .map(|line| line.trim_end().to_owned() + "\n")
        .collect()
}

/// Lets background work (history, the overview's chart) finish.
fn settle(app: &mut App) {
    let started = Instant::now();
    let mut quiet = 0;
    while quiet < 5 && started.elapsed() < Duration::from_secs(20) {
        if app.tick() {
            quiet = 0;
        } else {
            quiet += 1;
        }
        std::thread::sleep(Duration::from_millis(40));
    }
}

#[test]
fn every_tab_at_80x24_and_120x40() {
    let s = Sandbox::new();
    let dir = s.dir.path().join("demo");
    dsw::cli::demo_in(&dir, Lang::Zh).unwrap();
    let store = Store::open(&dir).unwrap();
    let model = Model::open(
        store,
        AssessmentName("ict-plan".into()),
        "snapshot".into(),
        Lang::Zh,
    )
    .unwrap();
    let mut app = App::new(model, Theme::fallback(), Keymap::default());
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\b[0-9a-f]{8}\b", "[id]");
    settings.add_filter(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2} [+-]\d{4})?", "[date]");
    // The demo's revisions are committed by whichever account runs the test.
    settings.add_filter(r"(?m)^提交者：.*$", "提交者：[committer]");
    settings.set_snapshot_path("snapshots");
    settings.bind(|| {
        for (key, name) in [
            ('1', "checklist"),
            ('2', "brics"),
            ('3', "history"),
            ('4', "diff"),
            ('5', "overview"),
        ] {
            app.key(KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE));
            settle(&mut app);
            for (w, h) in [(80, 24), (120, 40)] {
                insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&mut app, w, h));
            }
        }
    });
}

/// The 審查 tab and the 指引 tab's review marks (issue 12) at 80×24 and 120×40, on
/// the demo's assessment with five comments made through the library: one on a
/// question, an item, a header field, a BRiCS cell and the whole assessment; one
/// replied to, one accepted. The demo's answers changed since its 第一次送審 show
/// as changed.
#[test]
fn the_review_tab_and_the_marked_tree_at_80x24_and_120x40() {
    use dsw::review::{Action, Target};
    use dsw::store::Author;

    let s = Sandbox::new();
    let dir = s.dir.path().join("demo");
    dsw::cli::demo_in(&dir, Lang::Zh).unwrap();
    let store = Store::open(&dir).unwrap();
    let name = AssessmentName("ict-plan".into());
    let head = store.head_commit().unwrap();
    let assessment = store.load_at(&name, head).unwrap();
    let form = store.form_of(&assessment).unwrap().clone();
    let table = &assessment.brics[0];
    let cell = format!("brics/{}/{}/risk", table.id, table.stakeholders[0].id);
    let act = |who: &str, action: &Action| {
        let author = Author {
            name: who.into(),
            email: "reviewer@example.gov.tw".into(),
        };
        store.act_on_review(&name, action, "", &author).unwrap();
    };
    let comments = [
        ("1.1.1", "請補充各類使用者的人數與比例。"),
        ("3.1", "改善前後的比較圖無法開啟，請更新連結。"),
        ("meta/plan", "計畫名稱與核定公文不一致。"),
        (cell.as_str(), "請說明資料外洩風險的因應措施。"),
        ("general", "整體說明清楚，惟部分回答過於簡略。"),
    ];
    for (n, (target, text)) in comments.iter().enumerate() {
        act(
            "王委員",
            &Action::Add {
                id: format!("c00000000000{n}"),
                target: Target::resolve(target, &form, &assessment).unwrap(),
                iteration: "第一次送審".into(),
                reviewer: String::new(),
                text: (*text).into(),
            },
        );
    }
    act(
        "林小美",
        &Action::Reply {
            id: "c000000000000".into(),
            text: "已補充：人事人員約 2 萬人，全體公務人員約 30 萬人。".into(),
            seen: None,
        },
    );
    act(
        "林小美",
        &Action::Reply {
            id: "c000000000004".into(),
            text: "已逐題補充說明。".into(),
            seen: None,
        },
    );
    act(
        "王委員",
        &Action::Accept {
            id: "c000000000004".into(),
        },
    );
    let model = Model::open(store, name, "snapshot".into(), Lang::Zh).unwrap();
    let mut app = App::new(model, Theme::fallback(), Keymap::default());
    let mut settings = insta::Settings::clone_current();
    // Comment and reply times are when the test ran.
    settings.add_filter(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[time]");
    settings.add_filter(r"\b[0-9a-f]{8}\b", "[id]");
    settings.set_snapshot_path("snapshots");
    settings.bind(|| {
        let press = |app: &mut App, c: KeyCode| {
            app.key(KeyEvent::new(c, KeyModifiers::NONE));
            settle(app);
        };
        press(&mut app, KeyCode::Char('6'));
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("reviews_{w}x{h}"), screen(&mut app, w, h));
        }
        // The replied one: its reply and history.
        press(&mut app, KeyCode::Char('G'));
        press(&mut app, KeyCode::Char('k'));
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("reviews_replied_{w}x{h}"), screen(&mut app, w, h));
        }
        // Enter: the question in the checklist, its tree marked.
        press(&mut app, KeyCode::Enter);
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("checklist_marked_{w}x{h}"), screen(&mut app, w, h));
        }
        // Only the questions and items with open comments.
        press(&mut app, KeyCode::Char('o'));
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(
                format!("checklist_open_comments_{w}x{h}"),
                screen(&mut app, w, h)
            );
        }
        press(&mut app, KeyCode::Char('o'));
        // Only what changed since 第一次送審 (the demo answered more after it).
        press(&mut app, KeyCode::Char('c'));
        insta::assert_snapshot!("checklist_changed_80x24", screen(&mut app, 80, 24));
        press(&mut app, KeyCode::Char('c'));
        press(&mut app, KeyCode::Char('5'));
        insta::assert_snapshot!("overview_reviews_120x40", screen(&mut app, 120, 40));
    });
}
