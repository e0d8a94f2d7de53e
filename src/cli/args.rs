//! The command-line grammar (clap derive). Help text here is English; `help_zh`
//! gives the 繁體中文 text shown by default.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::i18n::Lang;

/// dsw — Digital Service Workbench: self-assess digital services against the 13
/// government digital service guidelines, with every revision in git.
#[derive(Debug, Parser)]
#[command(name = "dsw", version, about, long_about = None, propagate_version = true, disable_help_subcommand = true)]
pub struct Cli {
    /// Interface language: zh (繁體中文, default) or en
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// Run as if dsw was started in PATH
    #[arg(short = 'C', global = true, value_name = "PATH")]
    pub directory: Option<PathBuf>,

    /// What to do
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the available forms, or print one
    Forms {
        /// What to do with forms
        #[command(subcommand)]
        command: Option<FormsCommand>,
    },
    /// Print a guideline: principle, explanation and the notes of each related layer
    Guideline {
        /// Guideline number, 1–13 (or 一–十三)
        #[arg(value_name = "N")]
        id: String,
    },
    /// Check forms, guidelines or BRiCS files; exit 2 listing every problem
    Validate {
        /// Files to check
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print a shell completion script
    Completions {
        /// The shell
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff)
    Man,
}

/// `dsw forms` subcommands.
#[derive(Debug, Subcommand)]
pub enum FormsCommand {
    /// Print a form: every guideline, checklist item and key question with its id
    Show {
        /// The form's id (see `dsw forms`)
        #[arg(value_name = "ID")]
        id: String,
    },
}

fn parse_lang(value: &str) -> Result<Lang, String> {
    value.parse()
}
