#!/usr/bin/env bash
# Reproduces the tracker query/probe/HTTP hardening measurements (issue 7, branch h-query).
# Usage: bench/hardening/tracker-query.sh [names]   (default 1000000 names for the search scale measure)
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
names="${1:-1000000}"

# 1. search: worst patterns (GlobTest, SearchAttackTest) and search time with a large registry (opt-in bench)
./mvnw -B -o test -pl protocol,tracker -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest='GlobTest,SearchAttackTest,SearchScaleBench' -Dpeershare.bench=true -Dbench.names="$names" \
  | grep -E 'BENCH|Tests run:'
# 2-5. probes against HostilePeer, REST bad input, slowloris
./mvnw -B -o test -pl protocol,tracker -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest='ProbeDeadlineTest,ProbeBoundsTest,ProbeLimitsResourceTest,FileIndexTest,BadInputTest,SlowlorisTest' \
  | grep -E 'Tests run:'
