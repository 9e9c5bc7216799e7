"""How well ``quality_score`` separates good extractions from bad ones on the corpus.

    .venv/bin/python benchmarks/quality_calibration.py

Every corpus page is extracted twice: in ``article`` mode (mostly clean main content) and in
``full`` mode (the whole page: navigation, sidebars and footers included — a realistic "bad
article extraction"). An extraction is *good* when its text F1 against the reference article
is ≥ 0.9 (the shared scorer's bag-of-words F1). The score *predicts* good when it is ≥ 50.
Prints precision, recall and F1 of that prediction, the mean score of each group, and the
share of pairs ranked correctly (good above bad: the ROC AUC). Native and sandboxed results are
identical (a test checks it), so this runs natively for speed.
"""

from __future__ import annotations

import importlib.util
import statistics
from pathlib import Path

from riptide import ExtractionError, Extractor, load_settings

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
URL = "http://fakehost/test/page.html"
GOOD_F1 = 0.9
THRESHOLD = 50


def scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score", SCORE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    score = scorer()
    pages = score.load_pages(score.DEFAULT_DATASET, None)
    extractor = Extractor(load_settings(), engine="native")
    samples: list[tuple[bool, int, str]] = []
    for page in pages:
        for mode in ("article", "full"):
            try:
                doc = extractor.extract(page["html"], URL, mode=mode)
            except ExtractionError:
                continue
            f1 = score.prf(doc.text, page["want_text"])[2]
            samples.append((f1 >= GOOD_F1, doc.quality_score or 0, f"{page['name']}/{mode}"))
    good = [s for s in samples if s[0]]
    bad = [s for s in samples if not s[0]]
    true_positive = sum(1 for s in good if s[1] >= THRESHOLD)
    predicted = sum(1 for s in samples if s[1] >= THRESHOLD)
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / len(good) if good else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    pairs = [(g[1] > b[1]) + 0.5 * (g[1] == b[1]) for g in good for b in bad]
    auc = sum(pairs) / len(pairs) if pairs else float("nan")
    print(f"extractions: {len(samples)} ({len(good)} good, {len(bad)} bad at text F1 >= {GOOD_F1})")
    print(
        f"mean score: good {statistics.mean(s[1] for s in good):.1f}, "
        f"bad {statistics.mean(s[1] for s in bad) if bad else float('nan'):.1f}"
    )
    print(
        f"score >= {THRESHOLD} predicts good: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}; "
        f"ROC AUC {auc:.3f}"
    )
    misjudged = [s for s in samples if (s[1] >= THRESHOLD) != s[0]]
    print("misjudged:", ", ".join(f"{name}={value}" for _, value, name in misjudged[:20]))


if __name__ == "__main__":
    main()
