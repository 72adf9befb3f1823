"""Camera pictures generated on the fly (PNG via zlib): sky, hills and a river whose height
follows the nearest gauge, with a boat that moves so a frozen feed is noticeable."""

from __future__ import annotations

import struct
import zlib

WIDTH, HEIGHT = 640, 360


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


HILLS = [(0, 120, 0.50), (120, 260, 0.40), (260, 400, 0.47), (400, 520, 0.36),
         (520, 640, 0.44)]  # (x from, x to, top as a share of the height)


def snapshot(level_share: float, phase: float) -> bytes:
    """``level_share`` 0..1 is how high the river stands; ``phase`` 0..1 moves the boat.

    Rows are assembled from runs of one colour, so a picture costs about a millisecond.
    """
    river_top = round(HEIGHT * (0.78 - 0.38 * max(0.0, min(1.0, level_share))))
    boat_x = round(phase * (WIDTH - 60))
    water = bytes((70, 90, 110) if level_share < 0.6 else (120, 95, 60))
    boat = bytes((220, 60, 40))
    hill = bytes((40, 95, 50))
    rows = []
    for y in range(HEIGHT):
        if y >= river_top:
            if y < river_top + 14:
                row = water * boat_x + boat * 60 + water * (WIDTH - boat_x - 60)
            else:
                row = water * WIDTH
        else:
            shade = 140 + y * 80 // HEIGHT
            sky = bytes((shade // 2, shade - 20, min(255, shade + 40)))
            row = b"".join((hill if y > HEIGHT * top else sky) * (x1 - x0)
                           for x0, x1, top in HILLS)
        rows.append(b"\x00" + row)  # filter type 0 for each scan line
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + _chunk(b"IEND", b""))
