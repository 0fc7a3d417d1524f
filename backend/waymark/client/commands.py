"""``waymark login|logout|generate|watch|tasks|export``: the API from the command line.

Handlers return the exit code: 0 success, 1 a failed task or a server/network error,
2 a request the user has to change (bad input, not logged in, unknown id, conflict).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from waymark.client.follow import TaskFollower
from waymark.client.http import (
    EXIT_FAILED,
    EXIT_USAGE,
    ApiClient,
    ApiError,
    Credentials,
    delete_credentials,
    resolve_api_url,
    save_credentials,
)
from waymark.client.progress import ProgressPrinter
from waymark.client.render import content_statuses, glyphs_for, roadmap_tree, tasks_table, usage_line
from waymark.client.review import Reviewer

Handler = Callable[[argparse.Namespace], int]
AddCommand = Callable[[str, Handler, str], argparse.ArgumentParser]
LEVELS = ("beginner", "intermediate", "advanced")
DEFAULT_TOKEN_TTL_S = 3600  # when the API does not say how long its token lives
STATUSES = ("queued", "running", "awaiting_review", "completed", "partial_failure", "failed", "cancelled")


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _err(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _reporting_errors(handler: Handler) -> Handler:
    """An ApiError becomes its message on stderr and its exit code: never a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except ApiError as error:
            _err(f"waymark: {error.message}")
            return error.exit_code
        except EOFError:
            _err("waymark: input ended before an answer was given")
            return EXIT_USAGE

    return run


def cmd_login(args: argparse.Namespace) -> int:
    api_url = resolve_api_url(args.api)
    email = (args.email or input("Email: ")).strip()
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else getpass.getpass("Password: ")
    if not email or not password:
        _err("waymark: an email and a password are required")
        return EXIT_USAGE
    with ApiClient(api_url) as api:
        if args.register:
            try:
                api.register(email, password)
                _out(f"Registered {email}.")
            except ApiError as error:
                if error.status != 409:
                    raise
                _out(f"{email} is already registered; logging in.")
        token = api.login(email, password)
    expires_at = time.time() + float(token.get("expires_in") or DEFAULT_TOKEN_TTL_S)
    path = save_credentials(Credentials(api_url, str(token["access_token"]), expires_at))
    _out(f"Logged in to {api_url} as {email} (credentials in {path}).")
    return 0


def cmd_logout(_: argparse.Namespace) -> int:
    _out("Logged out." if delete_credentials() else "Not logged in.")
    return 0


def _preferences(args: argparse.Namespace) -> dict[str, Any]:
    preferences: dict[str, Any] = {
        "level": args.level,
        "weekly_hours": args.hours,
        "language": args.language,
        "skip_review": args.skip_review,
    }
    if args.content_types:
        preferences["content_types"] = args.content_types
    return preferences


def cmd_generate(args: argparse.Namespace) -> int:
    api_url = resolve_api_url(args.api)
    # A key of our own when none is given: a retried request can never create a second task.
    key = args.idempotency_key or str(uuid.uuid4())
    with ApiClient.authenticated(api_url) as api:
        created = api.create_task(args.goal, _preferences(args), key)
        task_id = str(created["task_id"])
        if not args.wait:
            _out(task_id)
            return 0
        _out(f"Task {task_id} created ({created.get('status', 'queued')}).")
        return _follow(api, task_id, auto_approve=args.auto_approve)


def cmd_watch(args: argparse.Namespace) -> int:
    with ApiClient.authenticated(resolve_api_url(args.api)) as api:
        return _follow(api, args.task_id, auto_approve=args.auto_approve)


def _follow(api: ApiClient, task_id: str, *, auto_approve: bool) -> int:
    glyphs = glyphs_for(sys.stdout.encoding)
    printer = ProgressPrinter(sys.stdout, tty=sys.stdout.isatty(), glyphs=glyphs)
    reviewer = Reviewer(api, sys.stdout, auto_approve=auto_approve, glyphs=glyphs)
    try:
        task = TaskFollower(api, task_id, printer, reviewer).run()
    except KeyboardInterrupt:
        printer.finish()
        _err(f"Stopped following; task {task_id} goes on: `waymark watch {task_id}` to follow it again.")
        return 130
    except ApiError:
        printer.finish()
        raise
    status = str(task.get("status"))
    _out(f"Status: {status}" + (f" - {task['error']}" if task.get("error") else ""))
    _out(usage_line(task.get("usage")))
    if task.get("roadmap_id"):
        roadmap = api.get_roadmap(str(task["roadmap_id"]))
        _out(f"Roadmap {roadmap.get('id', task['roadmap_id'])}:")
        framework = roadmap.get("framework") or {}
        for line in roadmap_tree(framework, content_statuses(roadmap), glyphs):
            _out("  " + line)
    return 0 if status == "completed" else EXIT_FAILED


def cmd_tasks(args: argparse.Namespace) -> int:
    with ApiClient.authenticated(resolve_api_url(args.api)) as api:
        page = api.list_tasks(args.status, args.limit, args.offset)
    for line in tasks_table(page):
        _out(line)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with ApiClient.authenticated(resolve_api_url(args.api)) as api:
        response = api.export(args.roadmap_id, args.format)
    if args.format == "json":
        try:
            text = json.dumps(response.json(), indent=2, ensure_ascii=False) + "\n"
        except ValueError:
            raise ApiError("the API answered the JSON export with something that is not JSON") from None
    else:
        text = response.text if response.text.endswith("\n") else response.text + "\n"
    if args.output:
        Path(args.output).write_text(text)
        _err(f"Wrote {args.output}.")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def _hours(value: str) -> float:
    try:
        hours = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 1 <= hours <= 80:
        raise argparse.ArgumentTypeError("weekly hours must be between 1 and 80")
    return hours


def register(add: AddCommand) -> None:
    """Adds the API commands through cli.py's ``add(name, handler, help)``."""

    def command(name: str, handler: Handler, help_: str) -> argparse.ArgumentParser:
        parser = add(name, _reporting_errors(handler), help_)
        parser.add_argument("--api", metavar="URL", help="API base URL (default: $WAYMARK_API_URL)")
        return parser

    login = command("login", cmd_login, "log in to the API and keep the token in the credentials file")
    login.add_argument("--email")
    login.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    login.add_argument("--register", action="store_true", help="create the account first")
    command("logout", cmd_logout, "forget the stored credentials")

    generate = command("generate", cmd_generate, "generate a learning roadmap for a goal")
    generate.add_argument("goal")
    generate.add_argument("--level", choices=LEVELS, default="beginner")
    generate.add_argument("--hours", type=_hours, default=5.0, help="hours per week (1-80)")
    generate.add_argument("--language", default="en")
    generate.add_argument("--content-types", nargs="+", choices=("tutorial", "resources", "quiz"))
    generate.add_argument("--skip-review", action="store_true", help="no review step at all")
    generate.add_argument("--auto-approve", action="store_true", help="approve the proposed roadmap")
    generate.add_argument(
        "--wait",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="follow the task to its end (default); --no-wait prints the task id and exits",
    )
    generate.add_argument("--idempotency-key", metavar="KEY")

    watch = command("watch", cmd_watch, "follow a task (and review it) until it ends")
    watch.add_argument("task_id")
    watch.add_argument("--auto-approve", action="store_true")

    tasks = command("tasks", cmd_tasks, "list my tasks")
    tasks.add_argument("--status", choices=STATUSES)
    tasks.add_argument("--limit", type=int, default=20)
    tasks.add_argument("--offset", type=int, default=0)

    export = command("export", cmd_export, "export a roadmap as Markdown or JSON")
    export.add_argument("roadmap_id")
    export.add_argument("--format", choices=("markdown", "json"), default="markdown")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
