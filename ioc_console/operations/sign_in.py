"""One login attempt at the desk: the throttle first, then the password, then the verdict.

Returns what happened as data; the console session records it and the login dialog words it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .accounts import AccountsError, AccountStore
from .authorization import Role, User
from .login_throttle import LoginThrottle

# who the console acts as when accounts exist and nobody is logged in (or it locked)
NOBODY = User("(not logged in)", Role.VIEWER)


@dataclass(frozen=True)
class LoginResult:
    user: User | None  # set when the login succeeded
    wait_s: float = 0.0  # > 0: the next attempt for this name must wait this long
    throttled: bool = False  # refused without looking at the password: still waiting
    problem: str = ""  # the accounts file cannot be used; names the file

    @property
    def ok(self) -> bool:
        return self.user is not None


class SignIn:
    def __init__(self, accounts: AccountStore, throttle: LoginThrottle) -> None:
        self.accounts = accounts
        self.throttle = throttle

    def attempt(self, name: str, password: str) -> LoginResult:
        wait = self.throttle.wait_s(name)
        if wait > 0:
            return LoginResult(None, wait, throttled=True)
        try:
            user = self.accounts.verify(name, password)
        except AccountsError as error:
            return LoginResult(None, problem=str(error))
        if user is None:
            return LoginResult(None, self.throttle.failed(name))
        self.throttle.succeeded(name)
        return LoginResult(user)
