//! The bus's metrics, named in the crate docs.

use metrics::{counter, gauge};

use crate::{Delivery, Message};

pub(crate) fn published(bus: &'static str, messages: &[Message]) {
    for (event_type, count) in crate::count_by_type(messages) {
        counter!("bus_published_total", "bus" => bus, "type" => event_type.to_owned())
            .increment(count);
    }
}

pub(crate) fn confirmed(bus: &'static str, messages: &[Message]) {
    for (event_type, count) in crate::count_by_type(messages) {
        counter!("bus_confirmed_total", "bus" => bus, "type" => event_type.to_owned())
            .increment(count);
    }
}

pub(crate) fn publish_failed(bus: &'static str) {
    counter!("bus_publish_errors_total", "bus" => bus).increment(1);
}

pub(crate) fn consumed(bus: &'static str, deliveries: &[Delivery]) {
    let messages = deliveries.iter().map(|delivery| &delivery.message);
    for (event_type, count) in crate::count_by_type(messages) {
        counter!("bus_consumed_total", "bus" => bus, "type" => event_type.to_owned())
            .increment(count);
    }
}

pub(crate) fn connected(bus: &'static str, up: bool) {
    gauge!("bus_connected", "bus" => bus).set(if up { 1.0 } else { 0.0 });
}
