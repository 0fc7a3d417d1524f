#!/usr/bin/env bash
# The deeper random search of the API contract: schemathesis over /openapi.json with a fresh
# seed and more examples than CI's fixed-seed run. A failure prints the seed that found it;
# WAYMARK_FUZZ_SEED=<seed> ./scripts/fuzz.sh replays it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
export WAYMARK_ENV=test
export WAYMARK_FUZZ_SEED="${WAYMARK_FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
export WAYMARK_FUZZ_EXAMPLES="${WAYMARK_FUZZ_EXAMPLES:-300}"
echo "==> fuzzing with seed $WAYMARK_FUZZ_SEED, $WAYMARK_FUZZ_EXAMPLES examples per operation" >&2
if ! "$ROOT/.venv/bin/pytest" backend/tests/integration/contract -q -p no:randomly "$@"; then
  echo "fuzz failure: replay with WAYMARK_FUZZ_SEED=$WAYMARK_FUZZ_SEED ./scripts/fuzz.sh" >&2
  exit 1
fi
