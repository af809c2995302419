"""Server settings, read once from the environment, with defaults that work out of the box."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    site_dir: Path

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            host="127.0.0.1",  # loopback only: this is a demo, not a public service
            port=int(env.get("PORT", "8000")),
            site_dir=Path(env.get("HELP_SITE_DIR", "site")).resolve(),
        )
