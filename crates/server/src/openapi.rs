//! The OpenAPI document, built from the route table below; a test requests
//! every path it lists from the real router, so the two cannot drift apart.

use serde_json::{Value, json};

/// (method, path, summary, request type, response type, needs a session)
type Route = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    bool,
);

pub const ROUTES: &[Route] = &[
    (
        "post",
        "/api/v1/auth/register",
        "Register an account (header X-Device-Id)",
        Some("RegisterRequest"),
        "Accepted",
        false,
    ),
    (
        "post",
        "/api/v1/auth/activate",
        "Activate with the e-mailed code",
        Some("ActivateRequest"),
        "Accepted",
        false,
    ),
    (
        "post",
        "/api/v1/auth/resend-activation",
        "Send a new activation code",
        Some("ResendRequest"),
        "Accepted",
        false,
    ),
    (
        "post",
        "/api/v1/auth/login",
        "Log in by username or e-mail",
        Some("LoginRequest"),
        "LoginResponse",
        false,
    ),
    (
        "post",
        "/api/v1/auth/logout",
        "Revoke this session",
        None,
        "Empty",
        true,
    ),
    (
        "post",
        "/api/v1/auth/forgot-password",
        "E-mail a reset link (same reply for everyone)",
        Some("ForgotRequest"),
        "Accepted",
        false,
    ),
    (
        "post",
        "/api/v1/auth/reset-password",
        "Set a new password with a reset token",
        Some("ResetRequest"),
        "Accepted",
        false,
    ),
    (
        "get",
        "/api/v1/me",
        "The account's biodata",
        None,
        "Me",
        true,
    ),
    (
        "put",
        "/api/v1/me",
        "Edit the biodata (not the NIK)",
        Some("UpdateProfileRequest"),
        "Me",
        true,
    ),
    (
        "post",
        "/api/v1/me/password",
        "Change the password",
        Some("ChangePasswordRequest"),
        "Accepted",
        true,
    ),
    (
        "put",
        "/api/v1/me/photo",
        "Upload a JPEG/PNG photo (re-encoded)",
        Some("Image"),
        "Me",
        true,
    ),
    (
        "get",
        "/api/v1/me/photo",
        "The photo as JPEG",
        None,
        "Image",
        true,
    ),
    (
        "get",
        "/api/v1/offices",
        "Immigration offices and whether they have online quota",
        None,
        "Office[]",
        true,
    ),
    (
        "get",
        "/api/v1/offices/{id}/calendar",
        "A month's day statuses and slots (?month=YYYY-MM)",
        None,
        "MonthCalendar",
        true,
    ),
    (
        "post",
        "/api/v1/bookings",
        "Book (header Idempotency-Key)",
        Some("CreateBookingRequest"),
        "Booking",
        true,
    ),
    (
        "get",
        "/api/v1/bookings",
        "The account's bookings",
        None,
        "Booking[]",
        true,
    ),
    (
        "get",
        "/api/v1/bookings/{code}",
        "One booking",
        None,
        "Booking",
        true,
    ),
    (
        "post",
        "/api/v1/bookings/{code}/cancel",
        "Cancel, up to 2 days before",
        None,
        "Booking",
        true,
    ),
    (
        "post",
        "/api/v1/reports",
        "Submit a lapor diri",
        Some("LaporDiriRequest"),
        "LaporDiriReport",
        true,
    ),
    (
        "get",
        "/api/v1/reports",
        "The account's lapor diri reports",
        None,
        "LaporDiriReport[]",
        true,
    ),
    (
        "get",
        "/api/v1/content/{page}",
        "information or guide (?lang=id|en)",
        None,
        "Content",
        false,
    ),
];

fn schema_ref(t: &str) -> Value {
    match t.strip_suffix("[]") {
        Some(inner) => {
            json!({"type": "array", "items": {"$ref": format!("#/components/schemas/{inner}")}})
        }
        None => json!({"$ref": format!("#/components/schemas/{t}")}),
    }
}

pub fn document() -> Value {
    let mut paths = serde_json::Map::new();
    let mut names = std::collections::BTreeSet::new();
    for (method, path, summary, req, resp, auth) in ROUTES {
        let mut op = json!({
            "summary": summary,
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": schema_ref(resp)}}},
                "default": {"description": "Refusal", "content": {"application/json": {"schema": schema_ref("ErrorBody")}}}
            }
        });
        if let Some(r) = req {
            op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": schema_ref(r)}}});
            names.insert(*r);
        }
        if *auth {
            op["security"] = json!([{"bearer": []}]);
        }
        names.insert(resp.trim_end_matches("[]"));
        paths.entry(path.to_string()).or_insert_with(|| json!({}))[*method] = op;
    }
    names.insert("ErrorBody");
    let schemas: serde_json::Map<String, Value> = names
        .into_iter()
        .map(|n| {
            (
                n.to_owned(),
                json!({"type": "object", "description": format!("paspor_domain::api::{n}")}),
            )
        })
        .collect();
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Paspor API", "version": env!("CARGO_PKG_VERSION")},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
        }
    })
}
