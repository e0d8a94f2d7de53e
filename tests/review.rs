//! The review loop on the command line, as a team and a reviewer go through it:
//! comments imported from a reviewers' spreadsheet, replies, revisions, verdicts,
//! stale acceptances; bad spreadsheets and hand-broken review files; several people
//! commenting and replying at the same moment; hostile text (issue 12).

mod common;

use std::io::Write;
use std::process::Stdio;

use common::{REVIEWER, Sandbox, needs_git, review_scenario, review_verdicts, run};

/// `dsw review list --json` (or with more arguments) as parsed JSON.
fn listed(s: &Sandbox, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["review", "list", "--json"];
    all.extend_from_slice(args);
    let out = s.ok("alice", &all);
    serde_json::from_str::<serde_json::Value>(&out)
        .unwrap_or_else(|e| panic!("{e}: {out}"))
        .as_array()
        .unwrap()
        .clone()
}

/// `dsw review show N --json` as parsed JSON.
fn shown(s: &Sandbox, number: u32) -> serde_json::Value {
    let out = s.ok("alice", &["review", "show", &number.to_string(), "--json"]);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// The line of `dsw review list` output for comment `number`.
fn line_of(list: &str, number: u32) -> String {
    let tag = format!("#{number} ");
    list.lines()
        .find(|l| l.starts_with(&tag))
        .unwrap_or_else(|| panic!("no #{number} in:\n{list}"))
        .to_owned()
}

/// How many revisions the branch has.
fn revisions(s: &Sandbox) -> usize {
    if !needs_git() {
        return 0;
    }
    s.git(&["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .unwrap()
}

fn assert_clean_repository(s: &Sandbox) {
    if !needs_git() {
        return;
    }
    let fsck = s.git_in(&s.repo(), &["fsck", "--strict"]);
    assert!(
        fsck.status.success(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );
    assert_eq!(s.git(&["status", "--porcelain"]), "");
}

#[test]
fn the_review_loop_from_the_first_submission_to_the_verdicts() {
    let s = Sandbox::new();
    let n = review_scenario(&s);
    // Five comments of the first submission, each with its reviewer and a reply.
    let all = listed(&s, &[]);
    assert_eq!(all.len(), 5, "{all:#?}");
    let targets: Vec<&str> = all.iter().map(|c| c["target"].as_str().unwrap()).collect();
    assert_eq!(targets[0], "1.1.1");
    assert_eq!(targets[1], "1.2");
    assert_eq!(targets[2], "meta/plan");
    assert!(
        targets[3].starts_with("brics/") && targets[3].ends_with("/benefit"),
        "{targets:?}"
    );
    assert_eq!(targets[4], "general");
    for comment in &all {
        assert_eq!(comment["iteration"], "第一次送審");
        assert_eq!(comment["state"], "replied");
        assert_eq!(comment["reply"]["by"], "alice");
        assert!(comment["other_replies"].as_array().unwrap().is_empty());
    }
    // The row's reviewer wins over --by; --by fills the row that names none.
    assert_eq!(all[0]["reviewer"], "王委員");
    assert_eq!(all[2]["reviewer"], "陳委員");
    assert_eq!(all[4]["reviewer"], "數位發展部");
    assert_eq!(all[0]["text"], "請補充使用者類型，\n特別是數位弱勢者。");
    assert_eq!(
        all[3]["target_text"],
        "BRiCS 申辦流程 / 承辦人 / 效益／價值"
    );
    assert_eq!(all[4]["target_text"], "整體");

    review_verdicts(&s, n);
    // Only the reopened comment is open.
    let open = listed(&s, &["--open"]);
    assert_eq!(open.len(), 1, "{open:#?}");
    assert_eq!(open[0]["number"], n.brics);
    assert_eq!(open[0]["standing"], "reopened");
    let history = open[0]["history"].as_array().unwrap();
    let last = history.last().unwrap();
    assert_eq!(last["state"], "reopened");
    assert_eq!(last["by"], "王委員");
    assert_eq!(last["note"], "請以數字說明效益。");
    let list = s.ok("alice", &["review", "list", "--open"]);
    assert!(line_of(&list, n.brics).contains("再修正"), "{list}");
    // The BRiCS cell as typed, by the table's and the stakeholder's names.
    assert!(
        line_of(&list, n.brics).contains("brics/申辦流程/承辦人/benefit"),
        "{list}"
    );
    assert_eq!(
        list.lines().filter(|l| l.starts_with('#')).count(),
        1,
        "{list}"
    );
    assert!(
        list.contains("共 5 則：待回覆 0 · 再修正 1 · 已回覆 0 · 已變更 0 · 同意 4"),
        "{list}"
    );

    let status = s.ok("alice", &["status"]);
    assert!(
        status.contains("審查意見：待回覆 0 · 再修正 1 · 已回覆 0 · 已變更 0 · 同意 4"),
        "{status}"
    );
    let status: serde_json::Value =
        serde_json::from_str(&s.ok("alice", &["status", "--json"])).unwrap();
    assert_eq!(status["review"]["reopened"], 1, "{status}");
    assert_eq!(status["review"]["accepted"], 4, "{status}");

    // The accepted answer changes: the comment on it shows as changed since accepted.
    s.ok("alice", &["answer", "1.1.1", "全體民眾。"]);
    s.ok("alice", &["commit", "-m", "再改寫 1.1.1"]);
    let list = s.ok("alice", &["review", "list"]);
    assert!(line_of(&list, n.question).contains("已變更"), "{list}");
    assert!(line_of(&list, n.meta).contains("同意"), "{list}");
    // A changed acceptance is not an open comment.
    assert_eq!(listed(&s, &["--open"]).len(), 1);
    let english = s.ok("alice", &["--lang", "en", "review", "list"]);
    assert!(
        line_of(&english, n.question).contains("changed since accepted"),
        "{english}"
    );
    // Accepting again settles it.
    run(s.dsw("wang").env("DSW_AUTHOR", REVIEWER).args([
        "review",
        "accept",
        &n.question.to_string(),
    ]));
    assert_eq!(shown(&s, n.question)["standing"], "accepted");

    // Filters: by iteration and by target as a person types it.
    assert_eq!(listed(&s, &["--iteration", "第一次送審"]).len(), 5);
    assert_eq!(listed(&s, &["--iteration", "第二次送審"]).len(), 0);
    let on_cell = listed(&s, &["--target", "brics/申辦流程/承辦人/效益"]);
    assert_eq!(on_cell.len(), 1);
    assert_eq!(on_cell[0]["number"], n.brics);
    assert_eq!(listed(&s, &["--target", "整體"])[0]["number"], n.general);

    // `show` has it all: the target in words, the text, the reply, the history.
    let text = s.ok("alice", &["review", "show", &n.brics.to_string()]);
    for part in [
        "審查意見 4 · 再修正",
        "BRiCS 申辦流程 / 承辦人 / 效益／價值",
        "第一次送審",
        "陳委員",
        "效益請量化。",
        "效益已另案評估。",
        "請以數字說明效益。",
        "經過",
    ] {
        assert!(text.contains(part), "{part} missing:\n{text}");
    }
    let json = shown(&s, n.item);
    assert_eq!(json["number"], n.item);
    assert_eq!(json["reply"]["text"], "已補列使用者研究的規劃。");
    assert!(json["target_text"].as_str().unwrap().starts_with("1.2 "));
    // The team replies again to the reopened one; it is open no more.
    s.ok(
        "alice",
        &["review", "reply", "4", "效益：每件申辦節省 15 分鐘。"],
    );
    assert!(listed(&s, &["--open"]).is_empty());
    assert_clean_repository(&s);
}

#[test]
fn every_review_action_is_a_revision_by_its_author() {
    let s = Sandbox::new();
    s.init("ict-plan");
    s.ok("alice", &["tag", "review-1"]);
    let before = revisions(&s);
    let out = s.ok(
        "alice",
        &["review", "add", "1.1.1", "請補充。", "--by", "王委員"],
    );
    assert!(
        out.starts_with("已新增審查意見 1（1.1.1，review-1） → "),
        "{out}"
    );
    // No iteration given: the latest tag.
    s.ok("alice", &["tag", "review-2"]);
    s.ok("alice", &["review", "add", "general", "整體意見"]);
    let all = listed(&s, &[]);
    assert_eq!(all[0]["iteration"], "review-1");
    assert_eq!(all[0]["reviewer"], "王委員");
    assert_eq!(all[1]["iteration"], "review-2");
    // Without --by, the reviewer is the author.
    assert_eq!(all[1]["reviewer"], "alice");
    let out = s.ok("alice", &["review", "reply", "#1", "已補充。"]);
    assert!(out.starts_with("已回覆審查意見 1 → "), "{out}");
    let (code, out, err) = run(s.dsw("bob").args([
        "review",
        "accept",
        "1",
        "--author",
        "林組長 <lin@example.gov.tw>",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("已同意審查意見 1 → "), "{out}");
    if needs_git() {
        assert_eq!(revisions(&s), before + 4);
        let authors = s.git(&["log", "-4", "--format=%an|%s"]);
        assert!(
            authors.starts_with("林組長|已同意審查意見 1\n"),
            "{authors}"
        );
        assert!(authors.contains("alice|已回覆審查意見 1\n"), "{authors}");
    }
    // Accepting again changes nothing and makes no revision.
    let (code, out, _) = run(s.dsw("bob").args([
        "review",
        "accept",
        "1",
        "--author",
        "林組長 <lin@example.gov.tw>",
    ]));
    assert_eq!(code, 0);
    assert!(out.contains("已是如此"), "{out}");
    if needs_git() {
        assert_eq!(revisions(&s), before + 4);
    }
    // The id works as well as the number, and text comes from standard input too.
    let id = listed(&s, &[])[1]["id"].as_str().unwrap().to_owned();
    s.dsw("alice")
        .args(["review", "reply", &id, "-"])
        .write_stdin("第一行\n第二行\n")
        .assert()
        .success();
    assert_eq!(shown(&s, 2)["reply"]["text"], "第一行\n第二行");
    s.dsw("alice")
        .args(["review", "add", "1.1"])
        .write_stdin("從標準輸入\n")
        .assert()
        .success();
    assert_eq!(shown(&s, 3)["text"], "從標準輸入");
    assert_clean_repository(&s);
}

#[test]
fn wrong_numbers_targets_iterations_and_texts_exit_2_naming_the_closest() {
    let s = Sandbox::new();
    s.init("ict-plan");
    // Before any tag: the comment records no iteration, and says so.
    let out = s.ok("alice", &["review", "add", "1.1.1", "請補充。"]);
    assert!(out.contains("還沒有送審標記"), "{out}");
    assert_eq!(shown(&s, 1)["iteration"], "");
    // Importing needs an iteration tag.
    std::fs::write(s.repo().join("r.csv"), "題號,意見\n1.1,x\n").unwrap();
    let (code, _, err) = run(s.dsw("alice").args(["review", "import", "r.csv"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("dsw tag 第一次送審"), "{err}");
    s.ok("alice", &["tag", "第一次送審"]);
    let before = revisions(&s);
    let cases: &[(&[&str], &str)] = &[
        (&["review", "add", "1.1.9", "x"], "最接近的是「1.1.1」"),
        (
            &["review", "add", "meta/plann", "x"],
            "最接近的是「meta/plan」",
        ),
        (&["review", "add", "1.1.1", ""], "內容是空的"),
        (&["review", "add", "1.1.1", "  \n"], "內容是空的"),
        (
            &["review", "add", "1.1.1", "x", "--iteration", "第一送審"],
            "最接近的是「第一次送審」",
        ),
        (
            &["review", "import", "r.csv", "--iteration", "第1次送審"],
            "最接近的是「第一次送審」",
        ),
        (&["review", "show", "3"], "最接近的是 1"),
        (&["review", "reply", "7", "x"], "沒有審查意見 7"),
        (&["review", "reply", "1", ""], "內容是空的"),
        (&["review", "accept", "1"], "尚未回覆"),
        (&["review", "reopen", "9", "x"], "沒有審查意見 9"),
        (
            &["review", "list", "--iteration", "第一次"],
            "現有的送審標記：第一次送審",
        ),
        (
            &["review", "list", "--target", "1.1.9"],
            "最接近的是「1.1.1」",
        ),
        (&["review", "import", "missing.csv"], "無法讀取 missing.csv"),
    ];
    for (args, expected) in cases {
        let (code, out, err) = run(s.dsw("alice").args(*args));
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
    }
    // A BRiCS table only in the person's draft: commit it first.
    s.ok("alice", &["brics", "set", "Pilot", "Clerk", "benefit", "x"]);
    let (code, _, err) =
        run(s
            .dsw("alice")
            .args(["review", "add", "brics/Pilot/Clerk/benefit", "x"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("只在你的草稿中") && err.contains("dsw commit"),
        "{err}"
    );
    // Nothing was committed by any of them.
    assert_eq!(revisions(&s), before);
    // The same in English.
    let (code, _, err) = run(s
        .dsw("alice")
        .args(["--lang", "en", "review", "add", "1.1.9", "x"]));
    assert_eq!(code, 2);
    assert!(err.contains("the closest is \"1.1.1\""), "{err}");
    let (code, _, err) = run(s.dsw("alice").args(["--lang", "en", "review", "show", "3"]));
    assert_eq!(code, 2);
    assert!(err.contains("there is no comment 3"), "{err}");
}

#[test]
fn a_spreadsheet_with_one_bad_row_adds_nothing() {
    let s = Sandbox::new();
    s.init("ict-plan");
    s.ok("alice", &["tag", "第一次送審"]);
    let before = revisions(&s);
    let write = |name: &str, bytes: &[u8]| {
        let path = s.repo().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_owned()
    };
    // Row 4 (the header is line 1) names no question.
    let bad = write(
        "bad.csv",
        "\u{feff}題號,審查意見\n1.1.1,第一則\n1.1,第二則\n9.9.9,第三則\n2.1.1,第四則\n".as_bytes(),
    );
    let (code, out, err) = run(s.dsw("alice").args(["review", "import", &bad]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("bad.csv:4:"), "{err}");
    assert!(err.contains("9.9.9"), "{err}");
    assert!(err.contains("沒有新增任何審查意見"), "{err}");
    // No header naming the target column.
    let headless = write("headless.csv", "編號,審查意見\n1,x\n".as_bytes());
    let (code, _, err) = run(s.dsw("alice").args(["review", "import", &headless]));
    assert_eq!(code, 2);
    assert!(
        err.contains("headless.csv:1:") && err.contains("題號"),
        "{err}"
    );
    // Saved as Big5 ("題號,意見" in Big5).
    let big5 = write("big5.csv", b"\xc3\x44\xb8\xb9,\xb7\x4e\xa8\xa3\n1.1,x\n");
    let (code, _, err) = run(s.dsw("alice").args(["review", "import", &big5]));
    assert_eq!(code, 2);
    assert!(
        err.contains("不是 UTF-8") && err.contains("CSV UTF-8"),
        "{err}"
    );
    let (_, _, err) = run(s
        .dsw("alice")
        .args(["--lang", "en", "review", "import", &big5]));
    assert!(err.contains("is not UTF-8"), "{err}");
    // Nothing was added by any of them.
    assert!(listed(&s, &[]).is_empty());
    let list = s.ok("alice", &["review", "list"]);
    assert!(list.contains("還沒有審查意見"), "{list}");
    assert_eq!(revisions(&s), before);
    // The good rows alone import as one revision.
    let good = write(
        "good.csv",
        "target,comment,reviewer\n1.1.1,a,R1\n1.1,b,\n".as_bytes(),
    );
    let out = s.ok("alice", &["review", "import", &good, "--by", "R2"]);
    assert!(out.contains("已新增審查意見 1、2"), "{out}");
    assert_eq!(revisions(&s), before + 1);
    let all = listed(&s, &[]);
    assert_eq!(all[0]["reviewer"], "R1");
    assert_eq!(all[1]["reviewer"], "R2");
}

#[test]
fn a_review_file_broken_by_hand_is_reported_with_its_line_and_column() {
    let s = Sandbox::new();
    s.init("ict-plan");
    s.ok("alice", &["review", "add", "1.1.1", "第一則"]);
    s.ok("alice", &["review", "add", "1.1", "第二則"]);
    let file = s.repo().join("ict-plan.review.toml");
    let good = std::fs::read_to_string(&file).unwrap();
    let (code, out, err) = run(s.dsw("alice").args(["validate", "ict-plan.review.toml"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("正確") && out.contains("審查意見 2 則"),
        "{out}"
    );
    // The line the hand edit changed.
    let changed_line = |text: &str| {
        good.lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .map(|n| n + 1)
            .unwrap()
    };
    let broken = [
        (
            good.replacen("state = \"open\"", "state = \"opne\"", 1),
            "open",
        ),
        (good.replacen("number = 2", "number = 1", 1), "重複"),
        (good.replacen("reviewer = ", "reviewer = = ", 1), "無法解讀"),
        (
            good.replacen("target = \"1.1\"", "target = \"9.9\"", 1),
            "沒有審查對象 `9.9`",
        ),
    ];
    let edited = s.repo().join("edited.toml");
    for (text, expected) in broken {
        std::fs::write(&file, &text).unwrap();
        let line = changed_line(&text);
        let (code, _, err) = run(s.dsw("alice").args(["validate", "ict-plan.review.toml"]));
        assert_eq!(code, 2, "{text}\n{err}");
        assert!(
            err.contains(&format!("ict-plan.review.toml:{line}:")),
            "line {line} missing:\n{err}"
        );
        assert!(err.contains(expected), "{expected} missing:\n{err}");
        // Recognised by its content too, under another name; without the assessment
        // beside it, only its own checks are made.
        std::fs::write(&edited, &text).unwrap();
        let (code, out, err) = run(s.dsw("alice").args(["validate", "edited.toml"]));
        if expected.contains("審查對象") {
            assert_eq!(code, 0, "{err}");
            assert!(out.contains("審查意見 2 則"), "{out}");
        } else {
            assert_eq!(code, 2, "{err}");
            assert!(err.contains("edited.toml:"), "{err}");
        }
    }
    // In English as well.
    std::fs::write(
        &file,
        good.replacen("state = \"open\"", "state = \"opne\"", 1),
    )
    .unwrap();
    let (code, _, err) =
        run(s
            .dsw("alice")
            .args(["--lang", "en", "validate", "ict-plan.review.toml"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown state `opne`") && err.contains("did you mean `open`?"),
        "{err}"
    );
    // The review commands work from the branch: a hand edit in the working tree is
    // left alone, and said to be there.
    let hand = good.replacen("第二則", "第二則（手改）", 1);
    std::fs::write(&file, &hand).unwrap();
    let out = s.ok("alice", &["review", "reply", "2", "回覆"]);
    assert!(
        out.contains("被直接編輯過") && out.contains("git checkout --"),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), hand);
    assert_eq!(shown(&s, 2)["text"], "第二則");
    assert_eq!(shown(&s, 2)["reply"]["text"], "回覆");
    assert!(out.contains("dsw commit --from-file"), "{out}");
    // Taken in as the note says, after a teammate commented too: the hand edit
    // merges with both the reply and the new comment, none of them lost.
    s.ok("bob", &["review", "add", "general", "隊友的新意見"]);
    let out = s.ok("alice", &["commit", "--from-file", "-m", "手改審查意見"]);
    assert!(out.contains("已提交審查意見檔的手動修改"), "{out}");
    assert_eq!(shown(&s, 2)["text"], "第二則（手改）");
    assert_eq!(shown(&s, 2)["reply"]["text"], "回覆");
    let all = listed(&s, &[]);
    assert!(all.iter().any(|c| c["text"] == "隊友的新意見"), "{all:#?}");
    if needs_git() {
        // (The test's own scratch file aside.)
        let status = s.git(&["status", "--porcelain"]);
        assert!(!status.contains("review.toml"), "{status}");
    }
}

/// Starts `dsw ARGS` as `user` for each of `runs` at once and waits for all;
/// returns each one's (code, stdout, stderr).
fn at_once(s: &Sandbox, runs: &[(&str, Vec<String>)]) -> Vec<(i32, String, String)> {
    let children: Vec<_> = runs
        .iter()
        .map(|(user, args)| {
            s.dsw_process(user)
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().unwrap();
            (
                output.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&output.stdout).into_owned(),
                String::from_utf8_lossy(&output.stderr).into_owned(),
            )
        })
        .collect()
}

#[test]
fn comments_and_replies_made_at_the_same_moment_all_land() {
    let s = Sandbox::new();
    s.init("ict-plan");
    s.ok("alice", &["tag", "第一次送審"]);
    const ROUNDS: usize = 3;
    const PEOPLE: usize = 3;
    for round in 0..ROUNDS {
        let runs: Vec<(&str, Vec<String>)> = (0..PEOPLE)
            .map(|p| {
                let user = ["alice", "bob", "carol"][p];
                let args = ["review", "add", "1.1.1"]
                    .iter()
                    .map(|a| (*a).to_owned())
                    .chain([format!("round {round} by {user}")])
                    .collect();
                (user, args)
            })
            .collect();
        for (code, out, err) in at_once(&s, &runs) {
            assert_eq!(code, 0, "{out}{err}");
        }
    }
    let all = listed(&s, &[]);
    assert_eq!(all.len(), ROUNDS * PEOPLE);
    let mut numbers: Vec<u64> = all.iter().map(|c| c["number"].as_u64().unwrap()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers, (1..=(ROUNDS * PEOPLE) as u64).collect::<Vec<_>>());
    for round in 0..ROUNDS {
        for user in ["alice", "bob", "carol"] {
            let text = format!("round {round} by {user}");
            assert!(all.iter().any(|c| c["text"] == text), "{text} lost");
        }
    }
    // Replies to different comments at once.
    let runs: Vec<(&str, Vec<String>)> = (0..PEOPLE)
        .map(|p| {
            let user = ["alice", "bob", "carol"][p];
            let args = vec![
                "review".to_owned(),
                "reply".to_owned(),
                (p + 1).to_string(),
                format!("reply by {user}"),
            ];
            (user, args)
        })
        .collect();
    for (code, out, err) in at_once(&s, &runs) {
        assert_eq!(code, 0, "{out}{err}");
    }
    for (p, user) in ["alice", "bob", "carol"].iter().enumerate() {
        let comment = shown(&s, p as u32 + 1);
        assert_eq!(comment["reply"]["text"], format!("reply by {user}"));
        assert_eq!(comment["state"], "replied");
    }
    assert_clean_repository(&s);
}

#[test]
fn two_different_replies_to_one_comment_keep_both_and_the_second_is_told() {
    let s = Sandbox::new();
    s.init("ict-plan");
    s.ok("alice", &["tag", "第一次送審"]);
    // Both start from the comment without a reply, then write at the same moment:
    // each reads its text from standard input, given only once both have started.
    // (When one of them was too slow to start, it saw the other's reply: that round
    // proves nothing and another is tried.)
    let mut told = None;
    for round in 1..=5u32 {
        s.ok(
            "alice",
            &["review", "add", "1.1.1", &format!("comment {round}")],
        );
        let mut children: Vec<_> = ["alice", "bob"]
            .iter()
            .map(|user| {
                s.dsw_process(user)
                    .args(["review", "reply", &round.to_string(), "-"])
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        // Time for both to read the head; not an assertion, only a better chance.
        std::thread::sleep(std::time::Duration::from_millis(400));
        for (child, user) in children.iter_mut().zip(["alice", "bob"]) {
            let mut stdin = child.stdin.take().unwrap();
            stdin
                .write_all(format!("{user}'s reply {round}").as_bytes())
                .unwrap();
        }
        let results: Vec<_> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let codes: Vec<i32> = results.iter().map(|o| o.status.code().unwrap()).collect();
        let comment = shown(&s, round);
        let mut texts: Vec<String> = std::iter::once(&comment["reply"])
            .chain(comment["other_replies"].as_array().unwrap())
            .map(|r| r["text"].as_str().unwrap().to_owned())
            .collect();
        texts.sort();
        if codes.contains(&3) {
            // One of them is told, the other succeeded, and both texts are kept.
            assert!(codes.contains(&0), "{codes:?}");
            let loser = results.iter().find(|o| o.status.code() == Some(3)).unwrap();
            let err = String::from_utf8_lossy(&loser.stderr);
            assert!(
                err.contains(&format!("審查意見 {round} 剛由"))
                    && err.contains("兩個回覆都已保存")
                    && err.contains(&format!("dsw review reply {round}")),
                "{err}"
            );
            assert_eq!(
                texts,
                [
                    format!("alice's reply {round}"),
                    format!("bob's reply {round}")
                ]
            );
            told = Some(round);
            break;
        }
        // Too slow to race: the later one replaced a reply it had seen.
        assert_eq!(codes, [0, 0]);
        assert_eq!(texts.len(), 1);
    }
    let round = told.expect("no round had the two replies at the same moment");
    // Both are listed and shown as waiting to be made one.
    let list = s.ok("alice", &["review", "list"]);
    assert!(line_of(&list, round).contains("兩個回覆待整合"), "{list}");
    let text = s.ok("alice", &["review", "show", &round.to_string()]);
    assert!(text.contains("同時寫下的另一個回覆"), "{text}");
    // A settling reply makes them one.
    s.ok(
        "carol",
        &["review", "reply", &round.to_string(), "合併後的回覆"],
    );
    let comment = shown(&s, round);
    assert_eq!(comment["reply"]["text"], "合併後的回覆");
    assert!(comment["other_replies"].as_array().unwrap().is_empty());
    assert_clean_repository(&s);
}

#[test]
fn hostile_text_in_comments_is_shown_visibly() {
    let s = Sandbox::new();
    s.init("ict-plan");
    s.ok("alice", &["tag", "第一次送審"]);
    let hostile = "=cmd|' /C calc'!A0 \u{1b}[2J清除\u{202e}反向\u{7}";
    s.ok(
        "alice",
        &[
            "review",
            "add",
            "1.1.1",
            hostile,
            "--by",
            "惡意\u{1b}]0;x\u{7}委員",
        ],
    );
    s.ok(
        "alice",
        &["review", "reply", "1", "回覆\u{1b}[31m紅\u{2066}"],
    );
    for args in [
        vec!["review", "list"],
        vec!["review", "show", "1"],
        vec!["--lang", "en", "review", "show", "1"],
        vec!["review", "list", "--json"],
        vec!["review", "show", "1", "--json"],
    ] {
        let out = s.ok("alice", &args);
        assert!(
            !out.chars()
                .any(|c| dsw::safe_text::is_hazard(c) && c != '\n'),
            "{args:?}: {out:?}"
        );
        if !args.contains(&"--json") {
            assert!(out.contains("␛[2J清除<U+202E>反向"), "{args:?}: {out}");
            assert!(out.contains("惡意␛]0;x␇委員"), "{args:?}: {out}");
        }
    }
    let json = shown(&s, 1);
    assert_eq!(json["text"], hostile);
    assert_eq!(json["reviewer"], "惡意\u{1b}]0;x\u{7}委員");
    assert_eq!(json["reply"]["text"], "回覆\u{1b}[31m紅\u{2066}");
    let show = s.ok("alice", &["review", "show", "1"]);
    assert!(show.contains("回覆␛[31m紅<U+2066>"), "{show}");
    // An error quoting what was typed is made visible too.
    let (code, _, err) = run(s.dsw("alice").args(["review", "show", "\u{1b}[2J"]));
    assert_eq!(code, 2);
    assert!(!err.contains('\u{1b}') && err.contains("␛[2J"), "{err:?}");
}

#[test]
fn an_iteration_tagged_after_review_actions_belongs_to_the_assessment_revision_it_holds() {
    let s = Sandbox::new();
    s.init("ict-plan");
    s.ok("alice", &["answer", "1.1.1", "人事人員"]);
    s.ok("alice", &["commit", "-m", "第一版"]);
    s.ok("alice", &["tag", "第一次送審"]);
    s.ok("alice", &["review", "add", "1.1.1", "請補充。"]);
    s.ok("alice", &["answer", "1.1.1", "人事人員與主管"]);
    s.ok("alice", &["commit", "-m", "依意見修正"]);
    s.ok("alice", &["review", "reply", "1", "已補充主管。"]);
    // The head is the reply, a revision of the review file only: tagging it tags
    // the assessment as it stands, which `dsw log` and the exports show.
    s.ok("alice", &["tag", "第二次送審"]);
    let log: Vec<serde_json::Value> =
        serde_json::from_str(&s.ok("alice", &["log", "--json"])).unwrap();
    assert_eq!(log[0]["message"], "依意見修正", "{log:#?}");
    assert_eq!(
        log[0]["tags"],
        serde_json::json!(["第二次送審"]),
        "{log:#?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("form.md");
    s.ok(
        "alice",
        &["export", "--format", "md", "-o", file.to_str().unwrap()],
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("第二次送審"), "{text}");
}

/// A reply typed in the workbench and never sent (its session died): `dsw status`
/// tells of it in one line; `dsw discard` keeps it and says so; `dsw discard
/// --review` drops it.
#[test]
fn an_unsent_review_text_is_told_by_status_kept_by_discard_and_dropped_by_discard_review() {
    use dsw::store::{AssessmentName, Purpose, Store, UnsentReview};
    let s = Sandbox::new();
    s.init("ict-plan");
    s.ok("alice", &["tag", "第一次送審"]);
    s.ok("alice", &["review", "add", "2.1", "誰負責？"]);
    s.ok("alice", &["answer", "1.1.1", "草稿裡的回答"]);
    let store = Store::open(&s.repo()).unwrap();
    let name = AssessmentName("ict-plan".into());
    let comment = store.review(&name).unwrap().comments[0].clone();
    let unsent = UnsentReview {
        purpose: Purpose::Reply {
            comment: comment.id,
            number: 1,
            seen: None,
        },
        target: comment.target,
        iteration: comment.iteration,
        text: "由資訊室主任負責，每月向首長報告進度與風險。\n第二行".into(),
        edited: 1_790_000_000,
        // Above Linux's pid_max: the workbench that wrote it is gone.
        pid: 4_194_305,
    };
    store.save_unsent_review(&name, "alice", &unsent).unwrap();

    let status = s.ok("alice", &["status"]);
    let said: Vec<&str> = status
        .lines()
        .filter(|l| l.contains("尚未送出的審查文字"))
        .collect();
    assert_eq!(said.len(), 1, "{status}");
    assert!(
        said[0].contains("回覆審查意見 1「由資訊室主任負責，每月向首長報告進度與風…」")
            && said[0].contains("dsw discard --review"),
        "{status}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&s.ok("alice", &["status", "--json"])).unwrap();
    assert_eq!(json["unsent_reviews"][0]["kind"], "reply");
    assert_eq!(json["unsent_reviews"][0]["number"], 1);
    assert_eq!(json["unsent_reviews"][0]["target"], "2.1");
    // Bob has none of it.
    assert!(!s.ok("bob", &["status"]).contains("尚未送出"));

    let discarded = s.ok("alice", &["discard"]);
    assert!(
        discarded.contains("已丟棄草稿") && discarded.contains("dsw discard --review"),
        "{discarded}"
    );
    assert!(s.ok("alice", &["status"]).contains("尚未送出的審查文字"));
    assert_eq!(
        s.ok("alice", &["discard", "--review"]).trim(),
        "已丟棄 1 則尚未送出的審查文字。"
    );
    assert_eq!(store.unsent_review(&name, "alice").unwrap(), None);
    assert!(!s.ok("alice", &["status"]).contains("尚未送出"));
    assert_eq!(
        s.ok("alice", &["discard", "--review"]).trim(),
        "沒有尚未送出的審查文字。"
    );
}
