//! The index end to end: postings go in as event snapshots, searches come out ranked, with
//! facets, highlights and pages, and the index reopens where it committed.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use hireboard_domain::event::{
    PostingSnapshot, SnapshotCompany, SnapshotExperience, SnapshotLocation, SnapshotSalary,
};
use hireboard_domain::geo;
use hireboard_domain::ids::{CompanyId, JobCode};
use hireboard_domain::posting::{EmploymentType, PostingStatus, SalaryPeriod, WorkplaceType};
use hireboard_search::{
    query, After, Change, Facet, Near, SearchIndex, SearchRequest, SearchResults, Sort,
};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
}

struct Spec {
    code: i64,
    title: &'static str,
    skills: &'static [&'static str],
    company: &'static str,
    city: &'static str,
    country: &'static str,
    description: &'static str,
    days_ago: i64,
    reconfirmed_days_ago: Option<i64>,
    /// Remote from these countries (none: from anywhere) instead of an office in `city`.
    remote_from: Option<&'static [&'static str]>,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            code: 1_000_001,
            title: "Backend Engineer",
            skills: &["Rust"],
            company: "Acme",
            city: "Berlin",
            country: "DE",
            description: "You will build services.",
            days_ago: 3,
            reconfirmed_days_ago: None,
            remote_from: None,
        }
    }
}

fn snapshot(spec: Spec) -> PostingSnapshot {
    PostingSnapshot {
        job_code: JobCode::new(spec.code).unwrap(),
        status: PostingStatus::Published,
        title: spec.title.into(),
        company: SnapshotCompany {
            id: CompanyId(1),
            slug: spec.company.to_lowercase(),
            name: spec.company.into(),
        },
        functional_area: "Backend Development".into(),
        category: "Engineering".into(),
        skills: spec.skills.iter().map(|s| (*s).to_owned()).collect(),
        locations: match spec.remote_from {
            Some(countries) => countries
                .iter()
                .map(|country| SnapshotLocation {
                    city: None,
                    region: None,
                    country: (*country).into(),
                })
                .collect(),
            None => vec![SnapshotLocation {
                city: Some(spec.city.into()),
                region: None,
                country: spec.country.into(),
            }],
        },
        workplace_type: if spec.remote_from.is_some() {
            WorkplaceType::Remote
        } else {
            WorkplaceType::Hybrid
        },
        employment_type: EmploymentType::FullTime,
        experience: SnapshotExperience {
            min_years: 3,
            max_years: 6,
        },
        education: None,
        salary: Some(SnapshotSalary {
            min: 60_000,
            max: 80_000 + spec.code as u32 % 100 * 1_000,
            currency: "EUR".into(),
            period: SalaryPeriod::Year,
        }),
        posted_at: Some(now() - Duration::days(spec.days_ago)),
        reconfirmed_at: spec
            .reconfirmed_days_ago
            .map(|days| now() - Duration::days(days)),
        valid_through: NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(),
        updated_at: now(),
        description_text: spec.description.into(),
        requirements: vec![],
    }
}

fn index_of(specs: Vec<Spec>) -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let changes: Vec<Change> = specs
        .into_iter()
        .map(|spec| Change::Posting(Box::new(snapshot(spec))))
        .collect();
    index.apply(&changes, 7).unwrap();
    (dir, index)
}

fn request(q: &str) -> SearchRequest {
    SearchRequest {
        text: query::parse(q).unwrap(),
        narrowed: vec![],
        experience_years: None,
        salary_at_least: None,
        posted_since: None,
        near: None,
        listed_on: now().date_naive(),
        now: now(),
        sort: Sort::Relevance,
        limit: 20,
        after: None,
        facet_values: 20,
    }
}

fn codes(results: &SearchResults) -> Vec<i64> {
    results
        .hits
        .iter()
        .map(|hit| hit.posting.job_code.get())
        .collect()
}

/// The counts of `facet`, most first.
fn counts(results: &SearchResults, facet: Facet) -> Vec<(String, u64)> {
    let found = results.facets.iter().find(|f| f.facet == facet).unwrap();
    found.values.clone()
}

fn search(index: &SearchIndex, q: &str) -> Vec<i64> {
    codes(&index.search(&request(q)).unwrap())
}

#[test]
fn a_title_match_ranks_above_skills_above_company_above_description() {
    let (_dir, index) = index_of(vec![
        Spec {
            code: 1_000_001,
            title: "Office Manager",
            description: "We love kotlin here.",
            ..Spec::default()
        },
        Spec {
            code: 1_000_002,
            title: "Kotlin Developer",
            skills: &["Java"],
            ..Spec::default()
        },
        Spec {
            code: 1_000_003,
            title: "Mobile Developer",
            skills: &["Kotlin"],
            ..Spec::default()
        },
        Spec {
            code: 1_000_004,
            title: "Developer",
            company: "Kotlin Labs",
            ..Spec::default()
        },
        Spec {
            code: 1_000_005,
            title: "Chef",
            ..Spec::default()
        },
    ]);
    assert_eq!(
        search(&index, "kotlin"),
        [1_000_002, 1_000_003, 1_000_004, 1_000_001]
    );
}

#[test]
fn technology_names_match_exactly() {
    let (_dir, index) = index_of(vec![
        Spec {
            code: 1_000_001,
            title: "C++ Engineer",
            ..Spec::default()
        },
        Spec {
            code: 1_000_002,
            title: "C Engineer",
            ..Spec::default()
        },
        Spec {
            code: 1_000_003,
            title: ".NET and C# Developer",
            ..Spec::default()
        },
        Spec {
            code: 1_000_004,
            title: "Node.js Developer",
            ..Spec::default()
        },
    ]);
    assert_eq!(search(&index, "c++"), [1_000_001]);
    assert_eq!(search(&index, "C#"), [1_000_003]);
    assert_eq!(search(&index, ".net"), [1_000_003]);
    assert_eq!(search(&index, "node.js"), [1_000_004]);
}

#[test]
fn synonyms_work_both_ways_and_across_words() {
    let (_dir, index) = index_of(vec![
        Spec {
            code: 1_000_001,
            title: "Platform Engineer",
            skills: &["Kubernetes"],
            ..Spec::default()
        },
        Spec {
            code: 1_000_002,
            title: "Golang Developer",
            ..Spec::default()
        },
        Spec {
            code: 1_000_003,
            title: "Machine Learning Engineer",
            ..Spec::default()
        },
    ]);
    assert_eq!(search(&index, "k8s"), [1_000_001]);
    assert_eq!(search(&index, "go"), [1_000_002]);
    assert_eq!(search(&index, "ml"), [1_000_003]);
}

#[test]
fn typos_are_forgiven_except_in_technology_names() {
    let (_dir, index) = index_of(vec![
        Spec {
            code: 1_000_001,
            title: "Platform Engineer",
            skills: &["Scala"],
            ..Spec::default()
        },
        Spec {
            code: 1_000_002,
            title: "Scale-up Recruiter",
            skills: &["Hiring"],
            ..Spec::default()
        },
        Spec {
            code: 1_000_003,
            title: "Infrastructure Architect",
            ..Spec::default()
        },
    ]);
    assert_eq!(search(&index, "enginer"), [1_000_001]);
    assert_eq!(search(&index, "infrastrcture"), [1_000_003], "distance 1");
    assert_eq!(
        search(&index, "infrastrctre"),
        [1_000_003],
        "distance 2 from nine letters"
    );
    assert_eq!(
        search(&index, "scala"),
        [1_000_001],
        "a skill is never corrected to scale"
    );
    assert!(search(&index, "engin").is_empty(), "no prefix matching");
}

#[test]
fn phrases_exclusions_and_or() {
    let (_dir, index) = index_of(vec![
        Spec {
            code: 1_000_001,
            title: "Senior Data Engineer",
            ..Spec::default()
        },
        Spec {
            code: 1_000_002,
            title: "Data Senior Engineer",
            ..Spec::default()
        },
        Spec {
            code: 1_000_003,
            title: "Data Analyst",
            ..Spec::default()
        },
    ]);
    assert_eq!(search(&index, "\"senior data\""), [1_000_001]);
    let mut found = search(&index, "data -analyst");
    found.sort();
    assert_eq!(found, [1_000_001, 1_000_002]);
    let mut found = search(&index, "analyst OR senior");
    found.sort();
    assert_eq!(found, [1_000_001, 1_000_002, 1_000_003]);
    assert_eq!(search(&index, "-engineer"), [1_000_003]);
}

#[test]
fn prose_is_stemmed_and_titles_are_not() {
    let (_dir, index) = index_of(vec![
        Spec {
            code: 1_000_001,
            title: "Engineer",
            description: "You will be building payment systems.",
            ..Spec::default()
        },
        Spec {
            code: 1_000_002,
            title: "Builds Lead",
            ..Spec::default()
        },
    ]);
    assert_eq!(search(&index, "builds"), [1_000_002, 1_000_001]);
}

#[test]
fn facets_count_the_whole_match_set_each_ignoring_its_own_filter() {
    let mut specs = Vec::new();
    for i in 0..30 {
        let (city, country) = [("Berlin", "DE"), ("Munich", "DE"), ("Lisbon", "PT")][i % 3];
        specs.push(Spec {
            code: 1_000_000 + i as i64,
            title: if i % 2 == 0 {
                "Rust Engineer"
            } else {
                "Go Engineer"
            },
            city,
            country,
            days_ago: i as i64,
            ..Spec::default()
        });
    }
    let (_dir, index) = index_of(specs);
    let mut request = request("engineer");
    request.limit = 5;
    let results = index.search(&request).unwrap();
    assert_eq!(
        (results.total, results.hits.len(), results.more),
        (30, 5, true)
    );
    assert_eq!(
        counts(&results, Facet::Country),
        [("DE".to_owned(), 20), ("PT".to_owned(), 10)]
    );
    assert_eq!(
        counts(&results, Facet::PostedWithin),
        [
            ("1d".to_owned(), 1),
            ("7d".to_owned(), 7),
            ("30d".to_owned(), 30),
            ("90d".to_owned(), 30)
        ]
    );
    request.narrowed = vec![(Facet::City, "lisbon".into())];
    let narrowed = index.search(&request).unwrap();
    assert_eq!(narrowed.total, 10);
    assert_eq!(
        counts(&narrowed, Facet::City),
        counts(&results, Facet::City),
        "a facet's counts ignore its own filter"
    );
    assert_eq!(counts(&narrowed, Facet::Country), [("PT".to_owned(), 10)]);
    request.narrowed.push((Facet::PostedWithin, "7d".into()));
    let both = index.search(&request).unwrap();
    assert!(both
        .hits
        .iter()
        .all(|hit| hit.posting.locations[0].city.as_deref() == Some("Lisbon")));
    assert_eq!(both.total, 2, "Lisbon's postings of 2 and 5 days ago");
}

/// Each commit writes a segment with values (and so ordinals) of its own, and a change
/// deletes a posting from an older segment: counts and filters must agree across them all.
#[test]
fn facets_and_filters_stay_exact_across_segments_and_changes() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let posting = |code: i64, city: &'static str, country: &'static str, skills| {
        Change::Posting(Box::new(snapshot(Spec {
            code,
            city,
            country,
            skills,
            ..Spec::default()
        })))
    };
    let commits: [Vec<Change>; 3] = [
        vec![
            posting(1_000_001, "Berlin", "DE", &["Rust", "SQL"]),
            posting(1_000_002, "Lisbon", "PT", &["Go"]),
        ],
        vec![
            posting(1_000_003, "Munich", "DE", &["Rust"]),
            posting(1_000_004, "Munich", "DE", &["Kafka"]),
        ],
        // Moves the first posting from Berlin to Munich: deleted in the first segment.
        vec![posting(1_000_001, "Munich", "DE", &["Rust"])],
    ];
    for (position, changes) in commits.iter().enumerate() {
        index.apply(changes, position as i64 + 1).unwrap();
    }
    let all = index.search(&request("engineer")).unwrap();
    assert_eq!(all.total, 4);
    assert_eq!(
        counts(&all, Facet::City),
        [("Munich".to_owned(), 3), ("Lisbon".to_owned(), 1)]
    );
    assert_eq!(
        counts(&all, Facet::Skills),
        [
            ("Rust".to_owned(), 2),
            ("Go".to_owned(), 1),
            ("Kafka".to_owned(), 1)
        ]
    );
    let mut in_munich = request("engineer");
    in_munich.narrowed = vec![(Facet::City, "MUNICH".into())];
    let narrowed = index.search(&in_munich).unwrap();
    let mut found = codes(&narrowed);
    found.sort_unstable();
    assert_eq!(found, [1_000_001, 1_000_003, 1_000_004]);
    assert_eq!(counts(&narrowed, Facet::Country), [("DE".to_owned(), 3)]);
    in_munich.narrowed.push((Facet::Skills, "Rust".into()));
    let mut found = codes(&index.search(&in_munich).unwrap());
    found.sort_unstable();
    assert_eq!(found, [1_000_001, 1_000_003]);
    let mut in_berlin = request("engineer");
    in_berlin.narrowed = vec![(Facet::City, "Berlin".into())];
    assert_eq!(index.search(&in_berlin).unwrap().total, 0, "it moved away");
}

/// Merging the segments a build left changes no answer and keeps the recorded position.
#[test]
fn compacting_merges_segments_and_changes_no_answer() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    for (i, city) in ["Berlin", "Lisbon", "Munich", "Berlin", "Oslo"]
        .into_iter()
        .enumerate()
    {
        let posting = snapshot(Spec {
            code: 1_000_001 + i as i64,
            city,
            ..Spec::default()
        });
        index
            .apply(&[Change::Posting(Box::new(posting))], i as i64 + 1)
            .unwrap();
    }
    let segments = |dir: &std::path::Path| {
        let meta = std::fs::read_to_string(dir.join("meta.json")).unwrap();
        let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
        meta["segments"].as_array().unwrap().len()
    };
    assert_eq!(segments(dir.path()), 5, "a commit each");
    let before = index.search(&request("engineer")).unwrap();
    index.compact(2).unwrap();
    assert_eq!(segments(dir.path()), 2);
    let after = index.search(&request("engineer")).unwrap();
    assert_eq!(codes(&after), codes(&before));
    assert_eq!(
        counts(&after, Facet::City),
        counts(&before, Facet::City),
        "the same counts"
    );
    assert_eq!(index.position().unwrap(), Some(5));
    drop(index);
    let reopened = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(reopened.position().unwrap(), Some(5));
    assert_eq!(
        codes(&reopened.search(&request("engineer")).unwrap()),
        codes(&before)
    );
}

#[test]
fn pages_follow_each_other_without_gaps_or_repeats_in_every_order() {
    let specs = (0..23)
        .map(|i| Spec {
            code: 1_000_000 + i,
            title: "Engineer",
            description: if i % 4 == 0 {
                "engineer engineer"
            } else {
                "other"
            },
            days_ago: i % 5,
            ..Spec::default()
        })
        .collect();
    let (_dir, index) = index_of(specs);
    for sort in [Sort::Relevance, Sort::Newest, Sort::Salary] {
        let mut request = request("engineer");
        request.sort = sort;
        request.limit = 4;
        let mut seen = Vec::new();
        loop {
            let page = index.search(&request).unwrap();
            seen.extend(codes(&page));
            let last: Option<After> = page.hits.last().map(|hit| hit.after);
            if !page.more {
                break;
            }
            request.after = last;
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!((seen.len(), unique.len()), (23, 23), "{sort:?}");
    }
}

#[test]
fn highlights_mark_matches_and_escape_everything_else() {
    let (_dir, index) = index_of(vec![Spec {
        title: "Rust <script>alert(1)</script> Engineer",
        description: "Write Rust & build <b>things</b> in rust.",
        ..Spec::default()
    }]);
    let results = index.search(&request("rust")).unwrap();
    let hit = &results.hits[0];
    let title = hit.title_html.as_deref().unwrap();
    assert_eq!(
        title,
        "<mark>Rust</mark> &lt;script&gt;alert(1)&lt;/script&gt; Engineer"
    );
    let description = hit.description_html.as_deref().unwrap();
    assert!(
        description.contains("<mark>Rust</mark> &amp; build &lt;b&gt;"),
        "{description}"
    );
    let plain = index.search(&request("")).unwrap();
    assert!(
        plain.hits[0].title_html.is_none(),
        "nothing to mark without words"
    );
}

#[test]
fn changes_replace_and_remove_postings_and_the_position_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open(dir.path()).unwrap();
        assert_eq!(index.position().unwrap(), None);
        let first = snapshot(Spec {
            code: 1_000_001,
            title: "Rust Engineer",
            skills: &["SQL"],
            ..Spec::default()
        });
        let second = snapshot(Spec {
            code: 1_000_002,
            title: "Rust Lead",
            ..Spec::default()
        });
        index
            .apply(
                &[
                    Change::Posting(Box::new(first.clone())),
                    Change::Posting(Box::new(second)),
                ],
                41,
            )
            .unwrap();
        let mut renamed = first.clone();
        renamed.title = "Go Engineer".into();
        let mut closed = snapshot(Spec {
            code: 1_000_002,
            ..Spec::default()
        });
        closed.status = PostingStatus::Closed;
        index
            .apply(
                &[
                    Change::Posting(Box::new(renamed)),
                    Change::Posting(Box::new(closed)),
                ],
                42,
            )
            .unwrap();
        assert_eq!(search(&index, "rust"), Vec::<i64>::new());
        assert_eq!(search(&index, "go"), [1_000_001]);
    }
    let index = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(index.position().unwrap(), Some(42));
    assert_eq!(index.len(), 1);
    assert_eq!(search(&index, "go"), [1_000_001]);
}

#[test]
fn filters_that_are_not_facets_are_exact() {
    let (_dir, index) = index_of(vec![
        Spec {
            code: 1_000_010,
            ..Spec::default()
        },
        Spec {
            code: 1_000_090,
            ..Spec::default()
        },
    ]);
    let mut request = request("");
    request.salary_at_least = Some((150_000, "EUR".into()));
    assert_eq!(codes(&index.search(&request).unwrap()), [1_000_090]);
    request.salary_at_least = Some((150_000, "USD".into()));
    assert!(index.search(&request).unwrap().hits.is_empty());
    request.salary_at_least = None;
    request.experience_years = Some(7);
    assert!(index.search(&request).unwrap().hits.is_empty());
    request.experience_years = Some(6);
    assert_eq!(index.search(&request).unwrap().total, 2);
    request.listed_on = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
    assert_eq!(
        index.search(&request).unwrap().total,
        0,
        "past valid-through"
    );
}

#[test]
fn suggestions_complete_skills_titles_and_companies_most_used_first() {
    let (_dir, index) = index_of(vec![
        Spec {
            code: 1_000_001,
            title: "Kubernetes Administrator",
            skills: &["Kubernetes", "Kafka"],
            company: "Kubo Labs",
            ..Spec::default()
        },
        Spec {
            code: 1_000_002,
            title: "Platform Engineer",
            skills: &["Kubernetes"],
            ..Spec::default()
        },
        Spec {
            code: 1_000_003,
            title: "Data Engineer",
            skills: &["Kafka"],
            company: "Zürich Re",
            ..Spec::default()
        },
    ]);
    let texts = |typed: &str| -> Vec<(String, &'static str, u64)> {
        index
            .suggest(typed, 10)
            .unwrap()
            .into_iter()
            .map(|s| (s.text, s.kind.name(), s.postings))
            .collect()
    };
    assert_eq!(
        texts("kub"),
        [
            ("Kubernetes".to_owned(), "skill", 2),
            ("Kubo Labs".to_owned(), "company", 1),
            ("Kubernetes Administrator".to_owned(), "title", 1),
        ]
    );
    assert_eq!(texts("ZUR")[0].0, "Zürich Re", "case and accents aside");
    assert_eq!(
        texts("kubr")[0].0,
        "Kubernetes",
        "one typo from four letters"
    );
    assert!(texts("kbr").is_empty(), "no typos below four letters");
    assert!(texts("").is_empty() && texts("   ").is_empty() && texts("\u{1}").is_empty());
    assert!(texts(&"x".repeat(10_000)).is_empty());
    assert_eq!(index.suggest("k", 1).unwrap().len(), 1);
}

#[test]
fn an_index_of_another_schema_is_started_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut builder = tantivy::schema::Schema::builder();
    builder.add_text_field("something_else", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(dir.path(), builder.build()).unwrap();
    std::fs::write(dir.path().join("hireboard.db"), "not the index's").unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    assert!(
        dir.path().join("hireboard.db").exists(),
        "only the index's files go"
    );
    assert_eq!(
        index.position().unwrap(),
        None,
        "to be built from the store"
    );
    index
        .apply(&[Change::Posting(Box::new(snapshot(Spec::default())))], 3)
        .unwrap();
    assert_eq!(search(&index, "rust"), [1_000_001]);
}

fn near(city: &str, radius_km: f64) -> Near {
    let city = geo::city_named(city).unwrap();
    Near {
        point: city.point(),
        radius_km,
        country: city.country.into(),
    }
}

#[test]
fn near_finds_offices_within_the_radius_and_remote_postings_open_to_the_country() {
    let office = |code, city, country| Spec {
        code,
        city,
        country,
        ..Spec::default()
    };
    let remote = |code, from| Spec {
        code,
        remote_from: Some(from),
        ..Spec::default()
    };
    let (_dir, index) = index_of(vec![
        office(1_000_001, "Berlin", "DE"),
        office(1_000_002, "Hamburg", "DE"),
        office(1_000_003, "Paris", "FR"),
        // Not a city the board knows: listed, but never near anything.
        office(1_000_004, "Atlantis", "DE"),
        remote(1_000_005, &["DE", "AT"]),
        remote(1_000_006, &["US"]),
        remote(1_000_007, &[]),
    ]);
    let mut request = request("");
    request.sort = Sort::Distance;
    request.near = Some(near("berlin", 50.0));
    let results = index.search(&request).unwrap();
    assert_eq!(codes(&results), vec![1_000_001, 1_000_007, 1_000_005]);
    assert_eq!(results.total, 3);
    assert!(results.hits[0].distance_km.unwrap() < 1.0);
    assert_eq!(results.hits[1].distance_km, None);

    request.near = Some(near("Berlin", 300.0));
    let results = index.search(&request).unwrap();
    assert_eq!(
        codes(&results),
        vec![1_000_001, 1_000_002, 1_000_007, 1_000_005]
    );
    let hamburg = results.hits[1].distance_km.unwrap();
    assert!((250.0..260.0).contains(&hamburg), "{hamburg}");
    let cities = &results
        .facets
        .iter()
        .find(|counts| counts.facet == Facet::City)
        .unwrap()
        .values;
    assert!(cities.contains(&("Hamburg".to_owned(), 1)), "{cities:?}");
    assert!(
        !cities.iter().any(|(city, _)| city == "Paris"),
        "{cities:?}"
    );

    // A candidate in the United States: the remote posting open to the US, and to anyone.
    request.near = Some(near("New York", 50.0));
    assert_eq!(
        codes(&index.search(&request).unwrap()),
        vec![1_000_007, 1_000_006]
    );

    // Pages by distance follow each other.
    request.near = Some(near("Berlin", 1_000.0));
    request.limit = 1;
    let mut seen = Vec::new();
    loop {
        let page = index.search(&request).unwrap();
        seen.extend(codes(&page));
        if !page.more {
            break;
        }
        request.after = page.hits.last().map(|hit| hit.after);
    }
    assert_eq!(
        seen,
        vec![1_000_001, 1_000_002, 1_000_003, 1_000_007, 1_000_005]
    );
}

#[test]
fn recently_posted_or_reconfirmed_postings_rank_a_little_higher() {
    let (_dir, index) = index_of(vec![
        Spec {
            code: 1_000_001,
            days_ago: 30,
            ..Spec::default()
        },
        Spec {
            code: 1_000_002,
            days_ago: 60,
            reconfirmed_days_ago: Some(1),
            ..Spec::default()
        },
        Spec {
            code: 1_000_003,
            days_ago: 90,
            ..Spec::default()
        },
    ]);
    assert_eq!(
        search(&index, "backend"),
        vec![1_000_002, 1_000_001, 1_000_003]
    );
    // Newest first stays by the date posted.
    let mut newest = request("backend");
    newest.sort = Sort::Newest;
    assert_eq!(
        codes(&index.search(&newest).unwrap()),
        vec![1_000_001, 1_000_002, 1_000_003]
    );
}
