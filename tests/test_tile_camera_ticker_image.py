"""Camera, ticker and image tiles as seen on the wall: pictures, boxes, offline, motion."""

from __future__ import annotations

import pytest
from ioc_console.widgets import camera, image, ticker
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage

from ioc_console import i18n
from ioc_console.ui import palette
from ioc_console.ui.typography import Typography
from tests.loopback_server import Loopback
from tests.tile_samples import alert, make_tile, show_tile

SKY = "#204060"


def png(color: str, size=(640, 360)) -> bytes:
    picture = QImage(*size, QImage.Format.Format_RGB32)
    picture.fill(QColor(color))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(buffer, "PNG")
    return bytes(data.data())


@pytest.fixture
def server():
    """A camera on 127.0.0.1 answering with a PNG (or whatever status a test sets)."""
    loopback = Loopback()
    loopback.body, loopback.content_type = png(SKY), "image/png"
    yield loopback
    loopback.stop()


@pytest.fixture
def vietnamese():
    i18n.set_language("vi")
    yield
    i18n.set_language("en")


def shown(widget, qtbot, size=(640, 360)):
    return show_tile(widget, qtbot, size)


def pixel(widget, x: int, y: int) -> str:
    return widget.grab().toImage().pixelColor(x, y).name()


def camera_tile(url: str, **options):
    return make_tile("camera", options={"snapshot_url": url, "refresh_s": 60, **options})


# --- camera --------------------------------------------------------------------------------

def test_camera_shows_the_snapshot_and_draws_ai_boxes_where_the_event_is(qtbot, server):
    widget = shown(camera.WIDGET(camera_tile(server.url), "vi"), qtbot)
    qtbot.waitUntil(lambda: not widget.image.isNull(), timeout=5000)
    assert pixel(widget, 320, 100) == SKY
    assert widget.last_frame_at is not None and not widget.offline
    widget.show_data("cams", [{"box": [0.5, 0.5, 0.25, 0.25], "label": "flooded_road",
                               "score": 0.9, "time": "2024-09-09T13:00:00Z"},
                              {"box": "nonsense"}, {"box": [0.2, 0.2, 0, 0.1]}])
    assert [e.text() for e in widget.events] == ["flooded_road 90%"]
    picture = widget.grab().toImage()
    warning = QColor(palette.WARNING).name()
    assert picture.pixelColor(320, 240).name() == warning  # left edge at x = 0.5
    assert picture.pixelColor(480, 240).name() == warning  # right edge at x = 0.75
    assert picture.pixelColor(400, 269).name() == warning  # bottom edge at y = 0.75
    assert picture.pixelColor(400, 230).name() == SKY  # inside, the picture shows
    assert picture.pixelColor(100, 100).name() == SKY  # elsewhere, no box
    tag = picture.pixelColor(324, 170)  # the label sits above the box
    assert tag.name() in (warning, "#000000")


def test_camera_goes_offline_on_503_keeps_the_last_picture_dimmed_and_comes_back(
        qtbot, server, vietnamese):
    widget = shown(camera.WIDGET(camera_tile(server.url), "vi"), qtbot)
    qtbot.waitUntil(lambda: not widget.image.isNull(), timeout=5000)
    widget.show_data("cams", [{"box": [0.1, 0.1, 0.2, 0.2], "label": "xe", "score": 0.5}])
    server.status = 503
    with qtbot.waitSignal(widget.offline_changed) as change:
        widget.refresh()
    assert change.args == [True] and widget.offline and widget.offline_reason == "HTTP 503"
    lines = widget.offline_lines()
    assert lines[0] == "MẤT TÍN HIỆU / CAMERA OFFLINE"
    assert lines[1] == "hình cuối lúc " + widget.last_frame_at.strftime("%H:%M:%S %d/%m")
    assert not widget.image.isNull()  # the last picture stays
    picture = widget.grab().toImage()
    dimmed = picture.pixelColor(320, 20)
    assert dimmed.name() != SKY and dimmed.blue() < QColor(SKY).blue() * 0.5
    band = picture.pixelColor(5, 180)  # the red band across the middle
    assert band.red() > 90 and band.green() < 40 and band.blue() < 40
    assert picture.pixelColor(64, 64).name() != QColor(palette.WARNING).name()  # no boxes
    server.status = 200
    with qtbot.waitSignal(widget.offline_changed) as change:
        widget.refresh()
    assert change.args == [False] and pixel(widget, 320, 20) == SKY


def test_a_camera_that_does_not_answer_is_offline_after_the_timeout(qtbot, server):
    server.slow = True
    widget = shown(camera.WIDGET(camera_tile(server.url), "en"), qtbot)
    widget.loader.cancel()
    widget.loader.timeout_s = 0.5
    widget.refresh()
    qtbot.waitUntil(lambda: widget.offline, timeout=5000)
    assert widget.offline_reason == "no answer within 0.5 s"
    assert widget.offline_lines()[1] == "no picture received yet"


def test_camera_follows_its_binding_record_url_and_online_flag(qtbot, server):
    widget = shown(camera.WIDGET(make_tile("camera", options={"refresh_s": 60}), "en"), qtbot)
    widget.show_data("cams", {"id": "cam01", "online": True, "snapshot_url": server.url,
                              "events": [{"box": [0.0, 0.0, 0.5, 0.5], "label": "người",
                                          "score": 0.8}]})
    qtbot.waitUntil(lambda: not widget.image.isNull(), timeout=5000)
    assert widget.snapshot_url == server.url and widget.events[0].label == "người"
    widget.show_data("cams", {"id": "cam01", "online": False, "snapshot_url": server.url})
    assert widget.offline and widget.offline_reason == "the camera reports it is offline"
    widget.show_data("cams", "garbage")
    assert widget.offline and not widget.image.isNull()


def test_camera_frozen_keeps_its_picture(qtbot, server):
    widget = shown(camera.WIDGET(camera_tile(server.url), "en"), qtbot)
    qtbot.waitUntil(lambda: not widget.image.isNull(), timeout=5000)
    requests = len(server.requests)
    widget.set_frozen(True)
    server.body = png("#ff0000")
    widget.refresh()
    widget.show_data("cams", [{"box": [0.1, 0.1, 0.2, 0.2], "label": "x"}])
    assert len(server.requests) == requests and pixel(widget, 320, 20) == SKY
    assert widget.events == []  # held, not shown
    widget.set_frozen(False)
    qtbot.waitUntil(lambda: pixel(widget, 320, 20) == "#ff0000", timeout=5000)
    assert [e.label for e in widget.events] == ["x"]


def test_a_stream_that_cannot_play_shows_offline_and_never_crashes(qtbot, tmp_path):
    missing = (tmp_path / "no-such-stream.mp4").as_uri()
    tile = make_tile("camera", options={"stream_url": missing, "refresh_s": 60})
    widget = shown(camera.WIDGET(tile, "en"), qtbot)
    qtbot.waitUntil(lambda: widget.offline, timeout=10000)  # player error, or no QtMultimedia
    assert widget.offline_lines()[0] == "SIGNAL LOST / CAMERA OFFLINE"


def red_stream(tmp_path) -> str:
    """A 4-second video file of pure red frames, or a skip where QtMultimedia is missing."""
    try:
        from PySide6.QtMultimedia import QMediaPlayer  # noqa: F401
    except ImportError as error:  # e.g. libpulse missing: the tile falls back, tested above
        pytest.skip(f"QtMultimedia unavailable: {error}")
    width, height = 64, 36
    video = tmp_path / "red.y4m"  # raw YUV frames: ffmpeg reads them, no encoder needed
    frame = b"FRAME\n" + bytes([76]) * (width * height) + bytes([84]) * (width * height // 4) \
        + bytes([255]) * (width * height // 4)  # Y, U, V of pure red
    video.write_bytes(f"YUV4MPEG2 W{width} H{height} F25:1 Ip A1:1 C420jpeg\n".encode()
                      + frame * 100)
    return video.as_uri()


def test_a_stream_plays_into_the_tile(qtbot, tmp_path):
    tile = make_tile("camera", options={"stream_url": red_stream(tmp_path), "refresh_s": 60})
    widget = shown(camera.WIDGET(tile, "en"), qtbot, (320, 180))
    qtbot.waitUntil(lambda: widget.last_frame_at is not None, timeout=10000)
    qtbot.waitUntil(lambda: QColor(pixel(widget, 160, 90)).red() > 200, timeout=5000)
    assert not widget.offline


def test_a_camera_off_the_wall_decodes_nothing_and_plays_again_when_back(qtbot, tmp_path):
    from PySide6.QtMultimedia import QMediaPlayer

    tile = make_tile("camera", options={"stream_url": red_stream(tmp_path), "refresh_s": 60})
    widget = shown(camera.WIDGET(tile, "en"), qtbot, (320, 180))
    qtbot.waitUntil(lambda: widget.last_frame_at is not None, timeout=10000)
    widget.set_on_wall(False)  # parked by a scenario switch: visible to Qt, seen by nobody
    assert widget.player.playbackState() == QMediaPlayer.PlaybackState.StoppedState
    widget.set_on_wall(True)
    assert widget.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState


# --- ticker --------------------------------------------------------------------------------

def test_ticker_text_moves_and_freezing_stops_it(qtbot):
    widget = shown(ticker.WIDGET(make_tile("ticker"), "vi"), qtbot, (600, 60))
    widget.show_data("cap", [{"headline": "Sông Hồng 86,91 m"}, {"headline": "Sơ tán ven sông"}])
    assert widget.text == "Sông Hồng 86,91 m   •   Sơ tán ven sông"
    first, start = widget.grab().toImage(), widget.offset
    qtbot.waitUntil(lambda: widget.offset > start + 5, timeout=3000)
    assert widget.grab().toImage() != first  # the picture moved, not only a number
    widget.set_frozen(True)
    frozen_at, frozen_picture = widget.offset, widget.grab().toImage()
    qtbot.wait(200)
    assert widget.offset == frozen_at and widget.grab().toImage() == frozen_picture
    widget.show_data("cap", [{"headline": "Tin mới"}])
    assert widget.text.startswith("Sông Hồng")  # held while frozen
    widget.set_frozen(False)
    assert widget.text == "Tin mới"
    qtbot.waitUntil(lambda: widget.offset != frozen_at, timeout=3000)


def test_ticker_speed_follows_the_option(qtbot):
    slow = shown(ticker.WIDGET(make_tile("ticker", options={"speed_px_s": 20}), "en"), qtbot,
                 (600, 60))
    fast = shown(ticker.WIDGET(make_tile("ticker", options={"speed_px_s": 400}), "en"), qtbot,
                 (600, 60))
    for widget in (slow, fast):
        widget.show_data("s", ["Một dòng tin khá dài để cuộn qua màn hình " * 3])
    qtbot.waitUntil(lambda: fast.offset > 100, timeout=3000)
    assert slow.offset < fast.offset / 4


def test_ticker_reads_alerts_strings_and_dicts_as_plain_text(qtbot):
    widget = shown(ticker.WIDGET(make_tile("ticker"), "en"), qtbot, (600, 60))
    widget.show_data("cap", {"alerts": [alert("m", "Minor"), alert("x", "Extreme")],
                             "problems": []})
    assert widget.text.index("Extreme x") < widget.text.index("Minor m")  # most severe first
    widget.show_data("s", ["<b>bold?</b>\nsecond line", "  spaced   out  "])
    assert widget.text == "<b>bold?</b> second line   •   spaced out"
    assert widget._static.textFormat() == Qt.TextFormat.PlainText
    widget.show_data("s", 42)  # unusable: the last text stays
    assert widget.text.startswith("<b>bold?</b>")
    widget.show_data("s", [])  # nothing to say any more: nothing scrolls
    assert widget.text == ""


def test_ticker_text_is_large(qtbot):
    widget = shown(ticker.WIDGET(make_tile("ticker"), "en"), qtbot, (600, 80))
    widget.set_typography(Typography(2.0))
    assert widget.font_pixel_size() >= Typography(2.0).body * 1.2


# --- image ---------------------------------------------------------------------------------

def test_image_loads_a_file_and_fits_contain_or_cover(qtbot, tmp_path):
    path = tmp_path / "logo.png"
    path.write_bytes(png("#ff0000", (64, 32)))
    contain = shown(image.WIDGET(make_tile("image", options={"url": str(path)}), "en"), qtbot,
                    (200, 200))
    cover = shown(image.WIDGET(make_tile("image", options={"url": str(path), "fit": "cover"}),
                               "en"), qtbot, (200, 200))
    qtbot.waitUntil(lambda: not contain.image.isNull() and not cover.image.isNull(),
                    timeout=3000)
    assert pixel(contain, 100, 100) == "#ff0000"
    assert pixel(contain, 100, 10) != "#ff0000"  # contain: bars above and below
    assert pixel(cover, 100, 10) == "#ff0000"  # cover: filled


def test_image_that_cannot_load_says_so_and_a_later_failure_keeps_the_picture(
        qtbot, tmp_path, vietnamese):
    missing = shown(image.WIDGET(make_tile("image", options={
        "url": str(tmp_path / "none.png")}), "vi"), qtbot, (300, 150))
    qtbot.waitUntil(lambda: bool(missing.problem), timeout=3000)
    assert missing.message() == "Không tải được hình ảnh: không tìm thấy tệp"
    picture = missing.grab().toImage()
    warning = QColor(palette.WARNING).name()
    assert any(picture.pixelColor(x, y).name() == warning
               for x in range(0, 300, 2) for y in range(0, 150, 2))  # the message is drawn
    path = tmp_path / "ok.png"
    path.write_bytes(png("#00ff00", (300, 150)))
    missing.show_data("s", str(path))
    qtbot.waitUntil(lambda: not missing.image.isNull(), timeout=3000)
    assert missing.message() == "" and pixel(missing, 150, 40) == "#00ff00"
    (tmp_path / "text.png").write_text("not a png")
    missing.show_data("s", str(tmp_path / "text.png"))
    qtbot.waitUntil(lambda: bool(missing.problem), timeout=3000)
    assert missing.message() == "Không tải được hình ảnh: không phải hình ảnh"
    assert pixel(missing, 150, 40) == "#00ff00"  # the last good picture stays


def test_image_from_http_off_the_gui_thread(qtbot, server):
    server.body = png("#0000ff", (100, 100))
    widget = shown(image.WIDGET(make_tile("image", options={"url": server.url}), "en"), qtbot,
                   (100, 100))
    qtbot.waitUntil(lambda: not widget.image.isNull(), timeout=5000)
    assert pixel(widget, 50, 50) == "#0000ff"
    server.status = 404
    widget.reload()
    qtbot.waitUntil(lambda: bool(widget.problem), timeout=5000)
    assert widget.problem == "Cannot load the picture: HTTP 404"
    assert pixel(widget, 50, 20) == "#0000ff"


def test_a_loader_deleted_while_loading_does_not_crash(qtbot, server):
    server.slow = True
    widget = image.WIDGET(make_tile("image", options={"url": server.url}), "en")
    assert widget.loader.busy
    widget.deleteLater()
    qtbot.wait(50)
    server.hold.set()
    qtbot.wait(100)
