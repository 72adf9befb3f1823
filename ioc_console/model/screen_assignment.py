"""Which OS screen shows which canvas. Pure, so the rule is tested without screens."""

from __future__ import annotations

from dataclasses import dataclass

from .wall import Canvas, Wall


@dataclass(frozen=True)
class Assignment:
    screens: dict[str, int]  # canvas id -> index into the OS screen list
    missing: list[str]  # why some canvas has no screen; empty when every canvas has one

    @property
    def complete(self) -> bool:
        return not self.missing


def assign_screens(wall: Wall, screen_names: list[str]) -> Assignment:
    """Match canvases to screens by name or index; unnamed canvases take free screens in order."""
    canvases = wall.effective_canvases()
    taken: dict[str, int] = {}
    missing: list[str] = []
    unnamed: list[Canvas] = []
    for canvas in canvases:
        wanted = canvas.screen if canvas.screen is not None else wall.panel(canvas.panels[0]).screen
        if wanted is None:
            unnamed.append(canvas)
            continue
        index = _find(wanted, screen_names)
        if index is None:
            missing.append(f"canvas '{canvas.id}' wants screen {wanted!r}, which is not connected")
        elif index in taken.values():
            missing.append(f"canvas '{canvas.id}' wants screen {wanted!r}, already used")
        else:
            taken[canvas.id] = index
    free = [i for i in range(len(screen_names)) if i not in taken.values()]
    for canvas in unnamed:
        if free:
            taken[canvas.id] = free.pop(0)
        else:
            missing.append(f"no free screen is left for canvas '{canvas.id}'")
    return Assignment(taken, missing)


def _find(wanted: int | str, screen_names: list[str]) -> int | None:
    if isinstance(wanted, int):
        return wanted if 0 <= wanted < len(screen_names) else None
    return screen_names.index(wanted) if wanted in screen_names else None
