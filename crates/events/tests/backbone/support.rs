//! A fresh store to write events into, and a consumer that records what it is given.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use hireboard_domain::account::{Email, Role};
use hireboard_domain::event::{AccountRoleChanged, Event};
use hireboard_events::runner::{Options, Runner};
use hireboard_events::{Consumer, Delivered, HandleError, Retry, Scope, Shutdown, Source};
use hireboard_store::testing::{fresh_database, Backend};
use hireboard_store::{Audit, ConnectOptions, NewAccount, Store};

/// A store in a fresh database; the temp dir lives as long as it.
pub struct Board {
    pub store: Arc<dyn Store>,
    _dir: tempfile::TempDir,
}

impl Board {
    pub async fn new(backend: Backend) -> Board {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = fresh_database(backend, dir.path()).await;
        let store = hireboard_store::connect(&url, &ConnectOptions::default())
            .await
            .expect("store opens");
        Board { store, _dir: dir }
    }

    /// See [`write`].
    pub async fn write(&self, tag: &str, accounts: usize, changes: usize) {
        write(&self.store, tag, accounts, changes).await
    }
}

/// Registers `accounts` accounts and changes each one's role `changes` times: each account's
/// key gets `1 + changes` events, in a known order. Panics if a write fails.
pub async fn write(store: &Arc<dyn Store>, tag: &str, accounts: usize, changes: usize) {
    for n in 0..accounts {
        let account = store
            .create_account(NewAccount {
                email: Email::parse("email", &format!("{tag}-{n}@example.com")).unwrap(),
                password_hash: "x".into(),
                display_name: format!("{tag} {n}"),
                role: Role::Candidate,
                now: Utc::now(),
            })
            .await
            .expect("account created");
        for change in 0..changes {
            let role = if change % 2 == 0 {
                Role::Recruiter
            } else {
                Role::Candidate
            };
            let audit = Audit {
                actor: account.id,
                action: "test.role",
                reason: None,
                now: Utc::now(),
            };
            let event = Event::AccountRoleChanged(AccountRoleChanged {
                account: account.id,
                role,
                by: None,
            });
            store
                .set_account_role(account.id, role, audit, event)
                .await
                .expect("role changed");
        }
    }
}

/// What a [`Recorder`] was given: (event id, key, sequence) in the order handled.
pub type Seen = Arc<Mutex<Vec<(String, String, i64)>>>;

/// A consumer that records every event, and fails on the keys it is told to.
pub struct Recorder {
    pub name: &'static str,
    pub scope: Scope,
    pub seen: Seen,
    /// Keys whose events fail this many more times (`u32::MAX`: always).
    pub failing: Mutex<HashMap<String, u32>>,
    /// How many reads `handle_all` took whole; `None` when it takes none (one by one).
    pub together: Mutex<Option<usize>>,
    /// The position a per-instance recorder says its state reached (`resume_after`).
    pub kept_position: Mutex<Option<i64>>,
    /// Each `through` it was given, with how many events it had seen by then.
    pub throughs: Mutex<Vec<(i64, usize)>>,
}

impl Recorder {
    pub fn new(name: &'static str, scope: Scope) -> Arc<Recorder> {
        Arc::new(Recorder {
            name,
            scope,
            seen: Seen::default(),
            failing: Mutex::new(HashMap::new()),
            together: Mutex::new(None),
            kept_position: Mutex::new(None),
            throughs: Mutex::new(Vec::new()),
        })
    }

    /// One that handles whole reads at once, and refuses a read with a failing key in it.
    pub fn together(name: &'static str, scope: Scope) -> Arc<Recorder> {
        let recorder = Recorder::new(name, scope);
        *recorder.together.lock().unwrap() = Some(0);
        recorder
    }

    pub fn reads_together(&self) -> usize {
        self.together.lock().unwrap().unwrap_or(0)
    }

    pub fn fail(&self, key: &str, times: u32) {
        self.failing.lock().unwrap().insert(key.to_owned(), times);
    }

    pub fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    pub fn ids(&self) -> Vec<String> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .map(|(id, _, _)| id.clone())
            .collect()
    }

    /// Each key's sequences are 1, 2, 3... in the order handled, and no event came twice.
    pub fn assert_in_order_once(&self) {
        let seen = self.seen.lock().unwrap();
        let ids: HashSet<_> = seen.iter().map(|(id, _, _)| id).collect();
        assert_eq!(ids.len(), seen.len(), "an event was handled twice");
        let mut last: HashMap<&str, i64> = HashMap::new();
        for (_, key, sequence) in seen.iter() {
            let previous = last.insert(key, *sequence).unwrap_or(0);
            assert_eq!(
                *sequence,
                previous + 1,
                "key {key}: {sequence} after {previous}"
            );
        }
    }
}

#[async_trait]
impl Consumer for Recorder {
    fn name(&self) -> &'static str {
        self.name
    }

    fn scope(&self) -> Scope {
        self.scope
    }

    fn types(&self) -> &'static [&'static str] {
        &["account.registered", "account.role_changed"]
    }

    async fn handle(&self, delivered: Delivered<'_>) -> Result<(), HandleError> {
        let event = delivered.event;
        let key = event.event.key();
        if let Some(left) = self.failing.lock().unwrap().get_mut(&key) {
            if *left > 0 {
                *left = left.saturating_sub(u32::from(*left != u32::MAX));
                return Err(HandleError(format!("refusing {key} <for the test>")));
            }
        }
        let mut seen = self.seen.lock().unwrap();
        seen.push((event.id.to_string(), key, event.sequence));
        if let Some(through) = delivered.through {
            self.throughs.lock().unwrap().push((through, seen.len()));
        }
        Ok(())
    }

    async fn resume_after(&self) -> Result<Option<i64>, HandleError> {
        Ok(*self.kept_position.lock().unwrap())
    }

    async fn handle_all(&self, events: &[Delivered<'_>]) -> Result<bool, HandleError> {
        let mut together = self.together.lock().unwrap();
        let Some(reads) = together.as_mut() else {
            return Ok(false);
        };
        let failing = self.failing.lock().unwrap();
        let keys: Vec<String> = events.iter().map(|d| d.event.event.key()).collect();
        if let Some(key) = keys
            .iter()
            .find(|key| failing.get(*key).is_some_and(|n| *n > 0))
        {
            return Err(HandleError(format!(
                "refusing {key} and its read <for the test>"
            )));
        }
        *reads += 1;
        let mut seen = self.seen.lock().unwrap();
        for (delivered, key) in events.iter().zip(keys) {
            seen.push((
                delivered.event.id.to_string(),
                key,
                delivered.event.sequence,
            ));
        }
        if let Some(through) = events.iter().rev().find_map(|d| d.through) {
            self.throughs.lock().unwrap().push((through, seen.len()));
        }
        Ok(true)
    }
}

/// Options that make tests quick: short waits and retries.
pub fn quick() -> Options {
    Options {
        batch: 100,
        wait: Duration::from_millis(50),
        retry: Retry {
            attempts: 3,
            first_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(20),
        },
        lease: Duration::from_secs(3),
        replays_every: Duration::from_millis(100),
    }
}

/// Runs `consumer` over `source` in the background until the returned shutdown is asked.
pub fn start(
    store: &Arc<dyn Store>,
    consumer: Arc<dyn Consumer>,
    instance: &str,
    mut source: Box<dyn Source>,
) -> (Shutdown, tokio::task::JoinHandle<()>) {
    let shutdown = Shutdown::new();
    let runner = Runner {
        consumer,
        store: store.clone(),
        instance: instance.to_owned(),
        options: quick(),
    };
    let stop = shutdown.clone();
    let task = tokio::spawn(async move {
        runner
            .run(source.as_mut(), &stop)
            .await
            .expect("runner ends cleanly");
    });
    (shutdown, task)
}

/// Waits (up to 30 s) until `done` holds.
pub async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting until {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
