"""A problem found in a layout, located by its path inside the document."""

from __future__ import annotations

from dataclasses import dataclass

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str


@dataclass(frozen=True)
class LocatedProblem:
    """A problem placed in a file: printed as ``path:line:column: message`` (1-based)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class LayoutError(Exception):
    """A layout file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[LocatedProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
