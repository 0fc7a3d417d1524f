#!/usr/bin/env bash
# One image, one service per SERVICE_TYPE (Railway, docker-compose).
set -euo pipefail

VALID="api migrate"
WAYMARK="${WAYMARK_BIN:-waymark}"

case "${SERVICE_TYPE:-}" in
  api)
    "$WAYMARK" migrate
    exec "$WAYMARK" serve --host 0.0.0.0 --port "${PORT:-8000}"
    ;;
  migrate)
    exec "$WAYMARK" migrate
    ;;
  *)
    echo "Unknown SERVICE_TYPE: ${SERVICE_TYPE:-<unset>}" >&2
    echo "Valid values: $VALID" >&2
    exit 2
    ;;
esac
