"""The one table of figures: every number a catalog sentence, an article, the demo's pages or
its scripts quote, each read from the module that enforces it, when it is asked for.

A sentence never types a figure: it names it (``{step_seconds}`` in a catalog,
``{{ step_seconds }}`` in an article), and the prose guard (``hooks/prose.py``) stops a build
whose article types one after all, by the units listed here. Changing the step or the window
is a change to ``otp_core/totp.py`` alone; everything that shows it follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from content import limits
from otp_core import keys, recovery_codes, totp


@dataclass(frozen=True)
class Figure:
    value: int | str
    units: str = ""
    """What follows a typed copy of the figure in prose, as a regular expression (Japanese and
    English); empty for a figure the prose guard does not look for (too common a number)."""


def table() -> dict[str, Figure]:
    """Every figure by the name sentences use, as the code enforces it now."""
    seconds, minutes = r"\s?(?:秒|-?seconds?\b)", r"\s?(?:分|-?minutes?\b)"
    return {
        "digits": Figure(totp.DIGITS, r"\s?(?:桁|-?digits?\b)"),
        "step_seconds": Figure(totp.STEP_SECONDS, seconds),
        "window_steps": Figure(totp.WINDOW_STEPS),
        "window_seconds": Figure((2 * totp.WINDOW_STEPS + 1) * totp.STEP_SECONDS, seconds),
        "drift_seconds": Figure(totp.WINDOW_STEPS * totp.STEP_SECONDS),  # as many seconds as a step: not guarded
        "algorithm": Figure(totp.ALGORITHM),
        "key_length": Figure(keys.KEY_LENGTH, r"\s?(?:文字|-?characters?\b)"),
        "key_min_length": Figure(keys.KEY_MIN_LENGTH),
        "setup_minutes": Figure(limits.PENDING_SECONDS // 60, minutes),
        **_code_waits(),
        "lock_after": Figure(limits.LOCK_AFTER, r"\s?(?:回|\s?(?:wrong\s)?codes?\b|\s?times\b)"),
        "recovery_code_count": Figure(recovery_codes.RECOVERY_CODE_COUNT,
                                      r"\s?(?:個|\s?(?:new\s)?(?:recovery\s)?codes?\b)"),
        "recovery_length": Figure(recovery_codes.RECOVERY_CODE_LENGTH),
        "recovery_example": Figure(recovery_codes.EXAMPLE),
        "step_up_minutes": Figure(limits.STEP_UP_SECONDS // 60, minutes),
        "step_up_tries": Figure(limits.STEP_UP_TRIES),
        "password_lock_hours": Figure(limits.PASSWORD_LOCK_SECONDS // 3600),
        "photo_mb": Figure(limits.PHOTO_BYTES // (1024 * 1024), r"\s?MB\b"),
        "photo_megapixels": Figure(limits.PHOTO_PIXELS // 1_000_000),
        "photo_megapixels_ja": Figure(f"{limits.PHOTO_PIXELS // 10_000}万"),
        "sandbox_hours": Figure(limits.SANDBOX_SECONDS // 3600),
        "comment_length": Figure(limits.COMMENT_LENGTH),
        "min_password": Figure(limits.MIN_PASSWORD),
        "max_password": Figure(limits.MAX_PASSWORD),
    }


def _code_waits() -> dict[str, Figure]:
    """How long the wait after the 5th, 10th, 15th and 20th refused code in a row is, rounded to
    the unit a reader would use (the table in ``recovery-codes``): seconds, minutes, hours, days."""
    wait = limits.code_wait_seconds
    return {
        "wait_5_seconds": Figure(wait(5)),
        "wait_10_minutes": Figure(round(wait(10) / 60)),
        "wait_15_hours": Figure(f"{wait(15) / 3600:.1f}"),
        "wait_20_days": Figure(round(wait(20) / 86400)),
    }


def figures() -> dict[str, str]:
    """The table as the text a sentence shows."""
    return {name: str(figure.value) for name, figure in table().items()}
