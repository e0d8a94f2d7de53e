//! A team on one server, as it really works: separate Unix accounts in one group,
//! umask 022, each running dsw on one group-shared repository.
//!
//! These tests need root to make throw-away accounts (CI runs as root); they create
//! a group and users with unique names and remove them afterwards. Without root they
//! skip with a printed reason, except under CI, where they fail (`common::needs`).

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{is_root, needs};

static TEAMS: AtomicUsize = AtomicUsize::new(0);

/// Throw-away accounts in a throw-away group, a directory they can all reach, a copy
/// of dsw they can all run, and a system git config (`GIT_CONFIG_SYSTEM`) standing in
/// for the administrator's `/etc/gitconfig`.
struct Team {
    group: String,
    users: Vec<String>,
    base: tempfile::TempDir,
}

fn ok(output: &Output) -> bool {
    output.status.success()
}

fn text(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn root(program: &str, args: &[&str]) {
    let output = Command::new(program).args(args).output().unwrap();
    assert!(ok(&output), "{program} {args:?}: {}", text(&output));
}

impl Team {
    /// `None` (after saying why) when not running as root.
    fn new(people: &[&str]) -> Option<Team> {
        if !needs(is_root(), "making throw-away Unix accounts needs root") {
            return None;
        }
        let tag = format!(
            "{}{}",
            std::process::id() % 100_000,
            TEAMS.fetch_add(1, Ordering::SeqCst)
        );
        let group = format!("dswg{tag}");
        root("groupadd", &[&group]);
        let base = tempfile::tempdir().unwrap();
        std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut team = Team {
            group,
            users: Vec::new(),
            base,
        };
        for person in people {
            let user = format!("{person}{tag}");
            root("useradd", &["-M", "-N", "-G", &team.group, &user]);
            team.users.push(user.clone());
            let home = team.home(&user);
            std::fs::create_dir_all(&home).unwrap();
            root("chown", &[&user, &home.display().to_string()]);
        }
        let bin = team.base.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        std::fs::copy(env!("CARGO_BIN_EXE_dsw"), bin.join("dsw")).unwrap();
        std::fs::set_permissions(bin.join("dsw"), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(team.system_config(), "").unwrap();
        std::fs::set_permissions(team.system_config(), std::fs::Permissions::from_mode(0o644))
            .unwrap();
        Some(team)
    }

    fn user(&self, n: usize) -> &str {
        &self.users[n]
    }

    fn home(&self, user: &str) -> PathBuf {
        self.base.path().join("home").join(user)
    }

    fn system_config(&self) -> PathBuf {
        self.base.path().join("gitconfig")
    }

    /// What an administrator does: a directory owned by root and the team's group,
    /// setgid and group-writable (`install -d -g team -m 2775 DIR`).
    fn admin_dir(&self, relative: &str) -> PathBuf {
        let dir = self.base.path().join(relative);
        std::fs::create_dir_all(&dir).unwrap();
        root("chgrp", &[&self.group, &dir.display().to_string()]);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o2775)).unwrap();
        dir
    }

    /// The administrator's `git config --system --add safe.directory DIR`.
    fn admin_trusts(&self, dir: &Path) {
        root(
            "git",
            &[
                "config",
                "--file",
                &self.system_config().display().to_string(),
                "--add",
                "safe.directory",
                &dir.display().to_string(),
            ],
        );
    }

    /// A shell command run as `user` in `dir` with umask 022 and a clean environment
    /// (no root settings leak in); `dsw` on PATH is this build.
    fn sh(&self, user: &str, dir: &Path, script: &str) -> Output {
        let path = format!(
            "{}:{}",
            self.base.path().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        Command::new("setpriv")
            .args([
                "--reuid",
                user,
                "--regid",
                &self.group,
                "--init-groups",
                "--",
            ])
            .arg("env")
            .arg("-i")
            .arg(format!("PATH={path}"))
            .arg(format!("HOME={}", self.home(user).display()))
            .arg("LANG=C.UTF-8")
            .arg(format!(
                "GIT_CONFIG_SYSTEM={}",
                self.system_config().display()
            ))
            .args(["sh", "-c", &format!("umask 022; cd \"$0\" && {script}")])
            .arg(dir)
            .output()
            .unwrap()
    }

    /// `dsw ARGS` as `user` in `dir`.
    fn dsw(&self, user: &str, dir: &Path, args: &[&str]) -> Output {
        let quoted: Vec<String> = args.iter().map(|a| shell_quote(a)).collect();
        self.sh(user, dir, &format!("dsw {}", quoted.join(" ")))
    }

    fn git(&self, user: &str, dir: &Path, args: &[&str]) -> Output {
        let quoted: Vec<String> = args.iter().map(|a| shell_quote(a)).collect();
        self.sh(user, dir, &format!("git {}", quoted.join(" ")))
    }
}

impl Drop for Team {
    fn drop(&mut self) {
        for user in &self.users {
            let _ = Command::new("userdel").arg(user).output();
        }
        let _ = Command::new("groupdel").arg(&self.group).output();
    }
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The team lead makes the shared repository in the administrator's directory.
fn shared_repository(team: &Team) -> PathBuf {
    let plan = team.admin_dir("srv/plan");
    team.admin_trusts(&plan);
    let made = team.dsw(
        team.user(0),
        &plan,
        &[
            "init",
            "--shared",
            "--form",
            "ict-plan",
            "--title",
            "團隊計畫",
        ],
    );
    assert!(ok(&made), "{}", text(&made));
    plan
}

#[test]
fn three_accounts_take_turns_and_commit_at_once_on_a_shared_repository() {
    let Some(team) = Team::new(&["alice", "bob", "carol"]) else {
        return;
    };
    let plan = shared_repository(&team);
    // 30 answer + commit rounds taken in turn.
    for round in 1..=30 {
        let user = team.user(round % 3);
        let answer = format!("第 {round} 輪，{user} 填寫");
        let out = team.sh(
            user,
            &plan,
            &format!(
                "dsw answer 1.1.1 {} && dsw commit -m {}",
                shell_quote(&answer),
                shell_quote(&format!("第 {round} 輪"))
            ),
        );
        assert!(ok(&out), "round {round} by {user}: {}", text(&out));
        assert!(!text(&out).contains("Permission denied"), "{}", text(&out));
    }
    // 3 × 10 at the same time, each on a question of their own.
    let questions = ["1.1.2", "1.1.3", "2.1.1"];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..3)
            .map(|n| {
                let team = &team;
                let plan = &plan;
                scope.spawn(move || {
                    let user = team.user(n);
                    for k in 1..=10 {
                        let out = team.sh(
                            user,
                            plan,
                            &format!(
                                "dsw answer {} '{user} 第 {k} 次' && dsw commit -m '{user} {k}'",
                                questions[n]
                            ),
                        );
                        assert!(ok(&out), "{user} #{k}: {}", text(&out));
                        assert!(!text(&out).contains("Permission denied"), "{}", text(&out));
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
    });
    let head = team.git(
        team.user(1),
        &plan,
        &["show", "HEAD:ict-plan.assessment.toml"],
    );
    assert!(ok(&head), "{}", text(&head));
    let head = String::from_utf8_lossy(&head.stdout).into_owned();
    assert!(
        head.contains(&format!("第 30 輪，{} 填寫", team.user(0))),
        "{head}"
    );
    for (n, question) in questions.iter().enumerate() {
        let want = format!("{} 第 10 次", team.user(n));
        assert!(head.contains(&want), "{question}: {want} missing:\n{head}");
    }
    let count = team.git(team.user(2), &plan, &["rev-list", "--count", "HEAD"]);
    assert_eq!(String::from_utf8_lossy(&count.stdout).trim(), "61");
    let fsck = team.git(team.user(0), &plan, &["fsck", "--strict"]);
    assert!(ok(&fsck), "{}", text(&fsck));
    // Everything in .git but the drafts is the group's.
    let gid = std::fs::metadata(&plan).unwrap().gid();
    for entry in walk(&plan.join(".git")) {
        if entry.starts_with(plan.join(".git/dsw/drafts")) && entry != plan.join(".git/dsw/drafts")
        {
            continue;
        }
        let meta = std::fs::symlink_metadata(&entry).unwrap();
        let mode = meta.mode();
        assert_eq!(meta.gid(), gid, "{} has another group", entry.display());
        if meta.is_dir() {
            assert_eq!(mode & 0o2070, 0o2070, "{} is {:o}", entry.display(), mode);
        } else {
            assert_ne!(mode & 0o040, 0, "{} is {:o}", entry.display(), mode);
        }
    }
    for user in &team.users {
        let doctor = team.dsw(user, &plan, &["doctor"]);
        assert!(ok(&doctor), "doctor for {user}: {}", text(&doctor));
        assert!(!String::from_utf8_lossy(&doctor.stdout).contains("問題 "));
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && !path.is_symlink() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}

#[test]
fn a_draft_belongs_to_its_account_and_commits_name_the_account() {
    let Some(team) = Team::new(&["alice", "bob", "carol"]) else {
        return;
    };
    let plan = shared_repository(&team);
    let (alice, bob, carol) = (team.user(0), team.user(1), team.user(2));
    let out = team.dsw(alice, &plan, &["answer", "1.1.1", "alice 的私人草稿"]);
    assert!(ok(&out), "{}", text(&out));
    let drafts = plan.join(".git/dsw/drafts");
    let hers = drafts.join(alice);
    let file = hers.join("ict-plan.assessment.toml");
    // bob can neither read, rename, replace, delete nor add to alice's draft.
    for attempt in [
        format!("cat {}", file.display()),
        format!("ls {}", hers.display()),
        format!("mv {} {}/stolen", hers.display(), drafts.display()),
        format!("rm -rf {}", hers.display()),
        format!("echo x > {}", file.display()),
        format!("touch {}/planted", hers.display()),
        format!(
            "mkdir -p {d}/mine && echo x > {d}/mine/f && mv -T {d}/mine {h}",
            d = drafts.display(),
            h = hers.display()
        ),
    ] {
        let out = team.sh(bob, &plan, &attempt);
        assert!(!ok(&out), "bob could `{attempt}`");
    }
    let draft = std::fs::read_to_string(&file).unwrap();
    assert!(draft.contains("alice 的私人草稿"), "{draft}");
    // bob can see *that* alice has a draft, never what it says.
    let out = team.dsw(bob, &plan, &["status"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("也有草稿的使用者：{alice}")),
        "{}",
        text(&out)
    );
    // Naming alice's draft from bob's account is refused at once, with a reason.
    for args in [
        vec!["--user", alice, "answer", "1.1.2", "冒名"],
        vec!["--user", alice, "commit", "-m", "冒名"],
    ] {
        let out = team.dsw(bob, &plan, &args);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("另一個帳號"), "{stderr}");
    }
    let out = team.sh(bob, &plan, &format!("DSW_USER={alice} dsw status"));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    // A draft directory squatted by another account is refused too.
    let out = team.sh(bob, &plan, &format!("mkdir {}/zed", drafts.display()));
    assert!(ok(&out), "{}", text(&out));
    let out = team.dsw(carol, &plan, &["--user", "zed", "answer", "1.1.2", "x"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(bob),
        "{}",
        text(&out)
    );
    // bob commits in alice's name: the author is alice, the committer bob's account.
    let out = team.sh(
        bob,
        &plan,
        &format!(
            "dsw answer 1.1.2 代填 && dsw commit -m 代填 --author '{alice} <{alice}@example.gov.tw>'"
        ),
    );
    assert!(ok(&out), "{}", text(&out));
    let log = team.git(carol, &plan, &["log", "-1", "--format=%an|%cn|%ce"]);
    let log = String::from_utf8_lossy(&log.stdout).into_owned();
    assert!(log.starts_with(&format!("{alice}|{bob}|{bob}@")), "{log}");
    let shown = team.dsw(carol, &plan, &["log", "-n", "1"]);
    let shown = String::from_utf8_lossy(&shown.stdout).into_owned();
    assert!(shown.contains(&format!("提交者 {bob}")), "{shown}");
    let json = team.dsw(carol, &plan, &["log", "-n", "1", "--json"]);
    let json = String::from_utf8_lossy(&json.stdout).into_owned();
    assert!(json.contains(&format!("\"committer\":\"{bob}\"")), "{json}");
    // alice's draft came through all of it untouched.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), draft);
}

#[test]
fn init_in_a_root_owned_group_directory_needs_safe_directory_and_leaves_nothing_half_made() {
    let Some(team) = Team::new(&["alice"]) else {
        return;
    };
    let alice = team.user(0);
    let plan = team.admin_dir("srv/plan");
    let out = team.dsw(alice, &plan, &["init", "--shared", "--form", "ict-plan"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("屬於另一個帳號")
            && stderr.contains(&format!(
                "git config --global --add safe.directory {}",
                plan.display()
            ))
            && stderr.contains("sudo git config --system --add safe.directory"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(&plan).unwrap().count(), 0, "nothing made");
    // The same in English.
    let out = team.dsw(
        alice,
        &plan,
        &["--lang", "en", "init", "--shared", "--form", "ict-plan"],
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("belongs to another account"),
        "{}",
        text(&out)
    );
    // The administrator lists it in the system config of the git on PATH: dsw
    // honours that file as git does.
    team.admin_trusts(&plan);
    let out = team.dsw(alice, &plan, &["init", "--shared", "--form", "ict-plan"]);
    assert!(ok(&out), "{}", text(&out));
    assert!(plan.join(".git/dsw/drafts").is_dir());
}

#[test]
fn an_existing_private_repository_is_made_shared_for_the_team() {
    let Some(team) = Team::new(&["alice", "bob"]) else {
        return;
    };
    let (alice, bob) = (team.user(0), team.user(1));
    let srv = team.admin_dir("srv");
    let out = team.dsw(alice, &srv, &["init", "plan", "--form", "ict-plan"]);
    assert!(ok(&out), "{}", text(&out));
    let plan = srv.join("plan");
    let out = team.dsw(alice, &plan, &["answer", "1.1.1", "先寫一題"]);
    assert!(ok(&out), "{}", text(&out));
    let out = team.dsw(alice, &plan, &["commit", "-m", "一"]);
    assert!(ok(&out), "{}", text(&out));
    // Before the administrator trusts it, every command says the same thing.
    for args in [
        &["status"][..],
        &["answer", "1.1.2", "x"],
        &["log"],
        &["doctor"],
    ] {
        let out = team.dsw(bob, &plan, args);
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("屬於另一個帳號")
                || String::from_utf8_lossy(&out.stderr).contains("屬於另一個帳號"),
            "{args:?}: {}",
            text(&out)
        );
    }
    team.admin_trusts(&plan);
    // Private (umask 022): bob cannot write.
    let out = team.sh(bob, &plan, "dsw answer 1.1.2 bob && dsw commit -m bob");
    assert!(!ok(&out), "{}", text(&out));
    let doctor = team.dsw(bob, &plan, &["doctor"]);
    assert_eq!(doctor.status.code(), Some(1), "{}", text(&doctor));
    // alice makes it shared; now bob can.
    let out = team.dsw(alice, &plan, &["init", "--shared"]);
    assert!(ok(&out), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("群組共用"),
        "{}",
        text(&out)
    );
    let out = team.sh(bob, &plan, "dsw answer 1.1.2 bob && dsw commit -m bob");
    assert!(ok(&out), "{}", text(&out));
    let out = team.dsw(alice, &plan, &["answer", "1.1.3", "又一題"]);
    assert!(ok(&out), "{}", text(&out));
    let out = team.dsw(alice, &plan, &["commit", "-m", "三"]);
    assert!(ok(&out), "{}", text(&out));
    for user in [alice, bob] {
        let doctor = team.dsw(user, &plan, &["doctor"]);
        assert!(ok(&doctor), "doctor for {user}: {}", text(&doctor));
    }
}

/// In a repository this account cannot write, every command says so — not "another
/// dsw of yours is busy", not a raw libgit2 message (issue 9, item 8).
#[test]
fn a_read_only_repository_is_named_as_such() {
    let Some(team) = Team::new(&["alice"]) else {
        return;
    };
    let alice = team.user(0);
    let srv = team.admin_dir("srv");
    let out = team.dsw(alice, &srv, &["init", "plan", "--form", "ict-plan"]);
    assert!(ok(&out), "{}", text(&out));
    let plan = srv.join("plan");
    let out = team.dsw(alice, &plan, &["answer", "1.1.1", "先寫"]);
    assert!(ok(&out), "{}", text(&out));
    let out = team.sh(alice, &plan, "chmod -R a-w .git");
    assert!(ok(&out), "{}", text(&out));
    for args in [
        &["answer", "1.1.2", "x"][..],
        &["commit", "-m", "x"],
        &["tag", "第一次送審"],
        &["git-setup"],
    ] {
        let out = team.dsw(alice, &plan, args);
        let all = text(&out);
        assert!(!ok(&out), "{args:?}: {all}");
        assert!(
            all.contains("權限") && all.contains("dsw doctor"),
            "{args:?}: {all}"
        );
        assert!(
            !all.contains("另一個 dsw") && !all.contains("failed to"),
            "{args:?}: {all}"
        );
    }
    let _ = team.sh(alice, &plan, "chmod -R u+w .git");
}

/// Sharing a repository in which other accounts own files: `dsw init --shared` fixes
/// what its account owns and prints the administrator's command, which — run as
/// printed — finishes the job without opening anyone's draft to the group. The
/// directories that hold people's drafts cannot be renamed away by a teammate.
#[test]
fn the_administrators_command_finishes_sharing_and_keeps_drafts_private() {
    let Some(team) = Team::new(&["alice", "bob", "carol"]) else {
        return;
    };
    let (alice, bob, carol) = (team.user(0), team.user(1), team.user(2));
    let srv = team.admin_dir("srv");
    let out = team.dsw(alice, &srv, &["init", "plan", "--form", "ict-plan"]);
    assert!(ok(&out), "{}", text(&out));
    let plan = srv.join("plan");
    team.admin_trusts(&plan);
    // Files of other accounts, and bob's private draft (made before sharing).
    let git = plan.join(".git");
    root(
        "chown",
        &["-R", bob, &git.join("refs").display().to_string()],
    );
    root(
        "chown",
        &[
            carol,
            &plan.join("ict-plan.assessment.toml").display().to_string(),
        ],
    );
    let bobs = git.join("dsw/drafts").join(bob);
    std::fs::create_dir_all(&bobs).unwrap();
    std::fs::write(bobs.join("secret.txt"), "bob's secret").unwrap();
    root("chown", &["-R", bob, &bobs.display().to_string()]);
    root("chmod", &["700", &bobs.display().to_string()]);
    root(
        "chmod",
        &["600", &bobs.join("secret.txt").display().to_string()],
    );
    // A failed init --shared (no such form) leaves the repository as it was.
    let out = team.dsw(alice, &plan, &["init", "--shared", "--form", "nosuch"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let config = std::fs::read_to_string(git.join("config")).unwrap();
    assert!(!config.contains("sharedrepository"), "{config}");
    // Sharing: what alice cannot fix is named, with the command.
    let out = team.dsw(alice, &plan, &["init", "--shared"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    let command = printed
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("sudo "))
        .unwrap_or_else(|| panic!("no command in:\n{printed}"))
        .to_owned();
    // The machine may have no sudo: we are root already.
    let run = Command::new("sh")
        .arg("-c")
        .arg(command.replace("sudo ", ""))
        .output()
        .unwrap();
    assert!(ok(&run), "{command}: {}", text(&run));
    let out = team.dsw(alice, &plan, &["init", "--shared"]);
    assert!(
        ok(&out),
        "after the administrator's command: {}",
        text(&out)
    );
    // bob's draft stayed his alone.
    let mode = std::fs::metadata(&bobs).unwrap().mode() & 0o777;
    assert_eq!(mode & 0o066, 0, "bob's draft directory is {mode:o}");
    let out = team.sh(
        carol,
        &plan,
        &format!("cat {}", bobs.join("secret.txt").display()),
    );
    assert!(!ok(&out), "carol read bob's draft");
    // The team works: everyone commits, everyone's doctor passes.
    for (user, q) in [(alice, "1.1.1"), (bob, "1.1.2"), (carol, "1.1.3")] {
        let out = team.sh(
            user,
            &plan,
            &format!("dsw answer {q} {user} && dsw commit -m {user}"),
        );
        assert!(ok(&out), "{user}: {}", text(&out));
    }
    for user in [alice, bob, carol] {
        let doctor = team.dsw(user, &plan, &["doctor"]);
        assert!(ok(&doctor), "doctor for {user}: {}", text(&doctor));
    }
    // Nobody renames the drafts directory (or the one that holds it) away.
    for attempt in [
        format!("mv {d}/dsw/drafts {d}/dsw/gone", d = git.display()),
        format!(
            "mv {d}/dsw/drafts/{alice} {d}/dsw/drafts/x",
            d = git.display()
        ),
    ] {
        let out = team.sh(carol, &plan, &attempt);
        assert!(!ok(&out), "carol could `{attempt}`");
    }
}
