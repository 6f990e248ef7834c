"""ClaimReview read from another site, for the import (``import_claimreview URL`` and the
admin's import job alike): through the one outbound client, so public addresses only
(unless FACTCHECK_OUTBOUND_ALLOW names the host), each redirect checked hop by hop."""

from __future__ import annotations

from factcheck.base import outbound

MAX_BYTES = 50 * 1024 * 1024
TIMEOUT = 30


def read_url(url: str, *, max_bytes: int = MAX_BYTES) -> str:
    """The text at ``url``. Raises ``outbound.ResponseTooLarge`` past ``max_bytes``,
    ``outbound.OutboundError`` when it cannot be had (refused address, no answer, an
    answer other than 2xx), ``UnicodeDecodeError`` when it is not UTF-8."""
    answer = outbound.fetch(url, timeout=TIMEOUT, max_bytes=max_bytes)
    if not answer.ok:
        raise outbound.OutboundError(f"it answered HTTP {answer.status}")
    return answer.body.decode("utf-8")
