#!/usr/bin/env bash
# Run the Waymark dev stack: installs everything, starts embedded PostgreSQL and Redis
# when DATABASE_URL / REDIS_URL are unset, migrates, starts the services, prints URLs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
export WAYMARK_ENV="${WAYMARK_ENV:-dev}"
exec "$ROOT/.venv/bin/waymark" dev "$@"
