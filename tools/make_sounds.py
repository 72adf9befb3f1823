"""Generate the alert sounds in resources/sounds/ (our own tones, so no licence questions).

More severe = higher, faster, longer, so the room can tell them apart without looking at the
wall; Extreme alternates two pitches like a siren, the one sound nobody mistakes. The output
is deterministic (same script, same bytes), short (the longest is under 1.2 s) and small
(< 100 KB each), so the generated files are committed next to this script.
Run: python tools/make_sounds.py
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
MAX_BYTES = 100_000
TONES: dict[str, tuple[tuple[float, ...], int, float, float]] = {
    # severity: (frequencies in turn (Hz), beeps, beep seconds, gap seconds)
    "extreme": ((1250.0, 880.0), 6, 0.14, 0.04),
    "severe": ((950.0,), 3, 0.18, 0.08),
    "moderate": ((700.0,), 2, 0.2, 0.12),
    "minor": ((520.0,), 1, 0.25, 0.0),
    "unknown": ((440.0,), 1, 0.15, 0.0),
}


def beep_samples(frequency: float, seconds: float) -> list[int]:
    """A sine beep with 10 ms fades, so it does not click on cheap speakers."""
    count = int(RATE * seconds)
    fade = int(RATE * 0.01)
    samples = []
    for i in range(count):
        envelope = min(1.0, i / fade, (count - i) / fade)
        samples.append(int(0.5 * 32767 * envelope * math.sin(2 * math.pi * frequency * i / RATE)))
    return samples


def write(path: Path, frequencies: tuple[float, ...], beeps: int, length: float,
          gap: float) -> None:
    samples: list[int] = []
    for index in range(beeps):
        frequency = frequencies[index % len(frequencies)]
        samples += beep_samples(frequency, length) + [0] * int(RATE * gap)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    if path.stat().st_size >= MAX_BYTES:
        raise SystemExit(f"{path} is {path.stat().st_size} bytes; keep sounds under {MAX_BYTES}")


def main() -> None:
    folder = Path(__file__).resolve().parent.parent / "resources" / "sounds"
    folder.mkdir(parents=True, exist_ok=True)
    for severity, tone in TONES.items():
        write(folder / f"{severity}.wav", *tone)


if __name__ == "__main__":
    main()
