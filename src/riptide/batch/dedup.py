"""``--dedup``: drop pages whose text is a near-duplicate of an earlier page's, with datasketch's
MinHash LSH (an optional extra: ``pip install 'riptide[dedup]'``).

A page's signature is the MinHash of its word 5-grams (``signature``, computed in the extraction
threads); ``NearDuplicates.first_like`` answers, in input order, which earlier kept page it
matches. Pages with fewer than ``SHINGLE_WORDS`` words are never dropped: too short to judge.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from ..errors import ConfigError

#: Words per shingle, and permutations per MinHash: 128 keeps the LSH estimate within a few
#: points of the true Jaccard similarity.
SHINGLE_WORDS = 5
PERMUTATIONS = 128
_WORD = re.compile(r"\w+")


def _datasketch() -> Any:
    try:
        import datasketch
    except ImportError:
        raise ConfigError(
            "--dedup needs the optional 'dedup' extra (datasketch): pip install 'riptide[dedup]'"
        ) from None
    return datasketch


def require() -> None:
    """Fail early, with how to fix it, when the extra is missing."""
    _datasketch()


def signature(text: str) -> Any | None:
    """The MinHash of ``text``'s word 5-grams, or None when it has too few words to compare."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return None
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)
    }
    minhash = _datasketch().MinHash(num_perm=PERMUTATIONS)
    minhash.update_batch(list(shingles))
    return minhash


def signature_to_text(minhash: Any) -> str:
    """A signature as text, for a worker to send back (``--distributed``): its scheme and hash values."""
    values = base64.b64encode(minhash.hashvalues.astype("<u8").tobytes()).decode("ascii")
    return f"{minhash.scheme}:{values}"


def signature_of_text(text: str) -> Any:
    """``signature_to_text`` inverted: the same MinHash (same scheme, same hash values)."""
    import numpy

    scheme, _, values = text.partition(":")
    hashvalues = numpy.frombuffer(base64.b64decode(values), dtype="<u8").astype(numpy.uint64)
    return _datasketch().MinHash(num_perm=PERMUTATIONS, hashvalues=hashvalues, scheme=scheme)


class NearDuplicates:
    """The kept pages' signatures, in an LSH index."""

    def __init__(self, threshold: float) -> None:
        self._index = _datasketch().MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
        self.dropped = 0

    def first_like(self, key: str, minhash: Any | None) -> str | None:
        """The key of a kept page ``minhash`` is a near-duplicate of; else keep it (None)."""
        if minhash is None:
            return None
        matches = self._index.query(minhash)
        if matches:
            self.dropped += 1
            return str(min(matches))
        self._index.insert(key, minhash)
        return None

    def remember(self, key: str, text: str) -> None:
        """Index a page already in OUT (``--resume``), so later pages are compared with it too."""
        minhash = signature(text)
        if minhash is not None and key not in self._index:
            self._index.insert(key, minhash)
