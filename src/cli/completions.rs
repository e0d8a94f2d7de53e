//! `dsw completions SHELL`: a completion script for the shell.

use std::io::Write;

use super::{Exit, Out, command};
use crate::i18n::Lang;

/// Writes the completion script for `shell`.
pub fn run(lang: Lang, shell: clap_complete::Shell, out: &mut Out) -> anyhow::Result<Exit> {
    let mut cmd = command(lang);
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "dsw", &mut script);
    out.write_all(&script)?;
    Ok(Exit::Success)
}
