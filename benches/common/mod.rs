//! Benchmark fixtures: a repository with 10,000 revisions of a fully answered
//! `service` assessment (~300-character answers), built directly with git2 in a few
//! seconds and cached under `target/bench-fixtures/`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dsw::assessment::{Assessment, write};
use dsw::form::{Catalog, Form};
use git2::{Repository, RepositoryInitOptions, Signature, Time};

/// Revisions in the big fixture.
pub const REVISIONS: usize = 10_000;

/// A ~300-character answer that differs by `version`.
pub fn answer(question: &str, version: usize) -> String {
    let line = format!(
        "第 {version} 版：本計畫針對 {question} 的規劃構想，說明服務對象、現況問題與改善策略，並列出預計完成的時程與負責單位。"
    );
    let mut text = String::new();
    while text.chars().count() < 300 {
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// The service form.
pub fn service(catalog: &Catalog) -> Form {
    catalog.form("service").unwrap().form.clone()
}

/// Every question of `form` answered at `version`.
pub fn fully_answered(form: &Form, version: usize) -> Assessment {
    let mut a = Assessment::new(form);
    for (_, _, q) in form.questions() {
        a.set_answer(&q.id, answer(&q.id, version));
    }
    a
}

/// The cached 10,000-revision repository, packed (built on first use).
pub fn big_repository() -> PathBuf {
    cached("service-10k", false)
}

/// The same history with every object loose (as before any `git gc`).
pub fn big_loose_repository() -> PathBuf {
    cached("service-10k-loose", true)
}

fn cached(name: &str, loose: bool) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-fixtures")
        .join(name);
    if dir.join(".git/dsw-fixture-complete").exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    build(&dir, REVISIONS, loose);
    std::fs::write(dir.join(".git/dsw-fixture-complete"), "").unwrap();
    dir
}

/// Builds a repository at `dir` with `revisions` commits: the first answers every
/// question, each later one rewrites one answer (cycling through the questions), so
/// after 126 revisions every answer differs from the first.
pub fn build(dir: &Path, revisions: usize, loose: bool) {
    let catalog = Catalog::bundled().unwrap();
    let form = service(&catalog);
    std::fs::create_dir_all(dir).unwrap();
    let mut options = RepositoryInitOptions::new();
    options.initial_head("main");
    let repo = Repository::init_opts(dir, &options).unwrap();
    let ids: Vec<String> = form.questions().map(|(_, _, q)| q.id.to_string()).collect();
    let mut assessment = fully_answered(&form, 0);
    let mut parent: Option<git2::Oid> = None;
    for n in 0..revisions {
        if n > 0 {
            let id = &ids[(n - 1) % ids.len()];
            assessment.set_answer(id, answer(id, n));
        }
        let bytes = write(&assessment, &form);
        let blob = repo.blob(bytes.as_bytes()).unwrap();
        let mut builder = repo.treebuilder(None).unwrap();
        builder
            .insert("service.assessment.toml", blob, 0o100_644)
            .unwrap();
        let tree = repo.find_tree(builder.write().unwrap()).unwrap();
        let author = ["王小明", "李美玲", "陳志強"][n % 3];
        let signature = Signature::new(
            author,
            "team@example.gov.tw",
            &Time::new(1_700_000_000 + n as i64 * 60, 480),
        )
        .unwrap();
        let message = format!(
            "第 {n} 次修訂\n\nDsw-Assessment: service\nDsw-Parent: {}\nDsw-Stat: {}\n",
            parent.map_or_else(|| "none".to_owned(), |id| id.to_string()),
            if n == 0 {
                "answers_added=126".to_owned()
            } else {
                "answers_changed=1".to_owned()
            }
        );
        let parents: Vec<git2::Commit<'_>> = parent
            .iter()
            .map(|id| repo.find_commit(*id).unwrap())
            .collect();
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let id = repo
            .commit(
                Some("refs/heads/main"),
                &signature,
                &signature,
                &message,
                &tree,
                &parent_refs,
            )
            .unwrap();
        parent = Some(id);
    }
    // The working tree and index as dsw leaves them.
    let mut checkout = git2::build::CheckoutBuilder::new();
    checkout.force();
    repo.checkout_head(Some(&mut checkout)).unwrap();
    repo.tag_lightweight(
        "第一次送審",
        &repo.find_object(parent.unwrap(), None).unwrap(),
        false,
    )
    .unwrap();
    // As git's housekeeping (which dsw triggers after commits) leaves a repository of
    // this size: packed. `loose` keeps the objects loose, for comparison.
    if !loose {
        let status = std::process::Command::new("git")
            .args(["gc", "--quiet"])
            .current_dir(dir)
            .status()
            .unwrap();
        assert!(status.success());
    }
}
