//! Workbench budgets (issue: the terminal workbench), on ratatui's TestBackend:
//! - a keystroke in the editor → frame rendered ≤ 2 ms at the 99th percentile at
//!   120×40, with a fully answered `service` assessment of 5,000-character answers
//! - first frame ≤ 100 ms from start, whatever the history length
//! - history tab: first page shown ≤ 250 ms with 10,000 revisions
//! - the same keystroke → frame while the draft saves itself (the event loop's tick
//!   included), and while another process holds the draft lock: saves run on a
//!   worker thread, so neither may slow a frame
//! - the same keystroke in the middle of a 4 MiB answer (the most an answer may
//!   hold), of lines or of one unbroken line: the same 2 ms budget
//!
//! - bytes sent to the terminal per action (issue: exact and light over SSH):
//!   typing a Chinese / an ASCII character in the editor, one tree row, one page,
//!   a tab switch — through dsw's backend and, for comparison, ratatui-crossterm's
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

/// The bench's author.
fn author() -> Author {
    Author {
        name: "王小明".into(),
        email: "ming@example.gov.tw".into(),
    }
}

/// A repository whose head answers every service question with `answer(n, id)`
/// (the question's position and id).
fn answered(answer: impl Fn(usize, &str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (store, name, head) =
        Store::init(dir.path(), "service", None, None, &author(), "init").unwrap();
    let catalog = Catalog::bundled().unwrap();
    let form = common::service(&catalog);
    let base = store.load_at(&name, head).unwrap();
    let mut full = Assessment::new(&form);
    for (n, (_, _, q)) in form.questions().enumerate() {
        full.set_answer(&q.id, answer(n, &q.id));
    }
    store
        .commit_content(&name, &base, &full, head, "answers", &author())
        .unwrap();
    dir
}

/// A repository whose head answers every service question with 5,000 characters.
fn long_answers() -> tempfile::TempDir {
    answered(|_, id| {
        let mut text = String::new();
        while text.chars().count() < 5000 {
            text.push_str(&common::answer(id, 1));
        }
        text.chars().take(5000).collect()
    })
}

/// A repository whose head answers the first service question with an answer
/// just under the 4 MiB limit (lines of Chinese, or one line with no break at
/// all) and the others as usual, so the editor opens as with `long_answers`.
fn huge_answer(one_line: bool) -> tempfile::TempDir {
    let line = if one_line {
        "民眾線上申請資料並即時查詢進度"
    } else {
        "民眾線上申請資料並即時查詢進度，服務流程說明如下。\n"
    };
    let text = line.repeat((dsw::assessment::MAX_TEXT - 64 * 1024) / line.len());
    answered(|n, id| {
        if n == 0 {
            text.clone()
        } else {
            common::answer(id, 1)
        }
    })
}

fn open(dir: &std::path::Path) -> App {
    // Recovery files (written when a save fails) stay inside the fixture.
    let state = dir.join(".git").join("bench-state");
    let store = Store::open(dir).unwrap();
    let model = Model::open_with(
        store,
        AssessmentName("service".into()),
        "bench".into(),
        Lang::Zh,
        Some(state),
    )
    .unwrap();
    App::new(model, Theme::fallback(), Keymap::default())
}

/// Opens the editor on the first question and checks that it is open: every answer
/// of the fixture is filled in, so the cursor starts on the first guideline, where
/// Enter would fold the tree and the typed keys would go to it, not to an editor.
fn open_editor(app: &mut App, terminal: &mut Terminal<TestBackend>) {
    app.key(key(KeyCode::Down));
    app.key(key(KeyCode::Down));
    app.key(key(KeyCode::Enter));
    terminal.draw(|f| app.draw(f)).unwrap();
    let screen = dsw::tui::buffer_text(terminal.backend().buffer());
    assert!(screen.contains("編輯回答"), "the editor is open:\n{screen}");
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
    open_editor(&mut app, &mut terminal);
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

/// Typing in the middle of a 4 MiB answer costs what typing in a short one does:
/// the editor works on a window around the caret (issue 9, item 14).
fn keystroke_huge_answer(c: &mut Criterion) {
    for one_line in [false, true] {
        let dir = huge_answer(one_line);
        let mut app = open(dir.path());
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal.draw(|f| app.draw(f)).unwrap();
        open_editor(&mut app, &mut terminal);
        // From the end to the middle of the text, a page at a time.
        for _ in 0..if one_line { 300 } else { 700 } {
            app.key(key(KeyCode::PageUp));
        }
        let samples = &mut paced_keystrokes(&mut app, &mut terminal, true, None);
        let (p50, p99) = (percentile(samples, 0.50), percentile(samples, 0.99));
        let what = if one_line {
            "one 4 MiB line"
        } else {
            "a 4 MiB answer of lines"
        };
        println!(
            "keystroke → frame at 120×40 in {what}, saving as it goes: p50 {p50:?}, p99 {p99:?} (budget p99 ≤ 2 ms)"
        );
        c.bench_function(&format!("keystroke → frame (120×40, {what})"), |b| {
            b.iter(|| {
                app.key(key(KeyCode::Char('字')));
                app.tick();
                terminal.draw(|f| app.draw(f)).unwrap();
            })
        });
    }
}

/// A writer whose byte count can be read while a backend owns it.
#[derive(Clone, Default)]
struct Counted(std::rc::Rc<std::cell::Cell<usize>>);

impl std::io::Write for Counted {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + bytes.len());
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The median of byte counts.
fn median(counts: &mut [usize]) -> usize {
    counts.sort_unstable();
    counts[counts.len() / 2]
}

/// Bytes per action at 100×30 on a fresh `service` assessment, as the event loop
/// does it:
/// a key handled, then a frame drawn. Each action is repeated and the median
/// reported; the first of each kind is left out (it draws what the action first
/// shows, as nano's "modified" mark).
fn bytes_per_action<B: ratatui::backend::Backend>(
    backend: B,
    sent: &Counted,
    size: ratatui::layout::Size,
) -> Vec<(&'static str, usize)>
where
    B::Error: std::fmt::Debug,
{
    // A team's fresh `service` assessment: what a self-assessment starts from.
    let dir = tempfile::tempdir().unwrap();
    let (store, name, _) =
        Store::init(dir.path(), "service", None, None, &author(), "init").unwrap();
    let state = dir.path().join(".git").join("bench-state");
    let model = Model::open_with(store, name, "bench".into(), Lang::Zh, Some(state)).unwrap();
    let mut app = App::new(model, Theme::fallback(), Keymap::default());
    // A fixed viewport: ratatui-crossterm would ask the real terminal its size.
    let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
    let mut terminal = Terminal::with_options(
        backend,
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(area),
        },
    )
    .unwrap();
    terminal.draw(|f| app.draw(f)).unwrap();
    // The bytes an action sent; the screen it left is kept for checks.
    let screen = std::cell::RefCell::new(String::new());
    let mut action = |app: &mut App, code: KeyCode| {
        let before = sent.0.get();
        app.key(key(code));
        let frame = terminal.draw(|f| app.draw(f)).unwrap();
        *screen.borrow_mut() = dsw::tui::buffer_text(frame.buffer);
        sent.0.get() - before
    };
    let mut measured = Vec::new();
    // One tree row, within the first screen (down, then back up, so it never
    // scrolls).
    let mut rows: Vec<usize> = (0..20)
        .map(|n| {
            action(
                &mut app,
                if n % 2 == 0 {
                    KeyCode::Down
                } else {
                    KeyCode::Up
                },
            )
        })
        .collect();
    measured.push(("one tree row, no scrolling", median(&mut rows[1..])));
    // A page down the tree: the list scrolls.
    let mut pages: Vec<usize> = (0..8)
        .map(|_| action(&mut app, KeyCode::PageDown))
        .collect();
    measured.push(("one page of the tree (scrolling)", median(&mut pages[1..])));
    for _ in 0..8 {
        action(&mut app, KeyCode::PageUp);
    }
    // A tab switch, and back.
    let mut tabs: Vec<usize> = (0..10)
        .map(|n| action(&mut app, KeyCode::Char(if n % 2 == 0 { '5' } else { '1' })))
        .collect();
    measured.push(("a tab switch", median(&mut tabs[1..])));
    // Typing in the editor: the first question's answer (the top row is its
    // guideline, then its item).
    for code in [KeyCode::Home, KeyCode::Down, KeyCode::Down] {
        action(&mut app, code);
    }
    action(&mut app, KeyCode::Enter);
    let shown = screen.borrow().clone();
    assert!(shown.contains("編輯回答"), "the editor is open:\n{shown}");
    let mut chinese: Vec<usize> = "資料申請小幫手民眾線上"
        .chars()
        .map(|c| action(&mut app, KeyCode::Char(c)))
        .collect();
    measured.push((
        "type a Chinese character in the editor",
        median(&mut chinese[1..]),
    ));
    let mut ascii: Vec<usize> = "online service"
        .chars()
        .map(|c| action(&mut app, KeyCode::Char(c)))
        .collect();
    measured.push((
        "type an ASCII character in the editor",
        median(&mut ascii[1..]),
    ));
    measured
}

fn terminal_bytes(_c: &mut Criterion) {
    let size = ratatui::layout::Size::new(100, 30);
    let lean_sent = Counted::default();
    let lean = bytes_per_action(
        dsw::tui::LeanBackend::with_size(lean_sent.clone(), size),
        &lean_sent,
        size,
    );
    let plain_sent = Counted::default();
    let plain = bytes_per_action(
        ratatui::backend::CrosstermBackend::new(plain_sent.clone()),
        &plain_sent,
        size,
    );
    println!("bytes sent per action at 100×30 (median): dsw's backend / ratatui-crossterm 0.1.2");
    for ((what, lean), (_, plain)) in lean.iter().zip(&plain) {
        println!("  {what}: {lean} B / {plain} B");
    }
}

/// Holds `bench`'s draft lock as another live process would: `flock(1)` holds the
/// lock file's flock while its `sleep` runs, and is killed when dropped.
struct HeldLock {
    holder: std::process::Child,
}

impl HeldLock {
    fn take(dir: &std::path::Path) -> HeldLock {
        let drafts = dir.join(".git/dsw/drafts/bench");
        std::fs::create_dir_all(&drafts).unwrap();
        let path = drafts.join("service.assessment.toml.lock");
        std::fs::write(&path, "").unwrap();
        let holder = std::process::Command::new("flock")
            .arg("-x")
            .arg(&path)
            .args(["sleep", "600"])
            .spawn()
            .expect("flock(1) from util-linux");
        // Until flock has it, the bench would not measure a held lock.
        loop {
            let file = std::fs::File::open(&path).unwrap();
            match nix::fcntl::Flock::lock(file, nix::fcntl::FlockArg::LockExclusiveNonblock) {
                Ok(free) => drop(free),
                Err(_) => break,
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        HeldLock { holder }
    }
}

impl Drop for HeldLock {
    fn drop(&mut self) {
        let _ = self.holder.kill();
        let _ = self.holder.wait();
    }
}

/// Keystrokes typed at a steady pace (one every 2 ms, so saves come due many times
/// over), each timed from the key to the finished frame with the event loop's tick
/// in between (`tick`) — the tick is where saves are sent and their results taken
/// in. Without `tick` nothing is saved: the control, paced the same way (a thread
/// waking from a sleep meets colder caches than one typing back to back).
fn paced_keystrokes(
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    tick: bool,
    lock: Option<&HeldLock>,
) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(3000);
    for n in 0..3000usize {
        // The lock is held all along (flock): nothing to keep fresh.
        let _ = lock;
        let c = if n % 50 == 49 {
            KeyCode::Enter
        } else {
            KeyCode::Char(['資', '料', '申', '請', 'a'][n % 5])
        };
        let started = Instant::now();
        app.key(key(c));
        if tick {
            app.tick();
        }
        terminal.draw(|f| app.draw(f)).unwrap();
        samples.push(started.elapsed());
        std::thread::sleep(Duration::from_millis(2));
    }
    samples
}

/// How the paced keystrokes run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Saving {
    /// No tick, so no saves: the control.
    Off,
    /// Saves as the workbench does.
    On,
    /// Saves, while another process holds the draft lock throughout.
    LockHeld,
}

fn keystroke_while_saving(c: &mut Criterion) {
    for saving in [Saving::Off, Saving::On, Saving::LockHeld] {
        let dir = long_answers();
        let mut app = open(dir.path());
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal.draw(|f| app.draw(f)).unwrap();
        open_editor(&mut app, &mut terminal);
        let held = saving == Saving::LockHeld;
        let lock = held.then(|| HeldLock::take(dir.path()));
        let mut samples = paced_keystrokes(
            &mut app,
            &mut terminal,
            saving != Saving::Off,
            lock.as_ref(),
        );
        let p50 = percentile(&mut samples, 0.50);
        let p99 = percentile(&mut samples, 0.99);
        let max = *samples.iter().max().unwrap();
        let what = match saving {
            Saving::Off => "paced, not saving (control)",
            Saving::On => "paced, saving as it goes",
            Saving::LockHeld => "paced, with the draft lock held by another process",
        };
        // Each must have done what it claims: saved as it went, or failed to while
        // the lock stayed held (and never waited for it).
        if saving != Saving::Off {
            let failed = app.model.save_failure().is_some();
            assert_eq!(failed, held, "{:?}", app.model.save_failure());
            let draft = dir
                .path()
                .join(".git/dsw/drafts/bench/service.assessment.toml");
            assert_eq!(draft.exists(), !held, "the draft file");
        }
        println!(
            "keystroke → frame at 120×40, 5,000-character answers, {what}: p50 {p50:?}, p99 {p99:?}, max {max:?}"
        );
        if saving == Saving::Off {
            continue;
        }
        let name = format!("keystroke → frame (120×40, 5,000-char answers, {what})");
        c.bench_function(&name, |b| {
            let mut n = 0u32;
            b.iter(|| {
                n += 1;
                app.key(key(KeyCode::Char('字')));
                app.tick();
                terminal.draw(|f| app.draw(f)).unwrap();
            })
        });
        drop(lock);
    }
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

criterion_group!(
    benches,
    keystroke,
    keystroke_while_saving,
    keystroke_huge_answer,
    terminal_bytes,
    first_frame,
    history
);
criterion_main!(benches);
