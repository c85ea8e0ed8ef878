#!/bin/bash
# 0001-config-doc: docs/configuration.md is what `sluiced --print-config-doc`
# prints today, so the committed reference never drifts from the property
# table. Regenerate with: build/server/sluiced --print-config-doc > docs/configuration.md
set -euo pipefail
doc=$SL_SOURCE_ROOT/docs/configuration.md
if ! "$SLUICED" --print-config-doc | diff -u "$doc" -; then
    echo "FAIL: $doc is stale; regenerate it with sluiced --print-config-doc" >&2
    exit 1
fi
echo "ok: 0001 docs/configuration.md is current"
