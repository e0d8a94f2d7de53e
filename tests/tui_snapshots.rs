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
