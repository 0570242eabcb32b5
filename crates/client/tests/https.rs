//! The client against a real server over HTTPS: certificate pinning, typed
//! refusals, and booking retries that stop where they should.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use paspor_client::{Client, ClientConfig, ClientError, Roots};
use paspor_domain::api::*;

async fn server(dir: &std::path::Path) -> (String, Vec<u8>) {
    let mut config =
        paspor_server::Config::local(format!("sqlite://{}", dir.join("db.sqlite").display()), dir);
    config.outbox_dir = None;
    // No relay here: the mail of these tests goes to the log.
    config.dev_mail = true;
    let app = paspor_server::Application::build(config).await.unwrap();
    let (url, pem) = (app.base_url(), app.certificate_pem().unwrap().to_vec());
    tokio::spawn(app.run());
    (url, pem)
}

fn client(url: &str, pem: Option<Vec<u8>>) -> Client {
    client_with_roots(url, pem, Roots::default())
}

fn client_with_roots(url: &str, pem: Option<Vec<u8>>, roots: Roots) -> Client {
    let mut c = ClientConfig::new(url, "device");
    c.pinned_certificate = pem;
    c.roots = roots;
    c.timeout = std::time::Duration::from_secs(5);
    Client::new(c).unwrap()
}

#[tokio::test]
async fn the_pinned_certificate_and_only_it_is_trusted() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (url, pem) = server(a.path()).await;
    let (_, other_pem) = server(b.path()).await;
    let content = client(&url, Some(pem))
        .content("guide", "id")
        .await
        .unwrap();
    assert!(!content.sections.is_empty());
    // Another self-signed certificate, or the platform's roots: refused.
    assert!(matches!(
        client(&url, Some(other_pem)).content("guide", "id").await,
        Err(ClientError::Unreachable(_))
    ));
    // Neither set of public roots vouches for a self-signed server: the
    // phones' compiled-in Mozilla roots verify as strictly as the platform.
    for roots in [Roots::Platform, Roots::Mozilla] {
        match client_with_roots(&url, None, roots)
            .content("guide", "id")
            .await
        {
            Err(ClientError::Unreachable(why)) => {
                assert!(why.contains("certificate"), "{roots:?}: {why}")
            }
            other => panic!("{roots:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn refusals_arrive_typed() {
    let dir = tempfile::tempdir().unwrap();
    let (url, pem) = server(dir.path()).await;
    let c = client(&url, Some(pem));
    match c.me().await.unwrap_err() {
        ClientError::Api { status, code, .. } => {
            assert_eq!((status, code.as_str()), (401, "unauthorized"))
        }
        e => panic!("{e:?}"),
    }
    let e = c
        .login(&LoginRequest {
            login: "budi".parse().unwrap(),
            password: "x".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid_credentials");
    assert!(!e.is_retryable());
}

#[tokio::test]
async fn a_booking_is_retried_three_times_when_the_network_fails_then_given_up() {
    // A peer that accepts each connection and hangs up at once.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let attempts = Arc::new(AtomicUsize::new(0));
    let seen = attempts.clone();
    tokio::spawn(async move {
        while let Ok((s, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            drop(s);
        }
    });
    let req: CreateBookingRequest = serde_json::from_value(serde_json::json!({
        "office_id": 1, "date": "2026-12-02", "slot_id": 1, "applicants": []
    }))
    .unwrap();
    let e = client(&url, None)
        .with_token("t")
        .create_booking(&req, "key-1")
        .await
        .unwrap_err();
    assert!(matches!(e, ClientError::Unreachable(_)), "{e:?}");
    assert_eq!(attempts.load(Ordering::SeqCst), 3);
}
