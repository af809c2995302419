"""demo/rules/passwords.py: argon2id for passwords and recovery codes (SECURITY.md "Sessions, CSRF, headers")."""

from __future__ import annotations

from demo.rules.passwords import code_salt, hash_code, hash_password, new_code_salt, same_hash, verify_password


def test_passwords_are_stored_as_argon2id_with_the_owasp_minimum() -> None:
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert "correct horse" not in stored
    assert hash_password("correct horse") != stored  # salted


def test_a_password_typed_full_width_still_matches() -> None:
    """NIST SP 800-63B 5.1.1.2: normalise (NFKC) before hashing."""
    assert verify_password(hash_password("Tsubame2026"), "Ｔｓｕｂａｍｅ２０２６")


def test_wrong_password_and_unknown_account_both_fail() -> None:
    assert not verify_password(hash_password("correct horse"), "wrong horse")
    assert not verify_password(None, "correct horse")
    assert not verify_password("not a hash", "correct horse")


def test_recovery_codes_are_salted_argon2id_and_one_hash_checks_a_code() -> None:
    salt = new_code_salt()
    stored = hash_code("ABCDEFGHJKM", salt)
    assert stored.startswith("$argon2id$") and "ABCDEFGHJKM" not in stored
    assert code_salt(stored) == salt and hash_code("ABCDEFGHJKM", new_code_salt()) != stored
    assert same_hash(stored, hash_code("ABCDEFGHJKM", salt))
    assert not same_hash(stored, hash_code("ABCDEFGHJKN", salt))


def test_a_malformed_stored_hash_has_no_salt() -> None:
    assert code_salt("not a hash") is None and code_salt("$argon2id$v=19$m=1$!!$x") is None
