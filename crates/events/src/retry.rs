//! Exponential backoff with jitter, for handlers and for reconnecting.

use std::time::Duration;

use rand::Rng;

/// How often and how patiently a failing handler is tried before its event is dead-lettered.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Tries in all, the first included.
    pub attempts: u32,
    pub first_delay: Duration,
    pub max_delay: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            attempts: 5,
            first_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl Retry {
    /// The pause after failed try number `attempt` (from 1): doubling, capped, and drawn
    /// from its upper half ("equal jitter"), so many failing consumers do not retry in step.
    pub fn delay(&self, attempt: u32) -> Duration {
        let doubled = self.first_delay.saturating_mul(
            1u32.checked_shl(attempt.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        let capped = doubled.min(self.max_delay);
        let half = capped / 2;
        half + rand::thread_rng().gen_range(Duration::ZERO..=half)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_cap_with_jitter() {
        let retry = Retry {
            attempts: 10,
            first_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
        };
        for _ in 0..100 {
            let first = retry.delay(1);
            assert!((50..=100).contains(&first.as_millis()), "{first:?}");
            let third = retry.delay(3);
            assert!((200..=400).contains(&third.as_millis()), "{third:?}");
            let late = retry.delay(40);
            assert!((500..=1000).contains(&late.as_millis()), "{late:?}");
        }
    }
}
