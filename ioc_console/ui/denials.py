"""Refusals in words a person at the desk or in front of the wall understands.

The rights are checked by the console session; a Qt slot that let PermissionDenied escape
would only print a traceback, so the views route their actions through ``guarded``.
"""

from __future__ import annotations

from collections.abc import Callable

from ioc_console.i18n import _
from ioc_console.operations.authorization import REQUIRED_ROLE, PermissionDenied, Role
from ioc_console.operations.sign_in import NOBODY


def role_name(role: Role) -> str:
    return {Role.VIEWER: _("viewer"), Role.OPERATOR: _("operator"),
            Role.TECHNICIAN: _("technician"), Role.ADMIN: _("admin")}[role]


def denial_text(denial: PermissionDenied) -> str:
    if denial.user == NOBODY:
        return _("Nobody is logged in at the operator console: log in there first.")
    needed = REQUIRED_ROLE.get(denial.action, Role.ADMIN)
    return _("{user} ({role}) may not do this: it needs the {needed} role.").format(
        user=denial.user.name, role=role_name(denial.user.role), needed=role_name(needed))


def guarded(action: Callable[[], object], on_denied: Callable[[str], None]) -> bool:
    """Run ``action``; a refusal (already audited by the session) becomes a message."""
    try:
        action()
    except PermissionDenied as denial:
        on_denied(denial_text(denial))
        return False
    return True
