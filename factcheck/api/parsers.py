"""JSON bodies PostgreSQL can store: a NUL character anywhere is refused up front, with the
field named, instead of failing deep inside a lookup or a save."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

NUL = "\x00"


# Deeper than any record of ours: "[[[[…" 100,000 levels deep exhausts Python's stack
# (RecursionError, a 500) in the decoder or in the walk below.
MAX_DEPTH = 32


class NulFreeJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_TOO_DEEP) from None
        if _deeper_than(data, MAX_DEPTH):
            raise ParseError(_TOO_DEEP)
        where = _nul_at(data, "")
        if where is not None:
            raise ParseError(
                f"The field “{where or 'body'}” contains a NUL character (\\x00), which "
                "cannot be stored. Remove it and try again."
            )
        return data


_TOO_DEEP = f"The JSON body nests more than {MAX_DEPTH} levels deep: no record here does."


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists and objects more than ``limit`` levels deep (level by
    level, not by recursion: this must not run out of stack either)."""
    level = [value] if isinstance(value, dict | list) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        level = [
            item
            for node in level
            for item in (node.values() if isinstance(node, dict) else node)
            if isinstance(item, dict | list)
        ]
    return False


def _nul_at(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                return name.replace(NUL, "\\x00")
            found = _nul_at(item, name)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_at(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None
