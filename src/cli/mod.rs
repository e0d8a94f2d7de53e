//! The command line: argument definitions and one file per subcommand, each a thin
//! call into the layers below.

/// `eprintln!` that never panics: a message to a standard error that went away
/// (`dsw status 2>&1 | head -1`) is dropped — there is no one left to tell — where
/// `eprintln!` would panic and exit 101.
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod answer;
mod args;
mod brics;
mod commit;
mod completions;
mod conflicts;
pub mod demo;
mod diff;
mod discard;
mod doctor;
mod evidence;
mod export;
mod forms;
mod git_setup;
mod guideline;
mod help_zh;
mod hint;
mod init;
mod input;
mod layout;
mod log;
mod lookup;
mod man;
mod mark;
mod merge_driver;
mod meta;
mod output;
mod resolve;
mod review;
mod show;
mod status;
mod tag;
mod textconv;
mod validate;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

pub use args::{
    BricsCommand, Cli, Command, DiffFormat, EvidenceCommand, ExportFormat, FormsCommand,
    ReviewCommand,
};
pub use demo::build as demo_in;
pub use output::Out;

use crate::i18n::Lang;

/// How a command ended; the process exit code contract of DESIGN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: success.
    Success = 0,
    /// 1: failure.
    Failure = 1,
    /// 2: bad input (usage, invalid file, unknown id).
    BadInput = 2,
    /// 3: merge conflict.
    Conflict = 3,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// An error meant for the person at the terminal: already worded, with its exit code.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UserError {
    /// The exit code.
    pub exit: Exit,
    /// One or two sentences with a hint.
    pub message: String,
}

impl UserError {
    /// A bad-input error (exit 2).
    pub fn bad_input(message: impl Into<String>) -> Self {
        UserError {
            exit: Exit::BadInput,
            message: message.into(),
        }
    }
}

/// The clap command with its help text in the interface language.
pub fn command(lang: Lang) -> clap::Command {
    let command = Cli::command();
    match lang {
        Lang::En => command,
        Lang::Zh => help_zh::localize(command),
    }
}

/// Parses `args` (including the program name) and runs the command. Returns the
/// exit code; every error has been printed to stderr.
pub fn main<I>(args: I) -> ExitCode
where
    I: IntoIterator<Item = String>,
{
    let args: Vec<String> = args.into_iter().collect();
    let lang = Lang::from_args_and_env(args.iter().skip(1).cloned());
    let matches = match command(lang).try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(error) => {
            // Help and version go to stdout (exit 0) and usage errors to stderr
            // (exit 2), as the contract asks.
            print_clap_error(&error, lang);
            return ExitCode::from(error.exit_code().clamp(0, 255) as u8);
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => {
            print_clap_error(&error, lang);
            return Exit::BadInput.into();
        }
    };
    let lang = cli.lang.unwrap_or(lang);
    let mut out = Out::stdout();
    let result = run(cli, lang, &mut out).and_then(|exit| out.finish().map(|()| exit));
    match result {
        Ok(exit) => exit.into(),
        Err(error) => {
            if output::is_broken_pipe(&error) {
                // The reader went away (`dsw forms show service | head`): not an error.
                return Exit::Success.into();
            }
            let exit = error
                .downcast_ref::<UserError>()
                .map_or(Exit::Failure, |e| e.exit);
            let prefix = lang.pick("dsw：", "dsw: ");
            // Messages quote what people typed and what files hold: never raw.
            let text = format!("{error:#}");
            stderr_line!(
                "{prefix}{}",
                crate::safe_text::visible(text.trim_end(), true)
            );
            exit.into()
        }
    }
}

/// Prints a clap error or help text in the interface language, where clap has it.
fn print_clap_error(error: &clap::Error, lang: Lang) {
    if lang == Lang::En {
        let _ = error.print();
        return;
    }
    let text = help_zh::error_text(error);
    if error.use_stderr() {
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), "{text}");
    } else {
        print!("{text}");
        let _ = std::io::stdout().flush();
    }
}

/// Runs one parsed command.
pub fn run(cli: Cli, lang: Lang, out: &mut Out) -> anyhow::Result<Exit> {
    let user = crate::store::user(cli.user.as_deref()).map_err(|e| UserError {
        exit: Exit::BadInput,
        message: hint::store_message(&e, lang),
    })?;
    let context = Context {
        lang,
        directory: cli.directory.clone(),
        user,
        assessment: cli.assessment.clone(),
    };
    let workbench = Workbench {
        theme: cli.theme.clone(),
        mouse: cli.mouse,
        lang_given: cli.lang.is_some() || Lang::from_env().is_some(),
    };
    let Some(command) = cli.command else {
        let settings = workbench.load(&context)?;
        return open(&context, None, settings);
    };
    match command {
        Command::Open { path } => {
            let settings = workbench.load(&context)?;
            open(&context, path, settings)
        }
        Command::Forms { command } => forms::run(&context, command, out),
        Command::Guideline { id } => guideline::run(&context, &id, out),
        Command::Validate { files } => validate::run(&context, &files, out),
        Command::Init {
            dir,
            form,
            shared,
            title,
            name,
            author,
        } => init::run(
            &context,
            init::Options {
                dir,
                form,
                shared,
                title,
                name,
                author,
            },
            out,
        ),
        Command::Answer { id, text } => answer::run(&context, &id, text.as_deref(), out),
        Command::Mark { id, status } => mark::run(&context, &id, &status, out),
        Command::Evidence { id, action } => evidence::run(&context, &id, action, out),
        Command::Meta { field, value } => meta::run(&context, &field, &value, out),
        Command::Brics { action } => brics::run(&context, action, out),
        Command::Status { json } => status::run(&context, json, out),
        Command::Commit {
            message,
            author,
            from_file,
        } => commit::run(&context, &message, author.as_deref(), from_file, out),
        Command::Discard { review } => discard::run(&context, review, out),
        Command::Resolve {
            id,
            mine,
            theirs,
            text,
            stdin,
        } => resolve::run(&context, &id, mine, theirs, text.or(stdin), out),
        Command::Log { max, json } => log::run(&context, max, json, out),
        Command::Show { rev, draft, json } => show::run(&context, rev.as_deref(), draft, json, out),
        Command::Diff { a, b, format, stat } => {
            diff::run(&context, a.as_deref(), b.as_deref(), format, stat, out)
        }
        Command::Tag { name, rev, message } => {
            tag::run(&context, &name, rev.as_deref(), message.as_deref(), out)
        }
        Command::Tags => tag::list(&context, out),
        Command::Review { action } => review::run(&context, action, out),
        Command::Export {
            format,
            rev,
            output,
            compare,
            replies,
            iteration,
            bom,
        } => export::run(
            &context,
            export::Options {
                format,
                rev,
                output,
                compare,
                replies,
                iteration,
                bom,
            },
            out,
        ),
        Command::Demo { no_tui } => {
            // Settings before the sample is built, so a broken file stops first.
            let settings = (!no_tui).then(|| workbench.load(&context)).transpose()?;
            let dir = demo::run(&context, out)?;
            let Some(settings) = settings else {
                return Ok(Exit::Success);
            };
            out.flush()?;
            let context = Context {
                directory: Some(dir),
                ..context
            };
            open(&context, None, settings)
        }
        Command::GitSetup => git_setup::run(&context, out),
        Command::MergeDriver {
            base,
            ours,
            theirs,
            path,
        } => merge_driver::run(&context, &base, &ours, &theirs, path.as_deref()),
        Command::Textconv { file } => textconv::run(&context, &file, out),
        Command::Completions { shell } => completions::run(lang, shell, out),
        Command::Man => man::run(lang, out),
        Command::Doctor { json } => doctor::run(&context, json, out),
    }
}

/// What the command line says about the workbench.
struct Workbench {
    /// `--theme`.
    theme: Option<String>,
    /// `--mouse`.
    mouse: bool,
    /// `--lang` or `DSW_LANG` chose the language (else config.toml may).
    lang_given: bool,
}

impl Workbench {
    /// The workbench's settings and language, loaded once and checked before
    /// anything is done for it: a broken file stops here (exit 2, with its line).
    fn load(self, context: &Context) -> anyhow::Result<(crate::tui::Config, Lang)> {
        let asked = crate::tui::Asked {
            theme: self.theme,
            mouse: self.mouse,
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        };
        let config = crate::tui::Config::load(&asked)
            .map_err(|error| UserError::bad_input(error.render(context.lang).trim_end()))?;
        let lang = match config.lang {
            Some(lang) if !self.lang_given => lang,
            _ => context.lang,
        };
        Ok((config, lang))
    }
}

/// Opens the terminal workbench (`dsw`, `dsw open PATH`, `dsw demo`) with its
/// settings.
fn open(
    context: &Context,
    path: Option<std::path::PathBuf>,
    (config, lang): (crate::tui::Config, Lang),
) -> anyhow::Result<Exit> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(UserError::bad_input(lang.pick(
            "終端機工作台需要在終端機中執行；指令列用法見 `dsw --help`。",
            "the workbench needs a terminal; see `dsw --help` for the command line.",
        ))
        .into());
    }
    let start = match path {
        Some(path) if path.is_file() => path
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default(),
        Some(path) => path,
        None => context.working_dir(),
    };
    let start = if start.as_os_str().is_empty() {
        context.working_dir()
    } else {
        start
    };
    // Opened once, here: refusals (not a repository one may trust, …) exit as the
    // other commands do; "no repository" is the workbench's own screen.
    let store = match crate::store::Store::discover(&start) {
        Ok(store) => Some(store),
        Err(crate::store::StoreError::NotARepository(_)) => None,
        Err(error) => return Err(context.fail(error)),
    };
    let options = crate::tui::Options {
        start,
        store,
        assessment: context.assessment.clone(),
        user: context.user.clone(),
        lang,
        config,
    };
    crate::tui::run(options)?;
    Ok(Exit::Success)
}

/// What every subcommand may need from the global options.
#[derive(Debug, Clone)]
pub struct Context {
    /// The interface language.
    pub lang: Lang,
    /// `-C PATH`: run as if started there.
    pub directory: Option<std::path::PathBuf>,
    /// Whose draft (`--user`, `DSW_USER`, the login name).
    pub user: String,
    /// `--assessment NAME`.
    pub assessment: Option<String>,
}

impl Context {
    /// A store error as a message for the person — the store's words and the command
    /// line's hint — with its exit code.
    pub fn fail(&self, error: crate::store::StoreError) -> anyhow::Error {
        let exit = match error.exit_code() {
            2 => Exit::BadInput,
            3 => Exit::Conflict,
            _ => Exit::Failure,
        };
        UserError {
            exit,
            message: hint::store_message(&error, self.lang),
        }
        .into()
    }

    /// The repository found upward from the working directory.
    pub fn store(&self) -> anyhow::Result<crate::store::Store> {
        crate::store::Store::discover(&self.working_dir()).map_err(|e| self.fail(e))
    }

    /// The repository, the assessment, and the form of the user's working copy: what
    /// every editing command checks the ids it is given against.
    pub fn open_for_edit(
        &self,
    ) -> anyhow::Result<(
        crate::store::Store,
        crate::store::AssessmentName,
        crate::form::Form,
    )> {
        let (store, name) = self.open()?;
        let draft = store
            .draft_or_head(&name, &self.user)
            .map_err(|e| self.fail(e))?;
        let form = store
            .form_of(&draft.mine)
            .map_err(|e| self.fail(e))?
            .clone();
        Ok((store, name, form))
    }

    /// The repository and the assessment to work on.
    pub fn open(&self) -> anyhow::Result<(crate::store::Store, crate::store::AssessmentName)> {
        let store = self.store()?;
        let name = store
            .select(self.assessment.as_deref())
            .map_err(|e| self.fail(e))?;
        Ok((store, name))
    }

    /// The directory the command works from.
    pub fn working_dir(&self) -> std::path::PathBuf {
        match &self.directory {
            Some(dir) => dir.clone(),
            None => std::env::current_dir().unwrap_or_else(|_| ".".into()),
        }
    }

    /// The catalog: bundled forms plus local ones (the repository's `.dsw/forms` when
    /// run inside a git repository, and the user's config directory). Problems with
    /// local forms are printed to stderr as warnings; they do not stop the command.
    pub fn catalog(&self) -> anyhow::Result<crate::form::Catalog> {
        let (catalog, problems) = self.catalog_with_problems()?;
        for problem in &problems {
            stderr_line!("{}", problem.message(self.lang).trim_end());
        }
        Ok(catalog)
    }

    /// The catalog and the problems met while reading local forms.
    pub fn catalog_with_problems(
        &self,
    ) -> anyhow::Result<(crate::form::Catalog, Vec<crate::form::FormError>)> {
        let root = find_repository_root(&self.working_dir());
        let dirs = crate::form::local_form_dirs(root.as_deref());
        crate::form::Catalog::with_local_forms(&dirs)
            .map_err(|error| anyhow::anyhow!(error.message(self.lang)))
    }
}

/// The top of the git work tree containing `start` (the first ancestor with a `.git`).
fn find_repository_root(start: &std::path::Path) -> Option<std::path::PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(std::path::Path::to_path_buf)
}
