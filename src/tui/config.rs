//! The workbench's settings as one model, loaded once before it starts: the theme,
//! the keys, the mouse and the language, from `$XDG_CONFIG_HOME/dsw/config.toml`
//! over the built-in defaults, with the command line and the environment over both.
//! The `keys.toml` beside it, which earlier versions read, still counts (config.toml's
//! `[keys]` wins over it). A problem in any of these files — or a theme that does not
//! exist — stops the start with the file, line and column; nothing is skipped.
//!
//! ```toml
//! theme = "light"          # a bundled theme, or a theme file (relative to this file)
//! mouse = true
//! lang = "en"              # when neither --lang nor DSW_LANG says
//!
//! [keys]                   # action = ["key", …], by the names help shows
//! commit = ["ctrl-w"]
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::keymap::{Bindings, Keymap};
use super::theme::{Depth, Theme, unknown};
use crate::diagnostic::{Diagnostic, Problem, Report};
use crate::i18n::Lang;

/// The settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The styles to draw with.
    pub theme: Theme,
    /// The keys.
    pub keys: Keymap,
    /// Capture the mouse.
    pub mouse: bool,
    /// The language config.toml asks for (the command line's comes first).
    pub lang: Option<Lang>,
}

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct Asked {
    /// `--theme NAME|FILE` (a relative file from the current directory).
    pub theme: Option<String>,
    /// `--mouse`.
    pub mouse: bool,
    /// `NO_COLOR` is set: the mono theme, whatever else says.
    pub no_color: bool,
}

/// Everything wrong with the configuration, one report per file.
#[derive(Debug, Clone)]
pub struct ConfigError {
    /// The reports.
    pub reports: Vec<Report>,
}

impl ConfigError {
    /// Every report, as `dsw validate` shows problems.
    pub fn render(&self, lang: Lang) -> String {
        self.reports
            .iter()
            .map(|report| report.render(lang))
            .collect::<Vec<_>>()
            .join("")
    }
}

/// config.toml.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    theme: Option<Spanned<String>>,
    mouse: Option<bool>,
    lang: Option<Spanned<String>>,
    #[serde(default)]
    keys: Bindings,
}

/// keys.toml, as earlier versions read it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeysFile {
    #[serde(default)]
    keys: Bindings,
}

/// A file read, and what is wrong in it.
struct Source {
    path: String,
    text: String,
    problems: Vec<Diagnostic>,
}

impl Source {
    fn read(path: PathBuf, reports: &mut Vec<Report>) -> Option<Source> {
        match crate::diagnostic::read_text(&path) {
            Ok(text) => Some(Source {
                path: path.display().to_string(),
                text: text?,
                problems: Vec::new(),
            }),
            Err(report) => {
                reports.push(report);
                None
            }
        }
    }

    fn parse<T: for<'de> Deserialize<'de>>(&mut self, reports: &mut Vec<Report>) -> Option<T> {
        match crate::diagnostic::parse_toml(&self.path, &self.text) {
            Ok(file) => Some(file),
            Err(report) => {
                reports.push(report);
                None
            }
        }
    }

    fn report(self) -> Option<Report> {
        (!self.problems.is_empty()).then_some(Report {
            path: self.path,
            source: self.text,
            diagnostics: self.problems,
        })
    }
}

impl Config {
    /// The person's settings: `$XDG_CONFIG_HOME/dsw/`, then `asked`.
    pub fn load(asked: &Asked) -> Result<Config, ConfigError> {
        let dir = crate::form::config_home().map(|home| home.join("dsw"));
        Config::load_from(dir.as_deref(), asked)
    }

    /// The settings in the config directory `dir` (none: the defaults), then
    /// `asked`.
    pub fn load_from(dir: Option<&Path>, asked: &Asked) -> Result<Config, ConfigError> {
        let mut reports = Vec::new();
        let mut sources: Vec<Source> = Vec::new();
        let mut keys = Keymap::default();
        let mut config = None;
        if let Some(dir) = dir {
            // keys.toml first, so config.toml's [keys] wins over it.
            if let Some(mut source) = Source::read(dir.join("keys.toml"), &mut reports)
                && let Some(file) = source.parse::<KeysFile>(&mut reports)
            {
                source.problems = keys.apply(sources.len(), &file.keys);
                sources.push(source);
            }
            if let Some(mut source) = Source::read(dir.join("config.toml"), &mut reports)
                && let Some(file) = source.parse::<ConfigFile>(&mut reports)
            {
                source.problems = keys.apply(sources.len(), &file.keys);
                config = Some((sources.len(), file));
                sources.push(source);
            }
        }
        for (file, diagnostic) in keys.clashes() {
            if let Some(source) = sources.get_mut(file) {
                source.problems.push(diagnostic);
            }
        }
        let lang = config
            .as_ref()
            .and_then(|(at, file)| Some((*at, file.lang.as_ref()?)))
            .and_then(|(at, lang)| match lang.get_ref().parse::<Lang>() {
                Ok(lang) => Some(lang),
                Err(_) => {
                    sources[at].problems.push(Diagnostic {
                        span: Some(lang.span()),
                        problem: Problem::NotOneOf {
                            what: "language",
                            id: lang.get_ref().clone(),
                            choices: vec!["zh".into(), "en".into()],
                        },
                    });
                    None
                }
            });
        let mouse = asked.mouse
            || config
                .as_ref()
                .and_then(|(_, file)| file.mouse)
                .unwrap_or(false);
        let theme = choose_theme(asked, config.as_ref(), dir, &mut sources, &mut reports);
        reports.extend(sources.into_iter().filter_map(Source::report));
        match theme {
            Some(theme) if reports.is_empty() => Ok(Config {
                theme,
                keys,
                mouse,
                lang,
            }),
            _ => Err(ConfigError { reports }),
        }
    }
}

/// `NO_COLOR` → mono; else `--theme`; else config.toml's `theme`; else default.
/// `None` when the theme asked for is broken or missing (the problem is filed).
fn choose_theme(
    asked: &Asked,
    config: Option<&(usize, ConfigFile)>,
    dir: Option<&Path>,
    sources: &mut [Source],
    reports: &mut Vec<Report>,
) -> Option<Theme> {
    let depth = Depth::detect();
    if asked.no_color {
        return Some(
            Theme::bundled("mono", depth)
                .map_or_else(Theme::fallback, |t| t.unwrap_or_else(|_| Theme::fallback())),
        );
    }
    let (name, named_in) = match (&asked.theme, config) {
        (Some(name), _) => (name.clone(), None),
        (None, Some((at, file))) if file.theme.is_some() => {
            let name = file.theme.as_ref()?;
            (name.get_ref().clone(), Some((*at, name.span())))
        }
        _ => ("default".to_owned(), None),
    };
    // A theme file named in config.toml is found beside it.
    let base = named_in.as_ref().and(dir);
    match Theme::named(&name, base, depth) {
        Ok(theme) => Some(theme),
        Err(report) => {
            let missing = matches!(
                report.diagnostics.first(),
                Some(Diagnostic {
                    problem: Problem::UnknownTheme { .. },
                    ..
                })
            );
            match named_in {
                // Shown where config.toml names it.
                Some((at, span)) if missing => {
                    sources[at].problems.push(unknown(&name, Some(span)))
                }
                _ => reports.push(report),
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::Action;

    fn load(files: &[(&str, &str)], asked: &Asked) -> Result<Config, String> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        Config::load_from(Some(dir.path()), asked).map_err(|e| e.render(Lang::En))
    }

    #[test]
    fn one_file_sets_theme_keys_mouse_and_language_over_the_older_keys_file() {
        let config = load(
            &[
                ("keys.toml", "[keys]\ncommit = [\"ctrl-w\"]\nmark = [\"v\"]\n"),
                (
                    "config.toml",
                    "theme = \"light\"\nmouse = true\nlang = \"en\"\n[keys]\ncommit = [\"ctrl-o\"]\n",
                ),
            ],
            &Asked::default(),
        )
        .unwrap();
        assert_eq!(config.theme.name, "light");
        assert!(config.mouse);
        assert_eq!(config.lang, Some(Lang::En));
        assert_eq!(config.keys.label(Action::Commit), "Ctrl-O");
        assert_eq!(config.keys.label(Action::Mark), "v");
        // The command line wins.
        let config = load(
            &[("config.toml", "theme = \"light\"\n")],
            &Asked {
                theme: Some("high-contrast".into()),
                ..Asked::default()
            },
        )
        .unwrap();
        assert_eq!(config.theme.name, "high-contrast");
    }

    #[test]
    fn every_problem_names_its_file_line_and_column() {
        let text = load(
            &[
                ("keys.toml", "[keys]\ncommit = [\"q\"]\n"),
                ("config.toml", "lang = \"fr\"\ntheme = \"ligth\"\n"),
            ],
            &Asked::default(),
        )
        .unwrap_err();
        assert!(
            text.contains("keys.toml:2:11") && text.contains("`q` is already bound to `quit`"),
            "{text}"
        );
        assert!(
            text.contains("config.toml:1:8")
                && text.contains("`fr` is not a language dsw knows")
                && text.contains("one of: zh, en"),
            "{text}"
        );
        assert!(
            text.contains("config.toml:2:9")
                && text.contains("did you mean `light`?")
                && text.contains("default, light, high-contrast, mono"),
            "{text}"
        );
        let text = load(&[("config.toml", "colour = 1\n")], &Asked::default()).unwrap_err();
        assert!(
            text.contains("config.toml:1:1") && text.contains("unknown field `colour`"),
            "{text}"
        );
    }

    #[test]
    fn a_theme_file_beside_the_config_names_only_what_it_changes() {
        let config = load(
            &[
                ("config.toml", "theme = \"mine.toml\"\n"),
                ("mine.toml", "[colors]\naccent = \"light-red\"\n"),
            ],
            &Asked::default(),
        )
        .unwrap();
        let default = Theme::bundled("default", Depth::detect()).unwrap().unwrap();
        assert_ne!(config.theme.accent, default.accent);
        assert_eq!(config.theme.text, default.text);
        let text = load(
            &[
                ("config.toml", "theme = \"mine.toml\"\n"),
                (
                    "mine.toml",
                    "[colors]\naccent = \"blurple\"\ntxt = \"red\"\n",
                ),
            ],
            &Asked::default(),
        )
        .unwrap_err();
        assert!(
            text.contains("mine.toml:3:1") && text.contains("unknown field `txt`"),
            "{text}"
        );
    }
}
