"""Retries with exponential backoff and full jitter, and a circuit breaker.

Both take their clock, sleep and randomness as arguments, so tests need no
real waiting. One breaker per client instance (no module state).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from bot.platform.errors import PlatformUnavailable

__all__ = ["CircuitBreaker", "RetryPolicy"]

BreakerState = Literal["closed", "open", "half_open"]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """`attempts` tries in all; before try n+1, sleep uniform(0, min(cap, base * 2**n))."""

    attempts: int = 3
    base_delay_s: float = 0.2
    max_delay_s: float = 2.0

    def delay(self, retry: int, rng: random.Random | None = None) -> float:
        ceiling = min(self.max_delay_s, self.base_delay_s * 2**retry)
        return (rng or random).uniform(0, ceiling)


@dataclass
class CircuitBreaker:
    """closed → (threshold consecutive failures) → open → (cooldown) → half-open:
    one trial call; its success closes the circuit, its failure opens it again."""

    threshold: int = 5
    cooldown_s: float = 30.0
    clock: Callable[[], float] = time.monotonic
    _failures: int = field(default=0, init=False)
    _opened_at: float | None = field(default=None, init=False)
    _trial_running: bool = field(default=False, init=False)

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return "closed"
        if self.clock() - self._opened_at >= self.cooldown_s:
            return "half_open"
        return "open"

    def before_call(self) -> None:
        """Raises PlatformUnavailable('circuit_open') when the call must not go out."""
        state = self.state
        if state == "closed":
            return
        if state == "half_open" and not self._trial_running:
            self._trial_running = True
            return
        raise PlatformUnavailable("circuit_open", "the platform failed repeatedly; retry later")

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    def record_failure(self) -> None:
        self._failures += 1
        if self._trial_running or self._failures >= self.threshold:
            self._opened_at = self.clock()
        self._trial_running = False

    def abandon_trial(self) -> None:
        """A trial call was cancelled before it could tell: let another one try."""
        self._trial_running = False
