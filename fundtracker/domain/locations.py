"""Where a workspace lives, as it may be shown: a server URL never with its password.

This is the one place that turns a location (a file path or a database URL such as
``postgresql://user:password@host/db``) into text for people, logs, audit entries and
settings, and that takes passwords out of any other text (an error message or a traceback
that quotes a URL). Pure string work, so every layer can use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

# scheme://user:password@ — the password runs to the last "@" of the whitespace-free token, as a
# URL's user information does (SQLAlchemy would stop at the first "@"; then the rest of the password
# shows up as the host name in its errors, so the greedy form is the safe one for hiding).
_URL_PASSWORD = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^:/@\s]*):(?P<password>\S*)@")
# libpq connection strings and keyword lists: password=secret, password='se cret', "password": "x".
_KEYWORD_PASSWORD = re.compile(
    r"(?P<key>\bpassword\b['\"]?\s*[=:]\s*)(?P<value>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\s,;)}]+)",
    re.IGNORECASE,
)
# A password given on the command line is also hidden where it appears on its own; one this short
# would hide parts of ordinary words instead.
_MIN_LITERAL = 4


def is_database_url(location: str) -> bool:
    return "://" in location


def public_location(location: str) -> str:
    """``location`` as it may be shown, logged, audited or remembered: a URL without its password.

    ``postgresql://lead:pw@db:5432/team`` → ``postgresql://lead@db:5432/team`` (the password comes
    back from the keyring or libpq when it is opened again); a file path is returned as it is.
    """
    return hide_passwords(str(location))


def passwords_in(texts: Iterable[str]) -> list[str]:
    """The passwords in URLs among ``texts`` (as written and %-decoded), to hide wherever they appear.

    A password equal to its URL's user name is left out: the name is shown anyway, and hiding it
    would hide the user name (and the program's name, for the test role ``fundtracker``) everywhere.
    """
    found: list[str] = []
    for text in texts:
        for match in _URL_PASSWORD.finditer(str(text)):
            password, user = match.group("password"), match.group("user")
            # The pieces of a password with a raw "@" too: a driver reads the part after it as the host.
            for form in (password, unquote(password), *password.split("@")):
                if len(form) >= _MIN_LITERAL and form != user and form != unquote(user) and form not in found:
                    found.append(form)
    return found


def hide_passwords(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every password taken out: of URLs in it, of ``password=…`` pairs, and ``secrets``."""
    text = _URL_PASSWORD.sub(_without_password, text)
    text = _KEYWORD_PASSWORD.sub(lambda m: f"{m.group('key')}***", text)
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= _MIN_LITERAL:
            text = text.replace(secret, "***")
    return text


def _without_password(match: re.Match[str]) -> str:
    user = match.group("user")
    return f"{match.group('scheme')}{user}@" if user else match.group("scheme")
