"""The one rule for text a workspace may store, used by every path that takes text in.

A stored text (a name, a memo, a narrative, a code) may hold any Unicode character
except:

- NUL (U+0000): PostgreSQL refuses it, C libraries cut text at it;
- the other C0 control characters (U+0001–U+001F) except tab, newline and carriage
  return: they are invisible, print as garbage and break the CSV and XML outputs;
- lone surrogates (U+D800–U+DFFF): they are not characters at all and cannot be
  written as UTF-8, so the database or the JSON writer would fail on them later.

and is at most :data:`MAX_TEXT_CHARS` characters long.

The workspace JSON reader, the validation of every record and the actual-spending
import all call :func:`text_problem`, so text one path accepts the others never refuse.
Paths refuse bad text (naming where it is) rather than strip it: a money tool does not
change what a file says without saying so.
"""

from __future__ import annotations

import re

# A million characters is more than any narrative or memo (a 40-page narrative is ~100,000);
# it bounds what one field can cost in memory and in every export.
MAX_TEXT_CHARS = 1_000_000

# Everything the rule refuses, in one pattern: searching is fast (C speed) on the common clean text.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _name(char: str) -> str:
    code = ord(char)
    if code == 0:
        return "a NUL character (U+0000)"
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate (U+{code:04X}), which is not a character"
    return f"a control character (U+{code:04X})"


def text_problem(value: str, *, limit: int = MAX_TEXT_CHARS) -> str | None:
    """What is wrong with ``value`` as stored text, or None when it is acceptable.

    Args:
        value: the text.
        limit: the most characters allowed (at most :data:`MAX_TEXT_CHARS` for stored text).
    """
    if len(value) > limit:
        return f"is {len(value):,} characters long; at most {limit:,} are allowed"
    found = _REFUSED.search(value)
    if found is None:
        return None
    return (
        f"contains {_name(found.group())} at character {found.start() + 1}; "
        "text may not hold NUL, control characters other than tab and line breaks, or lone surrogates"
    )


def is_clean(value: str) -> bool:
    """True when ``value`` follows the rule (a fast check for many values)."""
    return len(value) <= MAX_TEXT_CHARS and _REFUSED.search(value) is None
