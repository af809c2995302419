"""The guided scenarios, as ``scenarios.toml`` defines them (the one place their ids live).

A step names facts about the account, server events (``did:``) and phone events (``phone:``);
``demo/static/goals.js`` decides from them which step the reader is on. A name this module does
not know stops the build with the file, the line and the names that would do."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

SOURCE = Path(__file__).with_name("scenarios.toml")
PHONE = "phone:"
DID = "did:"
MILESTONES = (
    "account_created", "setup_started", "setup_confirmed", "codes_saved", "replace_started", "replaced",
    "disabled", "signed_in_password", "signed_in_code", "signed_in_recovery", "code_refused", "signed_out",
    "ticket_filed", "selfie_sent", "reset_by_support", "password_changed", "signed_out_everywhere",
    "stepped_up", "phone_reported",
)
"""What the server records of a visitor (``demo/rules/progress.py``), by name: the events a step may
need as ``did:<name>``."""
PHONE_EVENTS = ("scanned-old", "scanned-new", "key-typed-old", "key-typed-new", "key-saved", "gone", "clock-auto")
"""What the simulated phones report to the guide (``phone.js``), as ``phone:<name>``."""
FACTS = (
    "account", "2fa-on", "2fa-off", "old-key", "new-key", "codes-saved", "signed-in", "signed-out",
    "signed-in-with-code", "signed-in-with-recovery-code",
)
"""What a step may say of the account's record (``FACTS`` in ``demo/static/goals.js``, which a
browser test holds to this list)."""


@dataclass(frozen=True)
class Scenario:
    id: str
    article: str
    steps: tuple[tuple[str, ...], ...]


class ScenarioError(ValueError):
    """A writer's mistake in scenarios.toml: the message names the file, the line and the fix."""


@functools.cache
def scenarios() -> dict[str, Scenario]:
    """Every scenario by id, in the file's order; a step naming an unknown word is an error."""
    return read(SOURCE)


def read(source: Path) -> dict[str, Scenario]:
    text = source.read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    found = {}
    for id_, entry in raw.items():
        steps = tuple(tuple(step) for step in entry["steps"])
        for number, step in enumerate(steps, 1):
            for need in step:
                if not known(need):
                    raise ScenarioError(f"{source}:{_line(text, id_, need)}: scenario {id_!r}, step {number}: "
                                        f"unknown word {need!r}; {_fix(need)}")
        found[id_] = Scenario(id_, entry["article"], steps)
    return found


def known(need: str) -> bool:
    if need.startswith(PHONE):
        return need.removeprefix(PHONE) in PHONE_EVENTS
    if need.startswith(DID):
        return need.removeprefix(DID) in MILESTONES
    return need in FACTS


def _fix(need: str) -> str:
    if need.startswith(PHONE):
        return f"phone events are {', '.join(PHONE + name for name in PHONE_EVENTS)}"
    if need.startswith(DID):
        return f"server events are {', '.join(DID + name for name in MILESTONES)}"
    if need in MILESTONES:
        return f"write the server event as 'did:{need}'"
    return f"facts are {', '.join(FACTS)} (or an event: did:<milestone>, phone:<event>)"


def _line(text: str, id_: str, need: str) -> int:
    """The line of the first ``"need"`` after the scenario's table header."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() in (f"[{id_}]", f'["{id_}"]')), 0)
    return next((i + 1 for i in range(start, len(lines)) if f'"{need}"' in lines[i]), start + 1)


def ids() -> tuple[str, ...]:
    return tuple(scenarios())


def next_after(scenario: str) -> str | None:
    """The scenario the demo offers when ``scenario`` is done (the list wraps round)."""
    order = ids()
    return order[(order.index(scenario) + 1) % len(order)] if scenario in order else None
