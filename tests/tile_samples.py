"""Tiles and alerts for widget tests, shaped like what the layout and the backend give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import TypeAdapter

from ioc_console.model.tiles import Tile

_TILE = TypeAdapter(Tile)
_T0 = datetime(2024, 9, 9, 13, tzinfo=UTC)


def make_tile(tile_type: str, options: dict | None = None, **fields):
    data = {"id": f"t_{tile_type.replace('-', '_')}", "type": tile_type, **fields}
    if options is not None:
        data["options"] = options
    return _TILE.validate_python(data)


def alert(identifier: str, severity: str, minutes: int = 0, **fields):
    from ioc_console.data.alerts import Alert

    return Alert(identifier=identifier, sender="ioc-demo@laocai.invalid",
                 sent=_T0 + timedelta(minutes=minutes), status="Exercise",
                 msg_type=fields.pop("msg_type", "Alert"),
                 category=["Met"], event="Lũ (MÔ PHỎNG)", urgency="Immediate", severity=severity,
                 certainty="Observed", headline=fields.pop("headline", f"{severity} {identifier}"),
                 area_descriptions=["Ven sông Hồng"], **fields)


def show_tile(widget, qtbot, size):
    """A tile widget on screen at ``size`` with the base typography, as tests look at it."""
    from ioc_console.ui.typography import Typography

    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.set_typography(Typography(1.0))
    widget.show()
    qtbot.waitExposed(widget)
    return widget
