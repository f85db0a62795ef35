//! Every subcommand end to end: the built binary, run as an operator would, on a fresh data
//! folder and a fresh database of the suite's backend, with bounded waits. Child processes
//! are killed on every path (`kill_on_drop`, and [`Server`]'s `Drop`).

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hireboard_store::testing::{fresh_database, Backend};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::{Child, Command};
use tokio::task::JoinHandle;

const BIN: &str = env!("CARGO_BIN_EXE_hireboard");
/// The longest any command may take; loading the demo takes seconds in a debug build.
const WAIT: Duration = Duration::from_secs(60);
const PASSWORD: &str = "correct horse battery staple";

/// The binary with no ambient configuration: no `HIREBOARD_*` or `RUST_LOG` from the
/// environment, no standard input, run in `dir` so no `hireboard.toml` is picked up.
pub(crate) fn hireboard(dir: &Path) -> Command {
    hireboard_at(Path::new(BIN), dir)
}

/// As [`hireboard`], running the binary at `program`.
fn hireboard_at(program: &Path, dir: &Path) -> Command {
    let mut command = Command::new(program);
    for (name, _) in std::env::vars() {
        if name.starts_with("HIREBOARD_") {
            command.env_remove(name);
        }
    }
    command
        .env_remove("RUST_LOG")
        .current_dir(dir)
        .stdin(Stdio::null())
        .kill_on_drop(true);
    command
}

/// Runs a one-shot command to completion (killed if it outlasts [`WAIT`]).
pub(crate) async fn run(command: &mut Command) -> Output {
    tokio::time::timeout(WAIT, command.output())
        .await
        .expect("the command finishes in time")
        .expect("the binary runs")
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh board: a data folder and, on PostgreSQL or MySQL, a database of its own.
pub(crate) struct Board {
    dir: tempfile::TempDir,
    pub(crate) database_url: String,
}

impl Board {
    pub(crate) async fn new() -> Board {
        let dir = tempfile::tempdir().expect("temp dir");
        let backend = Backend::from_env();
        let database_url = fresh_database(backend, dir.path()).await;
        Board { dir, database_url }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `hireboard ARGS` on this board.
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut command = hireboard(self.path());
        command
            .args(args)
            .arg("--data-dir")
            .arg(self.path().join("data"))
            .arg("--database-url")
            .arg(&self.database_url);
        command
    }

    pub(crate) async fn run(&self, args: &[&str]) -> Output {
        run(&mut self.command(args)).await
    }

    /// `serve` or `demo` on this board, on ports of its own.
    pub(crate) async fn start(&self, args: &[&str]) -> Server {
        self.start_with(self.command(args)).await
    }

    /// `command` (from [`Board::command`]) on ports of its own.
    pub(crate) async fn start_with(&self, mut command: Command) -> Server {
        command.args([
            "--http-addr",
            "127.0.0.1:0",
            "--metrics-addr",
            "127.0.0.1:0",
        ]);
        Server::start(command).await
    }

    async fn create_admin(&self, email: &str, role: &str, password: Option<&str>) -> Output {
        let mut command = self.command(&["create-admin", "--email", email, "--role", role]);
        if let Some(password) = password {
            command.env("HIREBOARD_ADMIN_PASSWORD", password);
        }
        run(&mut command).await
    }
}

/// A running `serve` or `demo`, killed when dropped unless stopped.
pub(crate) struct Server {
    child: Child,
    base: String,
    operator: String,
    client: reqwest::Client,
    output: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

/// Copies a child's output into `sink` as it comes.
fn collect(
    stream: impl AsyncRead + Unpin + Send + 'static,
    sink: Arc<Mutex<String>>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut lines = BufReader::new(stream).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            let mut sink = sink.lock().expect("output");
            sink.push_str(&line);
            sink.push('\n');
        }
    })
}

/// The address printed after `prefix` on a line of `output`.
fn printed_addr(output: &str, prefix: &str) -> Option<String> {
    let line = output.lines().find(|line| line.starts_with(prefix))?;
    let addr = line.split("http://").nth(1)?.split_whitespace().next()?;
    Some(format!("http://{addr}"))
}

impl Server {
    async fn start(mut command: Command) -> Server {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let output = Arc::new(Mutex::new(String::new()));
        let readers = vec![
            collect(child.stdout.take().expect("stdout"), output.clone()),
            collect(child.stderr.take().expect("stderr"), output.clone()),
        ];
        let mut server = Server {
            child,
            base: String::new(),
            operator: String::new(),
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .expect("client"),
            output,
            readers,
        };
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let printed = server.output();
            let base = printed_addr(&printed, "hireboard listening on ");
            let operator = printed_addr(&printed, "operator endpoints ");
            if let (Some(base), Some(operator)) = (base, operator) {
                server.base = base;
                server.operator = operator;
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("the server exited with {status} before listening:\n{printed}");
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the server did not listen in time:\n{printed}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The operator listener's `/metrics` text.
    pub(crate) async fn metrics(&self) -> String {
        let response = self
            .client
            .get(format!("{}/metrics", self.operator))
            .send()
            .await
            .expect("metrics answer");
        response.text().await.expect("metrics text")
    }

    fn output(&self) -> String {
        self.output.lock().expect("output").clone()
    }

    pub(crate) async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let body = response.json().await.unwrap_or(Value::Null);
        (status, body)
    }

    async fn login(&self, email: &str, password: &str) -> String {
        let response = self
            .client
            .post(format!("{}/api/v1/sessions", self.base))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .expect("request sent");
        assert_eq!(response.status(), StatusCode::CREATED, "{email} logs in");
        let session: Value = response.json().await.expect("session");
        session["token"].as_str().expect("token").to_owned()
    }

    /// Sends SIGTERM and waits for a clean exit; returns everything the server printed.
    pub(crate) async fn stop(mut self) -> String {
        let pid = self.child.id().expect("still running").to_string();
        let signalled = run(Command::new("kill").args(["-TERM", &pid])).await;
        assert!(signalled.status.success(), "kill -TERM {pid}");
        let status = tokio::time::timeout(WAIT, self.child.wait())
            .await
            .expect("the server stops in time after SIGTERM")
            .expect("wait");
        for reader in std::mem::take(&mut self.readers) {
            let _ = tokio::time::timeout(WAIT, reader).await;
        }
        let output = self.output();
        assert!(status.success(), "exit after SIGTERM: {status}\n{output}");
        output
    }
}

pub async fn serve_answers_probes_on_both_ports_and_stops_on_sigterm() {
    let board = Board::new().await;
    let server = board.start(&["serve"]).await;
    assert_eq!(server.get("/healthz", None).await.0, StatusCode::OK);
    // Ready once its search index is built from the (empty) database: at once, or nearly.
    let ready_by = std::time::Instant::now() + Duration::from_secs(5);
    while server.get("/readyz", None).await.0 != StatusCode::OK {
        assert!(std::time::Instant::now() < ready_by, "not ready after 5 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        server.get("/metrics", None).await.0,
        StatusCode::NOT_FOUND,
        "metrics are not on the public port"
    );
    for probe in ["/healthz", "/readyz"] {
        let response = server
            .client
            .get(format!("{}{probe}", server.operator))
            .send()
            .await
            .expect("operator probe");
        assert_eq!(response.status(), StatusCode::OK, "{probe}");
    }
    let metrics = server
        .client
        .get(format!("{}/metrics", server.operator))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("metrics text");
    assert!(
        metrics.contains(r#"http_requests_total{method="GET",route="/healthz",status="200"}"#),
        "{metrics}"
    );
    let output = server.stop().await;
    assert!(output.contains("shutting down"), "{output}");
}

pub async fn each_request_is_logged_once_at_info() {
    let board = Board::new().await;
    let server = board.start(&["serve"]).await;
    for (id, path) in [
        ("log-check-found", "/api/v1/jobs"),
        ("log-check-missing", "/api/v1/jobs/1234567"),
    ] {
        let response = server
            .client
            .get(format!("{}{path}", server.base))
            .header("x-request-id", id)
            .send()
            .await
            .expect("request sent");
        assert_eq!(response.headers()["x-request-id"], id);
    }
    let output = server.stop().await;
    for (id, route, status) in [
        ("log-check-found", "/api/v1/jobs", 200),
        ("log-check-missing", "/api/v1/jobs/{code}", 404),
    ] {
        let lines: Vec<&str> = output.lines().filter(|l| l.contains(id)).collect();
        assert_eq!(lines.len(), 1, "one line for {id}:\n{output}");
        let line = lines[0];
        for field in [
            " INFO ".to_owned(),
            "method=GET".to_owned(),
            format!("route={route} "),
            format!("status={status} "),
            "latency_ms=".to_owned(),
        ] {
            assert!(line.contains(&field), "{field} in {line}");
        }
    }
}

pub async fn demo_serves_the_seed_posting_and_serves_its_board_again() {
    let board = Board::new().await;
    let server = board.start(&["demo"]).await;
    let output = server.output();
    for account in [
        "candidate@demo.hireboard.test",
        "recruiter@demo.hireboard.test",
        "moderator@demo.hireboard.test",
        "admin@demo.hireboard.test",
    ] {
        assert!(output.contains(account), "{account} printed:\n{output}");
    }
    let (status, seed) = server.get("/api/v1/jobs/1546216", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seed["job_code"], 1546216);
    let token = server
        .login("moderator@demo.hireboard.test", "demo-moderator-Osprey-42")
        .await;
    assert_eq!(
        server
            .get("/api/v1/moderation/reports", Some(&token))
            .await
            .0,
        StatusCode::OK
    );
    server.stop().await;

    let again = board.start(&["demo"]).await;
    assert!(
        again
            .output()
            .contains("the board already holds the demo data set"),
        "{}",
        again.output()
    );
    assert_eq!(
        again.get("/api/v1/jobs/1546216", None).await.0,
        StatusCode::OK
    );
    again.stop().await;
}

pub async fn demo_refuses_a_board_in_use_unless_forced() {
    let board = Board::new().await;
    let created = board
        .create_admin("owner@example.com", "admin", Some(PASSWORD))
        .await;
    assert!(created.status.success(), "{}", text(&created.stderr));

    let refused = board
        .run(&[
            "demo",
            "--http-addr",
            "127.0.0.1:0",
            "--metrics-addr",
            "127.0.0.1:0",
        ])
        .await;
    let stderr = text(&refused.stderr);
    assert!(!refused.status.success());
    assert!(
        stderr.contains("not the demo data set") && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(!text(&refused.stdout).contains("listening"), "never served");

    let forced = board.start(&["demo", "--force"]).await;
    assert_eq!(
        forced.get("/api/v1/jobs/1546216", None).await.0,
        StatusCode::OK
    );
    forced.login("owner@example.com", PASSWORD).await;
    forced.stop().await;
}

pub async fn demo_checks_the_port_before_loading_anything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = taken.local_addr().expect("addr").to_string();
    let data = dir.path().join("data");
    let output = run(hireboard(dir.path())
        .args(["demo", "--http-addr", &addr, "--data-dir"])
        .arg(&data))
    .await;
    let stderr = text(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains(&format!("cannot listen on {addr} (http.addr)"))
            && stderr.contains("already in use"),
        "{stderr}"
    );
    assert!(
        !data.join("hireboard.db").exists(),
        "no database was created or filled"
    );
}

pub async fn migrate_prepares_the_database_and_can_run_again() {
    let board = Board::new().await;
    for _ in 0..2 {
        let output = board.run(&["migrate"]).await;
        assert!(output.status.success(), "{}", text(&output.stderr));
        let stdout = text(&output.stdout);
        assert!(
            stdout.contains(&format!(
                "migrations applied to {}",
                hireboard::config::redact_url(&board.database_url)
            )),
            "{stdout}"
        );
    }
    let server = board.start(&["serve"]).await;
    assert_eq!(server.get("/api/v1/jobs", None).await.0, StatusCode::OK);
    server.stop().await;
}

pub async fn generate_writes_n_lines_deterministically() {
    let dir = tempfile::tempdir().expect("temp dir");
    let generate = |seed: &str| {
        let mut command = hireboard(dir.path());
        command.args([
            "generate",
            "--jobs",
            "7",
            "--seed",
            seed,
            "--today",
            "2025-03-01",
        ]);
        command
    };
    let first = run(&mut generate("11")).await;
    assert!(first.status.success(), "{}", text(&first.stderr));
    let lines: Vec<Value> = text(&first.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON record per line"))
        .collect();
    assert_eq!(lines.len(), 7);
    assert!(lines
        .iter()
        .all(|record| record["posting"]["title"].is_string()));
    assert_eq!(
        run(&mut generate("11")).await.stdout,
        first.stdout,
        "same seed"
    );
    assert_ne!(
        run(&mut generate("12")).await.stdout,
        first.stdout,
        "other seed"
    );
    let file = dir.path().join("postings.jsonl");
    let written = run(generate("11").arg("--out").arg(&file)).await;
    assert!(written.status.success());
    assert_eq!(std::fs::read(&file).expect("written"), first.stdout);
}

/// `count` generated postings as JSON Lines (dated today, so they are listed).
pub(crate) async fn generated(dir: &Path, seed: &str, count: usize) -> Vec<String> {
    let count = count.to_string();
    let output = run(hireboard(dir).args(["generate", "--jobs", &count, "--seed", seed])).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout).lines().map(str::to_owned).collect()
}

pub(crate) fn write_lines(path: &Path, lines: &[String]) -> PathBuf {
    std::fs::write(path, lines.join("\n") + "\n").expect("file written");
    path.to_path_buf()
}

pub async fn import_loads_a_file_and_rejects_a_bad_one_by_line_number() {
    let board = Board::new().await;
    let good = write_lines(
        &board.path().join("good.jsonl"),
        &generated(board.path(), "21", 20).await,
    );
    // In batches of 3, each a transaction of its own.
    let imported = board
        .run(&["import", good.to_str().expect("path"), "--batch", "3"])
        .await;
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let stdout = text(&imported.stdout);
    assert!(
        stdout.contains("20 created, 0 updated, 0 rejected"),
        "{stdout}"
    );
    // The same file again updates the postings it names instead of doubling the board.
    let again = board.run(&["import", good.to_str().expect("path")]).await;
    assert!(again.status.success(), "{}", text(&again.stderr));
    let stdout = text(&again.stdout);
    assert!(
        stdout.contains("0 created, 20 updated, 0 rejected"),
        "{stdout}"
    );

    let mut invalid = generated(board.path(), "22", 3).await;
    let mut record: Value = serde_json::from_str(&invalid[2]).expect("record");
    record["posting"]["title"] = json!("");
    invalid[2] = record.to_string();
    let mut malformed = generated(board.path(), "23", 3).await;
    malformed[1] = "{\"job_code\": ".to_owned();
    for (name, lines, line) in [
        ("invalid", invalid, "line 3"),
        ("malformed", malformed, "line 2"),
    ] {
        let file = write_lines(&board.path().join(format!("{name}.jsonl")), &lines);
        let refused = board.run(&["import", file.to_str().expect("path")]).await;
        let (stdout, stderr) = (text(&refused.stdout), text(&refused.stderr));
        assert!(!refused.status.success(), "{name}: a rejection is an error");
        assert!(stderr.contains(line), "{name}: {line} in {stderr}");
        assert!(
            stdout.contains("2 created, 0 updated, 1 rejected"),
            "{name}: {stdout}"
        );
    }

    let server = board.start(&["serve"]).await;
    let (status, page) = server.get("/api/v1/jobs?limit=50", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        page["items"].as_array().expect("items").len(),
        24,
        "the good file once, and the good records of the bad files"
    );
    server.stop().await;
}

pub async fn create_admin_makes_a_staff_account_that_works_over_http() {
    let board = Board::new().await;
    let server = board.start(&["serve"]).await;
    let created = board
        .create_admin("ops@example.com", "moderator", Some(PASSWORD))
        .await;
    let stdout = text(&created.stdout);
    assert!(created.status.success(), "{}", text(&created.stderr));
    assert!(
        stdout.contains("created moderator account ops@example.com"),
        "{stdout}"
    );
    assert!(!stdout.contains(PASSWORD) && !text(&created.stderr).contains(PASSWORD));
    let token = server.login("ops@example.com", PASSWORD).await;
    assert_eq!(
        server
            .get("/api/v1/moderation/reports", Some(&token))
            .await
            .0,
        StatusCode::OK
    );
    server.stop().await;
}

pub async fn create_admin_needs_a_good_password_from_the_environment() {
    let board = Board::new().await;
    let unset = board.create_admin("ops@example.com", "admin", None).await;
    let stderr = text(&unset.stderr);
    assert!(!unset.status.success());
    assert!(
        stderr.contains("HIREBOARD_ADMIN_PASSWORD is not set"),
        "{stderr}"
    );

    let weak = board
        .create_admin("ops@example.com", "admin", Some("password"))
        .await;
    let stderr = text(&weak.stderr);
    assert!(!weak.status.success());
    assert!(
        stderr.contains("cannot create the account") && stderr.contains("password"),
        "{stderr}"
    );

    let role = board
        .create_admin("ops@example.com", "root", Some(PASSWORD))
        .await;
    assert!(text(&role.stderr).contains("--role must be admin or moderator"));

    // Nothing was half-created: the same email still works.
    let created = board
        .create_admin("ops@example.com", "admin", Some(PASSWORD))
        .await;
    assert!(created.status.success(), "{}", text(&created.stderr));
}

pub async fn configuration_errors_name_the_variable_and_the_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = [
        (
            "HIREBOARD_LOG__LEVEL",
            "loud",
            "is not a level; use trace, debug, info, warn, error or off",
        ),
        (
            "HIREBOARD_HTTP__ADDR",
            "127.0.0.1:99999",
            "the port 99999 is out of range",
        ),
        (
            "HIREBOARD_METRICS__ADDR",
            "localhost:9464",
            "the host \"localhost\" is not an IP address",
        ),
        (
            "HIREBOARD_DATABASE__MAX_CONNECTIONS",
            "0",
            "must be between 1 and 1000",
        ),
        ("HIREBOARD_LOG__FORMAT", "yaml", "must be text or json"),
        (
            "HIREBOARD_HTTP__ADRR",
            "0.0.0.0:8080",
            "not a configuration key",
        ),
    ];
    for (variable, value, problem) in cases {
        let output = run(hireboard(dir.path())
            .arg("serve")
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .env(variable, value))
        .await;
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{variable}={value} is refused");
        assert!(
            stderr.contains(&format!("{variable}={value:?}: ")) && stderr.contains(problem),
            "{variable}={value}: {stderr}"
        );
    }

    let file = dir.path().join("custom.toml");
    std::fs::write(&file, "[http]\naddr = \"127.0.0.1:99999\"\n").expect("file");
    let output = run(hireboard(dir.path()).args(["serve", "--config"]).arg(&file)).await;
    let stderr = text(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains(&format!(
            "http.addr = \"127.0.0.1:99999\" in {}: the port 99999",
            file.display()
        )),
        "{stderr}"
    );
    assert!(
        !dir.path().join("data").exists(),
        "nothing is created when the configuration is wrong"
    );
}

pub async fn an_unwritable_data_folder_is_named_with_permission_denied() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    let dir = tempfile::tempdir().expect("temp dir");
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).expect("folder");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    // Root writes anywhere; run the binary as `nobody` then, so the permissions apply, from
    // inside the folder (the build's own folder may be closed to other users).
    let as_root = std::fs::metadata(dir.path()).expect("metadata").uid() == 0;
    let program = dir.path().join("hireboard");
    if std::fs::hard_link(BIN, &program).is_err() {
        std::fs::copy(BIN, &program).expect("the binary copied");
    }
    for (data_dir, expected) in [
        (
            locked.clone(),
            format!("the data folder {} is not writable", locked.display()),
        ),
        (
            locked.join("data"),
            format!(
                "cannot create the data folder {}",
                locked.join("data").display()
            ),
        ),
    ] {
        let mut command = hireboard_at(&program, dir.path());
        command.arg("migrate").arg("--data-dir").arg(&data_dir);
        if as_root {
            command.uid(65534).gid(65534);
        }
        let output = run(&mut command).await;
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{stderr}");
        assert!(
            stderr.contains(&format!("{expected}: permission denied")),
            "{stderr}"
        );
    }
}

/// The README's curl walk-through, run as a new user would run it, against `hireboard demo`:
/// every command must succeed (`curl --fail-with-body`), in order, in one shell.
pub async fn the_readme_walk_through_runs_as_written() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md");
    let section = readme
        .split("## Main flows with curl")
        .nth(1)
        .expect("the README's curl section");
    let script = section
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the section's shell block");
    assert!(
        script.contains("B=http://127.0.0.1:8080/api/v1"),
        "{script}"
    );
    let board = Board::new().await;
    let server = board.start(&["demo"]).await;
    let script = script.replace("http://127.0.0.1:8080", &server.base);
    let shell = format!(
        "set -euo pipefail\ncurl() {{ command curl --show-error --fail-with-body --max-time 10 \"$@\"; echo; }}\n{script}"
    );
    let mut command = Command::new("bash");
    command
        .arg("-c")
        .arg(&shell)
        .current_dir(board.path())
        .kill_on_drop(true);
    let ran = tokio::time::timeout(WAIT, command.output())
        .await
        .expect("the walk-through finishes in time")
        .expect("bash runs");
    let (stdout, stderr) = (text(&ran.stdout), text(&ran.stderr));
    assert!(ran.status.success(), "stderr:\n{stderr}\nstdout:\n{stdout}");
    assert!(stdout.contains("\"stage\":\"shortlisted\""), "{stdout}");
    assert!(
        stdout.contains("grace@example.com"),
        "the colleague joined: {stdout}"
    );
    server.stop().await;
}

pub async fn events_commands_list_and_replay_dead_letters() {
    let board = Board::new().await;
    let migrated = board.run(&["migrate"]).await;
    assert!(migrated.status.success(), "{}", text(&migrated.stderr));
    let empty = board.run(&["events", "dead-letters"]).await;
    assert!(empty.status.success(), "{}", text(&empty.stderr));
    assert_eq!(text(&empty.stdout), "no dead letters\n");

    let store = hireboard_store::connect(&board.database_url, &Default::default())
        .await
        .expect("store opens");
    let letter = hireboard_store::NewDeadLetter {
        consumer: "alerts".into(),
        event_id: Some("0190d6a0-0000-7000-8000-000000000001".into()),
        event_type: Some("posting.published".into()),
        payload: "{}".into(),
        error: "handler failed:\nsecond line\u{1b}[31m".into(),
        attempts: 5,
        now: chrono::Utc::now(),
    };
    let id = store.consumers().add_dead_letter(letter).await.unwrap();

    let listed = board
        .run(&["events", "dead-letters", "--consumer", "alerts"])
        .await;
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    let stdout = text(&listed.stdout);
    assert!(
        stdout.starts_with(&format!(
            "#{id} consumer=alerts event=0190d6a0-0000-7000-8000-000000000001 type=posting.published attempts=5 "
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("  error: handler failed: second line [31m\n"),
        "control characters are not printed: {stdout:?}"
    );
    let others = board
        .run(&["events", "dead-letters", "--consumer", "webhooks"])
        .await;
    assert_eq!(text(&others.stdout), "no dead letters\n");

    let replayed = board.run(&["events", "replay", &id.to_string()]).await;
    assert!(replayed.status.success(), "{}", text(&replayed.stderr));
    assert_eq!(
        text(&replayed.stdout),
        "1 dead letter(s) will be delivered again\n"
    );
    let listed = board.run(&["events", "dead-letters"]).await;
    assert!(
        text(&listed.stdout).contains("(replay asked "),
        "{}",
        text(&listed.stdout)
    );
    let by_consumer = board
        .run(&["events", "replay", "--consumer", "alerts"])
        .await;
    assert_eq!(
        text(&by_consumer.stdout),
        "1 dead letter(s) will be delivered again\n"
    );

    let missing = board.run(&["events", "replay", "999999"]).await;
    assert!(!missing.status.success());
    assert!(
        text(&missing.stderr).contains("there is no dead letter #999999"),
        "{}",
        text(&missing.stderr)
    );
    for bad in [
        &["events", "replay"][..],
        &["events", "replay", "0"],
        &["events", "replay", "x"],
    ] {
        let refused = board.run(bad).await;
        assert_eq!(
            refused.status.code(),
            Some(2),
            "{bad:?}: {}",
            text(&refused.stderr)
        );
    }
}

/// Polls `server` at `path` until `done` holds, failing after `within`.
pub(crate) async fn until(
    server: &Server,
    path: &str,
    within: Duration,
    done: impl Fn(&Value) -> bool,
) {
    let deadline = std::time::Instant::now() + within;
    loop {
        let (status, body) = server.get(path, None).await;
        if status == StatusCode::OK && done(&body) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{path} after {within:?}: {status} {body}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub async fn reindex_rebuilds_beside_the_index_in_use_and_the_server_moves_over() {
    let board = Board::new().await;
    let postings = write_lines(
        &board.path().join("postings.jsonl"),
        &generated(board.path(), "31", 40).await,
    );
    let imported = board
        .run(&["import", postings.to_str().expect("path")])
        .await;
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let server = board.start(&["serve"]).await;
    let searched = "/api/v1/jobs?sort=newest&limit=1";
    until(&server, "/readyz", WAIT, |_| true).await;
    let (_, first) = server.get(searched, None).await;
    let listed = first["total"].as_u64().expect("a total");
    assert!(listed > 0, "{first}");

    // Searches go on, whole, while the index is rebuilt and replaced.
    let rebuilding = board.run(&["reindex"]);
    let searching = async {
        let mut answered = 0;
        for _ in 0..40 {
            let (status, page) = server.get(searched, None).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            assert_eq!(page["total"].as_u64(), Some(listed), "{page}");
            answered += 1;
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        answered
    };
    let (rebuilt, answered) = tokio::join!(rebuilding, searching);
    assert!(rebuilt.status.success(), "{}", text(&rebuilt.stderr));
    assert!(
        text(&rebuilt.stdout).contains(&format!("{listed} postings")),
        "{}",
        text(&rebuilt.stdout)
    );
    assert_eq!(answered, 40);
    let folder = board.path().join("data").join("search");
    let current = std::fs::read_to_string(folder.join("CURRENT")).expect("CURRENT written");
    // The server moves over and drops the old index's files.
    let deadline = std::time::Instant::now() + WAIT;
    while folder.join("meta.json").exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the old index is still there"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(folder.join(current.trim()).join("meta.json").exists());

    // What changes from now on reaches the rebuilt index, before and after a restart.
    let more = write_lines(
        &board.path().join("more.jsonl"),
        &generated(board.path(), "32", 5).await,
    );
    let imported = board.run(&["import", more.to_str().expect("path")]).await;
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    until(&server, searched, WAIT, |page| {
        page["total"].as_u64() > Some(listed)
    })
    .await;
    let (_, grown) = server.get(searched, None).await;
    server.stop().await;
    let again = board.start(&["serve"]).await;
    until(&again, "/readyz", WAIT, |_| true).await;
    let (_, reopened) = again.get(searched, None).await;
    assert_eq!(reopened["total"], grown["total"], "{reopened}");
    again.stop().await;
}
