"""Card numbers: 15 random digits and a Luhn check digit, so a typo is caught before anything is looked up."""

from __future__ import annotations

import re
import secrets

LENGTH = 16


def luhn_check_digit(digits: str) -> str:
    """The digit that makes `digits + check` pass the Luhn test."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # every second digit from the right of the payload is doubled
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def is_valid(number: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{16}", number)) and luhn_check_digit(number[:-1]) == number[-1]


def generate() -> str:
    """A random card number from the operating system's secure generator (10^15 possibilities)."""
    payload = f"{secrets.randbelow(10**15):015d}"
    return payload + luhn_check_digit(payload)


def normalise(raw: str) -> str:
    """What a person typed or a scanner sent, without spaces and dashes."""
    return re.sub(r"[\s\-]", "", raw or "")
