"""axe-core in the page: what it finds once transitions have settled."""

from __future__ import annotations

import importlib.resources
import time

from playwright.sync_api import Page

AXE = importlib.resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def violations(page: Page) -> list[str]:
    """What axe-core finds once transitions have settled (mid-fade, text is paler than a reader sees it)."""
    for _ in range(100):  # a loop here, not wait_for_function: the demo's CSP forbids eval
        if page.evaluate("document.getAnimations().every(animation => animation.playState !== 'running')"):
            break
        time.sleep(0.02)
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{item['id']} ({item['impact']}): {item['help']} -> {[node['target'] for node in item['nodes']][:3]}"
        for item in result["violations"]
    ]


SMALL_TARGETS = """() => {
  const targets = [...document.querySelectorAll(
    "button, select, summary, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), .demo-tabs a, " +
    ".demo-header a, .md-button, .demo-check label, .demo-choice label")];
  return targets.filter((target) => target.getClientRects().length && getComputedStyle(target).visibility !== "hidden")
    .map((target) => [target, target.getBoundingClientRect()])
    .filter(([, box]) => box.width < 44 || box.height < 44)
    .map(([target, box]) => `${target.tagName.toLowerCase()}${target.id ? "#" + target.id : ""} ` +
      `"${target.textContent.trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
}"""


def small_targets(page: Page) -> list[str]:
    """Controls under 44x44 px (WCAG 2.5.5): buttons, fields, menus, tabs, and the labels of boxes to tick."""
    return list(page.evaluate(SMALL_TARGETS))
