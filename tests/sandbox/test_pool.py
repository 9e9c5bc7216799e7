"""Instances are reused, retired when worn, bounded in number, and serve threads in parallel."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from riptide import Extractor

PAGE = (
    "<html lang='en'><head><title>Pool test</title></head><body><article>"
    + "".join(
        f"<p>Paragraph number {i}, with enough words to be content, and a comma.</p>" for i in range(30)
    )
    + "</article></body></html>"
)


def test_healthy_instances_are_reused(make_settings) -> None:
    with Extractor(make_settings(wasm_initial_pool_size=1), engine="wasm") as extractor:
        for _ in range(5):
            extractor.extract(PAGE, "https://example.com/")
        figures = extractor.metrics.snapshot()
        assert figures["instances_created"] == 1 and figures["instances_retired"] == 0
        assert extractor.sandbox is not None and extractor.sandbox.pool.idle == 1


def test_instances_retire_after_max_uses(make_settings) -> None:
    with Extractor(
        make_settings(wasm_initial_pool_size=1, wasm_max_instance_uses=2), engine="wasm"
    ) as extractor:
        for _ in range(6):
            extractor.extract(PAGE, "https://example.com/")
        figures = extractor.metrics.snapshot()
        assert figures["instances_retired"] == 3 and figures["instances_created"] == 3


def test_reuse_disabled_creates_an_instance_per_call(make_settings) -> None:
    with Extractor(
        make_settings(wasm_initial_pool_size=0, wasm_enable_reuse=False), engine="wasm"
    ) as extractor:
        for _ in range(3):
            extractor.extract(PAGE, "https://example.com/")
        assert extractor.metrics.get("instances_created") == 3


def test_memory_pressure_retires_bloated_instances(make_settings) -> None:
    # A threshold below the guest's resting size retires every instance after its call.
    settings = make_settings(wasm_initial_pool_size=0, wasm_memory_pressure_threshold=0.01)
    with Extractor(settings, engine="wasm") as extractor:
        for _ in range(2):
            extractor.extract(PAGE, "https://example.com/")
        assert extractor.metrics.get("instances_retired") == 2


def test_concurrent_threads_share_a_bounded_pool(make_settings) -> None:
    with Extractor(make_settings(wasm_initial_pool_size=0, wasm_max_pool_size=3), engine="wasm") as extractor:
        with ThreadPoolExecutor(max_workers=8) as threads:
            docs = list(threads.map(lambda i: extractor.extract(PAGE, f"https://example.com/{i}"), range(24)))
        assert {doc.engine for doc in docs} == {"wasm"}
        assert len({doc.text for doc in docs}) == 1
        assert [doc.url for doc in docs] == [f"https://example.com/{i}" for i in range(24)]
        assert extractor.sandbox is not None
        assert extractor.metrics.get("instances_created") <= 3
        assert extractor.sandbox.pool.active == 0


def test_async_callers_run_concurrently(make_settings) -> None:
    async def main(extractor: Extractor) -> list[str]:
        docs = await asyncio.gather(*(extractor.aextract(PAGE, f"https://example.com/{i}") for i in range(8)))
        return [doc.url for doc in docs]

    with Extractor(make_settings(wasm_max_pool_size=4), engine="wasm") as extractor:
        assert asyncio.run(main(extractor)) == [f"https://example.com/{i}" for i in range(8)]
