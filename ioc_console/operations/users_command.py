"""`ioc-console users add|remove|passwd|role|list`: the accounts of the operator console.

Whoever can run this on the console PC can read and write the accounts file anyway, so the
operating-system account is what makes someone an admin here; every change is recorded in
the audit trail under that operating-system name.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from .accounts import AccountsError, AccountStore
from .audit_log import AuditLog
from .authorization import Role
from .paths import accounts_file, console_db


def add_users_parser(commands: argparse._SubParsersAction) -> None:
    users = commands.add_parser("users", help="manage the accounts of the operator console")
    actions = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.label for r in Role])
    remove = actions.add_parser("remove", help="delete an account")
    remove.add_argument("name")
    passwd = actions.add_parser("passwd", help="set a new password")
    passwd.add_argument("name")
    role = actions.add_parser("role", help="give an account another role")
    role.add_argument("name")
    role.add_argument("role", choices=[r.label for r in Role])
    for parser in (add, passwd):
        parser.add_argument("--password-stdin", action="store_true",
                            help="read the password from the first line of standard input "
                            "(scripts); otherwise it is asked for twice")
    actions.add_parser("list", help="print the accounts and their roles")


def run_users(args: argparse.Namespace) -> int:
    from .console_session import os_user

    store = AccountStore(accounts_file())
    try:
        if args.users_command == "list":
            return _list(store)
        if args.users_command == "remove":
            account = store.remove(args.name)
            _audit(os_user(), "account-remove", account.name, role=account.role.label)
            print(f"removed {account.name}")
            return 0
        if args.users_command == "role":
            before = store.find(args.name)
            account = store.set_role(args.name, Role.parse(args.role))
            _audit(os_user(), "account-role", account.name, role=account.role.label,
                   was=before.role.label if before else "")
            print(f"{account.name} is now {account.role.label}")
            return 0
        password = _read_password(args.password_stdin)
        if args.users_command == "add":
            account = store.add(args.name, Role.parse(args.role), password)
            _audit(os_user(), "account-add", account.name, role=account.role.label)
            print(f"added {account.name} ({account.role.label}) to {store.path}")
        else:
            account = store.passwd(args.name, password)
            _audit(os_user(), "account-passwd", account.name)
            print(f"new password set for {account.name}")
        return 0
    except AccountsError as error:
        print(f"ioc-console users: {error}", file=sys.stderr)
        return 1


def _list(store: AccountStore) -> int:
    accounts = store.accounts()
    if not accounts:
        print(f"no accounts in {store.path}: the operator console runs in open mode (anyone at "
              "the desk has every right)")
        return 0
    for account in accounts:
        print(f"{account.name:<24} {account.role.label:<11} changed {account.changed}")
    return 0


def _read_password(from_stdin: bool, stdin: TextIO | None = None) -> str:
    if from_stdin:
        line = (stdin or sys.stdin).readline()
        return line.rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise AccountsError("the two passwords differ; nothing was changed")
    return first


def _audit(actor: str, action: str, target: str, **details: str) -> None:
    """The console may be running: the audit log takes its turn in the same SQLite file."""
    log = AuditLog(console_db())
    try:
        log.record(actor, action, target, "ioc-console users", **details)
    finally:
        log.close()
