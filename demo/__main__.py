"""``python -m demo``: serve the built site and the demo on 127.0.0.1."""

from __future__ import annotations

import uvicorn

from demo.app import create_app
from demo.settings import Settings
from demo.vault import VaultError


def main() -> None:
    settings = Settings.from_env()
    if not (settings.site_dir / "index.html").is_file():
        raise SystemExit(f"no built site in {settings.site_dir}: run bin/serve (it builds first)")
    try:
        app = create_app(settings)
    except VaultError as error:
        raise SystemExit(f"demo not started: {error}") from None
    print(f"Help center: http://{settings.host}:{settings.port}/  demo: http://{settings.host}:{settings.port}/demo/",
          flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")


if __name__ == "__main__":
    main()
