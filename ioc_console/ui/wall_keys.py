"""Every key the wall answers to, in one place (scenario hotkeys come from the layout).

The deck keys are the ones a presenter's clicker sends (Page Down / Page Up) plus the
arrows and Space of a keyboard. They work only while a wall window is active, so the
arrows and Space keep their ordinary meaning on the operator's desk.
"""

from __future__ import annotations

FREEZE_KEY = "F12"  # the whole application: the operator may be at the desk
CANCEL_KEY = "Esc"  # cancels an automatic switch's countdown
NEXT_KEYS = ("PgDown", "Right")
PREVIOUS_KEYS = ("PgUp", "Left")
PAUSE_KEYS = ("Space", "Pause")  # pause or resume the deck
