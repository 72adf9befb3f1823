"""Data sources declared in a layout: where to fetch, how often, how fresh, with what secret.

Secrets are never written in the layout: a source names an environment variable or a
keyring entry, and the value is read only when a request is made. Nothing here prints a
secret's value, not even its repr.
"""

from __future__ import annotations

import os
from typing import Annotated, Literal
from urllib.parse import urljoin

import jmespath
from jmespath.exceptions import JMESPathError
from pydantic import Field, field_validator, model_validator

from .common import Identifier, LocalizedText, StrictModel

SourceKind = Literal["json", "cap", "geojson", "prometheus", "sse"]


class SecretUnavailable(RuntimeError):
    """The secret a source needs is not there (the message names where it was looked for)."""


class SecretRef(StrictModel):
    env: str | None = Field(None, description="environment variable holding the secret")
    keyring: str | None = Field(None, description="'service/username' in the OS keyring")

    @model_validator(mode="after")
    def _exactly_one(self) -> SecretRef:
        if (self.env is None) == (self.keyring is None):
            raise ValueError("name exactly one of env or keyring")
        if self.keyring is not None and "/" not in self.keyring:
            raise ValueError("keyring is written 'service/username'")
        return self


class BearerAuth(StrictModel):
    type: Literal["bearer"]
    token: SecretRef


class BasicAuth(StrictModel):
    type: Literal["basic"]
    username: str
    password: SecretRef


Auth = Annotated[BearerAuth | BasicAuth, Field(discriminator="type")]


class SourceSpec(StrictModel):
    id: Identifier
    kind: SourceKind
    url: str = Field(description="http(s) URL, or a path resolved against the layout's backend")
    title: LocalizedText | None = None
    poll_s: float = Field(30, ge=0.5, le=86400)
    timeout_s: float = Field(10, gt=0, le=120)
    ttl_s: float | None = Field(None, gt=0, description="age after which data is stale; "
                                                       "default 3 x poll_s (SSE: heartbeat)")
    headers: dict[str, str] = Field(default_factory=dict)
    auth: Auth | None = None
    extract: str | None = Field(None, description="JMESPath applied to JSON payloads")
    query: str | None = Field(None, description="Prometheus query")
    range_s: float | None = Field(None, gt=0, description="Prometheus: query_range window")
    step_s: float | None = Field(None, gt=0, description="Prometheus: query_range step")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not (value.startswith(("http://", "https://", "/")) or value.startswith("file:")):
            raise ValueError("a source URL starts with http://, https://, file: or /")
        return value

    @field_validator("extract")
    @classmethod
    def _jmespath(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                jmespath.compile(value)
            except JMESPathError as error:
                raise ValueError(f"JMESPath: {error}".replace("\n", " ")) from None
        return value

    @model_validator(mode="after")
    def _prometheus_query(self) -> SourceSpec:
        if self.kind == "prometheus" and not self.query:
            raise ValueError("a prometheus source needs a query")
        return self

    def effective_ttl(self) -> float:
        return self.ttl_s if self.ttl_s is not None else max(3 * self.poll_s, 10.0)

    def resolve(self, base_url: str | None) -> SourceSpec:
        """The same source with a relative URL made absolute against ``base_url``."""
        if not self.url.startswith("/") or base_url is None:
            return self
        return self.model_copy(update={"url": urljoin(base_url.rstrip("/") + "/",
                                                      self.url.lstrip("/"))})


def resolve_secret(ref: SecretRef) -> str:
    if ref.env is not None:
        value = os.environ.get(ref.env)
        if not value:
            raise SecretUnavailable(f"environment variable {ref.env} is not set")
        return value
    import keyring

    service, _, username = (ref.keyring or "").partition("/")
    value = keyring.get_password(service, username)
    if not value:
        raise SecretUnavailable(f"keyring has no entry {ref.keyring}")
    return value
