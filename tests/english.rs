//! The English interface (`--lang en`): nothing a person reads is Chinese, except the
//! official content of the forms (guideline titles, checklist items, key questions,
//! notes …), which stays as the government wrote it, and what people typed — over
//! the command line (output, errors, help, exports) and in the workbench (every tab,
//! overlay, prompt and message).
//!
//! The check: take what is shown, remove every piece of official content (every
//! string of the bundled catalog), and no CJK character may remain. The fixtures
//! answer in ASCII, so whatever Chinese is left is dsw's own. Each test also shows
//! the check failing on the Chinese interface.

mod common;

use std::path::Path;

use common::{Sandbox, run};
use dsw::i18n::Lang;
use dsw::store::{AssessmentName, Store};
use dsw::tui::{App, Keymap, Model, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Every string of the bundled catalog, line by line, longest first: what may stay
/// Chinese in the English interface.
struct Official(Vec<String>);

impl Official {
    fn bundled() -> Official {
        let catalog = dsw::form::Catalog::bundled().unwrap();
        let mut texts: Vec<String> = Vec::new();
        let mut add = |text: &str| {
            for line in text.lines() {
                let line = line.trim();
                // Only Chinese content matters to the check (and ids like `1` would
                // take digits out of everything).
                if line.chars().any(is_cjk) {
                    texts.push(line.to_owned());
                }
            }
        };
        for entry in catalog.forms() {
            let form = &entry.form;
            add(&form.title);
            add(&form.edition);
            form.source.iter().for_each(|t| add(t));
            form.intro.iter().for_each(|t| add(t));
            form.columns.iter().for_each(|t| add(t));
            for field in &form.fields {
                add(&field.label);
                field.example.iter().for_each(|t| add(t));
            }
            for (_, item) in form.items() {
                add(&item.text);
            }
            for (_, _, question) in form.questions() {
                add(&question.text);
                question.example.iter().for_each(|t| add(t));
            }
        }
        let guidelines = &catalog.guidelines;
        guidelines.source.iter().for_each(|t| add(t));
        for layer in &guidelines.layers {
            add(&layer.name);
            add(&layer.definition);
        }
        for guideline in &guidelines.guidelines {
            add(&guideline.heading());
            add(&guideline.numeral);
            add(&guideline.title);
            add(&guideline.principle);
            add(&guideline.explanation);
        }
        for section in &guidelines.sections {
            for note in &section.notes {
                add(&note.text);
                note.refs.iter().for_each(|r| add(&r.text));
            }
        }
        for term in &guidelines.terms {
            add(&term.term);
            add(&term.definition);
        }
        let brics = &catalog.brics;
        brics.source.iter().for_each(|t| add(t));
        add(&brics.title);
        add(&brics.intro);
        for kind in &brics.kinds {
            add(&kind.name);
            add(&kind.description);
        }
        for dimension in &brics.dimensions {
            add(&dimension.name);
            add(&dimension.explanation);
        }
        for guidance in &brics.guidance {
            add(&guidance.text);
        }
        if let Some(case) = &brics.example {
            for text in [&case.title, &case.scenario, &case.question, &case.analysis] {
                add(text);
            }
            case.note.iter().for_each(|t| add(t));
        }
        // Escaped as the HTML export writes them.
        let escaped: Vec<String> = texts.iter().map(|t| html_escape(t)).collect();
        texts.extend(escaped);
        texts.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        texts.dedup();
        Official(texts)
    }

    /// `text` with every piece of official content taken out.
    fn strip(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for official in &self.0 {
            if text.contains(official.as_str()) {
                text = text.replace(official.as_str(), " ");
            }
        }
        text
    }

    /// The lines of `text` that still hold Chinese once the official content is out.
    fn chinese_lines(&self, text: &str) -> Vec<String> {
        self.strip(text)
            .lines()
            .filter(|line| line.chars().any(is_cjk))
            .map(str::to_owned)
            .collect()
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// CJK punctuation, ideographs and full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// The text nodes of an ODT's content.xml (what a reader of the document sees).
fn odt_text(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    for name in ["content.xml", "styles.xml"] {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut xml).unwrap();
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Text(t) => {
                    text.push_str(&t.decode().unwrap());
                }
                quick_xml::events::Event::GeneralRef(r) => {
                    let name = r.decode().unwrap();
                    text.push_str(match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "?",
                    });
                }
                quick_xml::events::Event::End(_) | quick_xml::events::Event::Empty(_) => {
                    text.push('\n')
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
    }
    text
}

/// Runs `args` in English as `user` and returns everything it printed.
fn english(s: &Sandbox, user: &str, args: &[&str]) -> (i32, String) {
    let (code, out, err) = run(s.dsw(user).arg("--lang").arg("en").args(args));
    (code, format!("{out}{err}"))
}

/// Fails naming every command whose output holds Chinese of dsw's own. With
/// `DSW_TEST_DUMP` set, prints every output first, for reading the English by eye.
fn assert_english(official: &Official, outputs: &[(String, String)]) {
    let mut failures = String::new();
    for (command, output) in outputs {
        let lines = official.chinese_lines(output);
        if !lines.is_empty() {
            failures += &format!("\n$ dsw --lang en {command}\n");
            for line in lines {
                failures += &format!("    {line}\n");
            }
        }
    }
    if std::env::var_os("DSW_TEST_DUMP").is_some() {
        for (command, output) in outputs {
            eprintln!("\n$ dsw --lang en {command}\n{output}");
        }
    }
    assert!(
        failures.is_empty(),
        "Chinese interface text in English (official content removed):{failures}"
    );
}

#[test]
fn the_english_interface_has_no_chinese_of_its_own() {
    let official = Official::bundled();
    // The check catches Chinese where there is some: the same status in Chinese.
    let s = Sandbox::new();
    s.init("ict-plan");
    let (_, zh, _) = run(s.dsw("alice").args(["status"]));
    assert!(!official.chinese_lines(&zh).is_empty(), "{zh}");

    let s = Sandbox::new();
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut record = |args: &[&str], output: String| {
        outputs.push((args.join(" "), output));
    };
    let (code, out, err) = run(s
        .dsw_in(s.dir.path(), "alice")
        .args(["--lang", "en", "init", "repo", "--form", "ict-plan"]));
    assert_eq!(code, 0, "{err}");
    record(&["init", "repo", "--form", "ict-plan"], out + &err);

    // The reviewers' spreadsheet `review import` reads.
    std::fs::write(
        s.repo().join("comments.csv"),
        "target,comment,reviewer\n1.1,More detail.,Reviewer\ngeneral,Check spelling.,\n",
    )
    .unwrap();
    std::fs::write(s.repo().join("headless.csv"), "id,text\n1.1,More.\n").unwrap();
    std::fs::write(
        s.repo().join("bad-row.csv"),
        "target,comment\n1.1,A.\n9.9,B.\n",
    )
    .unwrap();
    // Successful commands, in the order a team would run them.
    let steps: &[(&str, &[&str])] = &[
        ("alice", &["answer", "1.1.1", "Staff of every agency."]),
        ("alice", &["answer", "1.1.2", "Too many paper forms."]),
        ("alice", &["mark", "1.1", "done"]),
        ("alice", &["meta", "plan", "Payroll renewal"]),
        (
            "alice",
            &[
                "evidence",
                "1.1",
                "add",
                "Plan",
                "https://example.gov.tw/plan",
            ],
        ),
        (
            "alice",
            &["brics", "set", "Pilot", "Clerk", "benefit", "less typing"],
        ),
        (
            "alice",
            &["brics", "set", "Pilot", "Clerk", "risk", "new habits"],
        ),
        (
            "alice",
            &["brics", "set", "Pilot", "Clerk", "cost", "training"],
        ),
        ("alice", &["brics", "set", "Pilot", "Clerk", "kind", "user"]),
        ("alice", &["status"]),
        ("alice", &["show", "--draft"]),
        ("alice", &["diff"]),
        ("alice", &["commit", "-m", "First answers"]),
        // A comment before any iteration tag says it records none.
        ("alice", &["review", "add", "1.1.2", "Early remark."]),
        ("alice", &["review", "list"]),
        ("alice", &["tag", "review-1", "-m", "First review"]),
        // The review loop: comments, an import, replies, verdicts.
        (
            "alice",
            &[
                "review",
                "add",
                "1.1.1",
                "Say who the users are.",
                "--by",
                "Reviewer",
            ],
        ),
        (
            "alice",
            &["review", "add", "brics/Pilot/Clerk/benefit", "How much?"],
        ),
        (
            "alice",
            &[
                "review",
                "import",
                "comments.csv",
                "--iteration",
                "review-1",
            ],
        ),
        ("alice", &["review", "reply", "2", "Staff of every agency."]),
        ("alice", &["review", "reply", "3", "Ten minutes a form."]),
        ("bob", &["review", "accept", "2"]),
        ("bob", &["review", "reopen", "3", "Per year, please."]),
        ("bob", &["review", "accept", "5"]),
        ("alice", &["review", "list"]),
        ("alice", &["review", "list", "--open"]),
        (
            "alice",
            &[
                "review",
                "list",
                "--iteration",
                "review-1",
                "--target",
                "1.1",
            ],
        ),
        ("alice", &["review", "list", "--json"]),
        ("alice", &["review", "show", "3"]),
        ("alice", &["review", "show", "4"]),
        ("alice", &["review", "show", "6"]),
        ("alice", &["review", "show", "3", "--json"]),
        ("alice", &["validate", "ict-plan.review.toml"]),
        ("alice", &["answer", "1.1.1", "Staff and the public."]),
        ("alice", &["answer", "2.1.1", "A project lead."]),
        ("alice", &["mark", "2.1", "partial"]),
        ("alice", &["evidence", "1.1", "remove", "1"]),
        ("alice", &["brics", "set", "Pilot", "Clerk", "risk", "none"]),
        ("alice", &["meta", "service", "Payroll"]),
        ("alice", &["commit", "-m", "Second answers"]),
        ("alice", &["tag", "review-2"]),
        ("alice", &["tags"]),
        ("alice", &["log"]),
        ("alice", &["log", "-n", "1"]),
        ("alice", &["show"]),
        ("alice", &["show", "review-1"]),
        ("alice", &["diff", "review-1", "review-2"]),
        ("alice", &["diff", "review-1", "review-2", "--format", "md"]),
        ("alice", &["diff", "review-1", "review-2", "--stat"]),
        ("alice", &["status"]),
        ("alice", &["status", "--json"]),
        ("alice", &["log", "--json"]),
        ("alice", &["show", "--json"]),
        (
            "alice",
            &["diff", "review-1", "review-2", "--format", "json"],
        ),
        ("alice", &["forms"]),
        ("alice", &["forms", "show", "ict-plan"]),
        ("alice", &["forms", "show", "service"]),
        ("alice", &["guideline", "1"]),
        ("alice", &["guideline", "13"]),
        ("alice", &["validate", "ict-plan.assessment.toml"]),
        ("alice", &["export", "--format", "md"]),
        ("alice", &["export", "--format", "html"]),
        ("alice", &["export", "--format", "csv"]),
        ("alice", &["export", "--format", "json"]),
        (
            "alice",
            &[
                "export",
                "--format",
                "md",
                "--compare",
                "review-1",
                "review-2",
            ],
        ),
        (
            "alice",
            &[
                "export",
                "--format",
                "html",
                "--compare",
                "review-1",
                "review-2",
            ],
        ),
        ("alice", &["export", "--format", "odt", "-o", "form.odt"]),
        (
            "alice",
            &[
                "export",
                "--format",
                "odt",
                "--compare",
                "review-1",
                "review-2",
                "-o",
                "compare.odt",
            ],
        ),
        ("alice", &["doctor"]),
        ("alice", &["doctor", "--json"]),
        ("alice", &["git-setup"]),
        ("alice", &["doctor"]),
        // Two people change the same answer: the second gets a conflict and settles it.
        ("alice", &["answer", "1.1.3", "Paperless first."]),
        ("bob", &["answer", "1.1.3", "Shared data first."]),
        ("bob", &["mark", "1.1", "partial"]),
        ("alice", &["commit", "-m", "Strategy A"]),
        ("bob", &["status"]),
        ("bob", &["commit", "-m", "Strategy B"]),
        ("bob", &["resolve", "1.1.3", "--mine"]),
        ("bob", &["status"]),
        ("bob", &["commit", "-m", "Strategy B"]),
        ("bob", &["resolve", "1.1", "--theirs"]),
        ("bob", &["commit", "-m", "Strategy B"]),
        ("bob", &["answer", "1.1.3", ""]),
        ("bob", &["discard"]),
        ("alice", &["commit", "-m", "nothing to commit"]),
        ("alice", &["man"]),
        ("alice", &["completions", "bash"]),
        ("alice", &["--help"]),
        ("alice", &["dif"]),
        ("alice", &["answer"]),
        ("alice", &["export", "--format", "text"]),
    ];
    for (user, args) in steps {
        let (_, output) = english(&s, user, args);
        record(args, output);
    }
    // A reply bob typed in the workbench and did not send (his session died), and
    // a file of another that cannot be read: status tells, discard keeps and drops.
    {
        use dsw::store::{Purpose, UnsentReview};
        let store = Store::open(&s.repo()).unwrap();
        let name = AssessmentName("ict-plan".into());
        let comment = store.review(&name).unwrap().comments[0].clone();
        let unsent = UnsentReview {
            purpose: Purpose::Reply {
                comment: comment.id,
                number: comment.number,
                seen: None,
            },
            target: comment.target,
            iteration: comment.iteration,
            text: "The pilot starts in March, with two offices.".into(),
            edited: 1_790_000_000,
            // Above Linux's pid_max: a process that is gone.
            pid: 4_194_305,
        };
        store.save_unsent_review(&name, "bob", &unsent).unwrap();
        let steps: &[&[&str]] = &[&["status"], &["status", "--json"], &["discard"]];
        for args in steps {
            let (_, output) = english(&s, "bob", args);
            assert!(
                output.contains("comment 1")
                    || output.contains("\"unsent_reviews\": [\n")
                    || output.contains("unsent review text is kept"),
                "{output}"
            );
            record(args, output);
        }
        std::fs::write(
            store.unsent_review_path(&name, "bob", 4_194_306),
            "version = 1\n",
        )
        .unwrap();
        for args in [
            &["status"][..],
            &["discard", "--review"],
            &["discard", "--review"],
        ] {
            let (_, output) = english(&s, "bob", args);
            record(args, output);
        }
    }
    // The demo says where it is and what to try, in English.
    let tmp = s.dir.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let (code, out, err) = run(s
        .dsw("alice")
        .env("TMPDIR", &tmp)
        .args(["--lang", "en", "demo", "--no-tui"]));
    assert_eq!(code, 0, "{err}");
    record(&["demo", "--no-tui"], out + &err);
    for file in ["form.odt", "compare.odt"] {
        record(&["(the text of)", file], odt_text(&s.repo().join(file)));
    }
    // Every subcommand's help, and DSW_LANG as well as --lang.
    let command = dsw::cli::command(dsw::i18n::Lang::En);
    let mut names: Vec<Vec<String>> = Vec::new();
    for sub in command.get_subcommands() {
        names.push(vec![sub.get_name().to_owned()]);
        for subsub in sub.get_subcommands() {
            names.push(vec![
                sub.get_name().to_owned(),
                subsub.get_name().to_owned(),
            ]);
        }
    }
    for name in names {
        let (_, out, err) = run(s
            .dsw("alice")
            .env("DSW_LANG", "en")
            .args(&name)
            .arg("--help"));
        let mut args: Vec<&str> = name.iter().map(String::as_str).collect();
        args.push("--help");
        record(&args, out + &err);
    }
    // A validation that fails: every bad fixture.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        let path = path.to_str().unwrap();
        let (code, output) = english(&s, "alice", &["validate", path]);
        assert_eq!(code, 2, "{path}: {output}");
        record(&["validate", path], output);
    }
    // Commands that fail: the corpus the Chinese interface is checked with.
    let extra: &[&[&str]] = &[
        &["tag", "review-1"],
        &["brics", "set", "Pilot", "Clerk", "kind", "nobody"],
        &["review", "add", "1.1.1", "x", "--iteration", "review-3"],
        &["review", "add", "1.1.1", ""],
        &["review", "reply", "4", ""],
        &["review", "import", "headless.csv"],
        &["review", "import", "bad-row.csv"],
        &["review", "import", "comments.csv", "--iteration", "nope"],
    ];
    for args in common::FAILING_COMMANDS.iter().chain(extra) {
        let (code, output) = english(&s, "alice", args);
        assert_ne!(code, 0, "{args:?} should fail");
        record(args, output);
    }
    assert_english(&official, &outputs);
}

// ---------------------------------------------------------------------------------
// The terminal workbench

/// A suffix automaton of the official text: finds, for every place on a screen, the
/// longest piece ending there that occurs somewhere in the official content.
struct Pieces {
    next: Vec<std::collections::HashMap<char, usize>>,
    link: Vec<usize>,
    len: Vec<usize>,
}

impl Pieces {
    fn of(texts: &[String]) -> Pieces {
        let mut pieces = Pieces {
            next: vec![Default::default()],
            link: vec![usize::MAX],
            len: vec![0],
        };
        let mut last = 0;
        for text in texts {
            // A separator no screen holds, so no piece spans two texts.
            for c in text.chars().chain(['\0']) {
                last = pieces.extend(last, c);
            }
        }
        pieces
    }

    fn extend(&mut self, last: usize, c: char) -> usize {
        let current = self.next.len();
        self.next.push(Default::default());
        self.link.push(0);
        self.len.push(self.len[last] + 1);
        let mut p = last;
        while p != usize::MAX && !self.next[p].contains_key(&c) {
            self.next[p].insert(c, current);
            p = self.link[p];
        }
        if p != usize::MAX {
            let q = self.next[p][&c];
            if self.len[p] + 1 == self.len[q] {
                self.link[current] = q;
            } else {
                let clone = self.next.len();
                self.next.push(self.next[q].clone());
                self.link.push(self.link[q]);
                self.len.push(self.len[p] + 1);
                while p != usize::MAX && self.next[p].get(&c) == Some(&q) {
                    self.next[p].insert(c, clone);
                    p = self.link[p];
                }
                self.link[q] = clone;
                self.link[current] = clone;
            }
        }
        current
    }

    /// For each position of `text`, the length of the longest piece of official text
    /// ending there.
    fn longest(&self, text: &[char]) -> Vec<usize> {
        let (mut state, mut length) = (0, 0);
        text.iter()
            .map(|c| {
                while state != 0 && !self.next[state].contains_key(c) {
                    state = self.link[state];
                    length = self.len[state];
                }
                match self.next[state].get(c) {
                    Some(&to) => {
                        state = to;
                        length += 1;
                    }
                    None => length = 0,
                }
                length
            })
            .collect()
    }
}

impl Official {
    /// A screen with the official content taken out. Long texts wrap over several
    /// rows of a pane and long titles are cut with `…`, so this takes out, in each
    /// pane's row, official texts whole, and the pieces wrapping leaves: the start
    /// of a text ending the row or cut by `…`, the end of one starting the row, and
    /// any run of 8 characters or more.
    fn strip_screen(&self, pieces: &Pieces, screen: &str) -> String {
        let mut out = String::new();
        for line in screen.lines() {
            let mut chars: Vec<char> = line.chars().collect();
            let mut start = 0;
            while start < chars.len() {
                let end = chars[start..]
                    .iter()
                    .position(|c| is_frame(*c))
                    .map_or(chars.len(), |n| start + n);
                let framed = start > 0 && end < chars.len();
                self.strip_row(pieces, &mut chars[start..end], framed);
                start = end + 1;
            }
            out.extend(chars);
            out.push('\n');
        }
        out
    }

    /// Takes the official pieces out of one pane's row. In a `framed` row (between
    /// two frames) a piece filling the whole row is official wherever it comes
    /// from: the rest of its text is under an overlay or on the rows around.
    fn strip_row(&self, pieces: &Pieces, row: &mut [char], framed: bool) {
        if !row.iter().any(|c| is_cjk(*c)) {
            return;
        }
        let Some(first) = row.iter().position(|c| !c.is_whitespace()) else {
            return;
        };
        let end = row
            .iter()
            .rposition(|c| !c.is_whitespace() && *c != '…')
            .map_or(0, |n| n + 1);
        let longest = pieces.longest(row);
        let mut k = end;
        while k > first {
            let longest_from = (k - longest[k - 1]).max(first);
            // The longest official piece ending here that counts, if any.
            let found = (longest_from..k)
                .filter(|from| !row[*from].is_whitespace())
                .find(|&from| {
                    let piece: String = row[from..k].iter().collect();
                    let n = k - from;
                    n >= 8
                        || self.0.contains(&piece)
                        || (framed && from == first && k == end)
                        || ((k == end || row.get(k) == Some(&'…'))
                            && n >= 2
                            && self.0.iter().any(|o| o.starts_with(&piece)))
                        || (from == first && self.0.iter().any(|o| o.ends_with(&piece)))
                });
            match found {
                Some(from) => {
                    row[from..k].iter_mut().for_each(|c| *c = ' ');
                    k = from;
                }
                None => k -= 1,
            }
        }
    }
}

/// Box drawing and block elements: the frames between panes.
fn is_frame(c: char) -> bool {
    matches!(c, '\u{2500}'..='\u{259F}')
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// The screen as drawn, as text. Unlike what reaches the terminal, a frame drawn over
/// the right half of a wide character (an overlay's border) is kept, so that the
/// text under an overlay stays apart from the overlay's own.
fn draw(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    app.draw(&mut terminal.get_frame());
    let buffer = terminal.current_buffer_mut();
    let mut out = String::new();
    for y in 0..height {
        let mut covered = false;
        for x in 0..width {
            let symbol = buffer[(x, y)].symbol();
            if std::mem::take(&mut covered) && symbol == " " {
                continue;
            }
            covered = unicode_width::UnicodeWidthStr::width(symbol) > 1;
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

/// Lets background work (history, the overview's chart, the draft's worker) finish.
fn settle(app: &mut App) {
    let mut quiet = 0;
    for _ in 0..500 {
        app.model.poll_now();
        if app.tick() {
            quiet = 0;
        } else {
            quiet += 1;
            if quiet >= 5 {
                return;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Every screen a person meets in one session, at three sizes: each tab, the help,
/// the editors, the prompts, the commit dialog and the conflict view.
struct Session {
    app: App,
    screens: Vec<(String, String)>,
}

impl Session {
    fn open(s: &Sandbox, lang: Lang) -> Session {
        let store = Store::open(&s.repo()).unwrap();
        let recovery = s.dir.path().join("state");
        let model = Model::open_with(
            store,
            AssessmentName("ict-plan".into()),
            "tester".into(),
            lang,
            Some(recovery),
        )
        .unwrap();
        Session {
            app: App::new(model, Theme::fallback(), Keymap::default()),
            screens: Vec::new(),
        }
    }

    /// Draws the screen at three sizes and keeps it under `what`.
    fn shot(&mut self, what: &str) {
        settle(&mut self.app);
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let text = draw(&mut self.app, w, h);
            self.screens.push((format!("{what} at {w}x{h}"), text));
        }
    }

    fn keys(&mut self, keys: &[KeyEvent]) {
        for event in keys {
            self.app.key(*event);
        }
    }

    fn chars(&mut self, text: &str) {
        for c in text.chars() {
            self.app.key(key(KeyCode::Char(c)));
        }
    }

    /// Ticks until the screen shows `needle` (at most about ten seconds).
    fn wait_for(&mut self, needle: &str) {
        for _ in 0..1000 {
            self.app.model.poll_now();
            self.app.tick();
            if draw(&mut self.app, 120, 40).contains(needle) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("never shown: {needle}\n{}", draw(&mut self.app, 120, 40));
    }

    /// Types `text` and lets the draft be saved.
    fn type_and_save(&mut self, text: &str) {
        self.chars(text);
        for _ in 0..500 {
            self.app.model.poll_now();
            self.app.tick();
            if !self.app.model.is_dirty() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the draft was never saved");
    }

    /// Goes to the `n`th row of the checklist's tree (0: the first guideline).
    fn row(&mut self, n: usize) {
        self.keys(&[key(KeyCode::Char('g'))]);
        for _ in 0..n {
            self.keys(&[key(KeyCode::Down)]);
        }
    }
}

/// A repository with two tagged revisions, a teammate's newer one and the tester's
/// draft, all in ASCII.
fn workbench_history(s: &Sandbox) {
    let (code, out, err) = run(s
        .dsw_in(s.dir.path(), "alice")
        .args(["--lang", "en", "init", "repo", "--form", "ict-plan"]));
    assert_eq!(code, 0, "{out}{err}");
    // The author the workbench commits as (the repository's own git config, so the
    // machine's does not matter).
    let repo = git2::Repository::open(s.repo()).unwrap();
    let mut config = repo.config().unwrap();
    config.set_str("user.name", "Tess Ter").unwrap();
    config
        .set_str("user.email", "tester@example.gov.tw")
        .unwrap();
    let steps: &[(&str, &[&str])] = &[
        ("alice", &["answer", "1.1.1", "Staff of every agency."]),
        ("alice", &["mark", "1.1", "done"]),
        ("alice", &["meta", "plan", "Payroll renewal"]),
        (
            "alice",
            &[
                "evidence",
                "1.1",
                "add",
                "Plan",
                "https://example.gov.tw/plan",
            ],
        ),
        (
            "alice",
            &["brics", "set", "Pilot", "Clerk", "benefit", "less typing"],
        ),
        ("alice", &["brics", "set", "Pilot", "Clerk", "kind", "user"]),
        ("alice", &["brics", "set", "Pilot", "Lead", "risk", "time"]),
        ("alice", &["commit", "-m", "First answers"]),
        ("alice", &["tag", "review-1", "-m", "First review"]),
        ("alice", &["answer", "1.1.2", "Too many paper forms."]),
        ("alice", &["answer", "2.1.1", "A project lead."]),
        ("alice", &["mark", "2.1", "partial"]),
        (
            "alice",
            &["brics", "set", "Pilot", "Clerk", "risk", "new habits"],
        ),
        ("alice", &["commit", "-m", "Second answers"]),
        ("alice", &["tag", "review-2"]),
        ("tester", &["answer", "2.2.1", "Mine."]),
        ("bob", &["answer", "2.2.1", "Theirs."]),
        ("bob", &["commit", "-m", "Bob's answer"]),
    ];
    for (user, args) in steps {
        let (code, out, err) = run(s.dsw(user).args(*args));
        assert_eq!(code, 0, "{args:?}: {out}{err}");
    }
    review_comments(s);
}

/// A reviewer's comments on review-2 (through the library, as `dsw review` makes
/// them): a question, an item, a header field, a BRiCS cell and the whole
/// assessment, the last one replied to.
fn review_comments(s: &Sandbox) {
    use dsw::review::{Action, Target};
    use dsw::store::Author;
    let store = Store::open(&s.repo()).unwrap();
    let name = AssessmentName("ict-plan".into());
    let assessment = store.load_at(&name, store.head_commit().unwrap()).unwrap();
    let form = store.form_of(&assessment).unwrap().clone();
    let by = |name: &str| Author {
        name: name.into(),
        email: "reviewer@example.gov.tw".into(),
    };
    let comments = [
        ("1.1.1", "Please count the users."),
        ("2.1", "Who leads the project?"),
        ("meta/plan", "The plan's name differs from the approval."),
        ("brics/Pilot/Clerk/risk", "What if the clerks resist?"),
        ("general", "Clear on the whole."),
    ];
    for (n, (target, text)) in comments.iter().enumerate() {
        let action = Action::Add {
            id: format!("c00000000000{n}"),
            target: Target::resolve(target, &form, &assessment).unwrap(),
            iteration: "review-2".into(),
            reviewer: String::new(),
            text: (*text).into(),
        };
        store
            .act_on_review(&name, &action, "", &by("Reviewer Wang"))
            .unwrap();
    }
    let reply = Action::Reply {
        id: "c000000000004".into(),
        text: "Thank you.".into(),
        seen: None,
    };
    store.act_on_review(&name, &reply, "", &by("Lin")).unwrap();
}

/// Goes through the whole workbench and returns every screen.
fn walk_the_workbench(s: &Sandbox, lang: Lang) -> Vec<(String, String)> {
    use KeyCode::*;
    let mut session = Session::open(s, lang);
    session.shot("the checklist tab");
    // The tree from the top: a guideline, an item, questions.
    session.keys(&[key(Char('g'))]);
    session.shot("a guideline");
    session.keys(&[key(Down)]);
    session.shot("a checklist item");
    session.keys(&[key(Char('a'))]);
    session.shot("the evidence prompt");
    session.keys(&[key(Esc), key(Down)]);
    session.shot("an answered question");
    session.keys(&[key(Char('r'))]);
    session.shot("the reference hidden");
    session.keys(&[key(Char('r')), key(Down), key(Down)]);
    session.shot("an unanswered question");
    session.keys(&[key(Enter)]);
    session.chars("Start with a pilot.");
    session.shot("the answer editor");
    session.keys(&[key(Esc), key(Tab)]);
    session.shot("the next pane");
    session.keys(&[key(Tab), key(Tab), key(Char('/'))]);
    session.shot("the search prompt");
    session.chars("Staff");
    session.keys(&[key(Enter)]);
    session.shot("a search's matches");
    session.keys(&[key(Char('/'))]);
    session.chars("zzzz");
    session.keys(&[key(Enter)]);
    session.shot("a search without matches");
    session.keys(&[key(Char('G'))]);
    session.shot("the last question");

    // Others at work meanwhile. Someone is editing 3.1.1 (row 7) when the tester
    // opens it …
    let store = Store::open(&s.repo()).unwrap();
    let name = AssessmentName("ict-plan".into());
    session.row(7);
    let carol = store.announce(&name, "carol", "3.1.1").unwrap();
    session.wait_for("✎carol");
    session.shot("someone else's editor marked");
    session.keys(&[key(Enter)]);
    session.wait_for("carol");
    session.shot("someone else editing the same question");
    // … the tester's own command line changes it while the window types on …
    session.type_and_save("Channels");
    let (code, out, err) = run(s.dsw("tester").args(["answer", "3.1.1", "From the CLI."]));
    assert_eq!(code, 0, "{out}{err}");
    session.chars(" online");
    session.wait_for("From the CLI.");
    session.shot("both versions kept");
    session.keys(&[key(Esc)]);
    drop(carol);
    // … and bob commits, first elsewhere, then a different answer to 1.1.3 (row 4).
    for args in [
        &["answer", "12.1.1", "Bob's law review."][..],
        &["commit", "-m", "Bob again"],
        &["answer", "1.1.3", "Bob's plan."],
        &["commit", "-m", "Bob's plan"],
    ] {
        let (code, out, err) = run(s.dsw("bob").args(args));
        assert_eq!(code, 0, "{args:?}: {out}{err}");
    }
    session.row(4);
    session.wait_for("! 1.1.3");
    session.shot("a teammate's commit announced");
    session.keys(&[key(Tab)]);
    session.shot("a teammate's different answer to mine");
    session.keys(&[key(Char('?'))]);
    session.shot("the help");
    session.keys(&[key(PageDown), key(PageDown)]);
    session.shot("the help, further down");
    session.keys(&[key(Esc)]);

    // BRiCS.
    session.keys(&[key(Char('2'))]);
    session.shot("the BRiCS tab");
    session.keys(&[key(Down)]);
    session.shot("a stakeholder");
    session.keys(&[key(Right), key(Right)]);
    session.shot("a dimension cell");
    session.keys(&[key(Enter)]);
    session.chars("x");
    session.shot("the cell editor");
    session.keys(&[key(Esc), key(Char('a'))]);
    session.shot("the new stakeholder prompt");
    session.keys(&[key(Esc), key(Char('R'))]);
    session.shot("the rename prompt");
    session.keys(&[key(Esc), key(Char('d'))]);
    session.shot("a stakeholder deleted");
    session.keys(&[key(Up), key(Up), key(Up)]);
    session.shot("the table bar");
    session.keys(&[key(Char('a'))]);
    session.shot("the new table prompt");
    session.keys(&[key(Esc)]);

    // The draft's changes.
    session.keys(&[key(Char('4'))]);
    session.shot("the draft's changes");
    session.keys(&[key(Char('1')), key(Char('4'))]);

    // History: mark two revisions, compare them, tag one.
    session.keys(&[key(Char('3'))]);
    session.shot("the history tab");
    session.keys(&[key(Down)]);
    session.shot("a revision");
    session.keys(&[key(Enter)]);
    session.shot("a revision's content");
    session.keys(&[key(PageDown)]);
    session.shot("a revision's content, further down");
    session.keys(&[key(Esc), key(Char('m'))]);
    session.shot("one revision marked");
    session.keys(&[key(Down), key(Char('m'))]);
    session.shot("two revisions marked");
    session.keys(&[key(Char('t'))]);
    session.shot("the tag prompt");
    session.chars("review-3");
    session.keys(&[key(Enter)]);
    session.shot("a revision tagged");
    session.keys(&[key(Enter)]);
    session.shot("the comparison of the marked revisions");

    // Diff: the draft against its base, filtered by guideline.
    session.keys(&[key(Char('4'))]);
    session.shot("the diff tab");
    session.keys(&[key(Char('n'))]);
    session.shot("the next change");
    session.keys(&[key(Char('f'))]);
    session.shot("filtered by a guideline");
    session.keys(&[key(Char('f')), key(Char('f')), key(Char('f'))]);
    session.shot("filtered further");

    // Overview.
    session.keys(&[key(Char('5'))]);
    session.shot("the overview tab");
    session.keys(&[key(Char('?'))]);
    session.shot("the overview's help");
    session.keys(&[key(Esc)]);

    // Reviews: the comments, where they point, replying, accepting, reopening, a
    // new comment.
    session.keys(&[key(Char('6'))]);
    session.shot("the review tab");
    session.keys(&[key(Char('?'))]);
    session.shot("the review tab's help");
    session.keys(&[key(Esc), key(Enter)]);
    session.shot("a comment's question in the checklist");
    session.keys(&[key(Char('o'))]);
    session.shot("the tree, open comments only");
    session.keys(&[key(Char('o')), key(Char('c'))]);
    session.shot("the tree, changed since the last iteration");
    session.keys(&[key(Char('c')), key(Char('6')), key(Char('G'))]);
    session.shot("a replied comment");
    session.keys(&[key(Char('g')), key(Char('r'))]);
    session.chars("About 20,000 staff.");
    session.shot("the reply editor");
    session.keys(&[key(Esc)]);
    session.wait_for(lang.pick("已回覆審查意見 1", "replied to comment 1"));
    session.shot("a reply sent");
    session.keys(&[key(Char('a'))]);
    session.wait_for(lang.pick("已同意審查意見 1", "accepted comment 1"));
    session.shot("a comment accepted");
    session.keys(&[key(Char('o'))]);
    session.chars("Count the agencies too.");
    session.shot("the reopen editor");
    session.keys(&[key(Esc)]);
    session.wait_for(lang.pick("已要求再修正審查意見 1", "reopened comment 1"));
    session.shot("a comment reopened");
    session.keys(&[key(Char('n'))]);
    session.shot("the new comment prompt");
    session.chars("1.1.9");
    session.keys(&[key(Enter)]);
    session.shot("a target that names nothing");
    session.keys(&[key(Enter)]);
    session.chars("More detail, please.");
    session.shot("the new comment editor");
    session.keys(&[key(Esc)]);
    session.wait_for(lang.pick("已新增審查意見 6", "added comment 6"));
    session.shot("a comment added");
    session.keys(&[key(Char('f'))]);
    session.shot("open comments only");
    // The open ones, top down: the new comment (review-3, the latest iteration,
    // comes first), then the item, the header field, the BRiCS cell.
    session.keys(&[key(Char('g')), key(Char('j')), key(Enter)]);
    session.shot("a comment's item in the checklist");
    session.keys(&[key(Char('6')), key(Char('j')), key(Enter)]);
    session.shot("a comment on a header field");
    session.keys(&[key(Char('j')), key(Enter)]);
    session.shot("a comment's BRiCS cell");
    session.keys(&[key(Char('6')), key(Char('f'))]);

    // Commit: the dialog, then the conflict with bob's answer, then the commit.
    session.keys(&[key(Char('1')), ctrl('s')]);
    session.shot("the commit dialog");
    session.keys(&[key(Enter)]);
    session.shot("the conflict view");
    session.keys(&[key(Enter)]);
    session.shot("a conflict left undecided");
    session.keys(&[key(Char('m')), key(Down), key(Char('t'))]);
    session.shot("the conflicts decided");
    session.keys(&[key(Char('e'))]);
    session.shot("a conflict rewritten");
    session.keys(&[key(Esc), key(Enter)]);
    session.shot("committed");
    session.keys(&[ctrl('s')]);
    session.shot("nothing to commit");
    // Too small to work in.
    let small = draw(&mut session.app, 40, 10);
    session.screens.push(("a terminal too small".into(), small));
    session.keys(&[key(Char('q'))]);
    assert!(session.app.quit, "quits");
    let mut screens = std::mem::take(&mut session.screens);
    drop(session);

    // The draft cannot be written: loud, and quitting asks first.
    let mut session = Session::open(s, lang);
    let drafts = s.repo().join(".git/dsw/drafts/tester");
    let _ = std::fs::remove_dir_all(&drafts);
    std::fs::write(&drafts, "not a directory").unwrap();
    session.row(2);
    session.keys(&[key(Enter)]);
    session.chars("Lost?");
    for _ in 0..500 {
        session.app.model.poll_now();
        session.app.tick();
        if session.app.model.save_failure().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(session.app.model.save_failure().is_some(), "the save fails");
    session.shot("the draft cannot be written");
    session.keys(&[key(Esc), key(Char('q'))]);
    session.shot("quit anyway?");
    session.keys(&[key(Char('y'))]);
    assert!(session.app.quit, "quits when told to");
    screens.append(&mut session.screens);
    drop(session);

    // Fixed: the next start offers the text back.
    std::fs::remove_file(&drafts).unwrap();
    let mut session = Session::open(s, lang);
    session.shot("the text offered back");
    session.keys(&[key(Char('r'))]);
    session.shot("the text restored");
    // A reply typed and left unsent when the session died: back in the editor.
    session.keys(&[key(Char('6')), key(Char('r'))]);
    session.chars("Half a reply");
    // Waits for this session's own file, renamed into place and holding all that
    // was typed: what a kill after the text was kept leaves, and nothing more is
    // written to it. (Any name with "unsent-review" in it would also match the
    // temporary file the write renames; dropping the session does not stop its
    // worker as a kill would, so the rename could land after the next session had
    // looked, and nothing was offered back.)
    let store = Store::open(&s.repo()).unwrap();
    let own = store.unsent_review_path(
        &AssessmentName("ict-plan".into()),
        "tester",
        std::process::id(),
    );
    let kept = || std::fs::read_to_string(&own).is_ok_and(|t| t.contains("Half a reply"));
    for _ in 0..500 {
        session.app.model.poll_now();
        session.app.tick();
        if kept() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(kept(), "the reply is kept");
    screens.append(&mut session.screens);
    drop(session);
    let mut session = Session::open(s, lang);
    session.shot("an unsent reply restored");
    session.keys(&[key(Esc)]);
    session.wait_for(lang.pick("已回覆審查意見", "replied to comment"));
    session.shot("the restored reply sent");
    // A kept review text that cannot be read is said, and left.
    let path = store.unsent_review_path(&AssessmentName("ict-plan".into()), "tester", 4_194_305);
    std::fs::write(&path, "version = 1\n").unwrap();
    screens.append(&mut session.screens);
    drop(session);
    let mut session = Session::open(s, lang);
    session.shot("an unreadable unsent review text");
    std::fs::remove_file(&path).unwrap();
    screens.append(&mut session.screens);
    screens
}

#[test]
fn the_english_workbench_has_no_chinese_of_its_own() {
    let mut official = Official::bundled();
    // The line dsw writes between two versions of one answer kept side by side is
    // part of the answer's text (it is saved in the draft, whoever reads it later),
    // so it names itself in both languages.
    official.0.push(dsw::store::OTHER_VERSION.to_owned());
    let pieces = Pieces::of(&official.0);
    let s = Sandbox::new();
    workbench_history(&s);
    let screens = walk_the_workbench(&s, Lang::En);
    // The walk went where it meant to.
    let shown = |what: &str| {
        let key = format!("{what} at 120x40");
        screens
            .iter()
            .find(|(w, _)| *w == key)
            .map_or_else(|| panic!("no screen {key}"), |(_, t)| t.as_str())
    };
    for (what, expected) in [
        ("the evidence prompt", "evidence label"),
        ("the help", "Help"),
        ("someone else editing the same question", "editing this too"),
        ("both versions kept", "changed in two windows"),
        ("a teammate's commit announced", "bob committed"),
        ("a teammate's different answer to mine", "Bob's plan."),
        ("the BRiCS tab", "Pilot"),
        ("the new stakeholder prompt", "Stakeholder name"),
        ("a revision's content", "read-only"),
        ("the tag prompt", "Iteration tag"),
        ("a revision tagged", "review-3"),
        ("the overview tab", "Completion"),
        ("the review tab", "5 comments"),
        (
            "a comment's question in the checklist",
            "Review comments: 1",
        ),
        ("a replied comment", "Thank you."),
        ("a reply sent", "replied to comment 1"),
        ("a target that names nothing", "the closest is"),
        ("a comment added", "added comment 6"),
        ("a comment on a header field", "not edited in the workbench"),
        ("the commit dialog", "Commit"),
        ("the conflict view", "Conflicts"),
        ("a conflict rewritten", "Write the text"),
        ("committed", "committed"),
        ("the draft cannot be written", "⚠"),
        ("quit anyway?", " y "),
        ("the text offered back", "Recovered text"),
        ("an unsent reply restored", "restored your unsent reply"),
        ("an unsent reply restored", "Half a reply"),
        ("the restored reply sent", "replied to comment"),
        ("an unreadable unsent review text", "cannot be read"),
    ] {
        assert!(shown(what).contains(expected), "{what}:\n{}", shown(what));
    }
    let mut failures = String::new();
    for (what, screen) in &screens {
        let stripped = official.strip_screen(&pieces, screen);
        let lines: Vec<&str> = stripped.lines().filter(|l| l.chars().any(is_cjk)).collect();
        if !lines.is_empty() {
            failures += &format!("\n{what}:\n");
            for line in lines {
                failures += &format!("    {}\n", line.trim_end());
            }
        }
        if std::env::var_os("DSW_TEST_DUMP").is_some() {
            eprintln!("\n{what}:\n{screen}");
        }
    }
    assert!(
        failures.is_empty(),
        "Chinese interface text in the English workbench (official content removed):{failures}"
    );

    // The check catches Chinese where there is some: every screen of the same walk
    // in Chinese fails it.
    let s = Sandbox::new();
    workbench_history(&s);
    for (what, screen) in walk_the_workbench(&s, Lang::Zh) {
        let stripped = official.strip_screen(&pieces, &screen);
        assert!(stripped.chars().any(is_cjk), "{what} in Chinese:\n{screen}");
    }
}
