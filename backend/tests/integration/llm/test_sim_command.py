"""`waymark sim` serves both simulators from the command line."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx

from waymark.threaded_server import free_port


def test_waymark_sim_serves_chat_completions_and_search() -> None:
    llm_port, search_port = free_port(), free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "waymark",
            "sim",
            "--llm-port",
            str(llm_port),
            "--search-port",
            str(search_port),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{llm_port}/_sim/stats", timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "simulator did not start"
                time.sleep(0.1)
        chat = httpx.post(
            f"http://127.0.0.1:{llm_port}/v1/chat/completions",
            json={"model": "m", "messages": [{"role": "system", "content": "[waymark-role: intent]"},
                                             {"role": "user", "content": "Learner goal: Learn Go"}]},
        )  # fmt: skip
        assert chat.status_code == 200
        assert '"topic": "Go"' in chat.json()["choices"][0]["message"]["content"]
        found = httpx.post(f"http://127.0.0.1:{search_port}/search", json={"query": "Go channels"})
        assert len(found.json()["results"]) >= 4
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=10)
    assert f"OPENAI_BASE_URL=http://127.0.0.1:{llm_port}/v1" in out
