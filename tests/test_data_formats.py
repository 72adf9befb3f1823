"""Prometheus, GeoJSON and JSON bodies, and the runtime's single parse entry point."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from ioc_console.data.alerts import Alert
from ioc_console.data.errors import ParseError
from ioc_console.data.geojson import parse_geojson
from ioc_console.data.json_extract import compile_expression, parse_json
from ioc_console.data.payloads import parse_payload
from ioc_console.data.prometheus import PromSample, PromSeries, parse_prometheus
from ioc_console.data.sse import SseEvent

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(path: str) -> bytes:
    return (FIXTURES / path).read_bytes()


# --- Prometheus -----------------------------------------------------------------------------


def test_prometheus_vector_values_become_floats_including_nan_and_inf():
    parsed = parse_prometheus(fixture("prometheus/vector.json"))
    assert parsed["resultType"] == "vector"
    first, nan, inf = parsed["samples"]
    assert first == {"metric": {"__name__": "ioc_water_level_meters", "station": "lao_cai",
                                "river": "hong"}, "timestamp": 1725886800.0, "value": 86.91}
    assert nan["timestamp"] == 1725886800.5 and math.isnan(nan["value"])
    assert inf["value"] == math.inf
    json.dumps(parsed)  # JSON-able (NaN/Infinity as Python's json writes them)


def test_prometheus_matrix_series_and_warnings():
    parsed = parse_prometheus(fixture("prometheus/matrix.json"))
    assert parsed == {
        "resultType": "matrix",
        "series": [{"metric": {"__name__": "ioc_water_level_meters", "station": "lao_cai"},
                     "points": [[1725868800.0, 85.10], [1725872400.0, 85.62],
                                [1725876000.0, 86.05]]}],
        "warnings": ["query range was capped"],
    }
    assert "samples" not in parsed


def test_prometheus_scalar_and_string():
    scalar = b'{"status":"success","data":{"resultType":"scalar","result":[1725886800,"42"]}}'
    string = b'{"status":"success","data":{"resultType":"string","result":[1725886800,"hi"]}}'
    assert parse_prometheus(scalar)["samples"] == [
        {"metric": {}, "timestamp": 1725886800.0, "value": 42.0}]
    assert parse_prometheus(string)["samples"][0]["value"] == "hi"


def test_prometheus_error_envelope():
    with pytest.raises(ParseError) as caught:
        parse_prometheus(fixture("prometheus/error.json"))
    assert str(caught.value) == 'prometheus: bad_data: 1:5: parse error: unexpected "}"'


@pytest.mark.parametrize(("body", "expected"), [
    (b'{"status":"success","data":{"resultType":"vector","result":[{"value":[1,"x"]}]}}',
     "malformed vector result"),
    (b'{"status":"success","data":{"resultType":"table"}}', "resultType must be one of"),
    (b'{"data":{}}', "expected a Prometheus API response"),
    (b"<html><title>Grafana login</title></html>", 'got an HTML page ("Grafana login")'),
])
def test_prometheus_garbage(body, expected):
    with pytest.raises(ParseError) as caught:
        parse_prometheus(body)
    assert expected in str(caught.value)


def test_prom_dataclasses_serialise():
    assert PromSample({"a": "b"}, 1.0, 2.0).to_json() == {"metric": {"a": "b"}, "timestamp": 1.0,
                                                          "value": 2.0}
    assert PromSeries({}, [(1.0, 2.0)]).to_json() == {"metric": {}, "points": [[1.0, 2.0]]}


# --- GeoJSON --------------------------------------------------------------------------------


def test_valid_feature_collection_is_returned_as_is():
    doc = parse_geojson(fixture("geojson/lao_cai.geojson"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 3
    assert doc["features"][1]["properties"]["severity"] == "Extreme"


def test_single_feature_and_bare_geometry_are_wrapped():
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [104, 22]},
               "properties": {"n": 1}}
    assert parse_geojson(json.dumps(feature).encode())["features"] == [feature]
    geometry = {"type": "LineString", "coordinates": [[104, 22], [104.1, 22.1, 5.0]]}
    wrapped = parse_geojson(json.dumps(geometry).encode())
    assert wrapped["features"][0]["geometry"] == geometry


def test_swapped_coordinates_name_the_feature_and_hint_at_the_swap():
    with pytest.raises(ParseError) as caught:
        parse_geojson(fixture("geojson/swapped.geojson"))
    assert str(caught.value) == (
        "feature 1 (id 'sa-pa'): geometry.coordinates: latitude 103.844 outside [-90, 90] "
        "(GeoJSON is [lon, lat]: swapped?)")


def polygon_fc(ring: list) -> bytes:
    ok = {"type": "Feature", "geometry": None, "properties": None}
    bad = {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]},
           "properties": {}}
    return json.dumps({"type": "FeatureCollection", "features": [ok, ok, bad]}).encode()


@pytest.mark.parametrize(("body", "expected"), [
    (polygon_fc([[0, 0], [1, 0], [1, 1], [0, 1]]),
     "feature 2: geometry.coordinates[0][0]: polygon ring is not closed"),
    (polygon_fc([[0, 0], [1, 1], [0, 0]]),
     "feature 2: geometry.coordinates[0][0]: a polygon ring needs at least 4 positions, got 3"),
    (polygon_fc([[0, 0], [1, 0], [1, "1"], [0, 0]]),
     "feature 2: geometry.coordinates[0][0][2]: '1' is not a number"),
    (polygon_fc([[0, 0], [1, 0], [1], [0, 0]]), "a position is [lon, lat]"),
    (polygon_fc([[0, 0], [200, 0], [1, 1], [0, 0]]), "longitude 200 outside [-180, 180]"),
    (polygon_fc([[0, 0], [True, 0], [1, 1], [0, 0]]), "True is not a number"),
    (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{}}]}',
     "feature 0: geometry: missing"),
    (b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":'
     b'{"type":"Circle","coordinates":[1,2]}}]}', "'Circle' is not a GeoJSON geometry type"),
    (b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,'
     b'"properties":[1]}]}', "feature 0: properties: must be an object or null"),
    (b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":'
     b'{"type":"LineString","coordinates":[[1,2]]}}]}', "a line needs at least 2 positions"),
    (b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":'
     b'{"type":"GeometryCollection","geometries":[{"type":"Point"}]}}]}',
     "geometry.geometries[0].coordinates: missing"),
    (b'{"type":"FeatureCollection"}', '"features" must be an array'),
    (b'{"type":"Topology"}', "unknown type 'Topology'"),
    (b"[1, 2]", 'expected an object with a "type" member'),
    (b'{"type":"FeatureCollection","features":[NaN]}', "feature 0: type"),
])
def test_geojson_garbage_is_refused_naming_where(body, expected):
    with pytest.raises(ParseError) as caught:
        parse_geojson(body)
    assert expected in str(caught.value)


# --- JSON + JMESPath ----------------------------------------------------------------------


def test_parse_json_reports_line_and_column():
    with pytest.raises(ParseError) as caught:
        parse_json(b'{\n  "a": 1,\n  "b": }')
    assert str(caught.value) == "invalid JSON at line 3 column 8: Expecting value"


@pytest.mark.parametrize(("body", "expected"), [
    (b"", "empty body (expected JSON)"),
    ("<!DOCTYPE html><html><head><title>Đăng nhập</title>".encode(),
     'got an HTML page ("Đăng nhập")'),
    (b'{"a": "\xff"}', "not UTF-8 text (byte 0xff at offset 7)"),
    (b"[" * 100000, "nested too deeply"),
])
def test_parse_json_garbage(body, expected):
    with pytest.raises(ParseError) as caught:
        parse_json(body)
    assert expected in str(caught.value)


def test_parse_json_accepts_bom_and_utf16():
    assert parse_json('\ufeff{"tỉnh": "Lào Cai"}'.encode()) == {"tỉnh": "Lào Cai"}
    assert parse_json('{"a": "ũ"}'.encode("utf-16")) == {"a": "ũ"}


def test_compile_expression_selects_and_reports_position():
    select = compile_expression("stations[?level > `85`].name | [0]")
    assert select({"stations": [{"name": "a", "level": 80}, {"name": "b", "level": 86}]}) == "b"
    assert compile_expression("missing.path")({"x": 1}) is None
    with pytest.raises(ValueError, match=r"at column 5: .*got: eof"):
        compile_expression("a.b.")
    with pytest.raises(ValueError, match="at column 5: incomplete expression"):
        compile_expression("foo[")
    with pytest.raises(ParseError, match="extract 'length\\(@\\)'"):
        compile_expression("length(@)")(5)


# --- parse_payload ------------------------------------------------------------------------


def test_payload_json_with_extract():
    body = b'{"data": {"kpi": {"value": 93.5}}}'
    assert parse_payload("json", body) == {"data": {"kpi": {"value": 93.5}}}
    assert parse_payload("json", body, extract="data.kpi.value") == 93.5
    with pytest.raises(ParseError, match="invalid JMESPath expression"):
        parse_payload("json", body, extract="data.[")


def test_payload_json_in_a_declared_legacy_charset():
    body = '{"tên": "Lào Cai"}'.encode("cp1258")
    assert parse_payload("json", body, "application/json; charset=windows-1258") == {
        "tên": "Lào Cai"}


def test_payload_geojson_prometheus_and_extract_on_them():
    fc = parse_payload("geojson", fixture("geojson/lao_cai.geojson"))
    assert fc["type"] == "FeatureCollection"
    value = parse_payload("prometheus", fixture("prometheus/vector.json"),
                          extract="samples[0].value")
    assert value == 86.91


def test_payload_cap_message_and_index():
    result = parse_payload("cap", fixture("cap/minimal_12.xml"), "application/cap+xml",
                           source_id="cap-demo")
    (alert,) = result["alerts"]
    assert isinstance(alert, Alert) and alert.source == "cap-demo"
    index = parse_payload("cap", fixture("cap/index.atom"))
    assert index == {"index": ["minimal_12.xml", "multi_info.xml", "truncated.xml"]}
    resolved = parse_payload("cap", fixture("cap/index.atom"), base_url="https://kttv.invalid/f")
    assert resolved["index"][0] == "https://kttv.invalid/minimal_12.xml"


def test_payload_sse_body():
    result = parse_payload("sse", fixture("sse/stream.txt"), "text/event-stream")
    assert result["events"][0] == SseEvent("alert", result["events"][0].data, "4217")
    assert (result["retry_ms"], result["heartbeats"], result["last_event_id"]) == (5000, 1, "4218")


def test_payload_html_content_type_and_unknown_kind():
    with pytest.raises(ParseError, match='expected JSON, got an HTML page \\("Oops"\\)'):
        parse_payload("json", b"<title>Oops</title>{}", "text/html; charset=utf-8")
    with pytest.raises(ParseError, match="unknown source kind 'xml'"):
        parse_payload("xml", b"<a/>")


@pytest.mark.parametrize("kind", ["json", "geojson", "prometheus", "cap", "sse"])
def test_payload_errors_are_parse_errors_on_one_line(kind):
    try:
        parse_payload(kind, b"\x00\x01 garbage \n more")
    except ParseError as err:
        assert "\n" not in str(err) and str(err)
    else:
        assert kind == "sse"  # an event stream of garbage is just a stream without events
