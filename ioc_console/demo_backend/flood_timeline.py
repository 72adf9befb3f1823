"""The Typhoon Yagi flood of 8-12 September 2024 in Lào Cai, compressed into 8 simulated hours.

Keyframes follow DOMAIN.md §2.4-2.5 (public figures, e.g. the Red River at Lào Cai peaking at
86.91 m, above the 1971 record). Values between keyframes are interpolated. Everything is a
replay for exercises: SIMULATED, not operational data.
"""

from __future__ import annotations

from bisect import bisect_right

# (simulated hour since the start of the flood, value)
LAO_CAI = [(0, 79.5), (1, 80.3), (2, 83.8), (3, 86.37), (4, 86.91), (5, 86.18), (6, 85.0),
           (7, 84.0), (8, 82.0)]
BAO_HA = [(0, 56.83), (1, 57.2), (2, 58.6), (3, 59.8), (4, 61.09), (5, 60.6), (6, 59.3),
          (7, 58.2), (8, 57.1)]
YEN_BAI = [(0, 31.4), (1, 31.9), (2, 32.6), (3, 33.98), (4, 34.6), (5, 35.32), (6, 35.73),
           (7, 35.0), (8, 34.0)]
RAIN_MM_H = [(0, 30.0), (1, 38.0), (2, 45.0), (3, 25.0), (4, 12.0), (5, 6.0), (6, 3.0),
             (7, 1.0), (8, 0.0)]
# dead, missing, injured, rescued (Lào Cai, first reports then reconciliation, §2.4)
CASUALTIES = [(0, (0, 0, 0, 0)), (1, (2, 0, 1, 0)), (2, (6, 2, 4, 10)), (3, (9, 4, 7, 40)),
              (4, (12, 6, 9, 85)), (5, (15, 102, 12, 120)), (6, (53, 102, 17, 210)),
              (7, (98, 81, 17, 320)), (8, (52, 14, 15, 360))]
ISOLATED_COMMUNES = [(0, 0), (2, 3), (4, 12), (5, 32), (6, 48), (7, 56), (8, 41)]
HOUSES_DAMAGED = [(0, 0), (2, 150), (3, 1200), (4, 3400), (5, 5200), (6, 7600), (7, 9172),
                  (8, 9172)]
POWER_OUTAGE_DISTRICTS = [(0, 0), (3, 3), (6, 2), (8, 1)]

STAGES = [
    (0, "T0 — 8/9 15:00: mưa lớn diện rộng, sông Hồng 79,5 m"),
    (1, "T+1h — sông Hồng vượt báo động I (80,0 m)"),
    (2, "T+2h — vượt báo động III (83,5 m), sơ tán ven sông"),
    (3, "T+3h — 9/9 15:00: 86,37 m, mất điện 3 huyện"),
    (4, "T+4h — 9/9 20:00: 86,91 m, vượt lũ lịch sử 1971"),
    (5, "T+5h — 10/9 06:00: lũ quét Làng Nủ, xã Phúc Khánh"),
    (6, "T+6h — cứu hộ, thương vong tăng"),
    (7, "T+7h — nước rút, 56 xã bị cô lập"),
    (8, "T+8h — 15/9: đối soát số liệu, số mất tích giảm"),
]


def interpolate(keyframes: list[tuple[float, float]], hour: float) -> float:
    times = [t for t, _ in keyframes]
    index = bisect_right(times, hour)
    if index == 0:
        return keyframes[0][1]
    if index >= len(keyframes):
        return keyframes[-1][1]
    (t0, v0), (t1, v1) = keyframes[index - 1], keyframes[index]
    return v0 + (v1 - v0) * (hour - t0) / (t1 - t0)


def step(keyframes: list[tuple[float, object]], hour: float) -> object:
    """The value of the last keyframe reached (counts do not interpolate)."""
    value = keyframes[0][1]
    for time, item in keyframes:
        if hour >= time:
            value = item
    return value


def stage(hour: float) -> tuple[int, str]:
    index = max(0, min(len(STAGES) - 1, int(hour)))
    return STAGES[index]
