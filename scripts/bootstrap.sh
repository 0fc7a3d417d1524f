#!/usr/bin/env bash
# Creates the project environment from nothing but Python 3.11+ and Node.js 20+:
#   .waymark/tools           a small venv holding the pinned uv
#   .venv                    the project environment, synced exactly to uv.lock
#   frontend-next/node_modules  the web UI's packages, exactly as package-lock.json says
# Sourced by dev.sh and test.sh; safe to run again (it only syncs what changed).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
UV_VERSION="0.13.9"

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  echo "error: Waymark needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
  return 1
}

PYTHON_BIN="$(find_python)"
TOOLS="$ROOT/.waymark/tools"
if [ ! -x "$TOOLS/bin/uv" ] || ! "$TOOLS/bin/uv" --version 2>/dev/null | grep -q "$UV_VERSION"; then
  echo "==> installing uv $UV_VERSION into .waymark/tools" >&2
  "$PYTHON_BIN" -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi

echo "==> syncing .venv with uv.lock" >&2
export UV_PROJECT_ENVIRONMENT="$ROOT/.venv" UV_PYTHON_DOWNLOADS=never UV_LINK_MODE=copy
"$TOOLS/bin/uv" sync --frozen --quiet --python "$PYTHON_BIN" --project "$ROOT"

# The web UI's packages: `npm ci` when the lock file is newer than the installed tree.
WEB="$ROOT/frontend-next"
if command -v npm >/dev/null 2>&1 &&
  node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  if [ ! -f "$WEB/node_modules/.package-lock.json" ] || [ "$WEB/package-lock.json" -nt "$WEB/node_modules/.package-lock.json" ]; then
    echo "==> installing the web UI's packages (npm ci)" >&2
    (cd "$WEB" && npm ci --no-audit --no-fund --loglevel=error)
  fi
else
  echo "warning: Node.js 20+ not found: the web UI (frontend-next) is not installed" >&2
fi
