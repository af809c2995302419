"""Server settings, read once from the environment, with defaults that work out of the box.

    HOST            127.0.0.1       the address to listen on (0.0.0.0 or :: for a container network)
    PORT            8000
    HELP_SITE_DIR   site            the built help center
    DEMO_DATA_DIR   .demo-data      the demo's database, uploads and event log (created on first run)
    DEMO_KEY_FILE   .demo-data-key  the data key, outside the data folder (created on first run)
    DEMO_BASE_URL   http://127.0.0.1:PORT   where readers reach the server (https turns on Secure cookies)
    DEMO_ALLOWED_HOSTS  (none)          more host names the server answers to, comma-separated
    FEEDBACK_REPORT_TOKEN  (none)       the staff token of the writers' report page (/feedback/report); none: off
    TRUSTED_PROXIES     (none)          addresses or networks of the reverse proxies whose
                                        X-Forwarded-For and X-Forwarded-Proto are believed
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from content import catalog


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    site_dir: Path
    data_dir: Path
    key_file: Path
    base_url: str
    service_name: str = field(default_factory=lambda: _service_name())
    extra_hosts: tuple[str, ...] = ()
    report_token: str = field(default="", repr=False)
    trusted_proxies: tuple[str, ...] = ()
    """Who may say which address a request came from. None by default: with no proxy in front, a
    forwarded header is whatever the client wrote, and believing it would let any client pick its
    own rate-limit bucket."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        port = int(env.get("PORT", "8000"))
        return cls(
            host=_address(env.get("HOST", "127.0.0.1")),  # loopback unless an operator opens it
            port=port,
            site_dir=Path(env.get("HELP_SITE_DIR", "site")).resolve(),
            data_dir=Path(env.get("DEMO_DATA_DIR", ".demo-data")).resolve(),
            key_file=Path(env.get("DEMO_KEY_FILE", ".demo-data-key")).resolve(),
            base_url=env.get("DEMO_BASE_URL", f"http://127.0.0.1:{port}").rstrip("/"),
            service_name=_service_name(),
            extra_hosts=tuple(name.strip().lower() for name in env.get("DEMO_ALLOWED_HOSTS", "").split(",")
                              if name.strip()),
            report_token=env.get("FEEDBACK_REPORT_TOKEN", "").strip(),
            trusted_proxies=_networks(env.get("TRUSTED_PROXIES", "")),
        )

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def allowed_hosts(self) -> tuple[str, ...]:
        """The host names a request may name (``Host``, ``Origin``): the base URL's, its loopback
        aliases when it is on loopback, and ``DEMO_ALLOWED_HOSTS``. Any other name is how DNS
        rebinding looks, and is refused (SECURITY.md "Sessions, CSRF, headers").

        Names, not ports: a browser sends cookies to every port of a host alike, so a port
        would add no boundary here."""
        own = (urlsplit(self.base_url).hostname or "").lower()
        aliases = _LOOPBACK if own in _LOOPBACK else ()
        return tuple(dict.fromkeys((own, *aliases, *self.extra_hosts)))

    @property
    def allowed_origins(self) -> frozenset[str]:
        """The origins a form may be posted from when the browser sends no Fetch Metadata: the
        base URL's scheme and port on each allowed host, written as ``origin_of`` writes them.

        Here the port is a boundary: a page on another port of the same host is another origin
        (RFC 6454 section 4), and SECURITY.md's threat model names it as an attacker."""
        base = urlsplit(self.base_url)
        port = base.port or _DEFAULT_PORTS.get(base.scheme)
        return frozenset(f"{base.scheme}://{host}:{port}" for host in self.allowed_hosts)


def origin_of(url: str) -> str | None:
    """``scheme://host:port`` with the scheme's default port written out (RFC 6454 section 4),
    so ``https://a.example`` and ``https://a.example:443`` compare equal; None when the text is
    no origin (``null``, a missing host, a port out of range)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None
    if not parts.hostname or port is None:
        return None
    return f"{parts.scheme.lower()}://{parts.hostname.lower()}:{port}"


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _address(text: str) -> str:
    """The address to listen on, checked: a host name here would listen wherever DNS says."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        raise ValueError(f"HOST: {text!r} is not an IP address (e.g. 127.0.0.1, or 0.0.0.0 for every one)") from None


def _networks(text: str) -> tuple[str, ...]:
    """Comma-separated addresses or networks (``127.0.0.1``, ``10.0.0.0/8``, ``::1``), each checked:
    a typo would otherwise trust nobody, or, as ``*``, everybody."""
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    for name in names:
        try:
            ipaddress.ip_network(name, strict=False)
        except ValueError:
            raise ValueError(f"TRUSTED_PROXIES: {name!r} is not an address or a network (e.g. 127.0.0.1)") from None
    return names


_LOOPBACK = ("127.0.0.1", "localhost")  # the default bind address and its name


def _service_name() -> str:
    """The fictional service's name, shared with the help center (``data/site.toml``)."""
    return str(catalog.site()["service_name"])
