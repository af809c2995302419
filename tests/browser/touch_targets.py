"""What a finger has to hit on a help-center page, and which of those targets are under 44x44 px.

WCAG 2.5.5 asks 44x44 CSS px of a target; 2.5.8 exempts a link inside a sentence, whose size the
line of text sets. A target that cannot be hit as the page stands (Material's language menu before
it opens, the clear button of an empty search box: ``pointer-events: none``) is measured in the
state that shows it. A link is inline when the block it sits in (its paragraph, list item or cell)
holds words besides the link's own; a link alone in a list item is a target like a button."""

from __future__ import annotations

import time

from playwright.sync_api import Locator, Page

SMALL_TARGETS = """(root) => {
  const selector = "a[href], button, summary, select, textarea, label[for], [role=button], [role=tab], " +
    "input:not([type=hidden]):not([type=radio]):not([type=checkbox])";
  const words = (text) => text.replace(/[\\s\\u200b]+/g, "");
  const block = (element) => {
    let parent = element.parentElement;
    while (parent && getComputedStyle(parent).display.startsWith("inline")) parent = parent.parentElement;
    return parent;
  };
  // A label is a target when it works a box to tick or a tab (a field's label only points at the
  // field); a backdrop that closes a panel (Material's overlays) is the whole screen around it.
  const control = (target) => target.tagName !== "LABEL" ||
    (["checkbox", "radio"].includes(target.control?.type) && !/overlay/.test(target.className));
  const inSentence = (target) => target.tagName === "A" && !target.classList.contains("md-button") &&
    words(block(target)?.textContent ?? "") !== words(target.textContent);
  const named = (target) => target.getAttribute("aria-label") || target.getAttribute("title") ||
    target.textContent.trim().replace(/\\s+/g, " ").slice(0, 40) || target.getAttribute("for") || "";
  return [...root.querySelectorAll(selector)]
    .filter((target) => target.getClientRects().length && getComputedStyle(target).visibility !== "hidden")
    .filter((target) => getComputedStyle(target).pointerEvents !== "none") // not to be hit until shown
    .filter((target) => control(target) && !inSentence(target))
    .map((target) => [target, target.getBoundingClientRect()])
    .filter(([, box]) => box.width < 44 || box.height < 44)
    .map(([target, box]) => `${target.tagName.toLowerCase()}${target.className ? "." +
      String(target.className).trim().split(/\\s+/)[0] : ""} "${named(target)}" ` +
      `${Math.round(box.width * 10) / 10}x${Math.round(box.height * 10) / 10}`);
}"""


def small_targets(page: Page, within: str = "body") -> list[str]:
    """Each target under 44x44 px in ``within``, as ``a.md-nav__link "Title" 120x17``, once
    transitions have settled (a menu mid-fade is smaller than it shows)."""
    for _ in range(100):  # a loop, not wait_for_function: the demo's CSP forbids eval
        if page.evaluate("document.getAnimations().every(animation => animation.playState !== 'running')"):
            break
        time.sleep(0.02)
    root: Locator = page.locator(within).first
    return list(root.evaluate(SMALL_TARGETS))
