//! [`Text`]: a string read from a TOML file that remembers where it was.

use std::fmt;
use std::ops::{Deref, Range};

use serde::Deserialize;
use toml::Spanned;

/// A string value from a checklist file together with its byte span in that file, so
/// that validation can point at the exact place (`file:line:column`) of a problem.
/// It dereferences to `str`, so callers use it like any string.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Text(Spanned<String>);

impl Text {
    /// A text that did not come from a file (span 0..0), for values built in code.
    pub fn new(value: impl Into<String>) -> Self {
        Text(Spanned::new(0..0, value.into()))
    }

    /// The byte range of the value in the file it was read from.
    pub fn span(&self) -> Range<usize> {
        self.0.span()
    }

    /// The value.
    pub fn as_str(&self) -> &str {
        self.0.get_ref()
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
