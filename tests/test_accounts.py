"""Accounts of the operator console: hashes, the file, the `users` command, the throttle."""

from __future__ import annotations

import io
import json
import os
import stat
import sys

import pytest

from ioc_console.cli import main
from ioc_console.operations import accounts as accounts_module
from ioc_console.operations.accounts import (
    AccountsError,
    AccountStore,
    check_password,
    hash_password,
)
from ioc_console.operations.audit_log import connect, read_entries
from ioc_console.operations.authorization import Role, User
from ioc_console.operations.login_throttle import LoginThrottle
from ioc_console.operations.paths import accounts_file, console_db


@pytest.fixture
def store(tmp_path) -> AccountStore:
    return AccountStore(tmp_path / "accounts.json")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_hash_verifies_its_password_only_and_carries_salt_and_cost():
    first, second = hash_password("mật khẩu dài"), hash_password("mật khẩu dài")
    assert first["salt"] != second["salt"] and first["hash"] != second["hash"]
    assert (first["n"], first["r"], first["p"]) == (2**14, 8, 1)
    assert check_password("mật khẩu dài", first)
    assert not check_password("mật khẩu dai", first)
    assert not check_password("anything", {"scheme": "md5", "hash": "x"})


def test_vietnamese_composed_and_decomposed_passwords_are_the_same_password():
    stored = hash_password("Lào Cai 2024")
    decomposed = "La\u0300o Cai 2024"  # what some input methods send
    assert check_password(decomposed, stored)


def test_the_file_holds_hashes_never_passwords_and_only_the_owner_may_read_it(store):
    store.add("lan", Role.OPERATOR, "secret-password-1")
    text = store.path.read_text(encoding="utf-8")
    assert "secret-password-1" not in text
    saved = json.loads(text)["accounts"][0]
    assert saved["name"] == "lan" and saved["role"] == "operator"
    assert set(saved["password"]) == {"scheme", "n", "r", "p", "salt", "hash"}
    if os.name == "posix":
        assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert not [p for p in store.path.parent.iterdir() if p.name.startswith(".accounts-")]


def test_add_verify_passwd_remove(store):
    store.add("Lan", Role.OPERATOR, "first-password")
    assert store.verify("lan", "first-password") == User("Lan", Role.OPERATOR)  # any case
    assert store.verify("lan", "wrong-password") is None
    assert store.verify("nobody", "first-password") is None
    store.passwd("lan", "second-password")
    assert store.verify("Lan", "first-password") is None
    assert store.verify("Lan", "second-password") is not None
    store.remove("LAN")
    assert store.accounts() == [] and not store.has_accounts()


def test_names_passwords_and_duplicates_are_checked(store):
    store.add("minh", Role.ADMIN, "long-enough")
    with pytest.raises(AccountsError, match="already exists"):
        store.add("Minh", Role.VIEWER, "long-enough")
    with pytest.raises(AccountsError, match="too short"):
        store.add("hoa", Role.VIEWER, "short")
    with pytest.raises(AccountsError, match="not a valid account name"):
        store.add("two words", Role.VIEWER, "long-enough")
    with pytest.raises(AccountsError, match="no account named 'hoa'"):
        store.remove("hoa")


def test_a_broken_file_gives_an_error_naming_the_file(store):
    store.path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(AccountsError) as error:
        store.verify("lan", "whatever-password")
    assert str(store.path) in str(error.value) and "not a valid accounts file" in str(error.value)
    store.path.write_text('{"accounts": [{"name": "lan", "role": "chief"}]}', encoding="utf-8")
    with pytest.raises(AccountsError, match="accounts.json"):
        store.accounts()


def test_a_hash_made_with_a_lower_cost_still_verifies_and_is_upgraded(store, monkeypatch):
    monkeypatch.setattr(accounts_module, "SCRYPT_N", 2**12)
    store.add("lan", Role.OPERATOR, "old-cost-password")
    assert store.accounts()[0].password["n"] == 2**12
    monkeypatch.setattr(accounts_module, "SCRYPT_N", 2**14)
    assert store.verify("lan", "old-cost-password") is not None
    assert store.accounts()[0].password["n"] == 2**14
    assert store.verify("lan", "old-cost-password") is not None


# --- the `ioc-console users` command ----------------------------------------------------
def users(monkeypatch, *argv: str, password: str | None = None) -> int:
    if password is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    return main(["users", *argv])


def test_the_users_command_adds_lists_changes_and_removes_accounts(monkeypatch, capsys):
    assert users(monkeypatch, "list") == 0
    assert "open mode" in capsys.readouterr().out
    assert users(monkeypatch, "add", "lan", "--role", "operator", "--password-stdin",
                 password="đêm mưa lũ 2024") == 0
    assert users(monkeypatch, "add", "minh", "--role", "admin", "--password-stdin",
                 password="another-password") == 0
    capsys.readouterr()
    assert users(monkeypatch, "list") == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in listed] == [["lan", "operator"], ["minh", "admin"]]
    store = AccountStore(accounts_file())
    assert store.verify("lan", "đêm mưa lũ 2024") == User("lan", Role.OPERATOR)
    assert users(monkeypatch, "passwd", "lan", "--password-stdin", password="new-password") == 0
    assert store.verify("lan", "new-password") is not None
    assert users(monkeypatch, "remove", "minh") == 0
    assert [a.name for a in store.accounts()] == ["lan"]
    rows = [(r.action, r.target, r.details) for r in read_entries(connect(console_db()))]
    assert [row[:2] for row in rows] == [("account-add", "lan"), ("account-add", "minh"),
                                         ("account-passwd", "lan"), ("account-remove", "minh")]
    assert rows[0][2] == {"role": "operator"}
    assert all("đêm" not in json.dumps(row, ensure_ascii=False) for row in rows)


def test_the_users_command_refuses_with_a_message_and_exit_1(monkeypatch, capsys):
    assert users(monkeypatch, "remove", "ghost") == 1
    assert "no account named 'ghost'" in capsys.readouterr().err
    assert users(monkeypatch, "add", "lan", "--role", "operator", "--password-stdin",
                 password="short") == 1
    assert "too short" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        users(monkeypatch, "add", "lan", "--role", "chief", "--password-stdin", password="x" * 9)


def test_asked_interactively_the_password_must_be_typed_the_same_twice(monkeypatch, capsys):
    answers = iter(["first-password", "other-password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert users(monkeypatch, "add", "lan", "--role", "viewer") == 1
    assert "differ" in capsys.readouterr().err
    assert not AccountStore(accounts_file()).has_accounts()


def test_the_accounts_file_can_be_moved_with_an_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("IOC_CONSOLE_ACCOUNTS", str(tmp_path / "elsewhere.json"))
    assert users(monkeypatch, "add", "lan", "--role", "viewer", "--password-stdin",
                 password="long-enough") == 0
    assert (tmp_path / "elsewhere.json").exists()


# --- slowing down guesses -----------------------------------------------------------------
def test_five_wrong_passwords_make_the_sixth_attempt_wait_doubling_up_to_a_minute():
    clock = FakeClock()
    throttle = LoginThrottle(clock)
    for _attempt in range(4):
        assert throttle.failed("lan") == 0
    assert throttle.wait_s("lan") == 0
    assert throttle.failed("lan") == 2.0  # the fifth failure: the sixth attempt waits
    assert throttle.wait_s("LAN") == 2.0  # the same name, however it is typed
    clock.now += 1.5
    assert throttle.wait_s("lan") == pytest.approx(0.5)
    clock.now += 0.5
    assert throttle.wait_s("lan") == 0
    assert throttle.failed("lan") == 4.0
    clock.now += 4
    waits = []
    for _attempt in range(6):
        waits.append(throttle.failed("lan"))
        clock.now += waits[-1]
    assert waits == [8.0, 16.0, 32.0, 60.0, 60.0, 60.0]
    assert throttle.wait_s("minh") == 0  # other names are not affected


def test_a_success_resets_and_a_restart_keeps_the_count():
    clock, saved = FakeClock(), {}
    throttle = LoginThrottle(clock, save=saved.update)
    for _attempt in range(5):
        throttle.failed("ghost")  # unknown names count the same as known ones
    again = LoginThrottle(clock, saved=dict(saved))
    assert again.wait_s("ghost") == 2.0
    clock.now += 2
    again.succeeded("ghost")
    assert again.wait_s("ghost") == 0 and again.failed("ghost") == 0


def test_a_clock_set_back_does_not_lengthen_the_wait():
    clock = FakeClock()
    throttle = LoginThrottle(clock)
    for _attempt in range(5):
        throttle.failed("lan")
    clock.now -= 3600
    assert throttle.wait_s("lan") == 2.0


def test_a_role_changes_without_the_password_and_is_audited(monkeypatch, capsys):
    assert users(monkeypatch, "add", "lan", "--role", "viewer", "--password-stdin",
                 password="xem-tuong-man-hinh") == 0
    assert users(monkeypatch, "role", "lan", "operator") == 0
    assert "lan is now operator" in capsys.readouterr().out
    store = AccountStore(accounts_file())
    assert store.verify("lan", "xem-tuong-man-hinh") == User("lan", Role.OPERATOR)
    assert users(monkeypatch, "role", "nobody", "admin") == 1
    assert "no account named 'nobody'" in capsys.readouterr().err
    rows = [(r.action, r.target, r.details) for r in read_entries(connect(console_db()))]
    assert rows[-1] == ("account-role", "lan", {"role": "operator", "was": "viewer"})
