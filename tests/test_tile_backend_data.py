"""Each of the five data tiles fed from the real demo backend over HTTP, selected the way
the shipped layout selects: the shapes a wall really receives, not hand-written ones."""

from __future__ import annotations

import jmespath
import pytest
import requests
from ioc_console.widgets.bar import BarWidget
from ioc_console.widgets.chart import ChartWidget
from ioc_console.widgets.gauge import GaugeWidget
from ioc_console.widgets.kpi import KpiWidget
from ioc_console.widgets.table import TableWidget
from PySide6.QtCore import Qt

from ioc_console.model.number_format import format_number
from ioc_console.model.ranking import text_key
from tests.tile_samples import make_tile, show_tile

server = pytest.importorskip("ioc_console.demo_backend.server")


@pytest.fixture(scope="module")
def backend():
    demo = server.DemoBackend(port=0).start()
    demo.sim.replay_flood_from(5.0)  # mid-flood: the river is above its alarm levels
    yield demo
    demo.stop()


def get(backend, path: str, select: str | None = None):
    payload = requests.get(backend.base_url + path, timeout=5).json()
    return jmespath.search(select, payload) if select else payload


def shown(widget, qtbot, size=(700, 400)):
    return show_tile(widget, qtbot, size)


def test_chart_of_the_red_river_at_lao_cai(qtbot, backend):
    payload = get(backend, "/api/series/river_lao_cai")
    tile = make_tile("chart", options={"unit": "m", "max_points": 100, "series": [
        {"source": "river_lao_cai", "select": "@", "label": "Lào Cai"}]})
    widget = shown(ChartWidget(tile, "vi"), qtbot)
    widget.show_data("river_lao_cai", payload)
    widget.show_data("river_lao_cai", get(backend, "/api/series/river_lao_cai"))  # next poll
    seconds, values = widget.buffers["river_lao_cai"].arrays()
    assert 10 < len(seconds) <= 100 and seconds == sorted(seconds)
    assert [(line.label.textItem.toPlainText(), line.value())
            for line in widget.threshold_lines] == [
        (t["label"], t["value"]) for t in payload["thresholds"]]
    widget.redraw()
    low, high = widget.plot.getViewBox().viewRange()[1]
    assert low <= min(values) and high >= max(values)


def test_kpi_of_dossiers_on_time(qtbot, backend):
    value = get(backend, "/api/kpi/public_admin", "dossiers_on_time_pct")
    tile = make_tile("kpi", options={"unit": "%", "decimals": 2, "thresholds": [
        {"value": 97, "color": "#f2b233"}, {"value": 98.5, "color": "#3ddc84"}]})
    widget = shown(KpiWidget(tile, "vi"), qtbot, (400, 260))
    widget.show_data("admin", value)
    assert widget.value_label.text() == format_number(value, 2, "vi")
    assert "," in widget.value_label.text()
    assert widget.level_label.text().startswith("● ")


def test_gauge_of_the_766_index_components(qtbot, backend):
    components = get(backend, "/api/kpi/index766", "components")
    widget = shown(GaugeWidget(make_tile("gauge", options={"unit": "", "decimals": 2}), "vi"),
                   qtbot, (640, 500))
    widget.show_data("index766", components)
    assert len(widget.items) == 5
    assert widget.texts() == [f"{format_number(c['score'], 2, 'vi')} / {c['max']}"
                              for c in components]
    disbursed = get(backend, "/api/kpi/investment", "disbursed_pct")
    single = shown(GaugeWidget(make_tile("gauge"), "vi"), qtbot, (500, 200))
    single.show_data("investment", disbursed)
    assert single.texts() == [f"{format_number(disbursed, 1, 'vi')} %"]


def test_bar_of_overdue_dossiers_by_department(qtbot, backend):
    departments = get(backend, "/api/kpi/public_admin", "by_department")
    tile = make_tile("bar", options={"label_key": "name", "value_key": "overdue", "top_n": 6})
    widget = shown(BarWidget(tile, "vi"), qtbot)
    widget.show_data("admin", departments)
    values = [value for _name, value in widget.rows]
    assert len(widget.rows) == min(6, len(departments))
    assert values == sorted(values, reverse=True)
    assert values[0] == max(d["overdue"] for d in departments)


def test_table_of_air_quality_stations(qtbot, backend):
    stations = get(backend, "/api/kpi/environment", "stations")
    tile = make_tile("table", options={"columns": [
        {"key": "name", "title": "Trạm"}, {"key": "vn_aqi", "title": "VN_AQI", "align": "right"},
        {"key": "band", "title": "Mức"}], "sort_by": "vn_aqi", "top_n": 4})
    widget = shown(TableWidget(tile, "vi"), qtbot)
    widget.show_data("environment", stations)
    model = widget.model
    shown_aqi = [int(model.text(row, 1).replace(".", "")) for row in range(model.rowCount())]
    assert model.rowCount() == min(4, len(stations))
    assert shown_aqi == sorted((s["vn_aqi"] for s in stations), reverse=True)[:4]
    widget.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # as a header click does
    names = [model.text(r, 0) for r in range(model.rowCount())]
    assert names == sorted(names, key=text_key) and len(names) == 4
