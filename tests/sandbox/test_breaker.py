"""Breaker transitions, and how the extractor falls back while the sandbox is unavailable."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from riptide import Extractor, InternalError, SandboxError
from riptide.sandbox.breaker import BreakerState, CircuitBreaker

PAGE = "<html><head><title>Fallback</title></head><body><p>Plain words, in a paragraph.</p></body></html>"
TRAP = "<html><body><p>RIPTIDE-CHAOS-TRAP</p></body></html>"


class Clock:
    """A settable clock, so transitions are tested without sleeping."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_breaker_opens_after_threshold_consecutive_failures() -> None:
    breaker = CircuitBreaker(failure_threshold=3, recovery_timeout=10, half_open_max_calls=1, clock=Clock())
    for _ in range(2):
        breaker.record_failure()
    assert breaker.state is BreakerState.CLOSED
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN and not breaker.allow()


def test_success_resets_the_failure_count() -> None:
    breaker = CircuitBreaker(failure_threshold=2, recovery_timeout=10, half_open_max_calls=1, clock=Clock())
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    assert breaker.state is BreakerState.CLOSED


def test_half_open_after_recovery_timeout_caps_trial_calls() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=1, recovery_timeout=10, half_open_max_calls=2, clock=clock)
    breaker.record_failure()
    clock.now = 9.9
    assert breaker.state is BreakerState.OPEN
    clock.now = 10.0
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.allow() and breaker.allow() and not breaker.allow()


def test_half_open_success_closes_and_failure_reopens() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=1, recovery_timeout=5, half_open_max_calls=1, clock=clock)
    breaker.record_failure()
    clock.now = 5
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    clock.now = 10
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED


def test_neutral_outcome_frees_the_trial_slot() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=1, recovery_timeout=1, half_open_max_calls=1, clock=clock)
    breaker.record_failure()
    clock.now = 1
    assert breaker.allow() and not breaker.allow()
    breaker.record_neutral()
    assert breaker.allow()


def test_invalid_thresholds_are_refused() -> None:
    with pytest.raises(ValueError):
        CircuitBreaker(failure_threshold=0, recovery_timeout=1, half_open_max_calls=1)


def test_guest_crashes_open_the_breaker_and_fall_back_to_native(make_settings, chaos_component: Path) -> None:
    settings = make_settings(
        wasm_component=chaos_component, breaker_failure_threshold=2, breaker_recovery_timeout_secs=0.3
    )
    with Extractor(settings, engine="auto") as extractor:
        assert extractor.extract(PAGE, "https://example.com/").engine == "wasm"
        # a crash counts against the sandbox, but the document that caused it is never retried
        # outside the sandbox: it gets an error
        for _ in range(2):
            with pytest.raises(InternalError, match="trapped") as caught:
                extractor.extract(TRAP, "https://example.com/trap")
            assert caught.value.engine == "wasm"
        assert extractor.breaker.state is BreakerState.OPEN
        # while open, even good documents skip the sandbox
        assert extractor.extract(PAGE, "https://example.com/").engine == "native"
        assert extractor.metrics.get("native_fallbacks") == 1
        time.sleep(0.35)
        # half-open: a trial call goes to the sandbox, succeeds, and closes the breaker
        assert extractor.extract(PAGE, "https://example.com/").engine == "wasm"
        assert extractor.breaker.state is BreakerState.CLOSED
        assert extractor.metrics.get("instance_traps") == 2


def test_wasm_only_extractor_reports_a_crash_as_internal_error(make_settings, chaos_component: Path) -> None:
    with Extractor(make_settings(wasm_component=chaos_component), engine="wasm") as extractor:
        with pytest.raises(InternalError, match="trapped"):
            extractor.extract(TRAP, "https://example.com/trap")
        assert extractor.extract(PAGE, "https://example.com/").engine == "wasm"


def test_unloadable_component_falls_back_and_reports_degraded(make_settings, tmp_path: Path) -> None:
    settings = make_settings(wasm_component=tmp_path / "absent.wasm")
    with Extractor(settings, engine="auto") as extractor:
        doc = extractor.extract(PAGE, "https://example.com/")
        assert doc.engine == "native" and doc.title == "Fallback"
        health = extractor.health()
        assert health["status"] == "degraded" and "absent.wasm" in health["sandbox_error"]


def test_fallback_disabled_makes_an_unloadable_sandbox_an_error(make_settings, tmp_path: Path) -> None:
    settings = make_settings(wasm_component=tmp_path / "absent.wasm", enable_native_fallback=False)
    with Extractor(settings, engine="auto") as extractor:
        with pytest.raises(SandboxError, match=r"absent\.wasm"):
            extractor.extract(PAGE, "https://example.com/")
        assert extractor.health()["status"] == "unhealthy"
