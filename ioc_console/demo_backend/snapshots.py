"""Camera pictures drawn on the fly as PNG with zlib and struct (no imaging library).

A simple scene: sky (darker at night), hills, and a river band whose top follows the level
of the nearest gauge, muddy brown in a flood, with a boat that moves with the clock so a
frozen feed is noticeable on the wall. Rows are assembled from runs of one colour, so a
640x360 picture costs about a millisecond; no text is drawn (the console labels tiles).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 360
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_HILLS = ((0, 120, 0.50), (120, 260, 0.40), (260, 400, 0.47), (400, 520, 0.36),
          (520, 640, 0.44))  # (x from, x to, top as a share of the height)
_BOAT_WIDTH = 60


@dataclass(frozen=True)
class Scene:
    level_share: float  # 0 = normal level, 1 = far above alarm III
    phase: float  # 0..1, moves the boat
    daylight: float  # 0 (night) .. 1 (noon)
    muddy: bool = False
    rain_streaks: bool = False


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def _shade(rgb: tuple[int, int, int], light: float) -> bytes:
    return bytes(max(0, min(255, round(c * light))) for c in rgb)


def render(scene: Scene) -> bytes:
    """The scene as a truecolour 8-bit PNG of WIDTH x HEIGHT."""
    light = 0.45 + 0.55 * max(0.0, min(1.0, scene.daylight))
    share = max(0.0, min(1.0, scene.level_share))
    river_top = round(HEIGHT * (0.80 - 0.28 * share))  # hills stay in view
    boat_x = round(scene.phase % 1.0 * (WIDTH - _BOAT_WIDTH))
    water = _shade((120, 95, 60) if scene.muddy else (70, 100, 125), light)
    boat = _shade((220, 60, 40), light)
    hill = _shade((40, 95, 50), light)
    streak = _shade((190, 200, 210), light)
    rows = []
    for y in range(HEIGHT):
        if y >= river_top:
            if y < river_top + 14:
                row = (water * boat_x + boat * _BOAT_WIDTH
                       + water * (WIDTH - boat_x - _BOAT_WIDTH))
            else:
                row = water * WIDTH
        else:
            tone = 140 + y * 80 // HEIGHT
            colour = ((tone - 30, tone - 25, tone - 15) if scene.rain_streaks  # overcast
                      else (tone // 2, tone - 20, min(255, tone + 40)))
            sky = _shade(colour, light)
            if scene.rain_streaks and y % 9 < 5:
                sky_run = sky * 11 + streak
                sky_row = (sky_run * (WIDTH // 12 + 1))[: WIDTH * 3]
            else:
                sky_row = sky * WIDTH
            row = b"".join(hill * (x1 - x0) if y > HEIGHT * top else sky_row[x0 * 3:x1 * 3]
                           for x0, x1, top in _HILLS)
        rows.append(b"\x00" + row)  # filter type 0 for each scan line
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (PNG_SIGNATURE + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + _chunk(b"IEND", b""))
