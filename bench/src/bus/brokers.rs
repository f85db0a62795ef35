//! The brokers a bench measures, from its flags or the test variables.

/// Broker URLs; a broker with none is skipped.
#[derive(Debug, clap::Args)]
pub struct BrokerUrls {
    /// RabbitMQ URL (default: $HIREBOARD_TEST_AMQP_URL).
    #[arg(long, env = "HIREBOARD_TEST_AMQP_URL")]
    amqp: Option<String>,
    /// NATS URL (default: $HIREBOARD_TEST_NATS_URL).
    #[arg(long, env = "HIREBOARD_TEST_NATS_URL")]
    nats: Option<String>,
    /// Kafka URL, kafka://host:port (default: $HIREBOARD_TEST_KAFKA_URL).
    #[arg(long, env = "HIREBOARD_TEST_KAFKA_URL")]
    kafka: Option<String>,
}

impl BrokerUrls {
    /// Each broker given, by name, in a fixed order; says which are skipped.
    pub fn given(&self) -> Vec<(&'static str, String)> {
        [
            ("amqp", &self.amqp),
            ("nats", &self.nats),
            ("kafka", &self.kafka),
        ]
        .into_iter()
        .filter_map(|(name, url)| match url {
            Some(url) => Some((name, url.clone())),
            None => {
                eprintln!("{name}: skipped (no URL)");
                None
            }
        })
        .collect()
    }
}
