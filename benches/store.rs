//! Store budgets (issue: assessments in git), on a 10,000-revision repository of a
//! fully answered `service` assessment:
//! - load + parse + validate an assessment ≤ 2 ms
//! - commit (merge + tree + CAS) ≤ 15 ms
//! - log: first 100 revisions ≤ 10 ms; all 10,000 ≤ 150 ms and ≤ 1.5× `git log`
//! - diff between revision 1 and 10,000 ≤ 10 ms
//!
//! Run: `cargo bench --bench store`.

mod common;

use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};
use dsw::assessment::read;
use dsw::diff::AssessmentDiff;
use dsw::form::Catalog;
use dsw::store::{AssessmentName, Author, Store};

fn load(c: &mut Criterion) {
    let catalog = Catalog::bundled().unwrap();
    let form = common::service(&catalog);
    let text = dsw::assessment::write(&common::fully_answered(&form, 1), &form);
    c.bench_function(
        "load+parse+validate service (126 answers × 300 chars)",
        |b| {
            b.iter(|| {
                read(
                    "service.assessment.toml",
                    std::hint::black_box(&text),
                    &catalog,
                )
                .unwrap()
            })
        },
    );
}

fn log(c: &mut Criterion) {
    let dir = common::big_repository();
    let store = Store::open(&dir).unwrap();
    let name = AssessmentName("service".into());
    let mut group = c.benchmark_group("log");
    group.sample_size(20);
    // A fresh Store each time: libgit2 caches parsed commits per repository, and a
    // warm cache would measure a second `dsw log`, not the first.
    group.bench_function("first 100 revisions (open + walk)", |b| {
        b.iter(|| {
            let store = Store::open(&dir).unwrap();
            store
                .log(&name, None)
                .unwrap()
                .take(100)
                .map(Result::unwrap)
                .count()
        })
    });
    group.bench_function("all 10,000 revisions (open + walk)", |b| {
        b.iter(|| {
            let store = Store::open(&dir).unwrap();
            store.log(&name, None).unwrap().map(Result::unwrap).count()
        })
    });
    let loose = common::big_loose_repository();
    group.bench_function("all 10,000 revisions (open + walk), objects loose", |b| {
        b.iter(|| {
            let store = Store::open(&loose).unwrap();
            store.log(&name, None).unwrap().map(Result::unwrap).count()
        })
    });
    group.bench_function(
        "`git log --format='%H %an %s'` process, objects loose",
        |b| {
            b.iter(|| {
                let status = Command::new("git")
                    .args(["log", "--format=%H %an %s"])
                    .current_dir(&loose)
                    .stdout(Stdio::null())
                    .status()
                    .unwrap();
                assert!(status.success());
            })
        },
    );
    group.bench_function("all 10,000 revisions, warm object cache", |b| {
        b.iter(|| store.log(&name, None).unwrap().map(Result::unwrap).count())
    });
    let exe = env!("CARGO_BIN_EXE_dsw");
    group.bench_function("`dsw log` process, 10,000 revisions", |b| {
        b.iter(|| {
            let status = Command::new(exe)
                .arg("log")
                .current_dir(&dir)
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
        })
    });
    group.bench_function(
        "`git log --format='%H %an %s'` process, 10,000 revisions",
        |b| {
            b.iter(|| {
                let status = Command::new("git")
                    .args(["log", "--format=%H %an %s"])
                    .current_dir(&dir)
                    .stdout(Stdio::null())
                    .status()
                    .unwrap();
                assert!(status.success());
            })
        },
    );
    group.finish();
}

fn diff(c: &mut Criterion) {
    let dir = common::big_repository();
    let store = Store::open(&dir).unwrap();
    let name = AssessmentName("service".into());
    let head = store.head_commit().unwrap();
    let first = store.log(&name, None).unwrap().last().unwrap().unwrap().id;
    let before = store.load_at(&name, first).unwrap();
    let after = store.load_at(&name, head).unwrap();
    let form = store.form_of(&after).unwrap().clone();
    assert_eq!(
        AssessmentDiff::between(&before, &after, &form)
            .stat()
            .answers_changed,
        126
    );
    c.bench_function("diff revision 1 → 10,000 (126 answers differ)", |b| {
        b.iter(|| AssessmentDiff::between(&before, &after, &form))
    });
    c.bench_function("diff revision 1 → 10,000 including loading both", |b| {
        b.iter(|| {
            let before = store.load_at(&name, first).unwrap();
            let after = store.load_at(&name, head).unwrap();
            AssessmentDiff::between(&before, &after, &form)
        })
    });
}

fn commit(c: &mut Criterion) {
    // A private copy: commits add revisions, and the shared fixture must stay 10k.
    let source = common::big_repository();
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("git")
        .args([
            "clone",
            "-q",
            source.to_str().unwrap(),
            dir.path().join("r").to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let store = Store::open(&dir.path().join("r")).unwrap();
    let name = AssessmentName("service".into());
    let author = Author {
        name: "王小明".into(),
        email: "ming@example.gov.tw".into(),
    };
    let mut n = 0usize;
    let mut group = c.benchmark_group("commit");
    group.sample_size(30);
    group.bench_function(
        "commit one answer (merge + tree + CAS) on 10k history",
        |b| {
            b.iter(|| {
                n += 1;
                let head = store.head_commit().unwrap();
                let base = store.load_at(&name, head).unwrap();
                let mut mine = base.clone();
                mine.set_answer("7.3.2", common::answer("7.3.2", 100_000 + n));
                store
                    .commit_content(&name, &base, &mine, head, "bench", &author)
                    .unwrap()
            })
        },
    );
    group.finish();
}

criterion_group!(benches, load, log, diff, commit);
criterion_main!(benches);
