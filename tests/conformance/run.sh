#!/bin/sh
# Runs ksqlDB's functional test suites (../shared/conformance) with `sluice test` and fails
# when any case listed as passing (tests/conformance/*.list) fails. The lists only grow:
# when more cases pass, regenerate with --record and commit the longer list.
#   run.sh SLUICE SRCDIR SUITE [OPTIONS...]   (SUITE: qtt or rqtt; OPTIONS go to sluice test,
#                                             e.g. --sluiced PATH for the RQTT server)
set -eu
sluice=$1
src=$2
suite=$3
shift 3
cases="$src/../shared/conformance/$suite"
[ -d "$cases" ] || cases="$src/../../shared/conformance/$suite"
if [ ! -d "$cases" ]; then
    echo "no $suite suite found next to the repository; skipping"
    exit 77
fi
exec "$sluice" test --expect "$src/tests/conformance/$suite.list" "$cases" "$@"
