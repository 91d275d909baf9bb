//! The checker page: a form (a file dropped or chosen, or pasted text;
//! the year, last year's report, the packs), and the result rendered on
//! the server with the same pieces as the review page. `GET /sample`
//! shows the result for a sample report built into the binary.

use super::error::ApiError;
use super::request::{CheckRequest, QueryOptions};
use super::AppState;
use crate::engine::{Checked, Engine};
use crate::render::html::{self, Bases, HtmlReport};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

const SAMPLE: &str = include_str!("assets/sample.txt");
const SAMPLE_NAME: &str = "示例报告.txt";

/// What the page says about the reports it is given; the server keeps it
/// true (nothing is written or logged).
const PRIVACY: &str = "您提交的报告只在本机内存中检查，检查完即丢弃：不写入磁盘，日志中不记录报告内容和文件名，也不发送到其他任何地方。";

pub async fn form(State(state): State<AppState>) -> Html<String> {
    Html(layout("检查报告", html! { (check_form(state.engine())) }).into_string())
}

pub async fn style() -> Response {
    asset("text/css; charset=utf-8", html::STYLE)
}

pub async fn script() -> Response {
    asset("text/javascript; charset=utf-8", html::CHECKER_SCRIPT)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// `POST /check`: the page's form, answered with the result page. The
/// form is read, the report checked and the page rendered on the
/// blocking pool, in the check's slot.
pub async fn check(State(state): State<AppState>, request: Request) -> Response {
    let received = match state.receive(request).await {
        Ok(received) => received,
        Err(err) => return error_page(state.engine(), &err),
    };
    let max_body = state.max_body();
    let runtime = tokio::runtime::Handle::current();
    let page = state
        .run_for(received.body.len(), move |engine, base| {
            let (request, _memory) = received.into_request();
            let read = runtime.block_on(CheckRequest::read(
                request,
                QueryOptions::default(),
                max_body,
            ));
            let mut request = match read {
                Ok(request) if request.given => request,
                Ok(_) => {
                    return error_page(
                        engine,
                        &ApiError::bad_request("请选择报告文件，或把报告全文粘贴到文本框中。"),
                    )
                }
                Err(err) => return error_page(engine, &err),
            };
            // The page always offers the fixed text when there is one.
            request.fix = true;
            // A Word report is also offered back with the findings as
            // comments.
            let original = request
                .bytes
                .starts_with(crate::input::docx::ZIP_MAGIC)
                .then(|| request.bytes.clone());
            let checked = match request.check(engine, base) {
                Ok(checked) => checked,
                Err(err) => return error_page(engine, &err),
            };
            let annotated = original
                .filter(|_| checked.encoding == crate::input::SourceEncoding::Docx)
                .and_then(|bytes| {
                    crate::annotate::annotate(
                        &bytes,
                        &checked.text,
                        &checked.findings,
                        engine.rules(),
                        &crate::annotate::comment_date(),
                    )
                    .ok()
                })
                .filter(|annotated| annotated.comments > 0);
            result_page(engine, &checked, annotated.as_ref(), StatusCode::OK)
        })
        .await;
    page.unwrap_or_else(|err| error_page(state.engine(), &err))
}

/// The `.docx` type, for the annotated copy's download.
const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// `GET /sample`: the result page for the sample report, so that the page
/// can be seen (and tested) without sending anything.
pub async fn sample(State(state): State<AppState>) -> Response {
    let request = CheckRequest {
        name: SAMPLE_NAME.to_string(),
        bytes: SAMPLE.as_bytes().to_vec(),
        fix: true,
        given: true,
        ..CheckRequest::default()
    };
    let page = state
        .run(move |engine, base| match request.check(engine, base) {
            Ok(checked) => result_page(engine, &checked, None, StatusCode::OK),
            Err(err) => error_page(engine, &err),
        })
        .await;
    page.unwrap_or_else(|err| error_page(state.engine(), &err))
}

fn result_page(
    engine: &Engine,
    checked: &Checked,
    annotated: Option<&crate::annotate::Annotated>,
    status: StatusCode,
) -> Response {
    let tables = checked.tables();
    let report = HtmlReport {
        name: &checked.name,
        text: &checked.text,
        lines: checked.index.lines(),
        findings: &checked.findings,
        checklist: &checked.outline.checklist,
        ids: "",
        tables: &tables,
    };
    let bases = Bases::new(engine.rules());
    let download = checked
        .fixed
        .as_ref()
        .filter(|f| f.findings > 0)
        .map(|fixed| {
            let stem = stem(&checked.name);
            (
                html::text_data_url(&fixed.text),
                format!("{stem}（已修改）.txt"),
                fixed.findings,
                fixed.edits,
            )
        });
    let body = html! {
        details.again {
            summary { "检查另一份报告" }
            (check_form(engine))
        }
        @if let Some((url, name, findings, edits)) = &download {
            p.fixes {
                a.download href=(url) download=(name) { "下载自动修改后的文本" }
                " 可自动修改 " (findings) " 个问题，共 " (edits) " 处（标点、序号、日期格式等）；其余问题请在 Word 或 WPS 中修改。"
            }
        }
        @if let Some(annotated) = annotated {
            p.fixes {
                a.download href=(html::bytes_data_url(DOCX_TYPE, &annotated.bytes)) download=(format!("{}.rl-lint.docx", stem(&checked.name))) { "下载带批注的 Word 文档" }
                " 原文件的副本，" (annotated.comments) " 条批注标在有问题的文字上；在 Word 或 WPS 的「审阅」中逐条查看。"
            }
        }
        @if !checked.is_fixable() {
            p.fixes { "文档（Word、PDF、网页等）不会被改写：请按下面的提示在原稿中修改（Word 或 WPS）。" }
        }
        (html::report_view(&report, &bases))
    };
    (
        status,
        Html(layout(&format!("{} 的检查结果", checked.name), body).into_string()),
    )
        .into_response()
}

/// A file name without its extension.
fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

pub(super) fn error_page(engine: &Engine, err: &ApiError) -> Response {
    let body = html! {
        div.error-box role="alert" {
            p { strong { "无法检查：" } (err.message) }
            @if let Some(help) = &err.help { p { (help) } }
        }
        (check_form(engine))
    };
    let mut response = Html(layout("无法检查", body).into_string()).into_response();
    *response.status_mut() = err.status;
    if err.status == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            header::HeaderValue::from(super::error::RETRY_AFTER_SECONDS),
        );
    }
    response
        .extensions_mut()
        .insert(super::log::Refusal(err.code.clone()));
    response
}

fn check_form(engine: &Engine) -> Markup {
    let packs = &engine.rules().packs;
    html! {
        p.privacy { (PRIVACY) }
        form.check method="post" action="/check" enctype="multipart/form-data" {
            div.drop {
                p {
                    label for="file" { "把报告文件（.docx、.doc、.wps、.pdf、.ofd、.odt、.txt、.md，或保存的网页 .html、.mht）拖到这里，或选择文件：" }
                    input #file type="file" name="file" accept=".docx,.doc,.wps,.pdf,.ofd,.odt,.txt,.md,.markdown,.html,.htm,.mht,.mhtml,text/plain,text/markdown,text/html,application/pdf,application/ofd";
                }
                p #chosen {}
            }
            p { label for="text" { "或者把报告全文粘贴到这里：" } }
            textarea #text name="text" placeholder="某某县人民政府2024年法治政府建设年度报告……" {}
            fieldset.options {
                legend { "选项" }
                label { "报告年度 " input type="number" name="year" min="1949" max="2199" placeholder="自动识别"; }
                label { "上年度报告（查找照抄的段落） " input type="file" name="baseline" accept=".docx,.doc,.wps,.pdf,.ofd,.odt,.txt,.md,.markdown,.html,.htm,.mht,.mhtml,text/plain,text/html,application/pdf,application/ofd"; }
                br;
                "规则包："
                @for (name, description) in packs {
                    label title=(description) { input type="checkbox" name="packs" value=(name) checked; " " (name) }
                }
            }
            button type="submit" { "检查" }
            " "
            a href="/sample" { "看一个示例" }
        }
    }
}

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · 年度报告检查" }
                link rel="stylesheet" href="/assets/style.css";
                script src="/assets/checker.js" defer {}
            }
            body {
                header.top {
                    h1 { a href="/" { "年度报告检查" } }
                    p { "检查法治政府建设年度报告、政府信息公开工作年度报告的必备内容、结构、表格和格式（《法治政府建设与责任落实督察工作规定》《政府信息公开条例》、GB/T 9704-2012）。" }
                }
                main { (body) }
                div #detail hidden role="dialog" aria-label="问题详情" {}
                footer { "rl-lint " (env!("CARGO_PKG_VERSION")) " · " (PRIVACY) " · " a href="/api/rules" { "规则列表（JSON）" } }
            }
        }
    }
}
