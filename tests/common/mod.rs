//! Helpers for tests that drive dsw and git on temporary repositories, with git's
//! configuration sandboxed so the machine's own settings never leak in.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use assert_cmd::Command;

pub mod screen;

/// A sandbox: a temporary home (empty git config) and a repository directory.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        let sandbox = Sandbox {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(sandbox.home()).unwrap();
        sandbox
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    pub fn repo(&self) -> PathBuf {
        self.dir.path().join("repo")
    }

    fn sandboxed(&self, cmd: &mut std::process::Command, user: &str) {
        cmd.env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home().join(".gitconfig"))
            .env("DSW_USER", user)
            .env("DSW_AUTHOR", format!("{user} <{user}@example.gov.tw>"))
            .env("GIT_AUTHOR_NAME", user)
            .env("GIT_AUTHOR_EMAIL", format!("{user}@example.gov.tw"))
            .env("GIT_COMMITTER_NAME", user)
            .env("GIT_COMMITTER_EMAIL", format!("{user}@example.gov.tw"))
            .env("USER", user)
            .env_remove("DSW_LANG")
            .env_remove("NO_COLOR");
    }

    /// `dsw` as `user`, in `dir`.
    pub fn dsw_in(&self, dir: &Path, user: &str) -> Command {
        let mut std = Process::new(assert_cmd::cargo::cargo_bin("dsw"));
        std.current_dir(dir);
        self.sandboxed(&mut std, user);
        Command::from_std(std)
    }

    /// `dsw` as `user` in the repository.
    pub fn dsw(&self, user: &str) -> Command {
        self.dsw_in(&self.repo(), user)
    }

    /// `dsw` as `user` in the repository, as a plain process: for starting several
    /// at the same moment (`spawn`).
    pub fn dsw_process(&self, user: &str) -> Process {
        let mut cmd = Process::new(assert_cmd::cargo::cargo_bin("dsw"));
        cmd.current_dir(self.repo());
        self.sandboxed(&mut cmd, user);
        cmd
    }

    /// Runs `dsw ARGS` as `user` in the repository and returns its standard output;
    /// panics with what it said if it fails.
    pub fn ok(&self, user: &str, args: &[&str]) -> String {
        let (code, out, err) = run(self.dsw(user).args(args));
        assert_eq!(code, 0, "dsw {args:?} as {user}:\n{out}{err}");
        out
    }

    /// Plain `git` in `dir`, sandboxed.
    pub fn git_in(&self, dir: &Path, args: &[&str]) -> Output {
        let mut cmd = Process::new("git");
        cmd.current_dir(dir).args(args);
        self.sandboxed(&mut cmd, "git-user");
        cmd.output().unwrap()
    }

    /// Plain `git` in the repository; panics with its stderr if it fails.
    pub fn git(&self, args: &[&str]) -> String {
        let output = self.git_in(&self.repo(), args);
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// `dsw init` of an ict-plan assessment in the repository.
    pub fn init(&self, form: &str) {
        let dir = self.dir.path();
        self.dsw_in(dir, "alice")
            .args(["init", "repo", "--form", form])
            .assert()
            .success();
    }
}

/// Runs `cmd` and returns (code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let output = cmd.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Whether a `git` binary is available.
pub fn have_git() -> bool {
    have_program("git", "--version")
}

/// Whether `program` runs (`program ARG` exits 0).
pub fn have_program(program: &str, arg: &str) -> bool {
    Process::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether running as root (the device-node and throw-away-account tests need it).
pub fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// Whether a test's outside need (`met`) is there, so it can run. When it is not:
/// under CI (`CI` set), where `.ci/run` installs every tool and runs as root, the
/// test fails, so a missing tool never passes for a run test; elsewhere the test is
/// skipped with `why`, and the skip is recorded in `$DSW_SKIPPED_LOG` (set by
/// `.ci/run`) so the run's closing line counts it as skipped, not passed.
pub fn needs(met: bool, why: &str) -> bool {
    if met {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set, yet {why}: .ci/run installs what the tests need and runs as root"
    );
    println!("skipped: {why}");
    if let Some(log) = std::env::var_os("DSW_SKIPPED_LOG") {
        use std::io::Write;
        let test = std::thread::current().name().unwrap_or("?").to_owned();
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("the skipped-tests log");
        writeln!(file, "{test}\t{why}").expect("the skipped-tests log");
    }
    false
}

/// `needs` for git.
pub fn needs_git() -> bool {
    needs(have_git(), "git is not installed")
}

/// Commands that fail in any fresh `ict-plan` sandbox: the corpus both interface
/// languages are checked with (no English sentence in Chinese, no Chinese
/// interface text in English).
pub const FAILING_COMMANDS: &[&[&str]] = &[
    &["answer", "9.9.9", "x"],
    &["mark", "1.1", "bogus"],
    &["meta", "nope", "x"],
    &["evidence", "1.1", "remove", "5"],
    &["diff", "nope"],
    &["show", "nope"],
    &["tag", "a b"],
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
    &["status", "--bogus"],
    &["--assessment", "nope", "status"],
    &["commit", "-m", "x", "--author", "bad<"],
    &["dif"],
    &["review", "show", "99"],
    &["review", "add", "9.9.9", "x"],
    &["review", "reply", "99", "x"],
    &["review", "accept", "nope"],
    &["review", "import", "/nonexistent/comments.csv"],
    &["review", "list", "--iteration", "nope"],
    &["review", "list", "--target", "9.9"],
];

/// The reviewer of the review scenario (`DSW_AUTHOR` when they accept or reopen).
pub const REVIEWER: &str = "王委員 <wang@moda.gov.tw>";

/// The reviewers' spreadsheet of the review scenario (written with a byte-order mark,
/// as Excel saves "CSV UTF-8"): five comments, on a question, an item, a header
/// field, a BRiCS cell and the whole assessment, in that order (so numbered 1–5).
/// The last row names no reviewer: `--by 數位發展部` fills it in.
pub const REVIEW_CSV: &str = "題號,審查意見,審查委員\n\
1.1.1,\"請補充使用者類型，\n特別是數位弱勢者。\",王委員\n\
1.2,請補充使用者研究的規劃與時程。,王委員\n\
meta/plan,計畫名稱請與核定公文一致。,陳委員\n\
brics/申辦流程/承辦人/效益,效益請量化。,陳委員\n\
整體,請整體檢視錯別字。,\n";

/// The numbers the scenario's comments get, by target.
#[derive(Debug, Clone, Copy)]
pub struct ReviewNumbers {
    /// On question 1.1.1 (its answer is revised).
    pub question: u32,
    /// On item 1.2 (its question 1.2.1 is revised).
    pub item: u32,
    /// On `meta/plan` (revised).
    pub meta: u32,
    /// On the BRiCS cell 申辦流程 / 承辦人 / benefit (not revised).
    pub brics: u32,
    /// On the whole assessment.
    pub general: u32,
}

/// The review loop as a team and a reviewer go through it, up to the second
/// submission: a `service` assessment filled by alice and tagged 第一次送審; the
/// reviewers' five comments imported from [`REVIEW_CSV`] (with a BOM); alice replies
/// to each; three answers revised (1.1.1, 1.2.1 under item 1.2, and `meta/plan`)
/// and committed; tagged 第二次送審. Returns the comments' numbers.
pub fn review_scenario(s: &Sandbox) -> ReviewNumbers {
    s.init("service");
    s.ok("alice", &["answer", "1.1.1", "一般民眾。"]);
    s.ok("alice", &["answer", "1.1.2", "多為青壯年，數位能力中等。"]);
    s.ok("alice", &["answer", "1.2.1", "線上申辦流程繁瑣。"]);
    s.ok("alice", &["answer", "2.1.1", "申辦服務代理人。"]);
    s.ok("alice", &["mark", "1.2", "partial"]);
    s.ok(
        "alice",
        &["meta", "plan", "OOOO 線上申辦服務提升計畫（草案）"],
    );
    s.ok(
        "alice",
        &["brics", "set", "申辦流程", "承辦人", "benefit", "少打字"],
    );
    s.ok(
        "alice",
        &["brics", "set", "申辦流程", "承辦人", "risk", "需要適應"],
    );
    s.ok("alice", &["commit", "-m", "第一次送審版本"]);
    s.ok("alice", &["tag", "第一次送審"]);
    let csv = s.repo().join("審查意見.csv");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(REVIEW_CSV.as_bytes());
    std::fs::write(&csv, bytes).unwrap();
    s.ok(
        "alice",
        &[
            "review",
            "import",
            csv.to_str().unwrap(),
            "--by",
            "數位發展部",
        ],
    );
    std::fs::remove_file(&csv).unwrap();
    let numbers = ReviewNumbers {
        question: 1,
        item: 2,
        meta: 3,
        brics: 4,
        general: 5,
    };
    let replies = [
        (numbers.question, "已補充使用者類型，含數位弱勢者。"),
        (numbers.item, "已補列使用者研究的規劃。"),
        (numbers.meta, "已依核定公文修正計畫名稱。"),
        (numbers.brics, "效益已另案評估。"),
        (numbers.general, "已全面檢視。"),
    ];
    for (number, text) in replies {
        s.ok("alice", &["review", "reply", &number.to_string(), text]);
    }
    s.ok(
        "alice",
        &[
            "answer",
            "1.1.1",
            "一般民眾，含高齡者與新住民等數位弱勢者。",
        ],
    );
    s.ok(
        "alice",
        &[
            "answer",
            "1.2.1",
            "線上申辦流程繁瑣；將於第二季訪談 20 位使用者。",
        ],
    );
    s.ok("alice", &["meta", "plan", "OOOO 線上申辦服務提升計畫"]);
    s.ok("alice", &["commit", "-m", "依審查意見修正"]);
    s.ok("alice", &["tag", "第二次送審"]);
    numbers
}

/// The reviewer's verdicts on the scenario's comments: accepts four and reopens the
/// one on the BRiCS cell, as [`REVIEWER`].
pub fn review_verdicts(s: &Sandbox, numbers: ReviewNumbers) {
    for number in [
        numbers.question,
        numbers.item,
        numbers.meta,
        numbers.general,
    ] {
        let (code, out, err) = run(s.dsw("wang").env("DSW_AUTHOR", REVIEWER).args([
            "review",
            "accept",
            &number.to_string(),
        ]));
        assert_eq!(code, 0, "{out}{err}");
    }
    let (code, out, err) = run(s.dsw("wang").env("DSW_AUTHOR", REVIEWER).args([
        "review",
        "reopen",
        &numbers.brics.to_string(),
        "請以數字說明效益。",
    ]));
    assert_eq!(code, 0, "{out}{err}");
}
