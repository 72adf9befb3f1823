"""One request, one clear line when it fails; conditional requests save the backend work."""

from __future__ import annotations

import pytest

from ioc_console.model.sources import SourceSpec
from ioc_console.runtime.http_fetch import FetchError, fetch
from tests.loopback_server import Loopback


@pytest.fixture
def server():
    loopback = Loopback()
    yield loopback
    loopback.stop()


def spec_for(url: str, **extra) -> SourceSpec:
    return SourceSpec(id="s", kind="json", url=url, **extra)


def test_a_second_request_with_the_etag_is_answered_not_modified(server):
    first = fetch(spec_for(server.url))
    assert first.body == b'{"level": 1}' and first.etag
    second = fetch(spec_for(server.url), etag=first.etag)
    assert second.not_modified and server.requests[-1]["If-None-Match"] == first.etag


def test_a_slow_backend_times_out_after_the_source_timeout(server):
    server.slow = True
    with pytest.raises(FetchError, match=r"timed out after 0.3 s") as caught:
        fetch(spec_for(server.url, timeout_s=0.3))
    assert caught.value.unreachable


def test_refused_503_and_truncated_answers_each_say_what_happened(server):
    server.status = 503
    with pytest.raises(FetchError, match="HTTP 503 Service Unavailable"):
        fetch(spec_for(server.url))
    server.status, server.truncate = 200, True
    with pytest.raises(FetchError, match="truncated"):
        fetch(spec_for(server.url))
    url = server.url
    server.stop()
    with pytest.raises(FetchError, match="cannot connect to 127.0.0.1:.*refused") as caught:
        fetch(spec_for(url))
    assert caught.value.unreachable


def test_a_bearer_token_comes_from_the_environment_and_never_shows(server, monkeypatch):
    monkeypatch.setenv("IOC_TEST_TOKEN", "s3cr3t-value")
    spec = spec_for(server.url, auth={"type": "bearer", "token": {"env": "IOC_TEST_TOKEN"}})
    fetch(spec)
    assert server.requests[-1]["Authorization"] == "Bearer s3cr3t-value"
    assert "s3cr3t" not in repr(spec) + spec.model_dump_json()
    monkeypatch.delenv("IOC_TEST_TOKEN")
    with pytest.raises(FetchError, match="environment variable IOC_TEST_TOKEN is not set"):
        fetch(spec)
