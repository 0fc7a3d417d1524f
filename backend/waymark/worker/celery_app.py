"""The Celery application: three queues, JSON only, late acks, per-queue time limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from celery import Celery, Task, shared_task

from waymark.settings import Settings, get_settings
from waymark.worker.queues import LIMITS, VISIBILITY_TIMEOUT_S, queue_for

F = TypeVar("F", bound=Callable[..., Any])

TASK_MODULES = (
    "waymark.worker.tasks.workflow",
    "waymark.worker.tasks.content",
    "waymark.worker.tasks.logs",
)


def route_task(
    name: str, args: Any, kwargs: Any, options: Any, task: Any = None, **_: Any
) -> dict[str, str] | None:
    if name.startswith("celery."):
        return None  # Celery's own housekeeping tasks
    return {"queue": queue_for(name).value}


def _shared_route(queue: str) -> Any:
    def route(name: str, *args: Any, **kwargs: Any) -> dict[str, str] | None:
        return None if name.startswith("celery.") else {"queue": queue}

    return route


def configure(app: Celery, settings: Settings) -> None:
    redis_url = settings.redis.required_url
    durable = settings.celery.durable
    transport = {"visibility_timeout": VISIBILITY_TIMEOUT_S} if durable else {}
    # Lending: a worker on several queues polls them in its --queues order and the first
    # non-empty one wins, so the workflow service (roadmap_workflow listed first) never
    # leaves a plan waiting behind content.
    ordering = {"queue_order_strategy": "priority"} if settings.celery.workflow_lends_to_content else {}
    app.conf.update(
        broker_url=redis_url,
        result_backend=redis_url,
        # The three places Celery reads the Redis visibility timeout from.
        broker_transport_options={**transport, **ordering},
        result_backend_transport_options=transport,
        visibility_timeout=VISIBILITY_TIMEOUT_S if durable else 3600,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_accept_content=["json"],
        task_ignore_result=True,  # Postgres is the system of record
        result_expires=3600,
        task_acks_late=durable,
        task_reject_on_worker_lost=durable,
        worker_prefetch_multiplier=1 if durable else 4,
        task_routes=(route_task,),
        task_create_missing_queues=False,
        task_queues=None,
        task_default_queue="logs",
        worker_send_task_events=True,
        task_send_sent_event=True,
        broker_connection_retry=True,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # forever
        broker_channel_error_retry=True,
        worker_cancel_long_running_tasks_on_connection_loss=False,
        worker_soft_shutdown_timeout=10.0,
        worker_enable_soft_shutdown_on_idle=True,
        worker_hijack_root_logger=False,
        timezone="UTC",
        enable_utc=True,
        beat_schedule={
            **(
                {
                    "reap-stale-tasks": {
                        "task": "maintenance.reap_stale_tasks",
                        "schedule": settings.celery.reap_interval_s,
                    }
                }
                if durable
                else {}
            ),
            "prune": {"task": "maintenance.prune", "schedule": 3600.0},
        },
    )
    from kombu.entity import Queue as KombuQueue

    names = [queue.value for queue in LIMITS]
    if settings.celery.shared_queue:  # bench/queue_isolation.py's one-queue comparison
        names.append(settings.celery.shared_queue)
        app.conf.task_routes = (_shared_route(settings.celery.shared_queue),)
    app.conf.task_queues = tuple(
        KombuQueue(name, routing_key=name)  # type: ignore[no-untyped-call]
        for name in names
    )


def create_celery(settings: Settings) -> Celery:
    app = Celery("waymark", include=list(TASK_MODULES))
    configure(app, settings)
    return app


class _LazyApp:
    """The process's Celery app, built on first use so that importing this module
    neither reads settings nor opens connections."""

    _app: Celery | None = None

    def get(self) -> Celery:
        if self._app is None:
            self._app = create_celery(get_settings())
        return self._app


_lazy = _LazyApp()


def celery_app() -> Celery:
    return _lazy.get()


def queue_task(name: str, **options: Any) -> Callable[[F], Task]:
    """Register a task under a stable dotted name with its queue's time limits. Shared
    tasks bind to whichever app is in use, so importing a task module reads no settings."""
    limits = LIMITS[queue_for(name)]

    def decorator(function: F) -> Task:
        task: Task = shared_task(  # acks_late and reject_on_worker_lost come from the app's conf
            name=name, soft_time_limit=limits.soft_time_limit_s, time_limit=limits.time_limit_s, **options
        )(function)
        return task

    return decorator
