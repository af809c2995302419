"""The path of a typed code: read it, let the gate judge it, and say why it was refused.

A route calls ``read_code`` (or ``read_recovery_code``), passes the result to a
domain function, and hands a refused outcome to ``refusal``; each step is a
plain call, so the path of a typed value reads top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass

from content import catalog
from demo.rules.gate import Outcome, Verdict
from demo.rules.normalise import InvalidInput, normalise_code, normalise_recovery_code

TIME_HELP = "code-rejected.html"
"""The article for a code refused because of time (expired, or a clock off)."""
RECOVERY_CODES_HELP = "recovery-codes.html"
"""The article on recovery codes, for one already spent: how to make a new set."""
HELP = {Verdict.EXPIRED: TIME_HELP, Verdict.EARLY: TIME_HELP, Verdict.SPENT: RECOVERY_CODES_HELP}


@dataclass(frozen=True)
class Refusal:
    """Why a typed code was not taken: a message id, the wait that goes with it, and a help page."""

    reason: str
    wait: int = 0
    link: str = ""


def read_code(typed: str) -> str | Refusal:
    """Six ASCII digits from what the person typed, or why not (an empty field is named)."""
    if not typed.strip():
        return Refusal("text.required")
    try:
        return normalise_code(typed)
    except InvalidInput as error:
        return Refusal(error.reason)


def read_recovery_code(typed: str) -> str | Refusal:
    if not typed.strip():
        return Refusal("text.required")
    try:
        return normalise_recovery_code(typed)
    except InvalidInput as error:
        return Refusal(error.reason)


@dataclass(frozen=True)
class Proof:
    """A second factor as typed: a code from the app, or else a recovery code."""

    code: str = ""
    recovery_code: str = ""


def read_proof(typed: str) -> Proof | Refusal:
    """A code or a recovery code from one field (turning 2FA off, new recovery codes)."""
    code, recovery_code = read_code(typed), read_recovery_code(typed)
    if isinstance(code, str):
        return Proof(code=code)
    if isinstance(recovery_code, str):
        return Proof(recovery_code=recovery_code)
    return Refusal("proof.format" if typed.strip() else "text.required")


def refusal(outcome: Outcome, language: str) -> Refusal:
    """The message for an outcome the gate refused; a refusal about time, or about a spent recovery
    code, links to the article that helps."""
    page = HELP.get(outcome.verdict)
    link = f"{catalog.home(language)}{page}" if page else ""
    return Refusal(f"verdict.{outcome.verdict.value}", outcome.wait_seconds, link)
