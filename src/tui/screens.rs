//! Screens before the workbench: no repository here (how to start), and a chooser
//! when the repository holds several assessments.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::keymap::{Action, Keymap};
use super::text::Wrapped;
use super::text::line;
use super::theme::Theme;
use crate::i18n::Lang;
use crate::store::AssessmentName;

/// Explains how to create an assessment; any key closes it.
pub fn no_repository<B: Backend>(
    terminal: &mut Terminal<B>,
    theme: &Theme,
    lang: Lang,
    dir: &Path,
    hangup: &AtomicBool,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let text = match lang {
        Lang::Zh => vec![
            format!("{} 這裡還沒有評估。", line(&dir.display().to_string())),
            String::new(),
            "建立一份評估（必要時一併建立 git 儲存庫）：".into(),
            "    dsw init --form service      政府數位服務自評表".into(),
            "    dsw init --form ict-plan     政府資通訊應用計畫自評表".into(),
            String::new(),
            "想先看看範例：dsw demo".into(),
            String::new(),
            "按任意鍵離開。".into(),
        ],
        Lang::En => vec![
            format!(
                "There is no assessment in {} yet.",
                line(&dir.display().to_string())
            ),
            String::new(),
            "Create one (and the git repository, if needed):".into(),
            "    dsw init --form service      the digital service self-assessment".into(),
            "    dsw init --form ict-plan     the ICT plan self-assessment".into(),
            String::new(),
            "To look at an example first: dsw demo".into(),
            String::new(),
            "Press any key to leave.".into(),
        ],
    };
    loop {
        terminal.draw(|frame| {
            let lines: Vec<Line<'_>> = text
                .iter()
                .map(|l| Line::styled(l.clone(), theme.text))
                .collect();
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.focus)
                .title(" dsw ");
            frame.render_widget(Wrapped::new(lines).block(block), frame.area());
        })?;
        if hangup.load(Ordering::Relaxed) {
            return Ok(());
        }
        if event::poll(Duration::from_millis(200))? {
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => return Ok(()),
                _ => {}
            }
        }
    }
}

/// Lets the person pick one of several assessments; `None` if they leave.
pub fn choose<B: Backend>(
    terminal: &mut Terminal<B>,
    theme: &Theme,
    keys: &Keymap,
    lang: Lang,
    names: &[AssessmentName],
    hangup: &AtomicBool,
) -> anyhow::Result<Option<AssessmentName>>
where
    B::Error: Send + Sync + 'static,
{
    let mut selected = 0usize;
    let (open, leave) = (keys.main_label(Action::Edit), keys.main_label(Action::Quit));
    let prompt = match lang {
        Lang::Zh => format!("這個儲存庫有多份評估，請選擇（{open} 開啟，{leave} 離開）："),
        Lang::En => format!(
            "This repository has several assessments; pick one ({open} opens, {leave} leaves):"
        ),
    };
    loop {
        terminal.draw(|frame| {
            let mut lines = vec![Line::styled(prompt.as_str(), theme.accent), Line::default()];
            for (n, name) in names.iter().enumerate() {
                let style = if n == selected {
                    theme.selection
                } else {
                    theme.text
                };
                lines.push(Line::styled(
                    format!("  {}", line(&name.file_name())),
                    style,
                ));
            }
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.focus)
                .title(" dsw ");
            frame.render_widget(Paragraph::new(lines).block(block), frame.area());
        })?;
        if hangup.load(Ordering::Relaxed) {
            return Ok(None);
        }
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        if let Event::Key(key) = event::read()? {
            if key.kind == KeyEventKind::Release {
                continue;
            }
            match keys.first(
                &key,
                &[
                    Action::Up,
                    Action::Down,
                    Action::Edit,
                    Action::Back,
                    Action::Quit,
                ],
            ) {
                Some(Action::Up) => selected = selected.saturating_sub(1),
                Some(Action::Down) => selected = (selected + 1).min(names.len().saturating_sub(1)),
                Some(Action::Edit) => return Ok(names.get(selected).cloned()),
                Some(Action::Back | Action::Quit) => return Ok(None),
                _ => {}
            }
        }
    }
}
