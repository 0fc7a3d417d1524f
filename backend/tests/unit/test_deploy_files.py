"""Every deploy file, read the way an operator's platform reads it.

- ``railway/*.toml`` (Railway config-as-code) and the root ``railway.toml``: one config per
  long-running ``SERVICE_TYPE`` of ``scripts/railway_entrypoint.sh``, each start command run
  through the real entrypoint (with stub binaries) to see which process it starts, the API's
  health check and pre-deploy migration, restart policies, shutdown windows, watch paths.
- ``docker-compose.yml``: validates with Debian's docker-compose (no engine needed), every
  worker and beat is health-checked by pinging its own node name, required secrets are
  required, Flower is never open.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
RAILWAY_DIR = ROOT / "railway"
ENTRYPOINT = ROOT / "scripts" / "railway_entrypoint.sh"
COMPOSE_FILE = ROOT / "docker-compose.yml"
WEB_DOCKERFILE = ROOT / "frontend-next" / "Dockerfile"

ONE_OFF_SERVICE_TYPES = {"migrate"}  # run to completion (Railway's pre-deploy, compose's migrate)
WEB_CONFIG = "web"  # the Next.js UI: its own image, no SERVICE_TYPE

# Railway's config-as-code keys (https://docs.railway.com/config-as-code/reference) that these
# files may use; a misspelt key would be ignored by Railway, silently.
KNOWN_KEYS = {
    "build": {"builder", "dockerfilePath", "watchPatterns"},
    "deploy": {
        "startCommand", "preDeployCommand", "healthcheckPath", "healthcheckTimeout",
        "restartPolicyType", "restartPolicyMaxRetries", "drainingSeconds", "overlapSeconds",
    },
}  # fmt: skip
RESTART_POLICIES = {"ON_FAILURE", "ALWAYS"}  # NEVER would leave a crashed service down


# ---------------------------------------------------------------- helpers


def valid_service_types() -> list[str]:
    match = re.search(r'^VALID="([^"]+)"', ENTRYPOINT.read_text(), re.MULTILINE)
    assert match, "scripts/railway_entrypoint.sh lists its SERVICE_TYPEs in VALID"
    return match.group(1).split()


def long_running_service_types() -> set[str]:
    types = set(valid_service_types())
    assert types >= ONE_OFF_SERVICE_TYPES
    return types - ONE_OFF_SERVICE_TYPES


@cache
def railway_configs() -> dict[str, dict[str, Any]]:
    return {path.stem: tomllib.loads(path.read_text()) for path in sorted(RAILWAY_DIR.glob("*.toml"))}


def dockerfile_json(path: Path, instruction: str) -> list[str]:
    match = re.search(rf"^{instruction}\s+(\[.*\])\s*$", path.read_text(), re.MULTILINE)
    assert match, f"{path.relative_to(ROOT)} has an exec-form {instruction}"
    value: list[str] = json.loads(match.group(1))
    return value


def image_entrypoint() -> str:
    (entrypoint,) = dockerfile_json(ROOT / "Dockerfile", "ENTRYPOINT")
    return entrypoint


def split_command(command: str) -> tuple[dict[str, str], list[str]]:
    """Railway runs a start command without a shell: ``env A=1 prog`` or ``/bin/sh -c '…'``.
    Returns the variables it sets and the program with its arguments."""
    words = shlex.split(command)
    if len(words) == 3 and words[0] in {"/bin/sh", "sh"} and words[1] == "-c":
        words = shlex.split(words[2])
    env: dict[str, str] = {}
    for index, word in enumerate(words):
        name, equals, value = word.partition("=")
        if word in {"env", "exec"}:
            continue
        if equals and name.isidentifier():
            env[name] = value
            continue
        return env, words[index:]
    return env, []


STUB = """#!/bin/sh
echo "$(basename "$0") $* | FLOWER_PORT=${FLOWER_PORT:-} BEAT_REMOTE=${CELERY_BEAT_REMOTE_CONTROL:-}"
"""


def run_with_stubs(command: str, tmp_path: Path, **env: str) -> list[str]:
    """Run a start command as Railway would, with the image's entrypoint path pointing at the
    repository's script and `waymark` / `celery` replaced by stubs that print their arguments."""
    for name in ("waymark", "celery"):
        stub = tmp_path / name
        stub.write_text(STUB)
        stub.chmod(stub.stat().st_mode | stat.S_IEXEC)
    words = shlex.split(command.replace(image_entrypoint(), str(ENTRYPOINT)))
    base = {k: v for k, v in os.environ.items() if k not in {"SERVICE_TYPE", "PORT", "FLOWER_PORT"}}
    base |= {"WAYMARK_BIN": str(tmp_path / "waymark"), "CELERY_BIN": str(tmp_path / "celery"), **env}
    result = subprocess.run(words, env=base, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def worker_node_prefix(service_type: str, tmp_path: Path) -> str | None:
    """The name before @ the entrypoint gives the worker of this SERVICE_TYPE (None: not a worker)."""
    lines = run_with_stubs(f"env SERVICE_TYPE={service_type} {image_entrypoint()}", tmp_path)
    matches = [re.search(r" worker .*--hostname (\w+)@%h ", line) for line in lines]
    prefixes = [match.group(1) for match in matches if match]
    return prefixes[0] if prefixes else None


def compose_file() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())  # anchors and merges resolved
    return loaded


def compose_services_by_type() -> dict[str, tuple[str, dict[str, Any]]]:
    services = {}
    for name, service in compose_file()["services"].items():
        service_type = (service.get("environment") or {}).get("SERVICE_TYPE")
        if service_type:
            services[service_type] = (name, service)
    return services


def docker_compose(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["docker-compose", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def seconds(value: str | int) -> float:
    if isinstance(value, int):
        return float(value)
    match = re.fullmatch(r"(\d+)(s|m)", value)
    assert match, f"a duration like 30s: {value!r}"
    return float(match.group(1)) * (60 if match.group(2) == "m" else 1)


def soft_shutdown_s() -> float:
    from waymark.settings import Environment, RedisSettings, Settings
    from waymark.worker.celery_app import create_celery

    settings = Settings(env=Environment.TEST, redis=RedisSettings(url="redis://127.0.0.1:1/0"))
    value: float = create_celery(settings).conf.worker_soft_shutdown_timeout
    return value


needs_compose = pytest.mark.skipif(
    shutil.which("docker-compose") is None and not os.environ.get("CI"), reason="docker-compose missing"
)

# ---------------------------------------------------------------- Railway


def test_every_long_running_service_type_has_its_own_railway_config() -> None:
    configs = railway_configs()
    started = {}
    for name, config in configs.items():
        env, argv = split_command(config["deploy"]["startCommand"])
        if argv == [image_entrypoint()]:
            started[env.get("SERVICE_TYPE")] = name
    assert set(started) == long_running_service_types()
    assert all(name == service_type for service_type, name in started.items()), started
    assert set(configs) == long_running_service_types() | {WEB_CONFIG}


def test_railway_configs_use_only_known_keys_with_the_right_types() -> None:
    for name, config in railway_configs().items():
        assert set(config) <= set(KNOWN_KEYS), name
        for section, keys in config.items():
            assert set(keys) <= KNOWN_KEYS[section], (name, set(keys) - KNOWN_KEYS[section])
        deploy = config["deploy"]
        for key in ("healthcheckTimeout", "restartPolicyMaxRetries", "drainingSeconds", "overlapSeconds"):
            assert isinstance(deploy.get(key, 0), int), (name, key)  # Railway refuses "10"
        assert config["build"]["builder"] == "DOCKERFILE", name


@pytest.mark.parametrize("service_type", sorted(long_running_service_types()))
def test_each_start_command_starts_its_service_type(service_type: str, tmp_path: Path) -> None:
    command = railway_configs()[service_type]["deploy"]["startCommand"]
    lines = run_with_stubs(command, tmp_path, PORT="7123")
    expected = {
        "api": [r"^waymark migrate ", r"^waymark serve --host 0\.0\.0\.0 --port 7123 "],
        "celery_workflow": [r"^celery .* worker --queues roadmap_workflow --hostname workflow@%h "],
        "celery_content": [r"^celery .* worker --queues content_generation --hostname content@%h "],
        "celery_logs": [r"^celery .* worker --queues logs --hostname logs@%h "],
        "celery_all": [
            r"^celery .* worker --queues roadmap_workflow,content_generation,logs --hostname all@%h "
        ],
        "celery_beat": [r"^celery .* beat .*\| FLOWER_PORT= BEAT_REMOTE=true$"],
        "flower": [r"^waymark flower \| FLOWER_PORT=7123 "],  # Flower listens where Railway routes
    }[service_type]
    assert len(lines) == len(expected), lines
    for line, pattern in zip(lines, expected, strict=True):
        assert re.search(pattern, line), (line, pattern)


def test_web_config_starts_the_web_image_and_checks_its_login_page() -> None:
    config = railway_configs()[WEB_CONFIG]
    assert shlex.split(config["deploy"]["startCommand"]) == dockerfile_json(WEB_DOCKERFILE, "CMD")
    assert "dockerfilePath" not in config["build"]  # Railway finds frontend-next/Dockerfile itself
    assert config["deploy"]["healthcheckPath"] == "/login"
    assert (ROOT / "frontend-next" / "src" / "app" / "(auth)" / "login" / "page.tsx").is_file()


def test_api_is_health_checked_on_readiness() -> None:
    from waymark.api.routes.health import router

    path = railway_configs()["api"]["deploy"]["healthcheckPath"]
    assert path == "/health/ready"
    assert path in {getattr(route, "path", None) for route in router.routes}


def test_migrations_run_before_the_api_serves(tmp_path: Path) -> None:
    deploy = railway_configs()["api"]["deploy"]
    (pre_deploy,) = deploy["preDeployCommand"]  # Railway takes a list
    assert run_with_stubs(pre_deploy, tmp_path) == ["waymark migrate | FLOWER_PORT= BEAT_REMOTE="]
    for name, config in railway_configs().items():
        if name != "api":  # one migration per deploy, from the service that needs the schema
            assert "preDeployCommand" not in config["deploy"], name
    # and the api role itself migrates (a no-op at head) before it serves
    lines = run_with_stubs(deploy["startCommand"], tmp_path)
    assert [line.split()[1] for line in lines] == ["migrate", "serve"]


def test_flower_health_check_is_a_route_flower_serves_without_credentials() -> None:
    from flower.urls import handlers
    from flower.views.monitor import Healthcheck

    path = railway_configs()["flower"]["deploy"]["healthcheckPath"]
    rules = [
        (rule.regex.pattern, rule.handler_class) if hasattr(rule, "regex") else rule[:2] for rule in handlers
    ]
    assert any(re.fullmatch(pattern, path) and handler is Healthcheck for pattern, handler in rules)
    assert not getattr(Healthcheck.get, "__wrapped__", None)  # not behind tornado's @authenticated


def test_every_railway_service_restarts_when_it_crashes() -> None:
    configs = {**railway_configs(), "(root) railway.toml": tomllib.loads((ROOT / "railway.toml").read_text())}
    for name, config in configs.items():
        deploy = config["deploy"]
        assert deploy.get("restartPolicyType") in RESTART_POLICIES, name
        if deploy["restartPolicyType"] == "ON_FAILURE":
            assert deploy.get("restartPolicyMaxRetries", 0) >= 1, name


def test_railway_workers_get_time_for_celerys_soft_shutdown(tmp_path: Path) -> None:
    """Railway sends SIGKILL 3 s after SIGTERM unless drainingSeconds says otherwise; a worker
    needs its soft shutdown plus a cold shutdown that requeues what is left."""
    soft = soft_shutdown_s()
    for service_type in long_running_service_types():
        if worker_node_prefix(service_type, tmp_path) is not None:
            draining = railway_configs()[service_type]["deploy"].get("drainingSeconds", 3)
            assert draining >= soft + 15, service_type


def test_watch_patterns_cover_everything_the_image_is_built_from() -> None:
    """A change that reaches the image must deploy; a config change must deploy its service."""
    sources = []
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        words = line.split()
        if words[:1] == ["COPY"] and not any(word.startswith("--from") for word in words):
            sources += [word.rstrip("/") for word in words[1:-1] if not word.startswith("--")]
    assert sources, "the Dockerfile copies the project"
    for name, config in railway_configs().items():
        patterns = set(config["build"]["watchPatterns"])
        assert f"/railway/{name}.toml" in patterns, name
        if name == WEB_CONFIG:
            assert "/frontend-next/**" in patterns
            continue
        assert config["build"]["dockerfilePath"] == "Dockerfile", name
        for source in [*sources, "Dockerfile", ".dockerignore"]:
            assert {f"/{source}", f"/{source}/**"} & patterns, (name, source)


def test_root_railway_toml_never_contradicts_the_per_service_files() -> None:
    """Railway applies the root file to a service with no config path: it may build and
    restart, never pick a role (only the per-service files and SERVICE_TYPE do that)."""
    root = tomllib.loads((ROOT / "railway.toml").read_text())
    assert root["build"] == {"builder": "DOCKERFILE", "dockerfilePath": "Dockerfile"}
    assert not {"startCommand", "preDeployCommand", "healthcheckPath"} & set(root["deploy"])
    api = railway_configs()["api"]
    assert root["deploy"]["restartPolicyType"] == api["deploy"]["restartPolicyType"]
    longest = max(config["deploy"].get("drainingSeconds", 0) for config in railway_configs().values())
    assert root["deploy"]["drainingSeconds"] >= longest


def test_beat_options_set_through_the_environment_reach_celery_beat() -> None:
    """Railway's beat command and compose's beat service turn on remote control with
    CELERY_BEAT_* variables; Celery's CLI must read them (a bad value is refused by name)."""
    celery = Path(sys.executable).with_name("celery")
    for variable, option in (
        ("CELERY_BEAT_REMOTE_CONTROL", "--enable-remote-control"),
        ("CELERY_BEAT_MAX_INTERVAL", "--max-interval"),
    ):
        env = {**os.environ, variable: "not-a-value"}
        result = subprocess.run(
            [str(celery), "-b", "redis://127.0.0.1:1/0", "beat"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2
        assert f"Invalid value for '{option}'" in result.stderr
    beat_env, _ = split_command(railway_configs()["celery_beat"]["deploy"]["startCommand"])
    _, compose_beat = compose_services_by_type()["celery_beat"]
    for env in (beat_env, compose_beat["environment"]):
        assert env["CELERY_BEAT_REMOTE_CONTROL"] == "true"
        assert int(env["CELERY_BEAT_MAX_INTERVAL"]) <= 30  # beat falls silent after 2 × this


# ---------------------------------------------------------------- docker-compose


@needs_compose
def test_compose_file_is_valid_and_has_every_service() -> None:
    env = {**os.environ, "JWT_SECRET_KEY": "x" * 40, "FLOWER_BASIC_AUTH": "admin:secret-password"}
    check = docker_compose(env, "config", "-q")
    assert check.returncode == 0, check.stderr
    services = docker_compose(env, "config", "--services").stdout.split()
    assert set(services) >= {
        "postgres", "redis", "migrate", "api", "worker-workflow", "worker-content", "worker-logs",
        "beat", "flower", "frontend",
    }  # fmt: skip


def test_compose_runs_a_worker_for_every_queue() -> None:
    by_type = compose_services_by_type()
    for service_type in ("celery_workflow", "celery_content", "celery_logs", "celery_beat", "api", "flower"):
        assert service_type in by_type, service_type
    assert by_type["migrate"][1].get("restart") == "no"


def test_every_compose_worker_and_beat_pings_its_own_node(tmp_path: Path) -> None:
    """`celery inspect ping --destination <name>@$HOSTNAME`: this container's worker, not any
    worker of the queue, so a dead replica cannot pass on a live one's answer."""
    from celery.beat import NODENAME_DEFAULT

    checked = set()
    for service_type, (name, service) in compose_services_by_type().items():
        prefix = (
            NODENAME_DEFAULT if service_type == "celery_beat" else worker_node_prefix(service_type, tmp_path)
        )
        if prefix is None:
            continue
        health = service.get("healthcheck")
        assert health, f"{name} has no healthcheck"
        kind, command = health["test"]
        assert kind == "CMD-SHELL", name
        words = shlex.split(command.replace("$$", "$"))  # compose's escape for a literal $
        assert words[:1] == ["celery"] and words[3:5] == ["inspect", "ping"], command
        assert words[1:3] == ["-b", "$REDIS_URL"] and "REDIS_URL" in service["environment"], command
        assert words[words.index("--destination") + 1] == f"{prefix}@$HOSTNAME", name
        assert "hostname" not in service, f"{name}: a fixed hostname would name every replica alike"
        ping_timeout = float(words[words.index("--timeout") + 1])
        assert seconds(health["timeout"]) > ping_timeout, name
        assert seconds(health["interval"]) >= seconds(health["timeout"]), name
        assert health["retries"] >= 2, name
        checked.add(service_type)
    assert checked >= {"celery_workflow", "celery_content", "celery_logs", "celery_beat"}


def test_compose_gives_workers_time_for_celerys_soft_shutdown(tmp_path: Path) -> None:
    soft = soft_shutdown_s()
    for service_type, (name, service) in compose_services_by_type().items():
        if worker_node_prefix(service_type, tmp_path) is not None:
            assert seconds(service.get("stop_grace_period", "10s")) >= soft + 15, name


def test_compose_http_services_are_health_checked_and_migration_comes_first() -> None:
    by_type = compose_services_by_type()
    assert "/health/ready" in " ".join(by_type["api"][1]["healthcheck"]["test"])
    assert "/healthcheck" in " ".join(by_type["flower"][1]["healthcheck"]["test"])
    for service_type, (name, service) in by_type.items():
        if service_type != "migrate":
            assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name


@needs_compose
@pytest.mark.parametrize("secret", ["JWT_SECRET_KEY", "FLOWER_BASIC_AUTH"])
def test_compose_refuses_to_start_without_each_secret(secret: str) -> None:
    given = {"JWT_SECRET_KEY": "j" * 40, "FLOWER_BASIC_AUTH": "admin:secret-password"}
    env = {k: v for k, v in os.environ.items() if k not in given}
    missing = docker_compose(env | {k: v for k, v in given.items() if k != secret}, "config", "-q")
    assert missing.returncode != 0
    assert secret in missing.stderr
    rendered = yaml.safe_load(docker_compose(env | given, "config").stdout)["services"]
    needing = {
        "JWT_SECRET_KEY": {n for n, s in rendered.items() if "SERVICE_TYPE" in s.get("environment", {})},
        "FLOWER_BASIC_AUTH": {"flower"},
    }[secret]
    assert needing
    for name in needing:  # the value comes from the required variable, never from a default
        assert rendered[name]["environment"][secret] == given[secret], name


def test_flower_refuses_to_start_without_basic_auth_outside_dev() -> None:
    env = {k: v for k, v in os.environ.items() if k != "FLOWER_BASIC_AUTH"}
    env |= {
        "WAYMARK_ENV": "production",
        "JWT_SECRET_KEY": "x" * 40,
        "DATABASE_URL": "postgresql://u@127.0.0.1:1/db",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    result = subprocess.run(
        [sys.executable, "-m", "waymark", "flower"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "FLOWER_BASIC_AUTH" in result.stderr
