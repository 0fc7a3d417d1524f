"""Worker process life-cycle: logging once per process, the loop closed on exit."""

from __future__ import annotations

from typing import Any

from celery.signals import setup_logging, worker_process_shutdown

from waymark.logging import configure_logging
from waymark.settings import get_settings
from waymark.worker import bridge


def _setup_logging(**_: Any) -> None:
    settings = get_settings()
    configure_logging(json_output=not settings.is_dev, level=settings.celery.log_level)


def _close_loop(**_: Any) -> None:
    bridge.shutdown()


def connect_worker_signals() -> None:
    setup_logging.connect(_setup_logging, weak=False)
    worker_process_shutdown.connect(_close_loop, weak=False)
