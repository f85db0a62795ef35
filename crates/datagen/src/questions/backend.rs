//! Backend engineering: APIs, databases, caching, security, messaging, scalability, testing,
//! monitoring and delivery — the topics of the seed posting.

use hireboard_domain::interview::Difficulty::{Easy as E, Hard as H, Medium as M};

use super::Entry;

pub(super) const QUESTIONS: &[Entry] = &[
    // API design
    (
        E,
        &["rest"],
        "What makes an API RESTful, and which HTTP methods are safe and idempotent?",
        "REST models an API as resources identified by URLs and manipulated through a uniform set of HTTP methods, with stateless requests and meaningful status codes. Safe methods (GET, HEAD, OPTIONS) must not change server state, and every safe method is also idempotent. PUT and DELETE are idempotent but not safe: repeating them leaves the same state as doing them once. POST and PATCH are neither by default, which is why retried POSTs need an idempotency key.",
    ),
    (
        M,
        &["rest", "system design"],
        "How would you make a POST endpoint that creates a payment safe to retry?",
        "Have the client send an idempotency key, for example in an Idempotency-Key header, with each logical request. The server stores the key, a fingerprint of the request and the response in the same transaction that creates the payment, under a unique constraint. A retry with the same key returns the stored response instead of charging twice, and reusing the key with a different body is rejected. Keys expire after a retention window such as 24 hours.",
    ),
    (
        M,
        &["rest", "sql"],
        "Compare offset pagination with cursor (keyset) pagination.",
        "Offset pagination (LIMIT 20 OFFSET 1000) is simple and allows jumping to any page, but the database still reads and discards the skipped rows, so deep pages get slow, and concurrent inserts shift results and cause duplicates or gaps. Keyset pagination remembers the sort key of the last row, for example WHERE (created_at, id) < (?, ?), and uses an index to seek straight to it. It stays fast at any depth and is stable under concurrent writes, but only supports next and previous rather than arbitrary pages. The cursor is usually returned to the client as an opaque token.",
    ),
    (
        E,
        &["rest"],
        "Which HTTP status codes would you return for invalid input, missing authentication, missing permissions and conflicts?",
        "Use 400 Bad Request for malformed requests or 422 Unprocessable Content for well-formed input that fails validation. Return 401 Unauthorized when credentials are missing or invalid, and 403 Forbidden when the caller is authenticated but not allowed; use 404 when a resource does not exist or must not be revealed. Use 409 Conflict for state conflicts such as a duplicate unique key or a stale version. A consistent error body, such as RFC 9457 problem details, lets clients handle errors programmatically.",
    ),
    (
        M,
        &["rest", "microservices"],
        "How do you version a public API without breaking existing clients?",
        "Prefer additive, backward-compatible changes: add optional fields and new endpoints, and never remove, rename or change the meaning of existing fields. When a breaking change is unavoidable, introduce a new version, commonly in the path (/v2) or in a header or media type, and run both side by side. Announce the deprecation with a timeline, for example with Deprecation and Sunset headers, monitor usage of the old version and retire it only when traffic has moved. Contract tests catch accidental breaking changes before release.",
    ),
    (
        M,
        &["grpc", "rest"],
        "When would you choose gRPC over REST with JSON?",
        "gRPC sends Protocol Buffers over HTTP/2, giving compact binary messages, a strongly typed contract with generated clients, deadlines and bidirectional streaming. It suits internal service-to-service calls where performance, streaming and a strict schema matter. REST with JSON is easier to call from browsers, curl and third parties, works with HTTP caching and is the better default for public APIs. Many systems use gRPC internally and expose REST or GraphQL at the edge.",
    ),
    (
        M,
        &["graphql"],
        "What is the N+1 problem in GraphQL and how do you solve it?",
        "A naive resolver for a list fetches the parents with one query and then runs one more query per item for a nested field, so a page of 100 items makes 101 database round trips. The usual fix is batching with a DataLoader: resolvers ask for keys, the loader collects them during one tick of execution and fetches them with a single WHERE id IN (...) query, caching results for the request. Query depth and complexity limits additionally protect the server from expensive queries.",
    ),
    (
        M,
        &["graphql", "rest"],
        "What are the trade-offs between GraphQL and REST APIs?",
        "GraphQL lets clients request exactly the fields they need from one typed schema in a single round trip, which avoids over- and under-fetching and suits varied frontends. The costs are harder HTTP caching, because most queries are POSTs to one endpoint, the need for query cost limits, and more server-side performance work such as batching. REST maps naturally onto HTTP caching, status codes and tooling and is simpler to secure and rate-limit per endpoint.",
    ),
    // Databases
    (
        E,
        &["sql", "postgresql"],
        "What is a database index and what does it cost?",
        "An index is a separate data structure, usually a B-tree, that keeps the values of selected columns sorted with pointers to their rows, so lookups, range scans and ORDER BY can avoid scanning the whole table. The cost is extra storage and slower writes, because every insert, delete and update of an indexed column must maintain each index. Indexes on low-selectivity columns or that no query uses are pure overhead, so add them based on real query patterns.",
    ),
    (
        M,
        &["sql", "postgresql", "mysql"],
        "Why does column order matter in a composite index?",
        "A B-tree index on (a, b, c) is sorted by a, then b, then c, so it can serve filters on a leftmost prefix: a, a and b, or all three. A query that filters only on b or c cannot seek using it. Put equality-filtered columns first and the range or sort column last, for example an index on (company_id, status, created_at) for WHERE company_id = ? AND status = ? ORDER BY created_at.",
    ),
    (
        M,
        &["sql", "postgresql"],
        "What is a covering index and why does it help?",
        "A covering index contains every column a query needs, so the database can answer from the index alone without visiting the table rows, an index-only scan in PostgreSQL. This saves random I/O, which matters for hot, read-heavy queries. PostgreSQL can add non-key payload columns with INCLUDE; the trade-off is a larger index and more write overhead.",
    ),
    (
        M,
        &["sql", "postgresql"],
        "How do you find and fix a slow SQL query?",
        "Find it first with the slow query log or pg_stat_statements, ranking queries by total time rather than single executions. Run EXPLAIN ANALYZE to see the actual plan and look for sequential scans on large tables, row estimates far from the actual counts, sorts spilling to disk and nested loops over many rows. Typical fixes are an index that matches the filter and sort, rewriting the query to avoid functions on indexed columns or needless columns, refreshing statistics, or changing the data model. Verify the improvement with realistic data volumes.",
    ),
    (
        M,
        &["sql", "postgresql", "mysql"],
        "Explain the SQL transaction isolation levels and the anomalies each one prevents.",
        "Read Uncommitted may see other transactions' uncommitted writes (dirty reads). Read Committed prevents dirty reads, but reading a row twice may give different results (non-repeatable reads). Repeatable Read keeps rows already read stable; the standard still allows phantom rows, although PostgreSQL's snapshot implementation prevents them. Serializable makes concurrent transactions behave as if they ran one after another, preventing anomalies such as write skew, at the cost of aborts the application must retry. PostgreSQL defaults to Read Committed and MySQL InnoDB to Repeatable Read.",
    ),
    (
        H,
        &["sql", "postgresql"],
        "What is a deadlock, and how do you prevent deadlocks in application code?",
        "A deadlock occurs when two transactions each hold a lock the other needs, so neither can continue; the database detects the cycle and aborts one of them. Prevent them by acquiring locks in a consistent order, for example always updating rows sorted by id, keeping transactions short and never waiting on network calls or users inside a transaction. Because deadlocks can still happen, the application should retry the aborted transaction.",
    ),
    (
        M,
        &["sql"],
        "What is the N+1 query problem with ORMs, and how do you detect and fix it?",
        "Loading a list of records and then lazily loading a relation for each one issues one query for the list plus one per row. It shows up as many near-identical queries in logs, traces or query counters in tests. Fix it with eager loading, either a join or a second query with WHERE id IN (...), or by writing the query explicitly. Asserting on the number of queries in integration tests keeps it from coming back.",
    ),
    (
        M,
        &["postgresql", "mysql", "system design"],
        "How do read replicas help a database scale, and what problems do they introduce?",
        "Replicas apply the primary's write-ahead log or binlog and serve read queries, spreading the read load and providing failover candidates. Replication is usually asynchronous, so replicas lag and a user may not see their own write if the next read goes to a replica. Common mitigations are reading from the primary right after a write, tracking the replication position, or accepting staleness only where it is harmless. Replicas do not add write capacity; that needs partitioning or sharding.",
    ),
    (
        H,
        &["system design", "postgresql"],
        "What is sharding, and how do you choose a shard key?",
        "Sharding splits data horizontally across independent databases, each holding a subset of the rows, so writes and storage scale beyond one machine. A good shard key has high cardinality, spreads load evenly and keeps data that is queried or updated together on the same shard, for example tenant_id in a multi-tenant system. A poor key creates hot shards or forces cross-shard queries and transactions. Consistent hashing or a lookup directory makes it possible to rebalance shards later.",
    ),
    (
        M,
        &["postgresql", "mongodb", "system design"],
        "How do you choose between a relational database and a NoSQL store for a new service?",
        "Start from the data and its access patterns. Relational databases such as PostgreSQL fit related data with joins, constraints and multi-row transactions, and scale further than most services need. Document stores such as MongoDB suit self-contained, evolving documents read and written as a whole; key-value stores such as Redis suit very fast lookups by key; wide-column stores such as Cassandra suit huge write volumes with known query patterns. Many systems combine a relational source of truth with specialised stores for caching and search.",
    ),
    // Caching
    (
        E,
        &["redis", "system design"],
        "Explain the cache-aside pattern.",
        "With cache-aside, the application first looks in the cache; on a miss it reads from the database, stores the result in the cache with a TTL and returns it. On writes it updates the database and then deletes the cached entry rather than updating it, which avoids races that leave stale values behind. It is simple and keeps the cache optional, but the first read after a change is a miss, and data can be stale for up to the TTL if an invalidation is lost.",
    ),
    (
        M,
        &["redis", "system design"],
        "What is a cache stampede and how do you prevent it?",
        "When a popular cache entry expires, many concurrent requests miss at once and all hit the database to recompute it, which can overload it. Mitigations include request coalescing or a short lock so only one caller recomputes while others wait or serve the stale value, refreshing hot keys early in the background, and adding random jitter to TTLs so that many keys do not expire together.",
    ),
    (
        M,
        &["redis"],
        "How does Redis evict keys when it runs out of memory?",
        "When maxmemory is reached, Redis applies its maxmemory-policy. noeviction rejects writes; allkeys-lru and allkeys-lfu evict the least recently or least frequently used keys among all keys; the volatile variants only consider keys that have a TTL, and there are random and volatile-ttl policies too. For a pure cache allkeys-lru or allkeys-lfu is usual, while data that must not be lost should not live in an evicting instance at all.",
    ),
    (
        M,
        &["redis", "system design"],
        "How would you implement rate limiting for an API?",
        "Choose an algorithm: a token bucket allows short bursts while enforcing an average rate, a sliding-window counter is accurate enough for most APIs, and a fixed window is simplest but allows bursts at window edges. Keep counters in a shared store such as Redis and update them atomically, with INCR and EXPIRE or a Lua script, so every instance enforces the same limit per API key, user or IP address. Return 429 Too Many Requests with a Retry-After header so clients can back off.",
    ),
    (
        M,
        &["system design"],
        "Where can caching happen in a web system, and what are the risks?",
        "Caching can happen in the browser via HTTP cache headers, at a CDN or reverse proxy, in the application process, in a shared cache such as Redis, and inside the database's own buffer cache. Each layer cuts latency and load on the layers behind it. The risks are serving stale or, worse, another user's data when cache keys miss a dimension such as the user or language, plus cold-start load spikes and harder debugging. Cache only what you can invalidate or tolerate stale, and include everything that varies the response in the key.",
    ),
    // Security
    (
        E,
        &["security", "sql"],
        "What is SQL injection and how do you prevent it?",
        "SQL injection happens when untrusted input is concatenated into a SQL string, so an attacker can change the query's structure, for example with ' OR '1'='1 to bypass a login check or a UNION to read other tables. The fix is parameterized queries (prepared statements) or a query builder that sends values separately from the SQL text. Identifiers such as sort columns should come from an allow-list, and the database account should have only the privileges it needs, as defence in depth.",
    ),
    (
        M,
        &["security", "owasp"],
        "What is cross-site scripting (XSS) and how do you defend against it?",
        "XSS is injecting script into pages other users view, through stored content (stored XSS), request parameters echoed back (reflected XSS) or unsafe client-side DOM manipulation. The main defence is context-aware output encoding, which modern template engines and frameworks apply by default, plus sanitizing any user-supplied HTML with an allow-list sanitizer. A Content-Security-Policy that forbids inline scripts, and HttpOnly cookies that scripts cannot read, limit the damage if something slips through.",
    ),
    (
        M,
        &["security", "owasp"],
        "What is CSRF and how do you protect against it?",
        "Cross-site request forgery tricks a logged-in user's browser into sending a state-changing request to your site, relying on cookies being attached automatically. Defences are SameSite=Lax or Strict cookies, anti-CSRF tokens tied to the session and checked on every unsafe request, and checking the Origin header. APIs authenticated with a bearer token in the Authorization header are not exposed in the same way, because browsers do not attach that header automatically.",
    ),
    (
        E,
        &["security"],
        "How should a backend store user passwords?",
        "Never store passwords in plain text or with a fast hash such as SHA-256. Use a slow, salted, memory-hard password hashing function such as Argon2id, scrypt or bcrypt, with parameters tuned so that one hash takes tens to hundreds of milliseconds. The salt is unique per password and stored alongside the hash, and parameters can be upgraded by rehashing at the user's next successful login.",
    ),
    (
        M,
        &["security", "rest"],
        "What are the pitfalls of using JWTs for API authentication?",
        "A JWT is a signed, self-contained token, so the server can verify it without a lookup, but it cannot be revoked before it expires unless you add a denylist, which gives up the statelessness. Verify the signature with an explicitly configured algorithm and never accept alg none, and check the expiry, issuer and audience. Keep access tokens short-lived with refresh tokens, and do not put secrets in the payload, which is only encoded, not encrypted.",
    ),
    // Messaging
    (
        M,
        &["kafka", "rabbitmq", "system design"],
        "What delivery guarantees do message queues offer, and why is exactly-once delivery hard?",
        "At-most-once delivery may lose messages; at-least-once redelivers until a message is acknowledged, so consumers may see duplicates. Exactly-once would require the broker and the consumer's side effects to commit atomically, and the side effects usually live in another system. In practice effectively-once processing is built from at-least-once delivery plus idempotent consumers, for example by recording processed message ids in the same transaction as the effect. Kafka transactions give exactly-once only within Kafka's own read-process-write loop.",
    ),
    (
        M,
        &["kafka", "rabbitmq"],
        "How would you make a message consumer idempotent?",
        "Give each message a unique id and record processed ids in the same database transaction as the consumer's side effects, skipping messages already recorded. Alternatively make the operation naturally idempotent, such as an upsert or setting a state instead of incrementing a counter. Combined with at-least-once delivery, this gives effectively-once processing even when messages are redelivered after a crash.",
    ),
    (
        H,
        &["kafka", "microservices", "system design"],
        "What is the transactional outbox pattern and what problem does it solve?",
        "A service must update its database and publish an event, but doing the two separately loses events, or publishes events for rolled-back changes, if it crashes in between. With an outbox, the service writes the event to an outbox table in the same database transaction as the state change. A separate relay reads the outbox, publishes to the broker and marks the rows as sent, giving at-least-once publication, so consumers must be idempotent. Change data capture, such as Debezium reading the write-ahead log, is a common way to build the relay.",
    ),
    (
        M,
        &["kafka"],
        "How does Kafka guarantee message ordering, and how does that affect scaling consumers?",
        "Kafka only guarantees order within a partition. Messages with the same key go to the same partition, so events for one entity, such as one order id, stay in order. Within a consumer group each partition is read by at most one consumer, so the partition count caps consumer parallelism. Choose keys that spread load evenly and enough partitions for future growth.",
    ),
    (
        M,
        &["rabbitmq", "kafka"],
        "When would you use RabbitMQ rather than Kafka?",
        "RabbitMQ is a message broker with flexible routing through exchanges and routing keys, per-message acknowledgements and deletion after consumption, which suits task queues, work distribution and complex routing. Kafka is a partitioned, replicated log: messages are retained for a configured period and can be replayed, consumers track their own offsets, and it excels at high-throughput event streaming to many independent consumers. Choose RabbitMQ for work queues and Kafka for event streams, replay and data pipelines.",
    ),
    (
        E,
        &["kafka", "rabbitmq"],
        "What is a dead-letter queue and when do you need one?",
        "A dead-letter queue receives messages that could not be processed after a limited number of retries, for example because they are malformed or trigger a bug. Moving them aside stops one poison message from blocking the queue or being retried forever. Monitor and alert on the dead-letter queue, and provide tooling to inspect, fix and replay its messages.",
    ),
    (
        M,
        &["kafka", "microservices"],
        "What are the benefits and costs of an event-driven architecture?",
        "Services publish events about what happened, and other services react asynchronously, so producers do not need to know their consumers and new features can subscribe without changing the producer. This decouples teams, absorbs load spikes through queues and keeps a durable history of changes. The costs are eventual consistency, harder debugging across asynchronous flows, the need for idempotent consumers and schema evolution, and careful handling of ordering and failures.",
    ),
    // Scalability and resilience
    (
        E,
        &["system design"],
        "What is the difference between vertical and horizontal scaling?",
        "Vertical scaling gives a single machine more CPU, memory or faster disks; it is simple but has a hard upper limit and keeps a single point of failure. Horizontal scaling adds more machines behind a load balancer, which requires stateless services or partitioned state but scales further and improves availability. Web tiers are usually scaled horizontally, while databases are often scaled vertically first, then with replicas and sharding.",
    ),
    (
        M,
        &["system design", "microservices"],
        "Why should web services be stateless, and where does the state go?",
        "A stateless service keeps no per-user data in process memory between requests, so any instance can serve any request, and instances can be added, removed or restarted freely without sticky sessions. The state moves to shared backing services: the database, a distributed cache such as Redis for sessions, object storage for files and a message broker for background work. This is one of the Twelve-Factor App principles.",
    ),
    (
        M,
        &["system design"],
        "Which load-balancing algorithms do you know, and what are their trade-offs?",
        "Round robin spreads requests evenly but ignores how busy each server is, and weighted round robin accounts for different capacities. Least connections or least outstanding requests send traffic to the least busy server, which suits requests of uneven cost. Consistent hashing sends the same key to the same server, which helps cache locality. Health checks remove failing instances, and layer-7 balancers can also route by path or header.",
    ),
    (
        H,
        &["system design", "microservices"],
        "What is the CAP theorem, and what does it mean in practice?",
        "CAP says that during a network partition a distributed system must choose between consistency, where every read sees the latest write, and availability, where every request gets a non-error response. Since partitions cannot be ruled out, the real choice is how to behave when one happens: CP systems such as etcd refuse some requests, while AP systems such as Cassandra stay available and reconcile later. PACELC adds that even without partitions there is a trade-off between latency and consistency.",
    ),
    (
        M,
        &["microservices", "system design"],
        "How does a circuit breaker work, and why use one?",
        "A circuit breaker wraps calls to a dependency and counts failures. When the failure rate crosses a threshold it opens and fails calls immediately for a cool-down period instead of waiting on timeouts, which protects threads and connection pools and gives the dependency time to recover. After the cool-down it lets a few trial calls through (half-open) and closes again if they succeed. It is combined with timeouts, bounded retries and a fallback such as cached data.",
    ),
    (
        M,
        &["microservices", "system design"],
        "How should a client retry failed requests safely?",
        "Retry only transient failures such as timeouts, 503 or 429 responses, and only operations that are idempotent or protected by an idempotency key. Use exponential backoff with jitter so that clients do not retry in synchronized waves, cap the number of attempts and the total time, and respect Retry-After headers. Retry budgets or circuit breakers keep retries from turning a partial outage into a retry storm.",
    ),
    (
        M,
        &["microservices"],
        "When would you split a monolith into microservices, and what does it cost?",
        "Microservices let teams deploy and scale parts of a system independently and isolate failures, which pays off when many teams work on a large system with clear domain boundaries. The costs are network latency and partial failures, distributed data and eventual consistency, harder debugging that needs tracing, and much more operational overhead. A well-modularized monolith is usually the better start; extract services along stable bounded contexts when there is a concrete scaling or organizational need.",
    ),
    (
        H,
        &["microservices", "system design"],
        "How do you keep data consistent across microservices without distributed transactions?",
        "Use a saga: a sequence of local transactions, each publishing an event or command that triggers the next step, with compensating actions that undo earlier steps when a later one fails. Sagas can be choreographed through events or orchestrated by a coordinator. Reliable publishing needs the outbox pattern and idempotent consumers, and the system must tolerate intermediate states being visible, that is, eventual consistency.",
    ),
    (
        M,
        &["system design"],
        "How would you design a URL shortener?",
        "The API takes a long URL and returns a short code, and a redirect endpoint looks up the code and answers with 301 or 302. Codes can come from a counter encoded in base62, from ranges of ids handed out to each instance, or from a hash with collision checks. Storage is a simple key-value mapping that is read far more than written, so put a cache in front, scale reads with replicas and let a CDN serve popular redirects. Click analytics are recorded asynchronously through a queue.",
    ),
    (
        H,
        &["system design", "elasticsearch"],
        "How would you design search with filters for a job board?",
        "Keep the relational database as the source of truth and index postings into a search engine such as Elasticsearch or OpenSearch, with full-text fields for title and description and keyword fields for facets such as location, skills and workplace type. Update the index asynchronously from change events, via an outbox or change data capture, with idempotent consumers and a full reindex for recovery. Queries combine full-text relevance with filters and aggregations for facet counts, and deep result pages use search_after rather than large offsets.",
    ),
    // Testing
    (
        E,
        &["system design"],
        "What is the testing pyramid?",
        "The testing pyramid recommends many fast, isolated unit tests at the base, fewer integration tests that exercise real components such as the database together, and a small number of slow end-to-end tests at the top. This keeps feedback fast and failures easy to locate while still checking that the pieces fit together. Backend teams often add contract tests between services and performance tests for critical paths.",
    ),
    (
        M,
        &["postgresql", "docker", "ci/cd"],
        "How do you write reliable integration tests against a database?",
        "Run tests against the same database engine and version as production, for example started in a container with Testcontainers or as a CI service, rather than an in-memory substitute that behaves differently. Give each test isolated state, such as a fresh schema per test or a transaction rolled back at the end, so tests can run in parallel and in any order. Apply the real migrations and create only the data each test needs.",
    ),
    (
        M,
        &["microservices", "rest"],
        "What is consumer-driven contract testing?",
        "Each consumer of an API records the requests it makes and the parts of the responses it relies on as a contract, for example with Pact. The provider's build verifies that it still satisfies every consumer's contract, so breaking changes are caught before deployment without running all services together in slow end-to-end environments. It complements the provider's own schema, such as an OpenAPI description.",
    ),
    (
        M,
        &["system design"],
        "How do you load test a backend service and interpret the results?",
        "Define the goal first, such as p99 latency under the expected peak request rate, and generate realistic traffic with a tool such as k6, Gatling or wrk against a production-like environment. Measure latency percentiles rather than averages, plus throughput, error rate and the saturation of CPU, memory, connection pools and the database. Increase the load step by step to find the point where latency rises sharply, and fix the bottleneck there before testing again.",
    ),
    // Monitoring
    (
        E,
        &["observability", "prometheus"],
        "What are the RED and USE methods for monitoring?",
        "RED is for request-driven services: track the Rate of requests, the Errors and the Duration (latency distribution) of each endpoint. USE is for resources: track the Utilization, Saturation (queued work) and Errors of CPU, memory, disks, connection pools and so on. Together they show quickly whether users are affected and which resource is the bottleneck.",
    ),
    (
        M,
        &["observability"],
        "What are SLIs, SLOs and error budgets?",
        "An SLI is a measured indicator of service health from the user's point of view, such as the share of requests served successfully within 300 ms. An SLO is a target for it over a window, for example 99.9% over 30 days. The error budget is the allowed shortfall, here 0.1%: while budget remains the team can ship quickly, and when it is spent reliability work takes priority. Alerts work best when they fire on how fast the budget is burning.",
    ),
    (
        M,
        &["observability", "microservices"],
        "What is distributed tracing and how does it work?",
        "Distributed tracing follows one request across services: each unit of work is a span with timing and attributes, and spans share a trace id propagated in request headers such as W3C traceparent. A collector assembles the spans into a tree that shows where time was spent and where errors occurred. OpenTelemetry is the standard for instrumentation, and sampling keeps overhead and storage costs manageable.",
    ),
    (
        E,
        &["observability"],
        "What makes application logs useful in production?",
        "Emit structured logs, such as JSON with consistent field names, so they can be searched and aggregated instead of parsed with regular expressions. Include a request or trace id to correlate events across services, use log levels consistently, and log events and decisions rather than every line executed. Never log secrets or personal data such as passwords, tokens or full card numbers.",
    ),
    // Delivery
    (
        E,
        &["ci/cd", "git"],
        "What does a good CI/CD pipeline for a backend service include?",
        "On every push CI builds the code, runs linters and static analysis, unit and integration tests and dependency and image vulnerability scans, with the cheapest checks first so it fails fast. It produces one versioned, immutable artifact, such as a container image, that is promoted unchanged through the environments. CD then deploys it automatically with database migrations, a progressive rollout and automatic rollback when health checks or metrics degrade.",
    ),
    (
        M,
        &["ci/cd", "kubernetes"],
        "Compare blue-green deployments with canary releases.",
        "Blue-green keeps two full environments and switches all traffic from the old one (blue) to the new one (green) at once; rollback is switching back, at the cost of double capacity during the release. A canary release sends a small share of traffic to the new version, watches error rates and latency, and increases the share gradually, limiting the blast radius of a bad release. Both require backward-compatible database changes, because old and new versions run at the same time.",
    ),
    (
        M,
        &["sql", "ci/cd"],
        "How do you change a database schema without downtime?",
        "Use the expand and contract pattern: first make additive, backward-compatible changes such as a new nullable column, deploy code that writes both the old and new forms, backfill existing rows in batches, switch reads to the new form, and only then drop the old column in a later release. Avoid long table locks, for example by creating indexes concurrently in PostgreSQL. Every step must work with both the previous and the next version of the application running.",
    ),
    (
        M,
        &["kubernetes"],
        "What is the difference between liveness, readiness and startup probes in Kubernetes?",
        "A failing liveness probe tells the kubelet the container is stuck, so it is restarted. A failing readiness probe removes the pod from Service endpoints without restarting it, which suits warm-up or a temporarily unavailable dependency. A startup probe holds off the other probes until a slow-starting application is up. Liveness checks should not depend on external services, or a database outage will restart every pod.",
    ),
    (
        M,
        &["kubernetes"],
        "What are resource requests and limits in Kubernetes?",
        "Requests are what the scheduler reserves for a container and uses to place pods on nodes; limits are the most it may use. A container that exceeds its memory limit is OOM-killed, while one that exceeds its CPU limit is only throttled. Realistic requests keep nodes from being overcommitted, and requests and limits together determine the pod's quality-of-service class.",
    ),
    (
        E,
        &["kubernetes", "docker"],
        "How does a Kubernetes Deployment perform a rolling update?",
        "When the pod template changes, the Deployment creates a new ReplicaSet and scales it up while scaling the old one down, within maxSurge (how many extra pods may exist) and maxUnavailable (how many may be missing). New pods only receive traffic once their readiness probes pass. If the rollout goes wrong it can be rolled back to the previous ReplicaSet with kubectl rollout undo.",
    ),
    (
        E,
        &["docker"],
        "How do you keep Docker images small and secure?",
        "Use multi-stage builds so compilers and build tools stay out of the final image, and start from a minimal base such as distroless, Alpine or scratch for static binaries. Order Dockerfile instructions so rarely changing layers, such as dependency downloads, come first and stay cached. Run as a non-root user, pin base image versions, keep secrets out of layers and scan images for known vulnerabilities in CI.",
    ),
    // Collaboration
    (
        E,
        &["git"],
        "What is the difference between git merge and git rebase?",
        "Merge combines two branches with a merge commit and preserves the exact history of both. Rebase replays your commits on top of another branch, giving a linear history but creating new commits with new hashes. Rebase local or feature branches to tidy them, but do not rebase commits others have already pulled, because rewriting shared history forces them to reconcile diverged branches.",
    ),
    (
        E,
        &[],
        "What do you look for when reviewing a colleague's code?",
        "First correctness and design: does the change do what it should, handle errors and edge cases, and fit the architecture? Then tests, security problems such as unvalidated input or leaked secrets, performance pitfalls such as N+1 queries, and readability, including names and comments. Keep feedback specific and kind, separate blocking issues from suggestions, and leave formatting to automated tools.",
    ),
    (
        M,
        &[],
        "How do you help a junior developer grow on your team?",
        "Pair with them on real tasks and gradually hand over ownership of well-scoped pieces of work, with clear expectations and room to make safe mistakes. Give timely, specific feedback in code reviews that explains the reasoning, not just the fix, and point them to useful resources. Agree on goals together, check in regularly, and make sure their work and progress are visible to the rest of the team.",
    ),
];
