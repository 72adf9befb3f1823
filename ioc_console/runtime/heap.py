"""Keep Python's garbage collector from pausing the wall at the wrong moment.

Building a wall creates tens of thousands of objects that live as long as the wall. A full
collection walks all of them, and Python starts one whenever enough allocations have piled
up: right after a (re)build, that is often the next scenario switch, which then takes
twice as long (bench/scenario_switch.py). A full collection that a worker thread happens
to start holds the GIL, so the GUI waits for it too: 44 ms while sources polled in
bench/gui_stall.py, 19 ms once settled. So once the wall is built, its garbage is
collected there and then, and what survives is set aside from later collections
(``gc.freeze``). Unfreezing first lets a rebuilt wall's predecessor be collected, so
reloading a layout never leaks.
"""

from __future__ import annotations

import gc


def settle_heap() -> None:
    gc.unfreeze()
    gc.collect()
    gc.freeze()
