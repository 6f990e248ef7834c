"""The one outbound HTTP client: public addresses only (unless allowed), checked where it
connects and on every redirect, within a deadline and a size limit.

Every refusal here happens before any packet leaves: no test sends traffic anywhere but
the loopback (the servers below, on 127.0.0.1, allowed explicitly)."""

from __future__ import annotations

import http.server
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from factcheck.base import outbound
from tests.test_settings import load_settings


class Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
    seen: list[tuple[str, str, bytes]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.seen.append((self.command, self.path, body))
        if self.path == "/slow":
            time.sleep(3)
        if self.path == "/drip":
            self.send_response(200)
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
            return
        if self.path == "/huge":
            self.send_response(200)
            self.end_headers()  # no Content-Length: read until the limit
            self.wfile.write(b"y" * (2 * 2**20))
            return
        status, headers, answer = self.routes.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Handler.seen = []
    Handler.routes = {
        "/ok": (200, {"Content-Type": "text/plain"}, b"hello"),
        "/to-ok": (302, {"Location": "/ok"}, b""),
        "/to-private": (302, {"Location": "http://10.0.0.1/admin"}, b""),
        "/to-metadata": (307, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
        "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/see-other": (303, {"Location": "/ok"}, b""),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.block_on_close = False  # the slow handlers are not waited for
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def loopback_allowed(settings):
    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]


def test_an_allowed_address_is_fetched_and_redirects_are_followed(server, loopback_allowed):
    answer = outbound.fetch(server + "/to-ok")
    assert (answer.status, answer.body, answer.url) == (200, b"hello", server + "/ok")
    assert answer.ok
    assert answer.elapsed_ms >= 0
    posted = outbound.fetch(server + "/see-other", method="POST", data=b"{}")
    assert posted.status == 200
    # A 303 is followed with a GET, without the body.
    assert [(m, p) for m, p, _ in Handler.seen[-2:]] == [("POST", "/see-other"), ("GET", "/ok")]


def test_a_redirect_is_returned_as_it_is_when_none_may_be_followed(server, loopback_allowed):
    answer = outbound.fetch(server + "/to-ok", max_redirects=0)
    assert answer.status == 302
    assert answer.headers["location"] == "/ok"


def test_the_loopback_is_refused_unless_allowed(server):
    with pytest.raises(outbound.AddressRefused, match="loopback address"):
        outbound.fetch(server + "/ok")
    assert Handler.seen == []  # refused before connecting


def test_a_network_in_the_allow_list_lets_its_addresses_through(server, settings):
    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.0/8"]
    assert outbound.fetch(server + "/ok").body == b"hello"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://10.0.0.1/", "private"),
        ("http://192.168.1.1:8080/x", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://100.64.0.1/", "non-public"),
        ("http://240.0.0.1/", "reserved"),
    ],
)
def test_private_and_special_addresses_are_refused(url, kind, loopback_allowed):
    with pytest.raises(outbound.AddressRefused, match=f"{kind} address"):
        outbound.fetch(url, timeout=2)
    with pytest.raises(outbound.AddressRefused):
        outbound.check_url(url)


def test_a_name_that_resolves_to_the_loopback_is_refused(server):
    port = server.rsplit(":", 1)[1]
    with pytest.raises(outbound.AddressRefused, match=r"localhost \(127\.0\.0\.1\)|localhost"):
        outbound.fetch(f"http://localhost:{port}/ok")
    assert Handler.seen == []


def test_the_address_is_checked_when_connecting_not_when_the_name_was_checked(server, monkeypatch):
    """DNS rebinding: the name passes the form's check (it does not resolve it), then
    resolves to the loopback when the request is made: refused then."""
    port = int(server.rsplit(":", 1)[1])
    outbound.check_url(f"http://rebind.example.org:{port}/ok")  # no resolution: passes
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host == "rebind.example.org":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pytest.raises(outbound.AddressRefused, match=r"rebind\.example\.org \(127\.0\.0\.1\)"):
        outbound.fetch(f"http://rebind.example.org:{port}/ok")
    assert Handler.seen == []


def test_an_allowed_host_name_is_let_through_whatever_it_resolves_to(
    server, monkeypatch, settings
):
    settings.FACTCHECK_OUTBOUND_ALLOW = ["hooks.internal"]
    port = int(server.rsplit(":", 1)[1])
    real = socket.getaddrinfo

    def internal(host, *args, **kwargs):
        if host == "hooks.internal":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", internal)
    assert outbound.fetch(f"http://hooks.internal:{port}/ok").body == b"hello"


@pytest.mark.parametrize("path", ["/to-private", "/to-metadata"])
def test_a_redirect_to_a_private_address_is_refused(server, loopback_allowed, path):
    with pytest.raises(outbound.AddressRefused):
        outbound.fetch(server + path)
    assert [p for _, p, _ in Handler.seen] == [path]  # the first hop only


def test_a_redirect_out_of_http_is_refused(server, loopback_allowed):
    with pytest.raises(outbound.OutboundError, match="Only http"):
        outbound.fetch(server + "/to-file")


def test_redirects_are_bounded(server, loopback_allowed):
    with pytest.raises(outbound.TooManyRedirects, match="More than 3 redirects"):
        outbound.fetch(server + "/loop", max_redirects=3)
    assert len(Handler.seen) == 4


def test_a_slow_answer_times_out(server, loopback_allowed):
    started = time.monotonic()
    with pytest.raises(outbound.OutboundError, match="time allowed"):
        outbound.fetch(server + "/slow", timeout=0.5)
    assert time.monotonic() - started < 2


def test_a_dripping_answer_is_cut_at_the_deadline_not_per_read(server, loopback_allowed):
    """A byte every 0.1 s never trips a per-read timeout; the deadline covers the whole."""
    started = time.monotonic()
    with pytest.raises(outbound.OutboundError, match="time allowed"):
        outbound.fetch(server + "/drip", timeout=1)
    assert time.monotonic() - started < 2


def test_an_answer_over_the_size_limit_is_refused(server, loopback_allowed):
    with pytest.raises(outbound.ResponseTooLarge, match="larger than the limit"):
        outbound.fetch(server + "/huge", max_bytes=2**20)
    Handler.routes["/declared"] = (200, {}, b"z" * 5000)
    with pytest.raises(outbound.ResponseTooLarge):
        outbound.fetch(server + "/declared", max_bytes=1000)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/file", "Only http"),
        ("javascript:alert(1)", "Only http"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http:///path-only", "names no host"),
        ("http://example.org:port/", "port that is not a number"),
    ],
)
def test_addresses_that_are_not_plain_http_are_refused(url, message):
    with pytest.raises(outbound.OutboundError, match=message):
        outbound.fetch(url)


def test_only_public_addresses_pass_on_their_own():
    assert outbound.refused_because(ipaddress.ip_address("93.184.215.14")) is None
    assert outbound.refused_because(ipaddress.ip_address("2606:4700::1111")) is None
    assert outbound.refused_because(ipaddress.ip_address("172.16.5.4")) == "private"
    assert outbound.refused_because(ipaddress.ip_address("fd00::1")) == "private"
    assert outbound.refused_because(ipaddress.ip_address("fe80::1")) == "link-local"


@pytest.mark.parametrize(
    "value",
    ["10.0.0.1/8", "http://hooks.internal/", "300.1.2.3"],
)
def test_a_malformed_allow_list_stops_start_up(value):
    result = load_settings({"FACTCHECK_OUTBOUND_ALLOW": value})
    assert result.returncode != 0
    assert "FACTCHECK_OUTBOUND_ALLOW" in result.stderr


def test_a_good_allow_list_is_accepted():
    result = load_settings(
        {"FACTCHECK_OUTBOUND_ALLOW": "hooks.internal, 10.1.2.0/24,127.0.0.1,[::1]"}
    )
    assert result.returncode == 0, result.stderr
