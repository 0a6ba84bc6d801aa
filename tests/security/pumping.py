"""Adversarial ("pumping") inputs for regular expressions, and a time bound per call.

A pattern backtracks catastrophically when a repeated part can match the same
text in several ways (nested or overlapping quantifiers): ``(?:\\s+(?:mon|mon))*``
on " mon" x 30 tries 2**30 paths before failing. The pumping strings here are
built from each pattern's own parse tree: for every repeat, the text that leads
to it (a sample of what precedes it), then each variant of its body repeated
many times, then a character that makes the match fail.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import pkgutil
import re
import signal
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from re import _constants as C
from re import _parser
from typing import Any

MAX_SAMPLES = 12  # variants kept per node (products are capped too)
_CHARS = " a1.-'@+é_x/:!\n"
_TAILS = ("\x00", "!", "")
_GENERIC = ("a", " ", "1", "a ", "a.", "a-", "1 ", "+3", "%2B", "é", "'", "a@", "..", "\t")


@dataclass(frozen=True)
class Found:
    """A pattern of the project and where it was found."""

    pattern: re.Pattern[str]
    origin: str


# --- the inventory ---------------------------------------------------------------------


def project_modules(packages: Iterable[str]) -> list[Any]:
    """Every module of ``packages``, imported."""
    modules = []
    for name in packages:
        package = importlib.import_module(name)
        modules.append(package)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            if ".migrations" in info.name:
                continue  # Alembic scripts run inside a migration, see no user text
            modules.append(importlib.import_module(info.name))
    return modules


def reachable_patterns(
    roots: dict[str, Any], owners: tuple[str, ...], *, limit: int = 500_000
) -> list[Found]:
    """The compiled patterns reachable from ``roots`` through containers, bound methods and
    the attributes of objects whose class belongs to one of the ``owners`` packages."""
    seen: set[int] = set()
    found: list[Found] = []
    queue: list[tuple[Any, str]] = [(obj, name) for name, obj in roots.items()]
    while queue:
        obj, origin = queue.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if len(seen) > limit:
            raise RuntimeError(f"more than {limit} objects reachable; narrow the walk")
        if isinstance(obj, re.Pattern):
            if isinstance(obj.pattern, str):
                found.append(Found(obj, origin))
            continue
        children: Iterable[tuple[str, Any]] = ()
        if isinstance(obj, dict):
            children = (("", v) for v in list(obj.values()))
        elif isinstance(obj, list | tuple | set | frozenset):
            children = (("", v) for v in list(obj) if not isinstance(v, str | int | float))
        elif inspect.ismodule(obj):
            if origin == obj.__name__:  # a root; modules met on the way are roots of their own
                children = vars(obj).items()
        elif hasattr(obj, "__self__") and not inspect.isclass(obj):
            children = [("", obj.__self__)]  # a bound method (spaCy's prefix_search...)
        elif _owned(obj, owners):
            attrs = dict(vars(obj)) if hasattr(obj, "__dict__") else {}
            for slot in getattr(type(obj), "__slots__", ()) or ():
                if isinstance(slot, str) and hasattr(obj, slot):
                    attrs[slot] = getattr(obj, slot)
            if not inspect.isclass(obj):
                for name in dir(type(obj)):  # spaCy's Cython objects expose properties
                    if name.endswith(("_search", "_finditer", "_match")):
                        attrs[name] = getattr(obj, name, None)
            children = attrs.items()
        for key, child in children:
            queue.append((child, f"{origin}.{key}" if key else origin))
    return found


def _owned(obj: Any, owners: tuple[str, ...]) -> bool:
    cls = obj if inspect.isclass(obj) else type(obj)
    return str(cls.__module__).split(".")[0] in owners


def literal_regex_calls(root: Path) -> list[Found]:
    """``re.search("...", x)`` and the like, with a literal pattern, in the sources."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                pattern = re.compile(node.args[0].value)
                found.append(Found(pattern, f"{path.relative_to(root.parent)}:{node.lineno}"))
    return found


# --- pumping strings -------------------------------------------------------------------


def _in_class(char: str, items: list[tuple[Any, Any]]) -> bool:
    negate, hit = False, False
    for op, arg in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            hit |= ord(char) == arg
        elif op is C.RANGE:
            hit |= arg[0] <= ord(char) <= arg[1]
        elif op is C.CATEGORY:
            name = str(arg).lower()
            test = (
                char.isdigit()
                if "digit" in name
                else char.isspace()
                if "space" in name
                else (char.isalnum() or char == "_")
                if "word" in name
                else char == "\n"
                if "linebreak" in name
                else False
            )
            hit |= (not test) if "not" in name else test
    return hit != negate


def _class_chars(items: list[tuple[Any, Any]]) -> list[str]:
    members = [c for c in _CHARS if _in_class(c, items)]
    if not members:
        for op, arg in items:
            if op is C.LITERAL:
                members.append(chr(arg))
            elif op is C.RANGE:
                members.append(chr(arg[0]))
    return members[:3] or ["a"]


def _cap(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))[:MAX_SAMPLES]


def samples(seq: Iterable[tuple[Any, Any]]) -> list[str]:
    """A few strings that ``seq`` (a parsed sequence) matches, or nearly."""
    out = [""]
    for op, arg in seq:
        options = node_samples(op, arg)
        out = _cap(a + b for a, b in itertools.product(out, options))
    return out


def node_samples(op: Any, arg: Any) -> list[str]:
    if op is C.LITERAL:
        return [chr(arg)]
    if op is C.NOT_LITERAL:
        return ["a" if chr(arg) != "a" else "b"]
    if op is C.ANY:
        return ["a"]
    if op is C.IN:
        return _class_chars(arg)
    if op is C.SUBPATTERN:
        return samples(arg[-1])
    if op is C.ATOMIC_GROUP:
        return samples(arg)
    if op is C.BRANCH:
        return _cap(s for alt in arg[1] for s in samples(alt))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, body = arg
        body_samples = samples(body)
        return _cap([s * max(low, 1) for s in body_samples] + ([""] if low == 0 else []))
    return [""]  # anchors, lookarounds, group references


def pump_sites(seq: Iterable[tuple[Any, Any]], before: list[str]) -> Iterator[tuple[list, list]]:
    """(texts leading to a repeat, variants of its body) for every unbounded repeat."""
    items = list(seq)
    for i, (op, arg) in enumerate(items):
        lead = _cap(a + b for a, b in itertools.product(before, samples(items[:i])))
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            _low, high, body = arg
            if high is C.MAXREPEAT or high > 8:
                yield lead, _units(list(body))
            yield from pump_sites(body, lead)
        elif op is C.SUBPATTERN:
            yield from pump_sites(arg[-1], lead)
        elif op is C.ATOMIC_GROUP:
            yield from pump_sites(arg, lead)
        elif op is C.BRANCH:
            for alt in arg[1]:
                yield from pump_sites(alt, lead)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            yield from pump_sites(arg[1], lead)


def _units(body: list[tuple[Any, Any]]) -> list[str]:
    """Variants of a repeated body: every alternative of its branches, so overlaps meet."""
    units = [s for s in samples(body) if s]
    for j, (op, arg) in enumerate(body):
        inner = list(arg[-1]) if op is C.SUBPATTERN else [(op, arg)]
        for sop, sarg in inner:
            if sop is C.BRANCH:
                pre, post = samples(body[:j]), samples(body[j + 1 :])
                alts = [s for alt in sarg[1] for s in samples(alt)]
                units += [p + a + q for p in pre[:3] for a in alts for q in post[:2]]
    return [u for u in dict.fromkeys(units) if u][: MAX_SAMPLES * 4]


def pumping_strings(pattern: re.Pattern[str], length: int) -> list[str]:
    """Adversarial inputs of about ``length`` characters for ``pattern``."""
    tree = _parser.parse(pattern.pattern, pattern.flags)
    texts: list[str] = []
    for lead, units in pump_sites(tree, [""]):
        for prefix, unit in itertools.product(lead[:6], units):
            count = max(1, (length - len(prefix)) // len(unit))
            texts.extend(prefix + unit * count + tail for tail in _TAILS)
            texts.append(prefix + (unit + " ") * (count // 2) + "\x00")
    for unit in _GENERIC:
        texts.append(unit * (length // len(unit)))
    return list(dict.fromkeys(texts))


# --- timing ------------------------------------------------------------------------------


class TooSlow(Exception):
    pass


@contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Interrupts the block after ``seconds`` of CPU time (the re engine checks signals as
    it runs). CPU time, not wall time: a machine busy with other jobs does not count."""

    def expire(signum: int, frame: Any) -> None:
        raise TooSlow

    previous = signal.signal(signal.SIGVTALRM, expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def slowest_call(
    pattern: re.Pattern[str], texts: Iterable[str], budget: float
) -> tuple[float, str]:
    """(seconds, text) of the slowest ``finditer`` over ``texts``; stops at one over budget."""
    worst = (0.0, "")
    for text in texts:
        started = time.thread_time()
        try:
            with time_bound(budget * 4):
                for _ in pattern.finditer(text):
                    pass
        except TooSlow:
            return (time.thread_time() - started, text)
        elapsed = time.thread_time() - started
        if elapsed > worst[0]:
            worst = (elapsed, text)
            if elapsed > budget:
                return worst
    return worst
