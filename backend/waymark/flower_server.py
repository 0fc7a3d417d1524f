"""Flower as Waymark runs it: every page and API route behind basic auth, ``/metrics``
included; only ``/healthcheck`` answers without credentials (the health checks use it).

Flower 2.2 serves ``/metrics`` (worker names, task names, counts, runtimes) to anyone and
has no option to protect it. Its handler is swapped for one that asks for the same basic
auth as every other route, before Flower builds its application from ``flower.urls``.
"""

from __future__ import annotations

import os
import sys
from typing import Any

CELERY_APP = "waymark.worker.app:app"


def guard_metrics() -> None:
    """Make Flower's ``/metrics`` require its basic auth (401 without it)."""
    from flower import urls
    from flower.views.monitor import Metrics
    from tornado.web import authenticated

    class AuthenticatedMetrics(Metrics):  # type: ignore[misc]  # flower is untyped
        @authenticated
        async def get(self) -> None:
            await super().get()

    def guarded(rule: Any) -> Any:
        if isinstance(rule, tuple) and len(rule) >= 2 and rule[1] is Metrics:
            return (rule[0], AuthenticatedMetrics, *rule[2:])
        return rule

    urls.handlers[:] = [guarded(rule) for rule in urls.handlers]  # the list flower.app reads


def run_flower(basic_auth: str, port: int) -> int:
    """Serve Flower in this process; the credentials reach it through the environment,
    never the command line (which any local user can read)."""
    from celery.bin.celery import main

    guard_metrics()
    os.environ["FLOWER_BASIC_AUTH"] = basic_auth
    os.environ["FLOWER_PORT"] = str(port)
    sys.argv = ["celery", "-A", CELERY_APP, "flower"]
    code: int = main()
    return code
