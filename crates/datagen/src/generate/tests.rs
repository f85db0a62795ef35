use std::collections::HashSet;

use chrono::NaiveDate;
use hireboard_domain::posting::{ImportRecord, SalaryPeriod, WorkplaceType, CURRENCIES};

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).expect("valid date")
}

fn json(records: &[ImportRecord]) -> Vec<String> {
    records
        .iter()
        .map(|r| serde_json::to_string(r).expect("records serialize"))
        .collect()
}

#[test]
fn every_generated_record_is_valid() {
    let today = today();
    for seed in [1, 0xDEC0DE] {
        for (i, record) in generate(seed, today).take(2_000).enumerate() {
            if let Err(e) = record.posting.parse(today) {
                panic!("seed {seed}, record {i} is invalid: {e}\n{record:#?}");
            }
            assert!(record.job_code.is_none());
            let posted = record.posted_at.date_naive();
            assert!(
                posted < today && (today - posted).num_days() <= 60,
                "{posted}"
            );
            let ahead = (record.valid_through - today).num_days();
            assert!((1..=90).contains(&ahead), "{ahead}");
        }
    }
}

#[test]
fn same_seed_same_records() {
    let a: Vec<_> = generate(42, today()).take(300).collect();
    let b: Vec<_> = generate(42, today()).take(300).collect();
    assert_eq!(json(&a), json(&b));
}

#[test]
fn different_seeds_differ() {
    let a: Vec<_> = generate(1, today()).take(50).collect();
    let b: Vec<_> = generate(2, today()).take(50).collect();
    let (a, b) = (json(&a), json(&b));
    assert!(a.iter().zip(&b).filter(|(x, y)| x == y).count() < 5);
}

#[test]
fn records_look_realistic() {
    let records: Vec<_> = generate(7, today()).take(20_000).collect();
    let companies: HashSet<_> = records.iter().map(|r| r.company.as_str()).collect();
    assert!(
        (380..=400).contains(&companies.len()),
        "{}",
        companies.len()
    );
    let areas: HashSet<_> = records
        .iter()
        .map(|r| r.posting.functional_area.as_str())
        .collect();
    assert_eq!(areas.len(), AREAS.len());

    let share = |pred: &dyn Fn(&ImportRecord) -> bool| {
        records.iter().filter(|r| pred(r)).count() as f64 / records.len() as f64
    };
    let remote = share(&|r| r.posting.workplace_type == WorkplaceType::Remote);
    let onsite = share(&|r| r.posting.workplace_type == WorkplaceType::Onsite);
    assert!((0.27..0.33).contains(&remote), "{remote}");
    assert!((0.37..0.43).contains(&onsite), "{onsite}");
    assert!(share(&|r| r.posting.salary.is_some()) > 0.6);
    assert!(share(&|r| !r.posting.screening_questions.is_empty()) > 0.15);
    assert!(share(&|r| r.posting.locations.is_empty()) > 0.05);

    for r in &records {
        let p = &r.posting;
        assert!((3..=8).contains(&p.skills.len()), "{:?}", p.skills);
        assert!(p.skills.iter().all(|s| *s == s.to_lowercase()));
        assert!((2..=4).contains(&p.responsibilities.len()));
        assert!((1..=3).contains(&p.qualifications.len()));
        assert!(p.experience.min_years <= 10);
        assert!(p.experience.max_years - p.experience.min_years <= 5);
        if p.workplace_type != WorkplaceType::Remote {
            assert!(p.locations.iter().all(|l| l.city.is_some()) && !p.locations.is_empty());
        }
        if let Some(s) = &p.salary {
            assert!(
                s.min < s.max && CURRENCIES.contains(&s.currency.as_str()),
                "{s:?}"
            );
            if s.period == SalaryPeriod::Year && s.currency == "USD" {
                assert!((15_000..=600_000).contains(&s.min), "{s:?}");
            }
        }
    }
}

#[test]
fn salaries_follow_the_location() {
    for r in generate(3, today()).take(5_000) {
        let (Some(salary), Some(location)) = (&r.posting.salary, r.posting.locations.first())
        else {
            continue;
        };
        let country = COUNTRIES
            .iter()
            .find(|c| c.code == location.country)
            .expect("generated countries are known");
        assert_eq!(salary.currency, country.currency);
    }
}
