//! Exports and the demo, from the command line: what a reviewer receives.

mod common;

use common::{Sandbox, have_program, is_root, needs, needs_git, run};
use dsw::form::Catalog;

/// Builds the demo in the sandbox and returns its directory.
fn demo(s: &Sandbox) -> std::path::PathBuf {
    let (code, out, err) = run(s
        .dsw_in(s.dir.path(), "alice")
        .env("TMPDIR", s.dir.path())
        .args(["demo", "--no-tui"]));
    assert_eq!(code, 0, "{err}");
    let line = out.lines().next().unwrap();
    let path = line.split_whitespace().last().unwrap();
    let path = std::path::PathBuf::from(path);
    assert!(path.starts_with(s.dir.path()), "{out}");
    path
}

#[test]
fn the_demo_has_revisions_by_two_people_an_iteration_and_the_official_answers() {
    let s = Sandbox::new();
    let dir = demo(&s);
    let (code, log, err) = run(s.dsw_in(&dir, "alice").args(["log", "--json"]));
    assert_eq!(code, 0, "{err}");
    let log: serde_json::Value = serde_json::from_str(&log).unwrap();
    let log = log.as_array().unwrap();
    assert!(log.len() >= 3, "{log:?}");
    let authors: std::collections::BTreeSet<&str> =
        log.iter().map(|r| r["author"].as_str().unwrap()).collect();
    assert!(authors.len() >= 2, "{authors:?}");
    let tagged = log
        .iter()
        .position(|r| r["tags"] == serde_json::json!(["第一次送審"]))
        .expect("tag");
    assert!(
        tagged > 0 && tagged < log.len() - 1,
        "the tag sits between revisions"
    );

    // Every answer at the head is the official example's, and every question has one.
    let (_, json, _) = run(s.dsw_in(&dir, "alice").args(["export", "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["schema_version"], 1);
    let catalog = Catalog::bundled().unwrap();
    let form = &catalog.form("ict-plan").unwrap().form;
    let answers: std::collections::BTreeMap<String, String> = value["guidelines"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| {
            g["items"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|i| i["questions"].as_array().unwrap().iter())
                .chain(g["questions"].as_array().unwrap().iter())
        })
        .map(|q| {
            (
                q["id"].as_str().unwrap().to_owned(),
                q["answer"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(answers.len(), 16);
    for (_, _, question) in form.questions() {
        assert_eq!(
            answers[question.id.as_str()],
            question.example.as_ref().unwrap().as_str(),
            "{}",
            question.id
        );
    }
    assert_eq!(value["brics"][0]["title"], "資料申請小幫手");
    assert_eq!(
        value["brics"][0]["stakeholders"].as_array().unwrap().len(),
        4
    );
    if needs_git() {
        let fsck = s.git_in(&dir, &["fsck", "--strict"]);
        assert!(fsck.status.success());
        assert_eq!(
            String::from_utf8(s.git_in(&dir, &["status", "--porcelain"]).stdout).unwrap(),
            ""
        );
    }
}

#[test]
fn csv_has_one_row_per_key_question_and_keeps_multi_line_answers() {
    let s = Sandbox::new();
    let dir = demo(&s);
    let (code, csv, err) = run(s.dsw_in(&dir, "alice").args(["export", "--format", "csv"]));
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 16);
    let catalog = Catalog::bundled().unwrap();
    let form = &catalog.form("ict-plan").unwrap().form;
    let example = form.question("1.1.2").unwrap().example.as_ref().unwrap();
    assert!(
        rows.iter()
            .any(|r| r.iter().any(|cell| cell == example.as_str())),
        "multi-line answer intact"
    );

    // An earlier revision: the first has no answers yet.
    let (_, csv, _) = run(s
        .dsw_in(&dir, "alice")
        .args(["export", "--format", "csv", "--rev", "HEAD~3"]));
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let answered = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| !r.get(6).unwrap_or("").is_empty())
        .count();
    assert_eq!(answered, 0);
    let (_, with_bom, _) = run(s
        .dsw_in(&dir, "alice")
        .args(["export", "--format", "csv", "--bom"]));
    assert!(with_bom.starts_with('\u{feff}'));

    // The service form has 126.
    s.init("service");
    let (_, csv, _) = run(s.dsw("alice").args(["export", "--format", "csv"]));
    assert_eq!(
        csv::ReaderBuilder::new()
            .from_reader(csv.as_bytes())
            .records()
            .count(),
        126
    );
}

#[test]
fn html_is_self_contained_and_escapes_what_people_typed() {
    let s = Sandbox::new();
    let dir = demo(&s);
    s.dsw_in(&dir, "alice")
        .args([
            "answer",
            "3.1.1",
            "<b>不是粗體</b> <script>alert(1)</script>",
        ])
        .assert()
        .success();
    s.dsw_in(&dir, "alice")
        .args(["commit", "-m", "html"])
        .assert()
        .success();
    let out = dir.join("report.html");
    s.dsw_in(&dir, "alice")
        .args(["export", "--format", "html", "-o", out.to_str().unwrap()])
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("&lt;b&gt;不是粗體&lt;/b&gt;"));
    assert!(!html.contains("<script"));
    for external in ["src=\"http", "href=\"http", "url(", "@import", "<link"] {
        assert!(!html.contains(external), "{external}");
    }
}

#[test]
fn odt_is_written_to_a_file() {
    let s = Sandbox::new();
    let dir = demo(&s);
    let out = dir.join("form.odt");
    s.dsw_in(&dir, "alice")
        .args(["export", "--format", "odt", "-o", out.to_str().unwrap()])
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PK"));
    assert!(bytes[30..].starts_with(b"mimetypeapplication/vnd.oasis.opendocument.text"));
}

#[test]
fn a_comparison_between_iterations_lists_exactly_the_changed_entries() {
    let s = Sandbox::new();
    let dir = demo(&s);
    s.dsw_in(&dir, "alice")
        .args(["tag", "第二次送審"])
        .assert()
        .success();
    let (code, md, err) = run(s.dsw_in(&dir, "alice").args([
        "export",
        "--format",
        "md",
        "--compare",
        "第一次送審",
        "第二次送審",
    ]));
    assert_eq!(code, 0, "{err}");
    let (_, diff, _) =
        run(s
            .dsw_in(&dir, "alice")
            .args(["diff", "第一次送審", "第二次送審", "--format", "json"]));
    let diff: serde_json::Value = serde_json::from_str(&diff).unwrap();
    let changed: Vec<&str> = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] != "brics_order")
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    // One table row per changed entry (plus the header and separator rows).
    let rows = md.lines().filter(|l| l.starts_with('|')).count();
    assert_eq!(rows, changed.len() + 2, "{md}");
    for path in changed.iter().filter(|p| p.split('.').count() == 3) {
        assert!(md.contains(&format!("| {path} ")), "{path} missing:\n{md}");
    }
    assert!(
        md.contains("填寫開放、數位使用與績效"),
        "the revision's message explains the rows"
    );
    s.dsw_in(&dir, "alice")
        .args([
            "export",
            "--format",
            "csv",
            "--compare",
            "第一次送審",
            "HEAD",
        ])
        .assert()
        .code(2);
}

/// `export -o PATH` writes what is at PATH the way a person means it: it never turns
/// a device node, a symlink or a FIFO into a plain file, nor loosens a file's mode.
#[test]
fn export_writes_through_devices_symlinks_and_fifos_and_keeps_a_files_mode() {
    use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
    let s = Sandbox::new();
    s.init("ict-plan");
    let out_dir = s.dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let export = |target: &std::path::Path| {
        let (code, _, err) = run(s.dsw("alice").args([
            "export",
            "--format",
            "md",
            "-o",
            &target.display().to_string(),
        ]));
        assert_eq!(code, 0, "{err}");
    };
    // A 0600 file keeps 0600.
    let private = out_dir.join("private.md");
    std::fs::write(&private, "old").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    export(&private);
    assert_eq!(std::fs::metadata(&private).unwrap().mode() & 0o777, 0o600);
    assert!(std::fs::read_to_string(&private).unwrap().contains("1.1.1"));
    // A symlink stays; its target holds the export.
    let target = out_dir.join("target.md");
    std::fs::write(&target, "old").unwrap();
    let link = out_dir.join("link.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    export(&link);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read_to_string(&target).unwrap().contains("1.1.1"));
    // A FIFO's reader gets the export.
    let fifo = out_dir.join("pipe");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(&fifo).unwrap())
    };
    export(&fifo);
    assert!(reader.join().unwrap().contains("1.1.1"));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A device node (the null device, made in the temporary directory) stays one.
    if needs(is_root(), "making a device node (mknod) needs root") {
        let node = out_dir.join("null");
        nix::sys::stat::mknod(
            &node,
            nix::sys::stat::SFlag::S_IFCHR,
            nix::sys::stat::Mode::from_bits_truncate(0o666),
            nix::sys::stat::makedev(1, 3),
        )
        .unwrap();
        export(&node);
        let meta = std::fs::metadata(&node).unwrap();
        assert!(meta.file_type().is_char_device(), "still a device node");
        assert_eq!(meta.rdev(), nix::sys::stat::makedev(1, 3));
    }
}

/// A CSV cell that a spreadsheet would run as a formula opens as text in LibreOffice
/// Calc, where the same cell written raw computes (issue 9, item 6).
#[test]
fn a_formula_answer_opens_as_text_in_libreoffice_calc() {
    if !needs(
        have_program("soffice", "--version"),
        "LibreOffice (soffice) is not installed",
    ) {
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    s.dsw("alice")
        .args(["answer", "1.1.1", "=1+1"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["commit", "-m", "公式"])
        .assert()
        .success();
    let out = s.dir.path().join("calc");
    std::fs::create_dir(&out).unwrap();
    let csv = out.join("export.csv");
    s.dsw("alice")
        .args(["export", "--format", "csv", "-o", csv.to_str().unwrap()])
        .assert()
        .success();
    std::fs::write(out.join("raw.csv"), "a,b\nx,=1+1\n").unwrap();
    let cells = |name: &str| -> Vec<String> {
        let status = std::process::Command::new("timeout")
            .args(["180", "soffice", "--headless", "--convert-to", "html"])
            .arg(name)
            .current_dir(&out)
            .env("HOME", &out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "soffice converting {name}");
        let html = std::fs::read_to_string(out.join(name.replace(".csv", ".html"))).unwrap();
        html.split("<td")
            .skip(1)
            .map(|cell| {
                let inner = cell.split_once('>').map_or("", |(_, rest)| rest);
                let inner = inner.split("</td>").next().unwrap_or("");
                let mut text = String::new();
                let mut in_tag = false;
                for c in inner.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        _ if !in_tag => text.push(c),
                        _ => {}
                    }
                }
                text.trim().to_owned()
            })
            .collect()
    };
    // The check means something: Calc computes the raw cell.
    assert!(cells("raw.csv").contains(&"2".to_owned()));
    let exported = cells("export.csv");
    assert!(exported.iter().any(|c| c == "'=1+1"), "{exported:?}");
    assert!(!exported.contains(&"2".to_owned()), "{exported:?}");
}

/// A filled `ict-plan` assessment exported in `format` to a file in a fresh
/// directory of the sandbox: (the directory, the file).
fn exported(s: &Sandbox, format: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    s.init("ict-plan");
    s.dsw("alice")
        .args(["answer", "1.1.1", "人事人員與全體公務人員"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["mark", "1.1", "done"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["commit", "-m", "填寫"])
        .assert()
        .success();
    let out = s.dir.path().join(format!("{format}-out"));
    std::fs::create_dir(&out).unwrap();
    let file = out.join(format!("form.{format}"));
    s.dsw("alice")
        .args(["export", "--format", format, "-o", file.to_str().unwrap()])
        .assert()
        .success();
    (out, file)
}

/// The text of a PDF, white space removed (table cells wrap anywhere in Chinese).
fn pdf_text(pdf: &std::path::Path) -> String {
    let output = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(output.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .collect()
}

/// What a reader of the printed form must find: an official question (its first
/// words: table cells wrap, and the text of neighbouring cells comes between the
/// lines), the answer, and the item's done mark.
fn assert_printed_form(text: &str, what: &str) {
    for needle in ["服務使用者有哪些", "人事人員與全體公務人員", "☑"] {
        assert!(
            text.contains(needle),
            "{needle} is not in the {what}:\n{text}"
        );
    }
}

/// The ODT export opens in LibreOffice Writer and prints the form.
#[test]
fn libreoffice_writer_prints_the_odt_export() {
    if !needs(
        have_program("soffice", "--version") && have_program("pdftotext", "-v"),
        "LibreOffice (soffice) or pdftotext is not installed",
    ) {
        return;
    }
    let s = Sandbox::new();
    let (out, odt) = exported(&s, "odt");
    // `timeout` keeps a hung LibreOffice from hanging the test run.
    let status = std::process::Command::new("timeout")
        .args([
            "180",
            "soffice",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&out)
        .arg(&odt)
        .env("HOME", &out)
        .output()
        .expect("soffice runs");
    let pdf = out.join("form.pdf");
    assert!(pdf.is_file(), "soffice made no PDF: {status:?}");
    assert_printed_form(&pdf_text(&pdf), "PDF LibreOffice printed");
}

/// The HTML export renders in a browser: headless Chromium prints it to PDF with
/// the official text, the answer and the status mark.
#[test]
fn chromium_prints_the_html_export() {
    let chromium = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|program| have_program(program, "--version"));
    if !needs(
        chromium.is_some() && have_program("pdftotext", "-v"),
        "Chromium or pdftotext is not installed",
    ) {
        return;
    }
    let s = Sandbox::new();
    let (out, html) = exported(&s, "html");
    let pdf = out.join("form.pdf");
    let profile = out.join("profile");
    // Flags: no sandbox (CI runs as root), and none of Chromium's own network
    // traffic, which a closed network refuses.
    let output = std::process::Command::new("timeout")
        .arg("180")
        .arg(chromium.unwrap())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .env("HOME", &out)
        .output()
        .expect("chromium runs");
    assert!(
        pdf.is_file(),
        "Chromium made no PDF: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_printed_form(&pdf_text(&pdf), "PDF Chromium printed");
}
