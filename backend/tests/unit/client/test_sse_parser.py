"""The SSE parser against the WHATWG event-stream rules, fed the way a socket delivers text."""

from __future__ import annotations

import json

import pytest

from waymark.client.events import Heartbeat, SSEMessage, SSEParser, TaskEvent, task_event

FRAME = (
    "retry: 2000\n\n"
    'id: 1-0\nevent: step\ndata: {"id": "1-0", "type": "step", "step": "intent_analysis",'
    ' "data": {"progress": 10}}\n\n'
    ": ping\n\n"
    'id: 2-0\nevent: log\ndata: {"type": "log", "message": "two\\nlines"}\n\n'
)


def messages(items: list[SSEMessage | Heartbeat]) -> list[SSEMessage]:
    return [item for item in items if isinstance(item, SSEMessage)]


def test_a_whole_stream_gives_messages_heartbeats_ids_and_the_retry_delay() -> None:
    parser = SSEParser()
    items = parser.feed(FRAME)
    assert [type(item).__name__ for item in items] == ["SSEMessage", "Heartbeat", "SSEMessage"]
    first, ping, second = items
    assert isinstance(first, SSEMessage) and isinstance(second, SSEMessage)
    assert (first.id, first.event) == ("1-0", "step")
    assert json.loads(first.data)["data"] == {"progress": 10}
    assert ping == Heartbeat("ping")
    assert (second.id, second.event) == ("2-0", "log")
    assert parser.last_event_id == "2-0"
    assert parser.retry_ms == 2000


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64])
def test_chunks_of_any_size_give_the_same_messages(size: int) -> None:
    whole = messages(SSEParser().feed(FRAME))
    parser = SSEParser()
    pieces: list[SSEMessage | Heartbeat] = []
    for start in range(0, len(FRAME), size):
        pieces.extend(parser.feed(FRAME[start : start + size]))
    assert messages(pieces) == whole
    assert len(whole) == 2


def test_multi_line_data_is_joined_with_newlines_and_one_leading_space_is_dropped() -> None:
    items = SSEParser().feed("data: first\ndata:second\ndata:  third\n\n")
    assert messages(items) == [SSEMessage(data="first\nsecond\n third")]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_ending_works(newline: str) -> None:
    text = f"id: 7-1{newline}event: usage{newline}data: x{newline}{newline}"
    assert messages(SSEParser().feed(text)) == [SSEMessage(data="x", event="usage", id="7-1")]


def test_crlf_split_between_chunks_is_one_line_ending_not_two() -> None:
    parser = SSEParser()
    out = parser.feed("data: a\r")
    out += parser.feed("\ndata: b\r\n\r")
    out += parser.feed("\n")
    assert messages(out) == [SSEMessage(data="a\nb")]


def test_nothing_is_dispatched_until_the_blank_line_arrives() -> None:
    parser = SSEParser()
    assert parser.feed("id: 3-0\ndata: half") == []
    assert parser.feed(" done\n") == []
    assert messages(parser.feed("\n")) == [SSEMessage(data="half done", id="3-0")]


def test_an_id_without_data_moves_the_last_event_id_but_dispatches_nothing() -> None:
    parser = SSEParser()
    assert parser.feed("id: 9-0\n\n") == []
    assert parser.last_event_id == "9-0"
    assert messages(parser.feed("data: later\n\n")) == [SSEMessage(data="later", id="9-0")]


def test_comments_are_heartbeats_and_unknown_fields_are_ignored() -> None:
    items = SSEParser().feed(": ping\nfoo: bar\nretry: soon\ndata: x\n\n")
    assert items == [Heartbeat("ping"), SSEMessage(data="x")]


def test_task_event_reads_the_json_body_and_falls_back_to_the_frame() -> None:
    body = {
        "id": "5-0",
        "task_id": "t",
        "type": "concept",
        "step": "content_generation",
        "message": "",
        "level": "info",
        "data": {"concept_id": "c1", "content_type": "quiz", "state": "completed"},
    }
    event = task_event(SSEMessage(data=json.dumps(body), event="concept", id="5-0"))
    assert event == TaskEvent(
        id="5-0",
        type="concept",
        step="content_generation",
        data={"concept_id": "c1", "content_type": "quiz", "state": "completed"},
    )
    assert not event.terminal
    plain = task_event(SSEMessage(data="not json", event="failed", id="6-0"))
    assert (plain.type, plain.message, plain.terminal) == ("failed", "not json", True)
