"""The guide's goals (demo/static/goals.js), run in Chromium: a step is a state of the account, so
the account page's better route completes it, and nothing is Done by accident.

Each case is a scenario of content/scenarios.toml and a timeline of what the server recorded and
what happened on the simulated phones, in order; the answer is each step's state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page

from content import scenarios
from tests.browser.conftest import OpenPage

MODULE = "/demo/static/goals.js"
ENROLLED_OLD = ["account_created", "setup_started", "phone:scanned-old", "setup_confirmed", "codes_saved"]
"""Account made, 2FA set up by scanning with the old phone, recovery codes saved."""
MOVED_NEW = ["replace_started", "phone:scanned-new", "replaced"]
"""The account page's "Move to a new phone", scanned with the new phone and confirmed."""
SET_UP_AGAIN_NEW = ["setup_started", "phone:scanned-new", "setup_confirmed", "codes_saved"]


@pytest.fixture
def page(open_page: OpenPage) -> Iterator[Page]:
    visit = open_page("/demo/")
    yield visit.page
    assert [error for error in visit.console_errors if "goals" in error] == []


def states(page: Page, scenario: str, timeline: list[str]) -> list[Any]:
    steps = [list(step) for step in scenarios.scenarios()[scenario].steps]
    return list(page.evaluate(
        f"async ([steps, names]) => (await import({MODULE!r})).stepStates(steps, names.map((name) => ({{ name }})))",
        [steps, timeline]))


def test_the_facts_the_module_knows_are_the_ones_the_build_checks(page: Page) -> None:
    names = page.evaluate(f"async () => Object.keys((await import({MODULE!r})).FACTS)")
    assert tuple(names) == scenarios.FACTS


def test_route_b_by_its_script(page: Page) -> None:
    timeline = [*ENROLLED_OLD, "disabled", *SET_UP_AGAIN_NEW, "signed_out", "signed_in_code"]
    assert states(page, "route-b", timeline) == [True] * 5


def test_route_b_by_moving_2fa_straight_to_the_new_phone(page: Page) -> None:
    """The account page's Move: the new phone's key is in force without 2FA ever being off, so step 3
    (turn it off) is done by a better route, and step 5 waits for a sign-in with the new phone's code."""
    moved = [*ENROLLED_OLD, *MOVED_NEW]
    assert states(page, "route-b", moved) == [True, True, "better", True, False]
    assert states(page, "route-b", [*moved, "signed_out", "signed_in_code"]) == [True, True, "better", True, True]


def test_route_b_with_a_real_app_by_moving(page: Page) -> None:
    timeline = ["account_created", "setup_started", "setup_confirmed", "codes_saved", "replace_started", "replaced",
                "signed_out", "signed_in_code"]
    assert states(page, "route-b", timeline) == [True, True, "better", True, True]


def test_a_key_typed_by_hand_does_what_a_scan_does(page: Page) -> None:
    timeline = ["account_created", "setup_started", "phone:key-typed-old", "setup_confirmed", "codes_saved"]
    assert states(page, "route-b", timeline) == [True, True, False, False, False]


def test_trade_in_by_its_script(page: Page) -> None:
    checked = [*ENROLLED_OLD, *MOVED_NEW, "signed_out", "signed_in_code"]
    assert states(page, "trade-in", checked) == [True, True, True, True, "pending"]  # the old phone still in hand
    assert states(page, "trade-in", [*checked, "phone:gone"]) == [True] * 5


def test_trade_in_by_turning_2fa_off_and_setting_it_up_on_the_new_phone(page: Page) -> None:
    """Another route to the new phone's key: step 3 is reached without the account page's Move."""
    timeline = [*ENROLLED_OLD, "disabled", *SET_UP_AGAIN_NEW, "signed_out", "signed_in_code", "phone:gone"]
    assert states(page, "trade-in", timeline) == [True] * 5


def test_trade_in_does_not_let_the_old_phone_go_before_the_new_one_is_checked(page: Page) -> None:
    timeline = [*ENROLLED_OLD, *MOVED_NEW, "phone:gone"]
    assert states(page, "trade-in", timeline) == [True, True, True, False, False]


def test_stolen_phone_by_a_support_reset_instead_of_a_recovery_code(page: Page) -> None:
    """No recovery code at hand after the report: support resets 2FA and the reader sets it up on the new
    phone. Step 5 (sign in with a recovery code) is done by another route; the rest of the script follows."""
    timeline = [*ENROLLED_OLD, "phone:gone", "signed_out", "phone_reported", "ticket_filed", "selfie_sent",
                "reset_by_support", "signed_in_password", *SET_UP_AGAIN_NEW]
    assert states(page, "stolen-phone", timeline) == [True, True, True, True, "better", True, False, False, False]
    rest = ["password_changed", "signed_out_everywhere", "code_refused", "signed_in_code"]
    assert states(page, "stolen-phone", timeline + rest) == [True, True, True, True, "better", True, True, True, True]


def test_a_goal_that_holds_from_the_start_skips_nothing(page: Page) -> None:
    """Right after the account is made, 2FA is off: route B's step 3 holds, but it must not mark step 2 done."""
    assert states(page, "route-b", ["account_created"]) == [True, False, False, False, False]
    assert states(page, "route-b", ["account_created", "setup_started", "phone:scanned-old"]) == [
        True, False, False, False, False]


def test_a_step_that_is_an_event_is_never_skipped(page: Page) -> None:
    """Signing in without a refused code does not finish the clock-drift scenario, and a recovery-code
    sign-in without reporting the stolen phone does not pass over the report."""
    signed_in = [*ENROLLED_OLD, "signed_out", "signed_in_code", "phone:clock-auto", "signed_out", "signed_in_code"]
    assert states(page, "clock-drift", signed_in) == [True, True, False, False]
    unreported = [*ENROLLED_OLD, "phone:gone", "signed_out", "signed_in_recovery", "codes_saved", *MOVED_NEW]
    assert states(page, "stolen-phone", unreported) == [True, True, True, *[False] * 6]


def test_clock_drift_ends_on_automatic_time(page: Page) -> None:
    """With the simulated phones, the last step waits for the clock to be set back to automatic."""
    refused = [*ENROLLED_OLD, "signed_out", "code_refused"]
    assert states(page, "clock-drift", [*refused, "signed_in_code"]) == [True, True, True, "pending"]
    assert states(page, "clock-drift", [*refused, "phone:clock-auto", "signed_in_code"]) == [True] * 4
