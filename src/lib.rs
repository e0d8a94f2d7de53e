//! dsw — Digital Service Workbench (數位服務指引工作台).
//!
//! Teams of Taiwanese government agencies self-assess their digital services against
//! the 13 政府數位服務指引, and keep every revision of the assessment in git.
//!
//! The layers, from the bottom (lower layers never import higher ones; nothing below
//! `tui` uses ratatui or crossterm, so the CLI and the TUI share one implementation):
//!
//! | module | job |
//! |---|---|
//! | [`i18n`] | interface language (繁體中文 / English) |
//! | [`safe_text`] | untrusted text made safe to print |
//! | [`time`] | commit times as local dates |
//! | [`suggest`] | "did you mean": the closest of the known names to a mistyped one |
//! | [`diagnostic`] | reading TOML files; problems in them, shown with `file:line:column` and the snippet |
//! | [`form`] | checklist schema: forms, guidelines, BRiCS; loading and validation |
//! | [`assessment`] | the assessment model and its deterministic TOML file format |
//! | [`diff`] | semantic diff and three-way merge of assessments, character-level text diff |
//! | [`review`] | 審查意見: comments, replies and their states; the review file; CSV import |
//! | [`store`] | the git-backed repository: drafts, commits (CAS), log, tags, presence |
//! | [`doctor`] | checks of one account's setup for a repository (`dsw doctor`) |
//! | [`report`] | what people read, decided once: the vocabulary, a change in words, the form as filled (完成度 itself is `assessment::Completion::percent`) |
//! | [`export`] | the report laid out for people and programs: ODT, HTML, Markdown, CSV, JSON, text; `dsw diff`'s formats |
//! | [`tui`] | the terminal workbench (the only module that uses ratatui / crossterm) |
//! | [`cli`] | one file per subcommand, each a thin call into the layers above |

// One reviewed exception: `store::trust` turns off libgit2's ownership check (see there).
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod assessment;
pub mod cli;
pub mod diagnostic;
pub mod diff;
pub mod doctor;
pub mod export;
pub mod form;
pub mod i18n;
pub mod report;
pub mod review;
pub mod safe_text;
pub mod store;
pub mod suggest;
pub mod time;
pub mod tui;
