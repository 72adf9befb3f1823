"""The console's accounts: a small JSON file of names, roles and salted scrypt hashes.

The file lives on the console PC (``paths.accounts_file()``), is written atomically (temp file
then ``os.replace``) with mode 0600, and never holds a password: only the scrypt hash, its
salt and the cost parameters it was made with, so the cost can be raised later and older
hashes still verify (and are upgraded at the next successful login).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .authorization import Role, User

# scrypt cost: about 50-150 ms on a desk PC, 16 MiB of memory per hash
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
MIN_PASSWORD_LENGTH = 8
FILE_VERSION = 1
_NAME = re.compile(r"^[\w.@-]{1,64}$")  # \w is Unicode: Vietnamese names are fine


class AccountsError(Exception):
    """A problem the person at the keyboard can act on; the text says what and where."""


def normalise_name(name: str) -> str:
    """The key a name is looked up by: NFC (input methods differ) and case-insensitive."""
    return unicodedata.normalize("NFC", name.strip()).casefold()


def _password_bytes(password: str) -> bytes:
    # Vietnamese input methods may send composed or decomposed letters for the same password
    return unicodedata.normalize("NFC", password).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> dict[str, Any]:
    """A new salted hash at today's cost (read at call time, so raising it takes effect)."""
    n, r, p = SCRYPT_N, SCRYPT_R, SCRYPT_P
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, n, r, p, KEY_BYTES)
    return {"scheme": "scrypt", "n": n, "r": r, "p": p, "salt": _b64(salt), "hash": _b64(key)}


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    memory = 128 * n * r * p + 1024 * 1024  # OpenSSL's default cap refuses raised costs
    return hashlib.scrypt(_password_bytes(password), salt=salt, n=n, r=r, p=p,
                          maxmem=memory, dklen=length)


def check_password(password: str, stored: dict[str, Any]) -> bool:
    """True when ``password`` matches ``stored``; the comparison takes constant time."""
    if stored.get("scheme") != "scrypt":
        return False
    try:
        salt = base64.b64decode(stored["salt"], validate=True)
        expected = base64.b64decode(stored["hash"], validate=True)
        key = _scrypt(password, salt, int(stored["n"]), int(stored["r"]), int(stored["p"]),
                      len(expected))
    except (KeyError, ValueError, TypeError):
        return False
    return hmac.compare_digest(key, expected)


def outdated(stored: dict[str, Any]) -> bool:
    """The hash was made with a lower cost than today's: rehash at the next login."""
    return (stored.get("scheme") != "scrypt"
            or (int(stored.get("n", 0)), int(stored.get("r", 0)), int(stored.get("p", 0)))
            < (SCRYPT_N, SCRYPT_R, SCRYPT_P))


# verifying an unknown name costs one scrypt too, so the time taken does not tell which
# names exist
_DUMMY_HASH = {"scheme": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
               "salt": _b64(b"\0" * SALT_BYTES), "hash": _b64(b"\0" * KEY_BYTES)}


@dataclass(frozen=True)
class Account:
    name: str
    role: Role
    password: dict[str, Any]
    changed: str = ""

    @property
    def user(self) -> User:
        return User(self.name, self.role)


class AccountStore:
    """Reads the file on every call: an account added with the CLI while the console runs
    can log in at once, and no stale copy outlives a removal."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    # --- reading ----------------------------------------------------------------------
    def accounts(self) -> list[Account]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as error:
            raise AccountsError(f"{self.path}: cannot read the accounts file: "
                                f"{error.strerror or error}") from None
        try:
            data = json.loads(text)
            rows = data["accounts"]
            return [Account(str(row["name"]), Role.parse(str(row["role"])),
                            dict(row["password"]), str(row.get("changed", "")))
                    for row in rows]
        except (ValueError, KeyError, TypeError) as error:
            raise AccountsError(f"{self.path}: not a valid accounts file ({error}); fix it or "
                                "move it away and add the accounts again") from None

    def find(self, name: str) -> Account | None:
        key = normalise_name(name)
        return next((a for a in self.accounts() if normalise_name(a.name) == key), None)

    def has_accounts(self) -> bool:
        return bool(self.accounts())

    def verify(self, name: str, password: str) -> User | None:
        """The user when name and password match, else None (always one scrypt of work)."""
        account = self.find(name)
        matched = check_password(password, account.password if account else _DUMMY_HASH)
        if account is None or not matched:
            return None
        if outdated(account.password):
            self._replace(account.name, password=hash_password(password))
        return account.user

    # --- writing ----------------------------------------------------------------------
    def add(self, name: str, role: Role, password: str) -> Account:
        name = unicodedata.normalize("NFC", name.strip())
        if not _NAME.match(name):
            raise AccountsError(f"{name!r} is not a valid account name: use 1-64 letters, "
                                "digits, '.', '_', '-' or '@', no spaces")
        _check_strength(password)
        accounts = self.accounts()
        if any(normalise_name(a.name) == normalise_name(name) for a in accounts):
            raise AccountsError(f"an account named {name!r} already exists in {self.path}")
        account = Account(name, role, hash_password(password), _now())
        self._write([*accounts, account])
        return account

    def remove(self, name: str) -> Account:
        account = self._existing(name)
        self._write([a for a in self.accounts() if a.name != account.name])
        return account

    def passwd(self, name: str, password: str) -> Account:
        _check_strength(password)
        account = self._existing(name)
        return self._replace(account.name, password=hash_password(password))

    def set_role(self, name: str, role: Role) -> Account:
        """A new role, same password: a promotion must not need the person's password."""
        account = self._existing(name)
        return self._replace(account.name, role=role)

    def _existing(self, name: str) -> Account:
        account = self.find(name)
        if account is None:
            raise AccountsError(f"no account named {name!r} in {self.path}")
        return account

    def _replace(self, name: str, **changes: Any) -> Account:
        accounts = self.accounts()
        updated = None
        for index, account in enumerate(accounts):
            if account.name == name:
                updated = Account(account.name, changes.get("role", account.role),
                                  changes.get("password", account.password), _now())
                accounts[index] = updated
        if updated is None:
            raise AccountsError(f"no account named {name!r} in {self.path}")
        self._write(accounts)
        return updated

    def _write(self, accounts: list[Account]) -> None:
        payload = {"version": FILE_VERSION, "accounts": [
            {"name": a.name, "role": a.role.label, "password": a.password, "changed": a.changed}
            for a in accounts]}
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".accounts-", dir=self.path.parent)
        try:
            with contextlib.suppress(OSError):  # Windows: no POSIX modes
                os.chmod(temporary, 0o600)  # before any hash is written into it
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def _check_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountsError(f"the password is too short: use at least {MIN_PASSWORD_LENGTH} "
                            "characters")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
