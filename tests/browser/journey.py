"""What a journey through the demo costs the reader on a phone, step by step (issue 23): the taps
from a step's start to its end, and for each button the reader presses, how far it is from the
guide's current instruction and whether both are on one screen without scrolling between them
(the target: at every step). The tests assert the target and report the figures; with
``JOURNEY_FIGURES=<folder>`` each journey also writes them as JSON for ``python -m benchmarks.journeys``."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from playwright.sync_api import Locator, Page

MEASURE = """(control) => {
  const now = document.querySelector("#guide [data-guide-now]");
  if (!now || !now.getClientRects().length) return null;
  const a = now.getBoundingClientRect(), b = control.getBoundingClientRect();
  const first = control.getClientRects()[0] ?? b; // a link that wraps: tapped on its first line
  const hit = document.elementFromPoint(first.x + Math.min(first.width / 2, 20), first.y + first.height / 2);
  const top = Math.min(a.top, b.top), bottom = Math.max(a.bottom, b.bottom);
  return { distance: Math.round(Math.abs(b.top - a.top)), top, bottom, height: window.innerHeight,
           uncovered: Boolean(hit && control.contains(hit)) };
}"""
"""Where the instruction and the control are once the control is scrolled into view, as Chromium
lays them out; ``uncovered``: the control is what a tap on its middle reaches (no dock, sheet or
guide over it)."""


@dataclass
class StepFigure:
    step: int
    taps: int = 0
    distance: int = 0
    """The largest distance (px) between the instruction's top and a pressed control's top."""
    one_screen: bool = True
    controls: list[str] = field(default_factory=list)
    """The controls that missed the target, by their text."""


@dataclass
class Journey:
    """The figures of one run; the steps are the guide's (data-guide-where when the tap began)."""

    name: str
    steps: dict[int, StepFigure] = field(default_factory=dict)

    def tap(self, page: Page, target: Locator, *, measure: bool) -> None:
        where = page.locator("#guide").get_attribute("data-guide-where") or ""
        if not where.isdigit():
            return
        figure = self.steps.setdefault(int(where), StepFigure(int(where)))
        figure.taps += 1
        if not measure:
            return
        target.scroll_into_view_if_needed()
        found = target.evaluate(MEASURE)
        if found is not None and not found["uncovered"]:  # under the dock: the reader scrolls it up
            target.evaluate("control => control.scrollIntoView({ block: 'center' })")
            found = target.evaluate(MEASURE)
        if found is None:  # the guide is collapsed: nothing to measure against
            return
        figure.distance = max(figure.distance, found["distance"])
        fits = found["top"] >= 0 and found["bottom"] <= found["height"] and found["uncovered"]
        if not fits:
            figure.one_screen = False
            figure.controls.append(target.inner_text().strip()[:40])

    def missed(self) -> list[StepFigure]:
        return [figure for figure in self.steps.values() if not figure.one_screen]

    def line(self) -> str:
        steps = " | ".join(f"{figure.step}: {figure.taps} taps, {figure.distance} px{'' if figure.one_screen else ' ✗'}"
                           for figure in sorted(self.steps.values(), key=lambda figure: figure.step))
        return f"journey {self.name}: {steps}"

    def save(self) -> None:
        folder = os.environ.get("JOURNEY_FIGURES")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            steps = [asdict(figure) for figure in sorted(self.steps.values(), key=lambda figure: figure.step)]
            (Path(folder) / f"{self.name}.json").write_text(json.dumps({"name": self.name, "steps": steps}),
                                                           encoding="utf-8")
