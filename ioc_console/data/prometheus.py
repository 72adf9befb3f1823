"""Prometheus HTTP API responses (``/api/v1/query`` and ``/query_range``) -> plain samples.

The API's envelope is tiny, so no client library: values arrive as JSON *strings* (to carry
"NaN", "+Inf", "-Inf") and are turned into floats here, once, so charts and KPI tiles never
see strings. Native-histogram samples (``histogram`` / ``histograms`` instead of ``value`` /
``values``) are skipped: no tile draws them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import ParseError
from .json_extract import parse_json

RESULT_TYPES = ("vector", "matrix", "scalar", "string")


@dataclass(frozen=True)
class PromSample:
    """One instant sample (vector element or scalar)."""

    metric: dict[str, str]
    timestamp: float
    value: float

    def to_json(self) -> dict[str, Any]:
        return {"metric": dict(self.metric), "timestamp": self.timestamp, "value": self.value}


@dataclass(frozen=True)
class PromSeries:
    """One range series: (timestamp, value) points in time order."""

    metric: dict[str, str]
    points: list[tuple[float, float]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"metric": dict(self.metric), "points": [[t, v] for t, v in self.points]}


def parse_prometheus(body: bytes) -> dict[str, Any]:
    """Response body -> ``{"resultType": ..., "samples": [...]}`` (plus ``"warnings"``).

    vector / scalar: ``"samples"`` holds :meth:`PromSample.to_json` dicts
    (``{"metric", "value", "timestamp"}``; for ``string`` the ``value`` is the string).
    matrix: ``"series"`` holds :meth:`PromSeries.to_json` dicts (``{"metric", "points":
    [[ts, value], ...]}``). Values are floats, "NaN" / "+Inf" / "-Inf" included; timestamps
    are unix seconds as the API gives them. An ``"status": "error"`` envelope raises
    ``ParseError("prometheus: <errorType>: <error>")``.
    """
    doc = parse_json(body, expected="a Prometheus API response")
    if not isinstance(doc, dict) or "status" not in doc:
        raise ParseError("expected a Prometheus API response ({'status': ..., 'data': ...})")
    if doc["status"] == "error":
        raise ParseError(
            f"prometheus: {doc.get('errorType', 'error')}: {doc.get('error', 'no reason given')}"
        )
    if doc["status"] != "success":
        raise ParseError(f"prometheus: unknown status {doc['status']!r}")
    data = doc.get("data")
    if not isinstance(data, dict) or data.get("resultType") not in RESULT_TYPES:
        raise ParseError(f"prometheus: data.resultType must be one of {', '.join(RESULT_TYPES)}")
    kind = data["resultType"]
    result = data.get("result")
    try:
        samples = _samples(kind, result)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError) as err:
        raise ParseError(f"prometheus: malformed {kind} result: {err}") from None
    key = "series" if kind == "matrix" else "samples"
    parsed: dict[str, Any] = {"resultType": kind, key: samples}
    if doc.get("warnings"):
        parsed["warnings"] = [str(w) for w in doc["warnings"]]
    return parsed


def sample_value(text: Any) -> float:
    """A sample value as the API writes it ("86.91", "NaN", "+Inf") -> float."""
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        raise ValueError(f"sample value {text!r} is not a number")
    return float(text)


def _pair(item: Any) -> tuple[float, Any]:
    if not isinstance(item, list) or len(item) != 2:
        raise ValueError(f"expected [timestamp, value], got {item!r}"[:120])
    return float(item[0]), item[1]


def _labels(entry: dict[str, Any]) -> dict[str, str]:
    metric = entry.get("metric", {})
    if not isinstance(metric, dict):
        raise ValueError("metric labels must be an object")
    return {str(k): str(v) for k, v in metric.items()}


def _samples(kind: str, result: Any) -> list[dict[str, Any]]:
    if kind in ("scalar", "string"):
        timestamp, value = _pair(result)
        if kind == "string":
            return [{"metric": {}, "timestamp": timestamp, "value": str(value)}]
        return [PromSample({}, timestamp, sample_value(value)).to_json()]
    if not isinstance(result, list):
        raise ValueError(f"{kind} result must be a list")
    out: list[dict[str, Any]] = []
    for entry in result:
        if not isinstance(entry, dict):
            raise ValueError("each result must be an object")
        if kind == "vector":
            if "value" not in entry:
                continue  # native histogram
            timestamp, value = _pair(entry["value"])
            out.append(PromSample(_labels(entry), timestamp, sample_value(value)).to_json())
        else:
            if "values" not in entry:
                continue  # native histograms
            points = [(t, sample_value(v)) for t, v in map(_pair, entry["values"])]
            out.append(PromSeries(_labels(entry), points).to_json())
    return out
