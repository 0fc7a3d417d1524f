#!/usr/bin/env bash
# Install everything, then lint (ruff), type-check (mypy --strict) and run the whole
# test suite. Exits non-zero on the first failing stage.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
export WAYMARK_ENV=test
BIN="$ROOT/.venv/bin"

echo "==> ruff" >&2
"$BIN/ruff" check backend bench
"$BIN/ruff" format --check backend bench
echo "==> mypy --strict backend/waymark" >&2
"$BIN/mypy" backend/waymark
echo "==> pytest" >&2
"$BIN/pytest" "$@"
