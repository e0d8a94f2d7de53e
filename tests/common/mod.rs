//! Helpers for tests that drive dsw and git on temporary repositories, with git's
//! configuration sandboxed so the machine's own settings never leak in.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use assert_cmd::Command;

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
];
