//! The command-line grammar (clap derive). Help text here is English; `help_zh`
//! gives the 繁體中文 text shown by default.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::i18n::Lang;

/// dsw — Digital Service Workbench: self-assess digital services against the 13
/// government digital service guidelines, with every revision in git.
#[derive(Debug, Parser)]
#[command(name = "dsw", version, about = "Digital Service Workbench: self-assess digital services against the 13 Government Digital Service Guidelines, with every revision in git", long_about = None, propagate_version = true, disable_help_subcommand = true)]
pub struct Cli {
    /// Interface language: zh (Traditional Chinese, the default) or en
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// Run as if dsw was started in PATH
    #[arg(short = 'C', global = true, value_name = "PATH")]
    pub directory: Option<PathBuf>,

    /// Whose draft to use (default: DSW_USER, else your login name)
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,

    /// Which assessment, when the repository has several
    #[arg(long, global = true, value_name = "NAME")]
    pub assessment: Option<String>,

    /// Theme of the terminal workbench: default, light, high-contrast, mono, or a file
    #[arg(long, global = true, value_name = "THEME")]
    pub theme: Option<String>,

    /// Let the workbench use the mouse (click to select, wheel to scroll)
    #[arg(long, global = true)]
    pub mouse: bool,

    /// What to do (nothing: open the terminal workbench)
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the terminal workbench on the assessment at PATH (default: here)
    Open {
        /// A directory in the repository, or an assessment file
        #[arg(value_name = "PATH")]
        path: Option<PathBuf>,
    },
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
    /// Create an assessment (and the git repository, if needed) and its first revision
    Init {
        /// Directory of the repository (default: here)
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Form to fill in: service or ict-plan (see `dsw forms`); may be left out
        /// with --shared in an existing repository
        #[arg(long, value_name = "ID", required_unless_present = "shared")]
        form: Option<String>,
        /// A team repository: group-shared, every account of the directory's group
        /// can work in it (an existing repository is made shared)
        #[arg(long)]
        shared: bool,
        /// Title: fills the form's first header field (計畫名稱)
        #[arg(long, value_name = "T")]
        title: Option<String>,
        /// File name stem (default: the form id → service.assessment.toml)
        #[arg(long, value_name = "STEM")]
        name: Option<String>,
        /// Author of the first revision, "Name <email>"
        #[arg(long, value_name = "AUTHOR")]
        author: Option<String>,
    },
    /// Set the answer to a key question in your draft (TEXT, or - / nothing to read stdin)
    Answer {
        /// Key question id, e.g. 7.3.2
        #[arg(value_name = "QID")]
        id: String,
        /// The answer; - or omitted reads standard input
        #[arg(value_name = "TEXT")]
        text: Option<String>,
    },
    /// Set a checklist item's status: todo, partial, done or na
    Mark {
        /// Checklist item id, e.g. 7.3
        #[arg(value_name = "ITEM")]
        id: String,
        /// todo | partial | done | na
        #[arg(value_name = "STATUS")]
        status: String,
    },
    /// Add or remove evidence links of a checklist item
    Evidence {
        /// Checklist item id
        #[arg(value_name = "ITEM")]
        id: String,
        /// add or remove
        #[command(subcommand)]
        action: EvidenceCommand,
    },
    /// Set a header field (e.g. plan, service, filled_by, date)
    Meta {
        /// Field id (see `dsw forms show ID`)
        #[arg(value_name = "FIELD")]
        field: String,
        /// The value (empty clears it)
        #[arg(value_name = "VALUE")]
        value: String,
    },
    /// Edit BRiCS stakeholder tables
    Brics {
        /// set or remove
        #[command(subcommand)]
        action: BricsCommand,
    },
    /// Completion per guideline, your draft's changes, revisions by others, and who
    /// is editing what
    Status {
        /// Machine-readable output (one JSON object)
        #[arg(long)]
        json: bool,
    },
    /// Commit your draft as a new revision (merging others' revisions)
    Commit {
        /// The revision message
        #[arg(short, long, value_name = "MSG")]
        message: String,
        /// Author, "Name <email>" (default: DSW_AUTHOR, else git config, else the account as "Name <login@host>")
        #[arg(long, value_name = "AUTHOR")]
        author: Option<String>,
        /// Commit the working-tree file as edited by hand (validated)
        #[arg(long)]
        from_file: bool,
    },
    /// Drop your draft (review text you typed in the workbench and did not send is kept)
    Discard {
        /// Drop instead the review text you typed in the workbench and did not send (a reply, a reason for reopening, a new comment)
        #[arg(long)]
        review: bool,
    },
    /// Settle a conflicting field: keep yours, take theirs, or write new text
    Resolve {
        /// The field, as `dsw commit` named it (e.g. 7.3.2, 7.3, meta/plan)
        #[arg(value_name = "ID")]
        id: String,
        /// Keep your value
        #[arg(long, conflicts_with_all = ["theirs", "text"])]
        mine: bool,
        /// Take the value from the branch
        #[arg(long, conflicts_with_all = ["mine", "text"])]
        theirs: bool,
        /// Write this text instead (- reads standard input)
        #[arg(long, value_name = "T", conflicts_with_all = ["mine", "theirs"])]
        text: Option<String>,
        /// `-`: read the new text from standard input
        #[arg(value_name = "-", conflicts_with_all = ["mine", "theirs", "text"], value_parser = clap::builder::PossibleValuesParser::new(["-"]))]
        stdin: Option<String>,
    },
    /// List the revisions of the assessment
    Log {
        /// Show at most N revisions
        #[arg(short = 'n', value_name = "N")]
        max: Option<usize>,
        /// Machine-readable output (one JSON array)
        #[arg(long)]
        json: bool,
    },
    /// Show the assessment at a revision (default: the branch head)
    Show {
        /// Any git revision: an id, HEAD~2, a tag
        #[arg(value_name = "REV", conflicts_with = "draft")]
        rev: Option<String>,
        /// Your draft: the assessment as you are editing it
        #[arg(long)]
        draft: bool,
        /// Machine-readable output
        #[arg(long)]
        json: bool,
    },
    /// Compare question by question: head vs your draft, A vs your draft, or A vs B
    Diff {
        /// From this revision (default: the branch head)
        #[arg(value_name = "A")]
        a: Option<String>,
        /// To this revision (default: your draft)
        #[arg(value_name = "B")]
        b: Option<String>,
        /// text, md or json
        #[arg(long, value_name = "FORMAT", default_value = "text")]
        format: DiffFormat,
        /// Only the one-line summary
        #[arg(long)]
        stat: bool,
    },
    /// Mark a revision as an iteration (annotated tag), e.g. review-1
    Tag {
        /// Tag name
        #[arg(value_name = "NAME")]
        name: String,
        /// The revision (default: the branch head)
        #[arg(value_name = "REV")]
        rev: Option<String>,
        /// Tag message
        #[arg(short, long, value_name = "MSG")]
        message: Option<String>,
    },
    /// List the iterations
    Tags,
    /// Export the assessment (ODT form, HTML report, Markdown, CSV, JSON), a comparison
    /// of two revisions, or the replies to an iteration's review comments
    Export {
        /// odt, html, md, csv or json
        #[arg(long, value_name = "FORMAT")]
        format: ExportFormat,
        /// The revision to export (default: the branch head)
        #[arg(long, value_name = "REV", conflicts_with = "compare")]
        rev: Option<String>,
        /// Where to write (- or omitted: standard output, for text formats)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// A comparison table of two revisions or iteration tags (odt, html, md)
        #[arg(long, num_args = 2, value_names = ["A", "B"])]
        compare: Option<Vec<String>>,
        /// The reply table of an iteration's review comments: the replies
        /// and what changed on each target since (odt, html, md, csv)
        #[arg(long, conflicts_with_all = ["compare", "rev"])]
        replies: bool,
        /// With --replies: the iteration whose comments to list (default: the latest
        /// iteration tag)
        #[arg(long, value_name = "TAG", requires = "replies")]
        iteration: Option<String>,
        /// Start CSV with a byte-order mark, for Excel
        #[arg(long)]
        bom: bool,
    },
    /// Review comments: add, list, show, reply, accept, reopen, import
    Review {
        /// What to do with review comments
        #[command(subcommand)]
        action: ReviewCommand,
    },
    /// Build a sample assessment (the official filled example) in a new temporary repository
    Demo {
        /// Only build it and print where it is
        #[arg(long)]
        no_tui: bool,
    },
    /// Register dsw's merge driver and textconv so plain git merges and diffs assessments
    GitSetup,
    /// (for git) merge driver: dsw merge-driver %O %A %B %P
    #[command(hide = true)]
    MergeDriver {
        /// Common ancestor's version
        base: PathBuf,
        /// Our version; the result is written here
        ours: PathBuf,
        /// Their version
        theirs: PathBuf,
        /// The path in the repository
        path: Option<String>,
    },
    /// (for git) textconv: print an assessment as readable text
    #[command(hide = true)]
    Textconv {
        /// The file git passes
        file: PathBuf,
    },
    /// Print a shell completion script
    Completions {
        /// The shell
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff)
    Man,
    /// Check this account's setup for the repository here (ownership, sharing,
    /// drafts, author, git integration, tools); exit 1 if something is wrong
    Doctor {
        /// Print the checks as JSON
        #[arg(long)]
        json: bool,
    },
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

/// `dsw evidence ITEM …` subcommands.
#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Add a link: a label and a URL or repository path
    Add {
        /// What it is
        #[arg(value_name = "LABEL")]
        label: String,
        /// URL or path in the repository
        #[arg(value_name = "TARGET")]
        target: String,
    },
    /// Remove link number N (as `dsw show --draft` lists them, from 1)
    Remove {
        /// Its number
        #[arg(value_name = "N")]
        number: usize,
    },
}

/// `dsw brics …` subcommands.
#[derive(Debug, Subcommand)]
pub enum BricsCommand {
    /// Set a cell (creating the table and stakeholder if missing)
    Set {
        /// Table title (or id)
        #[arg(value_name = "TABLE")]
        table: String,
        /// Stakeholder name (or id)
        #[arg(value_name = "STAKEHOLDER")]
        stakeholder: String,
        /// benefit | risk | cost | kind
        #[arg(value_name = "FIELD")]
        field: String,
        /// The value (- reads standard input)
        #[arg(value_name = "VALUE")]
        value: String,
    },
    /// Remove a stakeholder, or the whole table
    Remove {
        /// Table title (or id)
        #[arg(value_name = "TABLE")]
        table: String,
        /// Stakeholder name (or id); omitted removes the table
        #[arg(value_name = "STAKEHOLDER")]
        stakeholder: Option<String>,
    },
}

/// `dsw review …` subcommands.
#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Add a comment on a question, an item, a header field, a BRiCS table or cell, or
    /// the whole assessment (TEXT, or - / nothing to read stdin)
    Add {
        /// 7.3.2, 7.3, meta/FIELD, brics/TABLE[/STAKEHOLDER[/DIMENSION]] or general
        #[arg(value_name = "TARGET")]
        target: String,
        /// The comment; - or omitted reads standard input
        #[arg(value_name = "TEXT")]
        text: Option<String>,
        /// The iteration it is written against (default: the latest iteration tag)
        #[arg(long, value_name = "TAG")]
        iteration: Option<String>,
        /// The reviewer's name (default: the author)
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
        /// Author of the revision, "Name <email>" (default: DSW_AUTHOR, else git config)
        #[arg(long, value_name = "AUTHOR")]
        author: Option<String>,
    },
    /// List the comments, one line each, with where each stands
    List {
        /// Only those waiting for the team's reply (open and reopened)
        #[arg(long)]
        open: bool,
        /// Only those written against this iteration
        #[arg(long, value_name = "TAG")]
        iteration: Option<String>,
        /// Only those on this target
        #[arg(long, value_name = "ID")]
        target: Option<String>,
        /// Machine-readable output (one JSON array)
        #[arg(long)]
        json: bool,
    },
    /// Show a comment: its target, text, reply and history
    Show {
        /// The comment's number (or id)
        #[arg(value_name = "N")]
        number: String,
        /// Machine-readable output (one JSON object)
        #[arg(long)]
        json: bool,
    },
    /// Reply to a comment (TEXT, or - / nothing to read stdin)
    Reply {
        /// The comment's number (or id)
        #[arg(value_name = "N")]
        number: String,
        /// The reply; - or omitted reads standard input
        #[arg(value_name = "TEXT")]
        text: Option<String>,
        /// Author of the revision, "Name <email>" (default: DSW_AUTHOR, else git config)
        #[arg(long, value_name = "AUTHOR")]
        author: Option<String>,
    },
    /// Accept the reply to a comment
    Accept {
        /// The comment's number (or id)
        #[arg(value_name = "N")]
        number: String,
        /// Author of the revision, "Name <email>" (default: DSW_AUTHOR, else git config)
        #[arg(long, value_name = "AUTHOR")]
        author: Option<String>,
    },
    /// Reopen a comment, asking for more and saying why (TEXT, or - / nothing to read stdin)
    Reopen {
        /// The comment's number (or id)
        #[arg(value_name = "N")]
        number: String,
        /// Why; - or omitted reads standard input
        #[arg(value_name = "TEXT")]
        text: Option<String>,
        /// Author of the revision, "Name <email>" (default: DSW_AUTHOR, else git config)
        #[arg(long, value_name = "AUTHOR")]
        author: Option<String>,
    },
    /// Add every comment of a reviewers' spreadsheet (CSV, UTF-8): all rows or none
    Import {
        /// The CSV file: a header row naming the target column (target) and the text
        /// column (comment), optionally the reviewer column (reviewer); the Chinese
        /// header names work too
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The iteration the comments are written against (default: the latest
        /// iteration tag)
        #[arg(long, value_name = "TAG")]
        iteration: Option<String>,
        /// The reviewer's name for rows that name none (default: the author)
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
        /// Author of the revision, "Name <email>" (default: DSW_AUTHOR, else git config)
        #[arg(long, value_name = "AUTHOR")]
        author: Option<String>,
    },
}

/// Formats of `dsw export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// ODF text document: the official form
    Odt,
    /// One self-contained HTML file
    Html,
    /// GitHub-flavoured Markdown
    Md,
    /// One row per key question
    Csv,
    /// The whole assessment
    Json,
}

/// Output formats of `dsw diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Plain text (coloured on a terminal)
    Text,
    /// Markdown
    Md,
    /// JSON
    Json,
}

fn parse_lang(value: &str) -> Result<Lang, String> {
    value.parse()
}
