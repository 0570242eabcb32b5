//! Information and guide texts in Indonesian and English (SPEC §12–13),
//! served by the backend so they change without an app release.

use crate::extract::{Path, Query};
use paspor_domain::api::Content;
use paspor_domain::{ErrorCode, FieldId};
use serde::Deserialize;

use super::Endpoint;
use crate::error::{Result, ServerError};
use crate::openapi::Body::Json as JsonBody;
use crate::openapi::of;

pub(super) fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::get("/content/{page}", page)
            .refuses(&[404])
            .summary("information or guide")
            .query(&[("lang", "id or en")])
            .reply(200, JsonBody(of::<Content>)),
    ]
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

fn text(page: &str, lang: &str) -> Option<&'static str> {
    Some(match (page, lang) {
        ("information", "id") => include_str!("../../content/information.id.json"),
        ("information", "en") => include_str!("../../content/information.en.json"),
        ("guide", "id") => include_str!("../../content/guide.id.json"),
        ("guide", "en") => include_str!("../../content/guide.en.json"),
        _ => return None,
    })
}

async fn page(Path(page): Path<String>, Query(q): Query<LangQuery>) -> Result<axum::Json<Content>> {
    let lang = q.lang.as_deref().unwrap_or("id");
    if lang != "id" && lang != "en" {
        return Err(ServerError::field(FieldId::Lang, ErrorCode::UnknownValue));
    }
    let json = text(&page, lang).ok_or(ServerError::NotFound)?;
    let content: Content =
        serde_json::from_str(json).map_err(|e| ServerError::Internal(e.into()))?;
    Ok(axum::Json(content))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_parses_in_both_languages_with_the_same_sections() {
        for page in ["information", "guide"] {
            let id: Content = serde_json::from_str(text(page, "id").unwrap()).unwrap();
            let en: Content = serde_json::from_str(text(page, "en").unwrap()).unwrap();
            let ids = |c: &Content| c.sections.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
            assert_eq!(ids(&id), ids(&en), "{page}");
            assert!(id.sections.iter().all(|s| !s.paragraphs.is_empty()));
        }
        let info = text("information", "id").unwrap();
        for fact in [
            "Rp650.000",
            "Rp950.000",
            "Rp1.000.000",
            "Rp500.000",
            "17 Desember 2024",
            "PP 45",
        ] {
            assert!(info.contains(fact), "{fact}");
        }
    }
}
