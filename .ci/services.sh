#!/usr/bin/env bash
# Makes sure the servers the test suites use answer on 127.0.0.1: PostgreSQL, MariaDB,
# Redis, and the message brokers RabbitMQ, NATS (JetStream) and tansu (Kafka). Each is started (with the command this kind of machine documents) only if it is down,
# then waited for. Installs the Debian packages if a server is missing altogether.
set -euo pipefail

wait_for() { # name, command
  for _ in $(seq 1 60); do
    if eval "$2" > /dev/null 2>&1; then echo "$1 is up"; return 0; fi
    sleep 1
  done
  echo "$1 did not come up" >&2
  return 1
}

install_missing() {
  local missing=()
  command -v pg_ctlcluster > /dev/null || missing+=(postgresql)
  command -v mariadbd > /dev/null || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
  command -v redis-server > /dev/null || missing+=(redis-server)
  [ -x /usr/sbin/rabbitmq-server ] || missing+=(rabbitmq-server)
  [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
  fi
}

install_missing

if ! pg_isready -h 127.0.0.1 -p 5432 > /dev/null 2>&1; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
fi
wait_for PostgreSQL "pg_isready -h 127.0.0.1 -p 5432 && psql -h 127.0.0.1 -U postgres -c 'select 1' postgres"

if ! mysqladmin -h 127.0.0.1 -uroot ping > /dev/null 2>&1; then
  echo "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
fi
wait_for MariaDB "mysql -h 127.0.0.1 -uroot -e 'select 1'"
mysql -h 127.0.0.1 -uroot -e 'CREATE DATABASE IF NOT EXISTS test'

if ! redis-cli -h 127.0.0.1 -p 6379 ping > /dev/null 2>&1; then
  echo "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
wait_for Redis "redis-cli -h 127.0.0.1 -p 6379 ping"

answers() { # port: something accepts TCP connections on 127.0.0.1:port
  (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
}

if ! answers 5672; then
  echo "starting RabbitMQ"
  rabbitmq-server -detached || true
fi
wait_for RabbitMQ "answers 5672"

if ! answers 4222; then
  echo "starting NATS with JetStream"
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log || true
fi
wait_for NATS "answers 4222"

# tansu is a Kafka-protocol broker from crates.io (Apache Kafka cannot be installed here); its
# default features have no storage engine, and its memory engine needs nothing else. Building
# it takes about 15 minutes on this machine.
if ! answers 9092; then
  if ! command -v tansu > /dev/null; then
    echo "installing tansu (cargo install, about 15 minutes)"
    cargo install tansu --locked --features dynostore --quiet
  fi
  echo "starting tansu (log: /tmp/tansu.log)"
  nohup tansu broker --listener-url tcp://127.0.0.1:9092 \
    --advertised-listener-url tcp://127.0.0.1:9092 --storage-engine memory://tansu/ \
    > /tmp/tansu.log 2>&1 < /dev/null &
fi
wait_for tansu "answers 9092"
