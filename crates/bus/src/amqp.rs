//! RabbitMQ through lapin: a durable topic exchange routed by event type, persistent messages
//! with publisher confirms, a durable single-active-consumer queue per shared group (so one
//! instance at a time reads it and each key's order holds), and a server-named exclusive queue
//! per instance.

use std::time::Duration;

use lapin::{
    options::{
        BasicAckOptions, BasicConsumeOptions, BasicPublishOptions, BasicQosOptions,
        ConfirmSelectOptions, ExchangeDeclareOptions, QueueBindOptions, QueueDeclareOptions,
    },
    types::{AMQPValue, FieldTable, ShortString},
    Acker, BasicProperties, Channel, Connection, ConnectionProperties, Consumer, ExchangeKind,
};
use tokio::sync::Mutex;

use crate::{
    error::bounded, metrics, BusError, BusOptions, Delivery, Message, Position, Receipt,
    Subscription, SubscriptionKind,
};

pub(crate) const NAME: &str = "amqp";
/// Where every event is published, with the event type as routing key.
pub(crate) const EXCHANGE: &str = "hireboard.events";
/// Where shared queues send messages they reject or expire; bound to a queue of that name.
pub(crate) const DEAD_LETTERS: &str = "hireboard.events.dead";
/// Most unacked messages one subscriber holds.
const PREFETCH: u16 = 512;
/// The header that carries [`Message::key`].
const KEY_HEADER: &str = "key";
const POSITION_HEADER: &str = "position";
const LOG_HEADER: &str = "position-log";

pub(crate) struct Amqp {
    url: String,
    options: BusOptions,
    /// The publishing connection and its confirm-mode channel; `None` after a failure until
    /// the next call reconnects.
    link: Mutex<Option<Link>>,
}

struct Link {
    connection: Connection,
    channel: Channel,
}

impl Amqp {
    pub(crate) async fn connect(url: &str, options: BusOptions) -> Result<Amqp, BusError> {
        url.parse::<lapin::uri::AMQPUri>()
            .map_err(|error| BusError::InvalidUrl(format!("{}: {error}", crate::redact(url))))?;
        let bus = Amqp {
            url: url.to_owned(),
            options,
            link: Mutex::new(None),
        };
        *bus.link.lock().await = Some(bus.open().await?);
        Ok(bus)
    }

    async fn connection(&self, name: &str) -> Result<Connection, BusError> {
        let properties = ConnectionProperties::default().with_connection_name(name.into());
        bounded(NAME, "connecting", self.options.connect_timeout, async {
            Connection::connect(&self.url, properties)
                .await
                .map_err(|error| failure("connecting", error))
        })
        .await
    }

    async fn open(&self) -> Result<Link, BusError> {
        let connection = self.connection("hireboard publisher").await?;
        let channel = bounded(NAME, "declaring", self.options.operation_timeout, async {
            let channel = connection
                .create_channel()
                .await
                .map_err(|e| failure("opening a channel", e))?;
            channel
                .confirm_select(ConfirmSelectOptions::default())
                .await
                .map_err(|e| failure("enabling confirms", e))?;
            declare_exchanges(&channel).await?;
            Ok(channel)
        })
        .await?;
        metrics::connected(NAME, true);
        Ok(Link {
            connection,
            channel,
        })
    }

    /// The live link, reconnecting if the last call dropped it.
    async fn link(&self) -> Result<tokio::sync::MutexGuard<'_, Option<Link>>, BusError> {
        let mut link = self.link.lock().await;
        if link
            .as_ref()
            .is_none_or(|link| !link.connection.status().connected())
        {
            *link = None;
            metrics::connected(NAME, false);
            *link = Some(self.open().await?);
        }
        Ok(link)
    }

    pub(crate) async fn publish(&self, messages: &[Message]) -> Result<(), BusError> {
        let mut link = self.link().await?;
        let channel = &link.as_ref().expect("link() connects").channel;
        let result = bounded(NAME, "publishing", self.options.operation_timeout, async {
            // Everything goes out on one channel before any confirm is awaited: the broker keeps
            // a channel's order, and pipelining is what makes confirms affordable.
            let mut confirms = Vec::with_capacity(messages.len());
            for message in messages {
                let confirm = channel
                    .basic_publish(
                        EXCHANGE.into(),
                        short(&message.event_type, "event type")?,
                        BasicPublishOptions::default(),
                        &message.payload,
                        properties(message)?,
                    )
                    .await
                    .map_err(|e| failure("publishing", e))?;
                confirms.push(confirm);
            }
            metrics::published(NAME, messages);
            for confirm in confirms {
                let confirmation = confirm.await.map_err(|e| failure("awaiting confirms", e))?;
                if confirmation.is_nack() {
                    return Err(BusError::refused(
                        NAME,
                        "publishing",
                        "the broker nacked a message",
                        true,
                    ));
                }
            }
            Ok(())
        })
        .await;
        if result.as_ref().is_err_and(BusError::is_retryable) {
            *link = None;
            metrics::connected(NAME, false);
        }
        result
    }

    pub(crate) async fn subscribe(
        &self,
        subscription: &Subscription,
    ) -> Result<AmqpSubscriber, BusError> {
        // A connection of its own: a publisher's reconnect does not cut it off, and dropping the
        // subscriber closes it, which hands what it had not acked back to the queue.
        let connection = self.connection("hireboard subscriber").await?;
        bounded(NAME, "subscribing", self.options.operation_timeout, async {
            let channel = connection
                .create_channel()
                .await
                .map_err(|e| failure("opening a channel", e))?;
            channel
                .basic_qos(PREFETCH, BasicQosOptions::default())
                .await
                .map_err(|e| failure("setting the prefetch", e))?;
            let queue = declare_queue(&channel, &subscription.kind).await?;
            for event_type in &subscription.types {
                channel
                    .queue_bind(
                        queue.clone(),
                        EXCHANGE.into(),
                        short(event_type, "event type")?,
                        QueueBindOptions::default(),
                        FieldTable::default(),
                    )
                    .await
                    .map_err(|e| failure("binding the queue", e))?;
            }
            let consumer = channel
                .basic_consume(
                    queue,
                    "".into(),
                    BasicConsumeOptions::default(),
                    FieldTable::default(),
                )
                .await
                .map_err(|e| failure("consuming", e))?;
            Ok(AmqpSubscriber {
                _connection: connection,
                _channel: channel,
                consumer,
                types: subscription.types.clone(),
                timeout: self.options.operation_timeout,
            })
        })
        .await
    }
}

async fn declare_exchanges(channel: &Channel) -> Result<(), BusError> {
    let durable = ExchangeDeclareOptions {
        durable: true,
        ..ExchangeDeclareOptions::default()
    };
    channel
        .exchange_declare(
            EXCHANGE.into(),
            ExchangeKind::Topic,
            durable,
            FieldTable::default(),
        )
        .await
        .map_err(|e| failure("declaring the exchange", e))?;
    channel
        .exchange_declare(
            DEAD_LETTERS.into(),
            ExchangeKind::Fanout,
            durable,
            FieldTable::default(),
        )
        .await
        .map_err(|e| failure("declaring the dead-letter exchange", e))?;
    let options = QueueDeclareOptions {
        durable: true,
        ..QueueDeclareOptions::default()
    };
    channel
        .queue_declare(DEAD_LETTERS.into(), options, FieldTable::default())
        .await
        .map_err(|e| failure("declaring the dead-letter queue", e))?;
    channel
        .queue_bind(
            DEAD_LETTERS.into(),
            DEAD_LETTERS.into(),
            "".into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await
        .map_err(|e| failure("binding the dead-letter queue", e))
}

/// The subscription's queue: durable and single-active-consumer for a group, server-named
/// and gone with the connection for one instance.
async fn declare_queue(
    channel: &Channel,
    kind: &SubscriptionKind,
) -> Result<ShortString, BusError> {
    let (name, options, mut arguments) = match kind {
        SubscriptionKind::Shared { group } => {
            let mut arguments = FieldTable::default();
            arguments.insert("x-single-active-consumer".into(), AMQPValue::Boolean(true));
            let options = QueueDeclareOptions {
                durable: true,
                ..QueueDeclareOptions::default()
            };
            (
                short(&format!("hireboard.{group}"), "group")?,
                options,
                arguments,
            )
        }
        SubscriptionKind::PerInstance => {
            let options = QueueDeclareOptions {
                exclusive: true,
                auto_delete: true,
                ..QueueDeclareOptions::default()
            };
            ("".into(), options, FieldTable::default())
        }
    };
    arguments.insert(
        "x-dead-letter-exchange".into(),
        AMQPValue::LongString(DEAD_LETTERS.into()),
    );
    let queue = channel
        .queue_declare(name, options, arguments)
        .await
        .map_err(|e| failure("declaring the queue", e))?;
    Ok(queue.name().clone())
}

fn properties(message: &Message) -> Result<BasicProperties, BusError> {
    let mut headers = FieldTable::default();
    headers.insert(
        KEY_HEADER.into(),
        AMQPValue::LongString(message.key.as_str().into()),
    );
    if let Some(position) = &message.position {
        headers.insert(
            LOG_HEADER.into(),
            AMQPValue::LongString(position.log.as_str().into()),
        );
        headers.insert(POSITION_HEADER.into(), AMQPValue::LongLongInt(position.at));
    }
    Ok(BasicProperties::default()
        .with_message_id(short(&message.id, "message id")?)
        .with_type(short(&message.event_type, "event type")?)
        .with_content_type("application/json".into())
        .with_delivery_mode(2)
        .with_headers(headers))
}

/// AMQP short strings hold at most 255 bytes.
fn short(text: &str, what: &str) -> Result<ShortString, BusError> {
    ShortString::try_new(text)
        .map_err(|_| BusError::Invalid(format!("{what} longer than 255 bytes: {:.40}...", text)))
}

/// A lapin error as a bus error: channel-level refusals (a queue declared with other
/// arguments, access refused) need an operator; anything else is the connection.
fn failure(doing: &'static str, error: lapin::Error) -> BusError {
    if error.is_amqp_soft_error() {
        BusError::refused(NAME, doing, error, false)
    } else {
        BusError::unavailable(NAME, doing, error)
    }
}

pub(crate) struct AmqpSubscriber {
    /// Held for their lifetime only: dropping them closes them.
    _connection: Connection,
    _channel: Channel,
    consumer: Consumer,
    types: Vec<String>,
    timeout: Duration,
}

impl AmqpSubscriber {
    pub(crate) async fn next(
        &mut self,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Delivery>, BusError> {
        let items = crate::ready::ready(&mut self.consumer, max, wait)
            .await
            .ok_or_else(|| {
                BusError::unavailable(NAME, "consuming", "the broker cancelled the consumer")
            })?;
        let mut deliveries = Vec::with_capacity(items.len());
        for item in items {
            let delivery = item.map_err(|e| failure("consuming", e))?;
            if let Some(delivery) = self.admit(delivery).await? {
                deliveries.push(delivery);
            }
        }
        Ok(deliveries)
    }

    /// The delivery as a [`Delivery`], or `None` (acked at once) when it is of a type this
    /// subscription no longer wants: a group's queue keeps the bindings of earlier versions.
    async fn admit(
        &self,
        delivery: lapin::message::Delivery,
    ) -> Result<Option<Delivery>, BusError> {
        let event_type = delivery.routing_key.to_string();
        if !self.types.contains(&event_type) {
            self.ack(&delivery.acker).await?;
            return Ok(None);
        }
        let properties = &delivery.properties;
        let header = |name: &str| {
            properties
                .headers()
                .as_ref()
                .and_then(|headers| headers.inner().get(name))
        };
        let text = |name: &str| {
            header(name)
                .and_then(|value| value.as_long_string())
                .map(|text| String::from_utf8_lossy(text.as_bytes()).into_owned())
        };
        let key = text(KEY_HEADER).unwrap_or_default();
        let position = header(POSITION_HEADER)
            .and_then(|value| value.as_long_long_int())
            .and_then(|at| {
                Some(Position {
                    log: text(LOG_HEADER)?,
                    at,
                })
            });
        let id = properties
            .message_id()
            .as_ref()
            .map(|id| id.to_string())
            .unwrap_or_default();
        Ok(Some(Delivery {
            message: Message {
                id,
                event_type,
                key,
                position,
                payload: delivery.data,
            },
            receipt: Receipt::Amqp(delivery.acker),
        }))
    }

    pub(crate) async fn ack(&self, acker: &Acker) -> Result<(), BusError> {
        bounded(NAME, "acking", self.timeout, async {
            acker
                .ack(BasicAckOptions::default())
                .await
                .map(drop)
                .map_err(|e| failure("acking", e))
        })
        .await
    }
}
