use super::*;
use proptest::prelude::*;
use serde_json::json;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn input() -> PostingInput {
    serde_json::from_value(json!({
        "title": "Senior Software Engineer - Backend",
        "description": "Build **services**.",
        "skills": ["Rust", "rust", "PostgreSQL"],
        "functional_area": "Backend Development",
        "category": "Backend Development",
        "experience": {"min_years": 3, "max_years": 5},
        "education": "bachelor",
        "workplace_type": "remote",
        "locations": [{"city": "Berlin", "country": "de"}],
        "employment_type": "full_time",
        "salary": {"min": 70000, "max": 90000, "currency": "eur", "period": "year"}
    }))
    .unwrap()
}

#[test]
fn valid_input_is_normalized() {
    let (content, valid_through) = input().parse(today()).unwrap();
    assert_eq!(content.skills, ["rust", "postgresql"]);
    assert_eq!(content.locations[0].country, "DE");
    assert_eq!(content.salary.unwrap().currency, "EUR");
    assert!(content
        .description_html
        .contains("<strong>services</strong>"));
    assert_eq!(valid_through, None);
}

#[test]
fn inverted_ranges_and_bad_values_are_named() {
    let mut raw = input();
    raw.experience = ExperienceRange {
        min_years: 6,
        max_years: 2,
    };
    raw.salary = Some(Salary {
        min: 10,
        max: 5,
        currency: "EUR".into(),
        period: SalaryPeriod::Year,
    });
    raw.locations[0].country = "Germany".into();
    raw.title = "x".repeat(201);
    raw.valid_through = Some(today().pred_opt().unwrap());
    let fields: Vec<String> = raw
        .parse(today())
        .unwrap_err()
        .0
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(
        fields,
        [
            "title",
            "experience.min_years",
            "locations[0].country",
            "salary.min",
            "valid_through"
        ]
    );
}

#[test]
fn unknown_fields_and_enum_values_fail_to_deserialize() {
    let mut value = serde_json::to_value(input()).unwrap();
    value["surprise"] = json!(1);
    assert!(serde_json::from_value::<PostingInput>(value).is_err());
    let mut value = serde_json::to_value(input()).unwrap();
    value["workplace_type"] = json!("moon");
    assert!(serde_json::from_value::<PostingInput>(value).is_err());
}

#[test]
fn patch_changes_only_given_fields_and_is_atomic() {
    let (content, _) = input().parse(today()).unwrap();
    let patch: PostingPatch = serde_json::from_value(json!({"title": "Staff Engineer"})).unwrap();
    let (next, _) = content.patched(&patch, today()).unwrap();
    assert_eq!(next.title, "Staff Engineer");
    assert_eq!(next.skills, content.skills);
    let patch: PostingPatch =
        serde_json::from_value(json!({"title": "Staff", "skills": ["<b>"]})).unwrap();
    assert_eq!(
        content.patched(&patch, today()).unwrap_err().0[0].field,
        "skills[0]"
    );
}

#[test]
fn script_only_description_is_refused() {
    let mut raw = input();
    raw.description = "<script>alert(1)</script>".into();
    raw.description_format = TextFormat::Html;
    assert_eq!(raw.parse(today()).unwrap_err().0[0].field, "description");
}

proptest! {
    #[test]
    fn parse_never_panics_and_never_stores_script(title in ".{0,300}", description in ".{0,500}", skill in ".{0,50}") {
        let mut raw = input();
        raw.title = title;
        raw.description = description;
        raw.skills = vec![skill];
        if let Ok((content, _)) = raw.parse(today()) {
            let html = content.description_html.to_lowercase();
            prop_assert!(!html.contains("<script"));
            prop_assert!(!html.contains("javascript:"));
        }
    }
}

proptest! {
    /// Whatever is accepted is stored in a form the read path accepts again, unchanged: a
    /// stored posting that fails its own checks can only be answered with a 5xx.
    #[test]
    fn accepted_content_reads_back_unchanged(
        title in "[ \\t\u{85}\u{a0}\u{2000}-\u{200a}\u{2028}\u{3000}a-zA-Zİßﬁǅ]{0,40}",
        description in "[ \\t\r\n\u{85}\u{a0}\u{2000}-\u{200a}\u{2028}\u{3000}a-zİ<>&*#_]{0,80}",
        skill in "[ \u{2000}\u{3000}]{0,2}[a-zA-Z0-9İIßﬁǅ+#./ -]{1,30}[ \u{2005}]{0,2}",
        html in any::<bool>(),
    ) {
        let mut raw = input();
        raw.title = title;
        raw.description = description;
        raw.description_format = if html { TextFormat::Html } else { TextFormat::Markdown };
        raw.skills = vec![skill];
        if let Ok((content, _)) = raw.parse(today()) {
            let stored = serde_json::to_string(&content).unwrap();
            let read: PostingContent = serde_json::from_str(&stored)
                .map_err(|e| TestCaseError::fail(format!("{stored}: {e}")))?;
            prop_assert_eq!(read, content);
        }
    }
}

#[test]
fn a_dotted_capital_i_is_stored_as_a_tag_that_reads_back() {
    assert_eq!(parse_skill("skills[0]", "İstanbul").unwrap(), "istanbul");
    assert_eq!(parse_skill("skills[0]", "istanbul").unwrap(), "istanbul");
}

#[test]
fn stored_content_reads_back_as_it_was_written() {
    let (content, _) = input().parse(today()).unwrap();
    let stored = serde_json::to_string(&content).unwrap();
    let read: PostingContent = serde_json::from_str(&stored).unwrap();
    assert_eq!(read, content);
}

#[test]
fn stored_content_is_checked_again() {
    let (content, _) = input().parse(today()).unwrap();
    let stored = serde_json::to_value(&content).unwrap();
    let with = |field: &str, value: serde_json::Value| {
        let mut changed = stored.clone();
        changed[field] = value;
        serde_json::from_value::<PostingContent>(changed)
    };
    let unsafe_html: PostingContent = with(
        "description_html",
        json!("<p onclick=\"x()\">hi</p><script>alert(1)</script>"),
    )
    .unwrap();
    assert_eq!(unsafe_html.description_html(), "<p>hi</p>");
    assert!(with("experience", json!({"min_years": 9, "max_years": 2})).is_err());
    assert!(with("skills", json!(["not a skill!"])).is_err());
    assert!(with("description_html", json!("<script>alert(1)</script>")).is_err());
}
