//! Operations and assurance: DevOps and SRE, cloud, databases, security, QA.

use hireboard_domain::interview::Difficulty::{Easy as E, Hard as H, Medium as M};

use super::Entry;

pub(super) const DEVOPS: &[Entry] = &[
    (
        M,
        &["terraform"],
        "What is Terraform state, and how should a team manage it?",
        "Terraform state maps the resources in your configuration to real infrastructure objects and records their attributes, so Terraform can compute a plan of changes. Teams keep it in a remote backend such as S3 or Terraform Cloud with locking, so two people cannot apply at the same time, and encrypted, because state can contain secrets. State is not edited by hand; use import, moved blocks or the state commands to change it.",
    ),
    (
        M,
        &["terraform", "ci/cd"],
        "How do you roll out infrastructure-as-code changes safely?",
        "Keep infrastructure code in version control with code review, and run formatting, validation and a plan in CI on every pull request, posting the plan for reviewers. Apply only from the pipeline after approval, with separate state and credentials per environment, promoting the same versioned modules from staging to production. Policy checks such as OPA or Sentinel catch risky changes, like public buckets, before they are applied.",
    ),
    (
        M,
        &["kubernetes"],
        "How do you debug a Kubernetes pod stuck in CrashLoopBackOff?",
        "CrashLoopBackOff means the container keeps exiting and Kubernetes restarts it with increasing delays. Check kubectl describe pod for events, exit codes and reasons such as OOMKilled, and kubectl logs --previous for the output of the crashed container. Common causes are a wrong command, missing configuration or secrets, a dependency that is unavailable at startup, a memory limit that is too low, or a liveness probe that kills the application before it is ready.",
    ),
    (
        M,
        &["kubernetes"],
        "What is the difference between a Deployment, a StatefulSet and a DaemonSet?",
        "A Deployment manages interchangeable, stateless pods with rolling updates. A StatefulSet gives each pod a stable name, ordered startup and its own persistent volume, which suits databases and clustered systems such as Kafka. A DaemonSet runs one pod on every node, or every selected node, for node agents such as log shippers and monitoring exporters.",
    ),
    (
        E,
        &["kubernetes", "networking"],
        "How do Services and Ingress route traffic in Kubernetes?",
        "A Service gives a set of pods, selected by labels, one stable virtual IP and DNS name and balances traffic across the ready ones; ClusterIP is internal, while NodePort and LoadBalancer expose it outside the cluster. An Ingress, or the newer Gateway API, defines HTTP routing by host and path to Services. It is implemented by a controller such as NGINX or Traefik, which usually also terminates TLS.",
    ),
    (
        M,
        &["prometheus", "observability"],
        "How does Prometheus collect metrics, and which metric types does it support?",
        "Prometheus pulls metrics by periodically scraping HTTP endpoints, usually /metrics, found through service discovery such as the Kubernetes API, and stores them as time series identified by a metric name and labels. Its types are counters, which only increase and are used with rate(), gauges, which go up and down, histograms, which bucket observations so latency percentiles can be computed, and summaries. Label values must have bounded cardinality, so never use user or request ids as labels.",
    ),
    (
        M,
        &["observability"],
        "What makes a good alert?",
        "A good alert is urgent, actionable and tied to user impact, such as an SLO burning too fast, rather than to causes like high CPU that may not matter. Every paging alert needs an owner and a runbook. Non-urgent problems belong in tickets or dashboards, and alerts that fire without requiring action should be fixed or deleted to avoid alert fatigue.",
    ),
    (
        E,
        &["incident response"],
        "What happens in a blameless post-mortem?",
        "After an incident the team writes down the timeline, the impact, how it was detected and resolved, and the contributing causes, focusing on systems and processes rather than on who made a mistake. The outcome is a short list of concrete, owned and prioritised actions, such as better alerts, safer deployments or clearer runbooks. Blamelessness encourages people to share what really happened, which is the only way to learn from it.",
    ),
    (
        M,
        &["linux"],
        "How would you troubleshoot a Linux server that has become slow?",
        "Start with load and saturation: uptime and top for load, CPU and memory, vmstat for the run queue and swapping, iostat for disk utilization and latency, and free for memory pressure. Check disk space with df, network with ss, and recent errors in dmesg and journalctl. Then narrow down to the process using the scarce resource, and use tools such as strace or perf to see what it is doing.",
    ),
    (
        M,
        &["docker", "linux"],
        "What are containers, and how do they differ from virtual machines?",
        "A container is a group of processes isolated by Linux kernel features: namespaces give it its own view of processes, network and filesystem, and cgroups limit its CPU and memory. Containers share the host kernel, so they start in milliseconds with little overhead, while virtual machines run a full guest kernel on a hypervisor and provide stronger isolation. Container images package an application and its dependencies in layers for consistent deployment.",
    ),
    (
        M,
        &["helm", "kubernetes"],
        "What problem does Helm solve?",
        "Helm packages Kubernetes manifests as charts, templates plus default values, so one chart can be installed with different configuration in each environment. It tracks each installation as a release with a revision history, which makes upgrades and rollbacks a single command. The trade-off is template complexity; Kustomize is a template-free alternative based on overlays.",
    ),
    (
        H,
        &["kubernetes", "observability"],
        "How would you scale a service automatically on Kubernetes?",
        "The Horizontal Pod Autoscaler adjusts the replica count from metrics such as CPU utilization relative to requests, or custom metrics such as queue length or requests per second, which usually track load better. The cluster autoscaler, or Karpenter, adds nodes when pods cannot be scheduled and removes idle ones. For this to work, resource requests must be realistic, pods must start quickly and pass readiness checks, and stabilization windows prevent replica counts from flapping.",
    ),
];

pub(super) const CLOUD: &[Entry] = &[
    (
        E,
        &["aws", "iam"],
        "What is the principle of least privilege in cloud IAM?",
        "Every user, service and workload gets only the permissions its task needs, scoped to specific actions and resources. In practice this means roles instead of long-lived access keys, a separate role per service, conditions where possible, and regular removal of unused permissions with tools such as IAM Access Analyzer. It limits the damage when credentials leak or a service is compromised.",
    ),
    (
        M,
        &["aws", "networking"],
        "How would you design a VPC for a typical web application on AWS?",
        "Spread subnets across at least two availability zones: public subnets hold only load balancers and NAT gateways, while application servers and databases live in private subnets without public IPs. Outbound traffic from private subnets goes through NAT gateways, and VPC endpoints keep traffic to services such as S3 off the internet. Security groups allow only the traffic each tier needs, for example the database accepting connections only from the application's security group.",
    ),
    (
        M,
        &["aws", "gcp", "azure"],
        "What is the difference between high availability and disaster recovery?",
        "High availability keeps a service running through component failures, for example with redundant instances across availability zones and automatic failover. Disaster recovery restores service after a large event such as a region outage or data corruption, and is defined by the recovery time objective (how long it may take) and the recovery point objective (how much data may be lost). Strategies range from backup and restore through pilot light and warm standby to active-active across regions, each costing more.",
    ),
    (
        E,
        &["aws"],
        "When would you use serverless functions such as AWS Lambda?",
        "Serverless functions suit event-driven, spiky or low-volume workloads such as processing uploads, webhooks, scheduled jobs and glue between services, because you pay per invocation and scaling is automatic. Their limits are cold-start latency, a maximum execution time, no durable local state and harder local testing. Steady, high-throughput services are often cheaper and simpler on containers.",
    ),
    (
        M,
        &["networking"],
        "What happens when you type a URL into a browser and press Enter?",
        "The browser resolves the host name to an IP address through DNS, using browser, operating-system and resolver caches before a recursive lookup. It opens a TCP connection, or QUIC for HTTP/3, and performs a TLS handshake to verify the server's certificate and agree on keys. It then sends the HTTP request, which load balancers, proxies and the application answer, and the browser parses the HTML, fetches further resources and renders the page.",
    ),
];

pub(super) const DATABASES: &[Entry] = &[
    (
        M,
        &["postgresql"],
        "What is VACUUM in PostgreSQL, and why does it matter?",
        "PostgreSQL's MVCC leaves old versions of updated and deleted rows in place as dead tuples until no transaction can still see them. VACUUM makes that space reusable, updates the visibility map that enables index-only scans, and freezes old transaction ids to prevent transaction id wraparound. Autovacuum does this automatically, but busy tables may need tuned thresholds, and long-running transactions block cleanup and cause bloat.",
    ),
    (
        M,
        &["backup and recovery", "postgresql"],
        "What makes a database backup strategy reliable?",
        "Combine regular full backups with continuous archiving of the write-ahead log or binlog, which enables point-in-time recovery to just before a mistake. Store backups encrypted and off-site, in another account or region, and keep them as long as the recovery point objective and legal requirements demand. Most importantly, restore backups regularly and automatically to prove they work and to measure how long recovery takes.",
    ),
    (
        M,
        &["replication", "high availability"],
        "What is the difference between synchronous and asynchronous replication?",
        "With synchronous replication the primary waits until at least one replica confirms a write before reporting the commit, so failover loses no committed data, at the cost of higher write latency and stalled writes if replicas are unreachable. Asynchronous replication commits locally and ships changes afterwards, which is faster but can lose the latest transactions on failover. Many setups replicate synchronously to one nearby standby and asynchronously to the rest.",
    ),
    (
        E,
        &["sql"],
        "What is the difference between an INNER JOIN and a LEFT JOIN?",
        "An INNER JOIN returns only rows that have a match in both tables. A LEFT JOIN returns every row of the left table, with the matching right-table columns, or NULLs where there is no match. To find rows without a match, use a LEFT JOIN with WHERE right.id IS NULL, or NOT EXISTS.",
    ),
    (
        M,
        &["sql"],
        "What is database normalization, and when would you denormalize?",
        "Normalization organizes tables so each fact is stored once; in third normal form, for example, non-key columns depend only on the key. This avoids update anomalies and inconsistent data. Denormalization deliberately duplicates or precomputes data, such as a counter or a copied name, to avoid expensive joins on hot read paths, trading write complexity and consistency effort for read speed, so it should follow measured needs.",
    ),
    (
        E,
        &["sql"],
        "What is the difference between WHERE and HAVING in SQL?",
        "WHERE filters individual rows before grouping and aggregation, so it cannot refer to aggregates. HAVING filters groups after GROUP BY, so it can use conditions such as HAVING COUNT(*) > 5. Filtering in WHERE whenever possible is more efficient, because fewer rows are grouped.",
    ),
    (
        M,
        &["mongodb"],
        "When would you choose MongoDB over a relational database?",
        "MongoDB stores flexible JSON-like documents, which suits data that is naturally hierarchical, read and written as a whole, and varies or evolves in shape, such as catalogues, content or event data. It scales horizontally with built-in sharding. Relational databases remain the better choice for highly related data with many joins, strict constraints and complex transactions, although MongoDB also supports multi-document transactions.",
    ),
];

pub(super) const SECURITY: &[Entry] = &[
    (
        M,
        &["owasp", "application security"],
        "What is the OWASP Top 10?",
        "It is an awareness list of the most critical web application security risks, compiled by OWASP from real-world data and updated every few years. The 2021 edition is led by broken access control, followed by cryptographic failures, injection, insecure design, security misconfiguration, vulnerable and outdated components, authentication failures, software and data integrity failures, logging and monitoring failures, and server-side request forgery. Teams use it as a baseline for training, code review and testing.",
    ),
    (
        M,
        &["application security"],
        "What is server-side request forgery (SSRF), and how do you prevent it?",
        "SSRF happens when an attacker makes the server fetch a URL of their choosing, such as a webhook or image URL, to reach internal services or cloud metadata endpoints that are not publicly exposed. Prevent it by allow-listing destinations, resolving the host and blocking private, loopback and link-local addresses, including after redirects, and routing outbound requests through an egress proxy. On AWS, requiring IMDSv2 protects instance credentials.",
    ),
    (
        M,
        &["application security"],
        "What is broken access control, and how do you prevent insecure direct object references?",
        "Broken access control lets users act outside their permissions, for example reading another customer's invoice by changing the id in a URL, which is an insecure direct object reference. Prevent it by checking authorization on the server for every request and every object, in one central place, and by denying by default. Unguessable ids make objects harder to find but do not replace the check, and tests should cover access attempts by other users.",
    ),
    (
        M,
        &["cryptography"],
        "What is the difference between hashing, encryption and signing?",
        "Hashing is a one-way function that produces a fixed-size digest for integrity checks; for passwords it must be a slow, salted password hash. Encryption is reversible with a key and provides confidentiality, either symmetric with one shared key, such as AES-GCM, or asymmetric with a public and private key pair. Signing uses a private key to produce a signature anyone with the public key can verify, proving authenticity and integrity without hiding the content.",
    ),
    (
        E,
        &["cryptography", "security"],
        "How does TLS protect traffic between a client and a server?",
        "During the handshake the server presents a certificate that chains to a trusted certificate authority, proving its identity, and both sides agree on session keys through an ephemeral key exchange such as ECDHE, which gives forward secrecy. The rest of the session is encrypted and integrity-protected with a symmetric authenticated cipher. Allow only TLS 1.2 and 1.3, and use HSTS so browsers never fall back to plain HTTP.",
    ),
    (
        M,
        &["incident response"],
        "What are the phases of security incident response?",
        "A common model is preparation, detection and analysis, containment, eradication, recovery, and lessons learned. In practice you confirm and scope the incident, contain it by isolating hosts or revoking credentials while preserving evidence, remove the cause, restore services safely and watch for recurrence. Communication with stakeholders, and with regulators where the law requires it, runs throughout, and the review feeds improvements back into preparation.",
    ),
    (
        M,
        &["threat modeling"],
        "How do you threat-model a new feature?",
        "Draw the data flows: components, data stores, external actors and trust boundaries. Then ask what can go wrong at each element, for example with STRIDE: spoofing, tampering, repudiation, information disclosure, denial of service and elevation of privilege. Rate the threats by likelihood and impact, decide on mitigations or accepted risks and record them. Doing this during design is far cheaper than fixing issues after release.",
    ),
    (
        M,
        &["security", "ci/cd"],
        "How should an application handle secrets such as API keys and database passwords?",
        "Keep secrets out of source code, images and logs, and load them at runtime from a secrets manager such as Vault or a cloud secret store, or from files or environment variables injected by the platform. Give each service its own least-privilege credentials, prefer short-lived ones, and rotate them regularly and immediately after a suspected leak. Secret scanning in CI and pre-commit hooks catches accidental commits.",
    ),
];

pub(super) const QA: &[Entry] = &[
    (
        E,
        &["test automation"],
        "What is the difference between unit, integration and end-to-end tests?",
        "Unit tests check a small piece of code, such as a function or class, in isolation and run in milliseconds. Integration tests check that components work together, for example code against a real database or a service through its HTTP layer. End-to-end tests drive the whole system as a user would, through the UI or public API; they give the most confidence but are slow and brittle, so keep them few.",
    ),
    (
        M,
        &["test automation"],
        "What causes flaky tests, and how do you fix them?",
        "Flaky tests pass and fail without code changes, typically because of timing assumptions and fixed sleeps, shared state or ordering dependencies between tests, external services, or uncontrolled randomness and time zones. Fix the root cause: wait for explicit conditions instead of sleeping, isolate test data, fake external dependencies and control clocks and seeds. Track flaky tests and quarantine them briefly rather than letting the team get used to retrying.",
    ),
    (
        M,
        &["playwright", "cypress", "selenium"],
        "How do you keep UI test automation maintainable?",
        "Select elements by stable, user-facing attributes such as roles, labels or dedicated test ids rather than CSS paths, and wrap page interactions in page objects or similar helpers. Rely on the framework's automatic waiting instead of fixed sleeps, set up test data through APIs rather than the UI, and keep every test independent. Cover the critical user journeys through the UI and push detailed cases down to faster API and unit tests.",
    ),
    (
        M,
        &["api testing", "postman"],
        "What would you test for a REST API endpoint?",
        "Test the happy path and the documented contract: status codes, response schema and headers. Then cover invalid input and boundary values, authentication and authorization, including access to other users' data, error handling, retries and idempotency, and pagination and filtering. Add concurrency and performance checks for critical endpoints, and run the suite in CI on every build.",
    ),
    (
        M,
        &["performance testing", "jmeter"],
        "What is the difference between load, stress, spike and soak testing?",
        "Load testing checks behaviour at the expected peak traffic against targets such as p95 latency. Stress testing goes beyond that until the system breaks, to find its limits and how it fails. Spike testing applies sudden bursts to exercise autoscaling and queues, and soak testing runs a realistic load for hours to reveal leaks and gradual degradation.",
    ),
    (
        E,
        &["manual testing"],
        "What makes a good bug report?",
        "A clear title, exact steps to reproduce, the expected and actual results, and the environment, such as version, browser or device, and test data. Attach evidence such as screenshots, logs or request ids, and note how often it happens and how it affects users. One bug per report with a severity helps developers prioritise and fix it quickly.",
    ),
    (
        M,
        &["test automation"],
        "What is test-driven development, and what are its benefits?",
        "In TDD you write a failing test for the next small piece of behaviour, write just enough code to pass it, then refactor while keeping the tests green: red, green, refactor. It drives small, testable designs, gives a safety net for refactoring and documents the intended behaviour. It works best for logic with clear inputs and outputs and is less natural for exploratory UI work.",
    ),
];
