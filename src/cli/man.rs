//! `dsw man`: the manual page, generated from the same definitions as `--help`.

use super::{Exit, Out, command};
use crate::i18n::Lang;

/// Writes the roff manual page.
pub fn run(lang: Lang, out: &mut Out) -> anyhow::Result<Exit> {
    clap_mangen::Man::new(command(lang)).render(out)?;
    Ok(Exit::Success)
}
