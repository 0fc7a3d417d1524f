"""``waymark sim``: the LLM and search simulators in the foreground."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

import structlog

from waymark.llm.simulator.app import create_llm_simulator
from waymark.search.simulator import create_search_simulator
from waymark.threaded_server import serve_in_thread

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class SimulatorURLs:
    llm_base_url: str  # pass as OPENAI_BASE_URL
    search_base_url: str  # pass as TAVILY_BASE_URL


@contextmanager
def running_simulators(
    llm_port: int | None = None, search_port: int | None = None
) -> Iterator[SimulatorURLs]:
    with ExitStack() as stack:
        llm = stack.enter_context(serve_in_thread(create_llm_simulator(), llm_port))
        search = stack.enter_context(serve_in_thread(create_search_simulator(), search_port))
        yield SimulatorURLs(llm_base_url=f"{llm}/v1", search_base_url=search)


def run_simulators(llm_port: int, search_port: int) -> None:
    with running_simulators(llm_port, search_port) as urls:
        log.warning("sim.running", llm=urls.llm_base_url, search=urls.search_base_url)
        while True:
            time.sleep(3600)
