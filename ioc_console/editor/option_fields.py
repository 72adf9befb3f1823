"""The fields of a tile type's options model, described for a generated property form.

The form is never written by hand per tile type: it is built from these descriptions, so a
new option in ``ioc_console.model.tiles`` appears in the editor by itself. Scalars get a
matching input (check box, spin box with the model's bounds, choice list, line); a localized
text, a list or a nested model is typed as YAML flow text (``{vi: …, en: …}``, ``[22.1, 104.3]``)
and validated against the same model.
"""

from __future__ import annotations

import math
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .tree_changes import plain

FieldKind = Literal["bool", "int", "float", "choice", "text", "localized", "structured"]


@dataclass(frozen=True)
class OptionField:
    name: str
    kind: FieldKind
    optional: bool  # None is allowed: an empty input means "not set"
    required: bool
    default: Any
    description: str = ""
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


def option_fields(model: type[BaseModel]) -> list[OptionField]:
    return [_describe(name, info) for name, info in model.model_fields.items()]


def _describe(name: str, info: FieldInfo) -> OptionField:
    annotation, optional = _strip_none(info.annotation)
    minimum, maximum = _bounds(info, annotation)
    default = None if info.is_required() else plain(info.get_default(call_default_factory=True))
    common = {"name": name, "optional": optional, "required": info.is_required(),
              "default": default, "description": info.description or ""}
    if typing.get_origin(annotation) is Literal:
        return OptionField(kind="choice", choices=tuple(typing.get_args(annotation)), **common)
    if annotation is bool:
        return OptionField(kind="bool", **common)
    if annotation is int:
        return OptionField(kind="int", minimum=minimum, maximum=maximum, **common)
    if annotation is float:
        return OptionField(kind="float", minimum=minimum, maximum=maximum, **common)
    if annotation is str:
        return OptionField(kind="text", **common)
    if _is_localized(annotation):
        return OptionField(kind="localized", **common)
    return OptionField(kind="structured", **common)


def _strip_none(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(members) < len(typing.get_args(annotation))
        if len(members) == 1:
            return _strip_none(members[0])[0], optional
        return typing.Union[tuple(members)], optional  # noqa: UP007
    return annotation, False


def _is_localized(annotation: Any) -> bool:
    members = set(typing.get_args(annotation))
    return str in members and any(typing.get_origin(m) is dict for m in members)


def _bounds(info: FieldInfo, annotation: Any) -> tuple[float | None, float | None]:
    low = high = None
    step = 1 if annotation is int else 0.001  # an exclusive bound, made inclusive for a spin box
    for item in info.metadata:
        if isinstance(item, annotated_types.Ge):
            low = item.ge
        elif isinstance(item, annotated_types.Gt):
            low = item.gt + step
        elif isinstance(item, annotated_types.Le):
            high = item.le
        elif isinstance(item, annotated_types.Lt):
            high = item.lt - step
    return low, high


# --- text typed into the form --------------------------------------------------------------


def format_value(field: OptionField, value: Any) -> str:
    """How a localized or structured value is shown for editing (YAML flow, one line)."""
    if value is None:
        return ""
    if field.kind == "localized" and isinstance(value, str):
        return value
    if field.kind in ("text", "choice"):
        return str(value)
    return _flow_yaml(value)


def parse_text(field: OptionField, text: str) -> Any:
    """The value typed into a text input; raises ValueError with a short reason."""
    text = text.strip()
    if not text:
        return None if field.optional or field.kind in ("localized", "structured") else ""
    if field.kind == "text":
        return text
    if field.kind == "localized" and not text.startswith("{"):
        return text  # plain text, for every language ("%" or "m" need no quotes)
    try:
        value = YAML(typ="safe", pure=True).load(text)
    except YAMLError as error:
        raise ValueError(f"not YAML: {str(error).splitlines()[0]}") from None
    return plain(value)


def check_option(model: type[BaseModel], options: dict[str, Any], name: str,
                 value: Any) -> str | None:
    """Why ``options`` with ``name`` set to ``value`` is invalid for ``model``, or None."""
    candidate = {key: item for key, item in options.items() if key != name}
    if value is not None:
        candidate[name] = value
    try:
        model.model_validate(candidate)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"{where}: {first['msg']}" if where else first["msg"]
    return None


def _flow_yaml(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow_yaml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return repr(value)
    if isinstance(value, str):
        return _quoted(value)
    return "null" if value is None else str(value)


def _quoted(text: str) -> str:
    safe = text and not any(c in text for c in ":{}[],#&*!|>'\"%@`") and text.strip() == text \
        and text.lower() not in ("true", "false", "null", "yes", "no", "on", "off")
    try:
        float(text)
        safe = False  # "8.5" typed as a label must stay a string
    except ValueError:
        pass
    return text if safe else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def options_model(tile_type: str) -> type[BaseModel]:
    """The options model of a tile type, found through the tile union (no list to keep)."""
    from ioc_console.model.tiles import Tile

    union = typing.get_args(Tile)[0]
    for tile_class in typing.get_args(union):
        if typing.get_args(tile_class.model_fields["type"].annotation) == (tile_type,):
            return tile_class.model_fields["options"].annotation
    raise KeyError(tile_type)
