//! Counting windows: a window opens at a subject's first event and lasts a fixed time, so
//! "5 per 15 minutes" means at most 5 from the first one until 15 minutes later, and the
//! count starts over at the next event after that.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// At most `max` events per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

/// A subject's open window: how many events it has counted and when it closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub count: u64,
    pub ends_at: DateTime<Utc>,
}

impl Window {
    /// No window is open at `now`.
    pub fn empty(now: DateTime<Utc>) -> Window {
        Window {
            count: 0,
            ends_at: now,
        }
    }

    /// Whole seconds (at least 1) from `now` until the window closes.
    pub fn seconds_left(&self, now: DateTime<Utc>) -> u64 {
        let millis = (self.ends_at - now).num_milliseconds().max(0);
        u64::try_from(millis.div_euclid(1000) + i64::from(millis % 1000 != 0))
            .unwrap_or(0)
            .max(1)
    }
}

impl Limit {
    /// `Some(seconds)` to wait if `window` already holds `max` events: one more is refused.
    pub fn refuses(&self, window: &Window, now: DateTime<Utc>) -> Option<u64> {
        (window.count >= u64::from(self.max)).then(|| window.seconds_left(now))
    }

    /// `Some(seconds)` to wait if `window`, counting the event just made, went over `max`.
    pub fn exceeded(&self, window: &Window, now: DateTime<Utc>) -> Option<u64> {
        (window.count > u64::from(self.max)).then(|| window.seconds_left(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_count_up_to_max() {
        let now = Utc::now();
        let limit = Limit {
            max: 2,
            window: Duration::from_secs(60),
        };
        let window = |count| Window {
            count,
            ends_at: now + chrono::Duration::milliseconds(1500),
        };
        assert_eq!(limit.refuses(&window(1), now), None);
        assert_eq!(limit.refuses(&window(2), now), Some(2));
        assert_eq!(limit.exceeded(&window(2), now), None);
        assert_eq!(limit.exceeded(&window(3), now), Some(2));
        assert_eq!(Window::empty(now).seconds_left(now), 1);
    }
}
