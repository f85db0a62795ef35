//! The seed posting: `seed/backend-engineer-posting.txt`, section by section.

use chrono::{DateTime, Days, NaiveDate, Utc};
use hireboard_domain::html::TextFormat;
use hireboard_domain::ids::JobCode;
use hireboard_domain::posting::{
    Education, EmploymentType, ExperienceRange, ImportRecord, PostingInput, Section, WorkplaceType,
};
use hireboard_domain::screening::{AnswerKind, ScreeningQuestion};

/// The seed posting's public job code.
pub const SEED_JOB_CODE: i64 = 1546216;

/// The demo company the seed posting belongs to.
pub const SEED_COMPANY: &str = "Hireboard Demo Co.";

/// How long after `today` the seed posting stays listed, so a demo always shows it.
const SEED_VALIDITY_DAYS: u64 = 60;

const TITLE: &str = "Senior Software Engineer - Backend";

const AREA: &str = "Backend Development";

const DESCRIPTION: &str = "A Senior Software Backend Engineer is responsible for designing, \
building, and maintaining the server-side logic and infrastructure of web applications or \
software systems. They typically work closely with frontend engineers, DevOps teams, and other \
stakeholders to ensure that the back-end services perform optimally and meet business \
requirements. Below is an outline of a typical Senior Backend Developer job profile :";

type SectionData = (&'static str, &'static [&'static str]);

const RESPONSIBILITIES: &[SectionData] = &[
    (
        "1. System Architecture & Design",
        &[
            "Design scalable, high-performance backend services and APIs.",
            "Participate in the planning, design, and development of new features.",
            "Ensure that systems are designed with fault tolerance, security, and scalability in mind.",
        ],
    ),
    (
        "2. Development & Implementation",
        &[
            "Write clean, maintainable, and efficient code.",
            "Implement server-side logic, databases, and data storage solutions.",
            "Work with technologies like REST, GraphQL, and other backend communication methods.",
            "Design and optimize database schemas, queries, and indexes.",
        ],
    ),
    (
        "3. Performance Optimization",
        &[
            "Diagnose and fix performance bottlenecks.",
            "Optimize backend processes and database queries for speed and efficiency.",
            "Implement caching strategies and load balancing.",
        ],
    ),
    (
        "4. Security",
        &[
            "Ensure the security of the backend systems by implementing secure coding practices.",
            "Protect against common security threats such as SQL injection, cross-site scripting (XSS), and others.",
        ],
    ),
    (
        "5. Collaboration & Leadership",
        &[
            "Collaborate with frontend teams, product managers, and DevOps engineers.",
            "Mentor junior developers and guide them in best practices.",
            "Participate in code reviews and ensure that the development team follows consistent coding standards.",
        ],
    ),
    (
        "6. Testing & Debugging",
        &[
            "Develop and run unit, integration, and performance tests to ensure code quality.",
            "Troubleshoot, debug, and upgrade existing systems.",
        ],
    ),
    (
        "7. Monitoring & Maintenance",
        &[
            "Monitor system performance and take preventive measures to ensure uptime and reliability.",
            "Maintain technical documentation for reference and reporting.",
            "Stay updated on emerging technologies and incorporate them into the backend tech stack.",
        ],
    ),
];

const REQUIRED_SKILLS: &[SectionData] = &[
    (
        "1. Programming Languages",
        &["Expertise in one or more backend programming languages in the list Python, Java, Go, Rust."],
    ),
    (
        "2. Database Management",
        &[
            "Strong understanding of both relational databases (e.g., PostgreSQL, MySQL) and NoSQL databases (e.g., MongoDB, Redis).",
            "Knowledge of data modeling, query optimization, and database scaling strategies.",
        ],
    ),
    (
        "3. API Design & Development",
        &[
            // "gPRC" is the seed text's own spelling, kept as transcribed.
            "Proficiency in designing and implementing gPRC, RESTful and GraphQL APIs.",
            "Experience with microservices architecture.",
            "Good understanding of containers",
        ],
    ),
    (
        "4. Cloud & DevOps",
        &[
            "Familiarity with cloud platforms like AWS, Azure, or Google Cloud.",
            "Understanding of DevOps principles, CI/CD pipelines, containerization (Docker), and orchestration (Kubernetes).",
        ],
    ),
    (
        "5. Version Control",
        &["Proficiency with Git and branching strategies."],
    ),
    (
        "6. Testing & Debugging Tools",
        &["Familiarity with testing frameworks, debugging tools, and performance profiling."],
    ),
    (
        "7. Soft Skills",
        &[
            "Strong problem-solving skills.",
            "Excellent communication and teamwork abilities.",
            "Leadership and mentorship qualities.",
        ],
    ),
];

const QUALIFICATIONS: &[&str] = &[
    "Bachelors or Masters degree in Computer Science, Software Engineering, or related field.",
    "3-5 years of experience in backend development or software engineering.",
    "Proven experience with system design, architecture, and high-scale application development.",
];

const PREFERRED_QUALIFICATIONS: &[&str] = &[
    "Experience with distributed systems, event-driven architectures, and asynchronous processing.",
    "Familiarity with message queues (e.g., RabbitMQ, Kafka) and caching layers (e.g., Redis, Memcached).",
    "Knowledge of infrastructure as code (IaC) tools like Terraform or Ansible.",
];

/// "Tools & Technologies" as written: a group name and its comma-separated list.
const TOOLS: &[(&str, &str)] = &[
    ("Languages", "Python, Java, Golang, Rust."),
    ("Databases", "PostgreSQL, MySQL, MongoDB, Redis, Cassandra."),
    ("Frameworks", "Django, Flask, Spring Boot, Go Micro."),
    ("Cloud Providers", "AWS, Azure, Google Cloud."),
    ("Containerization", "Docker, Kubernetes."),
    ("CI/CD", "Jenkins, GitLab CI, CircleCI."),
];

/// Filter tags for the seed, in the generator's vocabulary.
const SKILLS: &[&str] = &[
    "rust",
    "python",
    "java",
    "go",
    "postgresql",
    "mysql",
    "mongodb",
    "redis",
    "grpc",
    "rest",
    "graphql",
    "microservices",
    "system design",
    "docker",
    "kubernetes",
    "aws",
    "kafka",
    "rabbitmq",
    "terraform",
    "ci/cd",
    "git",
];

/// The seed posting, listed until 60 days after `today`.
pub fn seed_posting(today: NaiveDate) -> ImportRecord {
    ImportRecord {
        job_code: JobCode::new(SEED_JOB_CODE).ok(),
        company: SEED_COMPANY.to_owned(),
        external_ref: None,
        posted_at: seed_posted_at(),
        valid_through: today
            .checked_add_days(Days::new(SEED_VALIDITY_DAYS))
            .unwrap_or(NaiveDate::MAX),
        posting: PostingInput {
            title: TITLE.to_owned(),
            description: DESCRIPTION.to_owned(),
            description_format: TextFormat::Markdown,
            responsibilities: sections(RESPONSIBILITIES),
            required_skills: sections(REQUIRED_SKILLS),
            qualifications: strings(QUALIFICATIONS),
            preferred_qualifications: strings(PREFERRED_QUALIFICATIONS),
            tools_and_technologies: TOOLS
                .iter()
                .map(|(title, list)| Section {
                    title: (*title).to_owned(),
                    items: list
                        .trim_end_matches('.')
                        .split(", ")
                        .map(str::to_owned)
                        .collect(),
                })
                .collect(),
            skills: strings(SKILLS),
            functional_area: AREA.to_owned(),
            category: AREA.to_owned(),
            experience: ExperienceRange {
                min_years: 3,
                max_years: 5,
            },
            education: Some(Education::Bachelor),
            workplace_type: WorkplaceType::Remote,
            locations: Vec::new(),
            employment_type: EmploymentType::FullTime,
            salary: None,
            // The record's own `valid_through` governs listing.
            valid_through: None,
            screening_questions: screening_questions(),
        },
    }
}

/// "Posted on: 15/09/2025", at 09:00 UTC.
fn seed_posted_at() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2025, 9, 15)
        .and_then(|date| date.and_hms_opt(9, 0, 0))
        // A literal, valid calendar date and time: this cannot fail.
        .expect("2025-09-15T09:00:00 is a valid date and time")
        .and_utc()
}

fn screening_questions() -> Vec<ScreeningQuestion> {
    vec![
        ScreeningQuestion {
            id: "backend_years".to_owned(),
            prompt: "How many years of professional backend development experience do you have?"
                .to_owned(),
            answer: AnswerKind::Number {
                min: 0.0,
                max: 50.0,
            },
            required: true,
        },
        ScreeningQuestion {
            id: "work_authorization".to_owned(),
            prompt: "Are you legally authorized to work in your country of residence without visa sponsorship?"
                .to_owned(),
            answer: AnswerKind::YesNo,
            required: true,
        },
        ScreeningQuestion {
            id: "primary_language".to_owned(),
            prompt: "Which backend language are you most proficient in?".to_owned(),
            answer: AnswerKind::SingleChoice {
                options: strings(&["Python", "Java", "Go", "Rust"]),
            },
            required: false,
        },
    ]
}

fn sections(data: &[SectionData]) -> Vec<Section> {
    data.iter()
        .map(|(title, items)| Section {
            title: (*title).to_owned(),
            items: strings(items),
        })
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 10).expect("valid date")
    }

    #[test]
    fn seed_parses() {
        let record = seed_posting(today());
        let (content, _) = record
            .posting
            .parse(today())
            .expect("seed posting is valid");
        assert_eq!(content.title(), TITLE);
        assert!(content
            .description_html()
            .starts_with("<p>A Senior Software Backend Engineer"));
        assert_eq!(record.job_code, JobCode::new(SEED_JOB_CODE).ok());
        assert_eq!(
            record.valid_through,
            NaiveDate::from_ymd_opt(2026, 3, 11).expect("valid")
        );
        assert_eq!(record.posted_at.to_rfc3339(), "2025-09-15T09:00:00+00:00");
    }

    #[test]
    fn every_section_of_the_text_is_there() {
        let p = seed_posting(today()).posting;
        assert_eq!(p.responsibilities.len(), 7);
        assert_eq!(p.required_skills.len(), 7);
        assert_eq!(p.qualifications.len(), 3);
        assert_eq!(p.preferred_qualifications.len(), 3);
        assert_eq!(p.tools_and_technologies.len(), 6);
        let item_counts: Vec<usize> = p.responsibilities.iter().map(|s| s.items.len()).collect();
        assert_eq!(item_counts, [3, 4, 3, 2, 3, 2, 3]);
        let item_counts: Vec<usize> = p.required_skills.iter().map(|s| s.items.len()).collect();
        assert_eq!(item_counts, [1, 2, 3, 2, 1, 1, 3]);

        assert_eq!(
            p.responsibilities[0].title,
            "1. System Architecture & Design"
        );
        assert_eq!(p.responsibilities[6].title, "7. Monitoring & Maintenance");
        assert_eq!(
            p.responsibilities[3].items[1],
            "Protect against common security threats such as SQL injection, cross-site scripting (XSS), and others."
        );
        assert_eq!(p.required_skills[6].title, "7. Soft Skills");
        assert_eq!(
            p.required_skills[4].items,
            ["Proficiency with Git and branching strategies."]
        );
        assert_eq!(
            p.qualifications[1],
            "3-5 years of experience in backend development or software engineering."
        );
        let tools = &p.tools_and_technologies;
        assert_eq!(tools[0].title, "Languages");
        assert_eq!(tools[0].items, ["Python", "Java", "Golang", "Rust"]);
        assert_eq!(
            tools[1].items,
            ["PostgreSQL", "MySQL", "MongoDB", "Redis", "Cassandra"]
        );
        assert_eq!(tools[5].title, "CI/CD");
        assert_eq!(tools[5].items, ["Jenkins", "GitLab CI", "CircleCI"]);
    }

    #[test]
    fn facets_match_the_page() {
        let p = seed_posting(today()).posting;
        assert_eq!(p.functional_area, "Backend Development");
        assert_eq!(p.category, "Backend Development");
        assert_eq!(
            p.experience,
            ExperienceRange {
                min_years: 3,
                max_years: 5
            }
        );
        assert_eq!(p.education, Some(Education::Bachelor));
        assert_eq!(p.workplace_type, WorkplaceType::Remote);
        assert_eq!(p.employment_type, EmploymentType::FullTime);
        assert!(p.locations.is_empty() && p.salary.is_none());
        for tag in [
            "rust",
            "go",
            "postgresql",
            "kafka",
            "kubernetes",
            "terraform",
        ] {
            assert!(p.skills.iter().any(|s| s == tag), "{tag}");
        }
        assert!(p.skills.iter().all(|s| *s == s.to_lowercase()));
    }
}
