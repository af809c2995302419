"""The demo's SQLite database: schema, connections and the two kinds of transaction.

WAL so readers never wait for a writer; every change that decides an outcome (a
code's step, a failure counter) runs inside ``BEGIN IMMEDIATE``, which takes the
write lock before reading, so two requests never decide on the same old value
(SECURITY.md "Under load and faults"). ``secure_delete`` overwrites what is
deleted, so a purged sandbox leaves nothing readable in the file.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS sandboxes (
  id          TEXT PRIMARY KEY,
  token_hash  BLOB NOT NULL UNIQUE,
  csrf        TEXT NOT NULL,
  created_at  REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
  id              TEXT PRIMARY KEY,
  sandbox_id      TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
  email           TEXT NOT NULL,
  password_hash   TEXT NOT NULL,
  created_at      REAL NOT NULL,
  sealed_key      BLOB,
  key_version     INTEGER NOT NULL DEFAULT 0,
  last_step       INTEGER NOT NULL DEFAULT -1,
  failures        INTEGER NOT NULL DEFAULT 0,
  next_try_at     REAL NOT NULL DEFAULT 0,
  locked          INTEGER NOT NULL DEFAULT 0,
  setup_required  INTEGER NOT NULL DEFAULT 0,
  credential_version    INTEGER NOT NULL DEFAULT 0,  -- bumped by every password or factor change
  key_suspended         INTEGER NOT NULL DEFAULT 0,  -- the phone was reported lost or stolen
  last_step_device      TEXT NOT NULL DEFAULT '',    -- who used the last accepted step (a hash)
  UNIQUE (sandbox_id, email)
);
CREATE TABLE IF NOT EXISTS pending_setups (
  account_id  TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  sealed_key  BLOB NOT NULL,
  key_version INTEGER NOT NULL,
  started_at  REAL NOT NULL,
  purpose     TEXT NOT NULL DEFAULT 'enrol' CHECK (purpose IN ('enrol', 'replace')),
  session_hash BLOB  -- the session that started it: no other may see or confirm it
);
CREATE TABLE IF NOT EXISTS recovery_codes (
  id          INTEGER PRIMARY KEY,
  account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  code_hash   TEXT NOT NULL,
  used_at     REAL,
  retired_at  REAL  -- its set was replaced: kept one set long, so a typed old code is told so
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash  BLOB PRIMARY KEY,
  sandbox_id  TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
  account_id  TEXT REFERENCES accounts(id) ON DELETE CASCADE,
  role        TEXT NOT NULL CHECK (role IN ('user', 'staff')),
  stage       TEXT NOT NULL CHECK (stage IN ('code', 'full')),
  method      TEXT NOT NULL DEFAULT 'password' CHECK (method IN ('password', 'code', 'recovery')),
  created_at  REAL NOT NULL,
  seen_at     REAL NOT NULL,
  credential_version  INTEGER NOT NULL DEFAULT 0,  -- the account's, when the session was made
  password_at         REAL NOT NULL DEFAULT 0,     -- when this session last proved the password
  step_up_failures    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS password_throttle (  -- one row per sign-in name, known or not
  sandbox_id   TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
  email        TEXT NOT NULL,
  failures     INTEGER NOT NULL DEFAULT 0,
  next_try_at  REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (sandbox_id, email)
);
CREATE TABLE IF NOT EXISTS tickets (
  number        INTEGER PRIMARY KEY AUTOINCREMENT,
  sandbox_id    TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
  fields        BLOB NOT NULL,  -- sealed identity details (support.py)
  email         TEXT NOT NULL,
  status        TEXT NOT NULL,
  created_at    REAL NOT NULL,
  updated_at    REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS selfies (
  id            INTEGER PRIMARY KEY,
  ticket_number INTEGER NOT NULL REFERENCES tickets(number) ON DELETE CASCADE,
  file_name     TEXT NOT NULL,
  media_type    TEXT NOT NULL,
  fingerprint   TEXT NOT NULL,
  upload_digest TEXT NOT NULL DEFAULT '',  -- SHA-256 of the file as sent ('' on rows from before)
  created_at    REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
  id          INTEGER PRIMARY KEY,
  sandbox_id  TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
  email       TEXT NOT NULL,
  kind        TEXT NOT NULL,
  params      TEXT NOT NULL,
  created_at  REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS milestones (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  sandbox_id  TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,
  at          REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS flashes (
  id          TEXT PRIMARY KEY,
  sandbox_id  TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
  sealed      BLOB NOT NULL,
  created_at  REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS shown_codes (
  account_id  TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  sealed      BLOB NOT NULL,
  created_at  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS milestones_by_sandbox ON milestones(sandbox_id);
CREATE INDEX IF NOT EXISTS flashes_by_sandbox ON flashes(sandbox_id);
CREATE INDEX IF NOT EXISTS sandboxes_by_age ON sandboxes(created_at);
CREATE INDEX IF NOT EXISTS accounts_by_sandbox ON accounts(sandbox_id);
CREATE INDEX IF NOT EXISTS tickets_by_sandbox ON tickets(sandbox_id);
CREATE INDEX IF NOT EXISTS messages_by_sandbox ON messages(sandbox_id);
CREATE INDEX IF NOT EXISTS codes_by_account ON recovery_codes(account_id);
CREATE INDEX IF NOT EXISTS sessions_by_sandbox ON sessions(sandbox_id);
CREATE INDEX IF NOT EXISTS sessions_by_account ON sessions(account_id);
"""

ADDED_COLUMNS = (
    ("pending_setups", "purpose", "TEXT NOT NULL DEFAULT 'enrol' CHECK (purpose IN ('enrol', 'replace'))"),
    ("sessions", "method", "TEXT NOT NULL DEFAULT 'password' CHECK (method IN ('password', 'code', 'recovery'))"),
    ("selfies", "upload_digest", "TEXT NOT NULL DEFAULT ''"),
    ("accounts", "credential_version", "INTEGER NOT NULL DEFAULT 0"),
    ("accounts", "key_suspended", "INTEGER NOT NULL DEFAULT 0"),
    ("accounts", "last_step_device", "TEXT NOT NULL DEFAULT ''"),
    ("pending_setups", "session_hash", "BLOB"),
    ("recovery_codes", "retired_at", "REAL"),
    ("sessions", "credential_version", "INTEGER NOT NULL DEFAULT 0"),
    ("sessions", "password_at", "REAL NOT NULL DEFAULT 0"),
    ("sessions", "step_up_failures", "INTEGER NOT NULL DEFAULT 0"),
)
"""Columns added after a database may already exist: a data folder from an earlier version is
brought up to date in place, so nobody's sandbox is lost by an upgrade."""


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # tickets hold identity details
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))  # SQLite gives -wal and -shm this mode
        os.chmod(path, 0o600)
        connection = self._connect()
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            for table, column, declaration in ADDED_COLUMNS:
                _add_column(connection, table, column, declaration)
            connection.executescript(SCHEMA)
        finally:
            connection.close()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection for reads (each statement sees a consistent snapshot)."""
        connection = self._connect()
        try:
            yield connection
        finally:
            connection.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction: committed on success, rolled back on error."""
        connection = self._connect()
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            connection.close()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
        try:
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA secure_delete = ON")
            connection.execute("PRAGMA synchronous = FULL")
        except BaseException:  # a file that is no database fails here: leave no connection open
            connection.close()
            raise
        return connection


def _add_column(connection: sqlite3.Connection, table: str, column: str, declaration: str) -> None:
    """Add ``column`` to ``table`` if the table exists without it (an older data folder)."""
    columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
    if columns and column not in columns:
        connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
