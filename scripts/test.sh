#!/usr/bin/env bash
# Install everything, then lint (ruff), type-check (mypy --strict) and run the whole
# test suite. Exits non-zero on the first failing stage.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
export WAYMARK_ENV=test
BIN="$ROOT/.venv/bin"

# docker-compose (Debian's package) validates docker-compose.yml without an engine.
if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing docker-compose (for the compose file check)" >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq docker-compose >/dev/null
  else
    echo "warning: docker-compose not found; the compose file check is skipped" >&2
  fi
fi

echo "==> ruff" >&2
"$BIN/ruff" check backend bench
"$BIN/ruff" format --check backend bench
echo "==> mypy --strict backend/waymark" >&2
"$BIN/mypy" backend/waymark
echo "==> pytest" >&2
"$BIN/pytest" "$@"
# The web UI: API types fresh, type-check (tsc), ESLint, unit tests (vitest), build, JS
# budget, then the browser tests (Playwright in Chromium) — scripts/test_web.sh.
echo "==> web UI checks (tsc, ESLint, vitest, build, e2e in Chromium)" >&2
"$ROOT/scripts/test_web.sh"
