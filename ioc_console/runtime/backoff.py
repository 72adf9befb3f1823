"""Exponential backoff with full jitter, so a dead backend is not hammered in lock-step.

When a backend goes down, every source of every wall in the province fails at once; if they
all retried on the same schedule they would hit the backend together the moment it comes
back. Full jitter (a uniformly random delay between 0 and an exponentially growing ceiling)
spreads them out (see the AWS Architecture Blog, "Exponential Backoff And Jitter").
Deterministic for a given ``random.Random``, so tests can pin the sequence.
"""

from __future__ import annotations

import random


class Backoff:
    """``next_delay()`` after each failure, ``reset()`` after a success.

    The n-th consecutive failure waits a uniform random time in ``[floor_s, ceiling]`` with
    ``ceiling = min(cap_s, base_s * 2 ** (n - 1))``.
    """

    def __init__(self, base_s: float, cap_s: float, rng: random.Random | None = None,
                 floor_s: float = 0.0) -> None:
        if base_s <= 0 or cap_s < base_s or floor_s < 0:
            raise ValueError("backoff needs 0 < base_s <= cap_s and floor_s >= 0")
        self.base_s = base_s
        self.cap_s = cap_s
        self.floor_s = min(floor_s, cap_s)
        self.failures = 0
        self.rng = rng or random.Random()

    def ceiling(self) -> float:
        """The largest delay the current failure count allows."""
        exponent = max(0, min(self.failures - 1, 62))
        return min(self.cap_s, self.base_s * 2.0 ** exponent)

    def next_delay(self) -> float:
        """Count one more failure and return how long to wait before the next attempt."""
        self.failures += 1
        return max(self.floor_s, self.rng.uniform(0.0, self.ceiling()))

    def reset(self) -> None:
        """A success: the next failure starts from the base again."""
        self.failures = 0
