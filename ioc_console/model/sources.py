"""Data sources declared in a layout: where to fetch, how often, how fresh, with what secret.

Secrets are never written in the layout: a source names an environment variable or a
keyring entry, and the value is read only when a request is made (``resolve_secret``).
Nothing here prints a secret's value, not even a repr; header values are masked in reprs
too, because a header is where a careless layout would put a key.
"""

from __future__ import annotations

import os
import re
from typing import Annotated, Any, Literal
from urllib.parse import urljoin, urlsplit

import jmespath
from jmespath import exceptions as jmespath_errors
from pydantic import Field, field_validator, model_validator

from .common import LocalizedText, StrictModel

SourceKind = Literal["json", "cap", "geojson", "prometheus", "sse"]
SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
EXTRACTABLE_KINDS = ("json", "geojson", "prometheus")
"""The kinds whose payload is JSON-shaped, so a JMESPath ``extract`` means something."""

_CREDENTIAL_HEADERS = {"authorization", "proxy-authorization", "cookie"}


class SecretUnavailable(RuntimeError):
    """The secret a source needs is not there; the message says where it was looked for."""


class SecretRef(StrictModel):
    """Where a secret lives, never the secret itself: an environment variable or a keyring
    entry written ``service/username``. Exactly one of them."""

    env: str | None = Field(None, description="environment variable holding the secret")
    keyring: str | None = Field(None, description="'service/username' in the OS keyring")

    @model_validator(mode="after")
    def _exactly_one(self) -> SecretRef:
        if (self.env is None) == (self.keyring is None):
            raise ValueError("a secret names exactly one of env or keyring")
        if self.env is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", self.env):
            raise ValueError(f"env must be an environment variable name, not {self.env!r}")
        if self.keyring is not None:
            service, _, username = self.keyring.partition("/")
            if not service or not username:
                raise ValueError("keyring is written 'service/username'")
        return self

    def where(self) -> str:
        """Where the secret is read from, for messages ("environment variable IOC_TOKEN")."""
        if self.env is not None:
            return f"environment variable {self.env}"
        return f"keyring entry {self.keyring}"


class BearerAuth(StrictModel):
    """``Authorization: Bearer <token>``."""

    type: Literal["bearer"]
    token: SecretRef


class BasicAuth(StrictModel):
    """HTTP basic authentication; the user name is not secret, the password is."""

    type: Literal["basic"]
    username: str
    password: SecretRef


class HeaderAuth(StrictModel):
    """An API key sent in a header of its own (``X-API-Key: <secret>``), as many government
    data portals ask; the key stays out of the layout like any other secret."""

    type: Literal["header"]
    header: str = Field(pattern=r"^[A-Za-z0-9-]+$")
    value: SecretRef


Auth = Annotated[BearerAuth | BasicAuth | HeaderAuth, Field(discriminator="type")]


class SourceSpec(StrictModel):
    """One source of the layout, validated when the layout loads so mistakes surface there
    and not as a mysterious grey tile at 3 a.m."""

    id: str = Field(max_length=64, description="lowercase letters, digits, '_', '.', '-'")
    kind: SourceKind
    url: str = Field(description="http(s) URL, or a path ('/api/kpi/rivers') resolved against "
                                 "the layout's backend")
    title: LocalizedText | None = None
    poll_s: float = Field(30, ge=0.5, le=86400, description="seconds between polls")
    timeout_s: float = Field(10, gt=0, le=120, description="connect and read timeout")
    ttl_s: float | None = Field(None, gt=0, description="age after which data is stale "
                                "(default 3 x poll_s); for sse: the heartbeat timeout")
    headers: dict[str, str] = Field(default_factory=dict)
    auth: Auth | None = None
    extract: str | None = Field(None, description="JMESPath applied to JSON-shaped payloads")
    query: str | None = Field(None, description="Prometheus: PromQL expression")
    range_s: float | None = Field(None, gt=0, description="Prometheus: query_range window "
                                  "(instant query when absent)")
    step_s: float | None = Field(None, gt=0, description="Prometheus: query_range step")

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not SOURCE_ID.match(value):
            raise ValueError(f"source id {value!r} must start with a lowercase letter or digit "
                             "and hold only lowercase letters, digits, '_', '.' and '-'")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value.startswith("/"):
            return value
        parts = urlsplit(value)
        if parts.scheme == "file":
            return value
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"a source URL is http(s)://host/..., file:... or a path starting "
                             f"with '/', not {value!r}")
        if parts.username is not None or parts.password is not None:
            raise ValueError("credentials do not belong in a source URL: use auth with env "
                             "or keyring")
        return value

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value:
            if name.strip().lower() in _CREDENTIAL_HEADERS:
                raise ValueError(f"header {name} carries credentials: use auth with env or "
                                 "keyring instead, so the secret stays out of the layout")
        return value

    @field_validator("extract")
    @classmethod
    def _extract(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                jmespath.compile(value)
            except jmespath_errors.JMESPathError as error:
                raise ValueError(describe_jmespath_error(value, error)) from None
        return value

    @model_validator(mode="after")
    def _kind_specific(self) -> SourceSpec:
        if self.kind == "prometheus":
            if not self.query:
                raise ValueError("a prometheus source needs a query")
            if self.step_s is not None and self.range_s is None:
                raise ValueError("step_s needs range_s (a range query)")
        elif self.query is not None or self.range_s is not None or self.step_s is not None:
            raise ValueError("query, range_s and step_s are for prometheus sources")
        if self.extract is not None and self.kind not in EXTRACTABLE_KINDS:
            raise ValueError(f"extract applies to {', '.join(EXTRACTABLE_KINDS)} sources, "
                             f"not {self.kind}")
        return self

    def __repr_args__(self) -> Any:
        # Header values may be keys someone pasted in despite the rules: never show them.
        for name, value in super().__repr_args__():
            if name == "headers" and value:
                yield name, {key: "***" for key in value}
            else:
                yield name, value

    def effective_ttl(self) -> float:
        """Age after which a value is no longer live: three missed polls by default, so one
        slow or lost answer does not make a tile flicker."""
        return self.ttl_s if self.ttl_s is not None else 3 * self.poll_s

    @property
    def is_relative(self) -> bool:
        return self.url.startswith("/")

    def resolve(self, base_url: str | None) -> SourceSpec:
        """The same source with a relative URL made absolute against ``base_url`` (which may
        carry a path prefix: ``http://ioc/gw`` + ``/api/x`` -> ``http://ioc/gw/api/x``)."""
        if not self.is_relative or base_url is None:
            return self
        absolute = urljoin(base_url.rstrip("/") + "/", self.url.lstrip("/"))
        return self.model_copy(update={"url": absolute})


def describe_jmespath_error(expression: str, error: Exception) -> str:
    """One line naming the expression, the 1-based column and the reason (jmespath's own
    message spans three lines with a caret drawing)."""
    position = getattr(error, "lex_position", None)
    if isinstance(error, jmespath_errors.IncompleteExpressionError):
        reason = "incomplete expression"
    elif isinstance(error, jmespath_errors.LexerError):
        reason = str(getattr(error, "message", "") or "bad token")
    else:
        reason = str(getattr(error, "msg", "") or error)
    where = f" at column {position + 1}" if isinstance(position, int) else ""
    return " ".join(f"invalid JMESPath expression {expression!r}{where}: {reason}".split())


def resolve_secret(ref: SecretRef) -> str:
    """The secret's value, read now (so a rotated token is picked up at the next request).

    Raises :class:`SecretUnavailable` naming where it looked, never what it found.
    """
    if ref.env is not None:
        value = os.environ.get(ref.env)
        if value is None:
            raise SecretUnavailable(f"environment variable {ref.env} is not set")
        if not value.strip():
            raise SecretUnavailable(f"environment variable {ref.env} is empty")
        return value
    service, _, username = (ref.keyring or "").partition("/")
    try:
        import keyring

        value = keyring.get_password(service, username)
    except Exception as error:  # no backend, locked store, D-Bus gone: all mean "not there"
        raise SecretUnavailable(f"keyring entry {ref.keyring} cannot be read "
                                f"({type(error).__name__})") from None
    if not value:
        raise SecretUnavailable(f"keyring has no entry {ref.keyring}")
    return value
