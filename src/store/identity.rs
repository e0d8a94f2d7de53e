//! Who is working: the draft owner (a login name) and the commit author.

use git2::{Repository, Signature};

/// The name drafts are kept under: `--user`, else `DSW_USER`, else the account's
/// login name — written so that it is a safe directory name and distinct names never
/// share a draft: letters, digits and `-_.@` stay as they are (a leading `.` aside),
/// every other character is percent-encoded (`a b` → `a%20b`, `a/b` → `a%2Fb`,
/// `..` → `%2E.`). A name with control characters, or longer than 64 characters, is
/// refused.
pub fn user(flag: Option<&str>) -> Result<String, super::StoreError> {
    // Each source counts only when it says something: an empty DSW_USER must not
    // make everyone share one draft.
    let raw = given(flag.map(str::to_owned))
        .or_else(|| given(std::env::var("DSW_USER").ok()))
        .unwrap_or_else(|| Account::current().login);
    let raw = raw.trim();
    if raw.chars().any(char::is_control) || raw.chars().count() > 64 {
        return Err(super::StoreError::BadUser(raw.to_owned()));
    }
    Ok(encode_user(raw))
}

/// The injective, readable encoding of a draft name (see [`user`]).
fn encode_user(raw: &str) -> String {
    let mut safe = String::with_capacity(raw.len());
    for (n, c) in raw.chars().enumerate() {
        let keep = (c.is_alphanumeric() && !c.is_ascii_punctuation())
            || matches!(c, '-' | '_' | '@')
            || (c == '.' && n > 0);
        if keep {
            safe.push(c);
        } else {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                safe.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    safe
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

    /// Who the author of a revision or an iteration is — the one rule the command line
    /// and the workbench share: `--author` (`flag`), else `DSW_AUTHOR`, else git's
    /// `user.name`/`user.email` (the repository's configuration, or the global one
    /// when there is no repository yet), else the account running dsw as
    /// `Name <login@host>` (its full name and login name; `$USER` where the account
    /// database has no entry — see [`Account::current`]). An empty flag or
    /// `DSW_AUTHOR` says nothing; one that is not `Name <email>` is refused rather
    /// than replaced, so no revision is ever made under a name nobody chose.
    pub fn resolve(
        flag: Option<&str>,
        repo: Option<&Repository>,
    ) -> Result<Author, super::StoreError> {
        if let Some(text) =
            given(flag.map(str::to_owned)).or_else(|| given(std::env::var("DSW_AUTHOR").ok()))
        {
            return Author::parse(&text).ok_or(super::StoreError::BadAuthor(text));
        }
        let configured = match repo {
            Some(repo) => repo.signature().ok().and_then(|signature| {
                Some(Author {
                    name: signature.name().ok()?.to_owned(),
                    email: signature.email().ok()?.to_owned(),
                })
            }),
            None => git2::Config::open_default().ok().and_then(|config| {
                Some(Author {
                    name: config.get_string("user.name").ok()?,
                    email: config.get_string("user.email").ok()?,
                })
            }),
        };
        Ok(configured.unwrap_or_else(|| Account::current().author()))
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
                // git refuses a name with angle brackets: drop them.
                let name = gecos
                    .split(',')
                    .next()
                    .unwrap_or("")
                    .replace(['<', '>'], "");
                let name = name.trim();
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
    fn user_names_are_safe_directory_names_and_distinct_names_stay_distinct() {
        assert_eq!(user(Some("../../etc")).unwrap(), "%2E.%2F..%2Fetc");
        assert_eq!(user(Some("王小明")).unwrap(), "王小明");
        assert_eq!(
            user(Some("ming.wang@example")).unwrap(),
            "ming.wang@example"
        );
        assert_eq!(user(Some("  ")).unwrap(), user(None).unwrap());
        let names = [
            "a b", "a/b", "a:b", "a\\b", "a_b", "a%20b", ".", "..", "user", "%2E",
        ];
        let encoded: std::collections::BTreeSet<String> =
            names.iter().map(|n| user(Some(n)).unwrap()).collect();
        assert_eq!(encoded.len(), names.len(), "{encoded:?}");
        for name in &encoded {
            assert!(!name.starts_with('.') && !name.contains('/'), "{name}");
        }
        assert!(user(Some("bad\u{1b}name")).is_err());
        assert!(user(Some(&"長".repeat(65))).is_err());
    }
}
