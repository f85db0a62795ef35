//! Turning client-supplied rich text into HTML that is safe to store and serve.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The format of a description the client sends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextFormat {
    #[default]
    Markdown,
    Html,
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .link_rel(Some("noopener noreferrer nofollow ugc"))
            .rm_tags(["img"]);
        builder
    })
}

/// Renders Markdown (raw HTML inside it included) or HTML to sanitized HTML: no script or
/// style element, no event handler attribute, no `javascript:` or `data:` URL survives.
pub fn sanitize(text: &str, format: TextFormat) -> String {
    let html = match format {
        TextFormat::Html => text.to_owned(),
        TextFormat::Markdown => {
            let parser =
                pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_TABLES);
            let mut out = String::with_capacity(text.len() * 2);
            pulldown_cmark::html::push_html(&mut out, parser);
            out
        }
    };
    sanitizer().clean(&html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &[&str] = &[
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>",
        "<svg onload=alert(1)>",
        "<p style=\"background:url(javascript:alert(1))\" onclick=\"x()\">hi</p>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "[click](javascript:alert(1))",
        "<scr<script>ipt>alert(1)</script>",
    ];

    #[test]
    fn hostile_markup_is_neutralized() {
        for input in HOSTILE {
            for format in [TextFormat::Html, TextFormat::Markdown] {
                let out = sanitize(input, format).to_lowercase();
                for needle in [
                    "<script",
                    "onerror=",
                    "onload=",
                    "onclick=",
                    "=\"javascript:",
                    "=\"data:",
                    "<iframe",
                    "<svg",
                    "style=",
                ] {
                    assert!(
                        !out.contains(needle),
                        "{input:?} as {format:?} gave {out:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn markdown_renders() {
        let out = sanitize("**Rust** and [docs](https://docs.rs)", TextFormat::Markdown);
        assert!(out.contains("<strong>Rust</strong>"));
        assert!(out.contains("href=\"https://docs.rs\""));
        assert!(out.contains("noopener"));
    }
}
