"""The physical video wall: panels (monitors), their grids, and canvases (OS screens)."""

from __future__ import annotations

from pydantic import Field

from .common import Identifier, LocalizedText, StrictModel


class GridSize(StrictModel):
    rows: int = Field(3, ge=1, le=24)
    columns: int = Field(4, ge=1, le=24)


class WallPosition(StrictModel):
    """Where a panel hangs on the wall, counted in panels from the top-left one."""

    row: int = Field(ge=0, le=63)
    column: int = Field(ge=0, le=63)


class Panel(StrictModel):
    id: Identifier
    name: LocalizedText | None = None
    position: WallPosition
    resolution: tuple[int, int] = Field((1920, 1080), description="width, height in pixels")
    size_mm: tuple[float, float] = Field(
        (1209.6, 680.4), description="active picture area, width x height in mm (55 inch 16:9)"
    )
    bezel_mm: float = Field(3.5, ge=0, le=100, description="frame width on each side, in mm")
    screen: int | str | None = Field(
        None, description="OS screen that shows this panel: index or name (e.g. 'DP-1')"
    )
    font_scale: float = Field(1.0, ge=0.5, le=4.0)
    grid: GridSize = GridSize()

    @property
    def px_per_mm(self) -> float:
        return self.resolution[0] / self.size_mm[0]

    @property
    def bezel_px(self) -> int:
        return round(self.bezel_mm * self.px_per_mm)


class Canvas(StrictModel):
    """What one top-level window covers: one OS screen showing one or more panels.

    Several panels share a canvas when the graphics driver presents them as one large
    screen (NVIDIA Mosaic, AMD Eyefinity); only there may a tile span panels.
    """

    id: Identifier
    panels: list[Identifier] = Field(min_length=1)
    screen: int | str | None = None


class Wall(StrictModel):
    name: LocalizedText | None = None
    panels: list[Panel] = Field(min_length=1)
    canvases: list[Canvas] = Field(
        default_factory=list,
        description="Panels not listed in any canvas each get a canvas of their own.",
    )

    def panel(self, panel_id: str) -> Panel:
        for panel in self.panels:
            if panel.id == panel_id:
                return panel
        raise KeyError(panel_id)

    def effective_canvases(self) -> list[Canvas]:
        """Declared canvases plus one implicit canvas per panel that no canvas names."""
        claimed = {pid for canvas in self.canvases for pid in canvas.panels}
        implicit = [
            Canvas(id=panel.id, panels=[panel.id], screen=panel.screen)
            for panel in self.panels
            if panel.id not in claimed
        ]
        return [*self.canvases, *implicit]

    def canvas_of(self, panel_id: str) -> Canvas:
        for canvas in self.effective_canvases():
            if panel_id in canvas.panels:
                return canvas
        raise KeyError(panel_id)

    @property
    def rows(self) -> int:
        return 1 + max(p.position.row for p in self.panels)

    @property
    def columns(self) -> int:
        return 1 + max(p.position.column for p in self.panels)
