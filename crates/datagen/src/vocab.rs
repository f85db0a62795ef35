//! Word lists the generator draws from. Everything is a static slice: nothing is built per
//! record except the strings that end up in it.

mod areas;
mod places;

pub(crate) use areas::{Area, AREAS};
pub(crate) use places::{country_of, City, Country, CITIES, COUNTRIES};

/// A career level: title prefix, the years of experience it asks for and its pay relative to
/// the mid level.
pub(crate) struct Seniority {
    pub prefix: &'static str,
    pub min_years: (u8, u8),
    pub pay: f64,
    pub weight: u32,
    /// Only engineering-style areas have staff and principal levels.
    pub tech_only: bool,
    /// Whether the role leads or mentors others.
    pub leads: bool,
}

#[rustfmt::skip]
pub(crate) const SENIORITIES: &[Seniority] = &[
    Seniority { prefix: "Junior ", min_years: (0, 1), pay: 0.65, weight: 14, tech_only: false, leads: false },
    Seniority { prefix: "", min_years: (2, 4), pay: 1.0, weight: 30, tech_only: false, leads: false },
    Seniority { prefix: "Senior ", min_years: (4, 7), pay: 1.35, weight: 34, tech_only: false, leads: true },
    Seniority { prefix: "Lead ", min_years: (6, 9), pay: 1.55, weight: 10, tech_only: false, leads: true },
    Seniority { prefix: "Staff ", min_years: (7, 10), pay: 1.7, weight: 7, tech_only: true, leads: true },
    Seniority { prefix: "Principal ", min_years: (8, 10), pay: 1.9, weight: 5, tech_only: true, leads: true },
];

/// First and second words of company names: 20 × 20 = 400 distinct companies.
#[rustfmt::skip]
pub(crate) const COMPANY_FIRST: &[&str] = &[
    "Northwind", "Bluefin", "Redwood", "Silverline", "Brightpath", "Ironbark", "Clearwater",
    "Nimbus", "Harbor", "Quantum", "Evergreen", "Polaris", "Copperleaf", "Summit", "Lumen",
    "Tidewater", "Granite", "Fable", "Kestrel", "Orchard",
];

#[rustfmt::skip]
pub(crate) const COMPANY_SECOND: &[&str] = &[
    "Analytics", "Labs", "Systems", "Health", "Logistics", "Payments", "Software", "Robotics",
    "Energy", "Media", "Networks", "Bank", "Mobility", "Studios", "Insurance", "Foods", "Cloud",
    "Security", "Learning", "Retail",
];

/// One sentence about the company, keyed by its second word (same order as `COMPANY_SECOND`).
pub(crate) const COMPANY_BLURBS: &[&str] = &[
    "We turn messy operational data into decisions for thousands of mid-sized businesses.",
    "We are a small research-driven team shipping developer tools used by engineers worldwide.",
    "We build the software that keeps factories, warehouses and fleets running.",
    "Our platform helps clinics manage appointments, records and billing in one place.",
    "We plan and track millions of parcel deliveries every month.",
    "We process card and bank payments for online merchants in over 30 countries.",
    "We build business software that teams actually enjoy using.",
    "We design autonomous robots for warehouses and hospitals.",
    "We help households and companies switch to renewable energy and track their usage.",
    "We publish and stream independent journalism, podcasts and video.",
    "We run the fibre and wireless networks that connect cities and rural areas alike.",
    "We are a fully licensed digital bank serving retail and small-business customers.",
    "We make shared bikes, scooters and cars easy to find, book and pay for.",
    "We are an independent studio making games and interactive experiences.",
    "We offer simple, fair insurance that customers can buy and claim in minutes.",
    "We connect local farms and food producers with restaurants and shoppers.",
    "We run managed cloud infrastructure for companies that would rather build products.",
    "We protect companies from breaches with managed detection and response.",
    "We build online courses and tutoring tools used by schools and universities.",
    "We power online and in-store checkout for independent retailers.",
];

pub(crate) const PERKS: &[&str] = &[
    "We offer flexible working hours, a yearly learning budget and a modern laptop of your choice.",
    "You get generous paid leave, private health insurance and a budget for conferences.",
    "We offer an equity package, parental leave well above the legal minimum and a home-office budget.",
    "Expect a calm, documented way of working, four weeks of focus time a year and a mentoring programme.",
    "We pay for courses and certifications, and everyone gets a personal development plan.",
    "We value a sustainable pace: no on-call heroics, clear priorities and honest feedback.",
];

/// Follow-up responsibility sections shared by all areas.
pub(crate) struct SharedSection {
    pub title: &'static str,
    pub items: &'static [&'static str],
    /// Only for roles that lead or mentor.
    pub leads_only: bool,
    /// Only for engineering-style areas.
    pub tech_only: bool,
}

pub(crate) const SHARED_SECTIONS: &[SharedSection] = &[
    SharedSection {
        title: "Collaboration",
        items: &[
            "Work closely with product, design and engineering to shape what we build next.",
            "Share progress openly and ask for feedback early.",
            "Explain trade-offs clearly to technical and non-technical colleagues.",
            "Take part in planning and retrospectives and help the team improve how it works.",
            "Build good working relationships across time zones and teams.",
        ],
        leads_only: false,
        tech_only: false,
    },
    SharedSection {
        title: "Ownership & Delivery",
        items: &[
            "Own your work from the first draft to the result in production or with customers.",
            "Break large goals into small, shippable steps.",
            "Keep commitments realistic and flag risks as soon as you see them.",
            "Measure the impact of what you deliver and follow up on it.",
        ],
        leads_only: false,
        tech_only: false,
    },
    SharedSection {
        title: "Quality & Reliability",
        items: &[
            "Write automated tests and keep the build green.",
            "Review code thoughtfully and help keep standards consistent.",
            "Take part in a fair on-call rotation and in blameless post-incident reviews.",
            "Keep technical documentation and runbooks up to date.",
            "Add monitoring and alerts for what you ship.",
        ],
        leads_only: false,
        tech_only: true,
    },
    SharedSection {
        title: "Mentoring & Leadership",
        items: &[
            "Mentor junior colleagues and help them grow.",
            "Lead by example in reviews, planning and incident response.",
            "Help hire and onboard new team members.",
            "Set direction for your area together with your manager.",
        ],
        leads_only: true,
        tech_only: false,
    },
    SharedSection {
        title: "Continuous Improvement",
        items: &[
            "Spot repetitive work and automate it.",
            "Stay current with your field and bring good ideas back to the team.",
            "Simplify processes that slow the team down.",
            "Turn lessons from mistakes into lasting improvements.",
        ],
        leads_only: false,
        tech_only: false,
    },
];

pub(crate) const COMMUNICATION_QUALIFICATIONS: &[&str] = &[
    "Excellent written and verbal communication in English.",
    "Comfortable working in an agile, cross-functional team.",
    "A structured, self-directed way of working.",
    "Curiosity and a habit of asking good questions.",
];

pub(crate) const PREFERRED_EXTRAS: &[&str] = &[
    "Experience at a fast-growing startup or scale-up.",
    "Experience working with distributed teams across time zones.",
    "Contributions to open-source projects or public writing in your field.",
    "Experience in a regulated industry such as finance or healthcare.",
];

pub(crate) const NOTICE_OPTIONS: &[&str] = &[
    "Immediately",
    "Within 2 weeks",
    "Within 1 month",
    "2 months or more",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_word_lists_line_up() {
        assert_eq!(COMPANY_FIRST.len() * COMPANY_SECOND.len(), 400);
        assert_eq!(COMPANY_SECOND.len(), COMPANY_BLURBS.len());
    }
}
