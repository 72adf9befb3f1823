"""The Typhoon Yagi flood of 8-15 September 2024 in Lào Cai, compressed into 8 flood hours.

Keyframes follow DOMAIN.md §2.4-2.5 (public figures: the Red River at Lào Cai crossing alarm
levels I and III, 86.37 m at 15:00 and a record 86.91 m at 20:00 on 9/9, the Làng Nủ debris
flow on 10/9, reconciliation of the missing on 15/9). Everything here is a function of the
flood hour alone, so the stage, levels and counters at any moment can be computed (and
tested) without a server or a clock. It is a replay for exercises: SIMULATED data.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

# How the river leaves its normal level: it reaches the T0 value (8/9 15:00) this far into
# the replay, so a wall chart shows a fast rise instead of a jump.
RISE_FROM_NORMAL_H = 0.4
LAST_HOUR = 8.0

# (flood hour, water level m) per gauge; before RISE_FROM_NORMAL_H the level rises from normal.
GAUGE_LEVELS: dict[str, tuple[tuple[float, float], ...]] = {
    "lao_cai": ((0.4, 79.5), (1, 80.3), (2, 83.8), (3, 86.37), (4, 86.91), (5, 86.18),
                (6, 85.2), (7, 84.0), (8, 82.0)),
    "bao_ha": ((0.4, 56.83), (1, 57.2), (2, 58.6), (3, 59.8), (4, 61.09), (5, 60.6),
               (6, 59.3), (7, 58.2), (8, 57.1)),
    "yen_bai": ((0.4, 31.4), (1, 31.9), (2, 32.6), (3, 33.98), (4, 34.6), (5, 35.32),
                (6, 35.55), (7, 35.73), (8, 34.9)),
}
# Rain rate (mm/h) at a station with share 1.0 (north-west stations 20-40 mm/h at T0).
RAIN_MM_H = ((0, 28.0), (1, 36.0), (2, 42.0), (3, 24.0), (4, 12.0), (5, 6.0), (6, 3.0),
             (7, 1.0), (8, 0.0))


@dataclass(frozen=True)
class Toll:
    """Disaster counters for the whole province (first reports, then reconciliation)."""

    dead: int
    missing: int
    injured: int
    rescued: int
    isolated_communes: int
    houses_damaged: int
    power_outage_districts: int


# Step functions: the value of the last keyframe reached. Counters never interpolate (a
# "dead" count of 52.4 would be absurd); ``missing`` falls at T+8h when people turn up alive
# and records are reconciled (§2.4, 13-15/9), while ``dead`` never decreases.
TOLL: tuple[tuple[float, Toll], ...] = (
    (0, Toll(0, 0, 0, 0, 0, 0, 0)),
    (1, Toll(2, 0, 1, 0, 0, 40, 0)),
    (2, Toll(6, 2, 4, 12, 3, 150, 0)),
    (3, Toll(9, 4, 7, 40, 8, 1200, 3)),
    (4, Toll(12, 6, 9, 85, 12, 3400, 3)),
    (5, Toll(15, 102, 12, 120, 32, 5200, 3)),
    (6, Toll(53, 102, 17, 210, 48, 7600, 3)),
    (7, Toll(98, 81, 21, 320, 56, 9172, 2)),
    (8, Toll(108, 14, 21, 395, 41, 9172, 1)),
)

# Extra citizens' reports per flood hour on top of the normal load (1022 load x2 at T0, x5
# from T+2h, DOMAIN.md §2.5).
EXTRA_REPORTS_PER_HOUR = ((0, 40.0), (2, 160.0), (5, 220.0), (7, 90.0), (8, 30.0))

STAGES: tuple[str, ...] = (
    "T0 — 8/9 15:00: mưa lớn diện rộng, sông Hồng 79,5 m / heavy rain, Red River 79.5 m",
    "T+1h — sông Hồng vượt báo động I (80,0 m) / Red River above alarm I",
    "T+2h — vượt báo động III (83,5 m), sơ tán ven sông / above alarm III, evacuation",
    "T+3h — 9/9 15:00: 86,37 m, mất điện 3 huyện / 86.37 m, power cut in 3 districts",
    "T+4h — 9/9 20:00: 86,91 m, vượt lũ lịch sử 1971 / 86.91 m, above the 1971 record",
    "T+5h — 10/9 06:00: lũ quét Làng Nủ, xã Phúc Khánh / Làng Nủ debris flow",
    "T+6h — cứu hộ, thương vong tăng / rescue, casualties rising",
    "T+7h — nước rút, 56 xã bị cô lập / water receding, 56 communes cut off",
    "T+8h — 15/9: đối soát số liệu, số mất tích giảm / reconciliation, fewer missing",
)
NORMAL_TITLE = "Điều hành thường ngày / Normal operations"


def interpolate(keyframes: tuple[tuple[float, float], ...], hour: float) -> float:
    """Linear between keyframes, held flat before the first and after the last."""
    times = [time for time, _ in keyframes]
    index = bisect_right(times, hour)
    if index == 0:
        return keyframes[0][1]
    if index >= len(keyframes):
        return keyframes[-1][1]
    (t0, v0), (t1, v1) = keyframes[index - 1], keyframes[index]
    return v0 + (v1 - v0) * (hour - t0) / (t1 - t0)


def toll(hour: float) -> Toll:
    reached = TOLL[0][1]
    for time, value in TOLL:
        if hour >= time:
            reached = value
    return reached


def stage(hour: float) -> int:
    """Stage index 0..8: T0 until the first hour is over, T+8h from then on."""
    return max(0, min(len(STAGES) - 1, int(hour)))


def extra_reports(hour: float, step_h: float = 0.25) -> int:
    """Citizens' reports added by the flood up to ``hour`` (a running total, never falls)."""
    if hour > LAST_HOUR:  # the story is over: the surge has ended
        return extra_reports(LAST_HOUR, step_h)
    total, moment = 0.0, 0.0
    while moment < hour:
        width = min(step_h, hour - moment)
        total += interpolate(EXTRA_REPORTS_PER_HOUR, moment) * width
        moment += width
    return round(total)
