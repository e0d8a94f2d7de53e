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
    Process::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}
