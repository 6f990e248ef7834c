"""Whole numbers from outside (query strings, forms, headers): parsed in one place.

``str.isdigit()`` is true for "²" and "٣", and ``int()`` refuses the first and reads the
second as 3, so a check with one and a read with the other turns a typo into a 500 or a
different record. Only ASCII digits are a number here; anything else is a refusal that
names the parameter.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable

# 18 digits always fit a PostgreSQL bigint (and stay far below int()'s digit limit).
MAX_DIGITS = 18
_DIGITS = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")


class BadInteger(ValueError):
    """A parameter that is not a whole number in range; ``str()`` is the message."""

    def __init__(self, name: str, wanted: str) -> None:
        self.name, self.wanted = name, wanted
        self.message = f"The parameter “{name}” must be {wanted}."
        super().__init__(self.message)


def describe(minimum: int | None = None, maximum: int | None = None) -> str:
    """What a caller must send, in words: "a whole number from 1 to 100"."""
    if minimum is not None and maximum is not None:
        return f"a whole number from {minimum} to {maximum}"
    if minimum is not None:
        return f"a whole number of {minimum} or more"
    if maximum is not None:
        return f"a whole number of at most {maximum}"
    return "a whole number"


def parse_int(
    value: object, *, name: str, minimum: int | None = None, maximum: int | None = None
) -> int:
    """``value`` (a string of ASCII digits, or an int) as an int within the bounds, or
    ``BadInteger`` naming ``name``. No sign, spaces, underscores or other scripts' digits."""
    wanted = describe(minimum, maximum)
    if isinstance(value, bool):  # True is an int to Python, not a number to a caller
        raise BadInteger(name, wanted)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        raise BadInteger(name, wanted)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise BadInteger(name, wanted)
    return number


def int_or_none(value: object, *, minimum: int = 0, maximum: int | None = None) -> int | None:
    """``value`` as an int when ``parse_int`` takes it, else None: for values where a bad
    one means "none given" (an optional id, a sort position) rather than an error."""
    try:
        return parse_int(value, name="value", minimum=minimum, maximum=maximum)
    except BadInteger:
        return None


def is_key(value: object) -> bool:
    """Whether ``value`` could be an integer primary key: ASCII digits that fit a bigint."""
    return int_or_none(value) is not None


def whole_number(
    *, minimum: int | None = None, maximum: int | None = None
) -> Callable[[str], int]:
    """An argparse ``type`` for a command's option: ``parse_int``'s rules, and argparse's
    usage error naming the option ("argument --claims: must be a whole number from 1 to
    10000000") instead of ``int()``'s reading of "٣" as 3."""

    def parse(value: str) -> int:
        try:
            return parse_int(value, name="value", minimum=minimum, maximum=maximum)
        except BadInteger as bad:
            raise argparse.ArgumentTypeError(f"must be {bad.wanted}") from None

    parse.__name__ = "whole number"  # what argparse calls it in its own messages
    return parse
