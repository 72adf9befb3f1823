"""The layout editor's model: edits on the technician's file, undo, save and reload."""

from __future__ import annotations

import shutil

import pytest

from ioc_console.editor.document import LayoutDocument
from ioc_console.editor.edits import (
    PanelRefused,
    PlacementRefused,
    add_panel,
    add_tile,
    bind_source,
    free_position,
    move_tile,
    place_tile,
    remove_panel,
    remove_placement,
    set_panel_bezel,
    set_panel_grid,
    set_panel_screen,
    set_tile_option,
    set_tile_title,
)
from ioc_console.editor.option_fields import check_option, option_fields, parse_text
from ioc_console.editor.source_choices import demo_catalog, preview, source_choices
from ioc_console.model.layout_file import load_layout
from ioc_console.model.problems import LayoutError
from ioc_console.model.tiles import ChartOptions, GaugeOptions, KpiOptions, MapOptions
from ioc_console.operations.audit_log import connect, read_entries
from ioc_console.operations.authorization import PermissionDenied, Role, User
from ioc_console.operations.console_session import ConsoleSession
from ioc_console.operations.layout_service import LayoutService
from tests.conftest import LAYOUTS
from tests.layout_samples import WALL_2X1, layout_text


@pytest.fixture
def layout_file(tmp_path):
    path = tmp_path / "wall.yaml"
    shutil.copy(LAYOUTS / "lao_cai_2x2.yaml", path)
    return path


@pytest.fixture
def document(layout_file):
    return LayoutDocument.open(layout_file)


def placement(document, scenario, tile):
    for panel, placements in document.layout.scenario(scenario).panels.items():
        for item in placements:
            if item.tile == tile:
                return panel, item.at, item.span
    return None


def test_an_untouched_document_saves_with_only_whitespace_inside_flow_lists_changed(
        document, layout_file):
    before = layout_file.read_text(encoding="utf-8")
    document.save()
    after = layout_file.read_text(encoding="utf-8")
    # ruamel writes a [..] or {..} that spanned lines on one line; nothing else may change
    assert after.split() == before.split()
    changed = set(after.splitlines()) ^ set(before.splitlines())
    assert all("[" in line or "]" in line or "{" in line for line in changed)


def test_a_move_and_resize_are_saved_with_comments_and_reload_equal(document, layout_file):
    # the shipped scenarios fill every cell: free one first
    document.apply(remove_placement(document, "normal", "on_time"))
    _undo, problems = document.apply(move_tile(document, "normal", "clock", at=(0, 3)))
    assert problems == []
    document.apply(move_tile(document, "flood", "clock", span=(1, 1)))
    document.apply(move_tile(document, "normal", "index766", span=(1, 2)))
    document.save()
    text = layout_file.read_text(encoding="utf-8")
    assert "p1:   # socio-economic and public administration" in text
    assert "# time series for charts" in text
    assert "        - {tile: clock, at: [0, 3]}\n" in text  # still one flow line, same indent
    assert "{tile: index766, at: [1, 0], span: [1, 2]}" in text
    reloaded = load_layout(layout_file)
    assert reloaded == document.layout
    assert placement(document, "normal", "clock") == ("p1", (0, 3), (1, 1))


def test_undo_restores_the_exact_text(document):
    document.apply(remove_placement(document, "normal", "violations"))
    before = document.text()
    undo, _ = document.apply(move_tile(document, "normal", "clock", panel_id="p4", at=(1, 2)))
    assert placement(document, "normal", "clock") == ("p4", (1, 2), (1, 1))
    redo, _ = document.apply(undo)
    assert document.text() == before
    assert placement(document, "normal", "clock") == ("p1", (0, 0), (1, 1))
    document.apply(redo)
    assert placement(document, "normal", "clock") == ("p4", (1, 2), (1, 1))


def test_a_move_onto_another_tile_or_past_the_grid_is_refused_and_changes_nothing(document):
    before = document.text()
    with pytest.raises(PlacementRefused, match="overlap tile 'grdp'"):
        move_tile(document, "normal", "clock", at=(0, 1))
    with pytest.raises(PlacementRefused, match="past the 3x4 grid"):
        move_tile(document, "normal", "clock", at=(0, 3), span=(1, 2))
    with pytest.raises(PlacementRefused, match="overlap"):
        move_tile(document, "normal", "index766", span=(2, 3))
    assert document.text() == before


def test_a_new_tile_of_every_type_lands_on_a_free_cell(document, layout_file):
    document.apply(remove_placement(document, "briefing", "clock"))
    for tile_type in ("chart", "table", "kpi", "image"):
        edit, tile_id = add_tile(document, tile_type, "briefing")
        _undo, problems = document.apply(edit)
        assert problems == [], tile_type
        assert placement(document, "briefing", tile_id)[0] == "p4"
    with pytest.raises(PlacementRefused, match="no free cell"):
        add_tile(document, "kpi", "briefing")
    document.save()
    assert load_layout(layout_file) == document.layout


def test_placing_an_existing_tile_twice_is_refused(document):
    with pytest.raises(PlacementRefused, match="already on the wall"):
        place_tile(document, "normal", "clock", "p4", (2, 3))


def test_options_title_and_binding_change_the_tile_and_report_problems(document, layout_file):
    document.apply(set_tile_option(document, "grdp", "decimals", 1))
    document.apply(set_tile_title(document, "grdp", {"vi": "GRDP", "en": "GRDP"}))
    document.apply(bind_source(document, "grdp", "kpi_socio_economic_x", "grdp_growth_pct",
                               new_source={"id": "kpi_socio_economic_x", "kind": "json",
                                           "url": "/api/kpi/socio_economic"}))
    tile = document.layout.tile("grdp")
    assert tile.options.decimals == 1
    assert tile.title == {"vi": "GRDP", "en": "GRDP"}
    assert tile.binding.source == "kpi_socio_economic_x"
    assert document.layout.source("kpi_socio_economic_x").url == "/api/kpi/socio_economic"
    _undo, problems = document.apply(set_tile_option(document, "grdp", "decimals", 99))
    assert problems and "options.decimals" in problems[0].message
    assert f"{layout_file}:" in str(problems[0])
    assert document.layout.tile("grdp").options.decimals == 1  # the last valid layout stays
    with pytest.raises(LayoutError):
        document.save()
    document.apply(set_tile_option(document, "grdp", "decimals", None))  # back to the default
    assert document.layout.tile("grdp").options.decimals == 0
    document.save()
    assert load_layout(layout_file) == document.layout


def test_panel_grid_bezel_and_screen(document):
    document.apply(set_panel_bezel(document, "p2", 1.5))
    document.apply(set_panel_screen(document, "p2", "DP-2"))
    assert document.layout.wall.panel("p2").bezel_mm == 1.5
    assert document.layout.wall.panel("p2").screen == "DP-2"
    undo, problems = document.apply(set_panel_grid(document, "p1", 2, 4))
    assert any("goes past the 2x4 grid of panel 'p1'" in p.message for p in problems)
    document.apply(undo)
    assert document.problems == []
    document.apply(set_panel_grid(document, "p1", 4, 6))
    assert document.layout.wall.panel("p1").grid.columns == 6


def test_option_fields_follow_the_model():
    fields = {f.name: f for f in option_fields(KpiOptions)}
    assert fields["decimals"].kind == "int"
    assert (fields["decimals"].minimum, fields["decimals"].maximum) == (0, 6)
    assert fields["compare"].choices == ("previous", "target", "none")
    assert fields["sparkline"].kind == "bool"
    assert fields["unit"].kind == "localized"
    assert fields["target"].kind == "float" and fields["target"].optional
    gauge = {f.name: f for f in option_fields(GaugeOptions)}
    assert gauge["maximum"].minimum > 0
    chart = {f.name: f for f in option_fields(ChartOptions)}
    assert chart["series"].kind == "structured" and chart["series"].required
    center = {f.name: f for f in option_fields(MapOptions)}["center"]
    assert parse_text(center, "[22.3, 104.1]") == [22.3, 104.1]
    assert check_option(MapOptions, {}, "center", [22.3]) is not None
    assert check_option(KpiOptions, {}, "decimals", 7).startswith("decimals")


def test_source_choices_offer_the_catalog_without_duplicating_layout_sources(document):
    choices = source_choices(document.layout, demo_catalog())
    ids = [c.id for c in choices]
    assert ids[0] == "socio" and "kpi_socio_economic" not in ids  # same URL as 'socio'
    new = next(c for c in choices if not c.in_layout)
    assert new.url.startswith("/api/")


def test_preview_fetches_through_the_probe(document):
    from ioc_console.demo_backend.server import DemoBackend

    choice = next(c for c in source_choices(document.layout, []) if c.id == "rivers")
    with DemoBackend(port=0) as backend:
        shown = preview(choice, "gauges[0].name", backend.base_url)
    assert shown["result"]["kind"] == "json"
    assert isinstance(shown["selected"], str) and shown["selected"]


# --- the service: who may save and try, and the audit trail ------------------------------


def audit_rows(tmp_path, session):
    session.close()
    return list(read_entries(connect(tmp_path / "c.sqlite3")))


def test_a_technician_saves_and_the_save_is_audited(tmp_path, document, layout_file):
    session = ConsoleSession(document.layout, None, tmp_path / "c.sqlite3", user="kien")
    session.account = User("kien", Role.TECHNICIAN)
    document.apply(remove_placement(document, "normal", "on_time"))
    LayoutService(session).save(document, layout_file)
    assert load_layout(layout_file) == document.layout
    rows = audit_rows(tmp_path, session)
    assert [(r.action, r.target) for r in rows] == [("layout-save", str(layout_file))]


def test_an_operator_may_not_save_and_the_denial_is_audited(tmp_path, document, layout_file):
    session = ConsoleSession(document.layout, None, tmp_path / "c.sqlite3", user="op")
    session.account = User("op", Role.OPERATOR)
    before = layout_file.read_text(encoding="utf-8")
    document.apply(remove_placement(document, "normal", "on_time"))
    with pytest.raises(PermissionDenied):
        LayoutService(session).save(document, layout_file)
    assert layout_file.read_text(encoding="utf-8") == before
    rows = audit_rows(tmp_path, session)
    assert [r.action for r in rows] == ["denied"]
    assert "may not edit-layout" in rows[0].reason


def test_try_on_the_wall_then_revert_or_keep(tmp_path, document):
    original = document.layout
    session = ConsoleSession(original, None, tmp_path / "c.sqlite3", user="kien")
    shown = []
    service = LayoutService(session, shown.append)
    document.apply(remove_placement(document, "normal", "on_time"))
    service.try_on_wall(document.layout, "wall.yaml")
    assert session.layout is document.layout and shown == [document.layout]
    service.revert("wall.yaml")
    assert session.layout is original and shown[-1] is original
    service.try_on_wall(document.layout, "wall.yaml")
    service.keep("wall.yaml")
    assert session.layout is document.layout and not service.trying
    actions = [r.action for r in audit_rows(tmp_path, session)]
    assert actions == ["layout-try", "layout-revert", "layout-try", "layout-keep"]


def test_a_new_panel_copies_the_wall_s_monitor_and_undo_gives_back_the_exact_text(
        document, layout_file):
    before = document.text()
    assert free_position(document.layout.wall, "right") == (0, 2)
    assert free_position(document.layout.wall, "below") == (2, 0)
    edit, panel_id = add_panel(document, 0, 2, like="p2")
    undo, problems = document.apply(edit)
    assert (panel_id, problems) == ("p5", [])
    panel = document.layout.wall.panel("p5")
    p2 = document.layout.wall.panel("p2")
    assert (panel.position.row, panel.position.column) == (0, 2)
    assert (panel.resolution, panel.size_mm, panel.bezel_mm, panel.grid) == (
        p2.resolution, p2.size_mm, p2.bezel_mm, p2.grid)
    assert panel.screen is None and panel.name is None  # they belong to one monitor
    # the next click completes the new column before starting another
    assert free_position(document.layout.wall, "right") == (1, 2)
    assert "    - {id: p5, position: {row: 0, column: 2}, grid: {rows: 3, columns: 4}}\n" in \
        document.text()
    document.save()
    assert load_layout(layout_file) == document.layout
    document.apply(undo)
    assert document.text() == before
    assert [p.id for p in document.layout.wall.panels] == ["p1", "p2", "p3", "p4"]


def test_a_panel_cannot_be_added_where_one_hangs(document):
    with pytest.raises(PanelRefused, match="panel 'p4' already hangs at row 1, column 1"):
        add_panel(document, 1, 1)


def test_removing_a_panel_drops_its_placements_in_every_scenario_and_undo_restores(document):
    before = document.text()
    undo, problems = document.apply(remove_panel(document, "p2"))
    assert problems == []
    assert [p.id for p in document.layout.wall.panels] == ["p1", "p3", "p4"]
    for scenario in document.layout.scenarios:
        assert "p2" not in scenario.panels
        assert "p3" in scenario.panels
    assert "p2:   # the province on the map" not in document.text()
    assert "p3:   # government at work" in document.text()  # other comments stay
    document.apply(undo)
    assert document.text() == before
    assert [p.tile for p in document.layout.scenario("flood").panels["p2"]] == [
        "river_chart", "gauges_table", "rain_chart", "yen_bai_chart"]


def test_the_last_panel_cannot_be_removed(document):
    for panel_id in ("p1", "p2", "p3"):
        document.apply(remove_panel(document, panel_id))
    before = document.text()
    with pytest.raises(PanelRefused, match="'p4' is the last panel"):
        remove_panel(document, "p4")
    assert document.text() == before


MOSAIC_2X2 = WALL_2X1 + """\
    - {id: p3, position: {row: 1, column: 0}, grid: {rows: 2, columns: 2}}
    - {id: p4, position: {row: 1, column: 1}, grid: {rows: 2, columns: 2}}
"""


def test_removing_a_panel_of_a_canvas_keeps_the_canvas_a_rectangle():
    text = layout_text("      p1: [{tile: a, at: [0, 0], span: [1, 3]}]\n", wall=MOSAIC_2X2 + (
        "  canvases:\n"
        "    - {id: top, panels: [p1, p2]}  # one NVIDIA Mosaic screen\n"
        "    - {id: square, panels: [p3]}\n"))
    document = LayoutDocument(text)
    before = document.text()
    with pytest.raises(PanelRefused, match="goes past the 2x2 grid of panel 'p1'"):
        remove_panel(document, "p2")  # tile a spans from p1 onto p2
    assert document.text() == before
    undo, problems = document.apply(remove_panel(document, "p3"))
    assert problems == []
    assert [c.id for c in document.layout.wall.canvases] == ["top"]  # left without panels
    assert "# one NVIDIA Mosaic screen" in document.text()
    document.apply(undo)
    assert document.text() == before


def test_removing_the_only_panel_of_the_only_canvas_leaves_no_empty_canvas_list():
    document = LayoutDocument(layout_text(
        "      p1: [{tile: a, at: [0, 0]}]\n",
        wall=MOSAIC_2X2 + "  canvases:\n    - {id: single, panels: [p3], screen: DP-3}\n"))
    before = document.text()
    undo, problems = document.apply(remove_panel(document, "p3"))
    assert problems == [] and "canvases" not in document.text()
    document.apply(undo)
    assert document.text() == before


def test_removing_a_corner_of_a_square_canvas_is_refused():
    document = LayoutDocument(layout_text(
        "      p1: [{tile: a, at: [0, 0]}]\n",
        wall=MOSAIC_2X2 + "  canvases:\n    - {id: all, panels: [p1, p2, p3, p4]}\n"))
    with pytest.raises(PanelRefused, match="canvas 'all' would not form a rectangle"):
        remove_panel(document, "p4")
