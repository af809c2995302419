"""A spy on the photo decoder, for tests that send several photos at once (tests/test_selfies.py,
tests/test_routes_support.py)."""

from __future__ import annotations

import threading

import pytest
from PIL import ImageFile

from demo.rules import selfies


class DecodeWatch:
    """A spy on decoding: how many photos Pillow decodes at once and how many wait their turn.

    It wraps the decode gate of ``demo.rules.selfies`` (to count who is kept waiting) and Pillow's
    ``ImageFile.load`` (to count decodes running). Every decode is held until ``release``, so
    while it is held each upload is either queued at the gate or caught decoding.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.changed = threading.Condition()
        self.decoding = self.most = self.waiting = 0
        self.go = threading.Event()
        gate, real_load, watch = selfies._DECODES, ImageFile.ImageFile.load, self

        class Gate:
            def __enter__(self) -> None:
                if not gate.acquire(blocking=False):
                    watch.count("waiting", 1)
                    gate.acquire()

            def __exit__(self, *exc: object) -> None:
                gate.release()

        def load(image: ImageFile.ImageFile) -> object:
            watch.count("decoding", 1)
            try:
                watch.go.wait(timeout=60)
                return real_load(image)
            finally:
                watch.count("decoding", -1)

        monkeypatch.setattr(selfies, "_DECODES", Gate())
        monkeypatch.setattr(ImageFile.ImageFile, "load", load)

    def count(self, name: str, step: int) -> None:
        with self.changed:
            setattr(self, name, getattr(self, name) + step)
            self.most = max(self.most, self.decoding)
            self.changed.notify_all()

    def arrived(self, uploads: int) -> tuple[int, int]:
        """(decoding, waiting) once all ``uploads`` are decoding or queued (a minute at most)."""
        with self.changed:
            self.changed.wait_for(lambda: self.decoding + self.waiting >= uploads, timeout=60)
            return self.decoding, self.waiting

    def release(self) -> None:
        self.go.set()
