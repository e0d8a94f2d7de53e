//! `dsw demo [--no-tui]`: a sample assessment in a new temporary repository — the
//! `ict-plan` form filled in with the official example's answers over several
//! revisions by two people, an iteration tag between them, and a BRiCS table for the
//! course's worked case (資料申請小幫手).

use std::io::Write;
use std::path::PathBuf;

use super::{Context, Out};
use crate::assessment::{Assessment, BricsTable, Stakeholder};
use crate::i18n::Lang;
use crate::store::{AssessmentName, Author, Store, StoreError};

/// The two people of the demo.
fn people() -> (Author, Author) {
    (
        Author {
            name: "王小明".into(),
            email: "ming@example.gov.tw".into(),
        },
        Author {
            name: "李美玲".into(),
            email: "meiling@example.gov.tw".into(),
        },
    )
}

/// Builds the demo repository, prints where it is, and returns it.
pub fn run(context: &Context, out: &mut Out) -> anyhow::Result<PathBuf> {
    let lang = context.lang;
    let dir = fresh_dir()?;
    build(&dir, lang).map_err(|e| context.fail(e))?;
    let path = dir.display().to_string();
    match lang {
        Lang::Zh => {
            writeln!(out, "範例評估已建立於 {path}")?;
            writeln!(out, "  cd {path}")?;
            writeln!(out, "  dsw log            # 歷次版本（兩位作者、送審標記）")?;
            writeln!(out, "  dsw diff 第一次送審 HEAD")?;
            writeln!(out, "  dsw export --format html -o 評估.html")?;
        }
        Lang::En => {
            writeln!(out, "sample assessment created in {path}")?;
            writeln!(out, "  cd {path}")?;
            writeln!(
                out,
                "  dsw log            # its revisions (two authors, an iteration tag)"
            )?;
            writeln!(out, "  dsw diff {} HEAD", iteration(lang))?;
            writeln!(out, "  dsw export --format html -o report.html")?;
        }
    }
    Ok(dir)
}

/// The name of the demo's iteration tag: what a team working in that language would
/// type.
fn iteration(lang: Lang) -> &'static str {
    lang.pick("第一次送審", "review-1")
}

/// A new directory under the system's temporary directory.
fn fresh_dir() -> anyhow::Result<PathBuf> {
    let base = std::env::temp_dir();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    for attempt in 0..100u32 {
        let dir = base.join(format!(
            "dsw-demo-{}-{:x}-{attempt}",
            std::process::id(),
            stamp % 0xffff_ffff
        ));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e.into()),
        }
    }
    anyhow::bail!("could not create a directory under {}", base.display())
}

/// The demo's history, in `dir`.
pub fn build(dir: &std::path::Path, lang: Lang) -> Result<(Store, AssessmentName), StoreError> {
    let (ming, meiling) = people();
    let (store, name, _) = Store::init(
        dir,
        "ict-plan",
        None,
        None,
        &ming,
        lang.pick("建立評估", "Create the assessment"),
    )?;
    let form = store
        .catalog()
        .form("ict-plan")
        .map_err(|_| StoreError::UnknownForm("ict-plan".into()))?
        .form
        .clone();
    let example = Assessment::from_example(&form);

    // Each step copies the official example's values for some guidelines.
    let steps: [(&Author, &[&str], &str, &str); 3] = [
        (
            &ming,
            &["1", "3"],
            "填寫表頭、了解使用者需求與多元服務管道",
            "header, user needs and service channels",
        ),
        (
            &meiling,
            &["2", "5", "6", "7"],
            "填寫跨領域合作、資源、工具與資安",
            "collaboration, resources, tools and security",
        ),
        (
            &ming,
            &["8", "12", "13"],
            "填寫開放、數位使用與績效",
            "openness, digital use and performance",
        ),
    ];
    for (n, (author, guidelines, zh, en)) in steps.iter().enumerate() {
        let head = store.head_commit()?;
        let base = store.load_at(&name, head)?;
        let mut mine = base.clone();
        if n == 0 {
            mine.meta = example.meta.clone();
        }
        for group in form
            .groups
            .iter()
            .filter(|g| guidelines.contains(&g.id.as_str()))
        {
            for item in &group.items {
                mine.set_status(&item.id, example.status(&item.id));
                for question in &item.questions {
                    mine.set_answer(&question.id, example.answer(&question.id));
                }
            }
            for question in &group.questions {
                mine.set_answer(&question.id, example.answer(&question.id));
            }
        }
        if n == 2 {
            mine.brics.push(case_table());
        }
        store.commit_content(&name, &base, &mine, head, lang.pick(zh, en), author)?;
        if n == 1 {
            let tag = lang.pick("第一次送審版本", "first review");
            store.tag(iteration(lang), None, tag, author)?;
        }
    }
    Ok((store, name))
}

/// A BRiCS table for the course's worked case. The case gives the stakeholders and
/// the situation; the cells are this demo's illustration, not official text.
fn case_table() -> BricsTable {
    let row =
        |id: &str, name: &str, kind: &str, benefit: &str, risk: &str, cost: &str| Stakeholder {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
            benefit: benefit.into(),
            risk: risk.into(),
            cost: cost.into(),
        };
    BricsTable {
        id: "demo-case".into(),
        title: "資料申請小幫手".into(),
        stakeholders: vec![
            row(
                "applicant",
                "資料申請者",
                "user",
                "瞭解其他申請者的經驗與准駁原因，提高申請成功的機會。",
                "申請仍可能被駁回或久未回復。",
                "需要花時間整理需求並追蹤申請進度。",
            ),
            row(
                "helper-team",
                "資料申請小幫手團隊",
                "provider",
                "延續開放資料民間社群的關注熱度，找出可進一步開放的政策主題。",
                "志工人力不穩定；整理的准駁原因可能誤解機關立場。",
                "持續投入人力維護平臺、統整申復結果。",
            ),
            row(
                "agency",
                "主管資料的行政機關",
                "authority",
                "減少重複申請與說明，提升資料開放成效。",
                "准駁原因公開後可能受到外界質疑。",
                "統整申復結果與准駁原因，依政府資訊公開法檢討。",
            ),
            row(
                "privacy-groups",
                "個資與隱私關注團體",
                "concern",
                "申請與准駁過程更透明，便於監督。",
                "",
                "投入時間監督並反映爭議。",
            ),
        ],
    }
}
