//! The bus against real brokers: the same scenarios on RabbitMQ (`HIREBOARD_TEST_AMQP_URL`),
//! NATS JetStream (`HIREBOARD_TEST_NATS_URL`) and Kafka (`HIREBOARD_TEST_KAFKA_URL`, tansu in
//! CI). A broker whose variable is unset has its tests ignored, naming the variable, unless
//! `HIREBOARD_TEST_REQUIRE_ALL=1`, which makes them fail.

mod scenarios;
mod support;

/// One module per broker, each with a test per scenario.
macro_rules! on {
    ($module:ident, $broker:expr, [$($scenario:ident),* $(,)?]) => {
        mod $module {
            $(pub async fn $scenario() {
                crate::scenarios::$scenario($broker).await
            })*
        }
    };
}

on!(
    rabbitmq,
    crate::support::Broker::Rabbitmq,
    [
        round_trip,
        per_key_order_holds_over_a_thousand_messages,
        subscribers_get_only_the_types_they_want,
        a_group_gets_unacked_messages_again_and_acked_ones_never,
        every_instance_sees_every_message,
        each_lane_delivers_in_the_order_published,
        a_group_of_two_handles_each_message_once_in_effect,
        an_unreachable_broker_fails_fast_and_retryably,
        publishing_through_an_outage_fails_fast_then_recovers,
    ]
);
on!(
    nats,
    crate::support::Broker::Nats,
    [
        round_trip,
        per_key_order_holds_over_a_thousand_messages,
        subscribers_get_only_the_types_they_want,
        a_group_gets_unacked_messages_again_and_acked_ones_never,
        every_instance_sees_every_message,
        each_lane_delivers_in_the_order_published,
        a_group_of_two_handles_each_message_once_in_effect,
        an_unreachable_broker_fails_fast_and_retryably,
        publishing_through_an_outage_fails_fast_then_recovers,
    ]
);
on!(
    kafka,
    crate::support::Broker::Kafka,
    [
        round_trip,
        per_key_order_holds_over_a_thousand_messages,
        subscribers_get_only_the_types_they_want,
        a_group_gets_unacked_messages_again_and_acked_ones_never,
        every_instance_sees_every_message,
        each_lane_delivers_in_the_order_published,
        a_group_of_two_handles_each_message_once_in_effect,
        an_unreachable_broker_fails_fast_and_retryably,
    ]
);

hireboard_test_harness::main! {
    rabbitmq::round_trip needs(Rabbitmq),
    rabbitmq::per_key_order_holds_over_a_thousand_messages needs(Rabbitmq),
    rabbitmq::subscribers_get_only_the_types_they_want needs(Rabbitmq),
    rabbitmq::a_group_gets_unacked_messages_again_and_acked_ones_never needs(Rabbitmq),
    rabbitmq::every_instance_sees_every_message needs(Rabbitmq),
    rabbitmq::each_lane_delivers_in_the_order_published needs(Rabbitmq),
    rabbitmq::a_group_of_two_handles_each_message_once_in_effect needs(Rabbitmq),
    rabbitmq::an_unreachable_broker_fails_fast_and_retryably needs(Rabbitmq),
    rabbitmq::publishing_through_an_outage_fails_fast_then_recovers needs(Rabbitmq),
    nats::round_trip needs(Nats),
    nats::per_key_order_holds_over_a_thousand_messages needs(Nats),
    nats::subscribers_get_only_the_types_they_want needs(Nats),
    nats::a_group_gets_unacked_messages_again_and_acked_ones_never needs(Nats),
    nats::every_instance_sees_every_message needs(Nats),
    nats::each_lane_delivers_in_the_order_published needs(Nats),
    nats::a_group_of_two_handles_each_message_once_in_effect needs(Nats),
    nats::an_unreachable_broker_fails_fast_and_retryably needs(Nats),
    nats::publishing_through_an_outage_fails_fast_then_recovers needs(Nats),
    kafka::round_trip needs(Kafka),
    kafka::per_key_order_holds_over_a_thousand_messages needs(Kafka),
    kafka::subscribers_get_only_the_types_they_want needs(Kafka),
    kafka::a_group_gets_unacked_messages_again_and_acked_ones_never needs(Kafka),
    kafka::every_instance_sees_every_message needs(Kafka),
    kafka::each_lane_delivers_in_the_order_published needs(Kafka),
    kafka::a_group_of_two_handles_each_message_once_in_effect needs(Kafka),
    kafka::an_unreachable_broker_fails_fast_and_retryably needs(Kafka),
}
