use reqwest::StatusCode;

use crate::helpers::TestApp;

pub async fn health_readiness_and_request_ids() {
    let app = TestApp::spawn().await;
    let health = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let request_id = health
        .headers()
        .get("x-request-id")
        .expect("request id header")
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(request_id.len(), 36);
    assert_eq!(
        app.get("/readyz", None).await.expect(StatusCode::OK)["status"],
        "ready"
    );
    let echoed = app
        .client
        .get(format!("{}/healthz", app.base))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "abc-123");
    assert_eq!(echoed.headers()["x-content-type-options"], "nosniff");
    for probe in ["/healthz", "/readyz"] {
        let operator = app
            .client
            .get(format!("{}{probe}", app.operator_base))
            .send()
            .await
            .unwrap();
        assert_eq!(
            operator.status(),
            StatusCode::OK,
            "{probe} on the operator port"
        );
    }
}

pub async fn metrics_count_requests_by_route_and_status() {
    let app = TestApp::spawn().await;
    app.get("/api/v1/jobs", None).await.expect(StatusCode::OK);
    app.get("/api/v1/jobs/1234567", None)
        .await
        .expect(StatusCode::NOT_FOUND);
    let public = app.get("/metrics", None).await;
    assert_eq!(
        public.status,
        StatusCode::NOT_FOUND,
        "metrics stay off the API port"
    );
    let text = app
        .client
        .get(format!("{}/metrics", app.operator_base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains(r#"http_requests_total{method="GET",route="/api/v1/jobs",status="200"}"#),
        "{text}"
    );
    assert!(
        text.contains(r#"route="/api/v1/jobs/{code}",status="404""#),
        "{text}"
    );
    assert!(
        text.contains("http_request_duration_seconds_bucket"),
        "latency histogram missing"
    );
}

pub async fn served_openapi_matches_the_committed_file() {
    let app = TestApp::spawn().await;
    let served: serde_json::Value = app
        .get("/api/v1/openapi.json", None)
        .await
        .expect(StatusCode::OK);
    assert!(served["openapi"].as_str().unwrap().starts_with("3.1"));
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../api/openapi.json");
    let pretty = serde_json::to_string_pretty(&served).unwrap() + "\n";
    if std::env::var_os("UPDATE_API").is_some() {
        std::fs::write(path, &pretty).unwrap();
    }
    let committed = std::fs::read_to_string(path).expect("api/openapi.json is committed");
    assert!(committed == pretty, "api/openapi.json differs from the served description; run `UPDATE_API=1 cargo test -p hireboard served_openapi` and commit it");
}

pub async fn docs_are_served_with_their_own_assets() {
    let app = TestApp::spawn().await;
    let page = app
        .client
        .get(format!("{}/docs/", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        !html.contains("https://"),
        "docs must not load anything from the internet"
    );
    for asset in [
        "swagger-ui-bundle.js",
        "swagger-ui.css",
        "swagger-initializer.js",
    ] {
        let response = app
            .client
            .get(format!("{}/docs/{asset}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{asset}");
    }
    let init = app
        .client
        .get(format!("{}/docs/swagger-initializer.js", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(init.contains("/api/v1/openapi.json"));
}
