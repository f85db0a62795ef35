//! NATS JetStream through async-nats: one stream on `hireboard.events.>` with the event type
//! in the subject, `Nats-Msg-Id` = event id (the server drops duplicates within its window),
//! a durable pull consumer per shared group with explicit acks, and an ephemeral consumer of
//! new messages per instance.
//!
//! The client reconnects by itself; while it is disconnected `publish` fails at once (retryably)
//! instead of queueing into a dead connection.

use std::time::Duration;

use async_nats::{
    connection::State,
    jetstream::{
        self,
        consumer::{self, pull, AckPolicy, DeliverPolicy},
        message::Acker,
        stream::{self, StorageType},
    },
    ConnectErrorKind, HeaderMap,
};

use crate::{
    error::bounded, metrics, BusError, BusOptions, Delivery, Message, Position, Receipt,
    Subscription, SubscriptionKind,
};

pub(crate) const NAME: &str = "nats";
pub(crate) const STREAM: &str = "HIREBOARD_EVENTS";
/// Subjects are this prefix followed by the event type.
pub(crate) const SUBJECT_PREFIX: &str = "hireboard.events.";
/// The header that carries [`Message::key`].
const KEY_HEADER: &str = "Hireboard-Key";
const POSITION_HEADER: &str = "Hireboard-Position";
const LOG_HEADER: &str = "Hireboard-Position-Log";
/// How long the server remembers message ids to drop re-published duplicates.
const DUPLICATE_WINDOW: Duration = Duration::from_secs(120);
/// Most messages one pull request asks for.
const BATCH: usize = 512;
/// An ephemeral (per-instance) consumer outlives its subscriber's silence by this much.
const EPHEMERAL_LINGER: Duration = Duration::from_secs(60);

pub(crate) struct Nats {
    client: async_nats::Client,
    context: jetstream::Context,
    stream: stream::Stream,
    options: BusOptions,
}

impl Nats {
    pub(crate) async fn connect(url: &str, options: BusOptions) -> Result<Nats, BusError> {
        let client = async_nats::ConnectOptions::new()
            .name("hireboard")
            .connection_timeout(options.connect_timeout)
            .request_timeout(Some(options.operation_timeout))
            .event_callback(|event| async move {
                match event {
                    async_nats::Event::Connected => metrics::connected(NAME, true),
                    async_nats::Event::Disconnected => metrics::connected(NAME, false),
                    _ => {}
                }
            });
        let client = bounded(NAME, "connecting", options.connect_timeout, async {
            client
                .connect(url)
                .await
                .map_err(|error| match error.kind() {
                    ConnectErrorKind::ServerParse => {
                        BusError::InvalidUrl(format!("{}: {error}", crate::redact(url)))
                    }
                    ConnectErrorKind::Authentication | ConnectErrorKind::AuthorizationViolation => {
                        BusError::refused(NAME, "connecting", error, false)
                    }
                    _ => BusError::unavailable(NAME, "connecting", error),
                })
        })
        .await?;
        metrics::connected(NAME, true);
        let mut context = jetstream::new(client.clone());
        context.set_timeout(options.operation_timeout);
        let config = stream::Config {
            name: STREAM.to_owned(),
            subjects: vec![format!("{SUBJECT_PREFIX}>")],
            storage: StorageType::File,
            duplicate_window: DUPLICATE_WINDOW,
            ..stream::Config::default()
        };
        let stream = bounded(
            NAME,
            "declaring the stream",
            options.operation_timeout,
            async {
                context
                    .get_or_create_stream(config)
                    .await
                    .map_err(|error| BusError::unavailable(NAME, "declaring the stream", error))
            },
        )
        .await?;
        Ok(Nats {
            client,
            context,
            stream,
            options,
        })
    }

    pub(crate) async fn publish(&self, messages: &[Message]) -> Result<(), BusError> {
        if self.client.connection_state() != State::Connected {
            return Err(BusError::unavailable(
                NAME,
                "publishing",
                "not connected (reconnecting)",
            ));
        }
        bounded(NAME, "publishing", self.options.operation_timeout, async {
            // Sent in order on one connection before any ack is awaited: the stream stores them
            // in that order, and pipelining is what makes acks affordable.
            let mut acks = Vec::with_capacity(messages.len());
            for message in messages {
                let mut headers = HeaderMap::new();
                headers.insert(async_nats::header::NATS_MESSAGE_ID, message.id.as_str());
                headers.insert(KEY_HEADER, message.key.as_str());
                if let Some(position) = &message.position {
                    headers.insert(LOG_HEADER, position.log.as_str());
                    headers.insert(POSITION_HEADER, position.at.to_string());
                }
                let subject = format!("{SUBJECT_PREFIX}{}", message.event_type);
                let ack = self
                    .context
                    .publish_with_headers(subject, headers, message.payload.clone().into())
                    .await
                    .map_err(|error| BusError::unavailable(NAME, "publishing", error))?;
                acks.push(ack);
            }
            metrics::published(NAME, messages);
            for ack in acks {
                ack.await
                    .map_err(|error| BusError::unavailable(NAME, "awaiting publish acks", error))?;
            }
            Ok(())
        })
        .await
    }

    pub(crate) async fn subscribe(
        &self,
        subscription: &Subscription,
    ) -> Result<NatsSubscriber, BusError> {
        // A 2.9 server takes one filter subject; several types are filtered here instead.
        let filter_subject = match subscription.types.as_slice() {
            [only] => format!("{SUBJECT_PREFIX}{only}"),
            _ => String::new(),
        };
        let config = match &subscription.kind {
            SubscriptionKind::Shared { group } => pull::Config {
                durable_name: Some(group.clone()),
                // A new group starts with what is published from now on, as a new RabbitMQ
                // queue does; an existing one resumes where it is.
                deliver_policy: DeliverPolicy::New,
                ack_policy: AckPolicy::Explicit,
                ack_wait: self.options.ack_wait,
                filter_subject,
                ..pull::Config::default()
            },
            SubscriptionKind::PerInstance => pull::Config {
                deliver_policy: DeliverPolicy::New,
                ack_policy: AckPolicy::None,
                inactive_threshold: EPHEMERAL_LINGER,
                filter_subject,
                ..pull::Config::default()
            },
        };
        bounded(NAME, "subscribing", self.options.operation_timeout, async {
            let consumer: consumer::PullConsumer = match &subscription.kind {
                SubscriptionKind::Shared { group } => {
                    self.stream.get_or_create_consumer(group, config).await
                }
                SubscriptionKind::PerInstance => self.stream.create_consumer(config).await,
            }
            .map_err(|error| BusError::unavailable(NAME, "creating the consumer", error))?;
            let messages = consumer
                .stream()
                .max_messages_per_batch(BATCH)
                .messages()
                .await
                .map_err(|error| BusError::unavailable(NAME, "consuming", error))?;
            Ok(NatsSubscriber {
                messages,
                types: subscription.types.clone(),
                acks: matches!(subscription.kind, SubscriptionKind::Shared { .. }),
                timeout: self.options.operation_timeout,
            })
        })
        .await
    }
}

pub(crate) struct NatsSubscriber {
    messages: pull::Stream,
    types: Vec<String>,
    /// Whether the consumer expects acks (shared) or not (per instance).
    acks: bool,
    timeout: Duration,
}

impl NatsSubscriber {
    pub(crate) async fn next(
        &mut self,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Delivery>, BusError> {
        let items = crate::ready::ready(&mut self.messages, max, wait)
            .await
            .ok_or_else(|| {
                BusError::unavailable(NAME, "consuming", "the consumer's stream ended")
            })?;
        let mut deliveries = Vec::with_capacity(items.len());
        for item in items {
            let message = item.map_err(|error| BusError::unavailable(NAME, "consuming", error))?;
            if let Some(delivery) = self.admit(message).await? {
                deliveries.push(delivery);
            }
        }
        Ok(deliveries)
    }

    /// The message as a [`Delivery`], or `None` (acked at once) when its type is not wanted.
    async fn admit(&self, message: jetstream::Message) -> Result<Option<Delivery>, BusError> {
        let (message, acker) = message.split();
        let acker = self.acks.then(|| Box::new(acker));
        let event_type = message
            .subject
            .as_str()
            .strip_prefix(SUBJECT_PREFIX)
            .unwrap_or_default()
            .to_owned();
        if !self.types.contains(&event_type) {
            self.ack(acker.as_deref()).await?;
            return Ok(None);
        }
        let header = |name: &str| {
            message
                .headers
                .as_ref()
                .and_then(|headers| headers.get(name))
                .map(|value| value.as_str().to_owned())
        };
        Ok(Some(Delivery {
            message: Message {
                id: header(async_nats::header::NATS_MESSAGE_ID.as_ref()).unwrap_or_default(),
                key: header(KEY_HEADER).unwrap_or_default(),
                position: Position::from_headers(header(LOG_HEADER), header(POSITION_HEADER)),
                event_type,
                payload: message.payload.to_vec(),
            },
            receipt: Receipt::Nats(acker),
        }))
    }

    /// Acks and waits for the server to record it, so that an acked message is never offered
    /// again; per-instance deliveries need no ack.
    pub(crate) async fn ack(&self, acker: Option<&Acker>) -> Result<(), BusError> {
        let Some(acker) = acker else {
            return Ok(());
        };
        bounded(NAME, "acking", self.timeout, async {
            acker
                .double_ack()
                .await
                .map_err(|error| BusError::unavailable(NAME, "acking", error))
        })
        .await
    }
}
