//! A team working on one repository, the way the acceptance list describes it:
//! drafts, commits that merge, conflicts resolved, iterations, diffs, and plain git.

mod common;

use common::{Sandbox, needs_git, run};
use predicates::prelude::*;

#[test]
fn a_team_session_end_to_end() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    assert!(s.repo().join("ict-plan.assessment.toml").exists());
    assert_eq!(s.git(&["status", "--porcelain"]), "", "clean after init");

    // Two people answer different questions in their own drafts.
    s.dsw("alice")
        .args(["answer", "1.1.1", "以人事人員為主，並擴及全體公務人員。"])
        .assert()
        .success();
    s.dsw("bob")
        .args([
            "answer",
            "1.1.2",
            "人事業務流程繁瑣。\n跨機關資料共用可再提升。",
        ])
        .assert()
        .success();
    s.dsw("alice")
        .args(["mark", "1.1", "done"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["commit", "-m", "第一題"])
        .assert()
        .success();
    assert_eq!(
        s.git(&["status", "--porcelain"]),
        "",
        "clean after alice's commit"
    );
    // Bob's base is behind now; his commit merges alice's revision.
    s.dsw("bob")
        .args(["commit", "-m", "第二題"])
        .assert()
        .success()
        .stdout(predicate::str::contains("已提交").and(predicate::str::contains("合併")));
    assert_eq!(
        s.git(&["status", "--porcelain"]),
        "",
        "clean after bob's commit"
    );
    let show = run(s.dsw("carol").args(["show"]));
    assert!(
        show.1.contains("以人事人員為主") && show.1.contains("跨機關資料共用可再提升"),
        "{}",
        show.1
    );
    assert!(
        show.1
            .contains("1.1 已從使用者觀點描述服務情境與再造策略 [已完成]"),
        "{}",
        show.1
    );
    s.dsw("alice")
        .args(["tag", "第一次送審", "-m", "第一次送審版本"])
        .assert()
        .success();

    // The same question, changed differently by both: the second is told, with both texts.
    s.dsw("alice")
        .args(["answer", "1.1.3", "甲方案：先做無紙化。"])
        .assert()
        .success();
    s.dsw("bob")
        .args(["answer", "1.1.3", "乙方案：先做資料共用。"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["commit", "-m", "策略甲"])
        .assert()
        .success();
    let draft_path = s
        .repo()
        .join(".git/dsw/drafts/bob/ict-plan.assessment.toml");
    let draft_before = std::fs::read(&draft_path).unwrap();
    let (code, _, err) = run(s.dsw("bob").args(["commit", "-m", "策略乙"]));
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("1.1.3")
            && err.contains("甲方案：先做無紙化。")
            && err.contains("乙方案：先做資料共用。"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&draft_path).unwrap(),
        draft_before,
        "the draft is kept as it was"
    );
    // Bob settles it by writing both, and the commit goes through.
    s.dsw("bob")
        .args(["resolve", "1.1.3", "--text", "先做無紙化，再做資料共用。"])
        .assert()
        .success();
    s.dsw("bob")
        .args(["commit", "-m", "策略合併"])
        .assert()
        .success();
    let show = run(s.dsw("carol").args(["show"]));
    assert!(show.1.contains("先做無紙化，再做資料共用。"), "{}", show.1);
    s.dsw("bob").args(["tag", "第二次送審"]).assert().success();

    // Iterations diff question by question.
    let (code, diff, err) = run(s.dsw("carol").args(["diff", "第一次送審", "第二次送審"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        diff.contains("1.1.3") && diff.contains("先做無紙化，再做資料共用。"),
        "{diff}"
    );
    assert!(
        !diff.contains("1.1.1 "),
        "unchanged questions are not listed: {diff}"
    );
    let (_, json, _) =
        run(s
            .dsw("carol")
            .args(["diff", "第一次送審", "第二次送審", "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["changes"].as_array().unwrap().len(), 1, "{json}");

    // The log, as JSON: every revision, authors, tags.
    let (code, log, err) = run(s.dsw("carol").args(["log", "--json"]));
    assert_eq!(code, 0, "{err}");
    let log: serde_json::Value = serde_json::from_str(&log).unwrap();
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 5, "init + 4 commits");
    assert_eq!(log[0]["message"], "策略合併");
    assert_eq!(log[0]["author"], "bob");
    assert_eq!(log[0]["tags"], serde_json::json!(["第二次送審"]));
    assert!(
        log.iter()
            .any(|r| r["tags"] == serde_json::json!(["第一次送審"]))
    );

    // Plain git sees an ordinary, clean repository.
    assert_eq!(s.git(&["rev-list", "--count", "HEAD"]).trim(), "5");
    let fsck = s.git_in(&s.repo(), &["fsck", "--strict"]);
    assert!(
        fsck.status.success(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );
    assert!(
        s.git(&["show", "HEAD", "--stat"])
            .contains("ict-plan.assessment.toml")
    );
    assert_eq!(s.git(&["status", "--porcelain"]), "");
}

#[cfg(unix)]
#[test]
fn drafts_are_private_to_their_owner() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    s.init("service");
    s.dsw("alice")
        .args(["answer", "7.1.1", "姓名、電話"])
        .assert()
        .success();
    let dir = s.repo().join(".git/dsw/drafts/alice");
    let file = dir.join("service.assessment.toml");
    assert_eq!(
        std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn untrusted_text_never_reaches_stdout_raw() {
    let s = Sandbox::new();
    s.init("service");
    let evil = "正常\u{1b}[2J\u{1b}]0;pwned\u{7}文字\u{202e}反轉\u{2066}";
    s.dsw("mallory")
        .args(["answer", "1.1.1", evil])
        .assert()
        .success();
    s.dsw("mallory")
        .args(["meta", "plan", evil])
        .assert()
        .success();
    s.dsw("mallory")
        .env("DSW_AUTHOR", "Mal\u{1b}[31mlory <m@x>")
        .args(["commit", "-m", evil])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Mal␛[31mlory"));
    s.dsw("mallory")
        .env("DSW_AUTHOR", "Mallory <m@x>")
        .args(["commit", "-m", evil])
        .assert()
        .success();
    s.dsw("mallory")
        .args(["answer", "1.1.2", evil])
        .assert()
        .success();
    for args in [
        vec!["show"],
        vec!["log"],
        vec!["status"],
        vec!["diff"],
        vec!["diff", "--format", "md"],
        vec!["diff", "HEAD~1", "HEAD"],
        vec!["tags"],
    ] {
        let (code, out, err) = run(s.dsw("mallory").args(&args));
        assert_eq!(code, 0, "{args:?}: {err}");
        for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{2066}'] {
            assert!(!out.contains(bad), "{args:?} printed {bad:?}: {out:?}");
            assert!(
                !err.contains(bad),
                "{args:?} printed {bad:?} to stderr: {err:?}"
            );
        }
    }
    let (_, out, _) = run(s.dsw("mallory").args(["show"]));
    assert!(out.contains("正常␛[2J"), "{out}");
    assert!(out.contains("<U+202E>"), "{out}");
    // JSON escapes them as JSON does.
    let (_, json, _) = run(s.dsw("mallory").args(["log", "--json"]));
    assert!(
        !json.contains('\u{1b}') && json.contains("\\u001b"),
        "{json}"
    );
}

#[test]
fn outside_a_repository_the_message_says_to_run_init() {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.repo()).unwrap();
    for args in [
        vec!["status"],
        vec!["answer", "1.1.1", "x"],
        vec!["log"],
        vec!["commit", "-m", "x"],
    ] {
        s.dsw("alice")
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("dsw init"));
    }
}

#[test]
fn unknown_ids_are_bad_input_with_the_closest_id() {
    let s = Sandbox::new();
    s.init("service");
    s.dsw("alice")
        .args(["answer", "7.3.9", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`7.3.9`").and(predicate::str::contains("`7.3.")));
    s.dsw("alice")
        .args(["mark", "7.9", "done"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`7."));
    s.dsw("alice")
        .args(["mark", "7.1", "finished"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("todo"));
    s.dsw("alice")
        .args(["meta", "plann", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`plan`"));
    s.dsw("alice")
        .args(["brics", "set", "表", "民眾", "kind", "usr"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`user`"));
    s.dsw("alice")
        .args(["show", "no-such-rev"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("dsw log"));
    s.dsw("alice")
        .args(["resolve", "1.1.1", "--mine"])
        .assert()
        .code(2);
    // Nothing above created a draft.
    assert!(
        !s.repo()
            .join(".git/dsw/drafts/alice/service.assessment.toml")
            .exists()
    );
}

#[test]
fn init_refuses_to_overwrite_and_names_several_assessments() {
    let s = Sandbox::new();
    s.init("service");
    s.dsw_in(s.dir.path(), "alice")
        .args(["init", "repo", "--form", "service"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--name"));
    s.dsw("alice")
        .args(["init", "--form", "ict-plan", "--title", "OOOO 計畫"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["status"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--assessment"));
    let (code, out, err) = run(s.dsw("alice").args(["--assessment", "ict-plan", "show"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("計畫名稱：OOOO 計畫"), "{out}");
    s.dsw("alice")
        .args(["init", "--form", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("dsw forms"));
}

#[test]
fn brics_tables_are_built_from_the_command_line() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let set = |stakeholder: &str, field: &str, value: &str| {
        s.dsw("alice")
            .args(["brics", "set", "資料申請小幫手", stakeholder, field, value])
            .assert()
            .success();
    };
    set("資料申請者", "kind", "user");
    set("資料申請者", "benefit", "了解其他申請者的經驗");
    set("資料申請者", "risk", "申請被駁回");
    set("主管機關", "kind", "authority");
    set("主管機關", "cost", "統整准駁原因的人力");
    s.dsw("alice")
        .args(["commit", "-m", "BRiCS"])
        .assert()
        .success();
    let (_, out, _) = run(s.dsw("alice").args(["show"]));
    assert!(out.contains("BRiCS：資料申請小幫手"), "{out}");
    assert!(out.contains("資料申請者 （服務受益／使用者）"), "{out}");
    assert!(out.contains("效益／價值：了解其他申請者的經驗"), "{out}");
    s.dsw("alice")
        .args(["brics", "remove", "資料申請小幫手", "主管機關"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["commit", "-m", "remove"])
        .assert()
        .success();
    let (_, out, _) = run(s.dsw("alice").args(["show"]));
    assert!(!out.contains("主管機關"), "{out}");
}

#[test]
fn a_hand_edited_file_is_left_alone_and_can_be_committed() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("service");
    let path = s.repo().join("service.assessment.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n[question.\"1.1.1\"]\nanswer = \"\"\"\n手改的回答\"\"\"\n");
    std::fs::write(&path, &text).unwrap();
    s.dsw("bob")
        .args(["answer", "2.1.1", "另一題"])
        .assert()
        .success();
    s.dsw("bob")
        .args(["commit", "-m", "x"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--from-file"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "hand edits are not overwritten"
    );
    s.dsw("alice")
        .args(["commit", "--from-file", "-m", "採用手改"])
        .assert()
        .success();
    let (_, out, _) = run(s.dsw("carol").args(["show"]));
    assert!(
        out.contains("手改的回答") && out.contains("另一題"),
        "{out}"
    );
    assert_eq!(s.git(&["status", "--porcelain"]), "");
}

#[test]
fn conflict_markers_and_broken_files_get_a_clear_message() {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.repo()).unwrap();
    let marked = s.repo().join("x.assessment.toml");
    std::fs::write(
        &marked,
        "form = \"service\"\n<<<<<<< HEAD\n[question.\"1.1.1\"]\n=======\n>>>>>>> other\n",
    )
    .unwrap();
    s.dsw("alice")
        .args(["--lang", "en", "validate", marked.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("conflict markers")
                .and(predicate::str::contains(":2:1"))
                .and(predicate::str::contains("dsw git-setup")),
        );
    let truncated = s.repo().join("t.assessment.toml");
    std::fs::write(
        &truncated,
        "form = \"service\"\n[question.\"1.1.1\"]\nanswer = \"\"\"\nhalf an answ",
    )
    .unwrap();
    s.dsw("alice")
        .args(["validate", truncated.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("t.assessment.toml:4:"));
    let unknown = s.repo().join("u.assessment.toml");
    std::fs::write(&unknown, "form = \"servic\"\n").unwrap();
    s.dsw("alice")
        .args(["validate", unknown.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`service`"));
    let good = s.repo().join("g.assessment.toml");
    std::fs::write(&good, "form = \"service\"\nedition = \"1\"\n\n[question.\"9.9.9\"]\nanswer = \"\"\"\n舊題目\"\"\"\n").unwrap();
    s.dsw("alice")
        .args(["validate", good.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("9.9.9"));
}

#[test]
fn a_held_ref_lock_fails_after_about_a_second_and_keeps_the_draft() {
    let s = Sandbox::new();
    s.init("service");
    s.dsw("alice")
        .args(["answer", "1.1.1", "保留我"])
        .assert()
        .success();
    let draft = s
        .repo()
        .join(".git/dsw/drafts/alice/service.assessment.toml");
    let before = std::fs::read(&draft).unwrap();
    std::fs::write(s.repo().join(".git/refs/heads/main.lock"), "").unwrap();
    let started = std::time::Instant::now();
    let (code, _, err) = run(s.dsw("alice").args(["commit", "-m", "x"]));
    let took = started.elapsed();
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("main") && err.contains("草稿完整保留"),
        "{err}"
    );
    assert!(
        took >= std::time::Duration::from_millis(900),
        "gave up too early: {took:?}"
    );
    assert_eq!(std::fs::read(&draft).unwrap(), before);
    std::fs::remove_file(s.repo().join(".git/refs/heads/main.lock")).unwrap();
    s.dsw("alice")
        .args(["commit", "-m", "x"])
        .assert()
        .success();
}

#[test]
fn discard_and_status_report_the_draft() {
    let s = Sandbox::new();
    s.init("service");
    s.dsw("alice")
        .args(["answer", "1.1.1", "甲"])
        .assert()
        .success();
    s.dsw("bob")
        .args(["answer", "1.1.2", "乙"])
        .assert()
        .success();
    s.dsw("bob")
        .args(["commit", "-m", "bob"])
        .assert()
        .success();
    let (code, out, err) = run(s.dsw("alice").args(["status"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("你的草稿") && out.contains("1 題新增回答"),
        "{out}"
    );
    assert!(out.contains("他人在你之後提交了 1 個版本（bob）"), "{out}");
    assert!(out.contains("一、了解使用者需求"), "{out}");
    s.dsw("alice")
        .args(["discard"])
        .assert()
        .success()
        .stdout(predicate::str::contains("已丟棄"));
    let (_, out, _) = run(s.dsw("alice").args(["status"]));
    assert!(out.contains("沒有草稿變更"), "{out}");
}

#[test]
fn a_staged_hand_edit_is_not_overwritten() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("service");
    let path = s.repo().join("service.assessment.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n[question.\"5.1.1\"]\nanswer = \"\"\"\nHAND EDIT\"\"\"\n");
    std::fs::write(&path, &text).unwrap();
    s.git(&["add", "service.assessment.toml"]);
    // Someone else commits, and someone runs status: the staged edit stays.
    s.dsw("bob")
        .args(["answer", "1.1.1", "bob"])
        .assert()
        .success();
    s.dsw("bob")
        .args(["commit", "-m", "bob"])
        .assert()
        .success();
    s.dsw("carol").args(["status"]).assert().success();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // Taking it keeps both the hand edit and bob's answer.
    s.dsw("alice")
        .args(["commit", "--from-file", "-m", "hand"])
        .assert()
        .success();
    let (_, out, _) = run(s.dsw("carol").args(["show"]));
    assert!(
        out.contains("HAND EDIT") && out.contains("    bob"),
        "{out}"
    );
    assert_eq!(s.git(&["status", "--porcelain"]), "");
}

#[test]
fn nothing_is_committed_while_a_git_merge_is_unfinished() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("service");
    std::fs::write(
        s.repo().join(".git/MERGE_HEAD"),
        s.git(&["rev-parse", "HEAD"]),
    )
    .unwrap();
    for args in [
        vec!["answer", "1.1.1", "x"],
        vec!["commit", "--from-file", "-m", "x"],
    ] {
        s.dsw("alice")
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("git merge --abort"));
    }
}

#[test]
fn one_users_parallel_edits_all_reach_the_draft() {
    let s = Sandbox::new();
    s.init("service");
    let exe = assert_cmd::cargo::cargo_bin("dsw");
    let ids = [
        "1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2", "2.1.1", "2.1.2", "2.2.1",
    ];
    let children: Vec<_> = ids
        .iter()
        .map(|id| {
            std::process::Command::new(&exe)
                .args(["answer", id, &format!("答 {id}")])
                .current_dir(s.repo())
                .env("HOME", s.home())
                .env("DSW_USER", "alice")
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let (_, diff, _) = run(s.dsw("alice").args(["diff", "--stat"]));
    assert!(
        diff.contains(&format!("{} 題新增回答", ids.len())),
        "{diff}"
    );
}

#[test]
fn what_people_typed_is_never_echoed_raw_in_errors() {
    let s = Sandbox::new();
    s.init("service");
    for args in [
        vec!["answer", "1.1\u{1b}[2J", "x"],
        vec!["mark", "1.1", "do\u{1b}ne"],
        vec!["show", "re\u{202e}v"],
        vec!["--assessment", "x\u{1b}y", "status"],
    ] {
        let (code, out, err) = run(s.dsw("alice").args(&args));
        assert_eq!(code, 2, "{args:?}");
        assert!(
            !out.contains('\u{1b}') && !err.contains('\u{1b}') && !err.contains('\u{202e}'),
            "{args:?}: {err:?}"
        );
    }
}

#[test]
fn two_tables_with_one_title_are_named_by_id() {
    let s = Sandbox::new();
    s.init("service");
    // Two people create a table with the same title at the same moment.
    s.dsw("alice")
        .args(["brics", "set", "服務A", "民眾", "benefit", "甲"])
        .assert()
        .success();
    s.dsw("bob")
        .args(["brics", "set", "服務A", "民眾", "benefit", "乙"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["commit", "-m", "a"])
        .assert()
        .success();
    s.dsw("bob").args(["commit", "-m", "b"]).assert().success();
    let (code, _, err) = run(s
        .dsw("carol")
        .args(["brics", "set", "服務A", "民眾", "risk", "x"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("服務A") && err.contains("代碼"), "{err}");
    let (_, json, _) = run(s.dsw("carol").args(["show", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let id = value["brics"][0]["id"].as_str().unwrap().to_owned();
    s.dsw("carol")
        .args(["brics", "set", &id, "民眾", "risk", "x"])
        .assert()
        .success();
}

/// Different draft names never share a draft, and without USER or LOGNAME (cron,
/// `env -i`) the draft is the account's, not a shared "user".
#[test]
fn distinct_user_names_never_share_a_draft() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let names = ["a b", "a/b", "a:b", "a_b", ".", "..", ""];
    for (n, name) in names.iter().enumerate() {
        let (code, _, err) = run(s
            .dsw("ignored")
            .env_remove("DSW_USER")
            .env_remove("USER")
            .env_remove("LOGNAME")
            .args(["--user", name, "answer", "1.1.1", &format!("答案 {n}")]));
        assert_eq!(code, 0, "{name:?}: {err}");
    }
    for (n, name) in names.iter().enumerate() {
        let (code, diff, err) = run(s
            .dsw("ignored")
            .env_remove("DSW_USER")
            .env_remove("USER")
            .env_remove("LOGNAME")
            .args(["--user", name, "diff"]));
        assert_eq!(code, 0, "{err}");
        assert!(diff.contains(&format!("答案 {n}")), "{name:?} sees {diff}");
    }
    // The blank name is the account's own draft (its login), never "user".
    let drafts = s.repo().join(".git/dsw/drafts");
    let login = nix::unistd::User::from_uid(nix::unistd::geteuid())
        .unwrap()
        .unwrap()
        .name;
    assert!(drafts.join(&login).is_dir(), "{login}");
    assert!(!drafts.join("user").exists());
    let (code, _, err) = run(s.dsw("x").args(["--user", "bad\u{7}bell", "status"]));
    assert_eq!(code, 2);
    assert!(err.contains("不能使用"), "{err}");
}

/// A working-tree file dsw wrote (or could not finish writing) is never taken for a
/// hand edit: after a commit that met a held `index.lock`, the next command brings
/// it up to date and `git status` is clean (issue 9, item 2).
#[test]
fn a_sync_cut_short_by_index_lock_is_caught_up_not_called_a_hand_edit() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    s.dsw("alice")
        .args(["answer", "1.1.1", "b"])
        .assert()
        .success();
    let lock = s.repo().join(".git/index.lock");
    std::fs::write(&lock, "").unwrap();
    s.dsw("alice")
        .args(["commit", "-m", "2"])
        .assert()
        .success();
    std::fs::remove_file(&lock).unwrap();
    s.dsw("alice")
        .args(["answer", "1.1.2", "c"])
        .assert()
        .success();
    let (code, out, err) = run(s.dsw("alice").args(["commit", "-m", "3"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        !out.contains("直接編輯") && !err.contains("直接編輯"),
        "{out}{err}"
    );
    assert_eq!(s.git(&["status", "--porcelain"]), "");
}

/// After a dsw commit the index entry is never older than the branch head, so a
/// plain `git commit` after a hand edit cannot revert a dsw revision (issue 9,
/// item 10).
#[test]
fn a_plain_git_commit_after_a_hand_edit_loses_no_dsw_revision() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    s.dsw("alice")
        .args(["answer", "1.1.1", "原來的"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["commit", "-m", "1"])
        .assert()
        .success();
    let file = s.repo().join("ict-plan.assessment.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("原來的", "手改的")).unwrap();
    s.dsw("alice")
        .args(["answer", "12.2.1", "新的回答"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["commit", "-m", "2"])
        .assert()
        .success();
    // Nothing staged: the index already holds the head's content.
    assert_eq!(s.git(&["diff", "--cached", "--name-only"]), "");
    let _ = s.git_in(&s.repo(), &["commit", "-q", "-m", "plain"]);
    let head = s.git(&["show", "HEAD:ict-plan.assessment.toml"]);
    assert!(head.contains("新的回答"), "{head}");
    // The hand edit is still there to take or drop.
    assert!(std::fs::read_to_string(&file).unwrap().contains("手改的"));
}

/// Debris of a dsw killed mid-commit: a branch lock it left is recognised as stale and
/// cleared; a live git's lock is not; temporaries stay out of `git status` and are
/// removed by the next write (issue 9, item 5).
#[test]
fn a_branch_lock_left_by_a_killed_dsw_is_cleared_and_temporaries_stay_hidden() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    let git_dir = s.repo().join(".git");
    let lock = git_dir.join("refs/heads/main.lock");
    // A lock with no dsw record (a git process, as far as dsw can tell): refused, and
    // the message names the file.
    std::fs::write(&lock, "").unwrap();
    s.dsw("alice")
        .args(["answer", "1.1.1", "一"])
        .assert()
        .success();
    let (code, _, err) = run(s.dsw("alice").args(["commit", "-m", "一"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("main.lock"), "{err}");
    // The same lock, recorded by a dsw process that no longer exists: cleared.
    let records = git_dir.join("dsw/ref-locks");
    std::fs::create_dir_all(&records).unwrap();
    std::fs::write(records.join("4194305"), "4194305").unwrap();
    std::fs::write(&lock, "").unwrap();
    let (code, _, err) = run(s.dsw("alice").args(["commit", "-m", "一"]));
    assert_eq!(code, 0, "{err}");
    assert!(!lock.exists());
    // A temporary a killed write left beside the working-tree file.
    let stale = s.repo().join(".ict-plan.assessment.toml.4194305.tmp");
    std::fs::write(&stale, "half").unwrap();
    assert_eq!(s.git(&["status", "--porcelain"]), "");
    s.dsw("alice")
        .args(["answer", "1.1.2", "二"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["commit", "-m", "二"])
        .assert()
        .success();
    assert!(!stale.exists());
}

/// One rule for what is made visible, in every output: zero-width characters, DEL,
/// C1 controls and bidi overrides never reach the terminal raw, JSON included
/// (issue 9, item 7).
#[test]
fn hostile_characters_never_reach_the_terminal_raw() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    let hostile = "a\u{7f}b\u{9b}c\u{202e}d\u{200b}e\u{feff}f\u{1b}[31mg";
    let raw = |text: &str| {
        text.chars().any(|c| {
            c == '\u{1b}'
                || c == '\u{7f}'
                || ('\u{80}'..='\u{9f}').contains(&c)
                || c == '\u{202e}'
                || c == '\u{200b}'
                || c == '\u{feff}'
        })
    };
    s.dsw("alice")
        .args(["answer", "1.1.1", hostile])
        .assert()
        .success();
    s.dsw("alice")
        .args(["commit", "-m", hostile])
        .assert()
        .success();
    for args in [
        vec!["tag", "zw\u{200b}tag"],
        vec!["tags"],
        vec!["log"],
        vec!["log", "--json"],
        vec!["show"],
        vec!["show", "--json"],
        vec!["diff", "HEAD~1", "HEAD", "--format", "json"],
        vec!["export", "--format", "json"],
        vec!["export", "--format", "md"],
        vec!["export", "--format", "csv"],
        vec!["status"],
    ] {
        let (_, out, err) = run(s.dsw("alice").args(&args));
        assert!(!raw(&out) && !raw(&err), "{args:?}:\n{out}\n{err}");
    }
    let (_, json, _) = run(s.dsw("alice").args(["log", "--json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value[0]["message"], hostile, "JSON reads back verbatim");
}

/// Messages that say what happened and the one thing to do next (issue 9, item 8).
#[test]
fn messages_name_what_happened_and_what_to_do() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    // An existing iteration, and a name git does not allow.
    s.dsw("alice")
        .args(["tag", "第一次送審"])
        .assert()
        .success();
    let (code, _, err) = run(s.dsw("alice").args(["tag", "第一次送審"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("已經存在") && err.contains("dsw tags"),
        "{err}"
    );
    let (code, _, err) = run(s.dsw("alice").args(["tag", "a b"]));
    assert_eq!(code, 2);
    assert!(err.contains("不能當送審標記名稱"), "{err}");
    // A name that is not a file name: refused before anything is made.
    let (code, _, err) = run(s
        .dsw_in(s.dir.path(), "alice")
        .args(["init", "fresh", "--name", "../x", "--form", "ict-plan"]));
    assert_eq!(code, 2);
    assert!(err.contains("不能當評估名稱"), "{err}");
    assert!(!s.dir.path().join("fresh").exists());
    // A file that parses but lacks its final line break: validate and
    // commit --from-file say the same thing, with the way out.
    let file = s.repo().join("ict-plan.assessment.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.trim_end_matches('\n')).unwrap();
    let (code, _, validate) = run(s.dsw("alice").args(["validate", file.to_str().unwrap()]));
    assert_eq!(code, 2);
    let (code, _, commit) = run(s.dsw("alice").args(["commit", "--from-file", "-m", "x"]));
    assert_eq!(code, 2);
    for err in [&validate, &commit] {
        assert!(err.contains("沒有換行") && err.contains("echo >>"), "{err}");
    }
    std::fs::write(&file, &text).unwrap();
    // A rebase stopped on a conflict: "rebase unfinished", not "HEAD detached".
    s.git(&["switch", "-q", "-c", "side"]);
    s.dsw("alice")
        .args(["answer", "1.1.1", "side"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["commit", "-m", "side"])
        .assert()
        .success();
    s.git(&["switch", "-q", "main"]);
    s.dsw("bob")
        .args(["answer", "1.1.1", "main"])
        .assert()
        .success();
    s.dsw("bob")
        .args(["commit", "-m", "main"])
        .assert()
        .success();
    s.git(&["switch", "-q", "side"]);
    let rebase = s.git_in(&s.repo(), &["rebase", "main"]);
    assert!(!rebase.status.success());
    let (code, _, err) = run(s.dsw("alice").args(["status"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("rebase") && err.contains("--continue"),
        "{err}"
    );
    assert!(!err.contains("git switch"), "{err}");
}

/// Conflicts are printed with the names `dsw resolve` accepts, offer only the
/// choices that apply, and hints point to a command that shows the draft (issue 9,
/// item 13).
#[test]
fn conflict_hints_use_names_and_only_the_choices_that_apply() {
    let s = Sandbox::new();
    s.init("ict-plan");
    s.dsw("alice")
        .args(["brics", "set", "小幫手", "申請者", "risk", "起點"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["commit", "-m", "表"])
        .assert()
        .success();
    for (user, risk, status) in [("alice", "甲說", "done"), ("bob", "乙說", "na")] {
        s.dsw(user)
            .args(["brics", "set", "小幫手", "申請者", "risk", risk])
            .assert()
            .success();
        s.dsw(user).args(["mark", "1.1", status]).assert().success();
    }
    s.dsw("alice")
        .args(["commit", "-m", "甲"])
        .assert()
        .success();
    let (code, _, err) = run(s.dsw("bob").args(["commit", "-m", "乙"]));
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("dsw resolve brics/小幫手/申請者/risk --mine | --theirs | --text"),
        "{err}"
    );
    assert!(err.contains("dsw resolve 1.1 --mine | --theirs\n"), "{err}");
    s.dsw("bob")
        .args(["resolve", "brics/小幫手/申請者/risk", "--theirs"])
        .assert()
        .success();
    s.dsw("bob")
        .args(["resolve", "1.1", "--mine"])
        .assert()
        .success();
    s.dsw("bob").args(["commit", "-m", "乙"]).assert().success();
    let (_, shown, _) = run(s.dsw("bob").args(["show"]));
    assert!(shown.contains("甲說"), "{shown}");
    // The hint for a missing evidence link points to the draft.
    let (code, _, err) = run(s.dsw("bob").args(["evidence", "1.1", "remove", "3"]));
    assert_eq!(code, 2);
    assert!(err.contains("dsw show --draft"), "{err}");
    s.dsw("bob")
        .args(["evidence", "1.1", "add", "報告", "docs/r.pdf"])
        .assert()
        .success();
    let (_, draft, _) = run(s.dsw("bob").args(["show", "--draft"]));
    assert!(
        draft.contains("docs/r.pdf") && draft.contains("草稿"),
        "{draft}"
    );
    let (_, head, _) = run(s.dsw("bob").args(["show"]));
    assert!(!head.contains("docs/r.pdf"), "{head}");
}

/// In the Chinese interface, no English sentence in the errors of a corpus of wrong
/// commands (command names, ids and paths in backquotes aside) (issue 9, item 11).
#[test]
fn errors_in_the_chinese_interface_are_chinese() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let english = |text: &str| {
        // Drop what is quoted (commands, ids, paths): only the sentence counts.
        let mut plain = String::new();
        let mut quoted = false;
        for c in text.chars() {
            if c == '`' {
                quoted = !quoted;
            } else if !quoted {
                plain.push(c);
            }
        }
        plain
            .split(|c: char| !c.is_ascii_alphabetic() && c != ' ')
            .any(|run| run.split_whitespace().filter(|w| w.len() >= 2).count() >= 3)
    };
    // The check catches English where there is some.
    let (_, _, err) = run(s
        .dsw("alice")
        .args(["--lang", "en", "answer", "9.9.9", "x"]));
    assert!(english(&err), "{err}");
    for args in common::FAILING_COMMANDS {
        let (code, _, err) = run(s.dsw("alice").args(*args));
        assert_ne!(code, 0, "{args:?} should fail");
        assert!(!err.trim().is_empty(), "{args:?} says nothing");
        assert!(!english(&err), "{args:?} answers in English:\n{err}");
    }
    // A broken config.toml or theme file, found as the workbench starts.
    let config = s.home().join(".config/dsw");
    std::fs::create_dir_all(&config).unwrap();
    for broken in [
        "[keys]\ncommit = [\"ctrl-foo\"]\n",
        "mouse = \"yes\"\n",
        "[keys\n",
        "lang = 3\n",
        "theme = \"mine.toml\"\n",
    ] {
        std::fs::write(config.join("config.toml"), broken).unwrap();
        std::fs::write(config.join("mine.toml"), "[colors]\ntext = \"blurple\"\n").unwrap();
        let (code, _, err) = run(&mut s.dsw("alice"));
        assert_eq!(code, 2, "{broken}: {err}");
        assert!(!english(&err), "{broken} answers in English:\n{err}");
    }
}
