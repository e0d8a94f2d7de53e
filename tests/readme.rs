//! What the README shows is what dsw writes, byte for byte.

use dsw::assessment::{Assessment, BricsTable, Evidence, Stakeholder, write};
use dsw::form::{Catalog, Status};

/// The fenced block of `lang` that follows `heading` in the README.
fn block_after(heading: &str, lang: &str) -> String {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme.find(heading).expect("heading")..];
    let fence = format!("```{lang}\n");
    let start = section.find(&fence).expect("block") + fence.len();
    let end = start + section[start..].find("```\n").expect("end of block");
    section[start..end].to_owned()
}

#[test]
fn the_assessment_file_example_is_what_dsw_writes() {
    let catalog = Catalog::bundled().unwrap();
    let form = &catalog.form("ict-plan").unwrap().form;
    let mut assessment = Assessment::new(form);
    assessment.set_meta("plan", "OOOO 資訊系統功能提升及維運計畫");
    assessment.set_status("1.1", Status::Done);
    assessment.add_evidence(
        "1.1",
        Evidence {
            label: "使用者研究報告".into(),
            target: "docs/research.pdf".into(),
        },
    );
    assessment.set_answer(
        "1.1.1",
        "服務使用者以全國人事人員為主。\n部分功能擴及全體公務人員與退休人員。",
    );
    assessment.brics.push(BricsTable {
        id: "3f9a20c1".into(),
        title: "資料申請小幫手".into(),
        stakeholders: vec![Stakeholder {
            id: "8d11e0b4".into(),
            name: "資料申請者".into(),
            kind: "user".into(),
            benefit: "瞭解其他申請者的經驗".into(),
            ..Default::default()
        }],
    });
    assert_eq!(
        block_after("## The assessment file", "toml"),
        write(&assessment, form)
    );
}
