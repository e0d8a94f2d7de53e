//! Presence as the command line shows it: a record made through the library (as the
//! workbench makes it while its editor is open) is listed by `dsw status` and
//! `dsw status --json`, and gone once the guard is dropped.

mod common;

use common::{Sandbox, run};
use dsw::store::{AssessmentName, Store};

/// How status names alice: with the account too when the tests run under another.
fn alice_named(lang_zh: bool) -> String {
    let login = dsw::store::Account::current().login;
    match (login == "alice", lang_zh) {
        (true, _) => "alice".into(),
        (false, true) => format!("alice（帳號 {login}）"),
        (false, false) => format!("alice (account {login})"),
    }
}

fn status(s: &Sandbox, user: &str, args: &[&str]) -> String {
    let (code, stdout, stderr) = run(s.dsw(user).arg("status").args(args));
    assert_eq!(code, 0, "{stderr}");
    stdout
}

fn editing_json(s: &Sandbox, user: &str) -> Vec<serde_json::Value> {
    let text = status(s, user, &["--json"]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["editing"].as_array().unwrap().clone()
}

#[test]
fn status_names_who_is_editing_which_question_until_they_stop() {
    let s = Sandbox::new();
    s.init("ict-plan");
    let store = Store::open(&s.repo()).unwrap();
    let name = AssessmentName("ict-plan".into());
    assert!(!status(&s, "bob", &[]).contains("編輯中"));
    assert!(editing_json(&s, "bob").is_empty());

    let guard = store.announce(&name, "alice", "1.1.1").unwrap();
    let text = status(&s, "bob", &[]);
    assert!(
        text.contains(&format!(
            "編輯中：{} — 1.1.1 服務使用者有哪些類型",
            alice_named(true)
        )),
        "{text}"
    );
    assert!(!text.contains("另一個視窗"), "{text}");
    let english = status(&s, "bob", &["--lang", "en"]);
    assert!(
        english.contains(&format!("editing: {} — 1.1.1", alice_named(false))),
        "{english}"
    );

    let editing = editing_json(&s, "bob");
    assert_eq!(editing.len(), 1);
    let alice = &editing[0];
    assert_eq!(alice["user"], "alice");
    assert_eq!(alice["field"], "1.1.1");
    assert_eq!(
        alice["account"],
        dsw::store::Account::current().login.as_str()
    );
    let since = alice["since"].as_str().unwrap();
    assert!(since.len() == 25 && since.as_bytes()[10] == b'T', "{since}");
    let keys: Vec<&String> = alice.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["user", "account", "field", "since"]);

    // Alice herself sees her other window, marked.
    let own = status(&s, "alice", &[]);
    assert!(
        own.contains(&format!(
            "編輯中：{}（你，另一個視窗） — 1.1.1",
            alice_named(true)
        )),
        "{own}"
    );

    drop(guard);
    assert!(!status(&s, "bob", &[]).contains("編輯中"));
    assert!(editing_json(&s, "bob").is_empty());
}

#[test]
fn a_brics_cell_being_edited_is_named_by_table_stakeholder_and_column() {
    let s = Sandbox::new();
    s.init("ict-plan");
    s.dsw("alice")
        .args(["brics", "set", "資料申請小幫手", "資料申請者", "risk", "x"])
        .assert()
        .success();
    s.dsw("alice")
        .args(["commit", "-m", "BRiCS"])
        .assert()
        .success();
    let store = Store::open(&s.repo()).unwrap();
    let name = AssessmentName("ict-plan".into());
    let head = store.load_at(&name, store.head_commit().unwrap()).unwrap();
    let table = &head.brics[0];
    let field = format!("brics/{}/{}/risk", table.id, table.stakeholders[0].id);
    let _guard = store.announce(&name, "alice", &field).unwrap();
    let text = status(&s, "bob", &[]);
    assert!(
        text.contains(&format!(
            // Named as dsw diff, the diff tab and the conflict views name the field.
            "編輯中：{} — BRiCS 資料申請小幫手 / 資料申請者 / 風險",
            alice_named(true)
        )),
        "{text}"
    );
    assert_eq!(editing_json(&s, "bob")[0]["field"], field.as_str());
}

#[test]
fn status_json_is_one_object_with_the_documented_keys() {
    let s = Sandbox::new();
    s.init("ict-plan");
    s.dsw("alice")
        .args(["answer", "1.1.1", "人事人員"])
        .assert()
        .success();
    let text = status(&s, "alice", &["--json"]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "assessment",
            "form",
            "form_title",
            "branch",
            "head",
            "completion",
            "guidelines",
            "user",
            "draft",
            "newer",
            "conflicts",
            "drafts",
            "unsent_reviews",
            "orphans",
            "review",
            "editing",
            "hand_edited",
            "git_operation",
            "git_conflicts"
        ]
    );
    assert_eq!(value["completion"]["answered"], 1);
    assert_eq!(value["completion"]["questions"], 16);
    assert_eq!(value["guidelines"][0]["id"], "1");
    assert_eq!(value["draft"]["stat"]["answers_added"], 1);
    assert_eq!(value["user"], "alice");
    assert_eq!(value["unsent_reviews"], serde_json::json!([]));
    // Bob has no draft.
    let bob: serde_json::Value = serde_json::from_str(&status(&s, "bob", &["--json"])).unwrap();
    assert!(bob["draft"].is_null());
    assert_eq!(bob["drafts"], serde_json::json!(["alice"]));
}
