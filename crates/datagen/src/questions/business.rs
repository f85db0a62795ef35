//! Product, design and the business functions.

use hireboard_domain::interview::Difficulty::{Easy as E, Medium as M};

use super::Entry;

pub(super) const PRODUCT: &[Entry] = &[
    (
        M,
        &["product strategy", "roadmapping"],
        "How do you prioritize a product backlog?",
        "Start from the product strategy and goals, then compare candidates by expected impact against effort, using frameworks such as RICE (reach, impact, confidence, effort) or cost of delay as aids rather than answers. Balance new features with technical debt, reliability and customer commitments, and validate big bets cheaply before building them. Make the reasoning visible so stakeholders understand why something is not next.",
    ),
    (
        M,
        &["product analytics", "okrs"],
        "How do you define success metrics for a new feature?",
        "Tie the feature to a user problem and a business outcome, then choose one primary metric that should move if it works, such as activation rate, plus guardrail metrics that must not get worse, such as churn or support tickets. Set a target and timeframe before launch, instrument the events up front and, where possible, measure with an experiment. Review the results after launch and decide whether to iterate, scale or remove the feature.",
    ),
    (
        E,
        &["user research"],
        "How do you run a good customer discovery interview?",
        "Prepare a goal and open questions about the customer's past behaviour and problems, not their opinion of your idea. Ask them to walk through the last time they faced the problem, dig into what they did and what it cost them, and avoid leading questions and pitching. Record with permission and look for patterns across several interviews before drawing conclusions.",
    ),
    (
        M,
        &["agile", "scrum"],
        "What is the role of a product owner in Scrum?",
        "The product owner maximizes the value of the product by owning and ordering the product backlog and making sure its items are clear and reflect what users and stakeholders need. They set the product goal, take part in sprint planning and review, and accept work against its acceptance criteria. They decide what to build and why, while the developers decide how.",
    ),
    (
        M,
        &["stakeholder management"],
        "How do you handle a stakeholder who insists on a feature you believe should not be built?",
        "First understand the problem and goal behind the request, which often has a better solution than the specific feature asked for. Share the data and reasoning behind your priorities openly, including the trade-offs and what would be delayed. If you still disagree, propose a cheap experiment or agree on evidence that would change the decision, and escalate transparently if necessary.",
    ),
];

pub(super) const DESIGN: &[Entry] = &[
    (
        M,
        &["ux design", "usability testing"],
        "How do you run a usability test?",
        "Define what you want to learn, write realistic tasks, and recruit around five participants who match your users, which is enough to reveal most major problems. Ask them to think aloud while completing the tasks, without helping or leading them, and note where they hesitate, make errors or succeed. Summarize the findings by severity and frequency and turn them into design changes.",
    ),
    (
        M,
        &["design systems"],
        "What is a design system, and why invest in one?",
        "A design system is a shared set of design tokens, reusable components, patterns and guidelines, maintained in both design files and code. It makes interfaces consistent, speeds up design and development, and builds accessibility in once instead of in every feature. It needs clear ownership, versioning and contribution rules to stay in use.",
    ),
    (
        E,
        &["accessibility", "ui design"],
        "What should a designer check for accessibility?",
        "Check colour contrast, at least 4.5:1 for body text under WCAG AA, and never rely on colour alone to convey meaning. Make touch targets large enough, design visible focus states and a logical order for keyboard users, label icons and form fields, and support larger text sizes. Annotate headings, landmarks and alternative text in the handoff so engineers can implement them.",
    ),
    (
        M,
        &["prototyping", "figma"],
        "When do you use low-fidelity and when high-fidelity prototypes?",
        "Low-fidelity sketches and wireframes are fast and cheap, so they suit early exploration of structure and flows, and people comment on concepts rather than colours. High-fidelity interactive prototypes look and behave like the final product, which suits usability testing of details, stakeholder sign-off and developer handoff. Increase fidelity as the questions you are testing become more specific.",
    ),
];

pub(super) const SALES: &[Entry] = &[
    (
        M,
        &["b2b sales", "solution selling"],
        "How do you qualify a B2B sales opportunity?",
        "Use a framework such as BANT (budget, authority, need, timing) or MEDDIC (metrics, economic buyer, decision criteria, decision process, identified pain, champion) to check whether a deal is real and winnable. Find out what pain the customer has and what it costs them, who signs and how they decide, and what happens if they do nothing. Disqualifying early frees time for deals that can close.",
    ),
    (
        E,
        &["negotiation"],
        "How do you handle the objection that your product is too expensive?",
        "Treat it as a question about value rather than price: ask what they are comparing it with and what outcome they need. Restate the quantified value and return on investment for their situation, and make the cost of not solving the problem clear. If price really is the obstacle, trade rather than discount, for example a longer term or smaller scope in exchange for a lower price.",
    ),
    (
        M,
        &["pipeline management", "crm"],
        "How do you build an accurate sales forecast?",
        "Base it on deals in the CRM with clear, evidence-based stage definitions rather than gut feeling, weighted by stage or by historical win rates. Review every committed deal for a confirmed decision process, budget and close date, and compare the total with historical conversion rates and sales cycle lengths. Track forecast accuracy over time and adjust the method accordingly.",
    ),
];

pub(super) const MARKETING: &[Entry] = &[
    (
        M,
        &["seo"],
        "What are the most important factors for SEO?",
        "The foundation is content that matches search intent and answers the query better than competing pages, guided by keyword research. Technical health matters too: crawlable and indexable pages, fast loading and good Core Web Vitals, mobile friendliness, clean URLs, good titles and structured data. Authority from relevant, high-quality backlinks then helps pages rank.",
    ),
    (
        M,
        &["performance marketing", "google analytics"],
        "How do you measure the return on a marketing campaign?",
        "Define the goal and the conversion up front, track it with UTM parameters and analytics or ad-platform conversion tracking, and calculate metrics such as cost per acquisition and return on ad spend. Compare against customer lifetime value, not just the first purchase, to judge profitability. Attribution models differ and over-credit some channels, so use holdout or incrementality tests where possible.",
    ),
    (
        E,
        &["email marketing"],
        "How do you improve the performance of email campaigns?",
        "Segment the list by behaviour and interests and personalize the content, test subject lines, send times and calls to action with A/B tests, and give each email one clear goal. Keep the list clean and authenticate your sending domain with SPF, DKIM and DMARC to protect deliverability. Measure clicks and conversions rather than opens alone, which privacy features have made unreliable.",
    ),
];

pub(super) const SUPPORT: &[Entry] = &[
    (
        E,
        &["customer service"],
        "How do you handle an angry customer?",
        "Stay calm, listen without interrupting, and acknowledge their frustration and the impact on them. Clarify the facts, take ownership and explain clearly what you will do and by when, then follow through and keep them updated even when there is no news yet. Afterwards, record the root cause so the issue can be prevented for other customers.",
    ),
    (
        M,
        &["technical support", "troubleshooting"],
        "How do you troubleshoot a technical issue reported by a customer?",
        "Gather the facts: what they expected, what happened, the exact error message, when it started, and their environment and account. Try to reproduce it and narrow it down by changing one variable at a time, checking logs, status pages and known issues. Escalate to engineering with clear reproduction steps and evidence, and keep the customer informed, with a workaround where possible.",
    ),
    (
        M,
        &["sla management"],
        "Which metrics matter most for a customer support team?",
        "Common metrics are first response time, time to resolution, first-contact resolution rate, backlog size, and customer satisfaction (CSAT) or customer effort score. Track them against SLA targets by channel and priority. Balance speed with quality, because optimizing one metric alone, such as closing tickets quickly, can hurt customers.",
    ),
];

pub(super) const FINANCE: &[Entry] = &[
    (
        M,
        &["accounting", "financial reporting"],
        "How are the three financial statements linked?",
        "Net income from the income statement flows into retained earnings on the balance sheet and is the starting point of the cash flow statement. The cash flow statement adjusts net income for non-cash items such as depreciation and for changes in working capital, then adds investing and financing flows, and the resulting change in cash matches the change in cash on the balance sheet. Capital expenditure appears as an investing outflow and becomes fixed assets that are depreciated through the income statement.",
    ),
    (
        E,
        &["accounting"],
        "What is the difference between accrual and cash accounting?",
        "Cash accounting records revenue and expenses when cash is received or paid. Accrual accounting records revenue when it is earned and expenses when they are incurred, regardless of when cash moves, matching costs with the revenue they produce. Accrual accounting is required under IFRS and US GAAP for most companies and gives a truer picture of performance, while cash flow is tracked separately.",
    ),
    (
        M,
        &["financial modeling", "budgeting"],
        "How do you build a budget versus actuals analysis?",
        "Compare actual results with the budget or latest forecast by line item and period, calculating the variances in amount and percentage. Focus on material variances, break them down into drivers such as volume, price and timing, and get explanations from the budget owners. Report the findings and update the forecast so that decisions rest on the latest expectations.",
    ),
];

pub(super) const PEOPLE: &[Entry] = &[
    (
        M,
        &["recruiting", "interviewing"],
        "How do you run a fair and effective interview process?",
        "Define the role's must-have skills first, then use structured interviews: the same job-related questions for every candidate and a scoring rubric agreed in advance. Use several interviewers with distinct focus areas who score independently before discussing, and keep candidates informed with timely feedback. Structure reduces bias and predicts job performance much better than unstructured conversations.",
    ),
    (
        E,
        &["sourcing"],
        "How do you source candidates for a hard-to-fill engineering role?",
        "Agree on the profile precisely with the hiring manager and on where such people can be found, then search professional networks, GitHub, communities, conference speaker lists and former colleagues, and ask employees for referrals. Write personal outreach that explains why the role fits the person, and follow up a couple of times. Track response and conversion rates per channel and message to improve.",
    ),
    (
        M,
        &["onboarding"],
        "What makes employee onboarding effective?",
        "Start before day one with equipment, accounts and a welcome plan, then give the new hire a clear 30-60-90 day plan, a buddy and early, meaningful work. Schedule regular check-ins with the manager, introduce the key people and explain how the company works and makes decisions. Collect feedback from new hires to improve the process, because good onboarding speeds up productivity and improves retention.",
    ),
];
