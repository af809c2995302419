"""The two-factor demo, in three layers that import only downward: ``web`` (routes, pages, forms,
guards), ``rules`` (accounts, codes, recovery, sessions, support: what may happen) and ``storage``
(SQLite, the sealing vault, the photo files)."""
