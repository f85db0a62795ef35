//! The broker, connected on first use: an instance starts (and its writes succeed) while the
//! broker is down, and whatever needs the broker retries until it answers.

use std::sync::Arc;

use hireboard_bus::{Bus, BusError, BusOptions};
use tokio::sync::OnceCell;

/// A broker URL and, once it answered, the connection to it.
#[derive(Clone)]
pub struct BrokerLink {
    url: String,
    options: BusOptions,
    bus: Arc<OnceCell<Arc<Bus>>>,
}

impl BrokerLink {
    pub fn new(url: String, options: BusOptions) -> BrokerLink {
        BrokerLink {
            url,
            options,
            bus: Arc::new(OnceCell::new()),
        }
    }

    /// The connected bus; connects first if no call has managed to yet. The bus reconnects by
    /// itself after that (see `hireboard_bus`).
    pub async fn bus(&self) -> Result<Arc<Bus>, BusError> {
        let bus = self
            .bus
            .get_or_try_init(|| async {
                Bus::connect(&self.url, self.options.clone())
                    .await
                    .map(Arc::new)
            })
            .await?;
        Ok(bus.clone())
    }
}
