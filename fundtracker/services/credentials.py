"""Database passwords: never written to settings in clear text.

A server URL is remembered without its password. The password comes from, in order:
the URL itself (typed this session), the OS keyring through the ``keyring`` package
when one is available, or libpq's own sources (``PGPASSWORD``, ``~/.pgpass``), which
psycopg2 reads by itself when the URL has no password.
"""

from __future__ import annotations

import os

from sqlalchemy.engine import URL, make_url

from fundtracker.domain.locations import public_location

SERVICE = "fundtracker"


def _keyring_enabled() -> bool:
    return not os.environ.get("FUNDTRACKER_NO_KEYRING")


def account(url: URL) -> str:
    """The keyring account name for a server URL: user@host:port/database."""
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def without_password(url_text: str) -> str:
    """The URL as it may be stored in settings (what :func:`public_location` shows)."""
    return public_location(url_text)


def remember_password(url_text: str) -> str:
    """Store the URL's password in the keyring (if one works). Returns where it went."""
    url = make_url(url_text)
    if url.password is None:
        return "none given"
    if not _keyring_enabled():
        return "not stored (keyring disabled); use ~/.pgpass or PGPASSWORD"
    try:
        import keyring
        from keyring.errors import KeyringError

        keyring.set_password(SERVICE, account(url), str(url.password))
    except (ImportError, KeyringError, RuntimeError) as exc:
        return f"not stored (no usable keyring: {exc}); use ~/.pgpass or PGPASSWORD"
    return "the OS keyring"


def with_password(url_text: str) -> str:
    """The URL to connect with: its own password, else the keyring's, else none (libpq decides)."""
    url = make_url(url_text)
    if url.password is not None or url.get_backend_name() == "sqlite" or not _keyring_enabled():
        return url_text
    try:
        import keyring
        from keyring.errors import KeyringError

        password = keyring.get_password(SERVICE, account(url))
    except (ImportError, KeyringError, RuntimeError):
        return url_text
    if password is None:
        return url_text
    return url.set(password=password).render_as_string(hide_password=False)
