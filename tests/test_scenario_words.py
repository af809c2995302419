"""content/scenarios.py: a writer's typo in scenarios.toml stops the build with the file, the line
and the words that would do."""

from __future__ import annotations

from pathlib import Path

import pytest

from content import scenarios

GOOD = """[route-b]
article = "turn-off-2fa"
steps = [
  ["account"],
  ["new-key", "did:replaced", "phone:scanned-new"],
]
"""


def test_every_word_of_the_real_file_is_known() -> None:
    assert all(scenarios.known(need) for item in scenarios.scenarios().values() for step in item.steps
               for need in step)


def test_a_well_formed_file_reads(tmp_path: Path) -> None:
    source = tmp_path / "scenarios.toml"
    source.write_text(GOOD, encoding="utf-8")
    assert scenarios.read(source)["route-b"].steps[1] == ("new-key", "did:replaced", "phone:scanned-new")


@pytest.mark.parametrize(("typo", "fix"), [
    ("new-keys", "facts are account, 2fa-on"),
    ("replaced", "write the server event as 'did:replaced'"),
    ("did:replace", "server events are did:account_created"),
    ("phone:scaned-new", "phone events are phone:scanned-old"),
])
def test_a_typo_names_the_file_the_line_and_the_fix(tmp_path: Path, typo: str, fix: str) -> None:
    source = tmp_path / "scenarios.toml"
    wrong = {"new-keys": "new-key", "replaced": "did:replaced", "did:replace": "did:replaced",
             "phone:scaned-new": "phone:scanned-new"}[typo]
    source.write_text(GOOD.replace(f'"{wrong}"', f'"{typo}"'), encoding="utf-8")
    with pytest.raises(scenarios.ScenarioError) as error:
        scenarios.read(source)
    message = str(error.value)
    assert message.startswith(f"{source}:5: scenario 'route-b', step 2: unknown word '{typo}'")
    assert fix in message
