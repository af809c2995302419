"""Runs queries through the help center's real search worker in Chromium: the judged queries'
reader and runner, shared by the search-quality test and ``python -m benchmarks.held_out``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

from content import catalog

JUDGED = Path(__file__).resolve().parents[1] / "tests" / "search"

RUN = """async ({ queries, base }) => {
  const index = await (await fetch(`${base}search/search_index.json`)).json();
  const worker = new Worker("/assets/javascripts/workers/search-worker.js");
  const answers = [];
  let done;
  const finished = new Promise((resolve) => { done = resolve; });
  let started = 0;
  worker.onmessage = ({ data }) => {
    if (data.type === 1) {
      started = performance.now();
      for (const query of queries) worker.postMessage({ type: 2, data: query });
    }
    if (data.type === 3) {
      answers.push(data.data.items.map((group) => group[0].location));
      if (answers.length === queries.length) done();
    }
  };
  worker.postMessage({ type: 0, data: { ...index, options: { suggest: false } } });
  await finished;
  worker.terminate();
  return { answers, milliseconds: performance.now() - started };
}"""


SETS = ("tuning", "held-out", "seen")
"""The vocabulary and the ranking options are fitted to the tuning set, never to the held-out one;
the seen set was held out once and has been looked at since (judged-*.toml says how)."""


@dataclass(frozen=True)
class Judged:
    text: str
    expect: tuple[str, ...]
    set: str


def judged(language: str) -> list[Judged]:
    with (JUDGED / f"judged-{language}.toml").open("rb") as file:
        queries = [Judged(item["text"], tuple(item["expect"]), item.get("set", "tuning"))
                   for item in tomllib.load(file)["query"]]
    unknown = {query.set for query in queries} - set(SETS)
    assert not unknown, f"judged-{language}.toml: unknown set {unknown}; use one of {SETS}"
    return queries


def articles_found(page: Page, language: str, queries: list[str]) -> tuple[list[list[str]], float]:
    """For each query, the articles the worker ranks, best first (file names without .html)."""
    result = page.evaluate(RUN, {"queries": queries, "base": catalog.home(language)})
    names = [[location.split("#")[0].removesuffix(".html") or "index" for location in answer]
             for answer in result["answers"]]
    return names, float(result["milliseconds"])
