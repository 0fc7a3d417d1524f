#!/usr/bin/env bash
# One image, one service per SERVICE_TYPE (Railway, docker-compose, the dev stack).
set -euo pipefail

VALID="api celery_workflow celery_content celery_logs celery_beat flower celery_all migrate"
WAYMARK="${WAYMARK_BIN:-waymark}"
CELERY="${CELERY_BIN:-celery}"
APP="waymark.worker.app:app"
LOG_LEVEL="${CELERY_LOG_LEVEL:-INFO}"
# Celery's soft shutdown on SIGTERM (worker_soft_shutdown_timeout is set in the app).
export REMAP_SIGTERM="${REMAP_SIGTERM:-SIGQUIT}"

worker() {  # worker <queues> <hostname-prefix> <concurrency> [extra args…] (--pool prefork unless given)
  local queues=$1 name=$2 concurrency=$3 pool=prefork
  shift 3
  if [ "${1:-}" = "--pool" ]; then
    pool=$2
    shift 2
  fi
  exec "$CELERY" -A "$APP" worker --queues "$queues" --hostname "$name@%h" \
    --concurrency "$concurrency" --loglevel "$LOG_LEVEL" --pool "$pool" -E "$@"
}

positive_int() {  # positive_int <name> <value>: the value, or exit 2 with the reason
  case "$2" in
    '' | *[!0-9]* | 0*)
      echo "$1 must be a whole number above 0, not '$2'" >&2
      exit 2
      ;;
  esac
  echo "$2"
}

workflow_queues() {  # roadmap_workflow first: the order a lending worker polls in
  case "$(echo "${CELERY_WORKFLOW_LENDS_TO_CONTENT:-false}" | tr '[:upper:]' '[:lower:]')" in
    1 | true | yes | on) echo "roadmap_workflow,content_generation" ;;
    0 | false | no | off | "") echo "roadmap_workflow" ;;
    *)
      echo "CELERY_WORKFLOW_LENDS_TO_CONTENT must be true or false, not '${CELERY_WORKFLOW_LENDS_TO_CONTENT}'" >&2
      exit 2
      ;;
  esac
}

case "${SERVICE_TYPE:-}" in
  api)
    "$WAYMARK" migrate
    exec "$WAYMARK" serve --host 0.0.0.0 --port "${PORT:-8000}"
    ;;
  celery_workflow)
    # CELERY_WORKFLOW_LENDS_TO_CONTENT: idle slots take content units too (docs/queues.md, "Lending")
    queues=$(workflow_queues)  # a bad value stops here (set -e)
    worker "$queues" workflow "${CELERY_WORKFLOW_CONCURRENCY:-2}" --prefetch-multiplier 1
    ;;
  celery_content)
    # One process, one event loop, many units in flight (docs/queues.md, "Many units in flight"):
    # threads hold up to CELERY_CONTENT_CONCURRENCY concept jobs; CELERY_CONTENT_IN_FLIGHT
    # (checked by the settings at start) bounds the units running at once.
    concurrency=$(positive_int CELERY_CONTENT_CONCURRENCY "${CELERY_CONTENT_CONCURRENCY:-160}")
    worker content_generation content "$concurrency" --pool threads --prefetch-multiplier 1
    ;;
  celery_logs)
    worker logs logs "${CELERY_LOGS_CONCURRENCY:-2}" --prefetch-multiplier 4
    ;;
  celery_all)
    worker roadmap_workflow,content_generation,logs all "${CELERY_CONCURRENCY:-4}" --prefetch-multiplier 1
    ;;
  celery_beat)
    exec "$CELERY" -A "$APP" beat --loglevel "$LOG_LEVEL" \
      --schedule "${CELERY_BEAT_SCHEDULE_FILE:-/tmp/waymark-celerybeat-schedule}"
    ;;
  flower)
    exec "$WAYMARK" flower
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
