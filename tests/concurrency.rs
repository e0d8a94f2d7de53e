//! Several people committing at the same moment: nothing is lost, the repository
//! stays valid, and a killed commit leaves everything readable.

mod common;

use std::process::{Command as Process, Stdio};

use common::{Sandbox, needs_git, run};

const WRITERS: usize = 4;
const COMMITS: usize = 50;

/// The service form's question ids, so each writer has its own questions.
fn question_ids() -> Vec<String> {
    let catalog = dsw::form::Catalog::bundled().unwrap();
    let form = &catalog.form("service").unwrap().form;
    form.questions().map(|(_, _, q)| q.id.to_string()).collect()
}

#[test]
fn four_writers_fifty_commits_each_lose_nothing() {
    let s = Sandbox::new();
    s.init("service");
    let ids = question_ids();
    let exe = assert_cmd::cargo::cargo_bin("dsw");
    // Each writer is a shell loop of answer + commit, so the processes really race.
    let mut children = Vec::new();
    for writer in 0..WRITERS {
        let mut script = String::new();
        for n in 0..COMMITS {
            // Each writer has its own questions (126 / 4 = 31), answered again and again.
            let own = ids.len() / WRITERS;
            let id = &ids[writer * own + n % own];
            let text = format!("writer {writer} commit {n}");
            script.push_str(&format!(
                "{exe} answer {id} '{text}' >/dev/null || exit 1\n{exe} commit -m 'w{writer} c{n}' >/dev/null || exit 1\n",
                exe = exe.display()
            ));
        }
        let mut cmd = Process::new("sh");
        cmd.arg("-c")
            .arg(script)
            .current_dir(s.repo())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        cmd.env("HOME", s.home())
            .env("XDG_CONFIG_HOME", s.home().join(".config"))
            .env("DSW_USER", format!("writer{writer}"))
            .env(
                "DSW_AUTHOR",
                format!("Writer {writer} <w{writer}@example.gov.tw>"),
            );
        children.push(cmd.spawn().unwrap());
    }
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // Every revision is there, and the latest answer of each writer's questions.
    let (_, log, _) = run(s.dsw("reader").args(["log", "--json"]));
    let log: serde_json::Value = serde_json::from_str(&log).unwrap();
    // Every commit changed something (each text is new), so each is a revision.
    assert_eq!(log.as_array().unwrap().len(), 1 + WRITERS * COMMITS);
    let (_, json, _) = run(s.dsw("reader").args(["show", "--json"]));
    let shown: serde_json::Value = serde_json::from_str(&json).unwrap();
    let answers: Vec<String> = shown["guidelines"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap().iter())
        .flat_map(|i| i["questions"].as_array().unwrap().iter())
        .filter_map(|q| q["answer"].as_str().map(str::to_owned))
        .collect();
    // The latest text of every question each writer owns is there: no commit
    // reverted another's answer.
    let by_id: std::collections::BTreeMap<String, String> = shown["guidelines"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap().iter())
        .flat_map(|i| i["questions"].as_array().unwrap().iter())
        .map(|q| {
            (
                q["id"].as_str().unwrap().to_owned(),
                q["answer"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let own = ids.len() / WRITERS;
    for writer in 0..WRITERS {
        for n in COMMITS - own..COMMITS {
            let id = &ids[writer * own + n % own];
            assert_eq!(by_id[id], format!("writer {writer} commit {n}"), "{id}");
        }
    }
    assert_eq!(answers.len(), WRITERS * own);
    if needs_git() {
        let fsck = s.git_in(&s.repo(), &["fsck", "--strict"]);
        assert!(
            fsck.status.success(),
            "{}",
            String::from_utf8_lossy(&fsck.stderr)
        );
        assert_eq!(s.git(&["status", "--porcelain"]), "");
    }
}

#[cfg(unix)]
#[test]
fn killing_commits_midway_leaves_a_valid_repository_and_the_draft() {
    let s = Sandbox::new();
    s.init("service");
    let ids = question_ids();
    // How long one commit takes here, from start to exit.
    s.dsw("alice")
        .args(["answer", &ids[125], "計時用"])
        .assert()
        .success();
    let started = std::time::Instant::now();
    s.dsw("alice")
        .args(["commit", "-m", "timing"])
        .assert()
        .success();
    let commit_time = started.elapsed();
    for (n, id) in ids.iter().take(20).enumerate() {
        s.dsw("alice")
            .args(["answer", id, &format!("回答 {n}")])
            .assert()
            .success();
        let mut child = Process::new(assert_cmd::cargo::cargo_bin("dsw"))
            .args(["commit", "-m", &format!("c{n}")])
            .current_dir(s.repo())
            .env("HOME", s.home())
            .env("DSW_USER", "alice")
            .env("DSW_AUTHOR", "Alice <a@x>")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill at points spread over a whole commit's run time (measured above),
        // so some kills land inside the critical section.
        std::thread::sleep(commit_time.mul_f64(n as f64 / 20.0));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever happened, the draft (if any) and the head both read back.
        s.dsw("alice").args(["status"]).assert().success();
    }
    // A kill inside the branch update leaves git's ref lock behind; the dead dsw's
    // record beside it tells the next commit it is stale, so that commit clears it
    // and lands (issue 9, item 5).
    let ref_lock = s.repo().join(".git/refs/heads/main.lock");
    s.dsw("alice")
        .args(["commit", "-m", "rest"])
        .assert()
        .success();
    assert!(!ref_lock.exists(), "a stale branch lock is cleared");
    let (_, json, _) = run(s.dsw("alice").args(["show", "--json"]));
    for n in 0..20 {
        assert!(json.contains(&format!("回答 {n}")), "answer {n} lost");
    }
    if needs_git() {
        let fsck = s.git_in(&s.repo(), &["fsck", "--strict"]);
        assert!(
            fsck.status.success(),
            "{}",
            String::from_utf8_lossy(&fsck.stderr)
        );
    }
}

/// One person in many windows at once (the same draft): each `answer` + `commit`
/// pair lands, whoever's commit carries it. A lock taken over as "stale" while it
/// was live once let two processes write the draft at the same time and lose answers.
#[test]
fn one_person_in_many_processes_at_once_loses_no_answer() {
    const PROCESSES: usize = 24;
    let s = Sandbox::new();
    s.init("service");
    let ids = question_ids();
    let exe = assert_cmd::cargo::cargo_bin("dsw");
    let children: Vec<_> = (0..PROCESSES)
        .map(|n| {
            let script = format!(
                "{exe} answer {id} 'process {n}' >/dev/null && {exe} commit -m 'p{n}' >/dev/null",
                exe = exe.display(),
                id = ids[n]
            );
            Process::new("sh")
                .arg("-c")
                .arg(script)
                .current_dir(s.repo())
                .env("HOME", s.home())
                .env("XDG_CONFIG_HOME", s.home().join(".config"))
                .env("DSW_USER", "same-person")
                .env("DSW_AUTHOR", "Same Person <same@example.gov.tw>")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let head = s.git(&["show", "HEAD:service.assessment.toml"]);
    for (n, id) in ids.iter().enumerate().take(PROCESSES) {
        assert!(
            head.contains(&format!("process {n}\"\"\"")),
            "the answer of process {n} ({id}) is lost:\n{head}"
        );
    }
}
