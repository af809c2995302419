"""content/limits.py: the figures the demo enforces, and the cores it may use on any system."""

from __future__ import annotations

import os

import pytest

from content import limits


def test_usable_cores_follows_the_affinity_where_the_system_has_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 3}, raising=False)
    assert limits.usable_cores() == 2


def test_usable_cores_falls_back_to_the_cpu_count_without_affinity(monkeypatch: pytest.MonkeyPatch) -> None:
    """macOS and Windows have no os.sched_getaffinity: the build must not crash there."""
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert limits.usable_cores() == 6
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert limits.usable_cores() == 1
