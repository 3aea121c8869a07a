"""Bounded, safe fetching: URLs, RSS/Atom feeds, WARC archives and URL lists.

``fetch_articles`` turns such inputs into ``Article`` records (through the
HTML reader it is given) or ``Rejection`` records; a bad input never stops the
batch. ``fetch_url`` is the one way triangulate talks to the network:

- only ``http``/``https``;
- every address a host resolves to is checked, on every redirect hop, and
  loopback, private, link-local, shared, reserved, multicast and unspecified
  addresses are refused unless ``allow_private`` (the check happens before any
  connection; the connection goes to the very address that was checked, so a
  second DNS answer cannot swap in another one);
- one deadline (``timeout_s``) bounds the whole fetch, redirects, DNS and a
  slowly trickling body included;
- the body is streamed and abandoned past ``max_bytes`` (after decompression);
- only HTML, XML, RSS/Atom and plain-text responses are accepted.

HTTP is spoken with the standard library (``http.client``); environment proxy
settings are not used. Feeds are read with ``feedparser`` and WARC files with
``warcio``, imported only when needed.
"""

from __future__ import annotations

import codecs
import datetime as dt
import html
import http.client
import io
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, redirect_stderr
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from ..errors import Codes, IngestError
from ..records import Article, Rejection

__all__ = [
    "NAME",
    "FetchSettings",
    "FetchedPage",
    "address_kind",
    "decode_body",
    "fetch_articles",
    "fetch_url",
    "is_fetch_input",
    "is_public_address",
    "read_feed",
    "read_warc",
]

NAME = "triangulate.fetch.v1"
log = logging.getLogger(__name__)

ReadFn = Callable[[str, str], Article]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        "application/x-atom+xml",
        "application/xml",
        "text/xml",
    }
)
TEXT_TYPES = frozenset({"text/plain"})
ACCEPTED_TYPES = HTML_TYPES | FEED_TYPES | TEXT_TYPES
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_ANY_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_WARC_SUFFIXES = (".warc", ".warc.gz")
_URL_LIST_PROBE_BYTES = 1_000_000
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SHARED = ipaddress.ip_network("100.64.0.0/10")
# IANA special-purpose ranges that are not globally reachable, listed here so the
# answer does not depend on the Python version's ``ipaddress`` tables.
_SPECIAL = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "240.0.0.0/4",
        "255.255.255.255/32",
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "3fff::/20",
        "5f00::/16",
        "fec0::/10",
    )
)


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How far fetching may go. Every limit applies to one URL (one feed entry, one page)."""

    timeout_s: float = 10.0
    """Deadline for the whole fetch of one URL: DNS, connection, redirects and body."""
    max_bytes: int = 5_000_000
    """Largest body read (after decompression); a bigger response is abandoned (``E125``)."""
    allow_private: bool = False
    """Fetch from loopback, private-network, link-local and other non-public addresses."""
    user_agent: str = "triangulate/0.1 (+https://example.org)"
    max_redirects: int = 5
    max_feed_entries: int = 200
    """Entries read from one feed, first ones first; the rest are skipped with a log line."""

    def __post_init__(self) -> None:
        if not self.timeout_s > 0:
            raise ValueError(f"timeout_s must be > 0, got {self.timeout_s}")
        if self.max_bytes < 1:
            raise ValueError(f"max_bytes must be >= 1, got {self.max_bytes}")
        if self.max_redirects < 0:
            raise ValueError(f"max_redirects must be >= 0, got {self.max_redirects}")
        if self.max_feed_entries < 1:
            raise ValueError(f"max_feed_entries must be >= 1, got {self.max_feed_entries}")
        if not self.user_agent or any(c in self.user_agent for c in "\r\n"):
            raise ValueError("user_agent must be a non-empty single line")


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """One HTTP response (or one WARC response record), body complete and within limits."""

    url: str
    """The URL as asked for."""
    final_url: str
    """The URL after redirects (equal to ``url`` when there were none)."""
    status: int
    content_type: str
    """Media type, lower case, without parameters (``text/html``); empty when the server sent none."""
    body: bytes
    fetched_at: dt.datetime
    """UTC time of the response (for a WARC record, its ``WARC-Date``)."""
    charset: str | None = None
    """Charset declared in the ``Content-Type`` header, if any."""

    def text(self) -> str:
        """The body decoded: BOM, declared charset, ``<meta charset>``, then UTF-8, then cp1252."""
        return decode_body(self.body, self.charset, self.content_type)

    @property
    def is_feed(self) -> bool:
        """An RSS/Atom/RDF feed: a feed or XML media type and a ``<rss``/``<feed``/``<rdf:RDF`` root."""
        if self.content_type not in FEED_TYPES:
            return False
        head = self.body[:4096].lower()
        return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


# -- addresses ---------------------------------------------------------------------


def address_kind(address: str) -> str:
    """Classify an IP address: ``public`` or why it is not fetched by default.

    One of ``public``, ``unspecified``, ``loopback``, ``link-local``,
    ``multicast``, ``private``, ``shared`` (carrier-grade NAT), ``reserved``
    or ``non-public`` (any other range not globally routable). IPv4 addresses
    embedded in IPv6 (mapped, 6to4, NAT64) are judged by the IPv4 address.
    Raises ``ValueError`` for a string that is not an IP address.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return address_kind(str(embedded))
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return "shared"
    if ip.is_private or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local):
        return "private"
    if ip.is_reserved or any(ip.version == net.version and ip in net for net in _SPECIAL):
        return "reserved"
    if not ip.is_global:
        return "non-public"
    return "public"


def is_public_address(address: str) -> bool:
    """True when ``address`` is a globally routable unicast address."""
    return address_kind(address) == "public"


# -- fetching ----------------------------------------------------------------------


def fetch_url(url: str, settings: FetchSettings = FetchSettings()) -> FetchedPage:
    """Fetch one http(s) URL within the limits of ``settings``.

    Raises ``IngestError`` naming ``url``: ``E120`` scheme, ``E121`` invalid
    URL, ``E122`` non-public address (on any hop), ``E123`` DNS failure,
    ``E124`` timeout, ``E125`` over ``max_bytes``, ``E126`` content type,
    ``E127`` HTTP error status, ``E128`` too many redirects, ``E129``
    connection failure, ``E136`` content encoding, ``E137`` redirect without
    a Location.
    """
    deadline = time.monotonic() + settings.timeout_s
    current = url
    for hop in range(settings.max_redirects + 1):
        target = _Target.parse(current, source=url)
        addresses = _checked_addresses(target, url, hop, settings, deadline)
        conn, response = _request(target, addresses, url, settings, deadline)
        try:
            status = response.status
            if status in _REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise IngestError(url, "E137", Codes.E137.format(status=status))
                current = urljoin(current, location.strip())
                log.debug("%s: HTTP %s redirect to %s", url, status, current)
                continue
            if not 200 <= status < 300:
                raise IngestError(url, "E127", Codes.E127.format(status=status, reason=response.reason))
            media, charset = _parse_content_type(response.getheader("Content-Type"))
            if media not in ACCEPTED_TYPES:
                raise IngestError(url, "E126", Codes.E126.format(content_type=media or "(none given)"))
            body = _read_body(response, conn, url, settings, deadline)
            return FetchedPage(
                url=url,
                final_url=current,
                status=status,
                content_type=media,
                body=body,
                fetched_at=dt.datetime.now(dt.UTC),
                charset=charset,
            )
        except TimeoutError as exc:
            raise _timeout(url, settings) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise IngestError(url, "E129", Codes.E129.format(host=target.host, detail=_detail(exc))) from exc
        finally:
            response.close()
            conn.close()
    raise IngestError(url, "E128", Codes.E128.format(limit=settings.max_redirects, url=current))


@dataclass(frozen=True, slots=True)
class _Target:
    scheme: str
    host: str
    """ASCII host name (IDNA-encoded) or IP address, without brackets."""
    port: int
    path: str
    """Request target: path and query, percent-encoded."""

    @classmethod
    def parse(cls, url: str, *, source: str) -> _Target:
        match = _ANY_SCHEME.match(url)
        scheme = match.group(1).lower() if match else ""
        if scheme not in ("http", "https"):
            raise IngestError(source, "E120", Codes.E120.format(scheme=scheme or "(none)"))
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if scheme == "https" else 80)
            host = parts.hostname or ""
        except ValueError as exc:
            raise IngestError(source, "E121", Codes.E121.format(detail=f"{url}: {exc}")) from exc
        if not host:
            raise IngestError(source, "E121", Codes.E121.format(detail=f"{url}: no host"))
        try:
            ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
        except UnicodeError as exc:
            raise IngestError(source, "E121", Codes.E121.format(detail=f"{url}: host {exc}")) from exc
        path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
        if parts.query:
            path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
        return cls(scheme, ascii_host.rstrip("."), port, path)

    @property
    def display(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        netloc = host if self.port == default else f"{host}:{self.port}"
        return urlunsplit((self.scheme, netloc, self.path, "", ""))


def _checked_addresses(target: _Target, source: str, hop: int, settings: FetchSettings, deadline: float) -> list[str]:
    """Resolve the host and refuse it when any address is not public (unless allowed)."""
    addresses = _resolve(target.host, target.port, source, deadline, settings)
    if not settings.allow_private:
        for address in addresses:
            kind = address_kind(address)
            if kind != "public":
                named = address if address == target.host else f"{target.host} ({address})"
                reason = Codes.E122.format(target=named, kind=kind)
                if hop:
                    reason = f"redirected to {target.display}: {reason}"
                raise IngestError(source, "E122", reason)
    return addresses


def _resolve(host: str, port: int, source: str, deadline: float, settings: FetchSettings) -> list[str]:
    """The host's IP addresses (a literal IP is returned as is, without DNS)."""
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        return [host]
    except ValueError:
        pass
    box: dict[str, Any] = {}

    def lookup() -> None:
        try:
            box["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError) as exc:
            box["error"] = exc

    # getaddrinfo has no timeout of its own: run it aside and stop waiting at the deadline.
    worker = threading.Thread(target=lookup, name="triangulate-dns", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise _timeout(source, settings)
    if "error" in box:
        raise IngestError(source, "E123", Codes.E123.format(host=host, detail=_detail(box["error"])))
    addresses = list(dict.fromkeys(str(info[4][0]) for info in box["infos"]))
    if not addresses:
        raise IngestError(source, "E123", Codes.E123.format(host=host, detail="no addresses"))
    return addresses


def _open_socket(addresses: list[str], port: int, timeout_s: float) -> socket.socket:
    """Connect to the first of the already-checked ``addresses`` that answers."""
    error: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout=timeout_s)
        except OSError as exc:
            error = exc
    assert error is not None
    raise error


def _tls_context() -> ssl.SSLContext:
    """The TLS settings of every HTTPS fetch: the system's trusted CAs, host names verified."""
    return ssl.create_default_context()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to checked addresses only (the Host header keeps the name)."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout_s: float) -> None:
        super().__init__(host, port, timeout=timeout_s)
        self._addresses = addresses
        self.raw_sock: socket.socket | None = None

    def connect(self) -> None:
        self.sock = self.raw_sock = _open_socket(self._addresses, self.port, float(self.timeout or 0) or 1.0)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to checked addresses; the certificate is verified against the host name."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout_s: float) -> None:
        self._tls = _tls_context()
        super().__init__(host, port, timeout=timeout_s, context=self._tls)
        self._addresses = addresses
        self.raw_sock: socket.socket | None = None

    def connect(self) -> None:
        sock = _open_socket(self._addresses, self.port, float(self.timeout or 0) or 1.0)
        try:
            self.sock = self.raw_sock = self._tls.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


def _request(
    target: _Target, addresses: list[str], source: str, settings: FetchSettings, deadline: float
) -> tuple[_PinnedHTTPConnection | _PinnedHTTPSConnection, http.client.HTTPResponse]:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _timeout(source, settings)
    cls = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    conn = cls(target.host, target.port, addresses, remaining)
    try:
        conn.request(
            "GET",
            target.path,
            headers={
                "User-Agent": settings.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                "application/xml;q=0.9,text/plain;q=0.8",
                "Accept-Encoding": "gzip",
                "Connection": "close",
            },
        )
        return conn, conn.getresponse()
    except TimeoutError as exc:
        conn.close()
        raise _timeout(source, settings) from exc
    except ssl.SSLError as exc:
        conn.close()
        raise IngestError(source, "E129", Codes.E129.format(host=target.host, detail=f"TLS: {_detail(exc)}")) from exc
    except (OSError, http.client.HTTPException) as exc:
        conn.close()
        raise IngestError(source, "E129", Codes.E129.format(host=target.host, detail=_detail(exc))) from exc


def _read_body(
    response: http.client.HTTPResponse,
    conn: _PinnedHTTPConnection | _PinnedHTTPSConnection,
    source: str,
    settings: FetchSettings,
    deadline: float,
) -> bytes:
    """Stream the body, stopping at the deadline or past ``max_bytes`` (decompressed)."""
    limit = settings.max_bytes
    too_big = IngestError(source, "E125", Codes.E125.format(limit=limit))
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    inflater: Any = None
    if encoding in ("gzip", "x-gzip"):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        inflater = zlib.decompressobj(32 + zlib.MAX_WBITS)
    elif encoding not in ("identity", ""):
        raise IngestError(source, "E136", Codes.E136.format(encoding=encoding))
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > limit:
        raise too_big
    chunks: list[bytes] = []
    total = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timeout(source, settings)
        if conn.raw_sock is not None:
            conn.raw_sock.settimeout(remaining)
        data = response.read1(65536)
        if not data:
            break
        if inflater is None:
            total += len(data)
            if total > limit:
                raise too_big
            chunks.append(data)
            continue
        while data:
            try:
                out = inflater.decompress(data, limit + 1 - total)
            except zlib.error as exc:
                raise IngestError(source, "E140", Codes.E140.format(detail=f"bad {encoding} data: {exc}")) from exc
            total += len(out)
            if total > limit:
                raise too_big
            chunks.append(out)
            data = inflater.unconsumed_tail
    return b"".join(chunks)


def _parse_content_type(value: str | None) -> tuple[str, str | None]:
    if not value:
        return "", None
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media.strip().lower(), charset


def _timeout(source: str, settings: FetchSettings) -> IngestError:
    return IngestError(source, "E124", Codes.E124.format(seconds=settings.timeout_s))


def _detail(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "…"


# -- decoding ----------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-.]+)""", re.IGNORECASE)
# WHATWG: these labels mean windows-1252 on the web.
_WEB_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}


def decode_body(body: bytes, charset: str | None = None, content_type: str = "") -> str:
    """Decode a response body: a BOM, else the declared charset, else the charset declared
    in the document (``<meta charset>`` or the XML declaration), else UTF-8, else cp1252.

    A declared charset that fails to decode the bytes is ignored (the next
    candidate is tried); cp1252 always succeeds (undefined bytes become U+FFFD).
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            try:
                return body.decode(name)
            except UnicodeDecodeError:
                break
    candidates: list[str] = []
    if charset:
        candidates.append(charset)
    head = body[:4096]
    found = _XML_ENCODING.match(head) if content_type in FEED_TYPES else None
    found = found or _META_CHARSET.search(head)
    if found:
        candidates.append(found.group(1).decode("ascii", "replace"))
    candidates.append("utf-8")
    for name in candidates:
        name = _WEB_ALIASES.get(name.strip().lower(), name.strip())
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            log.debug("unknown charset %r ignored", name)
            continue
        if codec.startswith(("utf-16", "utf-32")):
            continue  # declared in an ASCII-compatible head, so the body is not really UTF-16
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    return body.decode("cp1252", errors="replace")


# -- feeds -------------------------------------------------------------------------


def read_feed(content: bytes, source: str) -> list[str]:
    """The entry links of an RSS or Atom feed, absolute (resolved against ``source``), in feed order.

    Duplicate and non-http(s) links are dropped. Raises ``IngestError``
    ``E130`` when the content is not a feed at all; a well-formed feed with no
    entries gives an empty list.
    """
    import feedparser

    # A BytesIO, never a string: feedparser fetches strings that look like URLs or paths.
    parsed = feedparser.parse(io.BytesIO(content), response_headers={"content-location": source})
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise IngestError(source, "E130", Codes.E130.format(detail=_detail(problem) if problem else "no feed root"))
    links: list[str] = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            alternates = [x.get("href") for x in entry.get("links", []) if x.get("rel", "alternate") == "alternate"]
            link = next((x for x in alternates if x), None)
        if not link:
            continue
        absolute = urljoin(source, str(link).strip())
        if urlsplit(absolute).scheme.lower() in ("http", "https"):
            links.append(absolute.split("#", 1)[0])
    return list(dict.fromkeys(links))


# -- WARC --------------------------------------------------------------------------


def read_warc(path: str | Path, settings: FetchSettings = FetchSettings()) -> Iterator[FetchedPage | Rejection]:
    """The HTML responses (HTTP 200, ``text/html`` or XHTML) of a ``.warc`` or ``.warc.gz`` file.

    Each page's ``url`` is its ``WARC-Target-URI`` and ``fetched_at`` its
    ``WARC-Date``. Other records (requests, metadata, revisits, images,
    errors, redirects) are skipped and counted in the log. A response over
    ``max_bytes`` becomes a ``Rejection`` (``E125``); an unreadable archive a
    ``Rejection`` (``E100``/``E132``) after the pages read before the damage;
    an archive without any HTML page a ``Rejection`` (``E133``).
    """
    from warcio.archiveiterator import ArchiveIterator

    source = str(path)
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the `with stream:` below
    except FileNotFoundError:
        yield Rejection(source, "E100", Codes.E100)
        return
    except OSError as exc:
        yield Rejection(source, "E115", Codes.E115.format(detail=_detail(exc)))
        return
    records = pages = oversize = 0
    skipped: dict[str, int] = {}
    with stream:
        archive = iter(ArchiveIterator(stream))
        while True:
            try:
                with _warcio_warnings(source):
                    record = next(archive, None)
                if record is None:
                    break
                if record.format != "warc":  # warcio reads any text as ARC records: refuse
                    raise ValueError(f"not a WARC record (format {record.format!r})")
                records += 1
                page_or_skip = _warc_page(record, source, settings)
            except Exception as exc:  # warcio raises ArchiveLoadFailed, zlib.error, EOFError, ValueError…
                log.debug("WARC %s: error after %d records", source, records, exc_info=True)
                yield Rejection(source, "E132", Codes.E132.format(count=records, detail=_detail(exc)))
                return
            if isinstance(page_or_skip, str):
                skipped[page_or_skip] = skipped.get(page_or_skip, 0) + 1
                continue
            if isinstance(page_or_skip, FetchedPage):
                pages += 1
            else:
                oversize += 1
            yield page_or_skip
    summary = ", ".join(f"{n} {why}" for why, n in sorted(skipped.items())) or "nothing skipped"
    log.info("WARC %s: %d HTML pages from %d records (skipped: %s)", source, pages, records, summary)
    if pages == 0 and oversize == 0:  # nothing usable and nothing said yet: say why
        yield Rejection(source, "E133", Codes.E133.format(detail=f"{records} records; skipped: {summary}"))


@contextmanager
def _warcio_warnings(source: str) -> Iterator[None]:
    """warcio prints damage warnings to stderr; turn them into log lines."""
    captured = io.StringIO()
    with redirect_stderr(captured):
        yield
    for line in captured.getvalue().splitlines():
        if line.strip():
            log.warning("WARC %s: %s", source, line.strip())


def _warc_page(record: Any, source: str, settings: FetchSettings) -> FetchedPage | Rejection | str:
    """A page, a Rejection, or the reason the record is skipped."""
    kind = record.rec_type
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if kind == "response":
        if record.http_headers is None:
            return "non-HTTP responses"
        status_text = record.http_headers.get_statuscode() or ""
        if status_text != "200":
            return f"status {status_text or '?'}"
        media, charset = _parse_content_type(record.http_headers.get_header("Content-Type"))
    elif kind == "resource":
        status_text = "200"
        media, charset = _parse_content_type(record.rec_headers.get_header("Content-Type"))
    else:
        return f"{kind} records"
    if media not in HTML_TYPES:
        return f"{media or 'untyped'} responses"
    body = record.content_stream().read(settings.max_bytes + 1)
    label = uri or source
    if len(body) > settings.max_bytes:
        return Rejection(label, "E125", f"{Codes.E125.format(limit=settings.max_bytes)} (in {source})")
    return FetchedPage(
        url=label,
        final_url=label,
        status=int(status_text),
        content_type=media,
        body=body,
        fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
        charset=charset,
    )


def _warc_date(value: str | None) -> dt.datetime:
    if value:
        try:
            stamp = dt.datetime.fromisoformat(value.strip())  # 3.11 reads a trailing Z
            return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
        except ValueError:
            pass
    return dt.datetime.now(dt.UTC)


# -- inputs ------------------------------------------------------------------------


def is_fetch_input(value: str) -> bool:
    """True for inputs this module reads: a URL (any scheme, so a bad one gets a clear
    rejection), a ``.warc``/``.warc.gz`` path, or a text file (up to 1 MB) whose lines are
    mostly http(s) URLs (one a line; blank lines and ``#`` comments ignored). Everything
    else belongs to ``ingest``.
    """
    if _ANY_SCHEME.match(value) and "://" in value[:40]:
        return True
    if value.lower().endswith(_WARC_SUFFIXES):
        return True
    path = Path(value)
    try:
        if not path.is_file() or path.stat().st_size > _URL_LIST_PROBE_BYTES:
            return False
        lines = _significant_lines(path.read_bytes())
    except OSError:
        return False
    urls = sum(1 for _, line in lines if _URL.fullmatch(line))
    return urls > 0 and urls * 2 > len(lines)  # mostly URLs: a typo line is reported, not misread as prose


def _significant_lines(data: bytes) -> list[tuple[int, str]]:
    if b"\x00" in data[:4096]:
        return []
    text = decode_body(data, "utf-8")
    return [
        (n, line.strip())
        for n, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.strip().startswith("#")
    ]


def fetch_articles(
    inputs: Iterable[str],
    settings: FetchSettings,
    read_html: ReadFn,
    *,
    read_text: ReadFn | None = None,
    skip_url: Callable[[str], bool] | None = None,
) -> Iterator[Article | Rejection]:
    """Articles from URLs, feeds, WARC files and URL lists; a Rejection for each failure.

    - an http(s) URL is fetched; a feed (RSS/Atom) gives each entry's page,
      anything else is one page;
    - a ``.warc``/``.warc.gz`` path gives each HTML response;
    - any other file is a URL list: one http(s) URL a line (pages or feeds),
      blank lines and ``#`` comments ignored.

    HTML pages go to ``read_html(text, source)``; plain-text pages to
    ``read_text`` when given, else to ``read_html`` wrapped in paragraphs.
    ``source`` is the URL (for a WARC record, its target URI). An article
    without a ``url`` of its own gets the page's final URL. A URL already
    fetched in this call is not fetched again, nor is one for which
    ``skip_url(url)`` is true (pass ``store.has_source`` so a rerun does not
    fetch pages already stored; feeds are still read for new entries).
    Rejections name the feed or archive an entry came from.
    """
    run = _Run(settings, read_html, read_text, skip_url)
    for raw in inputs:
        yield from run.guard(raw, run.read_input(raw))


class _Run:
    """State of one ``fetch_articles`` call: settings, readers, URLs already fetched."""

    def __init__(
        self,
        settings: FetchSettings,
        read_html: ReadFn,
        read_text: ReadFn | None,
        skip_url: Callable[[str], bool] | None,
    ) -> None:
        self.settings = settings
        self.read_html = read_html
        self.read_text = read_text
        self.skip_url = skip_url
        self.seen: set[str] = set()

    def guard(
        self, source: str, items: Iterator[Article | Rejection], *, origin: str | None = None
    ) -> Iterator[Article | Rejection]:
        """Pass ``items`` on (a lazy generator); an error becomes a Rejection, and what came before it stays."""
        suffix = f" (from {origin})" if origin else ""
        try:
            for item in items:
                if isinstance(item, Rejection):
                    log.info("rejected %s", item)
                yield item
        except IngestError as exc:
            rejection = Rejection(exc.source, exc.code, exc.reason + suffix)
            log.info("rejected %s", rejection)
            yield rejection
        except Exception as exc:  # a reader bug must not stop the batch
            log.exception("unexpected error on %s", source)
            yield Rejection(source, "E199", Codes.E199.format(detail=_detail(exc)) + suffix)

    def read_input(self, raw: str) -> Iterator[Article | Rejection]:
        scheme = _ANY_SCHEME.match(raw)
        if _URL.match(raw) or (scheme and "://" in raw[:40]):
            yield from self.read_url(raw.strip())
            return
        path = Path(raw)
        if not path.exists():
            raise IngestError(raw, "E100", Codes.E100)
        if path.is_dir() or not path.is_file():
            raise IngestError(raw, "E135", Codes.E135)
        if raw.lower().endswith(_WARC_SUFFIXES):
            yield from self.read_warc_file(raw)
        else:
            yield from self.read_url_list(path, raw)

    def read_url(self, url: str, *, origin: str | None = None) -> Iterator[Article | Rejection]:
        key = url.split("#", 1)[0]
        if key in self.seen:
            log.info("%s: already fetched in this run; skipped", url)
            return
        self.seen.add(key)
        if self.skip_url is not None and self.skip_url(url):
            log.info("%s: already stored; skipped", url)
            return
        page = fetch_url(url, self.settings)
        self.seen.add(page.final_url.split("#", 1)[0])
        if not page.is_feed:
            yield self.article(page, url)
            return
        if origin is not None:
            raise IngestError(url, "E139", Codes.E139)
        links = read_feed(page.body, page.final_url)
        if not links:
            raise IngestError(url, "E131", Codes.E131)
        limit = self.settings.max_feed_entries
        if len(links) > limit:
            log.warning("%s: %d entries; reading the first %d (max_feed_entries)", url, len(links), limit)
        for link in links[:limit]:
            yield from self.guard(link, self.read_url(link, origin=url), origin=f"feed {url}")

    def read_warc_file(self, path: str) -> Iterator[Article | Rejection]:
        for item in read_warc(path, self.settings):
            if isinstance(item, Rejection):
                yield item
            else:
                yield from self.guard(item.url, self.page_articles(item), origin=path)

    def page_articles(self, page: FetchedPage) -> Iterator[Article]:
        yield self.article(page, page.url)

    def read_url_list(self, path: Path, raw: str) -> Iterator[Article | Rejection]:
        size = path.stat().st_size
        if size > self.settings.max_bytes:
            raise IngestError(raw, "E104", Codes.E104.format(size=size, limit=self.settings.max_bytes))
        lines = _significant_lines(path.read_bytes())
        urls = [(n, line) for n, line in lines if _URL.fullmatch(line)]
        if not urls:
            raise IngestError(raw, "E135", Codes.E135)
        for n, line in lines:
            if _URL.fullmatch(line):
                yield from self.guard(line, self.read_url(line), origin=f"{raw} line {n}")
            else:
                yield Rejection(raw, "E134", Codes.E134.format(line=n))

    def article(self, page: FetchedPage, source: str) -> Article:
        if page.is_feed:
            raise IngestError(source, "E139", Codes.E139)
        text = page.text()
        if page.content_type in TEXT_TYPES:
            if self.read_text is not None:
                article = self.read_text(text, source)
            else:
                article = self.read_html(_plain_to_html(text), source)
        elif page.content_type in HTML_TYPES or b"<html" in page.body[:4096].lower():
            article = self.read_html(text, source)
        else:
            raise IngestError(source, "E138", Codes.E138)
        if article.url is None:
            article = replace(article, url=page.final_url)
        return article


def _plain_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    inner = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"<!DOCTYPE html><html><body><article>\n{inner}\n</article></body></html>"
