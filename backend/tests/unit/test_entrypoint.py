from __future__ import annotations

import os
import subprocess
from pathlib import Path

ENTRYPOINT = Path(__file__).resolve().parents[3] / "scripts" / "railway_entrypoint.sh"


def run_entrypoint(service_type: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SERVICE_TYPE"}
    if service_type is not None:
        env["SERVICE_TYPE"] = service_type
    return subprocess.run(["bash", str(ENTRYPOINT)], env=env, capture_output=True, text=True, timeout=30)


def test_unknown_service_type_exits_2_listing_valid_values() -> None:
    result = run_entrypoint("webscale")
    assert result.returncode == 2
    assert "Unknown SERVICE_TYPE: webscale" in result.stderr
    assert "api" in result.stderr
    assert "migrate" in result.stderr


def test_missing_service_type_is_refused() -> None:
    result = run_entrypoint(None)
    assert result.returncode == 2
    assert "Unknown SERVICE_TYPE: <unset>" in result.stderr
