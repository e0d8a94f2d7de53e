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
    let pdf = printed_by_writer(&out, &odt);
    assert_printed_form(&pdf_text(&pdf), "PDF LibreOffice printed");
}

/// The HTML export renders in a browser: headless Chromium prints it to PDF with
/// the official text, the answer and the status mark.
#[test]
fn chromium_prints_the_html_export() {
    let chromium = chromium();
    if !needs(
        chromium.is_some() && have_program("pdftotext", "-v"),
        "Chromium or pdftotext is not installed",
    ) {
        return;
    }
    let s = Sandbox::new();
    let (out, html) = exported(&s, "html");
    let pdf = printed_by_chromium(chromium.unwrap(), &out, &html);
    assert_printed_form(&pdf_text(&pdf), "PDF Chromium printed");
}

// ---------------------------------------------------------------------------------
// The review loop: the 審查意見回覆表, the 修正對照表's replies, comments in the HTML
// report and the JSON. Comments are written through the library (`dsw review` is
// its own command, tested in tests/review.rs).

/// A review action by `by` on the sandbox's assessment, committed as dsw commits it.
fn act(s: &Sandbox, action: dsw::review::Action, by: &str) {
    let store = dsw::store::Store::open(&s.repo()).unwrap();
    let name = store.select(None).unwrap();
    let author = dsw::store::Author::parse(&format!("{by} <{by}@example.gov.tw>")).unwrap();
    store.act_on_review(&name, &action, "", &author).unwrap();
}

/// A target as a person types it, resolved against the assessment at the head.
fn target(s: &Sandbox, typed: &str) -> dsw::review::Target {
    let store = dsw::store::Store::open(&s.repo()).unwrap();
    let name = store.select(None).unwrap();
    let assessment = store.load_at(&name, store.head_commit().unwrap()).unwrap();
    let form = store.form_of(&assessment).unwrap();
    dsw::review::Target::resolve(typed, form, &assessment).unwrap()
}

/// Comment `n` (id `c…n`) on `typed` against `iteration`, by 王委員.
fn comment(s: &Sandbox, n: u32, typed: &str, iteration: &str, text: &str) {
    let target = target(s, typed);
    let action = dsw::review::Action::Add {
        id: format!("c{n:012x}"),
        target,
        iteration: iteration.into(),
        reviewer: "王委員".into(),
        text: text.into(),
    };
    act(s, action, "王委員");
}

/// The team's reply to comment `n`.
fn reply(s: &Sandbox, n: u32, text: &str) {
    let action = dsw::review::Action::Reply {
        id: format!("c{n:012x}"),
        text: text.into(),
        seen: None,
    };
    act(s, action, "alice");
}

fn dsw_ok(s: &Sandbox, args: &[&str]) -> String {
    let (code, out, err) = run(s.dsw("alice").args(args));
    assert_eq!(code, 0, "dsw {args:?}: {err}");
    out
}

/// The scenario up to the second submission: filled and tagged 第一次送審,
/// five comments (a question, an item, a header field, a BRiCS cell, the whole),
/// a reply to each, three answers revised (the question, the header field, the
/// cell), tagged 第二次送審. Returns the HTML report exported before any comment.
fn reviewed_twice(s: &Sandbox) -> String {
    s.init("ict-plan");
    dsw_ok(s, &["meta", "plan", "人事資訊系統計畫"]);
    dsw_ok(s, &["answer", "1.1.1", "人事人員"]);
    dsw_ok(s, &["mark", "2.1", "partial"]);
    dsw_ok(
        s,
        &["brics", "set", "資料申請", "申請者", "risk", "申請被駁回"],
    );
    dsw_ok(s, &["commit", "-m", "填寫"]);
    dsw_ok(s, &["tag", "第一次送審"]);
    let before_comments = dsw_ok(s, &["export", "--format", "html"]);
    let comments = [
        (1, "1.1.1", "請說明使用者的類型與人數"),
        (2, "2.1", "請補充跨機關協作的做法"),
        (3, "meta/plan", "計畫名稱請與核定函一致"),
        (4, "brics/資料申請/申請者/risk", "風險請具體描述"),
        (5, "general", "整體請再檢視錯字"),
    ];
    for (n, typed, text) in comments {
        comment(s, n, typed, "第一次送審", text);
    }
    let replies = [
        (1, "已補充使用者類型：人事人員與全體公務人員"),
        (2, "跨機關協作將於下一階段規劃"),
        (3, "已依核定函修正計畫名稱"),
        (4, "已具體描述駁回的風險"),
        (5, "已全面檢視"),
    ];
    for (n, text) in replies {
        reply(s, n, text);
    }
    dsw_ok(s, &["answer", "1.1.1", "人事人員與全體公務人員"]);
    dsw_ok(s, &["meta", "plan", "人事資訊系統功能提升計畫"]);
    dsw_ok(
        s,
        &[
            "brics",
            "set",
            "資料申請",
            "申請者",
            "risk",
            "申請被駁回且不知原因",
        ],
    );
    dsw_ok(s, &["commit", "-m", "依審查意見修正"]);
    dsw_ok(s, &["tag", "第二次送審"]);
    before_comments
}

/// An ODT package's content.xml.
fn content_xml(odt: &std::path::Path) -> String {
    use std::io::Read as _;
    let file = std::fs::File::open(odt).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut content = String::new();
    archive
        .by_name("content.xml")
        .unwrap()
        .read_to_string(&mut content)
        .unwrap();
    content
}

/// The text of each `text:span` of style `style` in `xml`.
fn spans(xml: &str, style: &str) -> Vec<String> {
    let open = format!("<text:span text:style-name=\"{style}\">");
    xml.split(&open)
        .skip(1)
        .map(|rest| rest.split("</text:span>").next().unwrap_or("").to_owned())
        .collect()
}

/// The acceptance: `dsw export --format odt --replies --iteration
/// 第一次送審` opens in LibreOffice with five rows, each reply, and the before →
/// after of the three revised answers; the item nobody revised says 未修正.
#[test]
fn the_reply_table_opens_in_libreoffice_with_every_comment_reply_and_revision() {
    let s = Sandbox::new();
    reviewed_twice(&s);
    let out = s.dir.path().join("replies-out");
    std::fs::create_dir(&out).unwrap();
    let odt = out.join("replies.odt");
    let (code, _, err) = run(s.dsw("alice").args([
        "export",
        "--format",
        "odt",
        "--replies",
        "--iteration",
        "第一次送審",
        "-o",
        odt.to_str().unwrap(),
    ]));
    assert_eq!(code, 0, "{err}");
    let content = content_xml(&odt);
    // The header row, then one row per comment.
    let table = content
        .split("table:name=\"Replies\"")
        .nth(1)
        .expect("the reply table");
    assert_eq!(table.matches("<table:table-row>").count(), 6, "{table}");
    assert!(table.contains("<table:table-header-rows>"));
    // The three revisions only added text: underlined, nothing struck through.
    assert_eq!(
        spans(&content, "Added"),
        ["與全體公務人員", "功能提升", "且不知原因"]
    );
    assert!(spans(&content, "Removed").is_empty());
    assert!(content.contains("未修正"), "item 2.1 was not revised");
    if !needs(
        have_program("soffice", "--version") && have_program("pdftotext", "-v"),
        "LibreOffice (soffice) or pdftotext is not installed",
    ) {
        return;
    }
    let pdf = printed_by_writer(&out, &odt);
    let text = pdf_cells_text(&pdf);
    for needle in [
        "人事資訊系統功能提升計畫第一次送審審查意見回覆表",
        "修正情形：第一次送審→第二次送審",
        "編號",
        "回覆說明",
        "已補充使用者類型",
        "跨機關協作將於下一階段規劃",
        "已依核定函修正計畫名稱",
        "已具體描述駁回的風險",
        "已全面檢視",
        "人事人員與全體公務人員",
        "人事資訊系統計畫",
        "申請被駁回且不知原因",
        "未修正",
        "第1頁",
    ] {
        assert!(text.contains(needle), "{needle} is not in the PDF:\n{text}");
    }
}

/// The text of a PDF in the order it was drawn — a table cell after another, not
/// line by line across the page — with white space removed.
fn pdf_cells_text(pdf: &std::path::Path) -> String {
    let output = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(output.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .collect()
}

/// The same table in HTML prints through Chromium; in Markdown it marks the
/// additions; as CSV each comment is one row with 修正情形 as before → after.
#[test]
fn the_reply_table_prints_from_html_and_reads_as_markdown_and_csv() {
    let s = Sandbox::new();
    reviewed_twice(&s);
    let md = dsw_ok(&s, &["export", "--format", "md", "--replies"]);
    // The default is the latest iteration, 第二次送審, which has no comments.
    assert!(md.contains("第二次送審 沒有審查意見。"), "{md}");
    let md = dsw_ok(
        &s,
        &[
            "export",
            "--format",
            "md",
            "--replies",
            "--iteration",
            "第一次送審",
        ],
    );
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(
        rows.len(),
        2 + 5,
        "header, separator and a row per comment:\n{md}"
    );
    assert!(md.contains("<ins>與全體公務人員</ins>"), "{md}");
    assert!(md.contains("| 2<br>已回覆 |"), "{md}");
    let csv = dsw_ok(
        &s,
        &[
            "export",
            "--format",
            "csv",
            "--replies",
            "--iteration",
            "第一次送審",
        ],
    );
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "編號",
            "狀態",
            "對象",
            "項目",
            "審查委員",
            "審查意見",
            "回覆說明",
            "修正情形"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 5);
    assert_eq!(&records[0][2], "1.1.1");
    assert_eq!(&records[0][7], "人事人員 → 人事人員與全體公務人員");
    assert_eq!(&records[1][7], "未修正");
    assert_eq!(
        &records[4][7], "",
        "a comment on the whole has no field to show"
    );
    let chromium = chromium();
    if !needs(
        chromium.is_some() && have_program("pdftotext", "-v"),
        "Chromium or pdftotext is not installed",
    ) {
        return;
    }
    let out = s.dir.path().join("html-replies");
    std::fs::create_dir(&out).unwrap();
    let html = out.join("replies.html");
    dsw_ok(
        &s,
        &[
            "export",
            "--format",
            "html",
            "--replies",
            "--iteration",
            "第一次送審",
            "-o",
            html.to_str().unwrap(),
        ],
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<ins>與全體公務人員</ins>"));
    let pdf = printed_by_chromium(chromium.unwrap(), &out, &html);
    let text = pdf_cells_text(&pdf);
    for needle in [
        "第一次送審審查意見回覆表",
        "已補充使用者類型",
        "已全面檢視",
        "人事人員與全體公務人員",
        "未修正",
    ] {
        assert!(text.contains(needle), "{needle} is not in the PDF:\n{text}");
    }
}

/// The 修正對照表 between the two submissions gives, in 說明, the replies to the
/// comments on each changed field, by number.
#[test]
fn the_comparison_between_submissions_gives_the_replies_in_its_notes() {
    let s = Sandbox::new();
    reviewed_twice(&s);
    let md = dsw_ok(
        &s,
        &[
            "export",
            "--format",
            "md",
            "--compare",
            "第一次送審",
            "第二次送審",
        ],
    );
    let row = |start: &str| {
        md.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("{start} in\n{md}"))
            .to_owned()
    };
    assert!(
        row("| 1.1.1 ").ends_with("| 審查意見 1：已補充使用者類型：人事人員與全體公務人員 |"),
        "{md}"
    );
    assert!(row("| 表頭：計畫名稱").ends_with("| 審查意見 3：已依核定函修正計畫名稱 |"));
    assert!(
        row("| BRiCS 資料申請 / 申請者 / 風險").ends_with("| 審查意見 4：已具體描述駁回的風險 |")
    );
    assert!(
        !md.contains("依審查意見修正"),
        "replies in place of the message"
    );
    // From the first revision to 第一次送審 no comment applies: the messages stay.
    let md = dsw_ok(
        &s,
        &[
            "export",
            "--format",
            "md",
            "--compare",
            "第一次送審~1",
            "第一次送審",
        ],
    );
    assert!(md.contains("| 填寫 |"), "{md}");
}

/// The HTML report shows each comment and its reply where its target is; a revision
/// without a review file exports byte for byte as before comments existed. JSON
/// gains the `review` section.
#[test]
fn the_html_report_and_the_json_carry_the_comments() {
    let s = Sandbox::new();
    let before_comments = reviewed_twice(&s);
    let page = dsw_ok(&s, &["export", "--format", "html"]);
    for needle in [
        "審查意見 1</span><span class=\"details\">（已回覆，王委員，第一次送審）</span>請說明使用者的類型與人數",
        "回覆：</span>已補充使用者類型",
        "共 5 則：待回覆 0 · 再修正 0 · 已回覆 5 · 已變更 0 · 同意 0",
    ] {
        assert!(page.contains(needle), "{needle}");
    }
    assert_eq!(
        dsw_ok(&s, &["export", "--format", "html", "--rev", "第一次送審"]),
        before_comments,
        "no review file at that revision: the page is what it was"
    );
    let shown: serde_json::Value = serde_json::from_str(&dsw_ok(&s, &["show", "--json"])).unwrap();
    let review = shown["review"].as_array().unwrap();
    assert_eq!(review.len(), 5);
    assert_eq!(review[0]["target"], "1.1.1");
    assert_eq!(review[0]["standing"], "replied");
    assert_eq!(review[3]["target_text"], "BRiCS 資料申請 / 申請者 / 風險");
    assert_eq!(review[4]["target"], "general");
    let exported: serde_json::Value = serde_json::from_str(&dsw_ok(
        &s,
        &["export", "--format", "json", "--rev", "第一次送審"],
    ))
    .unwrap();
    assert_eq!(exported["review"], serde_json::json!([]));
    assert_eq!(exported["schema_version"], 1);
}

/// Bad input to `--replies`: an unknown iteration names the closest; JSON points to
/// `dsw review list --json`; no iteration at all says to tag one.
#[test]
fn the_reply_table_refuses_unknown_iterations_and_json() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let (code, _, err) = run(s
        .dsw("alice")
        .args(["export", "--format", "md", "--replies"]));
    assert_eq!(code, 2);
    assert!(err.contains("dsw tag"), "{err}");
    dsw_ok(&s, &["tag", "第一次送審"]);
    let (code, _, err) = run(s.dsw("alice").args([
        "export",
        "--format",
        "md",
        "--replies",
        "--iteration",
        "第一次送",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("最接近的是「第一次送審」"), "{err}");
    let (code, _, err) = run(s
        .dsw("alice")
        .args(["export", "--format", "json", "--replies"]));
    assert_eq!(code, 2);
    assert!(err.contains("dsw review list --json"), "{err}");
    let (code, _, err) =
        run(s
            .dsw("alice")
            .args(["--lang", "en", "export", "--format", "json", "--replies"]));
    assert_eq!(code, 2);
    assert!(err.contains("dsw review list --json"), "{err}");
    let (code, _, _) = run(s.dsw("alice").args([
        "export",
        "--format",
        "md",
        "--replies",
        "--compare",
        "a",
        "b",
    ]));
    assert_eq!(code, 2);
}

/// Review text is untrusted like answers: escaped in HTML, visible control
/// characters everywhere, neutralised CSV cells.
#[test]
fn hostile_review_text_is_escaped_in_every_output() {
    let s = Sandbox::new();
    s.init("ict-plan");
    dsw_ok(&s, &["answer", "1.1.1", "原本"]);
    dsw_ok(&s, &["commit", "-m", "填寫"]);
    dsw_ok(&s, &["tag", "第一次送審"]);
    comment(
        &s,
        1,
        "1.1.1",
        "第一次送審",
        "=HYPERLINK(\"http://x\")<script>\u{1b}[31m\u{202e}",
    );
    reply(&s, 1, "@SUM(1)</td><b>粗</b>\u{7}");
    let md = dsw_ok(&s, &["export", "--format", "md", "--replies"]);
    let html = dsw_ok(&s, &["export", "--format", "html", "--replies"]);
    let report = dsw_ok(&s, &["export", "--format", "html"]);
    let csv = dsw_ok(&s, &["export", "--format", "csv", "--replies"]);
    let json = dsw_ok(&s, &["show", "--json"]);
    for (what, text) in [
        ("md", &md),
        ("html", &html),
        ("report", &report),
        ("csv", &csv),
        ("json", &json),
    ] {
        assert!(
            !text.contains(['\u{1b}', '\u{202e}', '\u{7}']),
            "raw control in {what}"
        );
    }
    for (what, text) in [("md", &md), ("html", &html), ("report", &report)] {
        assert!(
            !text.contains("<script>") && !text.contains("<b>粗"),
            "markup in {what}"
        );
    }
    for page in [&html, &report] {
        assert!(page.contains("&lt;script&gt;␛[31m&lt;U+202E&gt;"), "{page}");
        assert!(page.contains("&lt;/td&gt;&lt;b&gt;粗&lt;/b&gt;␇"));
    }
    assert!(md.contains("&lt;script&gt;"));
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert!(row[5].starts_with("'=HYPERLINK"), "{row:?}");
    assert!(row[6].starts_with("'@SUM(1)"), "{row:?}");
    assert!(json.contains("\\u001b[31m\\u202e"), "{json}");
    let out = s.dir.path().join("replies.odt");
    dsw_ok(
        &s,
        &[
            "export",
            "--format",
            "odt",
            "--replies",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let content = content_xml(&out);
    assert!(
        content.contains("&lt;script&gt;␛[31m&lt;U+202E&gt;"),
        "{content}"
    );
    assert!(!content.contains(['\u{1b}', '\u{202e}', '\u{7}']));
}

/// The PDF LibreOffice Writer prints of `odt`, written into `out` (its name with
/// `.pdf`).
fn printed_by_writer(out: &std::path::Path, odt: &std::path::Path) -> std::path::PathBuf {
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
        .arg(out)
        .arg(odt)
        .env("HOME", out)
        .output()
        .expect("soffice runs");
    let pdf = out.join(odt.with_extension("pdf").file_name().expect("a file name"));
    assert!(pdf.is_file(), "soffice made no PDF: {status:?}");
    pdf
}

/// The PDF headless Chromium prints of `html`, written into `out` (its name with
/// `.pdf`).
fn printed_by_chromium(
    chromium: impl AsRef<std::ffi::OsStr>,
    out: &std::path::Path,
    html: &std::path::Path,
) -> std::path::PathBuf {
    let pdf = out.join(html.with_extension("pdf").file_name().expect("a file name"));
    // Flags: no sandbox (CI runs as root), and none of Chromium's own network
    // traffic, which a closed network refuses.
    let output = std::process::Command::new("timeout")
        .arg("180")
        .arg(chromium)
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
        .arg(format!("--user-data-dir={}", out.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .env("HOME", out)
        .output()
        .expect("chromium runs");
    assert!(
        pdf.is_file(),
        "Chromium made no PDF: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    pdf
}

/// The Chromium installed here, by the names Debian and others give it.
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"]
        .into_iter()
        .find(|program| have_program(program, "--version"))
}
