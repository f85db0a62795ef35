//! Taking a batch from a push-style subscription (RabbitMQ's consumer, a JetStream pull
//! stream): what has already arrived, without waiting for a full batch.

use std::time::Duration;

use futures_util::{FutureExt, Stream, StreamExt};

/// Up to `max` items of `stream`: the first waited for up to `wait` (none if it does not
/// come), then only those already there. `None` when the stream ended (the broker closed it).
pub(crate) async fn ready<S: Stream + Unpin>(
    stream: &mut S,
    max: usize,
    wait: Duration,
) -> Option<Vec<S::Item>> {
    let mut items = Vec::new();
    let Ok(first) = tokio::time::timeout(wait, stream.next()).await else {
        return Some(items);
    };
    let mut next = Some(first);
    while let Some(item) = next {
        items.push(item?);
        if items.len() >= max {
            break;
        }
        next = stream.next().now_or_never();
    }
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn takes_what_is_there_up_to_max_and_tells_an_end() {
        let mut three = futures_util::stream::iter([1, 2, 3]);
        let wait = Duration::from_millis(10);
        assert_eq!(ready(&mut three, 2, wait).await, Some(vec![1, 2]));
        assert_eq!(ready(&mut three, 2, wait).await, None, "3, then the end");
        let mut silent = futures_util::stream::pending::<i32>();
        assert_eq!(ready(&mut silent, 2, wait).await, Some(vec![]));
    }
}
