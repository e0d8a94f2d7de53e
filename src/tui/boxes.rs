//! Nothing drawn outside its box (issue 11, item 4): the checks behind
//! [`super::area::pane`] and [`super::area::boxed`], and a property test that draws
//! every screen of the workbench with random Chinese, Latin, emoji, combining and
//! full-width text at widths from 20 to 160 and holds every frame to them.
//!
//! While a check is armed (on this thread), every pane drawn through `pane` is
//! compared with the frame as it was before: a cell it changed outside its area, or
//! a wide character it left in its last column (a terminal draws it over the next
//! cell, the border), is a problem. Every box drawn through `boxed` is noted with
//! its border and title as the block draws them alone; once the frame is complete,
//! each of those cells must still be there unless a later box (an overlay) covers
//! it. The whole frame must then show every character whole and in its own
//! columns — as wide as ratatui laid it out, within the screen, nothing drawn on a
//! column a wide one covers, none that a terminal would put on the cell before or
//! draw at another width ([`super::text::terminal_safe`]) — and, sent through
//! [`super::LeanBackend`] into a terminal emulator, be exactly what the emulator
//! shows.

use std::cell::RefCell;

use ratatui::Frame;
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::{Position, Rect};
use ratatui::widgets::{Block, Widget};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

thread_local! {
    /// What the armed check found so far on this thread (`None`: not armed).
    static ARMED: RefCell<Option<Record>> = const { RefCell::new(None) };
}

/// What one armed frame found while it was drawn.
#[derive(Default)]
struct Record {
    problems: Vec<String>,
    boxes: Vec<Noted>,
}

/// A box as drawn: where, and its border and title cells as the block alone draws
/// them.
struct Noted {
    area: Rect,
    cells: Vec<Border>,
}

/// A cell of a box's border or title.
struct Border {
    at: Position,
    /// How many columns what the block drew there covers.
    reach: u16,
    /// What the complete frame holds there.
    symbol: String,
}

/// The frame before a pane draws, when a check is armed.
pub(super) fn before(frame: &mut Frame<'_>) -> Option<Buffer> {
    let armed = ARMED.with(|armed| armed.borrow().is_some());
    armed.then(|| frame.buffer_mut().clone())
}

/// Compares the frame after a pane drew into `area` with `before` (see the module
/// documentation).
pub(super) fn after(frame: &mut Frame<'_>, area: Rect, before: Option<Buffer>) {
    let Some(before) = before else {
        return;
    };
    let buffer = frame.buffer_mut();
    let mut problems = Vec::new();
    for position in buffer.area.positions() {
        let (now, was) = (&buffer[position], &before[position]);
        if now == was {
            continue;
        }
        let (x, y) = (position.x, position.y);
        let symbol = now.symbol();
        // As ratatui lays it out, or as a terminal draws it: whichever is wider.
        let width = usize::from(now.cell_width()).max(symbol.width());
        if !area.contains(position) {
            problems.push(format!(
                "a pane at {area:?} changed ({x},{y}) outside it: {:?} became {symbol:?}",
                was.symbol()
            ));
        } else if usize::from(x) + width > usize::from(area.right()) {
            problems.push(format!(
                "a pane at {area:?} left {symbol:?} in ({x},{y}), which spills past its right edge"
            ));
        }
    }
    record(|record| record.problems.extend(problems));
}

/// Notes `block` drawn around `area` (see the module documentation).
pub(super) fn note(block: &Block<'_>, area: Rect) {
    let armed = ARMED.with(|armed| armed.borrow().is_some());
    if !armed {
        return;
    }
    let mut alone = Buffer::empty(area);
    block.clone().render(area, &mut alone);
    // As the frame will hold it once complete (`App::draw` ends with this).
    let mut safe = alone.clone();
    super::text::terminal_safe(&mut safe);
    let inner = block.inner(area);
    let cells = area
        .positions()
        .filter(|p| !inner.contains(*p))
        .map(|p| Border {
            at: p,
            reach: alone[p].cell_width().max(alone[p].symbol().width() as u16),
            symbol: safe[p].symbol().to_owned(),
        })
        .collect();
    record(|record| record.boxes.push(Noted { area, cells }));
}

fn record(change: impl FnOnce(&mut Record)) {
    ARMED.with(|armed| {
        if let Some(record) = armed.borrow_mut().as_mut() {
            change(record);
        }
    });
}

/// Runs `draw` (which draws one frame and returns it) with the checks armed, and
/// returns the frame and every problem found: by the panes while drawing, then in
/// the complete frame (broken borders, wide characters not whole).
pub(super) fn checked(draw: impl FnOnce() -> Buffer) -> (Buffer, Vec<String>) {
    ARMED.with(|armed| *armed.borrow_mut() = Some(Record::default()));
    let buffer = draw();
    let Record {
        mut problems,
        boxes,
    } = ARMED
        .with(|armed| armed.borrow_mut().take())
        .unwrap_or_default();
    for (n, noted) in boxes.iter().enumerate() {
        for Border { at, reach, symbol } in &noted.cells {
            // A later box (an overlay) covers the cell, or part of the wide
            // character in it (which the overlay then blanks: `area::clear`).
            let covered = boxes[n + 1..].iter().any(|b| {
                (0..(*reach).max(1)).any(|k| b.area.contains(Position::new(at.x + k, at.y)))
            });
            let now = buffer[*at].symbol();
            if !covered && now != symbol {
                problems.push(format!(
                    "the border of the box at {:?} lost ({},{}): {symbol:?} became {now:?}",
                    noted.area, at.x, at.y
                ));
            }
        }
    }
    problems.extend(whole_characters(&buffer));
    (buffer, problems)
}

/// Where a complete frame does not show a character whole and in its own columns:
/// one laid out at another width than terminals draw it, one a terminal would put
/// on the cell before (it starts with a mark of no width) or draws at different
/// widths, a wide one past the screen's last column or with something drawn on a
/// column it covers.
fn whole_characters(buffer: &Buffer) -> Vec<String> {
    let mut problems = Vec::new();
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &buffer[(x, y)];
            let symbol = cell.symbol();
            // As ratatui lays the cell out (and its diff skips the cells it covers).
            let width = cell.cell_width();
            if usize::from(width) != symbol.width() {
                problems.push(format!(
                    "({x},{y}) holds {symbol:?}, laid out {width} columns wide but drawn {}",
                    symbol.width()
                ));
            }
            if symbol
                .chars()
                .next()
                .is_none_or(|c| c.width().is_none_or(|w| w == 0))
            {
                problems.push(format!(
                    "({x},{y}) holds {symbol:?}, which a terminal puts on the cell before"
                ));
            }
            if symbol.chars().skip(1).any(super::text::disputes_width) {
                problems.push(format!(
                    "({x},{y}) holds {symbol:?}, which terminals draw at different widths"
                ));
            }
            if x + width > area.right() {
                problems.push(format!(
                    "({x},{y}) holds {symbol:?}, wider than the columns left"
                ));
                continue;
            }
            for covered in x + 1..x + width {
                let over = buffer[(covered, y)].symbol();
                if over != " " {
                    problems.push(format!(
                        "({covered},{y}) holds {over:?}, drawn over the wide {symbol:?} before it"
                    ));
                }
            }
        }
    }
    problems
}

/// The first cell where `screen` (a terminal emulator fed the frame) differs from
/// `buffer`. A cluster the emulator keeps as several cells (a flag: two regional
/// indicators) matches when those cells spell it and take its width.
pub(super) fn first_difference(screen: &vt100::Screen, buffer: &Buffer) -> Option<String> {
    let area = buffer.area;
    let row_of = |y: u16| -> String {
        let mut row = String::new();
        let mut x = 0;
        while x < area.width {
            let symbol = buffer[(x, y)].symbol();
            row.push_str(symbol);
            x += (symbol.width() as u16).max(1);
        }
        row
    };
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let want = buffer[(x, y)].symbol();
            let width = buffer[(x, y)].cell_width().max(1);
            let got = screen.cell(y, x)?;
            if got.is_wide_continuation() {
                return Some(format!(
                    "({x},{y}) {want:?} covered by a wide character in row {:?}",
                    row_of(y)
                ));
            }
            let blank = |s: &str| {
                if s == " " {
                    String::new()
                } else {
                    s.to_owned()
                }
            };
            if blank(want) != blank(got.contents()) {
                let spelt: String = (x..x + width)
                    .filter_map(|x| screen.cell(y, x))
                    .filter(|cell| !cell.is_wide_continuation())
                    .map(|cell| cell.contents())
                    .collect();
                if spelt != want {
                    return Some(format!(
                        "({x},{y}) {want:?} shown as {:?} in row {:?}",
                        got.contents(),
                        row_of(y)
                    ));
                }
            }
            x += width;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::time::Duration;

    use proptest::prelude::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::layout::Size;
    use ratatui::widgets::{Borders, Paragraph};

    use super::super::app::App;
    use super::super::keymap::Keymap;
    use super::super::output::LeanBackend;
    use super::super::testing::{author_named, key, open, repo};
    use super::super::text::buffer_text;
    use super::super::theme::Theme;
    use super::*;
    use crate::assessment::Cell;

    /// The checks find what they are for: a pane writing past its area, a wide
    /// character in a pane's last column (over its border), a border drawn over
    /// after the pane.
    #[test]
    fn the_checks_find_a_spill_a_split_and_a_broken_border() {
        let draw = |spill: &'static str| {
            checked(|| {
                let mut terminal = Terminal::new(TestBackend::new(20, 5)).unwrap();
                let frame = terminal
                    .draw(|frame| {
                        let area = Rect::new(0, 0, 10, 5);
                        let block = Block::default().borders(Borders::ALL);
                        let inner = block.inner(area);
                        frame.render_widget(super::super::area::boxed(block, area), area);
                        super::super::area::pane(frame, inner, |frame| {
                            frame.render_widget(Paragraph::new("民眾"), inner);
                            let buffer = frame.buffer_mut();
                            if spill == "outside" {
                                buffer[(12, 1)].set_symbol("x");
                            }
                            if spill == "last column" {
                                buffer[(8, 1)].set_symbol("字");
                            }
                        });
                        if spill == "over the border" {
                            frame.buffer_mut()[(9, 2)].set_symbol("。");
                        }
                    })
                    .unwrap();
                frame.buffer.clone()
            })
            .1
        };
        assert_eq!(draw("nothing"), Vec::<String>::new());
        let outside = draw("outside");
        assert!(outside[0].contains("outside it"), "{outside:?}");
        let split = draw("last column");
        assert!(
            split
                .iter()
                .any(|p| p.contains("spills past its right edge")),
            "{split:?}"
        );
        let broken = draw("over the border");
        assert!(
            broken.iter().any(|p| p.contains("the border of the box")),
            "{broken:?}"
        );
    }

    /// A piece of text of one kind.
    fn piece() -> impl Strategy<Value = String> {
        let words =
            |list: &'static [&'static str]| prop::sample::select(list).prop_map(str::to_owned);
        prop_oneof![
            // Chinese, with its punctuation.
            4 => prop::collection::vec(0x4E00u32..=0x9FA5, 1..8)
                .prop_map(|cs| cs.into_iter().filter_map(char::from_u32).collect()),
            3 => words(&[
                "民眾線上申請", "資料申請小幫手", "服務", "使用者", "。", "，", "、", "「",
                "」", "『", "』", "；", "：", "？", "！", "（", "）", "《", "》", "……",
            ]),
            // Latin words, short and longer than any pane.
            3 => words(&[
                "My", "Data", "service", "a", "I", "WebHR", "e-mail", "OOOO",
                "https://www.example.gov.tw/path/to/a/page",
                "Supercalifragilisticexpialidocious-words-that-never-break",
            ]),
            // Emoji: plain, flags, joined sequences, presentation selectors,
            // keycaps, skin tones.
            2 => words(&[
                "😀", "👍", "🇹🇼", "🇯🇵", "👨\u{200d}👩\u{200d}👧", "🏳\u{fe0f}\u{200d}🌈",
                "❤\u{fe0f}", "#\u{fe0f}\u{20e3}", "👍🏽", "☺",
            ]),
            // Combining marks: on a letter, alone, several, after a space.
            2 => words(&["e\u{301}", "\u{301}", "a\u{308}\u{304}", " \u{20dd}", "ｶﾞ", "\u{3099}"]),
            // Full-width digits, letters and spaces; marks of ambiguous width.
            2 => words(&["１２３", "\u{3000}", "ＡＢＣ", "·", "…", "→", "☑", "Ω", "①"]),
            // Spaces and line breaks.
            2 => words(&[" ", "  ", "\n", "\t"]),
        ]
    }

    /// Text of up to `pieces` pieces.
    fn text(pieces: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 0..=pieces).prop_map(|pieces| pieces.concat())
    }

    /// Text for one line (a name, a prompt's answer): no line breaks, not empty.
    fn one_line(pieces: usize) -> impl Strategy<Value = String> {
        text(pieces).prop_map(|text| {
            let text = text.replace(['\n', '\t'], " ");
            if text.trim().is_empty() {
                "名".to_owned()
            } else {
                text
            }
        })
    }

    /// What one case puts into an assessment and types, and at which sizes it is
    /// drawn.
    #[derive(Debug, Clone)]
    struct Case {
        form: &'static str,
        title: String,
        answers: Vec<String>,
        /// (name, benefit, risk, cost) of each stakeholder.
        stakeholders: Vec<(String, String, String, String)>,
        table: String,
        /// Commits: (author, message).
        commits: Vec<(String, String)>,
        /// Answers changed in the draft after the commits.
        draft: Vec<String>,
        /// Typed into the commit dialog and the prompts.
        typed: String,
        /// Review comments: (comment, reply — none when blank).
        comments: Vec<(String, String)>,
        /// Rows down the checklist tree for one of the screens.
        rows_down: usize,
        sizes: Vec<(u16, u16)>,
    }

    fn case() -> impl Strategy<Value = Case> {
        (
            prop::sample::select(&["ict-plan", "service"][..]),
            one_line(6),
            prop::collection::vec(text(24), 1..5),
            prop::collection::vec((one_line(4), text(10), text(10), text(10)), 1..4),
            one_line(4),
            prop::collection::vec((one_line(3), text(12)), 1..3),
            prop::collection::vec(text(16), 1..3),
            one_line(8),
            prop::collection::vec((text(12), text(8)), 1..4),
            0usize..200,
            prop::collection::vec((20u16..=160, prop::sample::select(&[16u16, 24, 40][..])), 2),
        )
            .prop_map(
                |(
                    form,
                    title,
                    answers,
                    stakeholders,
                    table,
                    commits,
                    draft,
                    typed,
                    comments,
                    rows_down,
                    sizes,
                )| {
                    Case {
                        form,
                        title,
                        answers,
                        stakeholders,
                        table,
                        commits,
                        draft,
                        typed,
                        comments,
                        rows_down,
                        sizes,
                    }
                },
            )
    }

    /// A writer whose bytes can be read while a backend owns it.
    struct Shared(Rc<RefCell<Vec<u8>>>);

    impl std::io::Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The workbench on a repository holding what `case` says: the header, the
    /// answers, a BRiCS table, revisions by several people with their messages and
    /// an iteration tag, and a draft that changes answers again.
    fn workbench(case: &Case) -> (tempfile::TempDir, App) {
        let (dir, store, name) = repo(case.form);
        // Review comments on the whole, a question and an item, some replied to.
        let targets = [
            crate::review::Target::General,
            crate::review::Target::Question("1.1.1".into()),
            crate::review::Target::Item("1.1".into()),
        ];
        for (n, (text, reply)) in case.comments.iter().enumerate() {
            let id = format!("c{n:012x}");
            let add = crate::review::Action::Add {
                id: id.clone(),
                target: targets[n % targets.len()].clone(),
                iteration: String::new(),
                reviewer: String::new(),
                text: format!("{text}意見"),
            };
            store
                .act_on_review(&name, &add, "", &author_named("審查"))
                .expect("a comment");
            if !reply.trim().is_empty() {
                let reply = crate::review::Action::Reply {
                    id,
                    text: reply.clone(),
                    seen: None,
                };
                store
                    .act_on_review(&name, &reply, "", &author_named("回覆"))
                    .expect("a reply");
            }
        }
        let mut model = open(store, name);
        let field = model.form.fields.first().map(|f| f.id.to_string());
        let questions: Vec<String> = model
            .form
            .groups
            .iter()
            .flat_map(|g| {
                g.items
                    .iter()
                    .flat_map(|i| i.questions.iter())
                    .chain(&g.questions)
            })
            .map(|q| q.id.to_string())
            .collect();
        model.edit(|a| {
            if let Some(field) = &field {
                a.set_meta(field, &case.title);
            }
            for (id, answer) in questions.iter().zip(&case.answers) {
                a.set_answer(id, answer.as_str());
            }
        });
        let table = model
            .edit_brics(|a, brics| a.add_brics_table(brics, &case.table))
            .expect("a table");
        for (name, benefit, risk, cost) in &case.stakeholders {
            // A name the table has already is refused: the row is then left out.
            let Ok(row) = model.edit_brics(|a, brics| a.add_stakeholder(brics, Some(&table), name))
            else {
                continue;
            };
            model.edit(|a| {
                let stakeholder = a
                    .table_mut(&row.table)
                    .and_then(|t| t.stakeholders.iter_mut().find(|s| s.id == row.stakeholder));
                if let Some(stakeholder) = stakeholder {
                    for (cell, value) in [
                        (Cell::Benefit, benefit),
                        (Cell::Risk, risk),
                        (Cell::Cost, cost),
                    ] {
                        *stakeholder.cell_mut(cell) = value.clone();
                    }
                }
            });
        }
        for (n, (author, message)) in case.commits.iter().enumerate() {
            if n > 0 {
                model.set_answer(&questions[questions.len() - n], format!("第 {n} 版"));
            }
            let author = author_named(&author.replace(['<', '>'], ""));
            let message = if message.trim().is_empty() {
                "版本"
            } else {
                message
            };
            model.commit(message, &author).expect("a commit");
        }
        model
            .store
            .tag("第一次送審", None, "第一次送審", &author_named("審查"))
            .expect("a tag");
        for (id, answer) in questions.iter().zip(&case.draft) {
            model.set_answer(id, format!("{answer}（改）"));
        }
        // The commit dialog names the author the repository is configured with.
        if let Some((author, _)) = case.commits.first()
            && let Ok(mut config) = model.store.repository().config()
        {
            let _ = config.set_str("user.name", &author.replace(['<', '>'], ""));
            let _ = config.set_str("user.email", "someone@example.gov.tw");
        }
        let app = App::new(model, Theme::fallback(), Keymap::default());
        (dir, app)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// The screens drawn at each size: a name, words the screen shows once it is
    /// drawn (at 60×16 and larger: smaller, the workbench only says it is too
    /// small), and the keys that lead to it from the screen before.
    fn screens(case: &Case) -> Vec<(&'static str, &'static str, Vec<KeyEvent>)> {
        let typed =
            |text: &str| -> Vec<KeyEvent> { text.chars().map(|c| key(KeyCode::Char(c))).collect() };
        let mut down = vec![key(KeyCode::Char('1')), key(KeyCode::Char('g'))];
        down.extend(std::iter::repeat_n(key(KeyCode::Char('j')), case.rows_down));
        let esc = || key(KeyCode::Esc);
        vec![
            // The checklist as it was left, then its first question (answered).
            ("checklist", "┌ 指引 ", vec![key(KeyCode::Char('1'))]),
            (
                "answer",
                "┌ 回答 ",
                ['g', 'l', 'j', 'j'].map(|c| key(KeyCode::Char(c))).to_vec(),
            ),
            ("editor", "編輯回答", vec![key(KeyCode::Enter)]),
            ("tree", "┌ 指引 ", [vec![esc()], down].concat()),
            ("help", "說明（", vec![key(KeyCode::Char('?'))]),
            ("BRiCS", "BRiCS 表：", vec![esc(), key(KeyCode::Char('2'))]),
            (
                "BRiCS cell",
                "BRiCS 表：",
                vec![key(KeyCode::Char('l')), key(KeyCode::Char('l'))],
            ),
            ("BRiCS editor", "編輯「", vec![key(KeyCode::Enter)]),
            (
                "BRiCS prompt",
                "利害關係人名稱",
                [vec![esc(), key(KeyCode::Char('a'))], typed(&case.typed)].concat(),
            ),
            ("history", "個版本", vec![esc(), key(KeyCode::Char('3'))]),
            ("revision", "自評表", vec![key(KeyCode::Enter)]),
            (
                "tag prompt",
                "送審標記名稱",
                [vec![esc(), key(KeyCode::Char('t'))], typed(&case.typed)].concat(),
            ),
            ("diff", "你的草稿", vec![esc(), key(KeyCode::Char('4'))]),
            ("overview", "┌ 總覽", vec![key(KeyCode::Char('5'))]),
            (
                "commit dialog",
                "版本說明",
                [vec![ctrl('s')], typed(&case.typed)].concat(),
            ),
            ("closed", "┌ 總覽", vec![esc()]),
            ("reviews", "審查意見", vec![key(KeyCode::Char('6'))]),
            (
                "reply editor",
                "回覆審查意見",
                [vec![key(KeyCode::Char('r'))], typed(&case.typed)].concat(),
            ),
            // Sent (in the background), the list again.
            ("reviews again", "審查意見", vec![esc()]),
        ]
    }

    /// Draws `app` at `size` through the lean backend with the checks armed; returns
    /// the frame's text and every problem, including where a terminal emulator fed
    /// the bytes shows something else than the frame.
    fn draw(app: &mut App, size: Size) -> (String, Vec<String>) {
        let sent = Rc::new(RefCell::new(Vec::new()));
        let mut terminal =
            Terminal::new(LeanBackend::with_size(Shared(Rc::clone(&sent)), size)).unwrap();
        let (buffer, mut problems) = checked(|| {
            terminal
                .draw(|frame| app.draw(frame))
                .unwrap()
                .buffer
                .clone()
        });
        drop(terminal);
        let mut emulator = vt100::Parser::new(
            size.height.try_into().unwrap(),
            size.width.try_into().unwrap(),
            0,
        );
        emulator.process(&sent.borrow());
        if let Some(difference) = first_difference(emulator.screen(), &buffer) {
            problems.push(format!("the terminal shows another screen: {difference}"));
        }
        (buffer_text(&buffer), problems)
    }

    /// Ticks the workbench as its event loop would until the tabs' background work
    /// (the history's pages, the overview's chart) has arrived, if it is under way.
    fn settle(app: &mut App) {
        for _ in 0..500 {
            app.tick();
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
            terminal.draw(|frame| app.draw(frame)).unwrap();
            let text = buffer_text(terminal.backend().buffer());
            // A review action still being sent (the reply of the size before)
            // would hold the next reply editor back: the screens wait for it.
            if !text.contains("載入中") && !text.contains("計算中") && !app.model.reviews.pending()
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Every screen — each tab, the answer and cell editors, a revision, help,
        /// the commit dialog, the tag and BRiCS prompts — with random text, at
        /// random sizes from 20 to 160 columns: no pane draws outside its area or
        /// leaves a character a terminal would draw past it, every border is whole
        /// at the end of the frame, every wide character is whole, and a terminal
        /// shows exactly the frame.
        #[test]
        fn nothing_is_drawn_outside_its_box(case in case()) {
            let (_dir, mut app) = workbench(&case);
            let mut failures = Vec::new();
            for &(width, height) in &case.sizes {
                let size = Size::new(width, height);
                for (screen, shows, keys) in screens(&case) {
                    for event in keys {
                        app.tick();
                        app.key(event);
                    }
                    settle(&mut app);
                    let (text, problems) = draw(&mut app, size);
                    if width >= 60 && height >= 16 && !text.contains(shows) {
                        failures.push(format!("{screen} at {width}×{height} was not drawn:\n{text}"));
                    }
                    if let Some(problem) = problems.first() {
                        failures.push(format!(
                            "{screen} at {width}×{height}: {problem} ({} in all)\n{text}",
                            problems.len()
                        ));
                    }
                }
            }
            prop_assert!(failures.is_empty(), "{}", failures.join("\n"));
        }
    }
}
