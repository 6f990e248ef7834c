"""What a delivery sends: the body (versioned JSON, or a Slack-compatible message made
from it) and the Standard Webhooks headers that sign it."""

from __future__ import annotations

import base64
import json
import secrets
from datetime import UTC, datetime
from math import floor
from typing import Any

from standardwebhooks.webhooks import Webhook

# The version of the payload's shape (docs/webhooks.md): a change that could break a
# receiver gets a new number.
PAYLOAD_VERSION = 1
SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A signing secret as Standard Webhooks writes one: ``whsec_`` and 32 random bytes in
    base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def masked(secret: str) -> str:
    """Enough of a secret to tell two apart, never enough to use it."""
    return f"{SECRET_PREFIX}…{secret[-4:]}" if secret else "—"


def envelope(event_type: str, at: datetime, data: dict[str, Any]) -> dict[str, Any]:
    """The body Standard Webhooks recommends (type, timestamp, data), with our version."""
    return {
        "type": event_type,
        "version": PAYLOAD_VERSION,
        "timestamp": at.isoformat().replace("+00:00", "Z"),
        "data": data,
    }


def standard_body(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _markup(text: Any) -> str:
    """Slack's mrkdwn reads &, < and > as markup."""
    return str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# A word joiner (invisible): "@channel" no longer pings a whole Mattermost channel, and
# "[text](address)" no longer hides an address behind a link, when a reader wrote them.
_JOINER = "\u2060"


def _escape(text: Any) -> str:
    """Everything we quote (a reader's suggestion among it) is shown as written: escaped
    for Slack's mrkdwn, with Mattermost's and Markdown's mentions and links broken."""
    return _markup(text).replace("@", "@" + _JOINER).replace("](", "]" + _JOINER + "(")


def _link(url: Any, label: Any) -> str:
    if not url:
        return f"*{_escape(label)}*"
    return f"<{_markup(url).replace('|', '%7C')}|{_escape(label)}>"


def slack_text(payload: dict[str, Any]) -> str:
    """One message for a chat channel (Slack's ``text`` with mrkdwn links)."""
    kind, data = payload["type"], payload.get("data", {})
    verdict = data.get("verdict", {})
    claim = data.get("claim", {})
    revision = data.get("revision", {})
    headline = verdict.get("headline") or verdict.get("slug", "a verdict")
    link = _link(verdict.get("page_url"), headline)
    if kind == "verdict.published":
        rating = (verdict.get("rating") or {}).get("label", "")
        speaker = (claim.get("speaker") or {}).get("name")
        said = f" ({_escape(speaker)})" if speaker else ""
        return (
            f"Published: {link}, rated *{_escape(rating)}*.\n"
            f"Claim: “{_escape(claim.get('text', ''))}”{said}"
        )
    if kind == "verdict.corrected":
        what = str(revision.get("kind", "correction")).capitalize()
        return f"{_escape(what)} to {link}: {_escape(revision.get('note', ''))}"
    if kind == "claim.repeated":
        rating = (verdict.get("rating") or {}).get("label", "")
        sayers = [
            _escape((a.get("speaker") or {}).get("name") or a.get("url") or "someone")
            for a in claim.get("appearances") or []
        ]
        return (
            f"Repeated after being rated *{_escape(rating)}*: {link}.\n"
            f"Also said by: {', '.join(sayers)}"
        )
    if kind == "verdict.retracted":
        return f"Retracted: {link}: {_escape(revision.get('note', ''))}"
    if kind == "verdict.taken_down":
        note = (data.get("takedown") or {}).get("note", "")
        return f"Taken down: {_escape(verdict.get('slug', ''))}: {_escape(note)}"
    if kind == "suggestion.received":
        suggestion = data.get("suggestion", {})
        seen = suggestion.get("seen_where")
        where = f"\nSeen: {_escape(seen)}" if seen else ""
        return (
            f"A reader suggested a claim to check: “{_escape(suggestion.get('text', ''))}”"
            f"{where}\n{_link(data.get('admin_url'), 'Open it in the newsroom')}"
        )
    if kind == "webhook.test":
        return f"Test event: {_escape(data.get('message', ''))}"
    return f"{_escape(kind)}: {_escape(json.dumps(data, ensure_ascii=False)[:500])}"


def slack_body(payload: dict[str, Any]) -> bytes:
    return json.dumps({"text": slack_text(payload)}, ensure_ascii=False).encode()


def signature_headers(
    *, message_id: str, at: datetime, body: bytes, secrets: list[str]
) -> dict[str, str]:
    """``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` (one ``v1,…`` per
    secret, space-separated: during a rotation the receiver's old secret verifies too)."""
    text = body.decode()
    at = at.astimezone(UTC)  # the library reads the clock time as UTC, whatever the zone
    signatures = [Webhook(secret).sign(message_id, at, text) for secret in secrets]
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(floor(at.timestamp())),
        "webhook-signature": " ".join(signatures),
    }
