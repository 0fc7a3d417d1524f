"""The Celery app as a module attribute, for the ``celery -A waymark.worker.app:app`` CLI."""

from waymark.worker.celery_app import celery_app
from waymark.worker.signals import connect_worker_signals

app = celery_app()
connect_worker_signals()
