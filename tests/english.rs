//! The English interface (`--lang en`): nothing a person reads is Chinese, except the
//! official content of the forms (guideline titles, checklist items, key questions,
//! notes …), which stays as the government wrote it, and what people typed.
//!
//! The check: take the output, remove every piece of official content (every string
//! of the bundled catalog), and no CJK character may remain. The fixtures answer in
//! ASCII, so whatever Chinese is left is dsw's own.

mod common;

use std::path::Path;

use common::{Sandbox, run};

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
        ("alice", &["tag", "review-1", "-m", "First review"]),
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
    let failing: &[&[&str]] = &[
        &["answer", "9.9.9", "x"],
        &["mark", "1.1", "bogus"],
        &["meta", "nope", "x"],
        &["evidence", "1.1", "remove", "5"],
        &["diff", "nope"],
        &["show", "nope"],
        &["tag", "a b"],
        &["tag", "review-1"],
        &["log", "-n", "x"],
        &["validate", "/nonexistent/file.toml"],
        &["forms", "show", "nope"],
        &["guideline", "99"],
        &["resolve", "1.1.1", "--mine"],
        &["resolve", "nope/x", "--mine"],
        &["commit"],
        &["export", "--format", "md", "-o", "/nonexistent/dir/x.md"],
        &["init", "--form", "nope"],
        &["completions", "nope"],
        &["brics", "remove", "nope"],
        &["brics", "set", "Pilot", "Clerk", "kind", "nobody"],
        &["status", "--bogus"],
        &["--assessment", "nope", "status"],
        &["commit", "-m", "x", "--author", "bad<"],
        &["dif"],
    ];
    for args in failing {
        let (code, output) = english(&s, "alice", args);
        assert_ne!(code, 0, "{args:?} should fail");
        record(args, output);
    }
    assert_english(&official, &outputs);
}
