//! Who is working: the draft owner (a login name) and the commit author.

use git2::{Repository, Signature};

/// The name drafts are kept under: `--user`, else `DSW_USER`, else the login name.
/// Made safe as a directory name.
pub fn user(flag: Option<&str>) -> String {
    // Each source counts only when it says something: an empty DSW_USER must not
    // make everyone share a draft called "user".
    let raw = given(flag.map(str::to_owned))
        .or_else(|| given(std::env::var("DSW_USER").ok()))
        .or_else(|| given(Some(Account::current().login)))
        .unwrap_or_else(|| "user".to_owned());
    let safe: String = raw
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@') {
                c
            } else {
                '_'
            }
        })
        .collect();
    match safe.trim_start_matches('.') {
        "" => "user".to_owned(),
        name => name.to_owned(),
    }
}

/// A setting that says something (empty and blank values say nothing).
fn given(value: Option<String>) -> Option<String> {
    value.filter(|text| !text.trim().is_empty())
}

/// A commit author: name and email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// Display name.
    pub name: String,
    /// Email address (may be a `user@host` stand-in).
    pub email: String,
}

impl Author {
    /// Parses `Name <email>`; a bare name gets `name@host` as email.
    pub fn parse(text: &str) -> Option<Author> {
        let text = text.trim();
        if text.is_empty() || text.chars().any(char::is_control) {
            return None;
        }
        match (text.find('<'), text.rfind('>')) {
            (Some(open), Some(close)) if open < close => {
                let name = text[..open].trim();
                let email = text[open + 1..close].trim();
                (!name.is_empty()).then(|| Author {
                    name: name.to_owned(),
                    email: email.to_owned(),
                })
            }
            (None, None) => Some(Author {
                name: text.to_owned(),
                email: format!("{text}@{}", host()),
            }),
            _ => None,
        }
    }

    /// `--author`, else `DSW_AUTHOR`, else git config `user.name`/`user.email`, else
    /// `$USER@host`.
    pub fn resolve(flag: Option<&str>, repo: &Repository) -> Result<Author, String> {
        // An empty flag or DSW_AUTHOR says nothing: fall back to git config.
        if let Some(text) =
            given(flag.map(str::to_owned)).or_else(|| given(std::env::var("DSW_AUTHOR").ok()))
        {
            return Author::parse(&text).ok_or(text);
        }
        if let Ok(signature) = repo.signature()
            && let (Ok(name), Ok(email)) = (signature.name(), signature.email())
        {
            return Ok(Author {
                name: name.to_owned(),
                email: email.to_owned(),
            });
        }
        Ok(Account::current().author())
    }

    /// The git signature, stamped now.
    pub fn signature(&self) -> Result<Signature<'static>, git2::Error> {
        Signature::now(&self.name, &self.email)
    }
}

/// The Unix account running dsw: who the committer of every dsw commit is, whatever
/// author is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The login name.
    pub login: String,
    /// The person's name from the account (its GECOS field), else the login.
    pub name: String,
}

impl Account {
    /// The account of this process (its effective user id); the login name falls back
    /// to `$USER`/`$LOGNAME`, then `uid<N>`, when the account database has no entry.
    pub fn current() -> Account {
        let uid = nix::unistd::geteuid();
        match nix::unistd::User::from_uid(uid) {
            Ok(Some(user)) => {
                let gecos = user.gecos.to_string_lossy();
                let name = gecos.split(',').next().unwrap_or("").trim();
                let name = if name.is_empty() || name.chars().any(char::is_control) {
                    user.name.clone()
                } else {
                    name.to_owned()
                };
                Account {
                    login: user.name,
                    name,
                }
            }
            _ => {
                let login = given(std::env::var("USER").ok())
                    .or_else(|| given(std::env::var("LOGNAME").ok()))
                    .unwrap_or_else(|| format!("uid{}", uid.as_raw()));
                Account {
                    name: login.clone(),
                    login,
                }
            }
        }
    }

    /// As a commit signature's name and email: `Name <login@host>`.
    pub fn author(&self) -> Author {
        Author {
            name: self.name.clone(),
            email: format!("{}@{}", self.login, host()),
        }
    }
}

/// The login name of the account with id `uid` (or the number, when it has none).
pub fn account_name(uid: u32) -> String {
    match nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid)) {
        Ok(Some(user)) => user.name,
        _ => uid.to_string(),
    }
}

fn host() -> String {
    gethostname::gethostname().to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_parse_with_or_without_email() {
        assert_eq!(
            Author::parse("王小明 <ming@example.gov.tw>"),
            Some(Author {
                name: "王小明".into(),
                email: "ming@example.gov.tw".into()
            })
        );
        assert!(Author::parse("alice").unwrap().email.starts_with("alice@"));
        assert_eq!(Author::parse("<only@mail>"), None);
        assert_eq!(Author::parse("bad\u{1b}name"), None);
    }

    #[test]
    fn user_names_are_safe_directory_names() {
        assert_eq!(user(Some("../../etc")), "_.._etc");
        assert_eq!(user(Some("王小明")), "王小明");
        assert_eq!(user(Some("  ")), user(None));
    }
}
