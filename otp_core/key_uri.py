"""The Key URI an authenticator app reads from the QR code (Google Key URI format)."""

from __future__ import annotations

from urllib.parse import quote

from otp_core import totp


def otpauth_uri(secret: str, *, account: str, issuer: str) -> str:
    """``otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=…&digits=…&period=…``.

    Label and ``issuer`` are percent-encoded, so Japanese names survive. Algorithm, digits
    and period are written out from ``totp`` even where they equal the format's defaults
    (SHA1, 6, 30): an app then shows the codes the server checks whatever those figures are.
    """
    name = quote(issuer, safe="")
    label = f"{name}:{quote(account, safe='@')}"
    parameters = f"algorithm={totp.ALGORITHM}&digits={totp.DIGITS}&period={totp.STEP_SECONDS}"
    return f"otpauth://totp/{label}?secret={secret}&issuer={name}&{parameters}"
