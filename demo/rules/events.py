"""Structured authentication events, one JSON object a line, with nothing secret in them.

SECURITY.md "Logging" (OWASP Logging Cheat Sheet, "data to exclude"): an event
names what happened, when (UTC) and to which account; keys, URIs, codes,
recovery codes, passwords, identity fields and image bytes are never passed in,
and the only fields accepted are the ones listed here, so a careless call cannot
add one. A session is named by a short hash of its token.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
from pathlib import Path

KINDS = frozenset({
    "account_created", "setup_started", "setup_confirmed", "login_ok", "login_failed",
    "code_failed", "replay", "throttled", "lockout", "disabled", "recovery_code_used",
    "recovery_codes_renewed", "support_request", "selfie_received", "support_reset",
    "staff_login", "logout", "purge", "password_changed", "signed_out_everywhere",
    "step_up_failed", "stepped_up", "step_up_ended", "report_failed", "phone_reported",
})
FIELDS = frozenset({"account", "session", "ticket", "step", "failures", "wait", "route", "count", "purpose"})

logger = logging.getLogger("demo.rules.events")


def open_log(path: Path) -> None:
    """Send events to ``path`` (appended), replacing any earlier destination."""
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))  # only the server's user reads it
    handler = logging.FileHandler(path, encoding="utf-8")
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
