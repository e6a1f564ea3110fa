#!/bin/bash
# Notification latency (commit -> SMTP acceptance) and throughput, and escalation
# deadline lateness with 1,000 open requests, on SQLite and PostgreSQL, RUNS times.
# PostgreSQL needs OUTREACH_TEST_POSTGRES (an admin URL; each run gets a fresh database).
#
#   OUTREACH_TEST_POSTGRES=postgres://postgres@127.0.0.1:55433/postgres?sslmode=disable bench/dispatch.sh
set -euo pipefail
RUNS=${RUNS:-3}
cd "$(dirname "$0")/.."
uptime # the machine's load, which these figures depend on
go test -run '^$' -bench 'Delivery|Deadlines' -benchtime 1x -count "$RUNS" -timeout 60m ./bench/
uptime
