"""Small layout texts for tests, built so that one line holds the problem under test."""

from __future__ import annotations

WALL_2X1 = """\
schema_version: 1
name: Test wall
wall:
  panels:
    - {id: p1, position: {row: 0, column: 0}, grid: {rows: 2, columns: 2}}
    - {id: p2, position: {row: 0, column: 1}, grid: {rows: 2, columns: 2}}
"""

TILES = """\
tiles:
  - {id: a, type: clock}
  - {id: b, type: text, options: {text: "Xin chào"}}
"""


def layout_text(scenario_panels: str, tiles: str = TILES, wall: str = WALL_2X1,
                extra: str = "") -> str:
    return (wall + tiles + "scenarios:\n  - id: s1\n    name: One\n    panels:\n"
            + scenario_panels + extra)
