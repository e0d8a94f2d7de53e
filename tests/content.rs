//! The bundled content: counts, ids, the guideline→layer map, and verbatim text.

mod common;

use std::collections::HashSet;
use std::path::Path;

use dsw::form::{Catalog, Form};

fn catalog() -> Catalog {
    Catalog::bundled().expect("bundled content is valid")
}

fn form<'a>(catalog: &'a Catalog, id: &str) -> &'a Form {
    &catalog.form(id).expect("bundled form").form
}

/// (guideline, items, questions) of the `service` form, from the (一) tables of 附件3.
const SERVICE_COUNTS: [(&str, usize, usize); 13] = [
    ("1", 2, 5),
    ("2", 3, 12),
    ("3", 2, 6),
    ("4", 3, 9),
    ("5", 3, 9),
    ("6", 3, 11),
    ("7", 4, 19),
    ("8", 3, 11),
    ("9", 4, 11),
    ("10", 4, 12),
    ("11", 3, 9),
    ("12", 2, 6),
    ("13", 3, 6),
];

#[test]
fn service_form_has_13_guidelines_39_items_126_questions() {
    let catalog = catalog();
    let service = form(&catalog, "service");
    let counts = service.counts();
    assert_eq!(
        (counts.guidelines, counts.items, counts.questions),
        (13, 39, 126)
    );
    for (group, (id, items, questions)) in service.groups.iter().zip(SERVICE_COUNTS) {
        assert_eq!(group.id.as_str(), id);
        let found_questions: usize = group.items.iter().map(|i| i.questions.len()).sum();
        assert_eq!(
            (group.items.len(), found_questions),
            (items, questions),
            "guideline {id}"
        );
    }
}

#[test]
fn ict_plan_form_has_11_items_16_questions_in_official_row_order() {
    let catalog = catalog();
    let plan = form(&catalog, "ict-plan");
    let counts = plan.counts();
    assert_eq!((counts.items, counts.questions), (11, 16));
    // 一, 三, 二, 二, 五, 六, 七, 八, 八, 十二, 十二, 十三 — consecutive rows of one
    // guideline form one group.
    let order: Vec<&str> = plan.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(order, ["1", "3", "2", "5", "6", "7", "8", "12", "13"]);
    let thirteen = plan.groups.last().unwrap();
    assert!(thirteen.items.is_empty());
    assert_eq!(thirteen.questions[0].id.as_str(), "13.0.1");
    // The official example answers every question and checks every item.
    assert!(
        plan.questions()
            .all(|(_, _, q)| q.example.as_ref().is_some_and(|e| !e.trim().is_empty()))
    );
    assert!(
        plan.items()
            .all(|(_, i)| i.example_status == Some(dsw::form::Status::Done))
    );
    let labels: Vec<&str> = plan.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["計畫名稱", "服務名稱", "填表人", "填表日期"]);
}

#[test]
fn ids_are_unique_and_well_formed() {
    let catalog = catalog();
    for entry in catalog.forms() {
        let form = &entry.form;
        let mut seen = HashSet::new();
        for group in &form.groups {
            for (n, item) in group.items.iter().enumerate() {
                assert_eq!(item.id.as_str(), format!("{}.{}", group.id, n + 1));
                assert!(seen.insert(item.id.to_string()), "duplicate {}", item.id);
                for (m, q) in item.questions.iter().enumerate() {
                    assert_eq!(q.id.as_str(), format!("{}.{}", item.id, m + 1));
                    assert!(seen.insert(q.id.to_string()), "duplicate {}", q.id);
                }
            }
            for (m, q) in group.questions.iter().enumerate() {
                assert_eq!(q.id.as_str(), format!("{}.0.{}", group.id, m + 1));
                assert!(seen.insert(q.id.to_string()), "duplicate {}", q.id);
            }
        }
    }
}

/// 表2 of 附件3: each guideline's related layers (besides 檢核清單及關鍵問題).
const TABLE_2: [(&str, &[&str]); 13] = [
    ("1", &["服務", "設計"]),
    ("2", &["設計", "職能培力"]),
    ("3", &["服務", "設計"]),
    ("4", &["軟體", "職能培力"]),
    ("5", &["軟體", "實踐社群"]),
    ("6", &["軟體", "平臺", "基礎設施"]),
    ("7", &["服務", "資安", "法規"]),
    ("8", &["資料", "軟體", "平臺", "法規"]),
    ("9", &["設計", "軟體", "基礎設施"]),
    ("10", &["服務", "資安"]),
    ("11", &["服務", "設計"]),
    ("12", &["服務", "設計"]),
    ("13", &["服務", "平臺"]),
];

#[test]
fn every_guideline_relates_to_the_layers_of_table_2_and_has_their_notes() {
    let catalog = catalog();
    let guidelines = &catalog.guidelines;
    assert_eq!(guidelines.layers.len(), 10);
    assert_eq!(guidelines.guidelines.len(), 13);
    for (id, layers) in TABLE_2 {
        let guideline = guidelines.guideline(id).unwrap();
        let names: Vec<&str> = guideline
            .layers
            .iter()
            .map(|l| guidelines.layer(l).unwrap().name.as_str())
            .collect();
        assert_eq!(names, layers, "guideline {id}");
        let sections: Vec<_> = guidelines.sections_of(guideline).collect();
        assert_eq!(sections.len(), layers.len(), "guideline {id} sections");
        assert!(sections.iter().all(|s| !s.notes.is_empty()));
    }
    assert_eq!(guidelines.sections.len(), 31);
}

#[test]
fn official_texts_spot_checks() {
    let catalog = catalog();
    let g = &catalog.guidelines;
    let seven = g.guideline("七").unwrap();
    assert_eq!(seven.title.as_str(), "兼顧資安、隱私及便利性");
    assert_eq!(
        seven.principle.as_str(),
        "在服務生命週期各階段，對資料的蒐集、處理及利用時，宜兼顧保護資訊安全、個人隱私及服務便利性。"
    );
    let security = g.layer("security").unwrap();
    assert_eq!(
        security.definition.as_str(),
        "保護資訊之三大基本特性：機密性、完整性、可用性；及其延伸特性如鑑別性、可歸責性、不可否認性與可靠性。內容包含安全系統環境、資料遞送及服務測試等。"
    );
    let service = form(&catalog, "service");
    assert_eq!(
        service.item("7.2").unwrap().text.as_str(),
        "保護個人資料及隱私"
    );
    assert_eq!(
        service.question("7.2.7").unwrap().text.as_str(),
        "發布 cookie 政策，明確告知服務正在使用 cookies，及讓使用者授權同意cookies 的使用?"
    );
    assert_eq!(
        service.question("1.1.1").unwrap().text.as_str(),
        "誰是服務的使用者?(包含內、外部使用者)"
    );
    let plan = form(&catalog, "ict-plan");
    assert_eq!(
        plan.question("13.0.1").unwrap().text.as_str(),
        "訂定哪些數位服務績效衡量指標?目標值? (如服務完成率、使用者滿意度、使用者完成服務操作時間、簡化申辦服務流程等)"
    );
    assert!(
        plan.question("13.0.1")
            .unwrap()
            .example
            .as_ref()
            .unwrap()
            .contains("110 年至 114 年每年 OOOO 系統可用度達 99.95%以上。")
    );
    let terms: Vec<&str> = g.terms.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(
        terms,
        ["數位服務", "數位弱勢", "服務代理人", "業務領域資料標準"]
    );
    let kinds: Vec<&str> = catalog
        .brics
        .kinds
        .iter()
        .map(|k| k.name.as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "服務受益／使用者",
            "服務協力提供者／中介者",
            "政府主管機關",
            "衍生議題關注者"
        ]
    );
    let dims: Vec<&str> = catalog
        .brics
        .dimensions
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(dims, ["效益／價值", "風險", "成本／條件／脈絡"]);
    // A note that a page break and footnotes split in the extraction is whole here,
    // with the footnote it cites.
    let notes = &g
        .sections
        .iter()
        .find(|s| s.guideline.as_str() == "7" && s.layer.as_str() == "security")
        .unwrap()
        .notes;
    assert_eq!(notes.len(), 8);
    assert!(
        notes[7]
            .text
            .contains("「政府機關(構)資通安全責任等級分級作業規定」，定期進行數位服務風險管理評估")
    );
    assert_eq!(notes[7].refs[0].n, 11);
}

/// Text with whitespace removed and extraction markup (`<p>`, `<sup>N</sup>` …)
/// dropped, so official text can be found in a seed whatever the line breaks.
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<' {
            // Drop a tag, or a <sup>N</sup> footnote marker with its number.
            let rest: String = chars.clone().take(8).collect();
            if rest.starts_with("sup>") {
                for c in chars.by_ref() {
                    if c == '>' && out.ends_with("/sup") {
                        break;
                    }
                    out.push(c);
                }
                let cut = out.rfind("sup>").unwrap_or(out.len());
                out.truncate(cut);
                continue;
            }
            if rest.starts_with('/') || rest.starts_with(char::is_alphabetic) {
                for c in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                }
                continue;
            }
        }
        if !c.is_whitespace() && c != '☑' {
            out.push(c);
        }
    }
    out.replace("\\_", "_")
}

/// A seed with footnote lines and page rules dropped, squeezed.
fn seed(name: &str) -> Option<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let path = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(name))
        })?;
    let text = std::fs::read_to_string(path).ok()?;
    let body: String = text
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            // Footnotes are `<sup>N</sup> …` or `N …` (sometimes `N…` glued); numbered
            // notes are `N. …` and stay.
            let after_digits = line.trim_start_matches(|c: char| c.is_ascii_digit());
            let footnote = line.starts_with("<sup>")
                || (after_digits.len() < line.len() && !after_digits.starts_with('.'));
            // The form's table header repeats on every page of 附件1.
            let header = line.starts_with("政府數位服務指引\t檢核清單");
            !footnote && !header && line != "---"
        })
        .collect::<Vec<_>>()
        .join("\n");
    Some(squeeze(&body))
}

/// The table cells of a seed joined column by column, so that a cell split across
/// a page break (its halves on two rows) reads as one text.
fn seed_columns(name: &str) -> Option<Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let path = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(name))
        })?;
    let text = std::fs::read_to_string(path).ok()?;
    let mut columns = vec![String::new(); 4];
    for line in text
        .lines()
        .filter(|l| l.contains('\t') && !l.starts_with("政府數位服務指引\t"))
    {
        for (column, cell) in columns.iter_mut().zip(line.split('\t')) {
            column.push_str(&squeeze(cell));
        }
    }
    Some(columns)
}

fn assert_in_seed(seed: &str, what: &str, text: &str) {
    let wanted = squeeze(text);
    assert!(
        seed.contains(&wanted),
        "{what} is not verbatim in the seed: {text}"
    );
}

#[test]
fn every_official_text_is_verbatim_in_the_seeds() {
    let (Some(s000), Some(s001), Some(s002), Some(s003)) =
        (seed("000_"), seed("001_"), seed("002_"), seed("003_"))
    else {
        // The seeds are always at ../shared/seeds in CI: there a missing one fails.
        common::needs(false, "../shared/seeds is not beside the checkout");
        return;
    };
    let catalog = catalog();
    let g = &catalog.guidelines;
    for guideline in &g.guidelines {
        assert_in_seed(&s001, "title", &guideline.heading());
        assert_in_seed(&s001, "principle", &guideline.principle);
        assert_in_seed(&s001, "explanation", &guideline.explanation);
    }
    for layer in &g.layers {
        assert_in_seed(
            &s000,
            "layer",
            &format!("{}{}", layer.name, layer.definition),
        );
    }
    for section in &g.sections {
        for note in &section.notes {
            assert_in_seed(&s000, "note", &note.text);
        }
    }
    for term in &g.terms {
        assert_in_seed(
            &s002,
            "term",
            &format!("{}：{}", term.term, term.definition),
        );
    }
    for (_, item, question) in form(&catalog, "service").questions() {
        assert_in_seed(&s000, "item", &item.unwrap().text);
        assert_in_seed(&s000, "question", &question.text);
    }
    let plan = form(&catalog, "ict-plan");
    assert_in_seed(&s002, "intro", plan.intro.as_ref().unwrap());
    let columns = seed_columns("002_").expect("seed 002 read above");
    for (_, item, question) in plan.questions() {
        if let Some(item) = item {
            assert_in_seed(&columns[1], "item", &item.text);
        }
        assert_in_seed(&columns[2], "question", &question.text);
        assert_in_seed(&columns[3], "example", question.example.as_ref().unwrap());
    }
    for field in &plan.fields {
        assert_in_seed(&s002, "field", &field.label);
        if let Some(example) = &field.example {
            assert_in_seed(
                &s002,
                "field example",
                &format!("{}：{example}", field.label),
            );
        }
    }
    let brics = &catalog.brics;
    assert_in_seed(&s003, "intro", &brics.intro);
    for kind in &brics.kinds {
        assert_in_seed(&s003, "kind", &kind.name);
        assert_in_seed(&s003, "kind description", &kind.description);
    }
    for dimension in &brics.dimensions {
        for paragraph in dimension.explanation.split("\n\n") {
            assert_in_seed(&s003, "dimension", paragraph);
        }
    }
    for guidance in &brics.guidance {
        assert_in_seed(&s003, "guidance", &guidance.text);
    }
    let case = brics.example.as_ref().unwrap();
    for text in [&case.scenario, &case.question, &case.analysis] {
        for paragraph in text.split("\n\n") {
            assert_in_seed(&s003, "case", paragraph);
        }
    }
}
