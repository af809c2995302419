"""The account page's word after an accepted code (``accepted.*``, demo/web/routes/account.py) says
what the reader cares about, plainly: the code worked, and whether the phone's clock is off and by how
much, with the step from the one table of figures, never how the server matched it (issue 23)."""

from __future__ import annotations

import pytest

from content import catalog
from otp_core import totp

ENGINE_ROOM = {"ja": ("サーバー", "秒間のコードとして"), "en": ("server", "period")}
PLAIN = {"ja": ("受け付けました", "時計"), "en": ("accepted", "clock")}


@pytest.mark.parametrize("language", catalog.LANGUAGES)
@pytest.mark.parametrize("key", ["accepted.now", "accepted.earlier", "accepted.later"])
def test_an_accepted_code_is_told_plainly_with_the_step(language: str, key: str) -> None:
    words = str(catalog.catalog(language)[key]).format(seconds=totp.STEP_SECONDS)
    assert not any(word in words for word in ENGINE_ROOM[language]), words
    assert all(word in words.lower() for word in PLAIN[language]), words
    assert str(totp.STEP_SECONDS) in words
