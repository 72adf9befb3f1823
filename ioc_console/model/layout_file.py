"""Reading and writing layout files (YAML), with every problem placed at file:line:column.

ruamel.yaml keeps the position of every key and item, so a pydantic error path such as
``scenarios.0.panels.p1.2.span`` maps back to the line a technician has to fix.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from .layout import CURRENT_SCHEMA_VERSION, Layout, find_problems
from .migrations import migrate
from .problems import LayoutError, LocatedProblem, Location, Problem


def load_layout(path: str | Path) -> Layout:
    """Read and validate a layout file; raise LayoutError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = f"cannot read the file: {error}"
        raise LayoutError([LocatedProblem(str(path), 1, 1, reason)]) from None
    return parse_layout(text, str(path))


def load_layout_or_report(path: str | Path) -> Layout | None:
    """The layout, or None after printing every problem (``path:line:column: reason``) to
    standard error: what each command that opens a layout does with a broken file."""
    try:
        return load_layout(path)
    except LayoutError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return None


def parse_layout(text: str, filename: str = "<layout>") -> Layout:
    document = _read_yaml(text, filename)
    if not isinstance(document, CommentedMap):
        raise LayoutError([LocatedProblem(filename, 1, 1, "a layout file is a mapping with "
                                                          "wall, tiles and scenarios")])
    return validate_document(document, filename)


def validate_document(document: CommentedMap, filename: str = "<layout>") -> Layout:
    """Validate an already-read round-trip document (the layout editor edits one in place);
    raise LayoutError listing every problem."""
    try:
        data = migrate(document)
    except ValueError as error:
        raise LayoutError([_locate(document, ("schema_version",), str(error), filename)]) from None
    try:
        layout = Layout.model_validate(data)
    except ValidationError as error:
        raise LayoutError(
            [_locate(document, loc, message, filename) for loc, message in _messages(error)]
        ) from None
    problems = find_problems(layout)
    if problems:
        raise LayoutError([_locate(document, p.location, p.message, filename) for p in problems])
    return layout


def dump_layout(layout: Layout) -> str:
    """Serialise a layout to YAML that ``parse_layout`` reads back to an equal layout."""
    data = layout.model_dump(mode="json", exclude_defaults=True)
    data = {"schema_version": CURRENT_SCHEMA_VERSION, **data}
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.width = 100
    return yaml


def _read_yaml(text: str, filename: str) -> Any:
    try:
        return _yaml().load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = " ".join(filter(None, [error.context, error.problem])) or str(error)
        raise LayoutError([LocatedProblem(filename, line, column, f"YAML: {reason}")]) from None


def _messages(error: ValidationError) -> list[tuple[Location, str]]:
    out: list[tuple[Location, str]] = []
    for item in error.errors():
        loc = tuple(item["loc"])
        kind = item["type"]
        if kind == "union_tag_invalid":
            tag = item["ctx"].get("tag")
            expected = item["ctx"].get("expected_tags")
            out.append(((*loc, "type"), f"unknown tile type '{tag}' (known: {expected})"))
            continue
        # pydantic appends the union member name to the path ("clock", "str"): drop it
        loc = tuple(part for part in loc if not _is_union_label(part))
        if kind == "extra_forbidden":
            out.append((loc, f"unknown field '{loc[-1]}'"))
        elif kind == "missing":
            out.append((loc[:-1], f"missing field '{loc[-1]}'"))
        else:
            field = ".".join(str(p) for p in loc) or "document"
            out.append((loc, f"{field}: {item['msg']}"))
    return _unique(out)


def _is_union_label(part: str | int) -> bool:
    return isinstance(part, str) and (part in {"str", "int", "dict[str,str]", "none"}
                                      or part.startswith(("function-", "tagged-union")))


def _unique(items: list[tuple[Location, str]]) -> list[tuple[Location, str]]:
    seen: set[tuple[Location, str]] = set()
    return [x for x in items if not (x in seen or seen.add(x))]


def _locate(document: Any, location: Location, message: str, filename: str) -> LocatedProblem:
    """Line and column of the deepest node of ``location`` that exists in the document."""
    line, column = 1, 1
    node = document
    for part in location:
        if not _has_position(node, part):
            break  # a node the editor added has no place in a file yet: its parent's will do
        if isinstance(node, CommentedMap) and part in node:
            line, column = node.lc.key(part)
            line, column = line + 1, column + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line, column = node.lc.item(part)
            line, column = line + 1, column + 1
            node = node[part]
        else:
            break
    return LocatedProblem(filename, line, column, message)


def _has_position(node: Any, part: str | int) -> bool:
    data = getattr(getattr(node, "lc", None), "data", None) or {}
    return part in data


__all__ = ["LayoutError", "Problem", "dump_layout", "load_layout", "parse_layout",
           "validate_document"]
