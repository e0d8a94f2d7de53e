//! Themes as data: `themes/*.toml` embedded at build time (default, light,
//! high-contrast, mono) or a file of the person's; a theme names only the colours it
//! changes over `default`, and colours are parsed by ratatui. Which theme is used is
//! the config's business (`super::config`). Colours degrade to what the terminal has.

use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Problem, Report};

/// How the bundled default theme is named in messages; the others build on it.
const BUNDLED_DEFAULT: &str = "bundled:themes/default.toml";

/// The bundled themes, by name.
pub const BUNDLED: [(&str, &str); 4] = [
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

/// A theme file: an optional name and the colours it changes over `default`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: Option<String>,
    #[serde(default)]
    colors: Colors,
}

/// The colours a theme file may set, each where the file wrote it.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Colors {
    text: Option<toml::Spanned<String>>,
    muted: Option<toml::Spanned<String>>,
    accent: Option<toml::Spanned<String>>,
    border: Option<toml::Spanned<String>>,
    focus: Option<toml::Spanned<String>>,
    selection_fg: Option<toml::Spanned<String>>,
    selection_bg: Option<toml::Spanned<String>>,
    added: Option<toml::Spanned<String>>,
    removed: Option<toml::Spanned<String>>,
    warning: Option<toml::Spanned<String>>,
    todo: Option<toml::Spanned<String>>,
    partial: Option<toml::Spanned<String>>,
    done: Option<toml::Spanned<String>>,
    na: Option<toml::Spanned<String>>,
}

/// Every colour of a theme.
#[derive(Debug, Clone, Copy)]
struct Palette {
    text: Color,
    muted: Color,
    accent: Color,
    border: Color,
    focus: Color,
    selection_fg: Color,
    selection_bg: Color,
    added: Color,
    removed: Color,
    warning: Color,
    todo: Color,
    partial: Color,
    done: Color,
    na: Color,
}

impl Palette {
    /// The terminal's own colours everywhere: what `default` starts from.
    const RESET: Palette = Palette {
        text: Color::Reset,
        muted: Color::Reset,
        accent: Color::Reset,
        border: Color::Reset,
        focus: Color::Reset,
        selection_fg: Color::Reset,
        selection_bg: Color::Reset,
        added: Color::Reset,
        removed: Color::Reset,
        warning: Color::Reset,
        todo: Color::Reset,
        partial: Color::Reset,
        done: Color::Reset,
        na: Color::Reset,
    };

    /// This palette with what `colors` sets (parsed by ratatui, degraded to
    /// `depth`); a colour that is not one is a problem at its place.
    fn with(mut self, colors: &Colors, depth: Depth) -> Result<Palette, Vec<Diagnostic>> {
        let changes = [
            (&colors.text, &mut self.text),
            (&colors.muted, &mut self.muted),
            (&colors.accent, &mut self.accent),
            (&colors.border, &mut self.border),
            (&colors.focus, &mut self.focus),
            (&colors.selection_fg, &mut self.selection_fg),
            (&colors.selection_bg, &mut self.selection_bg),
            (&colors.added, &mut self.added),
            (&colors.removed, &mut self.removed),
            (&colors.warning, &mut self.warning),
            (&colors.todo, &mut self.todo),
            (&colors.partial, &mut self.partial),
            (&colors.done, &mut self.done),
            (&colors.na, &mut self.na),
        ];
        let mut problems = Vec::new();
        for (value, slot) in changes {
            let Some(value) = value else { continue };
            match value.get_ref().trim().parse::<Color>() {
                Ok(color) => *slot = degrade(color, depth),
                Err(_) => problems.push(Diagnostic {
                    span: Some(value.span()),
                    problem: Problem::NotAColour(value.get_ref().clone()),
                }),
            }
        }
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(problems)
        }
    }
}

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// 24-bit.
    TrueColor,
    /// The xterm 256-colour palette.
    Indexed,
    /// The 16 ANSI colours.
    Basic,
}

impl Depth {
    /// What `COLORTERM` and `TERM` say.
    pub fn detect() -> Depth {
        let colorterm = std::env::var("COLORTERM").unwrap_or_default();
        let term = std::env::var("TERM").unwrap_or_default();
        if colorterm.contains("truecolor") || colorterm.contains("24bit") {
            Depth::TrueColor
        } else if term.contains("256") {
            Depth::Indexed
        } else {
            Depth::Basic
        }
    }
}

/// The styles the interface draws with.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The theme's name.
    pub name: String,
    /// Whether this is the colourless theme (emphasis by modifiers only).
    pub mono: bool,
    /// Ordinary text.
    pub text: Style,
    /// Secondary text.
    pub muted: Style,
    /// Headings and highlights.
    pub accent: Style,
    /// Unfocused borders.
    pub border: Style,
    /// The focused pane's border.
    pub focus: Style,
    /// The selected row.
    pub selection: Style,
    /// Added text in diffs.
    pub added: Style,
    /// Removed text in diffs.
    pub removed: Style,
    /// Warnings and notices.
    pub warning: Style,
    /// Failures that put the person's work at risk (a draft that cannot be
    /// written): the removed-text colour, reversed, so it cannot be missed.
    pub error: Style,
    /// Item status marks: todo, partial, done, na.
    pub status: [Style; 4],
}

impl Theme {
    /// Parses a theme file: the colours it names over `default`'s. Every problem
    /// points at its line and column.
    pub fn parse(path: &str, source: &str, depth: Depth) -> Result<Theme, Report> {
        let base = if path == BUNDLED_DEFAULT {
            Palette::RESET
        } else {
            default_palette(depth)
        };
        let file: ThemeFile = crate::diagnostic::parse_toml(path, source)?;
        let palette = base
            .with(&file.colors, depth)
            .map_err(|diagnostics| Report {
                path: path.to_owned(),
                source: source.to_owned(),
                diagnostics,
            })?;
        let name = file.name.unwrap_or_else(|| path.to_owned());
        let theme = Theme::of(name, &palette);
        Ok(if theme.mono {
            theme.monochrome()
        } else {
            theme
        })
    }

    /// The styles of `palette`.
    fn of(name: String, c: &Palette) -> Theme {
        let fg = |color: Color| Style::default().fg(color);
        Theme {
            mono: name == "mono",
            text: fg(c.text),
            muted: fg(c.muted),
            accent: fg(c.accent).add_modifier(Modifier::BOLD),
            border: fg(c.border),
            focus: fg(c.focus).add_modifier(Modifier::BOLD),
            selection: Style::default().fg(c.selection_fg).bg(c.selection_bg),
            added: fg(c.added).add_modifier(Modifier::UNDERLINED),
            removed: fg(c.removed).add_modifier(Modifier::CROSSED_OUT),
            warning: fg(c.warning).add_modifier(Modifier::BOLD),
            error: fg(c.removed).add_modifier(Modifier::BOLD | Modifier::REVERSED),
            status: [fg(c.todo), fg(c.partial), fg(c.done), fg(c.na)],
            name,
        }
    }

    /// Mono keeps emphasis with modifiers, since it has no colour to carry it.
    fn monochrome(mut self) -> Theme {
        self.selection = Style::default().add_modifier(Modifier::REVERSED);
        self.focus = Style::default().add_modifier(Modifier::BOLD);
        self
    }

    /// A bundled theme by name.
    pub fn bundled(name: &str, depth: Depth) -> Option<Result<Theme, Report>> {
        BUNDLED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, source)| Theme::parse(&format!("bundled:themes/{n}.toml"), source, depth))
    }

    /// The theme called `name`: a bundled one, else a theme file (a relative path
    /// is taken from `dir`, when given). Neither: the problem lists the themes.
    pub fn named(name: &str, dir: Option<&Path>, depth: Depth) -> Result<Theme, Report> {
        if let Some(theme) = Theme::bundled(name, depth) {
            return theme;
        }
        let path = match dir {
            Some(dir) => dir.join(name),
            None => PathBuf::from(name),
        };
        let display = path.display().to_string();
        match crate::diagnostic::read_text(&path) {
            Ok(Some(source)) => Theme::parse(&display, &source, depth),
            Ok(None) => Err(Report {
                path: name.to_owned(),
                source: String::new(),
                diagnostics: vec![unknown(name, None)],
            }),
            Err(report) => Err(report),
        }
    }

    /// A colourless theme that needs no file (never fails).
    pub fn fallback() -> Theme {
        let plain = Style::default();
        Theme {
            name: "mono".into(),
            mono: true,
            text: plain,
            muted: plain,
            accent: plain.add_modifier(Modifier::BOLD),
            border: plain,
            focus: plain.add_modifier(Modifier::BOLD),
            selection: plain.add_modifier(Modifier::REVERSED),
            added: plain.add_modifier(Modifier::UNDERLINED),
            removed: plain.add_modifier(Modifier::CROSSED_OUT),
            warning: plain.add_modifier(Modifier::BOLD),
            error: plain.add_modifier(Modifier::BOLD | Modifier::REVERSED),
            status: [plain; 4],
        }
    }
}

/// `default`'s colours at `depth` (the bundled file sets every one; a test holds
/// it to that).
fn default_palette(depth: Depth) -> Palette {
    let file: Option<ThemeFile> = crate::diagnostic::parse_toml(BUNDLED_DEFAULT, BUNDLED[0].1).ok();
    file.and_then(|file| Palette::RESET.with(&file.colors, depth).ok())
        .unwrap_or(Palette::RESET)
}

/// The problem for a theme that does not exist, at `span` (where a config file
/// named it) if any.
pub fn unknown(name: &str, span: Option<std::ops::Range<usize>>) -> Diagnostic {
    Diagnostic {
        span,
        problem: Problem::UnknownTheme {
            name: name.to_owned(),
            closest: crate::suggest::closest(name, BUNDLED.iter().map(|(n, _)| *n))
                .map(str::to_owned),
            themes: BUNDLED.iter().map(|(n, _)| (*n).to_owned()).collect(),
        },
    }
}

/// The nearest colour the terminal has.
fn degrade(color: Color, depth: Depth) -> Color {
    match (color, depth) {
        (Color::Rgb(r, g, b), Depth::Indexed) => Color::Indexed(rgb_to_256(r, g, b)),
        (Color::Rgb(r, g, b), Depth::Basic) => rgb_to_16(r, g, b),
        (Color::Indexed(i), Depth::Basic) if i >= 16 => {
            let (r, g, b) = indexed_to_rgb(i);
            rgb_to_16(r, g, b)
        }
        (other, _) => other,
    }
}

fn rgb_to_256(r: u8, g: u8, b: u8) -> u8 {
    let level = |v: u8| {
        if v < 48 {
            0
        } else if v < 115 {
            1
        } else {
            (v - 35) / 40
        }
    };
    16 + 36 * level(r) + 6 * level(g) + level(b)
}

fn indexed_to_rgb(i: u8) -> (u8, u8, u8) {
    match i {
        16..=231 => {
            let i = i - 16;
            let step = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            (step(i / 36), step(i / 6 % 6), step(i % 6))
        }
        232..=255 => {
            let v = 8 + (i - 232) * 10;
            (v, v, v)
        }
        _ => (128, 128, 128),
    }
}

/// The nearest of the 16 ANSI colours (xterm's palette), by squared distance.
fn rgb_to_16(r: u8, g: u8, b: u8) -> Color {
    const PALETTE: [(Color, (i32, i32, i32)); 16] = [
        (Color::Black, (0, 0, 0)),
        (Color::Red, (205, 0, 0)),
        (Color::Green, (0, 205, 0)),
        (Color::Yellow, (205, 205, 0)),
        (Color::Blue, (0, 0, 238)),
        (Color::Magenta, (205, 0, 205)),
        (Color::Cyan, (0, 205, 205)),
        (Color::Gray, (229, 229, 229)),
        (Color::DarkGray, (127, 127, 127)),
        (Color::LightRed, (255, 0, 0)),
        (Color::LightGreen, (0, 255, 0)),
        (Color::LightYellow, (255, 255, 0)),
        (Color::LightBlue, (92, 92, 255)),
        (Color::LightMagenta, (255, 0, 255)),
        (Color::LightCyan, (0, 255, 255)),
        (Color::White, (255, 255, 255)),
    ];
    let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
    PALETTE
        .iter()
        .min_by_key(|(_, (pr, pg, pb))| (r - pr).pow(2) + (g - pg).pow(2) + (b - pb).pow(2))
        .map_or(Color::Reset, |(color, _)| *color)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_theme_parses_at_every_depth() {
        for (name, _) in BUNDLED {
            for depth in [Depth::TrueColor, Depth::Indexed, Depth::Basic] {
                Theme::bundled(name, depth).unwrap().unwrap();
            }
        }
    }

    #[test]
    fn colours_degrade_to_the_terminal() {
        assert_eq!(
            degrade(Color::Rgb(0x5f, 0xaf, 0xff), Depth::Indexed),
            Color::Indexed(75)
        );
        assert_eq!(
            degrade(Color::Rgb(0xff, 0x20, 0x20), Depth::Basic),
            Color::LightRed
        );
        assert_eq!(
            degrade(Color::Rgb(1, 2, 3), Depth::TrueColor),
            Color::Rgb(1, 2, 3)
        );
    }

    #[test]
    fn a_theme_names_only_what_it_changes_and_a_bad_one_is_reported_like_a_form_error() {
        let default = Theme::bundled("default", Depth::TrueColor)
            .unwrap()
            .unwrap();
        let mine = Theme::parse(
            "my.toml",
            "[colors]\naccent = \"Light Red\"\nmuted = \"244\"\n",
            Depth::TrueColor,
        )
        .unwrap();
        assert_eq!(mine.accent.fg, Some(Color::LightRed));
        assert_eq!(mine.muted.fg, Some(Color::Indexed(244)));
        assert_eq!(mine.text, default.text);
        assert_eq!(mine.selection, default.selection);

        let source = "name = \"x\"\n[colors]\ntext = \"blurple\"\n";
        let text = Theme::parse("my.toml", source, Depth::TrueColor)
            .unwrap_err()
            .render(crate::i18n::Lang::En);
        assert!(
            text.contains("my.toml:3:8") && text.contains("`blurple` is not a colour"),
            "{text}"
        );
        let text = Theme::parse("my.toml", "[colors]\ntxt = \"red\"\n", Depth::TrueColor)
            .unwrap_err()
            .render(crate::i18n::Lang::En);
        assert!(
            text.contains("my.toml:2:1") && text.contains("unknown field `txt`"),
            "{text}"
        );
    }

    #[test]
    fn the_default_theme_sets_every_colour() {
        let file: ThemeFile = crate::diagnostic::parse_toml(BUNDLED_DEFAULT, BUNDLED[0].1).unwrap();
        let c = &file.colors;
        let all = [
            &c.text,
            &c.muted,
            &c.accent,
            &c.border,
            &c.focus,
            &c.selection_fg,
            &c.selection_bg,
            &c.added,
            &c.removed,
            &c.warning,
            &c.todo,
            &c.partial,
            &c.done,
            &c.na,
        ];
        assert!(all.iter().all(|colour| colour.is_some()));
    }

    #[test]
    fn an_unknown_theme_lists_the_bundled_ones() {
        let report = Theme::named("ligth", None, Depth::TrueColor).unwrap_err();
        let text = report.render(crate::i18n::Lang::En);
        assert!(
            text.contains("did you mean `light`?")
                && text.contains("default, light, high-contrast, mono"),
            "{text}"
        );
    }
}
