"""server/app.py and ``python -m server``: one server for site and demo, and a safe start."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from demo.storage.vault import VaultError
from server.app import create_app
from server.settings import Settings, origin_of
from tests.sites import ROOT


def settings_in(folder: Path, site_dir: Path) -> Settings:
    return Settings(host="127.0.0.1", port=0, site_dir=site_dir, data_dir=folder / "data",
                    key_file=folder / "data-key", base_url="http://127.0.0.1")


def test_one_server_serves_the_site_and_the_demo(server: str) -> None:
    site = httpx.get(f"{server}/en/")
    demo = httpx.get(f"{server}/demo/?lang=en", headers={"Accept-Encoding": "gzip"})
    assert site.status_code == demo.status_code == 200
    assert "Try two-factor authentication" in demo.text and demo.headers["content-encoding"] == "gzip"
    assert httpx.get(f"{server}/demo/static/demo.css").status_code == 200


def test_first_start_creates_the_data_folder_and_a_private_key_file(tmp_path: Path) -> None:
    settings = settings_in(tmp_path, tmp_path)
    create_app(settings)
    assert (settings.data_dir / "demo.sqlite3").is_file()
    assert settings.data_dir.stat().st_mode & 0o777 == 0o700
    assert settings.key_file.stat().st_mode & 0o777 == 0o600 and settings.key_file.stat().st_size == 32


def test_a_missing_key_next_to_existing_data_stops_the_start_and_writes_nothing(tmp_path: Path) -> None:
    """SECURITY.md "at rest": the app refuses to start if the key file is unreadable."""
    settings = settings_in(tmp_path, tmp_path)
    create_app(settings)
    settings.key_file.unlink()
    before = {path: path.stat().st_mtime_ns for path in settings.data_dir.rglob("*")}
    with pytest.raises(VaultError, match="data-key is missing"):
        create_app(settings)
    assert not settings.key_file.exists()
    assert {path: path.stat().st_mtime_ns for path in settings.data_dir.rglob("*")} == before


def test_an_unreadable_key_file_stops_a_fresh_start_before_anything_is_created(tmp_path: Path) -> None:
    settings = settings_in(tmp_path, tmp_path)
    settings.key_file.mkdir()  # unreadable as a file, even for root
    with pytest.raises(VaultError, match="cannot be read"):
        create_app(settings)
    assert not settings.data_dir.exists()


def test_python_m_demo_explains_why_it_did_not_start(tmp_path: Path, built_site: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "demo.sqlite3").write_bytes(b"")
    env = {**os.environ, "HELP_SITE_DIR": str(built_site), "DEMO_DATA_DIR": str(tmp_path / "data"),
           "DEMO_KEY_FILE": str(tmp_path / "gone"), "PORT": "0"}
    result = subprocess.run([sys.executable, "-m", "server"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 1
    assert "demo not started: data key file" in result.stderr and "missing" in result.stderr


def test_every_articles_demo_link_opens_its_scenario_in_the_same_language(server: str, built_site: Path) -> None:
    links = {
        (page.relative_to(built_site).as_posix(), link)
        for page in built_site.rglob("*.html")
        for link in re.findall(r'href="(/demo/scenarios/[^"]+)"', page.read_text(encoding="utf-8"))
    }
    assert len({link for _, link in links}) >= 12, "each scenario, in both languages"
    for page, link in sorted(links):
        response = httpx.get(f"{server}{link}")
        language = "en" if page.startswith("en/") else "ja"
        assert response.status_code == 200, (page, link)
        assert f'<html lang="{language}">' in response.text, (page, link)


def test_a_wrong_data_key_of_the_right_length_stops_the_start_and_writes_nothing(tmp_path: Path) -> None:
    """SECURITY.md "at rest": the key-check value finds a wrong key before any code check can fail."""
    settings = settings_in(tmp_path, tmp_path)
    create_app(settings)
    settings.key_file.write_bytes(os.urandom(32))
    before = {path: path.stat().st_mtime_ns for path in settings.data_dir.rglob("*")}
    with pytest.raises(VaultError, match="does not open the data"):
        create_app(settings)
    assert {path: path.stat().st_mtime_ns for path in settings.data_dir.rglob("*")} == before


@pytest.mark.parametrize("path", ["/demo/", "/demo/support", "/en", "/"])
def test_a_request_for_another_host_gets_400_and_never_a_link_to_that_host(tmp_path: Path, path: str) -> None:
    """SECURITY.md "Sessions, CSRF, headers": DNS rebinding sends the attacker's host name."""
    with TestClient(create_app(settings_in(tmp_path, tmp_path)), base_url="http://rebind.example") as client:
        response = client.get(path, follow_redirects=False)
    assert response.status_code == 400
    assert "rebind.example" not in response.headers.get("location", "") + response.text


def test_a_form_whose_host_and_origin_both_name_another_host_is_refused(tmp_path: Path) -> None:
    with TestClient(create_app(settings_in(tmp_path, tmp_path)), base_url="http://rebind.example") as client:
        response = client.post("/demo/accounts", data={"email": "a@example.com", "password": "correct horse"},
                               headers={"origin": "http://rebind.example"}, follow_redirects=False)
    assert response.status_code == 400


@pytest.mark.parametrize(("base_url", "host", "status"), [
    ("http://127.0.0.1:8000", "localhost:8000", 200),  # loopback answers by either name
    ("https://help.example.com", "help.example.com", 200),
    ("https://help.example.com", "127.0.0.1:8000", 400),
])
def test_the_allowed_hosts_come_from_the_base_url(tmp_path: Path, base_url: str, host: str, status: int) -> None:
    settings = dataclasses.replace(settings_in(tmp_path, tmp_path), base_url=base_url)
    with TestClient(create_app(settings), base_url=f"http://{host}") as client:
        assert client.get("/demo/", follow_redirects=False).status_code == status


def test_more_hosts_can_be_allowed_by_name() -> None:
    settings = Settings.from_env(
        {"DEMO_BASE_URL": "https://help.example.com", "DEMO_ALLOWED_HOSTS": "Proxy.Internal, "})
    assert settings.allowed_hosts == ("help.example.com", "proxy.internal")


@pytest.mark.parametrize(("base_url", "origin", "allowed"), [
    ("https://help.example.com", "https://help.example.com", True),
    ("https://help.example.com", "https://help.example.com:443", True),  # the default port, written out
    ("https://help.example.com", "https://proxy.internal", True),  # an allowed host, same scheme and port
    ("https://help.example.com", "https://help.example.com:8443", False),
    ("https://help.example.com", "http://help.example.com", False),
    ("http://127.0.0.1:8000", "http://localhost:8000", True),
    ("http://127.0.0.1:8000", "http://127.0.0.1:9999", False),
    ("http://127.0.0.1:8000", "http://127.0.0.1", False),
    ("http://127.0.0.1:8000", "null", False),
    ("http://127.0.0.1:8000", "http://127.0.0.1:99999", False),  # no such port
])
def test_the_allowed_origins_are_whole_origins(base_url: str, origin: str, allowed: bool) -> None:
    """Issue 27: scheme, host and port, with default ports normalised (RFC 6454 section 4)."""
    settings = Settings.from_env({"DEMO_BASE_URL": base_url, "DEMO_ALLOWED_HOSTS": "proxy.internal"})
    assert (origin_of(origin) in settings.allowed_origins) is allowed


def test_over_https_the_cookies_are_secure_and_host_prefixed(tmp_path: Path) -> None:
    """SECURITY.md "Sessions, CSRF, headers": behind an https:// base URL every cookie carries
    Secure and the __Host- prefix, so it never travels without TLS (NIST SP 800-63B-4 3.1.4.2:
    codes only over an authenticated protected channel)."""
    settings = dataclasses.replace(settings_in(tmp_path, tmp_path), base_url="https://help.example.com")
    with TestClient(create_app(settings), base_url="https://help.example.com") as client:
        cookies = [value for name, value in client.get("/demo/").headers.multi_items() if name == "set-cookie"]
    assert cookies and all(value.startswith("__Host-demo-") and "Secure" in value for value in cookies)
