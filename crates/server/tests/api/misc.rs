use paspor_domain::api::*;

use crate::support::*;

#[tokio::test]
async fn lapor_diri_is_stored_and_listed() {
    let app = spawn_app().await;
    let c = app.signed_in(&person(50)).await;
    let req: LaporDiriRequest = serde_json::from_value(serde_json::json!({
        "passport": {"number": "X1234567", "surname": "", "given_names": "SUKARNI", "nationality": "IDN",
                     "birth_date": "1990-05-15", "sex": "female", "expiry_date": "2030-01-01", "mrz_verified": true},
        "country": "Jepang", "city": "Tokyo", "address": "2-1-1 Shibuya", "stay_from": "2026-01-01", "stay_until": "2027-12-31"
    })).unwrap();
    let r = c.submit_report(&req).await.unwrap();
    assert_eq!(r.passport.surname, "", "mononyms keep an empty surname");
    assert_eq!(c.reports().await.unwrap(), vec![r]);
    let mut bad = req.clone();
    bad.stay_until = "2025-01-01".parse().unwrap();
    assert!(matches!(
        c.submit_report(&bad).await,
        Err(paspor_client::ClientError::Api { status: 422, .. })
    ));
    // A blank city cannot even be built as a request; sent raw, it is refused.
    let mut blank = serde_json::to_value(&req).unwrap();
    blank["city"] = "  ".into();
    let r = app
        .raw_http()
        .post(format!("{}/api/v1/reports", app.base_url))
        .bearer_auth(c.token().unwrap())
        .json(&blank)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["error"]["fields"]["city"], "required");
}

#[tokio::test]
async fn content_comes_in_both_languages_and_unknown_pages_are_404() {
    let app = spawn_app().await;
    let id = app.client.content("information", "id").await.unwrap();
    let en = app.client.content("information", "en").await.unwrap();
    assert_eq!(id.sections.len(), en.sections.len());
    assert!(
        id.sections
            .iter()
            .any(|s| s.paragraphs.iter().any(|p| p.contains("Rp950.000")))
    );
    assert!(
        app.client
            .content("guide", "en")
            .await
            .unwrap()
            .title
            .contains("guide")
    );
    assert!(matches!(
        app.client.content("secret", "id").await,
        Err(paspor_client::ClientError::Api { status: 404, .. })
    ));
}

#[tokio::test]
async fn every_documented_path_is_served() {
    let app = spawn_app().await;
    let http = app.raw_http();
    let doc = app.openapi().await;
    let paths = doc["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 21);
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            let url = format!(
                "{}{}",
                app.base_url,
                path.replace("{id}", "1")
                    .replace("{code}", "AAAA-AAAA")
                    .replace("{page}", "guide")
            );
            let r = http
                .request(method.to_uppercase().parse().unwrap(), &url)
                .send()
                .await
                .unwrap();
            // Routed: refused for want of a body or a session, never "no such route".
            let body: serde_json::Value = r.json().await.unwrap_or_default();
            assert_ne!(
                body["error"]["code"], "not_found",
                "{method} {path} is not routed"
            );
            assert!(
                !body.is_null() || path.contains("photo"),
                "{method} {path} gave no JSON (405?)"
            );
        }
    }
    let r = http
        .get(format!("{}/api/v1/nope", app.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "not_found");
}
