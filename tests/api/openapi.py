"""Holding an answer to the OpenAPI schema the API publishes: every object has exactly
the properties the schema names (no more, no fewer), and every value the schema's type.
A small checker of the OpenAPI 3.0 subset drf-spectacular writes (``nullable``,
``allOf`` of one ``$ref``, ``oneOf``/``anyOf`` alternatives, enums, date formats)."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.test import Client

_TYPES: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "array": list,
    "object": dict,
}


def published_schema() -> dict[str, Any]:
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def response_schema(schema: dict[str, Any], path: str, status: str = "200") -> dict[str, Any]:
    """The schema of the JSON body of ``GET path`` (a path as the schema spells it)."""
    answer = schema["paths"][path]["get"]["responses"][status]
    return answer["content"]["application/json"]["schema"]


def check(schema: dict[str, Any], node: dict[str, Any], value: Any, where: str = "$") -> None:
    """Fail naming the place where ``value`` departs from ``node``."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        check(schema, schema["components"]["schemas"][name], value, where)
        return
    if value is None:
        assert node.get("nullable"), f"{where}: null where the schema allows none"
        return
    for alternative in node.get("allOf", []):
        check(schema, alternative, value, where)
    if "oneOf" in node or "anyOf" in node:
        options = node.get("oneOf") or node.get("anyOf")
        failures = []
        for option in options:
            try:
                check(schema, {"type": node.get("type"), **option}, value, where)
                break
            except AssertionError as failure:
                failures.append(str(failure))
        else:
            raise AssertionError(f"{where}: matches none of {options}: {failures}")
    kind = node.get("type")
    if kind is not None:
        # JSON's true is no number, though Python's bool is an int.
        exact = isinstance(value, _TYPES[kind]) and not (
            kind in ("integer", "number") and isinstance(value, bool)
        )
        assert exact, f"{where}: {value!r} is not of type {kind}"
    if "enum" in node:
        assert value in node["enum"], f"{where}: {value!r} is not one of {node['enum']}"
    if "maxLength" in node and isinstance(value, str):
        assert len(value) <= node["maxLength"], f"{where}: longer than {node['maxLength']}"
    fmt = node.get("format")
    if fmt == "date":
        datetime.date.fromisoformat(value)
    elif fmt == "date-time":
        assert datetime.datetime.fromisoformat(value).tzinfo is not None, f"{where}: no offset"
    elif fmt == "uri":
        assert value.startswith(("http://", "https://")), f"{where}: {value!r} is no URL"
    if kind == "array":
        for index, item in enumerate(value):
            check(schema, node.get("items", {}), item, f"{where}[{index}]")
    if kind == "object" and "properties" in node:
        assert set(value) == set(node["properties"]), (
            f"{where}: keys {sorted(value)} but the schema names {sorted(node['properties'])}"
        )
        for key, item in value.items():
            check(schema, node["properties"][key], item, f"{where}.{key}")
