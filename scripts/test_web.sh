#!/usr/bin/env bash
# The web UI's checks (called at the end of scripts/test.sh, or on their own): API types
# fresh against the backend, type-check, ESLint, unit tests, production build, then the
# browser tests against the real stack. Exits non-zero on the first failing stage; never
# skips one silently.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEB="$ROOT/frontend-next"
export NEXT_TELEMETRY_DISABLED=1
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

if ! command -v node >/dev/null 2>&1 ||
  ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  echo "error: the web UI checks need Node.js 20 or newer (node not found or too old)" >&2
  exit 1
fi
"$ROOT/scripts/bootstrap.sh"  # the Python env (API types, the e2e stack) and npm ci when needed

if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing Debian's chromium (for the browser tests)" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -x "$CHROMIUM" ]; then
    echo "error: $CHROMIUM not found and it cannot be installed here (needs root and apt-get)." >&2
    echo "       Install Debian's 'chromium' package, or set CHROMIUM_PATH to a Chromium binary." >&2
    exit 1
  fi
fi

cd "$WEB"
stage() { echo "==> web: $1" >&2; }
stage "API types are fresh (npm run check:api)"
npm run --silent check:api
stage "type-check (tsc --noEmit)"
npx --no-install tsc --noEmit
stage "ESLint"
npx --no-install eslint --max-warnings=0 .
stage "unit tests (vitest)"
npx --no-install vitest run
stage "production build (next build)"
npx --no-install next build
stage "first-load JS budget (bench/web_bundle.mjs)"
node "$ROOT/bench/web_bundle.mjs"
stage "browser tests (e2e/run.mjs: real stack, Chromium)"
node e2e/run.mjs
