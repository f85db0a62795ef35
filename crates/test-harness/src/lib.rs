//! The harness of hireboard's integration suites (their `[[test]]` targets set
//! `harness = false`), built on [libtest_mimic] so that `cargo test` filters, `--list`,
//! `--ignored`, `--include-ignored`, `--exact`, `--skip` and `--test-threads` work as usual.
//!
//! Each test is a plain `pub async fn name()` registered once, in its suite's `main.rs`, with
//! the servers it needs (see [`main!`]). A test whose server is not configured is *ignored*,
//! so the summary line counts it (`N passed; 0 failed; M ignored`) and its line names the
//! missing variable: `test [needs HIREBOARD_TEST_REDIS_URL] caching::... ... ignored`.
//! With `HIREBOARD_TEST_REQUIRE_ALL=1` (set by CI) such a test runs and fails instead, so a
//! missing server can never pass unnoticed. Running an ignored test on purpose (`--ignored`)
//! fails the same way, naming the variable to set.
//!
//! [`proxy`] puts a TCP proxy in front of a server, which a test cuts to play an outage.
//!
//! Every test runs on a thread named after it (as libtest does, so a panic names its test)
//! with a current-thread tokio runtime of its own, like `#[tokio::test]`: tests share no
//! runtime state. libtest-mimic does not capture output; `--nocapture` is accepted and is
//! what always happens.

pub mod proxy;

use std::future::Future;

use libtest_mimic::{Arguments, Failed, Trial};

/// A server that some tests need, given to the suites by the URL in an environment variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    Postgres,
    Mysql,
    Redis,
    Rabbitmq,
    Nats,
    Kafka,
    /// Not a running server but the tansu binary, for a test that starts a Kafka-protocol
    /// broker of its own (one whose advertised address it chooses).
    Tansu,
}

impl Server {
    /// The environment variable that holds this server's URL (for `Tansu`, the binary's
    /// path).
    pub fn url_var(self) -> &'static str {
        match self {
            Server::Postgres => "HIREBOARD_TEST_POSTGRES_URL",
            Server::Mysql => "HIREBOARD_TEST_MYSQL_URL",
            Server::Redis => "HIREBOARD_TEST_REDIS_URL",
            Server::Rabbitmq => "HIREBOARD_TEST_AMQP_URL",
            Server::Nats => "HIREBOARD_TEST_NATS_URL",
            Server::Kafka => "HIREBOARD_TEST_KAFKA_URL",
            Server::Tansu => "HIREBOARD_TEST_TANSU",
        }
    }

    /// This server's URL. Panics when it is not set: the harness runs a test registered as
    /// needing the server only when it is, so this means the test did not register the need
    /// (or asked for the server some other way, as `HIREBOARD_TEST_DATABASE` does).
    #[track_caller]
    pub fn url(self) -> String {
        let Ok(url) = std::env::var(self.url_var()) else {
            panic!(
                "{} is not set, and this test needs {}",
                self.url_var(),
                self.description()
            );
        };
        url
    }

    fn description(self) -> &'static str {
        match self {
            Server::Postgres => "a PostgreSQL server",
            Server::Mysql => "a MySQL or MariaDB server",
            Server::Redis => "a Redis server",
            Server::Rabbitmq => "a RabbitMQ server",
            Server::Nats => "a NATS server with JetStream",
            Server::Kafka => "a Kafka-protocol broker (tansu)",
            Server::Tansu => "the tansu binary (cargo install tansu --features dynostore)",
        }
    }

    fn is_configured(self) -> bool {
        std::env::var(self.url_var()).is_ok()
    }
}

/// The tests of one test binary.
pub struct Suite {
    trials: Vec<Trial>,
    require_all: bool,
}

impl Suite {
    pub fn new() -> Suite {
        Suite {
            trials: Vec::new(),
            require_all: std::env::var("HIREBOARD_TEST_REQUIRE_ALL").as_deref() == Ok("1"),
        }
    }

    /// Registers the test `name`, which needs every server in `needs`.
    pub fn test<F, Fut>(&mut self, name: impl Into<String>, needs: &[Server], test: F)
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = ()>,
    {
        let missing = needs
            .iter()
            .filter(|server| !server.is_configured())
            .map(|server| server.url_var())
            .collect();
        self.trials
            .push(trial(name.into(), missing, self.require_all, test));
    }

    /// Runs the tests the command line selects and exits with their verdict.
    pub fn run(self) -> ! {
        libtest_mimic::run(&Arguments::from_args(), self.trials).exit()
    }
}

impl Default for Suite {
    fn default() -> Suite {
        Suite::new()
    }
}

/// A suite's `fn main`: `module::test` registers `pub async fn test()` of `module` under that
/// name, and `module::test needs(Postgres, Redis)` one that needs those servers (see
/// [`Server`]).
///
/// ```text
/// hireboard_test_harness::main! {
///     accounts::register_login_me_logout,
///     caching::changes_reach_another_instance_sharing_redis_within_a_second needs(Redis),
/// }
/// ```
#[macro_export]
macro_rules! main {
    ($($($segment:ident)::+ $(needs($($server:ident),+ $(,)?))?),* $(,)?) => {
        fn main() {
            let mut suite = $crate::Suite::new();
            $(
                suite.test(
                    [$(stringify!($segment)),+].join("::"),
                    &[$($($crate::Server::$server),+)?],
                    $($segment)::+,
                );
            )*
            suite.run()
        }
    };
}

/// The trial for `test`, ignored (and saying why) when servers it needs are `missing`,
/// unless every server is required.
fn trial<F, Fut>(name: String, missing: Vec<&'static str>, require_all: bool, test: F) -> Trial
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = ()>,
{
    let ignored = !missing.is_empty() && !require_all;
    let kind = if ignored {
        format!("needs {}", missing.join(", "))
    } else {
        String::new()
    };
    Trial::test(name.clone(), runner(name, missing, require_all, test))
        .with_ignored_flag(ignored)
        .with_kind(kind)
}

/// What running the trial does: fail at once when a server is missing, otherwise run `test`.
fn runner<F, Fut>(
    name: String,
    missing: Vec<&'static str>,
    require_all: bool,
    test: F,
) -> impl FnOnce() -> Result<(), Failed> + Send + 'static
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = ()>,
{
    move || {
        if !missing.is_empty() {
            let unset = missing.join(", ");
            return Err(if require_all {
                format!("not set: {unset} (HIREBOARD_TEST_REQUIRE_ALL=1 requires every server)")
            } else {
                format!("not set: {unset} (this test needs it)")
            }
            .into());
        }
        let thread = std::thread::Builder::new().name(name).spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|error| format!("cannot build the test's tokio runtime: {error}"))?;
            runtime.block_on(test());
            Ok(())
        });
        let thread = thread.map_err(|error| format!("cannot start the test's thread: {error}"))?;
        // A panic is the test failing: hand it on for libtest-mimic to report.
        thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}

#[cfg(test)]
mod tests {
    use std::panic::{catch_unwind, AssertUnwindSafe};

    use super::*;

    const REDIS: &str = "HIREBOARD_TEST_REDIS_URL";

    async fn passes() {}

    #[test]
    fn a_missing_server_ignores_the_test_and_says_which() {
        let trial = trial("t".into(), vec![REDIS], false, passes);
        assert!(trial.has_ignored_flag());
        assert_eq!(trial.kind(), "needs HIREBOARD_TEST_REDIS_URL");
        // Run anyway (`--ignored`), it fails and names the variable to set.
        let error =
            runner("t".into(), vec![REDIS], false, passes)().expect_err("runs without its server");
        assert!(error.message().unwrap().contains(REDIS), "{error:?}");
    }

    #[test]
    fn a_missing_required_server_fails_the_test() {
        let trial = trial("t".into(), vec![REDIS], true, passes);
        assert!(!trial.has_ignored_flag());
        assert_eq!(trial.kind(), "");
        let error =
            runner("t".into(), vec![REDIS], true, passes)().expect_err("runs without its server");
        let message = error.message().unwrap();
        assert!(
            message.contains(REDIS) && message.contains("HIREBOARD_TEST_REQUIRE_ALL=1"),
            "{message}"
        );
    }

    #[test]
    fn tests_run_on_a_runtime_and_thread_of_their_own() {
        let trial = trial("t".into(), Vec::new(), true, passes);
        assert!(!trial.has_ignored_flag());
        runner("named".into(), Vec::new(), false, || async {
            assert_eq!(std::thread::current().name(), Some("named"));
            let spawned = tokio::spawn(async { 42 });
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            assert_eq!(spawned.await.unwrap(), 42);
        })()
        .expect("passes");
    }

    #[test]
    fn a_panicking_test_fails() {
        let run = runner("t".into(), Vec::new(), false, || async {
            panic!("the test's own assertion");
        });
        let panic = catch_unwind(AssertUnwindSafe(run)).expect_err("the panic reaches the harness");
        assert_eq!(
            panic.downcast_ref::<&str>(),
            Some(&"the test's own assertion")
        );
    }
}
