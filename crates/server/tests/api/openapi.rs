//! `/openapi.json` against the real server: every body it names has a real
//! schema, and real requests and replies of every JSON endpoint validate
//! against the schemas the document gives for that path, method and status.

use serde_json::{Value, json};

use crate::support::*;

/// The served document and an HTTPS client that trusts the test server.
struct Api {
    base: String,
    http: reqwest::Client,
    doc: Value,
    token: Option<String>,
}

/// `#/components/schemas/Name` → `Name`.
fn ref_name(schema: &Value) -> Option<&str> {
    schema["$ref"]
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

/// Every `$ref` anywhere below `v`.
fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            if let Some(name) = ref_name(v) {
                out.push(name);
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

/// A copy of the components in which every object schema with properties
/// forbids others, so a reply carrying an undocumented field fails too.
/// (The served document leaves objects open, as clients should tolerate
/// additions; the server's own replies must not need that tolerance.)
fn closed(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut m: serde_json::Map<String, Value> =
                m.iter().map(|(k, x)| (k.clone(), closed(x))).collect();
            if m.contains_key("properties") {
                m.insert("additionalProperties".into(), Value::Bool(false));
            }
            Value::Object(m)
        }
        Value::Array(a) => Value::Array(a.iter().map(closed).collect()),
        other => other.clone(),
    }
}

impl Api {
    async fn new(app: &TestApp) -> Api {
        let http = app.raw_http();
        let doc = app.openapi().await;
        Api {
            base: app.base_url.clone(),
            http,
            doc,
            token: None,
        }
    }

    fn operation(&self, method: &str, path: &str) -> &Value {
        let op = &self.doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} is not documented");
        op
    }

    /// What is wrong with `instance` against a schema of the document, with
    /// formats (date, date-time, email) checked.
    fn errors(&self, schema: &Value, instance: &Value) -> Vec<String> {
        let root = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": closed(&self.doc["components"]),
            "allOf": [schema],
        });
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("{schema} does not compile: {e}"));
        validator
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    fn validate(&self, schema: &Value, instance: &Value, what: &str) {
        let errors = self.errors(schema, instance);
        assert!(
            errors.is_empty(),
            "{what} does not match its schema:\n{}\n{instance:#}",
            errors.join("\n")
        );
    }

    /// Sends `body` to `method path` (a documented template, `{x}` filled
    /// from `args`), checks the request against the documented request
    /// schema, the status against the documented ones, and the reply
    /// against the schema of its status (or the refusal schema).
    async fn call(
        &self,
        method: &str,
        template: &str,
        args: &[(&str, &str)],
        query: &str,
        body: Option<Value>,
        status: u16,
    ) -> Value {
        let op = self.operation(method, template).clone();
        let what = format!("{} {template} → {status}", method.to_uppercase());
        let mut path = template.to_owned();
        for (k, v) in args {
            path = path.replace(&format!("{{{k}}}"), v);
        }
        let mut req = self.http.request(
            method.to_uppercase().parse().unwrap(),
            format!("{}{path}{query}", self.base),
        );
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = &body {
            let schema = &op["requestBody"]["content"]["application/json"]["schema"];
            assert!(schema.is_object(), "{what}: no documented request body");
            self.validate(schema, b, &format!("request of {what}"));
            req = req.json(b).header(
                "Idempotency-Key",
                paspor_client::Client::new_idempotency_key(),
            );
        }
        let r = req.send().await.unwrap();
        let got = r.status().as_u16();
        let text = r.text().await.unwrap();
        assert_eq!(got, status, "{what}: {text}");
        let documented = op["responses"].get(status.to_string());
        assert!(
            documented.is_some() || status >= 400,
            "{what}: status {status} is not documented"
        );
        let reply = documented.unwrap_or(&op["responses"]["default"]);
        let schema = &reply["content"]["application/json"]["schema"];
        if !schema.is_object() {
            assert!(text.is_empty(), "{what}: undocumented body {text}");
            return Value::Null;
        }
        let value: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{what}: reply is not JSON ({e}): {text}"));
        self.validate(schema, &value, &format!("reply of {what}"));
        value
    }
}

#[tokio::test]
async fn every_documented_body_has_a_schema_with_its_properties() {
    let app = spawn_app().await;
    let api = Api::new(&app).await;
    let schemas = api.doc["components"]["schemas"].as_object().unwrap();
    let mut bodies = 0;
    for (path, ops) in api.doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let request = op["requestBody"]["content"]["application/json"]["schema"].clone();
            let replies = op["responses"].as_object().unwrap().values();
            for schema in replies
                .map(|r| r["content"]["application/json"]["schema"].clone())
                .chain([request])
                .filter(Value::is_object)
            {
                bodies += 1;
                // A body is one API type or an array of one.
                let target = if schema["type"] == "array" {
                    &schema["items"]
                } else {
                    &schema
                };
                let name = ref_name(target).unwrap_or_else(|| {
                    panic!("{method} {path}: body is not a named type: {schema}")
                });
                let def = &schemas[name];
                assert_eq!(def["type"], "object", "{name}: {def}");
                let props = def["properties"]
                    .as_object()
                    .unwrap_or_else(|| panic!("{name} ({method} {path}) has no properties: {def}"));
                assert!(!props.is_empty(), "{name}");
                for required in def["required"].as_array().into_iter().flatten() {
                    assert!(
                        props.contains_key(required.as_str().unwrap()),
                        "{name}: {required} required but not a property"
                    );
                }
            }
        }
    }
    assert!(bodies >= 40, "only {bodies} bodies documented");
    // Every reference inside the schemas leads somewhere, and the leaves
    // carry real constraints (not names only).
    let mut all = Vec::new();
    refs(&api.doc["components"], &mut all);
    for name in all {
        assert!(schemas.contains_key(name), "dangling $ref {name}");
    }
    assert_eq!(schemas["Nik"]["pattern"], "^[0-9]{16}$");
    assert_eq!(schemas["Date"]["format"], "date");
    assert_eq!(
        schemas["DayStatus"]["enum"],
        json!(["available", "full", "not_released", "closed"])
    );
    assert_eq!(schemas["Password"]["minLength"], 8);
    // The vocabulary of refusals is the domain's: every code, by its wire name.
    let codes: Vec<Value> = paspor_domain::ErrorCode::ALL
        .iter()
        .map(|c| json!(c.as_str()))
        .collect();
    assert_eq!(schemas["ErrorCode"]["enum"], json!(codes));
    assert!(codes.contains(&json!("already_cancelled")));
    let booking = &schemas["Booking"];
    for field in [
        "code",
        "office",
        "date",
        "slot",
        "applicants",
        "status",
        "cancel_deadline",
    ] {
        assert!(
            booking["required"]
                .as_array()
                .unwrap()
                .contains(&json!(field)),
            "Booking.{field} required: {booking}"
        );
    }
}

/// The whole account → booking → report life over raw HTTP, each request
/// and reply checked against the document.
#[tokio::test]
async fn real_requests_and_replies_match_the_document() {
    let app = spawn_app().await;
    let mut api = Api::new(&app).await;
    let p = person(70);
    let register = serde_json::to_value(register_request(&p)).unwrap();
    api.call(
        "post",
        "/api/v1/auth/register",
        &[],
        "",
        Some(register.clone()),
        202,
    )
    .await;
    let code = code_in(&app.mail.wait_for(&p.email).await);
    api.call(
        "post",
        "/api/v1/auth/activate",
        &[],
        "",
        Some(json!({"email": p.email, "code": code})),
        200,
    )
    .await;
    api.call(
        "post",
        "/api/v1/auth/resend-activation",
        &[],
        "",
        Some(json!({"email": p.email})),
        202,
    )
    .await;
    // A refusal with per-field codes matches the refusal schema.
    let mut bad = register;
    bad["nik"] = json!("3174011505900000");
    bad["email"] = json!("other@example.com");
    let refusal = api
        .call("post", "/api/v1/auth/register", &[], "", Some(bad), 422)
        .await;
    assert!(refusal["error"]["fields"]["nik"].is_string(), "{refusal}");

    let login = api
        .call(
            "post",
            "/api/v1/auth/login",
            &[],
            "",
            Some(json!({"login": p.username, "password": p.password})),
            200,
        )
        .await;
    api.token = Some(login["token"].as_str().unwrap().to_owned());

    let me = api.call("get", "/api/v1/me", &[], "", None, 200).await;
    let mut edit = me.clone();
    for k in ["username", "email", "nik", "has_photo"] {
        edit.as_object_mut().unwrap().remove(k);
    }
    edit["birth_place"] = json!("Bogor");
    api.call("put", "/api/v1/me", &[], "", Some(edit), 200)
        .await;
    api.call(
        "post",
        "/api/v1/me/password",
        &[],
        "",
        Some(json!({"current_password": p.password, "new_password": "rahasia456"})),
        200,
    )
    .await;

    let offices = api.call("get", "/api/v1/offices", &[], "", None, 200).await;
    assert!(offices.as_array().unwrap().len() >= 30);
    let client = app.client.with_token(api.token.clone().unwrap());
    let (date, slot) = app.open_slot(&client, 1).await;
    let month = format!("?month={:04}-{:02}", date.year(), date.month());
    api.call(
        "get",
        "/api/v1/offices/{id}/calendar",
        &[("id", "1")],
        &month,
        None,
        200,
    )
    .await;
    let mut applicant = serde_json::to_value(applicant(&p, None)).unwrap();
    applicant["birth_place"] = json!("Bogor");
    let booking = api
        .call(
            "post",
            "/api/v1/bookings",
            &[],
            "",
            Some(json!({"office_id": 1, "date": date, "slot_id": slot.id, "applicants": [applicant]})),
            201,
        )
        .await;
    let code = booking["code"].as_str().unwrap().to_owned();
    api.call("get", "/api/v1/bookings", &[], "", None, 200)
        .await;
    api.call(
        "get",
        "/api/v1/bookings/{code}",
        &[("code", &code)],
        "",
        None,
        200,
    )
    .await;
    // The first open day may be too close to cancel (R-S-1): then the
    // refusal is what gets checked.
    let deadline: jiff::Timestamp = booking["cancel_deadline"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let cancel_status = if jiff::Timestamp::now() < deadline {
        200
    } else {
        409
    };
    api.call(
        "post",
        "/api/v1/bookings/{code}/cancel",
        &[("code", &code)],
        "",
        None,
        cancel_status,
    )
    .await;
    api.call(
        "get",
        "/api/v1/bookings/{code}",
        &[("code", "AAAA-AAAA")],
        "",
        None,
        404,
    )
    .await;

    let report = json!({
        "passport": {"number": "X1234567", "surname": "SANTOSO", "given_names": "BUDI", "nationality": "IDN",
                     "birth_date": "1990-05-15", "sex": "male", "expiry_date": "2030-01-01", "mrz_verified": true},
        "country": "Jepang", "city": "Tokyo", "address": "2-1-1 Shibuya",
        "stay_from": "2026-01-01", "stay_until": "2027-12-31"
    });
    api.call("post", "/api/v1/reports", &[], "", Some(report), 201)
        .await;
    api.call("get", "/api/v1/reports", &[], "", None, 200).await;
    for page in ["information", "guide"] {
        api.call(
            "get",
            "/api/v1/content/{page}",
            &[("page", page)],
            "?lang=en",
            None,
            200,
        )
        .await;
    }
    api.call("post", "/api/v1/auth/logout", &[], "", None, 204)
        .await;
    api.call("get", "/api/v1/me", &[], "", None, 401).await;
    api.token = None;
    api.call(
        "post",
        "/api/v1/auth/forgot-password",
        &[],
        "",
        Some(json!({"login": p.username})),
        202,
    )
    .await;
    let reset = app
        .mail
        .wait_for_containing(&p.email, "/reset-password?token=")
        .await;
    let token = token_in(&reset, "/reset-password");
    api.call(
        "post",
        "/api/v1/auth/reset-password",
        &[],
        "",
        Some(json!({"token": token, "new_password": "rahasia789"})),
        200,
    )
    .await;
}

/// The validation above is not vacuous: a reply missing a required field,
/// with a field of the wrong format, or with an undocumented one, fails.
#[tokio::test]
async fn the_schemas_refuse_what_the_server_would_not_send() {
    let app = spawn_app().await;
    let api = Api::new(&app).await;
    let schema = json!({"$ref": "#/components/schemas/Slot"});
    let good = json!({"id": 1, "start": "08:00", "end": "12:00", "capacity": 20, "places_left": 3});
    api.validate(&schema, &good, "a slot");
    for bad in [
        json!({"id": 1, "start": "08:00", "end": "12:00", "capacity": 20}),
        json!({"id": 1, "start": "08:00", "end": "12:00", "capacity": 20, "places_left": -1}),
        json!({"id": 1, "start": "08:00", "end": "12:00", "capacity": 20, "places_left": 3, "x": 1}),
    ] {
        assert!(!api.errors(&schema, &bad).is_empty(), "{bad} passed");
    }
    let refusal = json!({"$ref": "#/components/schemas/ErrorBody"});
    let good = json!({"error": {"code": "validation", "message": "m",
        "fields": {"applicants[1].old_passport.number": "passport_number_invalid"}}});
    api.validate(&refusal, &good, "a refusal");
    for bad in [
        json!({"error": {"code": "no_such_code", "message": "m"}}),
        json!({"error": {"code": "validation", "message": "m", "fields": {"nik": "no_such_code"}}}),
        json!({"error": {"code": "validation", "message": "m", "fields": {"no_such_field": "required"}}}),
        json!({"error": {"code": "validation", "message": "m", "fields": {"applicants[x].nik": "required"}}}),
    ] {
        assert!(!api.errors(&refusal, &bad).is_empty(), "{bad} passed");
    }
    let day = json!({"$ref": "#/components/schemas/CalendarDay"});
    for bad in [
        json!({"date": "2026-02-30", "status": "available", "slots": []}),
        json!({"date": "2026-02-03", "status": "purple", "slots": []}),
    ] {
        assert!(!api.errors(&day, &bad).is_empty(), "{bad} passed");
    }
}
