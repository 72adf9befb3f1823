"""Colours of the dark control-room theme (applied as a palette by ioc_console.ui.theme).

Severity and alarm colours are never the only signal: every use pairs them with a word,
an icon or an arrow, for colour-blind operators and washed-out projectors.
"""

from __future__ import annotations

BACKGROUND = "#05080d"
TILE = "#101821"
GRID_LINE = "#22303d"
TEXT = "#e8eef5"
TEXT_DIM = "#9aa7b4"
ACCENT = "#4aa3ff"
GOOD = "#3ddc84"
WARNING = "#f2b233"
DANGER = "#ff5a52"

SERIES = ("#4aa3ff", "#3ddc84", "#f2b233", "#ff7ab6", "#b48cff", "#5ce1e6", "#ff8a4a")

SEVERITY = {
    "Extreme": "#d400ff",
    "Severe": "#ff3b30",
    "Moderate": "#ff9f0a",
    "Minor": "#ffd60a",
    "Unknown": "#9aa7b4",
}

# Red River alarm levels (báo động I, II, III) as drawn on gauges and charts
ALARM = {0: "#3ddc84", 1: "#ffd60a", 2: "#ff9f0a", 3: "#ff3b30"}

# VN_AQI bands (Decision 1459/QĐ-TCMT)
AQI_BANDS = ((50, "#00e400"), (100, "#ffff00"), (150, "#ff7e00"), (200, "#ff0000"),
             (300, "#8f3f97"), (500, "#7e0023"))
