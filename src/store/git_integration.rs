//! dsw's merge driver and textconv registered in `.git/config`, so plain `git pull`
//! merges assessments question by question and `git diff` reads them.

use std::path::Path;

use super::error::StoreError;
use super::repo::Store;
use super::trust::shell_quote;

/// What `.git/config` says about dsw's git integration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitIntegration {
    /// `merge.dsw.driver`, if set.
    pub driver: Option<String>,
    /// `diff.dsw.textconv`, if set.
    pub textconv: Option<String>,
}

impl GitIntegration {
    /// The programs the two commands run (their first word), unquoted.
    pub fn programs(&self) -> Vec<String> {
        [&self.driver, &self.textconv]
            .into_iter()
            .flatten()
            .filter_map(|command| first_word(command))
            .collect()
    }
}

impl Store {
    /// Registers `exe` as the merge driver and textconv in the repository's own
    /// config (shared by every account on a team server).
    pub fn register_git_integration(&self, exe: &Path) -> Result<(), StoreError> {
        let exe = shell_quote(&exe.display().to_string());
        let mut config = self
            .repository()
            .config()?
            .open_level(git2::ConfigLevel::Local)?;
        config.set_str(
            "merge.dsw.name",
            "dsw: merge assessments question by question",
        )?;
        config.set_str(
            "merge.dsw.driver",
            &format!("{exe} merge-driver %O %A %B %P"),
        )?;
        config.set_str("diff.dsw.textconv", &format!("{exe} textconv"))?;
        Ok(())
    }

    /// The registered merge driver and textconv.
    pub fn git_integration(&self) -> GitIntegration {
        let config = self.repository().config().ok();
        let get = |key: &str| config.as_ref().and_then(|c| c.get_string(key).ok());
        GitIntegration {
            driver: get("merge.dsw.driver"),
            textconv: get("diff.dsw.textconv"),
        }
    }
}

/// The first shell word of `command` (a single-quoted or plain word).
fn first_word(command: &str) -> Option<String> {
    let command = command.trim_start();
    if let Some(rest) = command.strip_prefix('\'') {
        // shell_quote writes ' as '\'' inside quotes.
        let mut word = String::new();
        let mut rest = rest;
        loop {
            let end = rest.find('\'')?;
            word.push_str(&rest[..end]);
            rest = &rest[end + 1..];
            match rest.strip_prefix("\\''") {
                Some(more) => {
                    word.push('\'');
                    rest = more;
                }
                None => return Some(word),
            }
        }
    }
    command.split_whitespace().next().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_of_a_registered_command_is_its_first_word() {
        assert_eq!(
            first_word("/usr/local/bin/dsw merge-driver %O").as_deref(),
            Some("/usr/local/bin/dsw")
        );
        assert_eq!(
            first_word(&format!("{} textconv", shell_quote("/opt/my dsw/it's"))).as_deref(),
            Some("/opt/my dsw/it's")
        );
    }
}
