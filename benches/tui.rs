//! Workbench budgets (issue: the terminal workbench), on ratatui's TestBackend:
//! - a keystroke in the editor → frame rendered ≤ 2 ms at the 99th percentile at
//!   120×40, with a fully answered `service` assessment of 5,000-character answers
//! - first frame ≤ 100 ms from start, whatever the history length
//! - history tab: first page shown ≤ 250 ms with 10,000 revisions
//!
//! Run: `cargo bench --bench tui`. The percentiles are printed before criterion's
//! own report (criterion gives means, not tails).

mod common;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use dsw::assessment::Assessment;
use dsw::form::Catalog;
use dsw::i18n::Lang;
use dsw::store::{AssessmentName, Author, Store};
use dsw::tui::{App, Keymap, Model, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// A repository whose head answers every service question with 5,000 characters.
fn long_answers() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let author = Author {
        name: "王小明".into(),
        email: "ming@example.gov.tw".into(),
    };
    let (store, name, head) =
        Store::init(dir.path(), "service", None, None, &author, "init").unwrap();
    let catalog = Catalog::bundled().unwrap();
    let form = common::service(&catalog);
    let base = store.load_at(&name, head).unwrap();
    let mut full = Assessment::new(&form);
    for (_, _, q) in form.questions() {
        let mut text = String::new();
        while text.chars().count() < 5000 {
            text.push_str(&common::answer(&q.id, 1));
        }
        full.set_answer(&q.id, &text.chars().take(5000).collect::<String>());
    }
    store
        .commit_content(&name, &base, &full, head, "long answers", &author)
        .unwrap();
    dir
}

fn open(dir: &std::path::Path) -> App {
    let store = Store::open(dir).unwrap();
    let model = Model::open(
        store,
        AssessmentName("service".into()),
        "bench".into(),
        Lang::Zh,
    )
    .unwrap();
    App::new(model, Theme::fallback(), Keymap::default())
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

fn keystroke(c: &mut Criterion) {
    let dir = long_answers();
    let mut app = open(dir.path());
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| app.draw(f)).unwrap();
    app.key(key(KeyCode::Enter));
    terminal.draw(|f| app.draw(f)).unwrap();
    // Tails first: 2,000 keystrokes, each a key press and a full frame.
    let mut samples = Vec::with_capacity(2000);
    for n in 0..2000 {
        let c = if n % 50 == 49 {
            KeyCode::Enter
        } else {
            KeyCode::Char(['資', '料', '申', '請', 'a'][n % 5])
        };
        let started = Instant::now();
        app.key(key(c));
        terminal.draw(|f| app.draw(f)).unwrap();
        samples.push(started.elapsed());
    }
    let p50 = percentile(&mut samples, 0.50);
    let p99 = percentile(&mut samples, 0.99);
    println!(
        "keystroke → frame at 120×40, 5,000-character answers: p50 {p50:?}, p99 {p99:?} (budget p99 ≤ 2 ms)"
    );
    c.bench_function("keystroke → frame (120×40, 5,000-char answers)", |b| {
        b.iter(|| {
            app.key(key(KeyCode::Char('字')));
            terminal.draw(|f| app.draw(f)).unwrap();
        })
    });
}

fn first_frame(c: &mut Criterion) {
    let dir = common::big_repository();
    let mut samples = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let mut app = open(&dir);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal.draw(|f| app.draw(f)).unwrap();
        samples.push(started.elapsed());
    }
    let p50 = percentile(&mut samples, 0.5);
    let max = *samples.iter().max().unwrap();
    println!(
        "first frame with 10,000 revisions of history: p50 {p50:?}, max {max:?} (budget ≤ 100 ms)"
    );
    let mut group = c.benchmark_group("start");
    group.sample_size(20);
    group.bench_function("open + first frame (10,000-revision history)", |b| {
        b.iter(|| {
            let mut app = open(&dir);
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
            terminal.draw(|f| app.draw(f)).unwrap();
        })
    });
    group.finish();
}

/// From pressing 3 to a frame that shows a full first page of revisions.
fn history_first_page(dir: &std::path::Path) -> Duration {
    let mut app = open(dir);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| app.draw(f)).unwrap();
    let started = Instant::now();
    app.key(key(KeyCode::Char('3')));
    loop {
        app.tick();
        terminal.draw(|f| app.draw(f)).unwrap();
        let buffer = terminal.backend().buffer();
        // The page is full when 20 screen rows show revisions.
        let rows = (0..buffer.area.height)
            .filter(|&y| {
                let text: String = (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol().to_owned())
                    .collect();
                text.contains('修') && text.contains('訂')
            })
            .count();
        if rows >= 20 {
            return started.elapsed();
        }
        if started.elapsed() > Duration::from_secs(10) {
            let screen: String = (0..buffer.area.height)
                .map(|y| {
                    (0..buffer.area.width)
                        .map(|x| buffer[(x, y)].symbol().to_owned())
                        .collect::<String>()
                        + "\n"
                })
                .collect();
            panic!("the history never showed a page:\n{screen}");
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn history(c: &mut Criterion) {
    let dir = common::big_repository();
    let mut samples: Vec<Duration> = (0..10).map(|_| history_first_page(&dir)).collect();
    let p50 = percentile(&mut samples, 0.5);
    let max = *samples.iter().max().unwrap();
    println!(
        "history tab, first page with 10,000 revisions: p50 {p50:?}, max {max:?} (budget ≤ 250 ms)"
    );
    let mut group = c.benchmark_group("history");
    group.sample_size(10);
    group.bench_function("first page shown (10,000 revisions)", |b| {
        b.iter(|| history_first_page(&dir))
    });
    group.finish();
}

criterion_group!(benches, keystroke, first_frame, history);
criterion_main!(benches);
