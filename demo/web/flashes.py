"""What a refused form leaves for the page it is sent back to (Post/Redirect/Get).

Every form post answers with a redirect, so reloading or going back never posts
again. When a form is refused, the reasons and what the visitor typed are kept
here, sealed like a key (they may hold identity details), and the redirect names
them: reloading shows the same errors and values again. A password, a code or a
recovery code is never kept (it would be written back into a page for 30
minutes, even after it was used): ``keep`` refuses a flash that holds one.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field

from demo.storage.store import Store
from demo.storage.vault import Vault

LIFETIME_SECONDS = 30 * 60
"""As long as an idle session: a page reloaded later shows a fresh form instead."""

SECRET_FIELDS = frozenset({
    "password", "current_password", "new_password", "step_up_password", "report_password",
    "code", "recovery_code", "proof", "disable_proof", "renew_proof",
})
"""Fields whose value is never kept: the secrets a form takes."""


@dataclass(frozen=True)
class Flash:
    form: str
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    wait: int = 0
    link: str = ""
    """A help article the message points to (the code-rejected page, say)."""
    link_text: str = ""
    """The catalog key of that link's words."""


def keep(store: Store, vault: Vault, *, sandbox_id: str, flash: Flash, now: float) -> str:
    """Store ``flash`` and return its id for the redirect's query string."""
    if secret := SECRET_FIELDS & set(flash.values):
        raise ValueError(f"a flash never keeps a secret: {sorted(secret)}")
    flash_id = secrets.token_urlsafe(12)
    payload = json.dumps(flash.__dict__, ensure_ascii=False).encode()
    sealed = vault.seal_for(payload, purpose="flash", owner=f"{sandbox_id}\n{flash_id}")
    with store.write() as db:
        db.execute("DELETE FROM flashes WHERE sandbox_id = ? AND created_at < ?", (sandbox_id, now - LIFETIME_SECONDS))
        db.execute("INSERT INTO flashes (id, sandbox_id, sealed, created_at) VALUES (?, ?, ?, ?)",
                   (flash_id, sandbox_id, sealed, now))
    return flash_id


def find(store: Store, vault: Vault, *, sandbox_id: str, flash_id: str, now: float) -> Flash | None:
    """The flash if it is the sandbox's own and fresh; a stale or foreign id is simply no flash."""
    with store.read() as db:
        row = db.execute(
            "SELECT sealed, created_at FROM flashes WHERE id = ? AND sandbox_id = ?", (flash_id, sandbox_id)
        ).fetchone()
    if row is None or now - row["created_at"] > LIFETIME_SECONDS:
        return None
    data = json.loads(vault.unseal_for(row["sealed"], purpose="flash", owner=f"{sandbox_id}\n{flash_id}"))
    return Flash(**data)
