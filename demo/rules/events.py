"""Structured authentication events, one JSON object a line, with nothing secret in them.

SECURITY.md "Logging" (OWASP Logging Cheat Sheet, "data to exclude"): an event
names what happened, when (UTC) and to which account; keys, URIs, codes,
recovery codes, passwords, identity fields and image bytes are never passed in,
and the only fields accepted are the ones listed here, so a careless call cannot
add one. A session is named by a short hash of its token.

The log rotates by size (``MAX_BYTES``, ``BACKUPS`` older files kept), and every file of it,
the rotated ones and each new one, is readable by the server's user only.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

KINDS = frozenset({
    "account_created", "setup_started", "setup_confirmed", "login_ok", "login_failed",
    "code_failed", "replay", "throttled", "lockout", "disabled", "recovery_code_used",
    "recovery_codes_renewed", "support_request", "selfie_received", "support_reset",
    "staff_login", "logout", "purge", "password_changed", "signed_out_everywhere",
    "step_up_failed", "stepped_up", "step_up_ended", "report_failed", "phone_reported",
})
FIELDS = frozenset({"account", "session", "ticket", "step", "failures", "wait", "route", "count", "purpose"})

MAX_BYTES = 10 * 1024 * 1024
"""About 80,000 events a file: weeks of a busy demo, and quick to read whole."""
BACKUPS = 5
"""Older files kept (``events.log.1`` newest to ``events.log.5``): the log never passes 60 MB."""

logger = logging.getLogger("demo.rules.events")


class PrivateRotatingFile(RotatingFileHandler):
    """``RotatingFileHandler`` whose every new file is created 0600, whatever the umask: the
    standard handler opens it with ``open()``, which would make it 0644 under the usual 022."""

    def _open(self) -> io.TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)


def open_log(path: Path, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> None:
    """Send events to ``path`` (appended, rotated past ``max_bytes``), replacing any earlier destination."""
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = PrivateRotatingFile(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    os.chmod(path, 0o600)  # a log from before this rule, or copied in, is made private too
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def log_event(kind: str, now: float, **fields: str | int | float | None) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown event {kind!r}")
    unknown = set(fields) - FIELDS
    if unknown:
        raise ValueError(f"fields not allowed in events: {sorted(unknown)}")
    moment = datetime.datetime.fromtimestamp(now, datetime.UTC).isoformat()
    record: dict[str, str | int | float] = {"time": moment, "event": kind}
    record.update({name: value for name, value in fields.items() if value is not None})
    logger.info(json.dumps(record, ensure_ascii=False))


def session_label(token: str) -> str:
    """How a session appears in the log: enough to follow it, useless to take it over."""
    return hashlib.sha256(token.encode()).hexdigest()[:12]
