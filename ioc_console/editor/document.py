"""A layout file open in the editor: its round-trip tree, and the layout it validates to.

Every edit changes the tree in place and is validated at once (pydantic models plus the
layout's cross checks, ~6 ms for the shipped wall), so problems show while the technician
types. ``layout`` stays the last valid layout: the wall and the grid view never see a broken
one. Saving writes the tree back, comments and key order included, through a temporary
file and an atomic rename, so a crash mid-save never leaves half a layout for the wall.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from ioc_console.model.layout import Layout
from ioc_console.model.layout_file import parse_layout, validate_document
from ioc_console.model.problems import LayoutError, LocatedProblem

from .tree_changes import Edit


class LayoutDocument:
    def __init__(self, text: str, filename: str = "<layout>") -> None:
        self.filename = filename
        sequence_indent, offset = guess_indent(text)
        self._yaml = YAML(typ="rt")
        self._yaml.preserve_quotes = True
        self._yaml.allow_duplicate_keys = False
        self._yaml.width = 4096  # never re-wrap the technician's long flow lines
        self._yaml.indent(mapping=2, sequence=sequence_indent, offset=offset)
        try:
            self.tree: CommentedMap = self._yaml.load(text)
        except YAMLError:
            parse_layout(text, filename)  # raises LayoutError placing the YAML error
            raise
        if not isinstance(self.tree, CommentedMap):
            parse_layout(text, filename)
        self.layout: Layout = validate_document(self.tree, filename)  # LayoutError if broken
        self.problems: list[LocatedProblem] = []
        self.saved_text = text

    @classmethod
    def open(cls, path: str | Path) -> LayoutDocument:
        return cls(Path(path).read_text(encoding="utf-8"), str(path))

    # --- editing -------------------------------------------------------------------------
    def apply(self, edit: Edit) -> tuple[Edit, list[LocatedProblem]]:
        """Apply ``edit``; return its inverse and the problems of the edited layout."""
        inverse = edit.apply(self.tree)
        return inverse, self.validate()

    def validate(self) -> list[LocatedProblem]:
        try:
            self.layout = validate_document(self.tree, self.filename)
            self.problems = []
        except LayoutError as error:
            self.problems = error.problems
        return self.problems

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def raw(self, *path: str | int) -> Any:
        node: Any = self.tree
        for part in path:
            node = node[part]
        return node

    def tile_index(self, tile_id: str) -> int:
        for index, tile in enumerate(self.tree.get("tiles") or []):
            if tile.get("id") == tile_id:
                return index
        raise KeyError(tile_id)

    def scenario_index(self, scenario_id: str) -> int:
        for index, scenario in enumerate(self.tree["scenarios"]):
            if scenario.get("id") == scenario_id:
                return index
        raise KeyError(scenario_id)

    def panel_index(self, panel_id: str) -> int:
        for index, panel in enumerate(self.tree["wall"]["panels"]):
            if panel.get("id") == panel_id:
                return index
        raise KeyError(panel_id)

    # --- saving --------------------------------------------------------------------------
    def text(self) -> str:
        buffer = io.StringIO()
        self._yaml.dump(self.tree, buffer)
        return buffer.getvalue()

    @property
    def modified(self) -> bool:
        return self.text() != self.saved_text

    def save(self, path: str | Path | None = None) -> Path:
        """Write the layout atomically; refuse a layout with problems (the wall would too)."""
        if self.problems:
            raise LayoutError(self.problems)
        target = Path(path or self.filename)
        text = self.text()
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            if target.exists():
                os.chmod(temporary, target.stat().st_mode & 0o777)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.filename = str(target)
        self.saved_text = text
        return target


def guess_indent(text: str) -> tuple[int, int]:
    """``(sequence, offset)`` indents of the file's first block list, so that a save writes
    ``  - item`` the way the file already does (ruamel's defaults would re-indent every list)."""
    previous = 0
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if stripped.startswith("- "):
            offset = max(0, indent - previous)
            return offset + 2, offset
        previous = indent
    return 2, 0
