"""The small condition language of forms.yml and orientation.yml.

    {slot: value}                 the slot equals value (null matches None)
    {slot: {in: [a, b]}}          the slot is one of them
    {slot: {gt: 0}}               a number above 0
    {slot: {any_of: [a, b]}}      a list slot holds one of them
    {slot: {not_empty: true}}     a list slot holds something
    {all: [...]} / {any: [...]}   every / at least one condition
Derived facts (e.g. missing_diploma_for_job) are passed in `facts`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["matches"]


def matches(condition: Mapping[str, Any] | None, facts: Mapping[str, Any]) -> bool:
    if not condition:
        return True
    for key, expected in condition.items():
        if key == "all":
            ok = all(matches(c, facts) for c in expected)
        elif key == "any":
            ok = any(matches(c, facts) for c in expected)
        else:
            ok = _test(facts.get(key), expected)
        if not ok:
            return False
    return True


def _test(value: Any, expected: Any) -> bool:
    if not isinstance(expected, Mapping):
        return bool(value == expected)
    for op, operand in expected.items():
        if op == "in":
            ok = value in operand
        elif op == "gt":
            ok = isinstance(value, int | float) and not isinstance(value, bool) and value > operand
        elif op == "any_of":
            ok = isinstance(value, list) and any(v in operand for v in value)
        elif op == "not_empty":
            ok = bool(value) == bool(operand)
        else:
            raise ValueError(f"unknown condition operator {op!r}")
        if not ok:
            return False
    return True
