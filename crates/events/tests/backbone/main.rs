//! The event backbone over a real store: consumers on the in-process bus on every backend
//! (`sqlite::name`, `postgres::name`, `mysql::name`), and the relay and broker subscriptions
//! against RabbitMQ, NATS JetStream and Kafka (`amqp::name`, ...). Scenarios whose server's
//! URL is unset are ignored, and the summary counts them.

mod brokers;
mod in_process;
mod support;

use std::future::Future;

use hireboard_store::testing::Backend;
use hireboard_test_harness::{Server, Suite};

fn on_every_backend<F, Fut>(suite: &mut Suite, name: &str, scenario: F)
where
    F: Fn(Backend) -> Fut + Copy + Send + 'static,
    Fut: Future<Output = ()>,
{
    for backend in Backend::ALL {
        let needs = backend.server();
        suite.test(
            format!("{}::{name}", backend.name()),
            needs.as_slice(),
            move || scenario(backend),
        );
    }
}

macro_rules! scenarios {
    ($suite:ident: $($module:ident::$scenario:ident),* $(,)?) => {
        $(on_every_backend(&mut $suite, stringify!($scenario), $module::$scenario);)*
    };
}

fn on_every_broker<F, Fut>(suite: &mut Suite, name: &str, scenario: F)
where
    F: Fn(Server) -> Fut + Copy + Send + 'static,
    Fut: Future<Output = ()>,
{
    for (label, server) in [
        ("amqp", Server::Rabbitmq),
        ("nats", Server::Nats),
        ("kafka", Server::Kafka),
    ] {
        suite.test(format!("{label}::{name}"), &[server], move || {
            scenario(server)
        });
    }
}

fn main() {
    let mut suite = Suite::new();
    scenarios!(suite:
        in_process::a_shared_consumer_handles_each_event_once_in_order_and_resumes,
        in_process::a_failing_event_is_retried_dead_lettered_and_replayed,
        in_process::reads_are_handled_whole_or_one_by_one,
        in_process::one_instance_at_a_time_runs_a_shared_consumer,
        in_process::per_instance_consumers_each_see_everything_from_now_on,
        in_process::a_per_instance_consumer_resumes_after_the_position_its_state_kept,
        in_process::shutdown_during_retries_leaves_the_event_for_the_next_run,
    );
    on_every_broker(
        &mut suite,
        "the_relay_delivers_every_event_in_its_keys_order",
        brokers::the_relay_delivers_every_event_in_its_keys_order,
    );
    on_every_broker(
        &mut suite,
        "unreadable_messages_are_dead_lettered_and_the_consumer_goes_on",
        brokers::unreadable_messages_are_dead_lettered_and_the_consumer_goes_on,
    );
    on_every_broker(
        &mut suite,
        "a_consumer_keeping_its_position_catches_up_then_follows_the_broker",
        brokers::a_consumer_keeping_its_position_catches_up_then_follows_the_broker,
    );
    for (label, server) in [("amqp", Server::Rabbitmq), ("nats", Server::Nats)] {
        suite.test(
            format!("{label}::a_consumer_keeping_its_position_keeps_up_while_the_broker_is_down"),
            &[server],
            move || {
                brokers::a_consumer_keeping_its_position_keeps_up_while_the_broker_is_down(server)
            },
        );
        suite.test(
            format!("{label}::a_broker_outage_fails_no_write_and_loses_no_event"),
            &[server],
            move || brokers::a_broker_outage_fails_no_write_and_loses_no_event(server),
        );
    }
    // Kafka clients connect to the address the broker advertises: the test runs a broker of
    // its own that advertises the proxy in front of it.
    suite.test(
        "kafka::a_broker_outage_fails_no_write_and_loses_no_event",
        &[Server::Tansu],
        brokers::a_kafka_outage_fails_no_write_and_loses_no_event,
    );
    suite.run()
}
