"""Query parameters a public endpoint does not read are refused, by name.

A misspelt filter (``?speakr=jane``) that is silently ignored answers a different
question than the one asked, and the caller cannot tell: every public read says which
parameters it takes, and any other one is a 400 naming it, in the API's usual shape
(``{"speakr": ["Unknown parameter …"]}``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

FORMAT = frozenset({"format"})
PAGES = frozenset({"cursor", "page_size"})
# The code each refusal carries (``ValidationError.get_codes()``), for programs.
UNKNOWN = "unknown_parameter"


def unknown_parameters(names: Iterable[str], accepted: Iterable[str]) -> dict[str, list[str]]:
    """Each name in ``names`` that is not ``accepted``, with a message saying what is."""
    taken = sorted(set(accepted))
    if taken:
        listed = ", ".join(taken)
        message = f"Unknown parameter: this endpoint takes {listed} and nothing else."
    else:
        message = "Unknown parameter: this endpoint takes no parameters."
    return {name: [message] for name in sorted(set(names) - set(taken))}


def refuse_unknown(request: Request, accepted: Iterable[str]) -> None:
    unknown = unknown_parameters(request.query_params.keys(), accepted)
    if unknown:
        raise ValidationError(unknown, code=UNKNOWN)


class KnownParameters:
    """A view mixin: the query may hold ``query_parameters`` and the names of the view's
    filters (``filterset_class``), nothing else. Checked once the request is
    authenticated, allowed and not throttled, before the view reads anything."""

    query_parameters: ClassVar[frozenset[str]] = FORMAT

    def accepted_parameters(self) -> set[str]:
        accepted = set(self.query_parameters)
        filters = getattr(self, "filterset_class", None)
        if filters is not None:
            accepted |= set(filters.base_filters)
        return accepted

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        refuse_unknown(request, self.accepted_parameters())
