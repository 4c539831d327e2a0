#!/bin/sh
# Creates or upgrades Temporal's two PostgreSQL databases (temporal, temporal_visibility), as
# Temporal's own compose files do. Safe to run on every start: update-schema applies only the
# versioned migrations a database does not have yet, which is also how a Temporal upgrade
# brings its schema along. The password comes from the secret file, never from compose.
set -eu
SQL_PASSWORD="$(cat /run/secrets/postgres-password)"
export SQL_PASSWORD
host=${POSTGRES_SEEDS:-postgres}
schema=/etc/temporal/schema/postgresql/v12
until nc -z "$host" 5432; do echo "waiting for PostgreSQL at $host:5432"; sleep 2; done
for pair in temporal:temporal temporal_visibility:visibility; do
  db=${pair%%:*}
  dir=${pair#*:}
  # "create" fails once the database exists; a real connection or password problem still stops
  # the script at setup-schema below.
  temporal-sql-tool --plugin postgres12 --ep "$host" -u "$POSTGRES_USER" -p 5432 --db "$db" create \
    || echo "database $db exists"
  temporal-sql-tool --plugin postgres12 --ep "$host" -u "$POSTGRES_USER" -p 5432 --db "$db" setup-schema -v 0.0
  temporal-sql-tool --plugin postgres12 --ep "$host" -u "$POSTGRES_USER" -p 5432 --db "$db" \
    update-schema -d "$schema/$dir/versioned"
done
echo "PostgreSQL schema for Temporal is up to date"
