//! The command line as a user meets it: output, exit codes and messages.

use std::path::Path;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use dsw::form::Catalog;
use predicates::prelude::*;

/// `dsw` run in `dir` with a config home of its own, so the user's files never leak in.
fn dsw(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("dsw").unwrap();
    cmd.current_dir(dir)
        .env("XDG_CONFIG_HOME", dir.join(".config-home"))
        .env("HOME", dir)
        .env_remove("DSW_LANG")
        .env_remove("NO_COLOR");
    cmd
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn forms_lists_both_bundled_forms_with_their_counts() {
    let dir = temp();
    let out = stdout_of(dsw(dir.path()).arg("forms"));
    let row = |id: &str| -> Vec<String> {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap();
        line.split_whitespace().map(str::to_owned).collect()
    };
    assert_eq!(row("service")[2..], ["1", "13", "39", "126", "內建"]);
    assert_eq!(row("ict-plan")[2..], ["1", "9", "11", "16", "內建"]);
    assert!(out.contains("政府數位服務指引：政府數位服務自評表"));
    assert!(out.contains("政府數位服務指引：政府資通訊應用計畫自評表"));

    let en = stdout_of(dsw(dir.path()).args(["--lang", "en", "forms"]));
    assert!(en.starts_with("ID "), "{en}");
    assert!(en.contains("bundled"));
}

/// Question ids as printed by `dsw forms show`, in output order.
fn printed_question_ids(out: &str) -> Vec<String> {
    out.lines()
        .filter_map(|line| {
            line.split_whitespace()
                .next()
                .filter(|_| line.starts_with("  "))
        })
        .filter(|word| {
            word.split('.').count() == 3 && word.split('.').all(|p| p.parse::<u32>().is_ok())
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn forms_show_prints_every_question_in_official_order() {
    let dir = temp();
    let catalog = Catalog::bundled().unwrap();
    for (id, count) in [("service", 126), ("ict-plan", 16)] {
        let out = stdout_of(dsw(dir.path()).args(["forms", "show", id]));
        let form = &catalog.form(id).unwrap().form;
        let expected: Vec<String> = form.questions().map(|(_, _, q)| q.id.to_string()).collect();
        assert_eq!(expected.len(), count);
        assert_eq!(printed_question_ids(&out), expected, "{id}");
        for (_, item, question) in form.questions() {
            let first_line = question.text.lines().next().unwrap();
            assert!(
                out.contains(&format!("{}  {first_line}", question.id)),
                "{}",
                question.id
            );
            if let Some(item) = item {
                assert!(
                    out.contains(&format!("{}  {}", item.id, item.text)),
                    "{}",
                    item.id
                );
            }
        }
    }
    let out = stdout_of(dsw(dir.path()).args(["forms", "show", "ict-plan"]));
    assert!(out.contains("十三、衡量服務績效 [13]"));
    assert!(out.contains("  13.0.1  訂定哪些數位服務績效衡量指標?目標值?"));
}

#[test]
fn forms_show_unknown_id_suggests_the_closest() {
    let dir = temp();
    dsw(dir.path())
        .args(["forms", "show", "servise"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("`servise`").and(predicate::str::contains("`service`")));
    dsw(dir.path())
        .args(["--lang", "en", "forms", "show", "ict_plan"])
        .assert()
        .code(2)
        .stderr("dsw: there is no form with id `ict_plan`. Did you mean `ict-plan`?\navailable forms: service, ict-plan (`dsw forms` lists them)\n");
}

#[test]
fn guideline_7_prints_principle_explanation_and_three_layers_of_notes() {
    let dir = temp();
    let out = stdout_of(dsw(dir.path()).args(["guideline", "7"]));
    assert!(out.starts_with("七、兼顧資安、隱私及便利性\n"));
    assert!(out.contains("在服務生命週期各階段，對資料的蒐集、處理及利用時，宜兼顧保護資訊安全、個人隱私及服務便利性。"));
    assert!(out.contains("為維持資訊安全、保護個人隱私及兼顧服務便利性"));
    assert!(out.contains("相關配套措施層面：服務、資安、法規"));
    for layer in ["服務", "資安", "法規"] {
        assert!(
            out.contains(&format!(
                "「兼顧資安、隱私及便利性」在{layer}層面的注意事項"
            )),
            "{layer}"
        );
    }
    // Notes keep the footnoted standards and their addresses.
    assert!(out.contains("[8] Implementing the Cloud Security Principles <https://www.ncsc.gov.uk/guidance/implementing-cloud-security-principles>"));
    assert!(out.contains(
        "  1. 為方便民眾使用政府數位服務，如果存取範圍不涉及機敏或個人資料，不應進行登入程序。"
    ));
    // The numeral works too, and gives the same text.
    assert_eq!(stdout_of(dsw(dir.path()).args(["guideline", "七"])), out);
}

#[test]
fn guideline_out_of_range_is_bad_input() {
    let dir = temp();
    for id in ["0", "14", "x"] {
        dsw(dir.path())
            .args(["guideline", id])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("1–13"));
    }
}

#[test]
fn bundled_files_validate_clean() {
    let dir = temp();
    let files: Vec<String> = ["guidelines", "brics", "service", "ict-plan"]
        .iter()
        .map(|name| format!("{}/checklists/{name}.toml", env!("CARGO_MANIFEST_DIR")))
        .collect();
    let out = stdout_of(dsw(dir.path()).arg("validate").args(&files));
    assert_eq!(out.lines().count(), 4);
    assert!(out.lines().all(|l| l.contains(": 正確 (")), "{out}");
}

#[test]
fn a_syntax_error_names_its_line_and_exits_2() {
    let dir = temp();
    let path = fixture("form-syntax-error.toml");
    dsw(dir.path())
        .args(["--lang", "en", "validate", &path])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "error: invalid basic string, expected `\"`\n  --> {path}:10:21\n   |\n10 | text = \"描述使用者(含數位弱勢)\n   |                               ^\n\ndsw: some files are not valid.\n"
        ));
}

#[test]
fn an_unknown_key_is_named_and_exits_2() {
    let dir = temp();
    let path = fixture("form-unknown-key.toml");
    dsw(dir.path())
        .args(["validate", &path])
        .assert()
        .code(2)
        .stderr(format!(
            "錯誤: 無法解讀：不認得的欄位 `colour`；可用的欄位：`id`、`text`、`example_status`、`question`\n  --> {path}:11:1\n   |\n11 | colour = \"red\"\n   | ^^^^^^\n\ndsw：有檔案未通過檢查。\n"
        ));
}

#[test]
fn every_problem_of_a_form_is_reported_with_its_place() {
    let dir = temp();
    let path = fixture("form-bad-ids.toml");
    let assert = dsw(dir.path())
        .args(["--lang", "en", "validate", &path])
        .assert()
        .code(2);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let expected = [
        ("form id `Bad Form` is not well-formed", ":1:6"),
        ("item id `1.2` does not match its position", ":9:6"),
        ("`text` must not be empty", ":14:8"),
        ("unknown guideline `14`", ":17:6"),
        (
            "duplicate question id `1.2.1` (first used on line 13)",
            ":24:6",
        ),
    ];
    for (message, place) in expected {
        assert!(
            err.contains(&format!("error: {message}")),
            "{message}\n{err}"
        );
        assert!(err.contains(&format!("{path}{place}")), "{place}\n{err}");
    }
    assert!(err.contains("help: expected `1.1` here"));
    assert_eq!(err.matches("error: ").count(), expected.len(), "{err}");
}

#[test]
fn guidelines_and_brics_files_are_checked_too() {
    let dir = temp();
    let path = fixture("guidelines-bad.toml");
    let assert = dsw(dir.path())
        .args(["--lang", "en", "validate", &path])
        .assert()
        .code(2);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(err.contains("error: unknown layer `desgin`"), "{err}");
    assert!(err.contains("help: did you mean `design`?"), "{err}");
    assert!(
        err.contains("error: note id `2` does not match its position"),
        "{err}"
    );
    assert!(
        err.contains(
            "error: table 2 of the guidelines does not relate guideline 1 to layer `design`"
        ),
        "{err}"
    );
    assert_eq!(err.matches("error: ").count(), 3, "{err}");

    let path = fixture("brics-bad.toml");
    let assert = dsw(dir.path())
        .args(["--lang", "en", "validate", &path])
        .assert()
        .code(2);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("error: dimension id `cost` does not match its position"),
        "{err}"
    );
    assert!(err.contains("help: expected `risk` here"), "{err}");
    assert!(
        err.contains("BRiCS needs exactly 3 [[dimension]] tables, this file has 2"),
        "{err}"
    );
}

#[test]
fn files_that_are_not_checklists_get_a_clear_message() {
    let dir = temp();
    let unknown = fixture("unknown-kind.toml");
    dsw(dir.path())
        .args(["--lang", "en", "validate", &unknown])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot tell what kind of file this is",
        ));

    let binary = dir.path().join("latin1.toml");
    std::fs::write(&binary, b"id = \"caf\xe9\"\n").unwrap();
    dsw(dir.path())
        .args(["--lang", "en", "validate", binary.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("the file is not UTF-8")
                .and(predicate::str::contains("latin1.toml:1:10")),
        );

    dsw(dir.path())
        .args(["validate", "missing.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("無法讀取 missing.toml"));
}

#[test]
fn validate_reports_each_file_and_fails_if_any_is_invalid() {
    let dir = temp();
    let good = format!("{}/checklists/service.toml", env!("CARGO_MANIFEST_DIR"));
    let bad = fixture("form-unknown-key.toml");
    dsw(dir.path())
        .args(["validate", &good, &bad])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "service.toml: 正確 (表單 service)",
        ))
        .stderr(predicate::str::contains("colour"));
}

const LOCAL_FORM: &str = r#"id = "agency-extra"
title = "本機關補充自評表"
edition = "2"

[[field]]
id = "service"
label = "服務名稱"

[[guideline]]
id = "7"

[[guideline.item]]
id = "7.1"
text = "完成個資盤點"

[[guideline.item.question]]
id = "7.1.1"
text = "個資盤點多久更新一次？"
"#;

#[test]
fn forms_in_the_repository_and_config_directories_are_listed() {
    let dir = temp();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join(".dsw/forms/nested")).unwrap();
    std::fs::write(repo.join(".dsw/forms/extra.toml"), LOCAL_FORM).unwrap();
    let config_forms = dir.path().join(".config-home/dsw/forms");
    std::fs::create_dir_all(&config_forms).unwrap();
    let mine = LOCAL_FORM
        .replace("agency-extra", "my-form")
        .replace("本機關補充自評表", "我的表單");
    std::fs::write(config_forms.join("mine.toml"), mine).unwrap();

    // Found from a subdirectory of the repository, as git would.
    let sub = repo.join("docs");
    std::fs::create_dir_all(&sub).unwrap();
    let out = stdout_of(dsw(dir.path()).current_dir(&sub).arg("forms"));
    let line = out
        .lines()
        .find(|l| l.starts_with("agency-extra "))
        .expect(&out);
    assert!(
        line.contains("本機關補充自評表") && line.contains(".dsw/forms/extra.toml"),
        "{line}"
    );
    assert!(
        line.split_whitespace().collect::<Vec<_>>()[2..6] == ["2", "1", "1", "1"],
        "{line}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("my-form ") && l.contains("mine.toml")),
        "{out}"
    );

    let shown = stdout_of(dsw(dir.path()).args([
        "-C",
        repo.to_str().unwrap(),
        "forms",
        "show",
        "agency-extra",
    ]));
    assert!(shown.contains("七、兼顧資安、隱私及便利性 [7]"));
    assert!(shown.contains("    7.1.1  個資盤點多久更新一次？"));
}

#[test]
fn a_broken_local_form_is_reported_and_the_rest_still_listed() {
    let dir = temp();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join(".dsw/forms")).unwrap();
    std::fs::write(
        dir.path().join(".dsw/forms/broken.toml"),
        "id = \"x\"\ntitle = 3\n",
    )
    .unwrap();
    dsw(dir.path())
        .args(["--lang", "en", "forms"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("service ").and(predicate::str::contains("ict-plan ")))
        .stderr(
            predicate::str::contains("broken.toml:2:9")
                .and(predicate::str::contains("invalid type")),
        );
}

#[test]
fn a_local_form_replaces_the_bundled_one_with_its_id() {
    let dir = temp();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join(".dsw/forms")).unwrap();
    let form = LOCAL_FORM
        .replace("agency-extra", "service")
        .replace("本機關補充自評表", "新版服務自評表");
    std::fs::write(dir.path().join(".dsw/forms/service.toml"), form).unwrap();
    let out = stdout_of(dsw(dir.path()).arg("forms"));
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("service ")).collect();
    assert_eq!(rows.len(), 1, "{out}");
    assert!(rows[0].contains("新版服務自評表"));
}

#[test]
fn control_characters_in_a_local_form_never_reach_the_terminal() {
    let dir = temp();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join(".dsw/forms")).unwrap();
    let form = LOCAL_FORM.replace("本機關補充自評表", "惡意\\u001b[2J標題\\u202e反向");
    std::fs::write(dir.path().join(".dsw/forms/evil.toml"), form).unwrap();
    for args in [vec!["forms"], vec!["forms", "show", "agency-extra"]] {
        let out = stdout_of(dsw(dir.path()).args(&args));
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{202e}'),
            "{out:?}"
        );
        assert!(out.contains("惡意␛[2J標題<U+202E>反向"), "{out}");
    }
}

#[test]
fn help_is_chinese_by_default_and_english_on_request() {
    let dir = temp();
    let zh = stdout_of(dsw(dir.path()).arg("--help"));
    assert!(
        zh.contains("用法：") && zh.contains("列出可用的表單"),
        "{zh}"
    );
    let en = stdout_of(dsw(dir.path()).args(["--lang", "en", "--help"]));
    assert!(
        en.contains("Usage:") && en.contains("List the available forms"),
        "{en}"
    );
    let sub = stdout_of(dsw(dir.path()).args(["validate", "--help"]));
    assert!(sub.contains("要檢查的檔案"), "{sub}");
    let env = stdout_of(
        dsw(dir.path())
            .env("DSW_LANG", "en")
            .args(["guideline", "--help"]),
    );
    assert!(env.contains("Guideline number"), "{env}");
    dsw(dir.path()).arg("frobnicate").assert().code(2);
}

#[test]
fn completions_and_man_page_are_generated() {
    let dir = temp();
    let bash = stdout_of(dsw(dir.path()).args(["completions", "bash"]));
    assert!(
        bash.contains("_dsw()") && bash.contains("guideline"),
        "{bash}"
    );
    let man = stdout_of(dsw(dir.path()).arg("man"));
    assert!(man.contains(".TH dsw") && man.contains("validate"), "{man}");
    // Every subcommand in the page itself, no references to pages that do not
    // exist, exit status and environment, and a NAME line without the name twice.
    assert!(
        !man.contains("dsw\\-init(1)") && !man.contains("dsw-init(1)"),
        "{man}"
    );
    for section in [
        ".SS \"dsw init",
        ".SS \"dsw doctor",
        "結束碼",
        "環境變數",
        "DSW_USER",
        "config.toml",
        "keys.toml",
    ] {
        assert!(man.contains(section), "{section} missing:\n{man}");
    }
    assert!(!man.contains("dsw \\- dsw"), "{man}");
    let english = stdout_of(dsw(dir.path()).args(["--lang", "en", "man"]));
    assert!(
        english.contains("EXIT STATUS")
            && english.contains("ENVIRONMENT")
            && english.contains("FILES"),
        "{english}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("dsw"))
        .args(["forms", "show", "service"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before dsw writes anything (like `| head -0`), so its
    // first write meets a closed pipe.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The workbench's config directory inside `dir`'s config home, made.
fn config_dir(dir: &Path) -> std::path::PathBuf {
    let config = dir.join(".config-home").join("dsw");
    std::fs::create_dir_all(&config).unwrap();
    config
}

#[test]
fn a_keys_file_giving_quits_key_to_commit_is_refused_with_its_line_and_exits_2() {
    let dir = temp();
    std::fs::write(
        config_dir(dir.path()).join("keys.toml"),
        "[keys]\ncommit = [\"q\"]\n",
    )
    .unwrap();
    // Checked before anything else, terminal or not.
    let output = dsw(dir.path()).args(["--lang", "en"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("keys.toml:2:11")
            && stderr.contains("`q` is already bound to `quit` in the global context"),
        "{stderr}"
    );
    // The same binding in config.toml's [keys], in Chinese.
    std::fs::remove_file(config_dir(dir.path()).join("keys.toml")).unwrap();
    std::fs::write(
        config_dir(dir.path()).join("config.toml"),
        "mouse = true\n[keys]\ncommit = [\"ctrl-s\", \"q\"]\n",
    )
    .unwrap();
    let output = dsw(dir.path()).arg("open").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("config.toml:3:21") && stderr.contains("已用於 `quit`"),
        "{stderr}"
    );
}

#[test]
fn a_broken_theme_file_exits_2_with_line_and_column() {
    let dir = temp();
    std::fs::write(
        dir.path().join("mine.toml"),
        "# only what changes\n[colors]\naccent = \"blurple\"\n",
    )
    .unwrap();
    dsw(dir.path())
        .args(["--lang", "en", "--theme", "mine.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mine.toml:3:10"))
        .stderr(predicate::str::contains("`blurple` is not a colour"));
    // Named in config.toml, the file is found beside it.
    std::fs::write(
        config_dir(dir.path()).join("config.toml"),
        "theme = \"mine.toml\"\n",
    )
    .unwrap();
    std::fs::write(
        config_dir(dir.path()).join("mine.toml"),
        "[colors]\nacent = \"red\"\n",
    )
    .unwrap();
    dsw(dir.path())
        .args(["--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mine.toml:2:1"))
        .stderr(predicate::str::contains("unknown field `acent`"));
}

#[test]
fn an_unknown_theme_lists_the_themes_and_exits_2() {
    let dir = temp();
    dsw(dir.path())
        .args(["--lang", "en", "--theme", "bogus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no theme or theme file named `bogus`",
        ))
        .stderr(predicate::str::contains(
            "the bundled themes are default, light, high-contrast, mono",
        ));
    // Refused before the sample is built.
    dsw(dir.path())
        .args(["demo", "--theme", "hight-contrast"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("是不是 `high-contrast`？"))
        .stderr(predicate::str::contains(
            "default、light、high-contrast、mono",
        ));
}

#[test]
fn an_error_to_a_standard_error_nobody_reads_is_not_a_panic() {
    // `dsw status 2>&1 | head -0`: the reader is gone before dsw says anything.
    let dir = tempfile::tempdir().unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin!("dsw"))
        .arg("status")
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(writer)
        .status()
        .unwrap();
    // Not a repository: exit 2, as when someone reads the message; never 101.
    assert_eq!(status.code(), Some(2), "{status:?}");
}
