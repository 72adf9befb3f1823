"""Text sizes that stay readable from the back of the room.

Sizes are set for a 1080-line panel and scale with the panel's pixel height, its
``font_scale`` from the layout, and the zoom of the view (a simulated wall on a laptop
shows the same wall smaller). On a 1080p panel at scale 1: titles 26 px, body 24 px,
values 56 px: a 55" panel has 0.63 mm pixels, so a 56 px value is 35 mm tall, comfortably
read at 5 m, and the smallest text (24 px, 15 mm) stays above the ~7 mm minimum at 5 m.
"""

from __future__ import annotations

from dataclasses import dataclass

from ioc_console.model.wall import Panel

BASE_TITLE_PX = 26
BASE_BODY_PX = 24
BASE_VALUE_PX = 56
BASE_BADGE_PX = 22


@dataclass(frozen=True)
class Typography:
    factor: float

    @classmethod
    def for_panel(cls, panel: Panel, view_scale: float = 1.0) -> Typography:
        return cls(panel.resolution[1] / 1080 * panel.font_scale * view_scale)

    def px(self, base: float) -> int:
        return max(6, round(base * self.factor))

    @property
    def title(self) -> int:
        return self.px(BASE_TITLE_PX)

    @property
    def body(self) -> int:
        return self.px(BASE_BODY_PX)

    @property
    def value(self) -> int:
        return self.px(BASE_VALUE_PX)

    @property
    def badge(self) -> int:
        return self.px(BASE_BADGE_PX)

    @property
    def gutter(self) -> int:
        return self.px(8)
