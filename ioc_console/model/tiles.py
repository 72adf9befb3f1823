"""Tiles: defined once per layout, placed by scenarios.

Each tile type is a model whose ``type`` literal discriminates the union, and whose
``options`` model is the type's option schema (the layout editor builds its property
form from it). Adding a tile type = a new ``*Tile`` class here + a widget module in
``widgets/`` registered under the same name.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .common import HexColor, Identifier, LocalizedText, StrictModel


class Binding(StrictModel):
    """Which source feeds a tile and what to take from its value."""

    source: Identifier
    select: str | None = Field(
        None, description="JMESPath expression applied to the source value, e.g. gauges[0].level_m"
    )


class TileBase(StrictModel):
    id: Identifier
    title: LocalizedText | None = None
    binding: Binding | None = None

    def bindings(self) -> list[Binding]:
        """Every source this tile reads (a chart may read several)."""
        return [self.binding] if self.binding is not None else []


class ClockOptions(StrictModel):
    timezone: str = "Asia/Ho_Chi_Minh"
    show_seconds: bool = True
    show_date: bool = True


class ClockTile(TileBase):
    type: Literal["clock"]
    options: ClockOptions = ClockOptions()


class TextOptions(StrictModel):
    text: LocalizedText = ""
    format: Literal["plain", "markdown"] = "plain"
    align: Literal["left", "center", "right"] = "left"
    size: Literal["normal", "large", "huge"] = "normal"


class TextTile(TileBase):
    type: Literal["text"]
    options: TextOptions = TextOptions()


class Threshold(StrictModel):
    """A level worth a line on a chart or a colour on a number (e.g. alarm level III)."""

    value: float
    label: LocalizedText = ""
    color: HexColor = "#f2b233"


class Band(StrictModel):
    lower: float
    upper: float
    label: LocalizedText = ""
    color: HexColor = "#f2b233"


class ChartSeries(StrictModel):
    source: Identifier
    select: str = Field("points", description="JMESPath to [[epoch_ms, value], ...]")
    label: LocalizedText = ""
    color: HexColor | None = None


class ChartOptions(StrictModel):
    series: list[ChartSeries] = Field(min_length=1)
    unit: str = ""
    history_s: float = Field(24 * 3600, gt=0, description="time window shown")
    max_points: int = Field(5000, ge=10, le=1_000_000, description="ring buffer per series")
    max_fps: float = Field(2.0, gt=0, le=60, description="redraws per second at most "
                           "(a river level changes by the minute; every redraw costs ~10 ms)")
    thresholds: list[Threshold] = Field(default_factory=list)
    thresholds_select: str | None = Field(
        "thresholds", description="JMESPath to [{label, value}] in the first series' source")
    bands: list[Band] = Field(default_factory=list)
    y_range: tuple[float, float] | None = None


class ChartTile(TileBase):
    type: Literal["chart"]
    options: ChartOptions

    def bindings(self) -> list[Binding]:
        return [Binding(source=s.source, select=s.select) for s in self.options.series]


class KpiOptions(StrictModel):
    unit: LocalizedText = ""
    decimals: int = Field(0, ge=0, le=6)
    compare: Literal["previous", "target", "none"] = "previous"
    target: float | None = None
    higher_is_better: bool = True
    thresholds: list[Threshold] = Field(
        default_factory=list, description="colour the value once it reaches a threshold")
    sparkline: bool = True
    caption: LocalizedText = ""


class KpiTile(TileBase):
    type: Literal["kpi"]
    options: KpiOptions = KpiOptions()


class GaugeOptions(StrictModel):
    maximum: float = Field(100.0, gt=0)
    unit: str = "%"
    decimals: int = Field(1, ge=0, le=6)
    label_key: str = Field("name", description="for a list of items: the label field")
    value_key: str = Field("score", description="for a list of items: the value field")
    max_key: str | None = Field("max", description="for a list of items: each item's maximum")
    thresholds: list[Threshold] = Field(default_factory=list)


class GaugeTile(TileBase):
    type: Literal["gauge"]
    options: GaugeOptions = GaugeOptions()


class BarOptions(StrictModel):
    label_key: str = "name"
    value_key: str = "value"
    top_n: int = Field(10, ge=1, le=100)
    descending: bool = True
    unit: str = ""
    color: HexColor = "#4aa3ff"


class BarTile(TileBase):
    type: Literal["bar"]
    options: BarOptions = BarOptions()


class TableColumn(StrictModel):
    key: str
    title: LocalizedText = ""
    align: Literal["left", "center", "right"] = "left"
    decimals: int | None = None


class TableOptions(StrictModel):
    columns: list[TableColumn] = Field(min_length=1)
    sort_by: str | None = None
    descending: bool = True
    top_n: int = Field(20, ge=1, le=500)
    severity_key: str | None = Field(None, description="column coloured by severity word")


class TableTile(TileBase):
    type: Literal["table"]
    options: TableOptions


class MapLayer(StrictModel):
    source: Identifier
    kind: Literal["outline", "gauges", "cameras", "shelters", "reports", "alerts", "points",
                  "lines", "landslides"] = "points"
    label: LocalizedText = ""
    color: HexColor = "#4aa3ff"


class MapView(StrictModel):
    center: tuple[float, float] | None = Field(None, description="lat, lon")
    zoom: float | None = Field(None, ge=1, le=19)
    fit_layer: Identifier | None = Field(None, description="source id of a layer to fit")


class MapOptions(StrictModel):
    center: tuple[float, float] = Field((22.06, 104.35), description="lat, lon")
    zoom: float = Field(9, ge=1, le=19)
    tile_url: str | None = Field(
        None, description="optional offline tile server, e.g. http://tiles.local/{z}/{x}/{y}.png")
    layers: list[MapLayer] = Field(default_factory=list)
    views: dict[Identifier, MapView] = Field(
        default_factory=dict, description="view per scenario id")


class MapTile(TileBase):
    type: Literal["map"]
    options: MapOptions = MapOptions()

    def bindings(self) -> list[Binding]:
        extra = [Binding(source=layer.source) for layer in self.options.layers]
        return [*super().bindings(), *extra]


class AlertFeedOptions(StrictModel):
    min_severity: Literal["Unknown", "Minor", "Moderate", "Severe", "Extreme"] = "Unknown"
    categories: list[str] = Field(default_factory=list, description="empty = all")
    area_contains: str | None = Field(None, description="only alerts whose area names this")
    max_items: int = Field(8, ge=1, le=100)
    sound: bool = True
    flash_extreme: bool = True


class AlertFeedTile(TileBase):
    type: Literal["alert-feed"]
    options: AlertFeedOptions = AlertFeedOptions()


class CameraOptions(StrictModel):
    stream_url: str | None = None
    snapshot_url: str | None = Field(None, description="refreshed every refresh_s")
    refresh_s: float = Field(5.0, ge=0.5)
    camera_id: str | None = Field(None, description="camera in the bound camera index")


class CameraTile(TileBase):
    type: Literal["camera"]
    options: CameraOptions = CameraOptions()


class TickerOptions(StrictModel):
    text_key: str = Field("headline", description="field of each item shown in the ticker")
    speed_px_s: float = Field(120, gt=0, le=2000)
    separator: str = "   •   "


class TickerTile(TileBase):
    type: Literal["ticker"]
    options: TickerOptions = TickerOptions()


class ImageOptions(StrictModel):
    url: str | None = Field(None, description="http(s) URL or a file path")
    refresh_s: float | None = Field(None, ge=1)
    fit: Literal["contain", "cover"] = "contain"


class ImageTile(TileBase):
    type: Literal["image"]
    options: ImageOptions = ImageOptions()


Tile = Annotated[
    ChartTile | KpiTile | GaugeTile | BarTile | TableTile | MapTile | AlertFeedTile | CameraTile
    | TickerTile | ClockTile | TextTile | ImageTile,
    Field(discriminator="type"),
]

TILE_TYPES: tuple[str, ...] = ("chart", "kpi", "gauge", "bar", "table", "map", "alert-feed",
                               "camera", "ticker", "clock", "text", "image")
