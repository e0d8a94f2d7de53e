//! The command line: argument definitions and one file per subcommand, each a thin
//! call into the layers below.

mod args;
mod completions;
mod forms;
mod guideline;
mod help_zh;
mod layout;
mod man;
mod output;
mod validate;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

pub use args::{Cli, Command, FormsCommand};
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
            // clap prints help/version to stdout (exit 0) and usage errors to stderr
            // (exit 2), as the contract asks.
            let _ = error.print();
            return ExitCode::from(error.exit_code().clamp(0, 255) as u8);
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
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
            let text = format!("{error:#}");
            eprintln!("{prefix}{}", text.trim_end());
            exit.into()
        }
    }
}

/// Runs one parsed command.
pub fn run(cli: Cli, lang: Lang, out: &mut Out) -> anyhow::Result<Exit> {
    let context = Context {
        lang,
        directory: cli.directory.clone(),
    };
    match cli.command {
        None => {
            command(lang).write_help(out)?;
            Ok(Exit::Success)
        }
        Some(Command::Forms { command }) => forms::run(&context, command, out),
        Some(Command::Guideline { id }) => guideline::run(&context, &id, out),
        Some(Command::Validate { files }) => validate::run(&context, &files, out),
        Some(Command::Completions { shell }) => completions::run(lang, shell, out),
        Some(Command::Man) => man::run(lang, out),
    }
}

/// What every subcommand may need from the global options.
#[derive(Debug, Clone)]
pub struct Context {
    /// The interface language.
    pub lang: Lang,
    /// `-C PATH`: run as if started there.
    pub directory: Option<std::path::PathBuf>,
}

impl Context {
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
            eprintln!("{}", problem.message(self.lang).trim_end());
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
