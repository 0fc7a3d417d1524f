"""Time from `./scripts/dev.sh` start to `/health/ready` 200, cold then warm.

Usage: python bench/dev_start.py /path/to/a/fresh/clone [--port 8765]
Cold: the first run in the clone (no .venv, no .waymark: install + initdb).
Warm: a second run (environment installed, database initialised).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request


def time_to_ready(clone: str, port: int, timeout_s: float = 900) -> float:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "VIRTUAL_ENV"}}
    env["PORT"] = str(port)
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603
        ["./scripts/dev.sh"],
        cwd=clone,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while time.perf_counter() - started < timeout_s:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        return time.perf_counter() - started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if process.poll() is not None:
                raise RuntimeError(f"dev.sh exited with {process.returncode}")
            time.sleep(0.1)
        raise RuntimeError("timed out")
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("clone")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    cold = time_to_ready(args.clone, args.port)
    warm = time_to_ready(args.clone, args.port)
    sys.stdout.write(f"dev.sh -> /health/ready 200: cold {cold:.1f} s, warm {warm:.1f} s\n")


if __name__ == "__main__":
    main()
