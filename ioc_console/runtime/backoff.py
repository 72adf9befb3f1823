"""Exponential backoff with full jitter: a dead backend is not hammered by every console."""

from __future__ import annotations

import random


class Backoff:
    def __init__(self, base_s: float, cap_s: float = 300.0,
                 rng: random.Random | None = None) -> None:
        self.base_s = base_s
        self.cap_s = cap_s
        self.failures = 0
        self.rng = rng or random.Random()

    def next_delay(self) -> float:
        """Delay before the next attempt after one more failure."""
        self.failures += 1
        ceiling = min(self.cap_s, self.base_s * 2 ** min(self.failures, 16))
        return self.base_s + self.rng.uniform(0, max(0.0, ceiling - self.base_s))

    def reset(self) -> None:
        self.failures = 0
