"""Where the demo keeps things: SQLite (``store``), sealed secrets (``vault``), photo files (``photo_store``)."""
