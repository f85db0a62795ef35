//! What an instance runs of the backbone: the sequencer, the relay when a broker is
//! configured, and each consumer on the source its scope and the bus call for.

use std::sync::Arc;

use hireboard_bus::{Subscription, SubscriptionKind};
use hireboard_store::Store;
use tokio::task::JoinHandle;

use crate::outbox::OutboxSource;
use crate::relay::Relay;
use crate::runner::{Options, Runner, Source, SourceError};
use crate::supervise::{self, Restarts};
use crate::{
    BrokerHealth, BrokerLink, BrokerSource, CatchUpSource, Consumer, HandleError, Scope, Shutdown,
};

/// The backbone of one instance.
#[derive(Clone)]
pub struct Backbone {
    pub store: Arc<dyn Store>,
    /// The broker events go through; `None` for the in-process bus (consumers read the outbox).
    pub broker: Option<BrokerLink>,
    /// Names this instance in leases: unique per process.
    pub instance: String,
    pub options: Options,
    /// The broker as the relay finds it.
    pub health: Arc<BrokerHealth>,
}

impl Backbone {
    /// Publishes the outbox to the broker until shutdown; nothing without one.
    pub fn spawn_relay(&self, shutdown: &Shutdown) -> Option<JoinHandle<()>> {
        let broker = self.broker.clone()?;
        let (store, instance, health) = (
            self.store.clone(),
            self.instance.clone(),
            self.health.clone(),
        );
        Some(supervise::spawn(
            "relay",
            shutdown.clone(),
            Restarts::PATIENT,
            move |shutdown| {
                let (broker, store, instance) = (broker.clone(), store.clone(), instance.clone());
                let health = health.clone();
                async move {
                    let bus = broker.bus().await.map_err(|e| {
                        let error = format!("cannot reach the broker: {e}");
                        health.failed(&error);
                        error
                    })?;
                    health.worked();
                    Relay {
                        store,
                        bus,
                        instance,
                        health,
                    }
                    .run(shutdown)
                    .await
                }
            },
        ))
    }

    /// Runs `consumer` until shutdown. When its source or the store fails (a broker or
    /// database outage), it subscribes again and resumes from its last commit, retrying every
    /// few seconds for as long as the outage lasts.
    pub fn spawn_consumer(
        &self,
        consumer: Arc<dyn Consumer>,
        shutdown: &Shutdown,
    ) -> JoinHandle<()> {
        let backbone = self.clone();
        supervise::spawn(
            consumer.name(),
            shutdown.clone(),
            Restarts::RESUBSCRIBE,
            move |shutdown| {
                let (backbone, consumer) = (backbone.clone(), consumer.clone());
                async move {
                    backbone
                        .run(&consumer, &shutdown)
                        .await
                        .map_err(|SourceError(error)| format!("the consumer cannot read: {error}"))
                }
            },
        )
    }

    /// One subscription's run of `consumer`: until shutdown, or the first failure.
    async fn run(
        &self,
        consumer: &Arc<dyn Consumer>,
        shutdown: &Shutdown,
    ) -> Result<(), SourceError> {
        let mut source = self.source(consumer.as_ref()).await?;
        let runner = Runner {
            consumer: consumer.clone(),
            store: self.store.clone(),
            instance: self.instance.clone(),
            options: self.options,
        };
        runner.run(source.as_mut(), shutdown).await
    }

    /// Where `consumer` reads: the outbox (durably for a shared consumer, from now on or from
    /// its own position for a per-instance one), or its subscription on the broker, which a
    /// per-instance consumer keeping its own position reaches by catching up from the outbox.
    async fn source(&self, consumer: &dyn Consumer) -> Result<Box<dyn Source>, SourceError> {
        let store = self.store.clone();
        let resume_after = || async {
            consumer.resume_after().await.map_err(|HandleError(error)| {
                SourceError(format!("cannot prepare to resume: {error}"))
            })
        };
        let subscription = |kind| Subscription {
            kind,
            types: consumer.types().iter().map(|t| (*t).to_owned()).collect(),
        };
        let broker = match &self.broker {
            Some(broker) if !consumer.reads_outbox() => broker,
            _ => {
                return Ok(match consumer.scope() {
                    Scope::Shared => Box::new(OutboxSource::durable(store, consumer.name()).await?),
                    Scope::PerInstance => match resume_after().await? {
                        Some(position) => Box::new(OutboxSource::after(store, position)),
                        None => Box::new(OutboxSource::recent(store, consumer.history()).await?),
                    },
                });
            }
        };
        let kind = match consumer.scope() {
            Scope::Shared => SubscriptionKind::Shared {
                group: consumer.name().to_owned(),
            },
            Scope::PerInstance => match resume_after().await? {
                Some(position) => {
                    let deployment = store
                        .deployment_id()
                        .await
                        .map_err(|e| SourceError(format!("cannot read the deployment id: {e}")))?;
                    return Ok(Box::new(CatchUpSource::new(
                        consumer.name(),
                        store,
                        broker.clone(),
                        subscription(SubscriptionKind::PerInstance),
                        deployment,
                        position,
                    )));
                }
                None => SubscriptionKind::PerInstance,
            },
        };
        let bus = broker
            .bus()
            .await
            .map_err(|e| SourceError(format!("cannot reach the broker: {e}")))?;
        let subscriber = bus
            .subscribe(subscription(kind))
            .await
            .map_err(|e| SourceError(format!("cannot subscribe to the broker: {e}")))?;
        Ok(Box::new(BrokerSource::new(subscriber)))
    }
}
