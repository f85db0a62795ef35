use std::{fmt, sync::Arc, time::Duration};

use crate::OffsetStore;

/// How a [`crate::Bus`] connects and behaves; [`Default`] suits production.
#[derive(Clone)]
pub struct BusOptions {
    /// Longest wait for a connection (TCP, TLS and the protocol handshake).
    pub connect_timeout: Duration,
    /// Longest wait for any one broker operation (a publish and its confirms, a declaration).
    pub operation_timeout: Duration,
    /// How long a shared subscription's unacked message stays with one subscriber before the
    /// broker offers it again when that subscriber is still connected but silent (JetStream's
    /// `ack_wait`). RabbitMQ redelivers as soon as the subscriber's connection closes, Kafka
    /// when a new subscriber starts from the stored offsets.
    pub ack_wait: Duration,
    /// Partitions of the Kafka topic when this bus creates it.
    pub kafka_partitions: i32,
    /// Where Kafka's shared subscriptions keep their positions; required for them.
    pub offsets: Option<Arc<dyn OffsetStore>>,
}

impl Default for BusOptions {
    fn default() -> BusOptions {
        BusOptions {
            connect_timeout: Duration::from_secs(5),
            operation_timeout: Duration::from_secs(10),
            ack_wait: Duration::from_secs(30),
            kafka_partitions: 4,
            offsets: None,
        }
    }
}

impl fmt::Debug for BusOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BusOptions")
            .field("connect_timeout", &self.connect_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("ack_wait", &self.ack_wait)
            .field("kafka_partitions", &self.kafka_partitions)
            .field("offsets", &self.offsets.as_ref().map(|_| "set"))
            .finish()
    }
}
