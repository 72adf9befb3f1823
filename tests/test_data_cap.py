"""CAP messages and indexes become the alerts the wall shows, or one clear reason why not."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ioc_console.data.alerts import SEVERITY_ORDER, Alert, AlertReference
from ioc_console.data.cap import is_cap_index, parse_cap_index, parse_cap_message
from ioc_console.data.cap_geometry import circle_geometry, haversine_km, parse_polygon
from ioc_console.data.errors import ParseError

CAP = Path(__file__).parent / "fixtures" / "cap"
NS12 = "urn:oasis:names:tc:emergency:cap:1.2"
ICT = timezone(timedelta(hours=7))


def fixture(name: str) -> bytes:
    return (CAP / name).read_bytes()


def cap_doc(info: str = "", header: str = "", msg_type: str = "Alert", ns: str = NS12) -> bytes:
    """A CAP message with the required header and the given extra XML."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="{ns}">
  <identifier>T-1</identifier><sender>s@x.invalid</sender>
  <sent>2024-09-09T20:05:00+07:00</sent><status>Test</status>
  <msgType>{msg_type}</msgType><scope>Public</scope>{header}{info}
</alert>""".encode()


def info_doc(area: str = "", extra: str = "") -> bytes:
    return cap_doc(f"""<info><category>Met</category><event>Flood</event>
      <urgency>Immediate</urgency><severity>Severe</severity><certainty>Observed</certainty>
      {extra}<area><areaDesc>Zone</areaDesc>{area}</area></info>""")


def reason(body: bytes) -> str:
    with pytest.raises(ParseError) as caught:
        parse_cap_message(body)
    text = str(caught.value)
    assert "\n" not in text and "Traceback" not in text
    return text


# --- well-formed messages ---------------------------------------------------------------------


def test_minimal_cap_1_2_message_is_read_completely():
    alert = parse_cap_message(fixture("minimal_12.xml"), source="cap-demo")
    assert alert.identifier == "VN-LCI-IOC-SIM-20240909-0004"
    assert alert.sender == "ioc-demo@laocai.invalid"
    assert alert.sent == datetime(2024, 9, 9, 20, 5, tzinfo=ICT)
    assert alert.sent.utcoffset() == timedelta(hours=7)
    assert (alert.status, alert.msg_type, alert.scope) == ("Exercise", "Alert", "Public")
    assert (alert.urgency, alert.severity, alert.certainty) == ("Immediate", "Extreme", "Observed")
    assert alert.category == ["Met"] and alert.language == "vi-VN"
    assert alert.event == "Lũ đặc biệt lớn trên sông Hồng (MÔ PHỎNG)"
    assert alert.headline.startswith("Sông Hồng tại Lào Cai")
    assert alert.response_types == ["Evacuate"]
    assert alert.parameters == [{"valueName": "waterLevel_m", "value": "86.91"}]
    assert alert.expires == datetime(2024, 9, 10, 20, 5, tzinfo=ICT)
    assert alert.area_descriptions == ["Ven sông Hồng, phường Lào Cai",
                                       "Làng Nủ, xã Phúc Khánh (vị trí gần đúng)"]
    assert alert.source == "cap-demo"
    assert alert.key == ("ioc-demo@laocai.invalid", "VN-LCI-IOC-SIM-20240909-0004",
                         "2024-09-09T20:05:00+07:00")
    assert alert.severity_rank() == 4


def test_polygon_lat_lon_becomes_geojson_lon_lat():
    polygon = parse_cap_message(fixture("minimal_12.xml")).areas[0]
    assert polygon == {"type": "Polygon", "coordinates": [[
        [103.945, 22.515], [103.985, 22.515], [103.995, 22.48], [103.97, 22.47],
        [103.945, 22.515]]]}


def test_circle_is_kept_as_a_circle_and_approximated_by_a_polygon():
    alert = parse_cap_message(fixture("minimal_12.xml"))
    assert alert.circles == [(104.35, 22.1, 3.0)]
    ring = alert.areas[1]["coordinates"][0]
    assert alert.areas[1]["type"] == "Polygon" and len(ring) == 33 and ring[0] == ring[-1]
    for lon, lat in ring:
        assert haversine_km(104.35, 22.1, lon, lat) == pytest.approx(3.0, rel=1e-3)
    # east-west extent in degrees is wider than north-south by 1/cos(lat)
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    ratio = (max(lons) - min(lons)) / (max(lats) - min(lats))
    assert ratio == pytest.approx(1 / 0.9265, rel=0.01)


def test_zero_radius_circle_is_a_point():
    assert circle_geometry(104.0, 22.0, 0) == {"type": "Point", "coordinates": [104.0, 22.0]}
    alert = parse_cap_message(info_doc("<circle>22.1,104.35 0</circle>"))
    assert alert.areas == [{"type": "Point", "coordinates": [104.35, 22.1]}]


def test_cap_1_1_message_with_sloppy_but_unambiguous_values():
    alert = parse_cap_message(fixture("cap11_en.xml"))
    assert alert.identifier == "KSTO1055887203"
    assert alert.sent == datetime(2003, 6, 17, 14, 57, tzinfo=UTC)  # "Z" tolerated
    assert alert.severity == "Severe"  # lower case normalised
    assert alert.certainty == "Likely"  # CAP 1.1 "Very Likely"
    assert alert.language is None  # absent: CAP's default en-US was applied to choose it
    assert alert.expires.utcoffset() == timedelta(hours=-7)
    ring = alert.areas[0]["coordinates"][0]
    assert ring[0] == [-120.14, 38.47] and ring[-1] == ring[0] and len(ring) == 5  # closed
    assert alert.geocodes == [{"valueName": "FIPS6", "value": "006109"}]


def test_vietnamese_info_block_is_preferred_over_english_and_others():
    alert = parse_cap_message(fixture("multi_info.xml"))
    assert alert.language == "vi-VN"
    assert alert.event == "Nguy cơ sạt lở đất"
    assert alert.headline == "Nguy cơ sạt lở đất tại huyện Bát Xát"
    # the Vietnamese block has no area: the area of another block is used
    assert alert.geocodes == [{"valueName": "VN-admin", "value": "083"}]
    assert alert.areas == [] and alert.area_descriptions == ["Bát Xát district"]


@pytest.mark.parametrize(("languages", "expected"), [
    (["fr-FR", "en-GB", "vi"], "vi"),
    (["fr-FR", "EN", "de"], "EN"),
    (["fr-FR", "de-DE"], "fr-FR"),
    (["VI-vn", "en-US"], "VI-vn"),
])
def test_language_preference(languages, expected):
    blocks = "".join(
        f"""<info><language>{lang}</language><category>Met</category><event>{lang}</event>
        <urgency>Unknown</urgency><severity>Minor</severity><certainty>Unknown</certainty></info>"""
        for lang in languages)
    assert parse_cap_message(cap_doc(blocks)).event == expected


def test_geocode_only_area_has_no_geometry():
    alert = parse_cap_message(info_doc(
        "<geocode><valueName>VN-province</valueName><value>10</value></geocode>"))
    assert alert.areas == [] and alert.circles == []
    assert alert.geocodes == [{"valueName": "VN-province", "value": "10"}]


@pytest.mark.parametrize(("name", "event", "area"), [
    ("enc_utf16.xml", "Lũ quét ở Làng Nủ", "Phúc Khánh, Bảo Yên"),
    ("enc_windows1258.xml", "Lũ quét ở Làng Nủ", "Phúc Khánh, Bảo Yên"),
    ("enc_latin1.xml", "Crue à Lào Cai", "Rivière Rouge"),
])
def test_declared_encodings_are_honoured(name, event, area):
    body = fixture(name)
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")  # the fixture really is not UTF-8
    alert = parse_cap_message(body)
    assert alert.event == event  # windows-1258's combining tone marks come out composed (NFC)
    assert alert.area_descriptions == [area]


def test_multi_byte_encoding_expat_lacks_is_decoded_by_python():
    body = info_doc().decode().replace("UTF-8", "Shift_JIS").replace("Flood", "洪水")
    alert = parse_cap_message(body.encode("shift_jis"))
    assert alert.event == "洪水"


def test_update_references_are_parsed_triples():
    alert = parse_cap_message(fixture("update.xml"))
    assert alert.msg_type == "Update"
    (ref,) = alert.references
    assert (ref.sender, ref.identifier) == ("ioc-demo@laocai.invalid",
                                            "VN-LCI-IOC-SIM-20240909-0004")
    assert ref.sent == "2024-09-09T20:05:00+07:00"
    assert ref.sent_at == datetime(2024, 9, 9, 20, 5, tzinfo=ICT)
    assert ref.key == parse_cap_message(fixture("minimal_12.xml")).key


def test_reference_sent_is_normalized_text_and_keeps_unreadable_dates():
    z = AlertReference(sender="s", identifier="i", sent="2024-09-09T13:05:00Z")
    assert z.sent == "2024-09-09T13:05:00+00:00"
    sloppy = AlertReference(sender="s", identifier="i", sent="yesterday")
    assert sloppy.sent == "yesterday" and sloppy.sent_at is None
    assert AlertReference(sender="s", identifier="i", sent=None).key == ("s", "i", "")


def test_cancel_without_info_is_accepted():
    alert = parse_cap_message(fixture("cancel.xml"))
    assert alert.msg_type == "Cancel" and alert.event == "" and alert.severity == "Unknown"
    assert alert.references[0].identifier == "VN-LCI-IOC-SIM-20240909-0005"


def test_probe_json_is_json_and_uses_cap_names():
    data = parse_cap_message(fixture("minimal_12.xml")).to_probe_json()
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text)["msgType"] == "Alert"
    for key in ("identifier", "sender", "sent", "status", "msgType", "severity", "urgency",
                "certainty", "event", "headline", "areas", "category", "expires",
                "description", "instruction"):
        assert key in data
    assert data["sent"] == "2024-09-09T20:05:00+07:00"


def test_alert_is_frozen_and_hashable():
    alert = parse_cap_message(fixture("minimal_12.xml"))
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen-instance error
        alert.event = "x"
    assert {alert: 1}[alert] == 1
    assert SEVERITY_ORDER[4 - alert.severity_rank()] == alert.severity


@pytest.mark.parametrize(("severity", "rank"), [
    ("Extreme", 4), ("Severe", 3), ("Moderate", 2), ("Minor", 1), ("Unknown", 0)])
def test_severity_rank_follows_severity_order(severity, rank):
    alert = parse_cap_message(fixture("minimal_12.xml")).model_copy(update={"severity": severity})
    assert alert.severity_rank() == rank
    assert SEVERITY_ORDER == ("Extreme", "Severe", "Moderate", "Minor", "Unknown")


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize("element", ["identifier", "sender", "sent", "status", "msgType"])
def test_missing_required_alert_element_is_named(element):
    body = info_doc().decode()
    start = body.index(f"<{element}>")
    end = body.index(f"</{element}>") + len(element) + 3
    assert f"missing <{element}>" in reason((body[:start] + body[end:]).encode())


@pytest.mark.parametrize("element", ["event", "urgency", "severity", "certainty", "category"])
def test_missing_required_info_element_is_named(element):
    body = info_doc().decode()
    start = body.index(f"<{element}>")
    end = body.index(f"</{element}>") + len(element) + 3
    text = reason((body[:start] + body[end:]).encode())
    assert f"missing <{element}> in <info>" in text and "'T-1'" in text


@pytest.mark.parametrize(("body", "expected"), [
    (b"", "empty body (expected a CAP alert)"),
    (b"  \n ", "empty body"),
    (fixture("truncated.xml"), "malformed XML at line 18, column 46: truncated, the document"),
    (b"<alert><identifier>x</sender></alert>",
     "malformed XML at line 1, column 23: mismatched tag"),
    (fixture("html_error.html"), 'expected a CAP alert, got an HTML page ("502 Bad Gateway")'),
    (b"<html><body>Login</body></html>", "expected a CAP alert, got an HTML page"),
    (b'<?xml version="1.0"?><!DOCTYPE alert SYSTEM "http://127.0.0.1:9/x.dtd"><alert/>',
     "refused: the document declares a DTD"),
    (b"<foo/>", "expected a CAP alert, got an XML document with root <foo>"),
    (b'<alert xmlns="urn:example"/>', "namespace 'urn:example'"),
    (b"<alert/>", "<alert> has no namespace"),
    (info_doc().replace(b"Severe", b"Awful"), "<severity> 'Awful' is not one of"),
    (info_doc().replace(b"+07:00", b""), "has no time zone offset"),
    (info_doc().replace(b"2024-09-09T20:05:00", b"yesterday"), "is not a CAP date-time"),
    (cap_doc(), "a CAP Alert message needs at least one <info> block"),
    (info_doc("<polygon>22.5,103.9 22.6,104.0</polygon>"), "polygon needs at least 4 points"),
    (info_doc("<polygon>103.9,22.5 104.0,22.6 104.1,22.5</polygon>"),
     "latitude 103.9 outside [-90, 90] (CAP writes lat,lon: are they swapped?)"),
    (info_doc("<circle>22.5,103.9</circle>"), "is not 'lat,lon radius'"),
    (info_doc("<circle>22.5,103.9 -2</circle>"), "must be a number of km >= 0"),
    (cap_doc(header="<references>just-one-token</references>", msg_type="Cancel"),
     "is not 'sender,identifier,sent'"),
    (fixture("index.atom"), "expected a CAP alert, got a CAP index"),
])
def test_bad_documents_are_refused_with_one_clear_line(body, expected):
    assert expected in reason(body)


def test_dtd_with_external_entities_is_refused_before_anything_is_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE alert [<!ENTITY xxe SYSTEM "file://{secret}">]>
<alert xmlns="{NS12}"><identifier>&xxe;</identifier></alert>""".encode()
    text = reason(body)
    assert "DTD" in text and "TOP SECRET" not in text


def test_billion_laughs_is_refused():
    body = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><alert>&lol2;</alert>"""
    assert "refused" in reason(body)


# --- polygons: property-based round trip ----------------------------------------------------

latitudes = st.floats(-90, 90, allow_nan=False).map(lambda v: round(v, 5))
longitudes = st.floats(-180, 180, allow_nan=False).map(lambda v: round(v, 5))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(latitudes, longitudes), min_size=3, max_size=12, unique=True),
       st.booleans())
def test_polygon_round_trip_swaps_to_lon_lat(points, closed):
    ring_text = [f"{lat},{lon}" for lat, lon in points]
    if closed:
        ring_text.append(ring_text[0])
    geometry = parse_polygon(" ".join(ring_text))
    ring = geometry["coordinates"][0]
    assert ring[:len(points)] == [[lon, lat] for lat, lon in points]
    assert ring[-1] == ring[0] and len(ring) == len(points) + 1


@settings(max_examples=40, deadline=None)
@given(st.floats(-80, 80), st.floats(-179, 179), st.floats(0.1, 200))
def test_circle_vertices_are_at_the_radius(lat, lon, radius):
    ring = circle_geometry(lon, lat, radius)["coordinates"][0]
    assert len(ring) == 33 and ring[0] == ring[-1]
    for vlon, vlat in ring:
        assert haversine_km(lon, lat, vlon, vlat) == pytest.approx(radius, rel=1e-3, abs=0.01)


def test_comma_space_pairs_are_tolerated():
    geometry = parse_polygon("22.5, 103.9  22.6 ,104.0 22.5,104.1")
    assert geometry["coordinates"][0][1] == [104.0, 22.6]


# --- indexes --------------------------------------------------------------------------------


def test_atom_index_links_are_resolved_and_cap_typed_links_preferred():
    links = parse_cap_index(fixture("index.atom"), "http://127.0.0.1:8765/cap/feed.atom")
    assert links == [
        "http://127.0.0.1:8765/cap/minimal_12.xml",
        "http://127.0.0.1:8765/cap/multi_info.xml",
        "http://127.0.0.1:8765/cap/truncated.xml",
    ]


def test_rss_index_uses_cap_enclosure_then_link_and_drops_duplicates():
    links = parse_cap_index(fixture("index.rss"), "http://example.invalid/feed.rss")
    assert links == ["http://example.invalid/cap/one.xml", "http://example.invalid/cap/two.xml"]


def test_index_without_base_keeps_links_as_written():
    assert parse_cap_index(fixture("index.atom"))[0] == "minimal_12.xml"


def test_is_cap_index():
    assert is_cap_index(fixture("index.atom")) and is_cap_index(fixture("index.rss"))
    assert not is_cap_index(fixture("minimal_12.xml"))
    assert not is_cap_index(b"not xml at all")
    assert not is_cap_index(b"")


def test_index_parser_refuses_a_single_alert():
    with pytest.raises(ParseError, match="got a single CAP alert"):
        parse_cap_index(fixture("minimal_12.xml"))


def test_edxl_de_wrapped_alert_is_unwrapped():
    inner = fixture("minimal_12.xml").split(b"?>", 1)[1]
    body = (b'<EDXLDistribution xmlns="urn:oasis:names:tc:emergency:EDXL:DE:1.0">'
            b"<contentObject><xmlContent><embeddedXMLContent>" + inner +
            b"</embeddedXMLContent></xmlContent></contentObject></EDXLDistribution>")
    assert parse_cap_message(body).identifier == "VN-LCI-IOC-SIM-20240909-0004"


def test_alert_model_can_be_built_directly():
    alert = Alert(identifier="a", sender="b", sent=datetime(2024, 1, 1, tzinfo=UTC),
                  status="Test", msg_type="Alert", event="x", severity="Minor")
    assert alert.severity_rank() == 1 and alert.areas == []
