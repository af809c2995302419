"""The guided scenarios, as ``scenarios.toml`` defines them (the one place their ids live)."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

SOURCE = Path(__file__).with_name("scenarios.toml")
PHONE = "phone:"
MILESTONES = (
    "account_created", "setup_started", "setup_confirmed", "codes_saved", "replace_started", "replaced",
    "disabled", "signed_in_password", "signed_in_code", "signed_in_recovery", "code_refused", "signed_out",
    "ticket_filed", "selfie_sent", "reset_by_support", "password_changed", "signed_out_everywhere",
    "stepped_up", "phone_reported",
)
"""What the server records of a visitor (``demo/rules/progress.py``), by name: the steps a scenario
may need."""
PHONE_EVENTS = ("scanned-old", "scanned-new", "key-typed-new", "key-saved", "gone")
"""What the simulated phones report to the guide (``phone.js``)."""


@dataclass(frozen=True)
class Scenario:
    id: str
    article: str
    steps: tuple[tuple[str, ...], ...]


@functools.cache
def scenarios() -> dict[str, Scenario]:
    """Every scenario by id, in the file's order; a step naming an unknown event is an error."""
    with SOURCE.open("rb") as file:
        raw = tomllib.load(file)
    found = {}
    for id_, entry in raw.items():
        steps = tuple(tuple(step) for step in entry["steps"])
        for need in (need for step in steps for need in step):
            known = need.removeprefix(PHONE) in PHONE_EVENTS if need.startswith(PHONE) else need in MILESTONES
            if not known:
                raise ValueError(f"{SOURCE.name}: scenario {id_!r} needs unknown event {need!r}")
        found[id_] = Scenario(id_, entry["article"], steps)
    return found


def ids() -> tuple[str, ...]:
    return tuple(scenarios())


def next_after(scenario: str) -> str | None:
    """The scenario the demo offers when ``scenario`` is done (the list wraps round)."""
    order = ids()
    return order[(order.index(scenario) + 1) % len(order)] if scenario in order else None
