"""demo/rules/events.py: what the authentication log records, and what it refuses to.

SECURITY.md "Logging" and the OWASP Logging Cheat Sheet ("Which events to log",
"Data to exclude").
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from demo.rules import events, support
from demo.rules.events import FIELDS, KINDS, log_event, open_log, session_label
from demo.rules.sandboxes import new_sandbox
from demo.storage.store import Store
from demo.storage.vault import Vault

NOW = 1_800_000_000.0
UTC_NOW = "2027-01-15T08:00:00+00:00"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """Events sent to a file of the test's own; the logger is restored afterwards."""
    logger = events.logger
    saved = (list(logger.handlers), logger.level, logger.propagate)
    for handler in saved[0]:
        logger.removeHandler(handler)
    path = tmp_path / "events.log"
    open_log(path)
    yield path
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    for handler in saved[0]:
        logger.addHandler(handler)
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


def records(path: Path) -> list[dict[str, object]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    parsed = [json.loads(line) for line in lines]
    assert all(isinstance(record, dict) for record in parsed)
    return parsed


def test_each_event_is_one_json_object_a_line_with_utc_time(log_file: Path) -> None:
    """SECURITY.md "Logging": structured auth events with UTC time and account id."""
    log_event("login_ok", NOW, account="a1", session=session_label("token-one"))
    log_event("code_failed", NOW + 30.5, account="a1", failures=3, wait=4)
    log_event("purge", NOW + 60, count=2, ticket=None)
    logged = records(log_file)
    assert logged == [
        {
            "time": UTC_NOW,
            "event": "login_ok",
            "account": "a1",
            "session": session_label("token-one"),
        },
        {
            "time": "2027-01-15T08:00:30.500000+00:00",
            "event": "code_failed",
            "account": "a1",
            "failures": 3,
            "wait": 4,
        },
        {"time": "2027-01-15T08:01:00+00:00", "event": "purge", "count": 2},
    ]
    for record in logged:
        moment = datetime.datetime.fromisoformat(str(record["time"]))
        assert moment.utcoffset() == datetime.timedelta(0)


def test_every_listed_kind_can_be_logged(log_file: Path) -> None:
    """SECURITY.md "Logging": setup, confirm, login ok/fail, replay, throttle, lockout, disable,
    recovery, support are all structured events."""
    for kind in sorted(KINDS):
        log_event(kind, NOW, account="a1")
    assert [record["event"] for record in records(log_file)] == sorted(KINDS)


@pytest.mark.parametrize("kind", ["password_reset", "", "LOGIN_OK", "login ok"])
def test_unknown_kind_is_refused(log_file: Path, kind: str) -> None:
    """SECURITY.md "Logging": only the listed auth events are written."""
    with pytest.raises(ValueError):
        log_event(kind, NOW, account="a1")
    assert log_file.read_text(encoding="utf-8") == ""


SECRETS = [
    ("code", "123456"),
    ("key", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
    ("uri", "otpauth://totp/Demo:a?secret=JBSWY3DPEHPK3PXP"),
    ("recovery_code", "23456-789AB"),
    ("password", "correct horse"),
    ("token", secrets.token_urlsafe(32)),
    ("email", "taro@example.jp"),
    ("phone", "+819012345678"),
    ("image", "iVBORw0KGgo"),
]


@pytest.mark.parametrize(("field", "secret"), SECRETS, ids=[field for field, _ in SECRETS])  # the token is random
def test_field_outside_the_list_is_refused(log_file: Path, field: str, secret: str) -> None:
    """SECURITY.md "Logging": never logged: keys, URIs, codes, recovery codes, passwords, session
    tokens, identity fields, image bytes. Only the listed fields get through."""
    assert field not in FIELDS
    with pytest.raises(ValueError):
        log_event("login_failed", NOW, account="a1", **{field: secret})
    assert secret not in log_file.read_text(encoding="utf-8")


def test_session_label_is_a_short_hash_not_the_token() -> None:
    """SECURITY.md "Logging": session tokens are hashed before they are logged."""
    token = secrets.token_urlsafe(32)
    label = session_label(token)
    assert re.fullmatch(r"[0-9a-f]{12}", label)
    assert label != token and label not in token
    assert session_label(token) == label
    assert session_label(secrets.token_urlsafe(32)) != label


def test_open_log_replaces_the_earlier_destination(log_file: Path, tmp_path: Path) -> None:
    """SECURITY.md "Logging": each event is written once, to the current log."""
    log_event("logout", NOW, account="a1")
    second = tmp_path / "later" / "events.log"
    open_log(second)
    log_event("logout", NOW, account="a2")
    assert [record["account"] for record in records(log_file)] == ["a1"]
    assert [record["account"] for record in records(second)] == ["a2"]
    assert len([h for h in events.logger.handlers if isinstance(h, logging.FileHandler)]) == 1


def test_support_request_is_logged_without_identity_fields(log_file: Path, tmp_path: Path) -> None:
    """SECURITY.md "Logging": identity fields are never logged (OWASP Logging, data to exclude)."""
    store = Store(tmp_path / "demo.sqlite3")
    sandbox = new_sandbox(store, NOW)[1]
    form = {
        "name": "山田 太郎",
        "address": "東京都千代田区1-1",
        "birth_date": "1990-04-01",
        "phone": "090-1234-5678",
        "phone_changed": "no",
        "email": "taro@example.jp",
        "details": "秘密の話",
    }
    values, errors = support.validate_request(form, today=datetime.date(2027, 1, 15))
    assert errors == {}
    vault = Vault(secrets.token_bytes(32))
    number = support.submit(store, vault, sandbox_id=sandbox.id, values=values, now=NOW)
    assert records(log_file) == [{"time": UTC_NOW, "event": "support_request", "ticket": number}]
    text = log_file.read_text(encoding="utf-8")
    for identity in ("山田", "千代田", "1990", "9012345678", "taro", "秘密"):
        assert identity not in text


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most services run with (022): a file opened the ordinary way would be world-readable."""
    saved = os.umask(0o022)
    yield
    os.umask(saved)


def test_the_log_rotates_by_size_keeping_a_few_private_files(log_file: Path, usual_umask: None) -> None:
    """SECURITY.md "Logging": the log cannot fill the disk, and no file of it is readable by others."""
    open_log(log_file, max_bytes=2000, backups=3)
    for number in range(200):  # about 20 KB of events: ten files' worth, rotated into four
        log_event("logout", NOW + number, account=f"a{number}")

    kept = sorted(path.name for path in log_file.parent.glob("events.log*"))
    assert kept == ["events.log", "events.log.1", "events.log.2", "events.log.3"]
    for path in log_file.parent.glob("events.log*"):
        assert path.stat().st_mode & 0o777 == 0o600, path.name
        assert path.stat().st_size <= 2000, path.name
    newest, older = records(log_file), records(log_file.with_name("events.log.1"))
    assert newest[-1]["account"] == "a199"
    assert older[-1]["account"] == f"a{int(str(newest[0]['account'])[1:]) - 1}"  # nothing lost at the seam


def test_a_log_left_readable_by_others_is_made_private(tmp_path: Path, log_file: Path, usual_umask: None) -> None:
    older = tmp_path / "older" / "events.log"
    older.parent.mkdir()
    older.write_text('{"event": "logout"}\n', encoding="utf-8")
    older.chmod(0o644)
    open_log(older)
    assert older.stat().st_mode & 0o777 == 0o600


def test_the_default_rotation_bounds_the_log() -> None:
    assert events.MAX_BYTES * (events.BACKUPS + 1) <= 64 * 1024 * 1024
    assert events.BACKUPS >= 2
