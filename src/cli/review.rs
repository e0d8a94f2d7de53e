//! `dsw review add|list|show|reply|accept|reopen|import`: review comments (審查意見)
//! on the command line. Each action is one [`Action`] the store applies to the
//! branch head (a revision of its own); listing and showing read the head.

use std::io::Write;

use super::{Context, Exit, Out, ReviewCommand, UserError, hint, input, layout};
use crate::assessment::Assessment;
use crate::export::review_json;
use crate::form::Form;
use crate::i18n::Lang;
use crate::review::{
    Action, Comment, Review, ReviewError, Stamp, Standing, State, Target, new_id, read_csv,
};
use crate::safe_text::visible;
use crate::store::{AssessmentName, Author, Reviewed, Store, StoreError, short_id};

/// How wide the first line of a comment's text may be in `dsw review list`.
const LIST_TEXT_WIDTH: usize = 40;

/// Runs a `dsw review` subcommand.
pub fn run(context: &Context, action: ReviewCommand, out: &mut Out) -> anyhow::Result<Exit> {
    match action {
        ReviewCommand::Add {
            target,
            text,
            iteration,
            by,
            author,
        } => add(
            context,
            &target,
            text.as_deref(),
            iteration.as_deref(),
            by.as_deref(),
            author.as_deref(),
            out,
        ),
        ReviewCommand::List {
            open,
            iteration,
            target,
            json,
        } => list(
            context,
            Filter {
                open,
                iteration,
                target,
            },
            json,
            out,
        ),
        ReviewCommand::Show { number, json } => show(context, &number, json, out),
        ReviewCommand::Reply {
            number,
            text,
            author,
        } => reply(context, &number, text.as_deref(), author.as_deref(), out),
        ReviewCommand::Accept { number, author } => {
            let head = Head::open(context)?;
            let id = head.find(context, &number)?.id.clone();
            let reviewed = head.act(context, &Action::Accept { id }, author.as_deref())?;
            done(context, &reviewed, out)
        }
        ReviewCommand::Reopen {
            number,
            text,
            author,
        } => {
            let head = Head::open(context)?;
            let id = head.find(context, &number)?.id.clone();
            let text = text_of(context, text.as_deref())?;
            let reviewed = head.act(context, &Action::Reopen { id, text }, author.as_deref())?;
            done(context, &reviewed, out)
        }
        ReviewCommand::Import {
            file,
            iteration,
            by,
            author,
        } => import(
            context,
            &file,
            iteration.as_deref(),
            by.as_deref(),
            author.as_deref(),
            out,
        ),
    }
}

/// The repository, the assessment and its review at the branch head: what every
/// review command reads and checks numbers and targets against.
struct Head {
    store: Store,
    name: AssessmentName,
    form: Form,
    assessment: Assessment,
    review: Review,
}

impl Head {
    fn open(context: &Context) -> anyhow::Result<Head> {
        let (store, name) = context.open()?;
        let fail = |e| context.fail(e);
        let head = store.head_commit().map_err(fail)?;
        let assessment = store.load_at(&name, head).map_err(fail)?;
        let form = store.form_of(&assessment).map_err(fail)?.clone();
        let review = store.review_at(&name, head).map_err(fail)?;
        Ok(Head {
            store,
            name,
            form,
            assessment,
            review,
        })
    }

    /// The comment with number or id `key`; exit 2 naming the numbers there are.
    fn find(&self, context: &Context, key: &str) -> anyhow::Result<&Comment> {
        self.review.find(key).ok_or_else(|| {
            context.fail(StoreError::Review(ReviewError::UnknownComment {
                key: key.to_owned(),
                known: self.review.comments.iter().map(|c| c.number).collect(),
            }))
        })
    }

    /// A target as a person types it, checked against the head (what reviewers
    /// read); one only in the person's draft is said to need committing first.
    fn target(&self, context: &Context, typed: &str) -> anyhow::Result<Target> {
        Target::resolve(typed, &self.form, &self.assessment).map_err(|error| {
            let lang = context.lang;
            let drafted = self
                .store
                .draft(&self.name, &context.user)
                .ok()
                .flatten()
                .is_some_and(|d| Target::resolve(typed, &self.form, &d.mine).is_ok());
            let message = if drafted {
                format!(
                    "{}{}",
                    error.message(lang),
                    lang.pick(
                        "它只在你的草稿中：審查意見針對已提交的版本，請先以 `dsw commit -m MSG` 提交。",
                        " It is only in your draft: comments are on committed revisions, so commit it first (`dsw commit -m MSG`).",
                    )
                )
            } else {
                error.message(lang)
            };
            UserError::bad_input(message).into()
        })
    }

    /// Commits `action` by the author (`--author`, `DSW_AUTHOR`, git config, the
    /// account).
    fn act(
        &self,
        context: &Context,
        action: &Action,
        author: Option<&str>,
    ) -> anyhow::Result<Reviewed> {
        let author = self.author(context, author)?;
        self.store
            .act_on_review(&self.name, action, "", &author)
            .map_err(|e| context.fail(e))
    }

    fn author(&self, context: &Context, author: Option<&str>) -> anyhow::Result<Author> {
        Author::resolve(author, Some(self.store.repository())).map_err(|e| context.fail(e))
    }

    /// The iteration a new comment is written against: `given` if it is an
    /// iteration tag, else the latest tag; `None` when there is no tag at all.
    fn iteration(&self, context: &Context, given: Option<&str>) -> anyhow::Result<Option<String>> {
        let tags: Vec<String> = self
            .store
            .iterations()
            .map_err(|e| context.fail(e))?
            .into_iter()
            .map(|it| it.name)
            .collect();
        match given {
            Some(given) => {
                let given = given.trim();
                if tags.iter().any(|t| t == given) {
                    Ok(Some(given.to_owned()))
                } else {
                    Err(unknown_iteration(context.lang, given, &tags).into())
                }
            }
            None => Ok(tags.last().cloned()),
        }
    }
}

/// An iteration that is not a tag: the closest one and the ones there are.
fn unknown_iteration(lang: Lang, given: &str, tags: &[String]) -> UserError {
    let given = visible(given, false);
    if tags.is_empty() {
        return UserError::bad_input(match lang {
            Lang::Zh => format!(
                "沒有送審標記「{given}」：這個儲存庫還沒有任何送審標記。請先以 `dsw tag 第一次送審` 標記送審的版本。"
            ),
            Lang::En => format!(
                "there is no iteration \"{given}\": the repository has no iteration tags yet. Tag the revision sent for review first, e.g. `dsw tag review-1`."
            ),
        });
    }
    let closest = crate::suggest::closest(&given, tags.iter().map(String::as_str));
    let names = tags
        .iter()
        .map(|t| visible(t, false).into_owned())
        .collect::<Vec<_>>()
        .join(lang.list_separator());
    let mut text = match lang {
        Lang::Zh => format!("沒有送審標記「{given}」"),
        Lang::En => format!("there is no iteration \"{given}\""),
    };
    if let Some(closest) = closest {
        let closest = visible(closest, false);
        text += &match lang {
            Lang::Zh => format!("；最接近的是「{closest}」"),
            Lang::En => format!("; the closest is \"{closest}\""),
        };
    }
    text += &match lang {
        Lang::Zh => format!("。現有的送審標記：{names}（`dsw tags` 列出全部）。"),
        Lang::En => format!(". The iterations are: {names} (`dsw tags` lists them)."),
    };
    UserError::bad_input(text)
}

/// The text given, or standard input; empty text is refused (exit 2).
fn text_of(context: &Context, given: Option<&str>) -> anyhow::Result<String> {
    let text = input::text_or_stdin(given, context.lang)?;
    if text.trim().is_empty() {
        return Err(context.fail(StoreError::Review(ReviewError::EmptyText)));
    }
    Ok(text)
}

/// A stamp for making new comment ids (the store stamps the action itself).
fn stamp(author: &Author) -> Stamp {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    Stamp {
        by: author.name.clone(),
        date: crate::time::rfc3339(now, 0),
    }
}

/// `dsw review add TARGET [TEXT | -] [--iteration TAG] [--by NAME]`.
fn add(
    context: &Context,
    target: &str,
    text: Option<&str>,
    iteration: Option<&str>,
    by: Option<&str>,
    author: Option<&str>,
    out: &mut Out,
) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let head = Head::open(context)?;
    let target = head.target(context, target)?;
    let iteration = head.iteration(context, iteration)?;
    let text = text_of(context, text)?;
    let author_of_revision = head.author(context, author)?;
    let action = Action::Add {
        id: new_id(&stamp(&author_of_revision), &text, 0),
        target: target.clone(),
        iteration: iteration.clone().unwrap_or_default(),
        reviewer: by.unwrap_or("").trim().to_owned(),
        text,
    };
    let reviewed = head.act(context, &action, author)?;
    let mut about = vec![target.with_names(&head.assessment)];
    if let Some(iteration) = &iteration {
        about.push(iteration.clone());
    }
    let about = visible(&about.join(lang.pick("，", ", ")), false).into_owned();
    let line = format!(
        "{}{}",
        reviewed.applied.describe(lang),
        lang.parenthesized(&about)
    );
    write_done(context, &line, &reviewed, out)?;
    if iteration.is_none() {
        writeln!(
            out,
            "{}",
            lang.pick(
                "這個儲存庫還沒有送審標記，這則意見未記錄是針對哪一次送審；以 `dsw tag 第一次送審` 標記送審的版本後，新的意見就會記下。",
                "the repository has no iteration tag yet, so this comment records no iteration; once the revision sent for review is tagged (`dsw tag review-1`), new comments record it."
            )
        )?;
    }
    Ok(Exit::Success)
}

/// `dsw review reply N [TEXT | -]`: two different replies at once exit 3, both kept.
fn reply(
    context: &Context,
    number: &str,
    text: Option<&str>,
    author: Option<&str>,
    out: &mut Out,
) -> anyhow::Result<Exit> {
    let head = Head::open(context)?;
    let comment = head.find(context, number)?;
    // The reply this person starts from: a different one landing meanwhile means
    // two people replied at once.
    let seen = comment.reply.as_ref().map(|r| r.text.clone());
    let id = comment.id.clone();
    let text = text_of(context, text)?;
    let reviewed = head.act(context, &Action::Reply { id, text, seen }, author)?;
    done(context, &reviewed, out)
}

/// Prints what an action did; two replies at once are exit 3 with the message on
/// standard error.
fn done(context: &Context, reviewed: &Reviewed, out: &mut Out) -> anyhow::Result<Exit> {
    let line = reviewed.applied.describe(context.lang);
    if reviewed.applied.conflicts() {
        if let Some(note) = hint::worktree_note(&reviewed.worktree, context.lang) {
            writeln!(out, "{note}")?;
        }
        return Err(UserError {
            exit: Exit::Conflict,
            message: line,
        }
        .into());
    }
    write_done(context, &line, reviewed, out)?;
    Ok(Exit::Success)
}

/// `line → revision`, and what happened to the working-tree file when it did not
/// simply follow.
fn write_done(
    context: &Context,
    line: &str,
    reviewed: &Reviewed,
    out: &mut Out,
) -> anyhow::Result<()> {
    match reviewed.id {
        Some(id) => writeln!(out, "{line} → {}", short_id(id))?,
        None => writeln!(out, "{line}")?,
    }
    if let Some(note) = hint::worktree_note(&reviewed.worktree, context.lang) {
        writeln!(out, "{note}")?;
    }
    Ok(())
}

/// `dsw review import FILE.csv [--iteration TAG] [--by NAME]`: every row, or none.
fn import(
    context: &Context,
    file: &std::path::Path,
    iteration: Option<&str>,
    by: Option<&str>,
    author: Option<&str>,
    out: &mut Out,
) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let head = Head::open(context)?;
    let display = file.display().to_string();
    let Some(iteration) = head.iteration(context, iteration)? else {
        return Err(UserError::bad_input(lang.pick(
            "匯入的審查意見要記下是針對哪一次送審，但這個儲存庫還沒有送審標記：請先以 `dsw tag 第一次送審` 標記送審的版本，再以 --iteration 指定。",
            "imported comments record the iteration they were written against, and the repository has no iteration tag yet: tag the revision sent for review first (`dsw tag review-1`), then name it with --iteration.",
        ))
        .into());
    };
    let bytes = std::fs::read(file).map_err(|error| {
        UserError::bad_input(
            format!(
                "{}{}{}",
                lang.pick("無法讀取 ", "cannot read "),
                visible(&display, false),
                lang.colon(),
            ) + &crate::i18n::io_error(&error, lang),
        )
    })?;
    let rows = read_csv(&bytes, &head.form, &head.assessment)
        .map_err(|error| UserError::bad_input(error.message(&display, lang)))?;
    let author_of_revision = head.author(context, author)?;
    let stamp = stamp(&author_of_revision);
    let by = by.unwrap_or("").trim();
    let actions = rows
        .into_iter()
        .enumerate()
        .map(|(n, row)| Action::Add {
            id: new_id(&stamp, &row.text, n),
            target: row.target,
            iteration: iteration.clone(),
            reviewer: row.reviewer.unwrap_or_else(|| by.to_owned()),
            text: row.text,
        })
        .collect();
    let reviewed = head.act(context, &Action::AddMany(actions), author)?;
    write_done(context, &reviewed.applied.describe(lang), &reviewed, out)?;
    // What landed, as `dsw review list` shows it.
    if let (Some(id), crate::review::Applied::Added(numbers)) = (reviewed.id, &reviewed.applied) {
        let review = head
            .store
            .review_at(&head.name, id)
            .map_err(|e| context.fail(e))?;
        let added = review
            .comments
            .iter()
            .filter(|c| numbers.contains(&c.number));
        let rows: Vec<Vec<String>> = added.map(|c| list_row(c, &head.assessment, lang)).collect();
        layout::write_columns(out, &rows)?;
    }
    Ok(Exit::Success)
}

/// What `dsw review list` shows.
struct Filter {
    open: bool,
    iteration: Option<String>,
    target: Option<String>,
}

/// `dsw review list [--open] [--iteration TAG] [--target ID] [--json]`.
fn list(context: &Context, filter: Filter, json: bool, out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let head = Head::open(context)?;
    let review = &head.review;
    let iteration = match &filter.iteration {
        None => None,
        Some(given) => {
            let given = given.trim();
            // Tags, and the iterations comments name (a tag deleted since).
            let mut known: Vec<String> = head
                .store
                .iterations()
                .map_err(|e| context.fail(e))?
                .into_iter()
                .map(|it| it.name)
                .collect();
            for named in review.iterations() {
                if !named.is_empty() && !known.iter().any(|k| k == named) {
                    known.push(named.to_owned());
                }
            }
            if !known.iter().any(|k| k == given) {
                return Err(unknown_iteration(lang, given, &known).into());
            }
            Some(given.to_owned())
        }
    };
    let target = match &filter.target {
        None => None,
        Some(typed) => Some(match head.target(context, typed) {
            Ok(target) => target,
            // A target gone from the assessment still names its comments.
            Err(error) => match Target::parse_stored(typed) {
                Some(stored) if review.on(&stored).next().is_some() => stored,
                _ => return Err(error),
            },
        }),
    };
    let scope: Vec<&Comment> = review
        .comments
        .iter()
        .filter(|c| iteration.as_ref().is_none_or(|it| c.iteration == *it))
        .filter(|c| target.as_ref().is_none_or(|t| c.target == *t))
        .collect();
    let shown: Vec<&Comment> = scope
        .iter()
        .copied()
        .filter(|c| !filter.open || c.standing(&head.assessment).is_open())
        .collect();
    if json {
        let value = review_json::of(shown, &head.form, &head.assessment, lang);
        writeln!(out, "{}", crate::safe_text::json(&value, true))?;
        return Ok(Exit::Success);
    }
    if review.comments.is_empty() {
        writeln!(
            out,
            "{}",
            lang.pick(
                "還沒有審查意見；以 `dsw review add TARGET TEXT` 新增，或以 `dsw review import FILE.csv` 匯入審查委員的試算表。",
                "no review comments yet; `dsw review add TARGET TEXT` adds one, `dsw review import FILE.csv` imports a reviewers' spreadsheet."
            )
        )?;
        return Ok(Exit::Success);
    }
    if shown.is_empty() {
        writeln!(
            out,
            "{}",
            lang.pick("沒有符合的審查意見。", "no comment matches.")
        )?;
    }
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|c| list_row(c, &head.assessment, lang))
        .collect();
    layout::write_columns(out, &rows)?;
    let counts = Review::count(scope.iter().copied(), &head.assessment);
    let total = counts.total();
    writeln!(
        out,
        "{}{}{}",
        match lang {
            Lang::Zh => format!("共 {total} 則"),
            Lang::En => format!("{total} comment{}", if total == 1 { "" } else { "s" }),
        },
        lang.colon(),
        counts.describe(lang)
    )?;
    Ok(Exit::Success)
}

/// One line of `dsw review list`: number, standing, target, reviewer, iteration and
/// the first line of the text.
fn list_row(comment: &Comment, assessment: &Assessment, lang: Lang) -> Vec<String> {
    let mut first = first_line(&comment.text);
    if comment.reply_conflicts() {
        first = format!(
            "{} {first}",
            lang.pick("［兩個回覆待整合］", "[two replies to settle]")
        );
    }
    vec![
        format!("#{}", comment.number),
        comment.standing(assessment).label(lang).to_owned(),
        comment.target.with_names(assessment),
        comment.reviewer.clone(),
        if comment.iteration.is_empty() {
            "—".to_owned()
        } else {
            comment.iteration.clone()
        },
        first,
    ]
}

/// The first non-blank line of `text`, made visible and cut to the list's width
/// (`…` where it was cut or more lines follow).
fn first_line(text: &str) -> String {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let line = visible(lines.next().unwrap_or(""), false).into_owned();
    let more = lines.next().is_some();
    let mut cut = String::new();
    let mut width = 0;
    for c in line.chars() {
        width += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if width > LIST_TEXT_WIDTH - 1 {
            return cut + "…";
        }
        cut.push(c);
    }
    if more { cut + " …" } else { cut }
}

/// A stored state in words (the standing of the same name).
fn state_label(state: State, lang: Lang) -> &'static str {
    match state {
        State::Open => Standing::Open,
        State::Replied => Standing::Replied,
        State::Accepted => Standing::Accepted,
        State::Reopened => Standing::Reopened,
    }
    .label(lang)
}

/// `dsw review show N [--json]`.
fn show(context: &Context, number: &str, json: bool, out: &mut Out) -> anyhow::Result<Exit> {
    let lang = context.lang;
    let head = Head::open(context)?;
    let comment = head.find(context, number)?;
    if json {
        let value = review_json::one(comment, &head.form, &head.assessment, lang);
        writeln!(out, "{}", crate::safe_text::json(&value, true))?;
        return Ok(Exit::Success);
    }
    let colon = lang.colon();
    // Before a block on the lines below: no trailing space.
    let heading = lang.colon().trim_end();
    let when = |date: &str| visible(&crate::time::readable(date), false).into_owned();
    writeln!(
        out,
        "{} · {}",
        comment.title(lang),
        comment.standing(&head.assessment).label(lang)
    )?;
    layout::write_block(
        out,
        &format!("{}{colon}", lang.pick("對象", "target")),
        &comment
            .target
            .describe(&head.form, &head.assessment, lang)
            .replace('\n', " "),
    )?;
    let iteration = if comment.iteration.is_empty() {
        lang.pick("（無送審標記）", "(no iteration)").to_owned()
    } else {
        visible(&comment.iteration, false).into_owned()
    };
    writeln!(out, "{}{colon}{iteration}", lang.pick("送審", "iteration"))?;
    writeln!(
        out,
        "{}{colon}{} · {}",
        lang.pick("審查委員", "reviewer"),
        visible(&comment.reviewer, false),
        when(&comment.date)
    )?;
    writeln!(out, "{}{colon}{}", lang.pick("代碼", "id"), comment.id)?;
    writeln!(out)?;
    writeln!(out, "{}{heading}", lang.pick("審查意見", "comment"))?;
    layout::write_block(out, "  ", &comment.text)?;
    writeln!(out)?;
    if comment.reply.is_none() {
        writeln!(
            out,
            "{}{colon}{}",
            lang.pick("回覆說明", "reply"),
            lang.pick("（尚未回覆）", "(none yet)")
        )?;
    }
    // The reply, then any written at the same moment (kept until one settles them).
    let labels =
        std::iter::once(lang.pick("回覆說明", "reply")).chain(std::iter::repeat(lang.pick(
            "同時寫下的另一個回覆",
            "another reply written at the same time",
        )));
    for (n, (label, reply)) in labels
        .zip(comment.reply.iter().chain(&comment.other_replies))
        .enumerate()
    {
        if n > 0 {
            writeln!(out)?;
        }
        let who = format!("{} · {}", visible(&reply.by, false), when(&reply.date));
        writeln!(out, "{label}{}{heading}", lang.parenthesized(&who))?;
        layout::write_block(out, "  ", &reply.text)?;
    }
    if comment.reply_conflicts() {
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!(
                    "→ 兩個回覆是同時寫下的：請看過後以 `dsw review reply {}` 寫成一個回覆。",
                    comment.number
                ),
                Lang::En => format!(
                    "→ these replies were written at the same time: read both, then write one with `dsw review reply {}`.",
                    comment.number
                ),
            }
        )?;
    }
    if !comment.history.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}{heading}", lang.pick("經過", "history"))?;
        let rows: Vec<Vec<String>> = comment
            .history
            .iter()
            .map(|t| {
                vec![
                    format!("  {}", crate::time::readable(&t.date)),
                    state_label(t.state, lang).to_owned(),
                    t.by.clone(),
                    if t.note.lines().count() > 1 {
                        first_line(&t.note)
                    } else {
                        t.note.clone()
                    },
                ]
            })
            .collect();
        layout::write_columns(out, &rows)?;
        for t in comment
            .history
            .iter()
            .filter(|t| t.note.lines().count() > 1)
        {
            writeln!(out)?;
            layout::write_block(
                out,
                &format!(
                    "  {} {}{colon}",
                    state_label(t.state, lang),
                    crate::time::readable(&t.date)
                ),
                &t.note,
            )?;
        }
    }
    Ok(Exit::Success)
}
