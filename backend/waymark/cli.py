"""The ``waymark`` command: dev stack, migrations, embedded services, API server."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from waymark.settings import Settings, SettingsError, load_settings


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _settings() -> Settings:
    settings = load_settings()
    from waymark.logging import configure_logging

    configure_logging(json_output=not settings.is_dev, level=settings.log_level)
    return settings


def cmd_migrate(_: argparse.Namespace) -> int:
    from waymark.db.migrate import migrate_database

    settings = _settings()
    migrate_database(settings.db.url or "")
    _out("Database migrated to head; LangGraph checkpoint tables ready.")
    return 0


def cmd_info(_: argparse.Namespace) -> int:
    from waymark.local import EmbeddedPostgres, EmbeddedRedis
    from waymark.logging import redact_text

    settings = _settings()
    state_dir = settings.state_dir
    _out(f"environment: {settings.env.value}")
    if settings.db.url:
        _out(f"database:    external {redact_text(settings.db.url)}")
    else:
        running = EmbeddedPostgres(state_dir).is_running()
        _out(
            f"database:    embedded PostgreSQL in {state_dir.resolve() / 'postgres'}"
            f" ({'running' if running else 'stopped'})"
        )
    if settings.redis.url:
        _out(f"redis:       external {redact_text(settings.redis.url)}")
    else:
        embedded = EmbeddedRedis(state_dir)
        running = embedded.is_running()
        _out(
            f"redis:       embedded Redis in {embedded.directory}"
            f" ({'running at ' + embedded.url() if running else 'stopped'})"
        )
    return 0


def cmd_local(args: argparse.Namespace) -> int:
    from waymark.local import start_local_services, stop_local_services

    settings = _settings()
    if args.action == "up":
        services = start_local_services(settings.state_dir)
        _out(f"DATABASE_URL={services.database_url}")
        _out(f"REDIS_URL={services.redis_url}")
    else:
        stop_local_services(settings.state_dir)
        _out(f"Embedded PostgreSQL and Redis stopped (data kept in {settings.state_dir.resolve()}).")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings()
    uvicorn.run(
        "waymark.api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port or settings.api.port,
        workers=settings.api.workers,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        # clients are told apart (rate limits) by the address a trusted proxy reports
        forwarded_allow_ips=settings.api.forwarded_allow_ips,
    )
    return 0


def cmd_sim(args: argparse.Namespace) -> int:
    from waymark.llm.simulator.run import run_simulators

    _settings_for_tools()
    _out(f"LLM simulator:    OPENAI_BASE_URL=http://127.0.0.1:{args.llm_port}/v1")
    _out(f"Search simulator: TAVILY_BASE_URL=http://127.0.0.1:{args.search_port}")
    run_simulators(args.llm_port, args.search_port)
    return 0


def _settings_for_tools() -> None:
    """Tools that need no services still log the project's way."""
    from waymark.logging import configure_logging

    configure_logging(json_output=False, level=os.environ.get("LOG_LEVEL", "INFO"))


def cmd_flower(args: argparse.Namespace) -> int:
    """Flower, never unauthenticated: FLOWER_BASIC_AUTH is required outside dev."""
    import secrets

    settings = _settings()
    auth = settings.celery.flower_basic_auth.get_secret_value() if settings.celery.flower_basic_auth else None
    if auth is None and not settings.is_dev:
        sys.stderr.write("FLOWER_BASIC_AUTH (user:password) is required: Flower never starts open.\n")
        return 2
    if auth is None:
        auth = f"admin:{secrets.token_urlsafe(12)}"
        _out(f"Flower login (generated for this dev run): {auth}")
    user, _, password = auth.partition(":")
    if not user or not password:
        sys.stderr.write("FLOWER_BASIC_AUTH must look like user:password\n")
        return 2
    from waymark.flower_server import run_flower

    return run_flower(auth, settings.celery.flower_port)


def cmd_dev(args: argparse.Namespace) -> int:
    from waymark.devstack import run_dev_stack

    os.environ.setdefault("WAYMARK_ENV", "dev")
    return run_dev_stack(_settings(), host=args.host)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="waymark", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_)
        sub.set_defaults(handler=handler)
        return sub

    add("migrate", cmd_migrate, "upgrade the database to head and set up checkpoint tables")
    add("info", cmd_info, "show which database and Redis are in use")
    local = add("local", cmd_local, "start or stop the embedded PostgreSQL and Redis")
    local.add_argument("action", choices=["up", "down"])
    serve = add("serve", cmd_serve, "run the API server")
    serve.add_argument("--host", default="0.0.0.0")  # noqa: S104 - a server binds all interfaces
    serve.add_argument("--port", type=int, default=None)
    add("flower", cmd_flower, "run Flower (basic auth always; FLOWER_BASIC_AUTH required outside dev)")
    sim = add("sim", cmd_sim, "run the offline LLM (OpenAI-compatible) and search (Tavily) simulators")
    sim.add_argument("--llm-port", type=int, default=8100)
    sim.add_argument("--search-port", type=int, default=8101)
    dev = add("dev", cmd_dev, "run the whole dev stack with embedded services")
    dev.add_argument("--host", default="127.0.0.1")

    from waymark.client.commands import register as register_api_commands

    register_api_commands(add)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    try:
        code = args.handler(args)
    except SettingsError as error:
        sys.stderr.write(error.message + "\n")
        code = 2
    except KeyboardInterrupt:
        code = 130
    raise SystemExit(code)
