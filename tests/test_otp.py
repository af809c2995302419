"""demo/otp.py: the key the service issues and how a person sees it."""

from __future__ import annotations

import base64

from demo import otp


def test_a_new_key_is_160_random_bits_as_32_base32_characters() -> None:
    key = otp.new_secret()
    assert len(key) == otp.KEY_LENGTH == 32
    assert len(base64.b32decode(key)) == otp.KEY_BYTES == 20
    assert otp.new_secret() != key


def test_a_key_is_shown_in_groups_of_four() -> None:
    assert otp.format_key("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP") == "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"


def test_the_accepted_window_is_three_steps_of_thirty_seconds() -> None:
    assert (otp.STEP_SECONDS, otp.WINDOW_STEPS, otp.WINDOW_SECONDS) == (30, 1, 90)
