"""What the "Was this article helpful?" box asks: the page's template shows these reasons, and
the feedback service counts only these."""

from __future__ import annotations

REASONS = ("not_answered", "hard_to_follow", "screen_differs", "out_of_date", "other")
"""Why an article did not help: a short fixed list, so the report can count them."""
