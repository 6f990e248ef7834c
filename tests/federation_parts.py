"""Real parts for the federation tests: a local HTTP server on 127.0.0.1 that plays peers
(Google's Fact Check Tools API and factcheck installations, well and badly behaved) and
serves feeds, recording every request it gets. No test reaches the internet."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

GOOGLE_KEY = "test-api-key-QQQ"


@dataclass
class Asked:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class Answer:
    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    delay: float = 0.0


Route = Callable[[Asked], Answer]


@dataclass
class FakeSite:
    url: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    asked: list[Asked] = field(default_factory=list)

    def base(self, name: str) -> str:
        return f"{self.url}/{name}/"

    def count(self, name: str) -> int:
        return sum(1 for a in self.asked if a.path.startswith(f"/{name}/"))


@contextmanager
def fake_site(routes: dict[str, Route]) -> Iterator[FakeSite]:
    """``routes`` by first path segment (``/good/v1alpha1/claims:search`` → "good")."""
    state = FakeSite(routes=dict(routes))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            asked = Asked(
                parts.path, parse_qs(parts.query), {k.lower(): v for k, v in self.headers.items()}
            )
            state.asked.append(asked)
            name = parts.path.strip("/").split("/", 1)[0]
            route = state.routes.get(name)
            answer = route(asked) if route else Answer(404, b'{"error": {"message": "no"}}')
            if answer.delay:
                time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting: as a slow peer's would

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    state.url = f"http://127.0.0.1:{httpd.server_port}"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def search_answer(*claims: dict[str, Any]) -> bytes:
    return json.dumps({"claims": list(claims)}).encode()


def claim(
    text: str,
    *,
    url: str,
    rating: str = "False",
    publisher: str = "Other Check",
    site: str = "othercheck.example.org",
    title: str = "",
    claimant: str = "A Senator",
    review_date: str = "2026-11-02T00:00:00Z",
    language: str = "en",
) -> dict[str, Any]:
    """One claim as Google's claims:search gives it, with one review."""
    review: dict[str, Any] = {
        "publisher": {"name": publisher, "site": site},
        "url": url,
        "textualRating": rating,
        "languageCode": language,
        "reviewDate": review_date,
    }
    if title:
        review["title"] = title
    return {
        "text": text,
        "claimant": claimant,
        "claimDate": "2026-11-01T00:00:00Z",
        "claimReview": [review],
    }


def google(answer: bytes) -> Route:
    """Google's API: a 403 in its words without the right key, ``answer`` with it."""

    def route(asked: Asked) -> Answer:
        if asked.query.get("key") != [GOOGLE_KEY]:
            body = {
                "error": {
                    "code": 403,
                    "message": "API key not valid.",
                    "status": "PERMISSION_DENIED",
                }
            }
            return Answer(403, json.dumps(body).encode())
        return Answer(body=answer)

    return route


def fixed(answer: Answer) -> Route:
    return lambda asked: answer


# -- Another installation, driven through ``manage.py shell`` on its own database ----------


def _fresh_names() -> None:
    """The factories number their rows from 1 in each process: another process on the
    same database starts elsewhere (sources' addresses are unique)."""
    import itertools
    import uuid

    from tests import factories

    factories._n = itertools.count(uuid.uuid4().int % 10**9)


def _member(role: str) -> Any:
    """A new staff member in ``role``, named so that no earlier process's names clash."""
    import uuid

    from django.contrib.auth.models import Group

    from tests import factories

    user = factories.make_user(username=f"{role.lower()}-{uuid.uuid4().hex[:10]}")
    user.groups.add(Group.objects.get(name=role))
    return user


def installation_publishes(text: str, headline: str) -> None:
    """Run inside the other installation (``manage.py shell -c``): a verdict of its own on
    a new claim, written, submitted and published through the review path."""
    import uuid

    from django.core.management import call_command

    from claims.models import Rating
    from tests import factories
    from tests.webhook_parts import publish

    if not Rating.objects.exists():
        call_command("loaddata", "fixtures/rating_scale.json", verbosity=0)
    _fresh_names()
    key = uuid.uuid4().hex[:10]
    claim = factories.make_claim(
        text=text,
        slug=f"claim-{key}",
        speaker=factories.make_speaker(name="Jane Mayor", slug=f"jane-mayor-{key}"),
    )
    publish(
        author=_member("Fact-checker"),
        editor=_member("Editor"),
        claim=claim,
        headline=headline,
        slug=f"verdict-{key}",
    )


def installation_drafts(text: str, headline: str) -> None:
    """Run inside the other installation: a draft and a verdict in review, unpublished."""
    from claims import services
    from tests import factories

    _fresh_names()
    author = _member("Fact-checker")
    for state in ("draft", "in_review"):
        claim = factories.make_claim(
            text=f"{text} ({state})",
            slug=f"hidden-{state}",
            speaker=factories.make_speaker(name=f"Hidden {state}", slug=f"hidden-{state}-s"),
        )
        verdict = factories.make_verdict(
            author=author, claim=claim, headline=f"{headline} ({state})", slug=f"hidden-{state}-v"
        )
        if state == "in_review":
            services.verdict_submit(verdict=verdict, user=author)
