# One image for every Waymark service; scripts/railway_entrypoint.sh picks the role
# from SERVICE_TYPE (api, celery_workflow, celery_content, celery_logs, celery_beat,
# flower, celery_all, migrate).
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/opt/venv/bin:$PATH \
    WAYMARK_ENV=production

RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app

COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY backend ./backend
COPY scripts ./scripts
RUN uv sync --frozen --no-dev && useradd --create-home --uid 10001 waymark
USER waymark

EXPOSE 8000
ENTRYPOINT ["/app/scripts/railway_entrypoint.sh"]
