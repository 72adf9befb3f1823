"""Saving an edited layout and trying it on the running wall, for technicians only.

Every action checks the right first (``edit-layout``; a refusal is audited by the session)
and is recorded in the audit trail. "Try on the wall" remembers the layout the wall had, so
the technician can keep the new one or put the old one back.

Saving the file the running wall was started with also makes its layout watcher reload the
wall from the file, which is what a technician expects after a save.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from ioc_console.model.layout import Layout


class EditedDocument(Protocol):
    layout: Layout

    def save(self, path: str | Path | None = None) -> Path: ...


class LayoutService:
    def __init__(self, session: Any,
                 on_wall_changed: Callable[[Layout], None] | None = None) -> None:
        self.session = session
        self.on_wall_changed = on_wall_changed
        self.previous: Layout | None = None  # what the wall showed before "try on the wall"

    @property
    def can_try_on_wall(self) -> bool:
        return self.on_wall_changed is not None

    @property
    def trying(self) -> bool:
        return self.previous is not None

    def save(self, document: EditedDocument, path: str | Path,
             edits: Sequence[str] = ()) -> Path:
        """Write the file; the audit row lists the edits it carries, in order, so "who moved
        the river chart?" has an answer."""
        self.session.authorize("edit-layout", str(path))
        written = document.save(path)
        self.session.record("layout-save", str(written), "layout editor",
                            tiles=len(document.layout.tiles),
                            scenarios=len(document.layout.scenarios), edits=list(edits))
        return written

    def try_on_wall(self, layout: Layout, target: str = "") -> None:
        self.session.authorize("edit-layout", target)
        if self.on_wall_changed is None:
            raise RuntimeError("no wall is running in this console")
        if self.previous is None:
            self.previous = self.session.layout
        self.session.replace_layout(layout)
        self.on_wall_changed(layout)
        self.session.record("layout-try", target, "layout editor", tiles=len(layout.tiles))

    def keep(self, target: str = "") -> None:
        self.session.authorize("edit-layout", target)
        self.previous = None
        self.session.record("layout-keep", target, "layout editor")

    def revert(self, target: str = "") -> None:
        self.session.authorize("edit-layout", target)
        if self.previous is None:
            return
        previous, self.previous = self.previous, None
        self.session.replace_layout(previous)
        if self.on_wall_changed is not None:
            self.on_wall_changed(previous)
        self.session.record("layout-revert", target, "layout editor")
