"""Type introspection is answered once per function, not once per value (wasmtime-py speed-up)."""

from __future__ import annotations

from tests.conftest import page

from riptide import Extractor
from riptide.sandbox import type_cache


def test_cache_is_installed_for_the_pinned_wasmtime(extractor) -> None:
    assert extractor.sandbox is not None  # a SandboxHost exists, so the cache is in
    assert type_cache.installed()


def test_a_function_answers_questions_about_its_type_from_memory(make_settings) -> None:
    settings = make_settings(wasm_max_pool_size=1, wasm_initial_pool_size=1)
    with Extractor(settings, engine="wasm") as extractor:
        host = extractor._host
        assert host is not None
        with host.pool.acquire() as instance:
            func, store = instance._funcs["extract-with-stats"], instance.store
            first, again = func.type(store), func.type(store)
            assert first is again
            assert first.result is again.result and first.params is again.params
            content = first.result.ok.elements[0]  # result<tuple<extracted-content, stats>, error>
            assert content.fields is content.fields
            names = [name for name, _ in content.fields]
            assert names[:3] == ["url", "title", "byline"] and names[-1] == "next-page"


def test_results_are_the_same_with_the_cache(make_settings) -> None:
    """Values are converted as before: the sandbox agrees with the native engine, call after call."""
    html = page("news_article.html")
    settings = make_settings(wasm_max_pool_size=1, wasm_initial_pool_size=1)
    with Extractor(settings, engine="wasm") as wasm, Extractor(settings, engine="native") as native:
        expected = native.extract(html, "https://courier.example/local/harbour-tunnel")
        for _ in range(3):
            doc = wasm.extract(html, "https://courier.example/local/harbour-tunnel")
            assert doc.engine == "wasm"
            assert {**vars(doc), "engine": "native", "stats": None} == {**vars(expected), "stats": None}
