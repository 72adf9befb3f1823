"""Who may do what on the console: four roles, each one a superset of the one before.

Checked in the service layer (the console session, the layout service) that performs the
action, never only by hiding a button, so a shortcut or a script cannot bypass it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Role(IntEnum):
    VIEWER = 0  # sees the wall
    OPERATOR = 1  # switches scenarios, acknowledges, pushes tiles, runs briefings
    TECHNICIAN = 2  # edits layouts and sources
    ADMIN = 3  # manages accounts and rules

    @classmethod
    def parse(cls, text: str) -> Role:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(r.name.lower() for r in cls)
            raise ValueError(f"unknown role {text!r}; expected one of {names}") from None

    @property
    def label(self) -> str:
        return self.name.lower()


# the least role an action needs; an action missing here is refused (fail closed)
REQUIRED_ROLE: dict[str, Role] = {
    "switch-scenario": Role.OPERATOR,
    "revert-scenario": Role.OPERATOR,
    "accept-proposal": Role.OPERATOR,
    "reject-proposal": Role.OPERATOR,
    "cancel-countdown": Role.OPERATOR,
    "acknowledge": Role.OPERATOR,
    "push-tile": Role.OPERATOR,
    "maximise-tile": Role.OPERATOR,
    "freeze": Role.OPERATOR,
    "run-briefing": Role.OPERATOR,
    "edit-layout": Role.TECHNICIAN,
    "edit-sources": Role.TECHNICIAN,
    "edit-rules": Role.ADMIN,
    "manage-accounts": Role.ADMIN,
}


@dataclass(frozen=True)
class User:
    name: str
    role: Role


class PermissionDenied(Exception):
    def __init__(self, user: User, action: str, target: str = "") -> None:
        self.user, self.action, self.target = user, action, target
        needed = REQUIRED_ROLE.get(action)
        need = f"needs {needed.label}" if needed is not None else "is not a known action"
        super().__init__(f"{user.name} ({user.role.label}) may not {action}"
                         f"{' ' + target if target else ''}: it {need}")


def allowed(user: User, action: str) -> bool:
    needed = REQUIRED_ROLE.get(action)
    return needed is not None and user.role >= needed
