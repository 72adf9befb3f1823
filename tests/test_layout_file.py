"""A technician's layout file: accepted when right, refused with file:line:column when not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ioc_console.cli import check_files, main, shipped_layouts
from ioc_console.model.layout_file import dump_layout, load_layout, parse_layout
from ioc_console.model.problems import LayoutError
from tests.layout_samples import TILES, WALL_2X1, layout_text


def problems_of(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "wall.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        load_layout(path)
    return [str(p) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_every_shipped_layout_is_valid():
    layouts = shipped_layouts()
    assert layouts, "no layouts are shipped"
    for path in layouts:
        load_layout(path)


def test_a_valid_layout_loads_with_its_scenarios(tmp_path):
    text = layout_text("      p1:\n        - {tile: a, at: [0, 0]}\n"
                       "        - {tile: b, at: [0, 1], span: [2, 1]}\n")
    layout = parse_layout(text)
    assert [s.id for s in layout.scenarios] == ["s1"]
    assert layout.tile("b").options.text == "Xin chào"


def test_overlapping_tiles_are_refused_at_the_later_tile(tmp_path):
    text = layout_text("      p1:\n        - {tile: a, at: [0, 0], span: [2, 2]}\n"
                       "        - {tile: b, at: [1, 1]}\n")
    [problem] = problems_of(text, tmp_path)
    assert problem.startswith(f"{tmp_path / 'wall.yaml'}:{line_of(text, 'tile: b')}:")
    assert "overlaps tile 'a'" in problem


def test_a_span_past_the_grid_is_refused(tmp_path):
    text = layout_text("      p1:\n        - {tile: a, at: [1, 1], span: [1, 2]}\n")
    [problem] = problems_of(text, tmp_path)
    assert f":{line_of(text, 'tile: a, at: [1, 1]')}:" in problem
    assert "goes past the 2x2 grid of panel 'p1'" in problem


def test_a_span_may_cross_panels_of_one_canvas_only(tmp_path):
    mosaic = WALL_2X1 + "  canvases:\n    - {id: big, panels: [p1, p2]}\n"
    text = layout_text("      p1:\n        - {tile: a, at: [0, 1], span: [1, 2]}\n", wall=mosaic)
    layout = parse_layout(text)
    assert layout.wall.canvas_of("p2").id == "big"
    with pytest.raises(LayoutError):
        parse_layout(layout_text("      p1:\n        - {tile: a, at: [0, 1], span: [1, 2]}\n"))


def test_an_unknown_tile_type_is_refused_naming_the_known_ones(tmp_path):
    tiles = "tiles:\n  - {id: a, type: clock}\n  - {id: b, type: weather-radar}\n"
    text = layout_text("      p1: []\n", tiles=tiles)
    [problem] = problems_of(text, tmp_path)
    assert f":{line_of(text, 'weather-radar')}:" in problem
    assert "unknown tile type 'weather-radar'" in problem and "'clock'" in problem


def test_a_scenario_naming_a_missing_panel_is_refused(tmp_path):
    text = layout_text("      p9:\n        - {tile: a, at: [0, 0]}\n")
    [problem] = problems_of(text, tmp_path)
    assert f":{line_of(text, 'p9:')}:" in problem and "missing panel 'p9'" in problem


def test_duplicate_ids_are_refused(tmp_path):
    tiles = TILES + "  - {id: a, type: text}\n"
    text = layout_text("      p1: []\n", tiles=tiles)
    [problem] = problems_of(text, tmp_path)
    assert f":{line_of(text, '- {id: a, type: text}')}:" in problem
    assert "duplicate id 'a'" in problem


def test_a_tile_reading_a_missing_source_is_refused(tmp_path):
    tiles = TILES + "  - {id: c, type: text, binding: {source: rivers}}\n"
    text = layout_text("      p1: []\n", tiles=tiles)
    [problem] = problems_of(text, tmp_path)
    assert "missing source 'rivers'" in problem
    assert f":{line_of(text, 'source: rivers')}:" in problem


def test_unknown_fields_and_yaml_errors_are_located(tmp_path):
    text = layout_text("      p1: []\n", extra="colour_sceme: dark\n")
    [problem] = problems_of(text, tmp_path)
    assert f":{line_of(text, 'colour_sceme')}:1: unknown field 'colour_sceme'" in problem
    broken = layout_text("      p1: [\n")
    [problem] = problems_of(broken, tmp_path)
    assert "YAML" in problem


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    tiles = "tiles:\n  - {id: a, type: clock}\n  - {id: a, type: clock}\n  - {id: c, type: gif}\n"
    text = layout_text("      p1: []\n", tiles=tiles)
    problems = problems_of(text, tmp_path)
    assert any("unknown tile type 'gif'" in p for p in problems)


def test_a_newer_format_version_is_refused(tmp_path):
    text = layout_text("      p1: []\n").replace("schema_version: 1", "schema_version: 7")
    [problem] = problems_of(text, tmp_path)
    assert "newer than this console understands" in problem


def test_check_exits_0_for_valid_and_1_for_broken_files(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(layout_text("      p1: []\n"), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(layout_text("      p1:\n        - {tile: a, at: [5, 0]}\n"), encoding="utf-8")
    assert check_files([good]) == 0
    assert main(["check", str(good), str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{bad}:")


def test_schema_lists_the_tile_types_for_editors(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    tile_union = schema["properties"]["tiles"]["items"]
    assert set(tile_union["discriminator"]["mapping"]) >= {"clock", "text"}


def test_save_then_load_gives_the_same_layout():
    layout = load_layout(shipped_layouts()[0])
    assert parse_layout(dump_layout(layout)) == layout
