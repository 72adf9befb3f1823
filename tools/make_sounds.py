"""Generate the alert sounds in resources/sounds/ (our own tones, so no licence questions).

More severe = higher, faster and longer, so the room can tell them apart without looking.
Run: python tools/make_sounds.py
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
TONES = {  # severity: (frequency Hz, beeps, beep seconds, gap seconds)
    "extreme": (1200, 5, 0.16, 0.06),
    "severe": (950, 3, 0.18, 0.08),
    "moderate": (700, 2, 0.2, 0.12),
    "minor": (520, 1, 0.25, 0.0),
    "unknown": (440, 1, 0.15, 0.0),
}


def beep_samples(frequency: float, seconds: float) -> list[int]:
    count = int(RATE * seconds)
    fade = int(RATE * 0.01)
    samples = []
    for i in range(count):
        envelope = min(1.0, i / fade, (count - i) / fade)
        samples.append(int(0.5 * 32767 * envelope * math.sin(2 * math.pi * frequency * i / RATE)))
    return samples


def write(path: Path, frequency: float, beeps: int, length: float, gap: float) -> None:
    samples: list[int] = []
    for _ in range(beeps):
        samples += beep_samples(frequency, length) + [0] * int(RATE * gap)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))


def main() -> None:
    folder = Path(__file__).resolve().parent.parent / "resources" / "sounds"
    folder.mkdir(parents=True, exist_ok=True)
    for severity, tone in TONES.items():
        write(folder / f"{severity}.wav", *tone)


if __name__ == "__main__":
    main()
