"""An event stream gives the same events however the network splits it (WHATWG rules)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ioc_console.data.errors import ParseError
from ioc_console.data.sse import SseEvent, SseParser, parse_sse_text

STREAM = (Path(__file__).parent / "fixtures" / "sse" / "stream.txt").read_text("utf-8")

MIXED = (
    "\ufeffretry: 3000\r\n"
    ": keep-alive\r\n"
    "\r\n"
    "id: 1\r"
    "event: alert\r"
    "data: line one\r"
    "data:line two\r"
    "\r"
    "id: 2\n"
    "data: {\"x\": 1}\n"
    "\n"
    ": another heartbeat\r\n"
    "data\r\n"
    "\r\n"
    "event: only-event\r\n"
    "\r\n"
    "id: 3\n"
    "\n"
    "data: tail without blank line"
)


def feed_all(chunks: list[str]) -> tuple[list[SseEvent], SseParser]:
    parser = SseParser()
    events: list[SseEvent] = []
    for chunk in chunks:
        events.extend(parser.feed(chunk))
    return events, parser


def state(parser: SseParser) -> tuple:
    return parser.last_event_id, parser.retry_ms, parser.heartbeats


def test_fixture_stream():
    events, parser = parse_sse_text(STREAM)
    assert [(e.event, e.id) for e in events] == [("alert", "4217"), ("metric", "4218")]
    assert events[0].data.startswith('{"id":"VN-LCI-IOC-SIM-20240909-0004"')
    assert state(parser) == ("4218", 5000, 1)


def test_mixed_line_endings_multiline_data_and_undispatched_events():
    events, parser = feed_all([MIXED])
    assert events == [
        SseEvent("alert", "line one\nline two", "1"),
        SseEvent("message", '{"x": 1}', "2"),
        SseEvent("message", "", "2"),  # a bare "data" line dispatches an empty data event
    ]
    # the event-only block is not dispatched; the id-only block still sets the last id;
    # the tail without a blank line is never dispatched
    assert state(parser) == ("3", 3000, 2)


def test_split_at_every_position_gives_identical_events():
    whole = feed_all([MIXED])
    for cut in range(len(MIXED) + 1):
        split = feed_all([MIXED[:cut], MIXED[cut:]])
        assert split[0] == whole[0], cut
        assert state(split[1]) == state(whole[1]), cut


def test_crlf_split_between_cr_and_lf_is_one_line_end():
    events, _ = feed_all(["data: a\r", "\n", "\r", "\ndata: b\r\n\r\n"])
    assert events == [SseEvent("message", "a", None), SseEvent("message", "b", None)]


def test_cr_at_chunk_end_dispatches_without_waiting_for_the_next_chunk():
    parser = SseParser()
    assert parser.feed("data: now\r\r") == [SseEvent("message", "now", None)]
    assert parser.feed("\ndata: next\n\n") == [SseEvent("message", "next", None)]


def test_one_leading_space_is_stripped_and_only_one():
    events, _ = feed_all(["data:  two spaces\nevent:x\n\n"])
    assert events == [SseEvent("x", " two spaces", None)]


def test_retry_only_digits():
    parser = SseParser()
    parser.feed("retry: 1500\n\nretry: 15s\n\nretry: -1\n\nretry:\n\nretry: ２０\n\n")
    assert parser.retry_ms == 1500


def test_id_with_nul_is_ignored_and_empty_id_resets():
    parser = SseParser()
    events = parser.feed("id: 7\ndata: a\n\nid: bad\0id\ndata: b\n\nid\ndata: c\n\n")
    assert [e.id for e in events] == ["7", "7", None]
    assert parser.last_event_id is None


def test_last_event_id_persists_across_events_without_id():
    parser = SseParser()
    events = parser.feed("id: 42\ndata: a\n\ndata: b\n\n")
    assert [e.id for e in events] == ["42", "42"] and parser.last_event_id == "42"


def test_comments_count_as_heartbeats_and_unknown_fields_are_ignored():
    parser = SseParser()
    assert parser.feed(": ping\n\n:\n\nfoo: bar\n\n") == []
    assert parser.heartbeats == 2


def test_bom_is_stripped_only_at_the_start():
    parser = SseParser()
    assert parser.feed("\ufeff") == []
    events = parser.feed("data: a\n\n\ufeffdata: b\n\n")
    assert events == [SseEvent("message", "a", None)]  # "\ufeffdata" is an unknown field


def test_endless_line_or_event_is_refused_instead_of_eating_memory():
    parser = SseParser(max_event_chars=100)
    parser.feed("x" * 60)
    with pytest.raises(ParseError, match="line longer than 100"):
        parser.feed("x" * 60)
    parser = SseParser(max_event_chars=100)
    with pytest.raises(ParseError, match="event larger than 100"):
        parser.feed("data: " + "y" * 50 + "\n" + "data: " + "y" * 50 + "\n")
    assert parser.feed("data: ok\n\n") == [SseEvent("message", "ok", None)]  # reset, usable


# --- property: any chunking, any stream ---------------------------------------------------

fields = st.sampled_from(["data", "event", "id", "retry", "", ":", "data:", "id:", "x"])
values = st.text(alphabet=st.sampled_from("ab 1:\u00e9\u1ea1"), max_size=6)
line_ends = st.sampled_from(["\n", "\r", "\r\n"])
lines = st.builds(lambda f, v, end: f"{f}{v}{end}", fields, values, line_ends)
streams = st.lists(lines, max_size=25).map("".join)


def reference(stream: str) -> list[SseEvent]:
    """WHATWG's algorithm written the naive way: split the whole text, then walk the lines."""
    *complete, _partial = re.split(r"\r\n|\r|\n", stream.removeprefix("\ufeff"))
    events, data, event, last_id, id_buffer = [], [], "", None, ""
    for line in complete:
        if not line:
            last_id = id_buffer or None
            if data:
                events.append(SseEvent(event or "message", "\n".join(data), last_id))
            data, event = [], ""
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "data":
            data.append(value)
        elif name == "event":
            event = value
        elif name == "id" and "\0" not in value:
            id_buffer = value
    return events


@settings(max_examples=150, deadline=None)
@given(streams, st.lists(st.integers(min_value=0, max_value=200), max_size=8))
def test_any_chunking_gives_the_events_of_the_whole_stream(stream, cuts):
    positions = sorted({min(c, len(stream)) for c in cuts})
    chunks = [stream[a:b] for a, b in zip([0, *positions], [*positions, len(stream)],
                                          strict=True)]
    whole_events, whole = feed_all([stream])
    split_events, split = feed_all(chunks)
    assert whole_events == reference(stream)
    assert split_events == whole_events
    assert state(split) == state(whole)


@settings(max_examples=60, deadline=None)
@given(streams)
def test_character_by_character_equals_whole(stream):
    whole_events, whole = feed_all([stream])
    split_events, split = feed_all(list(stream))
    assert split_events == whole_events and state(split) == state(whole)
