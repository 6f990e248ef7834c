"""The one outbound HTTP client: every request this site makes to another (webhook
deliveries, imports from a URL, and, as they come, peers and feed subscriptions) goes
through ``fetch``.

A URL someone typed into the admin, or an address a feed or a redirect names, could point
the server at itself or at its private network (the database, a cloud provider's metadata
service at 169.254.169.254, an admin port): server-side request forgery. So the client
connects only to public addresses, unless ``FACTCHECK_OUTBOUND_ALLOW`` names the host or
its network. The check is made on the address it actually connects to, after resolving
the name, at connect time: a name that resolves to a public address when the URL is saved
and to 127.0.0.1 when it is used (DNS rebinding) is refused then. Redirects are followed
here, one hop at a time, each hop checked the same way; there are never more than
``max_redirects``. Every request has a deadline for the whole exchange, and a response
larger than ``max_bytes`` is cut off with an error rather than read into memory.

No proxy from the environment (``HTTP_PROXY``) is used: a proxy would make the
connection, and the address it reaches would escape the check.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import socket
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

DEFAULT_TIMEOUT = 10.0  # seconds for the whole exchange, connecting included
DEFAULT_MAX_BYTES = 5 * 2**20
DEFAULT_MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024


class OutboundError(Exception):
    """A request to another site that did not give a usable answer: the message says why
    (refused address, timeout, connection error, too large, too many redirects)."""


class AddressRefused(OutboundError):
    """The host is, or resolves to, an address this site does not connect to (private,
    loopback, link-local, multicast, reserved) and ``FACTCHECK_OUTBOUND_ALLOW`` does not
    name it."""


class ResponseTooLarge(OutboundError):
    pass


class TooManyRedirects(OutboundError):
    pass


@dataclass(frozen=True)
class Response:
    url: str  # where the answer came from, after any redirects
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes
    elapsed_ms: int

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True)
class AllowList:
    hosts: frozenset[str]
    networks: tuple[IPNetwork, ...]

    def names(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.hosts

    def covers(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)


def parse_allow_list(entries: Iterable[str]) -> AllowList:
    """Host names and addresses or networks (CIDR), as ``FACTCHECK_OUTBOUND_ALLOW`` lists
    them (the settings module refuses anything else at start-up)."""
    hosts: set[str] = set()
    networks: list[IPNetwork] = []
    for raw in entries:
        entry = raw.strip().strip("[]")
        try:
            networks.append(ipaddress.ip_network(entry, strict=True))
        except ValueError:
            hosts.add(entry.lower().rstrip("."))
    return AllowList(frozenset(hosts), tuple(networks))


@functools.lru_cache(maxsize=8)
def _allow_list(entries: tuple[str, ...]) -> AllowList:
    return parse_allow_list(entries)


def allow_list() -> AllowList:
    # Read on every request (tests and a reloaded configuration change it), parsed once.
    return _allow_list(tuple(getattr(settings, "FACTCHECK_OUTBOUND_ALLOW", ())))


def refused_because(address: IPAddress) -> str | None:
    """Why ``address`` is not public, or None when it is."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return refused_because(address.ipv4_mapped)  # ::ffff:10.0.0.1 is 10.0.0.1
        # 6to4 (2002:7f00:1:: carries 127.0.0.1) reaches an IPv4 address through a relay,
        # and site-local (fec0::/10) is a private network: Python 3.11 calls both global.
        if address.sixtofour is not None:
            return "6to4"
        if address.is_site_local:
            return "site-local"
    checks = (
        (address.is_unspecified, "unspecified"),
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link-local"),
        (address.is_multicast, "multicast"),
        (address.is_reserved, "reserved"),
        (address.is_private, "private"),
        (not address.is_global, "non-public"),
    )
    for found, kind in checks:
        if found:
            return kind
    return None


def check_address(host: str, address: IPAddress) -> None:
    """Refuse ``address`` (what ``host`` resolved to) unless it is public or allowed."""
    allowed = allow_list()
    if allowed.names(host) or allowed.covers(address):
        return
    reason = refused_because(address)
    if reason is not None:
        shown = host if host == str(address) else f"{host} ({address})"
        raise AddressRefused(
            f"{shown} is a {reason} address: this site does not connect to it unless "
            "FACTCHECK_OUTBOUND_ALLOW names it."
        )


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def check_url(url: str) -> None:
    """What can be told of ``url`` without resolving it: an http(s) address, without a
    user name or password, whose host, when it is an address (or ``localhost``), is one
    this site may connect to. For forms; ``fetch`` checks the resolved address again when
    it connects."""
    parts = _parts(url)
    host = parts.hostname or ""
    address = _literal(host)
    if address is not None:
        check_address(host, address)
    elif host.rstrip(".") == "localhost" or host.endswith(".localhost"):
        check_address(host, ipaddress.ip_address("127.0.0.1"))


def _parts(url: str) -> Any:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise OutboundError(f"Only http:// and https:// addresses can be fetched; got {url!r}.")
    if not parts.hostname:
        raise OutboundError(f"The address names no host: {url!r}.")
    if parts.username is not None or parts.password is not None:
        raise OutboundError("An address with a user name or password cannot be fetched.")
    try:
        parts.port  # noqa: B018 -- urlsplit checks the port only when asked
    except ValueError:
        raise OutboundError(f"The address has a port that is not a number: {url!r}.") from None
    try:
        # As the resolver and the Host header will encode it: a label too long once in
        # punycode (Django's URL check lets 63 non-ASCII characters by) fails there with a
        # UnicodeError, which would escape every caller's handling.
        parts.hostname.encode("idna")
    except UnicodeError:
        raise OutboundError(f"The address's host name is not a valid name: {url!r}.") from None
    return parts


def _guarded_connection(
    address: tuple[str, int], timeout: Any, source_address: Any = None, *_: Any
) -> socket.socket:
    """``socket.create_connection`` that connects only to checked addresses: the name is
    resolved here, each address checked, and the socket connected to that very address
    (nothing resolves the name again between the check and the connection)."""
    host, port = address
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OutboundError(f"{host} could not be resolved ({exc.strerror}).") from None
    refusal: AddressRefused | None = None
    failure: OSError | None = None
    for family, kind, proto, _canonical, sockaddr in found:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        try:
            check_address(host, ip)
        except AddressRefused as exc:
            refusal = refusal or exc
            continue
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not None:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            failure = exc
    if failure is not None:
        raise failure
    if refusal is not None:
        raise refusal
    raise OutboundError(f"{host} resolves to no address.")


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_connection


class _HTTPSConnection(http.client.HTTPSConnection):
    # The certificate is checked against the host name (SNI too): the socket below TLS is
    # connected to the checked address.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_connection


def _user_agent() -> str:
    site = getattr(settings, "FACTCHECK_SITE_URL", "")
    return f"factcheck (+{site})" if site else "factcheck"


def _one_request(
    url: str,
    *,
    method: str,
    data: bytes | None,
    headers: Mapping[str, str],
    deadline: float,
    max_bytes: int,
) -> tuple[int, dict[str, str], bytes]:
    parts = _parts(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise OutboundError(f"{url}: no answer within the time allowed.")
    connection_class = _HTTPSConnection if parts.scheme == "https" else _HTTPConnection
    # The port always given: http.client would read an IPv6 address's last group as one.
    port = parts.port or (443 if parts.scheme == "https" else 80)
    connection = connection_class(parts.hostname, port, timeout=remaining)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    sent = {
        "User-Agent": _user_agent(),
        # Compressed answers would be a way round the size limit (a small zip bomb).
        "Accept-Encoding": "identity",
        "Connection": "close",
        **headers,
    }
    try:
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        answer_headers = {name.lower(): value for name, value in response.getheaders()}
        declared = answer_headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
            raise ResponseTooLarge(
                f"{url}: the answer is larger than the limit of {max_bytes:,} bytes."
            )
        chunks: list[bytes] = []
        size = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise OutboundError(f"{url}: no complete answer within the time allowed.")
            if connection.sock is not None:
                connection.sock.settimeout(remaining)
            chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise ResponseTooLarge(
                    f"{url}: the answer is larger than the limit of {max_bytes:,} bytes."
                )
            chunks.append(chunk)
        return response.status, answer_headers, b"".join(chunks)
    except TimeoutError:
        raise OutboundError(f"{url}: no answer within the time allowed.") from None
    except (http.client.HTTPException, OSError) as exc:
        raise OutboundError(f"{url}: {exc.__class__.__name__}: {exc}".rstrip(": ")) from None
    finally:
        connection.close()


def fetch(
    url: str,
    *,
    method: str = "GET",
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
) -> Response:
    """Send one request (following up to ``max_redirects`` redirects, each checked like
    the first address) and read the whole answer. Any status is returned; refusals,
    timeouts, connection failures and oversized answers raise ``OutboundError``.

    With ``max_redirects=0`` a redirect is returned as it is (a webhook endpoint that
    answers one has not taken the delivery)."""
    started = time.monotonic()
    deadline = started + timeout
    method = method.upper()
    given = dict(headers or {})
    for hop in range(max_redirects + 1):
        status, answer_headers, body = _one_request(
            url, method=method, data=data, headers=given, deadline=deadline, max_bytes=max_bytes
        )
        location = answer_headers.get("location")
        if status not in REDIRECTS or not location or max_redirects == 0:
            elapsed = int((time.monotonic() - started) * 1000)
            return Response(url, status, answer_headers, body, elapsed)
        if hop == max_redirects:
            break
        target = urljoin(url, location)
        if urlsplit(target).hostname != urlsplit(url).hostname:
            given = {
                k: v for k, v in given.items() if k.lower() not in ("authorization", "cookie")
            }
        if status == 303 or (status in (301, 302) and method not in ("GET", "HEAD")):
            method, data = "GET", None
            given = {k: v for k, v in given.items() if k.lower() != "content-type"}
        url = target
    raise TooManyRedirects(f"More than {max_redirects} redirects, the last to {url}.")
