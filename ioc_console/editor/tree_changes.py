"""Primitive changes to a ruamel round-trip tree, each returning the change that undoes it.

A path names a node from the root: ``("scenarios", 0, "panels", "p1", 3, "at")``. Values
are written as ruamel nodes in the style of their neighbours (a list inside a flow mapping
stays ``[1, 2]``), so an edited file looks as if a person had typed the change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

Path = tuple[str | int, ...]
_MISSING = object()


def node_at(tree: Any, path: Path) -> Any:
    node = tree
    for part in path:
        node = node[part]
    return node


def plain(value: Any) -> Any:
    """A ruamel node as plain dicts, lists and scalars (for pydantic and comparisons)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def to_node(value: Any, flow: bool | None = None) -> Any:
    """Plain data as ruamel nodes. ``flow`` True writes containers inline (``{a: 1}``);
    None writes inline only the containers that hold nothing but scalars, as people do."""
    if not isinstance(value, dict | list | tuple):
        return value
    items = value.values() if isinstance(value, dict) else value
    inline = flow if flow is not None else all(
        not isinstance(item, dict | list | tuple) for item in items)
    child_flow = True if inline else None
    if isinstance(value, dict):
        node: Any = CommentedMap((key, to_node(item, child_flow)) for key, item in value.items())
    else:
        node = CommentedSeq(to_node(item, child_flow) for item in value)
    if inline:
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()
    return node


def is_flow(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and node.fa.flow_style() is True


class Change:
    def apply(self, tree: Any) -> Change:
        """Make the change; return the change that undoes it."""
        raise NotImplementedError


@dataclass(frozen=True)
class SetKey(Change):
    """Set ``key`` of the mapping at ``path`` (``value`` None-like _MISSING deletes it).

    A new key goes at ``position`` (default: the end), an existing one keeps its place, and
    its comment, because only the value is replaced.
    """

    path: Path
    key: str
    value: Any = _MISSING
    position: int | None = None

    def apply(self, tree: Any) -> Change:
        mapping = node_at(tree, self.path)
        keys = list(mapping)
        old_position = keys.index(self.key) if self.key in mapping else None
        old = mapping.get(self.key, _MISSING)
        if self.value is _MISSING:
            if self.key in mapping:
                del mapping[self.key]
        elif self.key in mapping:
            mapping[self.key] = _styled(self.value, like=old, parent=mapping)
        else:
            position = len(mapping) if self.position is None else self.position
            mapping.insert(position, self.key, _styled(self.value, like=None, parent=mapping))
        return SetKey(self.path, self.key, old, old_position)


def delete_key(path: Path, key: str) -> SetKey:
    return SetKey(path, key, _MISSING)


@dataclass(frozen=True)
class InsertItem(Change):
    path: Path
    index: int
    value: Any

    def apply(self, tree: Any) -> Change:
        sequence = node_at(tree, self.path)
        sequence.insert(self.index, _styled(self.value, like=None, parent=sequence,
                                            siblings=sequence))
        return RemoveItem(self.path, self.index)


@dataclass(frozen=True)
class RemoveItem(Change):
    path: Path
    index: int

    def apply(self, tree: Any) -> Change:
        sequence = node_at(tree, self.path)
        old = sequence[self.index]
        del sequence[self.index]
        return InsertItem(self.path, self.index, old)


@dataclass(frozen=True)
class Edit:
    """What the technician did, in words, and the primitive changes that do it."""

    label: str
    changes: tuple[Change, ...] = field(default_factory=tuple)

    def apply(self, tree: Any) -> Edit:
        """Apply every change in order; return the edit that undoes all of them."""
        undo: list[Change] = []
        try:
            for change in self.changes:
                undo.append(change.apply(tree))
        except Exception:
            for change in reversed(undo):  # leave the tree as it was
                change.apply(tree)
            raise
        return Edit(self.label, tuple(reversed(undo)))


def _styled(value: Any, like: Any, parent: Any, siblings: Any = None) -> Any:
    if isinstance(value, CommentedMap | CommentedSeq):
        return value  # a node taken out by an earlier change, or one built by the caller
    if is_flow(parent) or is_flow(like):
        return to_node(value, True)
    if siblings is not None and len(siblings) and is_flow(siblings[0]):
        return to_node(value, True)  # a new placement looks like the others: one line
    return to_node(value)
