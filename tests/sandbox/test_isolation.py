"""The guest sees no host files, environment or network."""

from __future__ import annotations

from pathlib import Path

from riptide import Extractor

PROBE = "<html><body><p>RIPTIDE-CHAOS-PROBE</p></body></html>"


def test_guest_sees_no_files_environment_or_network(
    make_settings, chaos_component: Path, monkeypatch
) -> None:
    monkeypatch.setenv("HOST_ONLY_SECRET", "do-not-leak")
    with Extractor(make_settings(wasm_component=chaos_component), engine="wasm") as extractor:
        report = extractor.extract(PROBE, "https://example.com/probe").text
    assert "listdir /: denied" in report and "listdir /etc: denied" in report
    assert "do-not-leak" not in report and "environ: {}" in report
    assert "socket: denied" in report
