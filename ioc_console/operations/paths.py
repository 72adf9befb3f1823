"""Where the console keeps its state on this machine (overridable for tests and kiosks)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    override = os.environ.get("IOC_CONSOLE_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir("ioc-console"))


def cache_dir() -> Path:
    override = os.environ.get("IOC_CONSOLE_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("ioc-console"))


def console_db() -> Path:
    """SQLite file holding the audit trail and the session (scenario, acknowledgements)."""
    return data_dir() / "console.sqlite3"


def accounts_file() -> Path:
    """JSON file of the console's accounts (names, roles, salted password hashes)."""
    override = os.environ.get("IOC_CONSOLE_ACCOUNTS")
    return Path(override) if override else data_dir() / "accounts.json"
