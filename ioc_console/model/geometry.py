"""Pixel geometry of canvases, panels and tiles. Pure arithmetic, no Qt.

A canvas framebuffer is contiguous: the OS puts panel pixels side by side, so no pixel
lies under a bezel and a tile spanning panels loses nothing. The physical wall, with
its bezels, is modelled separately (``wall_pixel_rects``) for the simulated wall and
the screenshot, which draw the gaps where the bezels are.
"""

from __future__ import annotations

from dataclasses import dataclass

from .scenario import Placement
from .wall import Canvas, Panel, Wall


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    def inset(self, margin: int) -> Rect:
        return Rect(self.x + margin, self.y + margin,
                    max(0, self.width - 2 * margin), max(0, self.height - 2 * margin))

    def scaled(self, factor: float) -> Rect:
        x, y = round(self.x * factor), round(self.y * factor)
        return Rect(x, y, round(self.right * factor) - x, round(self.bottom * factor) - y)


Cell = tuple[int, int]


class CanvasGrid:
    """The panels of one canvas arranged as a rectangle, and the cell grid across them.

    Call only on a canvas that validation accepted (a full rectangle of panels with the
    same resolution and grid).
    """

    def __init__(self, wall: Wall, canvas: Canvas) -> None:
        self.canvas = canvas
        self.panels = [wall.panel(pid) for pid in canvas.panels]
        rows = sorted({p.position.row for p in self.panels})
        columns = sorted({p.position.column for p in self.panels})
        self._index = {
            p.id: (rows.index(p.position.row), columns.index(p.position.column))
            for p in self.panels
        }
        first = self.panels[0]
        self.panel_size = first.resolution
        self.panel_grid = (first.grid.rows, first.grid.columns)
        self.panel_rows, self.panel_columns = len(rows), len(columns)

    @property
    def size_px(self) -> tuple[int, int]:
        return (self.panel_size[0] * self.panel_columns, self.panel_size[1] * self.panel_rows)

    @property
    def cell_rows(self) -> int:
        return self.panel_grid[0] * self.panel_rows

    @property
    def cell_columns(self) -> int:
        return self.panel_grid[1] * self.panel_columns

    def panel_rect(self, panel_id: str) -> Rect:
        r, c = self._index[panel_id]
        w, h = self.panel_size
        return Rect(c * w, r * h, w, h)

    def panel_at_cell(self, cell: Cell) -> str:
        r, c = cell[0] // self.panel_grid[0], cell[1] // self.panel_grid[1]
        for pid, index in self._index.items():
            if index == (r, c):
                return pid
        raise KeyError(cell)

    def anchor_cell(self, panel_id: str, placement: Placement) -> Cell:
        r, c = self._index[panel_id]
        return (r * self.panel_grid[0] + placement.at[0], c * self.panel_grid[1] + placement.at[1])

    def cells(self, panel_id: str, placement: Placement) -> set[Cell]:
        row0, col0 = self.anchor_cell(panel_id, placement)
        return {
            (row, col)
            for row in range(row0, row0 + placement.span[0])
            for col in range(col0, col0 + placement.span[1])
        }

    def fits(self, panel_id: str, placement: Placement) -> bool:
        row0, col0 = self.anchor_cell(panel_id, placement)
        return (placement.at[0] < self.panel_grid[0] and placement.at[1] < self.panel_grid[1]
                and row0 + placement.span[0] <= self.cell_rows
                and col0 + placement.span[1] <= self.cell_columns)

    def tile_rect(self, panel_id: str, placement: Placement) -> Rect:
        """Framebuffer rectangle of a placement, cell edges rounded to whole pixels."""
        row0, col0 = self.anchor_cell(panel_id, placement)
        width, height = self.size_px
        x0 = round(col0 * width / self.cell_columns)
        x1 = round((col0 + placement.span[1]) * width / self.cell_columns)
        y0 = round(row0 * height / self.cell_rows)
        y1 = round((row0 + placement.span[0]) * height / self.cell_rows)
        return Rect(x0, y0, x1 - x0, y1 - y0)

    def panels_covered(self, panel_id: str, placement: Placement) -> set[str]:
        return {self.panel_at_cell(cell) for cell in self.cells(panel_id, placement)}


def wall_pixel_rects(wall: Wall) -> tuple[tuple[int, int], dict[str, Rect]]:
    """Where each panel's picture sits on the physical wall, in pixels, bezels included.

    Returns the wall size and one rectangle per panel. Adjacent panels are separated by
    both of their bezels, and the outer frame by one bezel, converted with each panel's
    pixel pitch so that a screenshot looks like the wall does from the room.
    """
    column_width: dict[int, int] = {}
    row_height: dict[int, int] = {}
    for panel in wall.panels:
        column_width[panel.position.column] = max(
            column_width.get(panel.position.column, 0), panel.resolution[0] + 2 * panel.bezel_px)
        row_height[panel.position.row] = max(
            row_height.get(panel.position.row, 0), panel.resolution[1] + 2 * panel.bezel_px)
    xs = _offsets(column_width, wall.columns)
    ys = _offsets(row_height, wall.rows)
    rects = {}
    for panel in wall.panels:
        rects[panel.id] = _panel_in_slot(panel, xs[panel.position.column], ys[panel.position.row])
    return (xs[wall.columns], ys[wall.rows]), rects


def _offsets(sizes: dict[int, int], count: int) -> list[int]:
    offsets = [0]
    for index in range(count):
        offsets.append(offsets[-1] + sizes.get(index, 0))
    return offsets


def _panel_in_slot(panel: Panel, x: int, y: int) -> Rect:
    return Rect(x + panel.bezel_px, y + panel.bezel_px, panel.resolution[0], panel.resolution[1])
