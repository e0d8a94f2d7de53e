//! What a terminal shows of dsw's output: a writer the lean backend writes into,
//! and the comparison of a terminal emulator's screen with ratatui's buffer.

/// A writer whose bytes can be read while a backend owns it.
pub struct Shared(pub std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The first cell where the emulated terminal differs from ratatui's buffer.
pub fn first_difference(
    screen: &vt100::Screen,
    buffer: &ratatui::buffer::Buffer,
) -> Option<String> {
    let area = buffer.area;
    for y in 0..area.height {
        for x in 0..area.width {
            let want = buffer[(x, y)].symbol();
            let got = screen.cell(y, x)?;
            // Covered by the wide character before it: right only where ratatui
            // laid that character out two columns wide and left this cell blank;
            // anything else spilled over this cell (a border hidden, a cell lost).
            let covered_by_layout =
                x > 0 && unicode_width::UnicodeWidthStr::width(buffer[(x - 1, y)].symbol()) > 1;
            if got.is_wide_continuation() {
                // ratatui blanks the cell its wide character covers; a symbol of
                // its own there (a border drawn over half of it) is never seen.
                if covered_by_layout && want == " " {
                    continue;
                }
                let row: String = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
                return Some(format!(
                    "({x},{y}) {want:?} covered by a wide character in row {row:?}"
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
                let row: String = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
                return Some(format!(
                    "({x},{y}) {want:?} shown as {:?} in row {row:?}",
                    got.contents()
                ));
            }
        }
    }
    None
}
