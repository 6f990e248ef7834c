"""The OpenAPI schema says what is true: public reads need no credentials."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import SAFE_METHODS

from factcheck.api.permissions import PublicRead


class FactcheckAutoSchema(AutoSchema):
    def get_auth(self) -> list[Any]:
        auths: list[Any] = super().get_auth()
        public = any(isinstance(p, PublicRead) for p in self.view.get_permissions())
        if public and self.method in SAFE_METHODS and {} not in auths:
            auths.append({})  # anonymous callers are welcome
        return auths


def empty_urls_are_documented(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """A URL the newsroom has not filled in is sent as "" (Django's blank URLField): say
    so in the schema, or every client validating against it would reject real answers."""

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string" and node.get("format") == "uri":
                del node["format"]
                node["anyOf"] = [{"format": "uri"}, {"maxLength": 0}]
            for key, value in node.items():
                blank_already = key == "oneOf" and any(
                    isinstance(alt, dict) and alt.get("maxLength") == 0 for alt in value
                )
                if not blank_already:  # drf-spectacular documents blank=True fields itself
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
