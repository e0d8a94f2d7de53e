//! The terminal workbench: `dsw` with no arguments, or `dsw open [PATH]`.
//!
//! People run it over SSH, in Chinese, several at once on one repository, so it must
//! never lose typing: a worker thread (module `sync`) saves the draft within about a
//! second of any edit, however steady the typing, and at every focus change, without
//! ever holding up a keystroke; on quit, SIGHUP, SIGTERM, a closed terminal or a
//! panic it is flushed before the process exits, and a draft that cannot be written
//! goes to a recovery file. The same worker watches the draft file (the person's
//! other windows) and the branch (teammates), and what it finds is merged into the
//! screen. Everything it does to the assessment goes through the same store code as
//! the CLI.

mod app;
mod area;
#[cfg(test)]
mod boxes;
mod brics;
mod checklist;
mod component;
mod config;
mod dialogs;
mod diff;
mod editor;
mod events;
mod footer;
mod help;
mod hint;
mod history;
mod job;
mod key;
mod keymap;
mod model;
mod output;
mod overview;
mod presence;
mod review;
mod reviews;
mod screens;
mod sync;
mod tabs;
#[cfg(test)]
pub(crate) mod testing;
mod text;
mod theme;
mod unsent;

use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

pub use app::App;
pub use config::{Asked, Config, ConfigError};
pub use events::{Message, Wait};
pub use keymap::{Action, Context, Keymap};
pub use model::{Mark, Model, SaveFailure, Update};
pub use output::LeanBackend;
pub use text::buffer_text;
pub use theme::Theme;

use crate::i18n::Lang;
use crate::store::{Store, StoreError};

/// How the workbench was asked to start.
pub struct Options {
    /// Where to look for the repository.
    pub start: std::path::PathBuf,
    /// The repository, when the caller has opened it already (found from `start`).
    pub store: Option<Store>,
    /// `--assessment NAME`.
    pub assessment: Option<String>,
    /// Whose draft.
    pub user: String,
    /// Interface language.
    pub lang: Lang,
    /// Theme, keys and mouse, loaded (and checked) before the terminal is touched.
    pub config: Config,
}

/// Why the workbench stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The person quit.
    Quit,
    /// A signal or a closed terminal; the draft was flushed.
    HungUp,
}

/// Runs the workbench until the person quits or the terminal goes away.
pub fn run(options: Options) -> anyhow::Result<Exit> {
    let lang = options.lang;
    let Config {
        theme, keys, mouse, ..
    } = options.config;
    let hangup = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGHUP, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&hangup))?;
    }

    let mut terminal = TerminalGuard::enter(mouse)?;
    // Find the assessment; without one, a screen says what to do.
    let found = match options.store {
        Some(store) => Ok(store),
        None => Store::discover(&options.start),
    };
    let store = match found {
        Ok(store) => store,
        Err(StoreError::NotARepository(dir)) => {
            screens::no_repository(&mut terminal.terminal, &theme, lang, &dir, &hangup)?;
            return Ok(Exit::Quit);
        }
        Err(error) => return Err(anyhow::anyhow!(error.message(lang))),
    };
    let name = match store.select(options.assessment.as_deref()) {
        Ok(name) => name,
        Err(StoreError::NoAssessment) => {
            screens::no_repository(
                &mut terminal.terminal,
                &theme,
                lang,
                store.workdir(),
                &hangup,
            )?;
            return Ok(Exit::Quit);
        }
        Err(StoreError::Ambiguous(_)) => {
            let names = store
                .assessments()
                .map_err(|e| anyhow::anyhow!(e.message(lang)))?;
            match screens::choose(&mut terminal.terminal, &theme, &keys, lang, &names, &hangup)? {
                Some(name) => name,
                None => return Ok(Exit::Quit),
            }
        }
        Err(error) => return Err(anyhow::anyhow!(error.message(lang))),
    };
    let model = Model::open(store, name, options.user, lang)
        .map_err(|e| anyhow::anyhow!(e.message(lang)))?;
    let mut app = App::new(model, theme, keys);

    // A panic inside the loop unwinds to here, where the app (and its draft) still
    // exist: flush the draft, restore the terminal, report.
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        event_loop(&mut terminal.terminal, &mut app, &hangup)
    }));
    let saved = app.model.save(true);
    drop(terminal);
    // Off the alternate screen now: say where unsaved text went, where the person
    // (or their terminal's scrollback) will see it.
    let unsaved = saved
        .err()
        .map(|error| unsaved_message(&app.model, &error, lang));
    match outcome {
        Ok(result) => match unsaved {
            Some(message) => Err(anyhow::anyhow!(message)),
            None => result,
        },
        Err(_) => {
            match unsaved {
                Some(message) => eprintln!("dsw: {message}"),
                None => eprintln!(
                    "{}",
                    lang.pick(
                        "dsw 發生內部錯誤；草稿已保存。請回報此問題。",
                        "dsw hit an internal error; your draft was saved. Please report this."
                    )
                ),
            }
            std::process::exit(101);
        }
    }
}

/// What to print when the draft could not be written at exit: the reason and the
/// recovery file holding the text (or, failing that, the text itself, so the
/// terminal's scrollback keeps it).
fn unsaved_message(model: &Model, error: &StoreError, lang: Lang) -> String {
    let reason = error.message(lang);
    // The review text being written is not on disk: it goes to the terminal.
    let unsent = model.unsent_unsaved().map(|unsent| match lang {
        Lang::Zh => format!(
            "\n尚未送出的審查文字無法寫入；內容如下：\n{}",
            crate::safe_text::visible(&unsent.text, true)
        ),
        Lang::En => format!(
            "\nThe review text not sent yet could not be written; here it is:\n{}",
            crate::safe_text::visible(&unsent.text, true)
        ),
    });
    if model.save_failure().is_none()
        && let Some(unsent) = unsent
    {
        return format!("{reason}{unsent}");
    }
    let unsent = unsent.unwrap_or_default();
    let recovery = model.save_failure().and_then(|f| f.recovery.clone());
    let draft = match recovery {
        Some(Ok(path)) => match lang {
            Lang::Zh => format!(
                "草稿無法寫入：{reason}\n你打的文字已存到 {}；下次在這個儲存庫啟動 dsw 時會詢問是否還原。",
                path.display()
            ),
            Lang::En => format!(
                "the draft could not be written: {reason}\nYour text was saved to {}; dsw offers it back the next time it starts in this repository.",
                path.display()
            ),
        },
        _ => {
            let diff = crate::diff::AssessmentDiff::between(
                &model.draft.base,
                &model.draft.mine,
                &model.form,
            );
            let brics = &model.store.catalog().brics;
            let view = crate::report::ChangeView::new(&diff, &model.form, brics, lang);
            let text = crate::export::diff::text(&view, lang, false);
            match lang {
                Lang::Zh => format!(
                    "草稿無法寫入：{reason}\n救援檔也無法寫入；以下是草稿的全部修改：\n{text}"
                ),
                Lang::En => format!(
                    "the draft could not be written: {reason}\nNo recovery file could be written either; here are all of the draft's changes:\n{text}"
                ),
            }
        }
    };
    format!("{draft}{unsent}")
}

/// Reads events and draws until quit or hang-up. Sleeps until terminal input,
/// background work or one of the app's timers wakes it, and redraws only when
/// something changed, so an idle session over SSH sends nothing.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    hangup: &AtomicBool,
) -> anyhow::Result<Exit>
where
    B::Error: Send + Sync + 'static,
{
    events::spawn_input(app.messages());
    events::watch_terminal(app.messages());
    events::watch_signals(app.messages())?;
    let mut dirty = true;
    loop {
        if hangup.load(Ordering::Relaxed) {
            return Ok(Exit::HungUp);
        }
        if dirty {
            // A write to a terminal that has gone away fails: that is a hang-up.
            if terminal.draw(|frame| app.draw(frame)).is_err() {
                return Ok(Exit::HungUp);
            }
            dirty = false;
        }
        match app.wait() {
            Wait::Message(Message::Input(Event::Key(key))) => {
                app.key(key);
                if std::mem::take(&mut app.redraw) {
                    // Whatever else wrote to the terminal is wiped, and every cell
                    // is sent again (ratatui forgets what the screen held).
                    let _ = terminal.clear();
                }
                dirty = true;
            }
            Wait::Message(Message::Input(Event::Paste(text))) => {
                app.paste(&text);
                dirty = true;
            }
            Wait::Message(Message::Input(Event::Mouse(mouse))) => {
                app.mouse(mouse);
                dirty = true;
            }
            Wait::Message(Message::Input(Event::Resize(..))) => {
                let _ = terminal.autoresize();
                dirty = true;
            }
            Wait::Message(Message::HungUp) => return Ok(Exit::HungUp),
            Wait::Message(Message::Input(_) | Message::Background) | Wait::Timer => {}
        }
        dirty |= app.tick();
        if app.quit {
            return Ok(Exit::Quit);
        }
    }
}

/// The terminal in raw mode on the alternate screen, restored when dropped (also on
/// early returns and unwinding).
struct TerminalGuard {
    terminal: Terminal<LeanBackend<io::BufWriter<io::Stdout>>>,
    mouse: bool,
}

impl TerminalGuard {
    fn enter(mouse: bool) -> anyhow::Result<TerminalGuard> {
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        execute!(stdout, EnterAlternateScreen, EnableBracketedPaste)?;
        if mouse {
            execute!(stdout, EnableMouseCapture)?;
        }
        // Buffered: a frame goes out in one write, flushed at the end of the frame.
        let terminal = Terminal::new(LeanBackend::new(io::BufWriter::with_capacity(
            1 << 16,
            stdout,
        )))?;
        Ok(TerminalGuard { terminal, mouse })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let mut stdout = io::stdout();
        if self.mouse {
            let _ = execute!(stdout, DisableMouseCapture);
        }
        let _ = execute!(stdout, DisableBracketedPaste, LeaveAlternateScreen);
        let _ = disable_raw_mode();
        let _ = self.terminal.show_cursor();
        let _ = stdout.flush();
    }
}
