//! After `dsw git-setup`, plain git merges assessments question by question and
//! `git diff` shows questions, not raw TOML.

mod common;

use common::{Sandbox, needs_git, run};

#[test]
fn git_pull_of_concurrent_edits_in_two_clones_merges_semantically() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("service");
    let root = s.dir.path();
    // A shared bare repository, and two clones of it.
    let bare = root.join("shared.git");
    assert!(
        s.git_in(
            root,
            &[
                "clone",
                "--bare",
                "-q",
                s.repo().to_str().unwrap(),
                bare.to_str().unwrap()
            ]
        )
        .status
        .success()
    );
    let (a, b) = (root.join("a"), root.join("b"));
    for clone in [&a, &b] {
        assert!(
            s.git_in(
                root,
                &[
                    "clone",
                    "-q",
                    bare.to_str().unwrap(),
                    clone.to_str().unwrap()
                ]
            )
            .status
            .success()
        );
        s.dsw_in(clone, "setup")
            .args(["git-setup"])
            .assert()
            .success();
    }
    // Each clone answers a different question, in adjacent lines of the file, and
    // both change the same header field to the same value.
    s.dsw_in(&a, "alice")
        .args(["answer", "1.1.1", "A 的回答"])
        .assert()
        .success();
    s.dsw_in(&a, "alice")
        .args(["answer", "1.1.2", "A 的第二題"])
        .assert()
        .success();
    s.dsw_in(&a, "alice")
        .args(["commit", "-m", "A"])
        .assert()
        .success();
    s.dsw_in(&b, "bob")
        .args(["answer", "1.1.3", "B 的回答"])
        .assert()
        .success();
    s.dsw_in(&b, "bob")
        .args(["answer", "1.2.1", "B 的第二題"])
        .assert()
        .success();
    s.dsw_in(&b, "bob")
        .args(["commit", "-m", "B"])
        .assert()
        .success();
    assert!(s.git_in(&a, &["push", "-q"]).status.success());
    let pull = s.git_in(&b, &["pull", "--no-rebase", "-q", "--no-edit"]);
    assert!(
        pull.status.success(),
        "{}",
        String::from_utf8_lossy(&pull.stderr)
    );
    let (_, out, err) = run(s.dsw_in(&b, "bob").args(["show"]));
    for text in ["A 的回答", "A 的第二題", "B 的回答", "B 的第二題"] {
        assert!(out.contains(text), "{text} missing: {out}{err}");
    }
    let text = std::fs::read_to_string(b.join("service.assessment.toml")).unwrap();
    assert!(!text.contains("<<<<<<<"), "{text}");

    // The same question changed differently: git reports a conflict, and the file
    // marks just that question.
    s.dsw_in(&a, "alice")
        .args(["answer", "2.1.1", "A 說"])
        .assert()
        .success();
    s.dsw_in(&a, "alice")
        .args(["commit", "-m", "A2"])
        .assert()
        .success();
    assert!(
        s.git_in(&a, &["pull", "--no-rebase", "-q", "--no-edit"])
            .status
            .success()
    );
    s.dsw_in(&b, "bob")
        .args(["answer", "2.1.1", "B 說"])
        .assert()
        .success();
    s.dsw_in(&b, "bob")
        .args(["commit", "-m", "B2"])
        .assert()
        .success();
    assert!(s.git_in(&a, &["push", "-q"]).status.success());
    let pull = s.git_in(&b, &["pull", "--no-rebase", "--no-edit"]);
    assert!(!pull.status.success());
    let conflicted = std::fs::read_to_string(b.join("service.assessment.toml")).unwrap();
    assert_eq!(conflicted.matches("<<<<<<<").count(), 1, "{conflicted}");
    assert!(conflicted.contains("A 說") && conflicted.contains("B 說"));
    s.dsw_in(&b, "bob")
        .args(["validate", "service.assessment.toml"])
        .assert()
        .code(2);

    // The way out that dsw prints works: every message in this state names
    // `dsw resolve`, which settles the field in the file and stages it; then git's
    // own `merge --continue` finishes.
    let printed = String::from_utf8_lossy(&pull.stderr).into_owned();
    assert!(printed.contains("dsw resolve 2.1.1"), "{printed}");
    let (code, out, err) = run(s.dsw_in(&b, "bob").args(["status"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("dsw resolve") && out.contains("2.1.1"),
        "{out}"
    );
    let (code, _, err) = run(s.dsw_in(&b, "bob").args(["answer", "3.1.1", "x"]));
    assert_eq!(code, 2);
    assert!(err.contains("dsw resolve"), "{err}");
    let (code, out, err) = run(s.dsw_in(&b, "bob").args(["resolve", "2.1.1", "--theirs"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("git merge --continue"), "{out}");
    let finish = s.git_in(&b, &["-c", "core.editor=true", "merge", "--continue"]);
    assert!(
        finish.status.success(),
        "{}",
        String::from_utf8_lossy(&finish.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&s.git_in(&b, &["status", "--porcelain"]).stdout),
        ""
    );
    let (_, out, _) = run(s.dsw_in(&b, "bob").args(["show"]));
    for text in ["A 說", "A 的回答", "A 的第二題", "B 的回答", "B 的第二題"] {
        assert!(out.contains(text), "{text} missing: {out}");
    }
    assert!(!out.contains("B 說"), "{out}");
    // And dsw works on from there.
    s.dsw_in(&b, "bob")
        .args(["answer", "3.1.1", "合併之後"])
        .assert()
        .success();
    s.dsw_in(&b, "bob")
        .args(["commit", "-m", "after"])
        .assert()
        .success();
}

#[test]
fn git_diff_shows_questions_not_toml() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("service");
    s.dsw("alice").args(["git-setup"]).assert().success();
    s.dsw("alice")
        .args(["answer", "7.1.1", "姓名與電話"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["commit", "-m", "x"])
        .assert()
        .success();
    let diff = s.git(&["log", "-p", "-1", "--format="]);
    assert!(diff.contains("+    姓名與電話"), "{diff}");
    assert!(diff.contains("7.1.1 服務蒐集哪些個人資料？"), "{diff}");
    assert!(!diff.contains("[question."), "{diff}");
}

/// A cherry-pick copies dsw's trailer onto another parent: `dsw log` must describe
/// the commit as it is, not as the trailer says it was.
#[test]
fn dsw_log_counts_a_cherry_picked_revision_against_its_new_parent() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("ict-plan");
    s.dsw("alice").args(["git-setup"]).assert().success();
    s.git(&["add", ".gitattributes"]);
    s.git(&["switch", "-q", "-c", "feature"]);
    for (q, a) in [("1.1.1", "共同的回答"), ("1.1.2", "只在分支上")] {
        s.dsw("alice").args(["answer", q, a]).assert().success();
    }
    s.dsw("alice")
        .args(["commit", "-m", "兩題"])
        .assert()
        .success();
    let picked = s.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let (_, log, _) = run(s.dsw("alice").args(["log", "-n", "1"]));
    assert!(log.contains("2 題新增回答"), "{log}");
    s.git(&["switch", "-q", "main"]);
    s.dsw("bob")
        .args(["answer", "1.1.1", "共同的回答"])
        .assert()
        .success();
    s.dsw("bob")
        .args(["commit", "-m", "一題"])
        .assert()
        .success();
    s.git(&["cherry-pick", &picked]);
    let (code, log, err) = run(s.dsw("bob").args(["log", "-n", "1"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        log.contains("1 題新增回答") && !log.contains("2 題新增回答"),
        "{log}"
    );
    let (_, json, _) = run(s.dsw("bob").args(["log", "-n", "1", "--json"]));
    assert!(json.contains("\"answers_added\":1"), "{json}");
}

/// A review action by `by` in the repository at `dir`, through the library.
fn review(dir: &std::path::Path, by: &str, action: dsw::review::Action) {
    let store = dsw::store::Store::open(dir).unwrap();
    let name = store.select(None).unwrap();
    let author = dsw::store::Author {
        name: by.into(),
        email: format!("{by}@example.org"),
    };
    store.act_on_review(&name, &action, "", &author).unwrap();
}

fn add_comment(id: &str, text: &str) -> dsw::review::Action {
    dsw::review::Action::Add {
        id: id.into(),
        target: dsw::review::Target::Question("1.1.1".into()),
        iteration: String::new(),
        reviewer: String::new(),
        text: text.into(),
    }
}

#[test]
fn git_pull_merges_review_comments_and_replies_from_two_clones_without_conflict() {
    if !needs_git() {
        return;
    }
    let s = Sandbox::new();
    s.init("service");
    review(&s.repo(), "王委員", add_comment("c1", "請補充"));
    let root = s.dir.path();
    let bare = root.join("shared.git");
    let path = |p: &std::path::Path| p.to_str().unwrap().to_owned();
    assert!(
        s.git_in(
            root,
            &["clone", "--bare", "-q", &path(&s.repo()), &path(&bare)]
        )
        .status
        .success()
    );
    let (a, b) = (root.join("a"), root.join("b"));
    for clone in [&a, &b] {
        assert!(
            s.git_in(root, &["clone", "-q", &path(&bare), &path(clone)])
                .status
                .success()
        );
        s.dsw_in(clone, "setup")
            .args(["git-setup"])
            .assert()
            .success();
    }
    // Each clone adds a comment (both numbered 2 there) and replies to comment 1.
    review(&a, "王委員", add_comment("ca", "A 的意見"));
    review(&b, "李委員", add_comment("cb", "B 的意見"));
    let reply = |text: &str| dsw::review::Action::Reply {
        id: "c1".into(),
        text: text.into(),
        seen: None,
    };
    review(&a, "alice", reply("A 的回覆"));
    review(&b, "bob", reply("B 的回覆"));
    assert!(s.git_in(&a, &["push", "-q"]).status.success());
    let pull = s.git_in(&b, &["pull", "--no-rebase", "-q", "--no-edit"]);
    assert!(
        pull.status.success(),
        "{}",
        String::from_utf8_lossy(&pull.stderr)
    );
    let text = std::fs::read_to_string(b.join("service.review.toml")).unwrap();
    assert!(!text.contains("<<<<<<<"), "{text}");
    let merged = dsw::review::read("merged", &text).unwrap();
    let numbers: Vec<u32> = merged.comments.iter().map(|c| c.number).collect();
    assert_eq!(numbers, [1, 2, 3], "{text}");
    for words in ["請補充", "A 的意見", "B 的意見", "A 的回覆", "B 的回覆"] {
        assert!(text.contains(words), "{words} missing: {text}");
    }
    assert_eq!(merged.comments[0].other_replies.len(), 1, "{text}");
    let status = s.git_in(&b, &["status", "--porcelain"]);
    assert!(
        status.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
}
