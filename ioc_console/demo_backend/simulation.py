"""The simulated clock and scenario state, and the deterministic noise every value is made of.

Why this shape:

* **Deterministic.** Noise is a hash of (seed, series, time bucket), never a shared
  ``random.Random`` advanced per request, so two servers with the same seed and clock answer
  byte for byte the same whatever order their requests arrive in, and a value at a given
  simulated time never changes when asked again (charts and ``since=`` rely on that).
* **Pure.** Everything else in the package is a function of (this state, simulated time);
  the only mutable state is the list of flood episodes, changed by the scenario endpoints.
* **Time.** Simulated time starts at the real time and runs ``speed`` times faster. The
  flood replay is compressed: one flood hour of the Yagi story is 60 simulated seconds (60
  real seconds at speed 1), so the 8-hour story plays in 8 minutes, or 8 s at speed 60.
  With ``speed`` above 1 every timestamp served (``updated``, series, CAP ``sent``) runs
  ahead of the wall clock, by design.
* **Testable.** ``clock`` is injectable: a test advances a fake clock and reads the province
  at exactly the moment it wants, with no sleeping.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from . import flood_timeline

LABEL = "MÔ PHỎNG / SIMULATED"
LOCAL = timezone(timedelta(hours=7))  # Vietnam, no daylight saving
SIM_SECONDS_PER_FLOOD_HOUR = 60.0
RECESSION_S = 600.0  # after a flood is ended, rivers return to normal over 10 simulated min
MAX_EPISODES = 8


def simulated(payload: dict) -> dict:
    """``payload`` with the two markers every JSON document of this backend carries."""
    return {**payload, "simulated": True, "label": LABEL}


def iso(epoch_s: float) -> str:
    """Local (UTC+07:00) ISO 8601 time without fractions; also valid for CAP 1.2."""
    return datetime.fromtimestamp(epoch_s, LOCAL).isoformat(timespec="seconds")


def noise(seed: int, series: str, bucket: int | str) -> float:
    """A repeatable number in [-1, 1) for (seed, series, bucket)."""
    digest = hashlib.blake2b(f"{seed}:{series}:{bucket}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**63 - 1.0


def bucket_start(t: float, period_s: float) -> float:
    return math.floor(t / period_s) * period_s


@dataclass(frozen=True)
class FloodEpisode:
    """One run of the flood replay, in simulated epoch seconds."""

    start: float  # the moment of flood hour 0 (T0)
    end: float | None = None  # when ``POST /api/scenario/normal`` ended it

    def covers(self, t: float) -> bool:
        return self.start <= t and (self.end is None or t < self.end)

    def hour_at(self, t: float) -> float:
        return (t - self.start) / SIM_SECONDS_PER_FLOOD_HOUR

    def moment_of(self, hour: float) -> float:
        """Simulated epoch seconds at which the replay reaches ``hour``."""
        return self.start + hour * SIM_SECONDS_PER_FLOOD_HOUR

    @property
    def tag(self) -> str:
        """Names the episode in CAP identifiers, so a second replay issues new messages."""
        return datetime.fromtimestamp(self.start, LOCAL).strftime("%Y%m%dT%H%M%S")


class Simulation:
    """Seed, speed, clock and the flood episodes; every value elsewhere derives from these."""

    def __init__(self, seed: int = 7, speed: float = 1.0,
                 clock: Callable[[], float] = time.time) -> None:
        if not speed > 0:
            raise ValueError("speed must be a positive number")
        self.seed = seed
        self.speed = speed
        self.clock = clock
        self.origin = clock()  # simulated time equals real time at this instant
        self._episodes: tuple[FloodEpisode, ...] = ()
        self._lock = threading.Lock()

    # --- time -----------------------------------------------------------------------------
    def now(self) -> float:
        """Simulated epoch seconds."""
        return self.origin + (self.clock() - self.origin) * self.speed

    # --- the scenario -----------------------------------------------------------------------
    def start_flood(self, from_hour: float = 0.0) -> None:
        """Start a fresh replay, as if it had begun ``from_hour`` flood hours ago."""
        with self._lock:
            now = self.now()
            episodes = self._ended(now)
            start = now - max(0.0, from_hour) * SIM_SECONDS_PER_FLOOD_HOUR
            self._episodes = (*episodes, FloodEpisode(start))[-MAX_EPISODES:]

    def replay_flood_from(self, hour: float) -> None:
        """Jump into the replay at ``hour`` (screenshots and demos start mid-flood)."""
        self.start_flood(hour)

    def end_flood(self) -> None:
        with self._lock:
            self._episodes = self._ended(self.now())

    def _ended(self, now: float) -> tuple[FloodEpisode, ...]:
        return tuple(e if e.end is not None else FloodEpisode(e.start, max(e.start, now))
                     for e in self._episodes)

    @property
    def episodes(self) -> tuple[FloodEpisode, ...]:
        return self._episodes

    def episode_at(self, t: float) -> FloodEpisode | None:
        """The flood running at simulated time ``t`` (the latest one wins on overlap)."""
        for episode in reversed(self._episodes):
            if episode.covers(t):
                return episode
        return None

    def flood_hour(self, t: float | None = None) -> float | None:
        """Flood hours since T0 at ``t`` (default now), or None in normal operations."""
        moment = self.now() if t is None else t
        episode = self.episode_at(moment)
        return None if episode is None else episode.hour_at(moment)

    def scenario(self, t: float | None = None) -> dict:
        moment = self.now() if t is None else t
        hour = self.flood_hour(moment)
        if hour is None:
            return simulated({"name": "normal", "stage": 0,
                              "stage_title": flood_timeline.NORMAL_TITLE,
                              "sim_time": iso(moment), "speed": self.speed})
        index = flood_timeline.stage(hour)
        return simulated({"name": "flood", "stage": index,
                          "stage_title": flood_timeline.STAGES[index],
                          "flood_hour": round(hour, 3), "sim_time": iso(moment),
                          "speed": self.speed})

    # --- deterministic variation ------------------------------------------------------------
    def noise(self, series: str, bucket: int | str) -> float:
        return noise(self.seed, series, bucket)

    def wobble(self, series: str, amplitude: float, period_s: float, t: float) -> float:
        """Slow drift in [-amplitude, amplitude]: noise interpolated between time buckets."""
        position = t / period_s
        bucket = math.floor(position)
        fraction = position - bucket
        a, b = self.noise(series, bucket), self.noise(series, bucket + 1)
        return amplitude * (a + (b - a) * fraction)

    def daily_total(self, series: str, per_day: float, t: float, opens_h: float = 7.0,
                    closes_h: float = 17.5, weekend_factor: float = 1.0,
                    night_share: float = 0.06) -> int:
        """A "today" counter: 0 at midnight, never falls. Most of it arrives in opening
        hours; ``night_share`` trickles in evenly outside them (online portals, hotlines)."""
        local = datetime.fromtimestamp(t, LOCAL)
        hours = local.hour + local.minute / 60 + local.second / 3600
        night_hours = 24.0 - (closes_h - opens_h)
        outside = min(hours, opens_h) + max(0.0, hours - closes_h)
        fraction = min(1.0, max(0.0, (hours - opens_h) / (closes_h - opens_h)))
        busy = fraction * fraction * (3 - 2 * fraction)  # slow start, busy middle, tail
        curve = night_share * outside / night_hours + (1 - night_share) * busy
        day = local.date().toordinal()
        scale = 1 + 0.08 * self.noise(series, day)
        if local.weekday() >= 5:
            scale *= weekend_factor
        return round(per_day * scale * curve)


def year_fraction(t: float) -> float:
    """How far through its (local) calendar year ``t`` is, 0..1."""
    local = datetime.fromtimestamp(t, LOCAL)
    start = datetime(local.year, 1, 1, tzinfo=LOCAL)
    end = datetime(local.year + 1, 1, 1, tzinfo=LOCAL)
    return (local - start) / (end - start)
