#!/bin/bash
# The long versions of the fault proofs in internal/flowtest: SECONDS of SIGKILLs while
# requests are filed and accepted (TestCrashLosesNothing), and the mail server down then
# back (TestSMTPDownThenBack); two instances on PostgreSQL (TestTwoInstances) when
# OUTREACH_TEST_POSTGRES is set.
#
#   SECONDS_OF_FAULTS=600 bench/faults.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUTREACH_FAULT_SECONDS=${SECONDS_OF_FAULTS:-300} go test -count 1 -timeout 120m -v \
  -run 'TestCrashLosesNothing|TestTwoInstances|TestSMTPDownThenBack' ./internal/flowtest/
