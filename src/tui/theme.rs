//! Themes as data: `themes/*.toml` embedded at build time (default, light,
//! high-contrast, mono), chosen by `--theme` or `$XDG_CONFIG_HOME/dsw/config.toml`;
//! `NO_COLOR` forces mono. Colours degrade to what the terminal has.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Problem, Report};

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: String,
    colors: Colors,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Colors {
    text: toml::Spanned<String>,
    muted: toml::Spanned<String>,
    accent: toml::Spanned<String>,
    border: toml::Spanned<String>,
    focus: toml::Spanned<String>,
    selection_fg: toml::Spanned<String>,
    selection_bg: toml::Spanned<String>,
    added: toml::Spanned<String>,
    removed: toml::Spanned<String>,
    warning: toml::Spanned<String>,
    todo: toml::Spanned<String>,
    partial: toml::Spanned<String>,
    done: toml::Spanned<String>,
    na: toml::Spanned<String>,
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
    /// Parses a theme file; every problem points at its line.
    pub fn parse(path: &str, source: &str, depth: Depth) -> Result<Theme, Report> {
        let file: ThemeFile = crate::diagnostic::parse_toml(path, source)?;
        let mut problems = Vec::new();
        let mut color = |value: &toml::Spanned<String>| match parse_color(value.get_ref()) {
            Some(color) => degrade(color, depth),
            None => {
                problems.push(Diagnostic {
                    span: Some(value.span()),
                    problem: Problem::Syntax(format!(
                        "`{}` is not a colour (a name like \"lightblue\", \"#rrggbb\", a 256-colour index like \"244\", or \"reset\")",
                        value.get_ref()
                    )),
                });
                Color::Reset
            }
        };
        let c = &file.colors;
        let fg = |color: Color| Style::default().fg(color);
        let theme = Theme {
            mono: file.name == "mono",
            text: fg(color(&c.text)),
            muted: fg(color(&c.muted)),
            accent: fg(color(&c.accent)).add_modifier(Modifier::BOLD),
            border: fg(color(&c.border)),
            focus: fg(color(&c.focus)).add_modifier(Modifier::BOLD),
            selection: Style::default()
                .fg(color(&c.selection_fg))
                .bg(color(&c.selection_bg)),
            added: fg(color(&c.added)).add_modifier(Modifier::UNDERLINED),
            removed: fg(color(&c.removed)).add_modifier(Modifier::CROSSED_OUT),
            warning: fg(color(&c.warning)).add_modifier(Modifier::BOLD),
            error: fg(color(&c.removed)).add_modifier(Modifier::BOLD | Modifier::REVERSED),
            status: [
                fg(color(&c.todo)),
                fg(color(&c.partial)),
                fg(color(&c.done)),
                fg(color(&c.na)),
            ],
            name: file.name,
        };
        if !problems.is_empty() {
            return Err(Report {
                path: path.to_owned(),
                source: source.to_owned(),
                diagnostics: problems,
            });
        }
        Ok(if theme.mono {
            theme.monochrome()
        } else {
            theme
        })
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

    /// The theme to use: `NO_COLOR` → mono; else `requested` (a bundled name or a
    /// file path); else config.toml's `theme`; else default.
    pub fn choose(requested: Option<&str>) -> Result<Theme, Report> {
        let depth = Depth::detect();
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Theme::bundled("mono", depth).unwrap_or_else(|| Ok(Theme::fallback()));
        }
        let configured = requested.map(str::to_owned).or_else(config_theme);
        let name = configured.as_deref().unwrap_or("default");
        if let Some(theme) = Theme::bundled(name, depth) {
            return theme;
        }
        match std::fs::read_to_string(name) {
            Ok(source) => Theme::parse(name, &source, depth),
            Err(_) => Err(Report {
                path: name.to_owned(),
                source: String::new(),
                diagnostics: vec![Diagnostic {
                    span: None,
                    problem: Problem::Unknown {
                        what: "theme",
                        id: name.to_owned(),
                        closest: crate::suggest::closest(name, BUNDLED.iter().map(|(n, _)| *n))
                            .map(str::to_owned),
                    },
                }],
            }),
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

/// `theme = "…"` from `$XDG_CONFIG_HOME/dsw/config.toml`, if set.
fn config_theme() -> Option<String> {
    let path = crate::form::config_home()?.join("dsw").join("config.toml");
    let source = std::fs::read_to_string(path).ok()?;
    let table: toml::Table = toml::from_str(&source).ok()?;
    table.get("theme")?.as_str().map(str::to_owned)
}

fn parse_color(text: &str) -> Option<Color> {
    let text = text.trim();
    if let Some(hex) = text.strip_prefix('#') {
        if hex.len() == 6 {
            let value = u32::from_str_radix(hex, 16).ok()?;
            return Some(Color::Rgb(
                (value >> 16) as u8,
                (value >> 8) as u8,
                value as u8,
            ));
        }
        return None;
    }
    if let Ok(index) = text.parse::<u8>() {
        return Some(Color::Indexed(index));
    }
    Some(match text.to_ascii_lowercase().as_str() {
        "reset" | "default" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return None,
    })
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
    fn a_bad_theme_is_reported_like_a_form_error() {
        let source = "name = \"x\"\n[colors]\ntext = \"blurple\"\n";
        let err = Theme::parse("my.toml", source, Depth::TrueColor).unwrap_err();
        let text = err.render(crate::i18n::Lang::En);
        assert!(
            text.contains("my.toml") && text.contains("missing field"),
            "{text}"
        );
        let full = BUNDLED[0].1.replace("\"#d0d0d0\"", "\"blurple\"");
        let text = Theme::parse("my.toml", &full, Depth::TrueColor)
            .unwrap_err()
            .render(crate::i18n::Lang::En);
        assert!(
            text.contains("my.toml:7:8") && text.contains("`blurple` is not a colour"),
            "{text}"
        );
    }
}
