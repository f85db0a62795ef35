//! Search through the listing endpoint: postings are found within a second of a change,
//! ranked and highlighted, with facets; a new instance builds its index from the store; and
//! no query, however hostile, gets a server error.

use std::time::{Duration, Instant};

use hireboard::config::Config;
use hireboard::startup::Application;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{posting, Reply, TestApp};

/// `/api/v1/jobs` with `params` encoded in its query string.
fn jobs(params: &[(&str, &str)]) -> String {
    let url = reqwest::Url::parse_with_params("http://x/api/v1/jobs", params).expect("url");
    format!("{}?{}", url.path(), url.query().unwrap_or(""))
}

fn codes(reply: &Reply) -> Vec<i64> {
    let items = reply.body["items"].as_array().cloned().unwrap_or_default();
    items
        .iter()
        .filter_map(|item| item["job_code"].as_i64())
        .collect()
}

/// Each listing asked with bad parameters is refused (422) naming the field.
async fn refused_by_name(app: &TestApp, refused: &[(&[(&str, &str)], &str)]) {
    for (params, field) in refused {
        let reply: Value = app
            .get(&jobs(params), None)
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply["errors"][0]["field"], *field, "{params:?}: {reply}");
    }
}

/// Polls `get` until `done` holds, failing after `within`.
async fn eventually<F, Fut>(
    within: Duration,
    what: &str,
    get: F,
    done: impl Fn(&Reply) -> bool,
) -> Reply
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Reply>,
{
    let deadline = Instant::now() + within;
    loop {
        let reply = get().await;
        if done(&reply) {
            return reply;
        }
        assert!(
            Instant::now() < deadline,
            "{what} after {within:?}: {} {}",
            reply.status,
            reply.body
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub async fn changes_are_searchable_within_a_second_with_highlights_and_facets() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("acme").await;
    let code = app
        .published(
            &recruiter,
            posting(json!({"title": "Kotlin <Platform> Engineer", "employment_type": "contract"})),
        )
        .await;
    app.published(&recruiter, posting(json!({"title": "Office Manager", "skills": ["excel"], "description": "Keep the office running."})))
        .await;
    let path = jobs(&[("q", "kotlin")]);
    let found = eventually(
        Duration::from_secs(1),
        "not found",
        || app.get(&path, None),
        |r| codes(r) == [code],
    )
    .await;
    assert_eq!(found.status, StatusCode::OK);
    let item = &found.body["items"][0];
    assert_eq!(
        item["highlights"]["title"],
        "<mark>Kotlin</mark> &lt;Platform&gt; Engineer"
    );
    assert_eq!(found.body["total"], 1);
    assert_eq!(
        found.body["facets"]["city"],
        json!([{"value": "Berlin", "count": 1}])
    );
    assert_eq!(
        found.body["facets"]["employment_type"],
        json!([{"value": "contract", "count": 1}])
    );

    // A filter only the index knows, and a facet's counts ignoring its own filter.
    let full_time = jobs(&[("employment_type", "full_time")]);
    let narrowed = eventually(
        Duration::from_secs(1),
        "not indexed",
        || app.get(&full_time, None),
        |r| r.body["total"] == 1,
    )
    .await
    .body;
    assert_eq!(narrowed["items"][0]["title"], "Office Manager");
    let counts = narrowed["facets"]["employment_type"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(counts, 2, "both employment types still counted: {narrowed}");

    // The plain listing still comes from the store, with the index's facets beside it.
    let listing = app.get("/api/v1/jobs", None).await.expect(StatusCode::OK);
    assert_eq!(listing["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        listing["facets"]["company"],
        json!([{"value": "acme", "count": 2}])
    );
    assert!(listing["items"][0].get("highlights").is_none());

    app.post(
        &format!("/api/v1/jobs/{code}/close"),
        Some(&recruiter.token),
        json!({}),
    )
    .await
    .expect(StatusCode::OK);
    eventually(
        Duration::from_secs(1),
        "still found when closed",
        || app.get(&path, None),
        |r| r.status == StatusCode::OK && codes(r).is_empty(),
    )
    .await;
}

pub async fn a_new_instance_builds_its_index_from_the_store() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("acme").await;
    let mut published = Vec::new();
    for title in ["Rust Engineer", "Rust Lead", "Go Engineer"] {
        published.push(
            app.published(
                &recruiter,
                posting(json!({"title": title, "skills": ["sql"]})),
            )
            .await,
        );
    }
    let data = tempfile::tempdir().expect("temp dir");
    let mut config = Config {
        data_dir: data.path().to_path_buf(),
        ..Config::default()
    };
    config.http.addr = "127.0.0.1:0".parse().expect("addr");
    config.metrics.addr = "127.0.0.1:0".parse().expect("addr");
    config.database.url = Some(app.database_url.clone());
    let second = Application::build(&config)
        .await
        .expect("second instance builds");
    let base = format!("http://{}", second.local_addr());
    tokio::spawn(second.run_until_stopped());
    let client = reqwest::Client::new();
    let path = jobs(&[("q", "rust"), ("sort", "newest")]);
    let get = || async {
        let response = client
            .get(format!("{base}{path}"))
            .send()
            .await
            .expect("sent");
        crate::helpers::reply(response).await
    };
    let found = eventually(Duration::from_secs(5), "not built", get, |r| {
        codes(r).len() == 2
    })
    .await;
    let listed = app.get("/api/v1/jobs", None).await;
    let newest_first: Vec<i64> = codes(&listed)
        .into_iter()
        .filter(|c| *c != published[2])
        .collect();
    assert_eq!(codes(&found), newest_first, "in the listing's order");
}

pub async fn pages_of_a_search_follow_each_other_and_cursors_belong_to_theirs() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("acme").await;
    let mut published = Vec::new();
    for i in 0..5 {
        let title = format!("Data Engineer {i}");
        published.push(
            app.published(&recruiter, posting(json!({"title": title})))
                .await,
        );
    }
    let first = jobs(&[("q", "data engineer"), ("limit", "2")]);
    eventually(
        Duration::from_secs(1),
        "not indexed",
        || app.get(&first, None),
        |r| r.body["total"] == 5,
    )
    .await;
    let mut seen = Vec::new();
    let mut page = app.get(&first, None).await.expect(StatusCode::OK);
    for _ in 0..5 {
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| item["job_code"].as_i64().unwrap()),
        );
        let Some(cursor) = page["next_cursor"].as_str().map(str::to_owned) else {
            break;
        };
        let next = jobs(&[("q", "data engineer"), ("limit", "2"), ("cursor", &cursor)]);
        let other = jobs(&[("q", "engineer"), ("limit", "2"), ("cursor", &cursor)]);
        let refused = app
            .get(&other, None)
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused["errors"][0]["field"], "cursor", "{refused}");
        page = app.get(&next, None).await.expect(StatusCode::OK);
    }
    seen.sort();
    published.sort();
    assert_eq!(seen, published);
}

pub async fn hostile_queries_get_results_or_a_clear_client_error() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("acme").await;
    app.published(&recruiter, posting(json!({}))).await;
    let long = "engineer ".repeat(1_200);
    // 100 words: those after the 32nd are left out.
    let many_words = (0..100)
        .map(|n| format!("w{n}"))
        .collect::<Vec<_>>()
        .join(" ");
    let answered_with_results = [
        "",
        "   ",
        "the of and",
        "-",
        "- -",
        "\u{1}\u{7f}",
        "a\0b",
        "title:*",
        "~",
        "^10",
        "[a TO z]",
        "*:*",
        "/.*/",
        "(a|b)+",
        "rust~2",
        "c++ OR c#",
        "\u{202e}rtl",
        "😀",
        "-rust",
        "'; DROP TABLE postings;--",
        "OR rust",
        "rust OR",
        "rust OR -php",
        many_words.as_str(),
    ];
    for q in answered_with_results {
        let reply = app.get(&jobs(&[("q", q)]), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{q:?}: {}", reply.body);
    }
    let unreadable = [
        ("\"open phrase", 1),
        ("rust \"", 6),
        ("\"a\" \"b", 5),
        (long.as_str(), 501),
    ];
    for (q, position) in unreadable {
        let reply = app.get(&jobs(&[("q", q)]), None).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{q:.40}: {}",
            reply.body
        );
        let detail = reply.body.to_string();
        assert!(
            detail.contains(&format!("at character {position}")),
            "{q:.40}: {detail}"
        );
    }
    let refused: [(&[(&str, &str)], &str); 6] = [
        (&[("sort", "price")], "sort"),
        (&[("employment_type", "gig")], "employment_type"),
        (&[("experience_band", "3-4")], "experience_band"),
        (&[("salary_band", "EUR 1-2")], "salary_band"),
        (&[("posted_within", "2d")], "posted_within"),
        (&[("q", "rust"), ("cursor", "bm90LWEtY3Vyc29y")], "cursor"),
    ];
    refused_by_name(&app, &refused).await;
}

pub async fn suggestions_complete_what_is_typed_and_refuse_what_is_not_a_prefix() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("acme").await;
    app.published(
        &recruiter,
        posting(json!({"title": "Kubernetes Operator", "skills": ["kubernetes", "go"]})),
    )
    .await;
    let path = "/api/v1/search/suggest?q=KUB&limit=5";
    let found = eventually(
        Duration::from_secs(1),
        "no suggestion",
        || app.get(path, None),
        |r| {
            r.body["suggestions"]
                .as_array()
                .is_some_and(|s| s.len() == 2)
        },
    )
    .await;
    assert_eq!(
        found.body["suggestions"][0],
        json!({"text": "kubernetes", "kind": "skill", "postings": 1})
    );
    assert_eq!(found.body["suggestions"][1]["kind"], "title");
    let typo = app
        .get("/api/v1/search/suggest?q=kubr", None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(typo["suggestions"][0]["text"], "kubernetes");
    for (query, field) in [
        ("q=", "q"),
        ("q=kub&limit=0", "limit"),
        ("q=kub&limit=x", "limit"),
    ] {
        let refused = app
            .get(&format!("/api/v1/search/suggest?{query}"), None)
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused["errors"][0]["field"], field, "{query}: {refused}");
    }
    let long = format!("/api/v1/search/suggest?q={}", "a".repeat(101));
    app.get(&long, None)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    for hostile in ["%00", "%01%02", "*", "%5B", "%22", "\u{1F600}"] {
        let reply = app
            .get(&format!("/api/v1/search/suggest?q={hostile}"), None)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{hostile}: {}", reply.body);
    }
}

pub async fn near_finds_offices_within_the_radius_and_remote_jobs_open_to_the_country() {
    let app = TestApp::spawn().await;
    let (recruiter, _) = app.recruiter_with_company("acme").await;
    let office = |city: &str, country: &str| {
        posting(json!({"locations": [{"city": city, "country": country}]}))
    };
    let remote = |countries: &[&str]| {
        let locations: Vec<Value> = countries.iter().map(|c| json!({"country": c})).collect();
        posting(json!({"workplace_type": "remote", "locations": locations}))
    };
    let berlin = app.published(&recruiter, office("Berlin", "DE")).await;
    let hamburg = app.published(&recruiter, office("Hamburg", "DE")).await;
    app.published(&recruiter, office("Paris", "FR")).await;
    let remote_de = app.published(&recruiter, remote(&["DE", "AT"])).await;
    app.published(&recruiter, remote(&["US"])).await;
    let nearby = jobs(&[
        ("near", "berlin"),
        ("radius_km", "300"),
        ("sort", "distance"),
    ]);
    let found = eventually(
        Duration::from_secs(1),
        "not found near Berlin",
        || app.get(&nearby, None),
        |r| codes(r).len() == 3,
    )
    .await;
    assert_eq!(
        codes(&found),
        [berlin, hamburg, remote_de],
        "{}",
        found.body
    );
    let items = &found.body["items"];
    assert_eq!(items[0]["distance_km"], 0.0);
    let km = items[1]["distance_km"].as_f64().expect("a distance");
    assert!((250.0..260.0).contains(&km), "{km}");
    assert!(items[2].get("distance_km").is_none(), "{}", items[2]);
    // The default radius (50 km) leaves Hamburg out; a name in other case and accents works.
    let reply: Value = app
        .get(&jobs(&[("near", "BERLIN"), ("q", "rust")]), None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(reply["total"], 2, "{reply}");
    let refused: [(&[(&str, &str)], &str); 8] = [
        (&[("near", "Atlantis")], "near"),
        (&[("near", "Ber\0lin")], "near"),
        (&[("near", "'; DROP TABLE postings;--")], "near"),
        (&[("near", "Berlin"), ("radius_km", "-5")], "radius_km"),
        (&[("radius_km", "10")], "radius_km"),
        (&[("near", "Berlin"), ("radius_km", "0")], "radius_km"),
        (&[("near", "Berlin"), ("radius_km", "20001")], "radius_km"),
        (&[("sort", "distance")], "sort"),
    ];
    refused_by_name(&app, &refused).await;
}
