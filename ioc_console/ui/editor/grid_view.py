"""The wall of one scenario as rectangles on panel grids: drag a tile to move it, drag its
corner to resize it; both snap to cells when the mouse is released.

The view only proposes: it emits ``move_requested`` and the editor decides. A refused move
springs back because the editor redraws the scene from the (unchanged) layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from ioc_console.model.common import localize
from ioc_console.model.geometry import CanvasGrid
from ioc_console.model.layout import Layout
from ioc_console.model.scenario import Placement
from ioc_console.ui import palette

SCALE = 0.2  # scene units per framebuffer pixel: a 1920x1080 panel is 384x216
GAP = 18  # between canvases, wider than a real bezel so the panels read as separate
HANDLE = 14  # the resize corner, in scene units
TILE_TYPE_MIME = "application/x-ioc-tile-type"


@dataclass
class CanvasBlock:
    grid: CanvasGrid
    rect: QRectF

    def cell_size(self) -> tuple[float, float]:
        return (self.rect.width() / self.grid.cell_columns,
                self.rect.height() / self.grid.cell_rows)

    def cell_at(self, point: QPointF) -> tuple[int, int]:
        width, height = self.cell_size()
        column = int((point.x() - self.rect.left()) // width)
        row = int((point.y() - self.rect.top()) // height)
        return (min(max(row, 0), self.grid.cell_rows - 1),
                min(max(column, 0), self.grid.cell_columns - 1))

    def panel_and_at(self, cell: tuple[int, int]) -> tuple[str, tuple[int, int]]:
        rows, columns = self.grid.panel_grid
        return self.grid.panel_at_cell(cell), (cell[0] % rows, cell[1] % columns)


class TileItem(QGraphicsRectItem):
    def __init__(self, tile_id: str, panel_id: str, placement: Placement, rect: QRectF,
                 label: str, block: CanvasBlock) -> None:
        super().__init__(rect)
        self.tile_id, self.panel_id, self.placement, self.block = (
            tile_id, panel_id, placement, block)
        self.setBrush(QBrush(QColor(palette.TILE)))
        self.setPen(QPen(QColor(palette.ACCENT), 1.5))
        self.text = QGraphicsSimpleTextItem(label, self)
        self.text.setBrush(QBrush(QColor(palette.TEXT)))
        font = QFont()
        font.setPointSizeF(7)
        self.text.setFont(font)
        self.text.setPos(rect.left() + 5, rect.top() + 4)
        self.handle = QGraphicsRectItem(self._handle_rect(), self)
        self.handle.setBrush(QBrush(QColor(palette.ACCENT)))
        self.handle.setPen(QPen(Qt.PenStyle.NoPen))
        self.set_selected(False)

    def _handle_rect(self) -> QRectF:
        r = self.rect()
        return QRectF(r.right() - HANDLE, r.bottom() - HANDLE, HANDLE, HANDLE)

    def on_handle(self, point: QPointF) -> bool:
        return self._handle_rect().adjusted(-2, -2, 2, 2).contains(point)

    def set_geometry(self, rect: QRectF) -> None:
        self.setRect(rect)
        self.text.setPos(rect.left() + 5, rect.top() + 4)
        self.handle.setRect(self._handle_rect())

    def set_selected(self, selected: bool) -> None:
        self.setPen(QPen(QColor(palette.WARNING if selected else palette.ACCENT),
                         3 if selected else 1.5))
        self.setZValue(2 if selected else 1)


class LayoutGridView(QGraphicsView):
    move_requested = Signal(str, str, tuple, tuple)  # tile id, panel id, at, span
    add_requested = Signal(str, str, tuple)  # tile type, panel id, at
    tile_selected = Signal(str)  # "" when nothing is selected

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setBackgroundBrush(QBrush(QColor(palette.BACKGROUND)))
        self.setAcceptDrops(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.blocks: list[CanvasBlock] = []
        self.tiles: dict[str, TileItem] = {}
        self.selected = ""
        self._drag: tuple[str, TileItem, QPointF, QRectF] | None = None

    # --- drawing -------------------------------------------------------------------------
    def show_scenario(self, layout: Layout, scenario_id: str) -> None:
        scene = self.scene()
        scene.clear()
        self.blocks, self.tiles, self._drag = [], {}, None
        wall = layout.wall
        widths: dict[int, float] = {}
        heights: dict[int, float] = {}
        for panel in wall.panels:
            widths[panel.position.column] = max(widths.get(panel.position.column, 0),
                                                panel.resolution[0] * SCALE)
            heights[panel.position.row] = max(heights.get(panel.position.row, 0),
                                              panel.resolution[1] * SCALE)
        x_of = {c: sum(widths.get(i, 0) + GAP for i in range(c)) for c in range(wall.columns)}
        y_of = {r: sum(heights.get(i, 0) + GAP for i in range(r)) for r in range(wall.rows)}
        by_panel: dict[str, CanvasBlock] = {}
        for canvas in wall.effective_canvases():
            grid = CanvasGrid(wall, canvas)
            first = min(grid.panels, key=lambda p: (p.position.row, p.position.column))
            width, height = grid.size_px
            block = CanvasBlock(grid, QRectF(x_of[first.position.column],
                                             y_of[first.position.row], width * SCALE,
                                             height * SCALE))
            self.blocks.append(block)
            self._draw_canvas(block)
            for panel in grid.panels:
                by_panel[panel.id] = block
        scenario = layout.scenario(scenario_id)
        for panel_id, placements in scenario.panels.items():
            block = by_panel.get(panel_id)
            if block is None:
                continue
            for placement in placements:
                rect = block.grid.tile_rect(panel_id, placement).scaled(SCALE)
                tile = layout.tile(placement.tile)
                label = f"{localize(tile.title, self.language, tile.id)}\n{tile.type}"
                item = TileItem(tile.id, panel_id, placement,
                                QRectF(block.rect.left() + rect.x, block.rect.top() + rect.y,
                                       rect.width, rect.height).adjusted(2, 2, -2, -2),
                                label, block)
                scene.addItem(item)
                self.tiles[tile.id] = item
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-8, -8, 8, 8))
        if self.selected in self.tiles:
            self.tiles[self.selected].set_selected(True)
        self._fit()

    def _draw_canvas(self, block: CanvasBlock) -> None:
        scene = self.scene()
        grid = block.grid
        for panel in grid.panels:
            r = grid.panel_rect(panel.id).scaled(SCALE)
            rect = QRectF(block.rect.left() + r.x, block.rect.top() + r.y, r.width, r.height)
            scene.addRect(rect, QPen(QColor(palette.GRID_LINE), 2), QBrush(QColor("#0a1119")))
            screen = "" if panel.screen is None else f" · screen {panel.screen}"
            caption = scene.addSimpleText(f"{panel.id}{screen}")
            caption.setBrush(QBrush(QColor(palette.TEXT_DIM)))
            caption.setPos(rect.left() + 2, rect.top() - 14)
        width, height = block.cell_size()
        pen = QPen(QColor(palette.GRID_LINE), 1, Qt.PenStyle.DotLine)
        for column in range(1, grid.cell_columns):
            x = block.rect.left() + column * width
            scene.addLine(x, block.rect.top(), x, block.rect.bottom(), pen)
        for row in range(1, grid.cell_rows):
            y = block.rect.top() + row * height
            scene.addLine(block.rect.left(), y, block.rect.right(), y, pen)

    def _fit(self) -> None:
        if not self.scene().sceneRect().isEmpty():
            self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def select(self, tile_id: str) -> None:
        for key, item in self.tiles.items():
            item.set_selected(key == tile_id)
        self.selected = tile_id

    # --- where things are ----------------------------------------------------------------
    def block_at(self, point: QPointF) -> CanvasBlock | None:
        for block in self.blocks:
            if block.rect.contains(point):
                return block
        return None

    def cell_center(self, panel_id: str, at: tuple[int, int]) -> QPointF:
        """Scene point at the middle of a cell (tests and drops use it)."""
        for block in self.blocks:
            if panel_id in block.grid.canvas.panels:
                rect = block.grid.tile_rect(panel_id, Placement(tile="x", at=at)).scaled(SCALE)
                return QPointF(block.rect.left() + rect.x + rect.width / 2,
                               block.rect.top() + rect.y + rect.height / 2)
        raise KeyError(panel_id)

    def _tile_at(self, point: QPointF) -> TileItem | None:
        for item in self.scene().items(point):
            while item is not None and not isinstance(item, TileItem):
                item = item.parentItem()
            if isinstance(item, TileItem):
                return item
        return None

    # --- mouse: move and resize ----------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        point = self.mapToScene(event.position().toPoint())
        item = self._tile_at(point)
        self.select(item.tile_id if item else "")
        self.tile_selected.emit(self.selected)
        if item is not None:
            mode = "resize" if item.on_handle(point) else "move"
            self._drag = (mode, item, point, QRectF(item.rect()))
        event.accept()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._drag is None:
            return super().mouseMoveEvent(event)
        mode, item, start, rect = self._drag
        delta = self.mapToScene(event.position().toPoint()) - start
        if mode == "move":
            item.set_geometry(rect.translated(delta))
        else:
            width, height = item.block.cell_size()  # never smaller than half a cell
            item.set_geometry(QRectF(rect.left(), rect.top(),
                                     max(rect.width() + delta.x(), width * 0.5),
                                     max(rect.height() + delta.y(), height * 0.5)))
        event.accept()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._drag is None:
            return super().mouseReleaseEvent(event)
        mode, item, _start, _rect = self._drag
        self._drag = None
        rect = item.rect()
        placement = item.placement
        if mode == "move":
            width, height = item.block.cell_size()
            anchor = rect.topLeft() + QPointF(width / 2, height / 2)
            block = self.block_at(anchor)
            if block is None:
                self.move_requested.emit(item.tile_id, "", (-1, -1), placement.span)
                return
            panel_id, at = block.panel_and_at(block.cell_at(anchor))
            self.move_requested.emit(item.tile_id, panel_id, at, placement.span)
        else:
            block = item.block
            top = block.cell_at(rect.topLeft() + QPointF(1, 1))
            width, height = block.cell_size()
            bottom = block.cell_at(rect.bottomRight() - QPointF(width / 2, height / 2))
            span = (max(1, bottom[0] - top[0] + 1), max(1, bottom[1] - top[1] + 1))
            self.move_requested.emit(item.tile_id, item.panel_id, placement.at, span)
        event.accept()

    # --- drops from the palette ----------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(TILE_TYPE_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(TILE_TYPE_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        tile_type = bytes(event.mimeData().data(TILE_TYPE_MIME)).decode()
        self.drop_tile_type(tile_type, self.mapToScene(event.position().toPoint()))
        event.acceptProposedAction()

    def drop_tile_type(self, tile_type: str, point: QPointF) -> None:
        block = self.block_at(point)
        if block is not None:
            panel_id, at = block.panel_and_at(block.cell_at(point))
            self.add_requested.emit(tile_type, panel_id, at)
