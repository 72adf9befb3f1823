"""Sources in the layout: mistakes are refused at load time, secrets never show."""

from __future__ import annotations

import keyring
import pytest
from hypothesis import given
from hypothesis import strategies as st
from keyring.backend import KeyringBackend
from pydantic import ValidationError

from ioc_console.model.sources import (
    SecretRef,
    SecretUnavailable,
    SourceSpec,
    resolve_secret,
)

SECRET = "s3cr3t-Value-do-not-print"


def source(**fields) -> SourceSpec:
    return SourceSpec.model_validate({"id": "rivers", "kind": "json",
                                      "url": "/api/kpi/rivers", **fields})


def refusal(**fields) -> str:
    with pytest.raises(ValidationError) as caught:
        source(**fields)
    return str(caught.value)


def test_a_minimal_source_gets_the_documented_defaults():
    spec = source()
    assert (spec.poll_s, spec.timeout_s, spec.ttl_s, spec.headers, spec.auth) == (
        30, 10, None, {}, None)
    assert spec.effective_ttl() == 90
    assert source(poll_s=5, ttl_s=7).effective_ttl() == 7


def test_a_relative_url_resolves_against_the_backend_and_keeps_its_prefix():
    assert source().resolve("http://10.0.0.5:8080").url == "http://10.0.0.5:8080/api/kpi/rivers"
    assert source().resolve("https://ioc.example/gw/").url == "https://ioc.example/gw/api/kpi/rivers"
    assert source().resolve(None).url == "/api/kpi/rivers"
    absolute = source(url="https://other.example/x")
    assert absolute.resolve("http://ignored").url == "https://other.example/x"


@pytest.mark.parametrize("bad", ["Rivers", "-rivers", "river level", "", "a/b", "x" * 65])
def test_a_source_id_must_be_lowercase_and_file_name_safe(bad):
    assert "id" in refusal(id=bad)


@given(st.from_regex(r"\A[a-z0-9][a-z0-9_.-]{0,40}\Z"))
def test_every_id_of_the_documented_pattern_is_accepted(source_id):
    assert source(id=source_id).id == source_id


def test_an_unknown_kind_or_field_is_refused():
    assert "kind" in refusal(kind="xml")
    assert "Extra inputs are not permitted" in refusal(pol_s=5)


def test_limits_on_poll_and_timeout():
    assert "poll_s" in refusal(poll_s=0.1)
    assert "timeout_s" in refusal(timeout_s=0)
    assert "timeout_s" in refusal(timeout_s=121)


@pytest.mark.parametrize("url", ["ftp://x/y", "rivers", "http:///nohost"])
def test_a_url_must_be_http_file_or_a_backend_path(url):
    assert "source URL" in refusal(url=url)


def test_a_broken_jmespath_is_refused_with_one_line_naming_the_column():
    message = refusal(extract="stations[?level > `3`")
    line = next(li for li in message.splitlines() if "JMESPath" in li)
    assert "invalid JMESPath expression 'stations[?level > `3`'" in line
    assert "at column" in line
    assert source(extract="stations[?level > `3`].name").extract


def test_kind_specific_fields_are_checked():
    assert "needs a query" in refusal(kind="prometheus", url="/api/prometheus")
    assert "for prometheus" in refusal(query="up")
    assert "needs range_s" in refusal(kind="prometheus", url="/p", query="up", step_s=15)
    assert "extract applies to" in refusal(kind="cap", url="/cap.atom", extract="alerts")
    spec = source(kind="prometheus", url="/api/prometheus", query="up", range_s=3600, step_s=60)
    assert spec.range_s == 3600


def test_credentials_never_go_in_the_layout_itself():
    assert "credentials" in refusal(url="https://user:pw@ioc.example/api")
    assert "auth" in refusal(headers={"Authorization": "Bearer abc"})
    assert "auth" in refusal(headers={"cookie": "session=abc"})


def test_a_secret_reference_names_exactly_one_place():
    with pytest.raises(ValidationError, match="exactly one"):
        SecretRef()
    with pytest.raises(ValidationError, match="exactly one"):
        SecretRef(env="A", keyring="svc/user")
    with pytest.raises(ValidationError, match="service/username"):
        SecretRef(keyring="no-slash")
    with pytest.raises(ValidationError, match="environment variable name"):
        SecretRef(env="IOC TOKEN")


def test_auth_is_discriminated_on_its_type():
    assert "type" in refusal(auth={"type": "digest", "token": {"env": "T"}})
    assert source(auth={"type": "basic", "username": "ioc",
                        "password": {"env": "IOC_PW"}}).auth.username == "ioc"
    header = source(auth={"type": "header", "header": "X-API-Key", "value": {"env": "K"}})
    assert header.auth.header == "X-API-Key"


def test_a_secret_from_the_environment_is_read_and_never_shown(monkeypatch):
    monkeypatch.setenv("IOC_TOKEN", SECRET)
    spec = source(auth={"type": "bearer", "token": {"env": "IOC_TOKEN"}},
                  headers={"X-Tenant": "lao-cai"})
    assert resolve_secret(spec.auth.token) == SECRET
    shown = [repr(spec), str(spec), spec.model_dump_json(), repr(spec.auth),
             str(spec.model_dump())]
    assert all(SECRET not in text for text in shown)
    assert "IOC_TOKEN" in str(spec.model_dump())  # the variable's NAME is fine
    assert "lao-cai" not in repr(spec)  # header values are masked in reprs


def test_a_missing_secret_says_where_it_looked(monkeypatch):
    monkeypatch.delenv("IOC_TOKEN", raising=False)
    with pytest.raises(SecretUnavailable, match="^environment variable IOC_TOKEN is not set$"):
        resolve_secret(SecretRef(env="IOC_TOKEN"))
    monkeypatch.setenv("IOC_TOKEN", " ")
    with pytest.raises(SecretUnavailable, match="IOC_TOKEN is empty"):
        resolve_secret(SecretRef(env="IOC_TOKEN"))


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self, entries=None, broken=False):
        super().__init__()
        self.entries = entries or {}
        self.broken = broken

    def get_password(self, service, username):
        if self.broken:
            raise keyring.errors.KeyringLocked("the keyring is locked")
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        self.entries.pop((service, username), None)


@pytest.fixture
def keyring_backend():
    previous = keyring.get_keyring()
    backend = MemoryKeyring({("ioc-console", "prometheus"): SECRET})
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_a_secret_from_the_keyring(keyring_backend):
    assert resolve_secret(SecretRef(keyring="ioc-console/prometheus")) == SECRET
    with pytest.raises(SecretUnavailable, match="keyring has no entry ioc-console/other"):
        resolve_secret(SecretRef(keyring="ioc-console/other"))
    keyring_backend.broken = True
    with pytest.raises(SecretUnavailable, match="cannot be read") as caught:
        resolve_secret(SecretRef(keyring="ioc-console/prometheus"))
    assert SECRET not in str(caught.value)
