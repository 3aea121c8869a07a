"""Bounded, safe fetching: a real HTTP server on 127.0.0.1, feeds, WARC files, address checks.

Everything runs offline. The server is on loopback, so positive cases pass
``allow_private=True``; tests of the default refusals either never connect
(the check comes first) or put a stand-in public name in front of the local
server by replacing the resolver and the socket opener.
"""

from __future__ import annotations

import gzip
import io
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from triangulate.errors import Codes, IngestError
from triangulate.ids import article_id
from triangulate.records import Article, Rejection
from triangulate.stages import fetch
from triangulate.stages.fetch import (
    FetchedPage,
    FetchSettings,
    address_kind,
    decode_body,
    fetch_articles,
    fetch_url,
    is_fetch_input,
    is_public_address,
    read_feed,
    read_warc,
)

LOCAL = FetchSettings(allow_private=True, timeout_s=5.0)
PUBLIC = "93.184.215.14"  # stands in for a public address; never connected to (the opener is replaced)

ARTICLE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Ferry service to Wrenholm resumes after storm repairs</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry service to Wrenholm resumes after storm repairs</h1>
<p>PORT ELLERY — The ferry between Port Ellery and the island of Wrenholm resumed on Thursday after
three weeks of repairs to the storm-damaged pier, the harbour authority said.</p>
<p>Harbour master Ines Calder said crews replaced forty timber piles and that the first crossing
carried 112 passengers and two delivery vans. Islanders had relied on a borrowed fishing boat.</p>
</article></body></html>"""

SECOND = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Wrenholm school reopens</title></head>
<body><article><p>The primary school on Wrenholm reopened on Monday once the ferry was running again,
and teachers said nineteen pupils attended the first morning of lessons after the long break.</p>
</article></body></html>"""


# -- the local server ------------------------------------------------------------------


@dataclass
class Server:
    base: str
    port: int
    hits: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


def _rss(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Island News</title><link>{base}/</link>
<description>Local news</description>
<item><title>Ferry resumes</title><link>{base}/article.html</link></item>
<item><title>School reopens</title><link>/second.html</link></item>
<item><title>Ferry resumes (again listed)</title><link>{base}/article.html#top</link></item>
</channel></rss>""".encode()


def _atom(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Island News</title><id>urn:x-island</id>
<updated>2025-08-05T10:00:00Z</updated>
<entry><title>Ferry resumes</title><id>urn:x-1</id><updated>2025-08-05T10:00:00Z</updated>
<link rel="alternate" href="{base}/article.html"/></entry>
<entry><title>School reopens</title><id>urn:x-2</id><updated>2025-08-05T10:00:00Z</updated>
<link href="second.html"/></entry>
</feed>""".encode()


class _Handler(BaseHTTPRequestHandler):
    server_version = "TestServer/1"
    state: Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str | None, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if ctype is not None:
            self.send_header("Content-Type", ctype)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # a routing table
        state = self.state
        state.hits.append(self.path)
        base = state.base
        path = self.path
        try:
            if path == "/article.html":
                self._send(200, ARTICLE.encode(), "text/html; charset=utf-8")
            elif path == "/second.html":
                self._send(200, SECOND.encode(), "text/html")
            elif path == "/latin.html":
                body = "<html><body><p>Le café «Ancre» a rouvert — naïve joie.</p></body></html>"
                self._send(200, body.encode("cp1252"), "text/html; charset=windows-1252")
            elif path == "/undeclared.html":
                body = "<html><body><p>Caf\u00e9 \u201cquoted\u201d text</p></body></html>"
                self._send(200, body.encode("cp1252"), "text/html")
            elif path == "/gzip.html":
                self._send(
                    200, gzip.compress(ARTICLE.encode()), "text/html; charset=utf-8", {"Content-Encoding": "gzip"}
                )
            elif path == "/bomb":
                self._send(200, gzip.compress(b"<p>" + b"a" * 5_000_000), "text/html", {"Content-Encoding": "gzip"})
            elif path == "/plain.txt":
                self._send(200, b"Ferry news.\n\nThe ferry resumed on Thursday after repairs.", "text/plain")
            elif path == "/feed.rss":
                self._send(200, _rss(base), "application/rss+xml; charset=utf-8")
            elif path == "/feed.atom":
                self._send(200, _atom(base), "application/atom+xml")
            elif path == "/feed-broken.rss":
                self._send(200, _rss(base).replace(b"/second.html", b"/missing.html"), "text/xml")
            elif path == "/empty.rss":
                empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
                self._send(200, empty, "application/rss+xml")
            elif path == "/catalog.xml":
                self._send(200, b'<?xml version="1.0"?><catalog><book id="1"/></catalog>', "application/xml")
            elif path == "/image.png":
                self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
            elif path == "/no-type":
                self._send(200, b"<p>hello</p>", None)
            elif path == "/slow":
                state.release.wait(5)
                self._send(200, ARTICLE.encode(), "text/html")
            elif path == "/trickle":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(100):
                    if state.release.wait(0.05):
                        break
                    self.wfile.write(b"<p>x</p>")
                    self.wfile.flush()
            elif path == "/huge-declared":
                self._send(200, b"<p>small</p>", "text/html", {"Content-Length": "900000000"})
            elif path == "/huge-stream":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()  # no length: the body runs until the connection closes
                for _ in range(200):
                    self.wfile.write(b"<p>" + b"y" * 65536 + b"</p>")
            elif path.startswith("/redirect/"):
                n = int(path.rsplit("/", 1)[1])
                target = "/article.html" if n == 0 else f"/redirect/{n - 1}"
                self._send(302, b"", "text/html", {"Location": target})
            elif path == "/loop":
                self._send(301, b"", "text/html", {"Location": "/loop"})
            elif path == "/no-location":
                self._send(302, b"", "text/html")
            elif path == "/to-loopback":
                self._send(302, b"", "text/html", {"Location": f"http://127.0.0.1:{state.port}/article.html"})
            elif path == "/to-localhost":
                self._send(307, b"", "text/html", {"Location": f"http://localhost:{state.port}/article.html"})
            elif path == "/to-metadata":
                self._send(302, b"", "text/html", {"Location": "http://169.254.169.254/latest/meta-data/"})
            elif path == "/to-ftp":
                self._send(302, b"", "text/html", {"Location": "ftp://files.example/x"})
            elif path == "/error":
                self._send(503, b"down", "text/plain")
            else:
                self._send(404, b"<h1>not found</h1>", "text/html")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading, as it should past a limit


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    port = httpd.server_address[1]
    state = Server(base=f"http://127.0.0.1:{port}", port=port)
    _Handler.state = state
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    state.release.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def no_connect(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Fail the test on any connection attempt."""
    attempts: list[list[str]] = []

    def refuse(addresses: list[str], port: int, timeout_s: float) -> socket.socket:
        attempts.append(list(addresses))
        raise AssertionError(f"a connection to {addresses} was attempted")

    monkeypatch.setattr(fetch, "_open_socket", refuse)
    return attempts


@dataclass
class Front:
    """A stand-in public name, ``news.example``, in front of the local server."""

    resolved: list[str] = field(default_factory=list)
    connected: list[list[str]] = field(default_factory=list)
    answers: dict[str, list[list[str]]] = field(default_factory=dict)


@pytest.fixture()
def front(monkeypatch: pytest.MonkeyPatch, server: Server) -> Front:
    state = Front(answers={"news.example": [[PUBLIC]]})
    real_resolve = fetch._resolve

    def resolve(host: str, port: int, source: str, deadline: float, settings: FetchSettings) -> list[str]:
        state.resolved.append(host)
        if host in state.answers:
            answers = state.answers[host]
            return answers.pop(0) if len(answers) > 1 else answers[0]
        return real_resolve(host, port, source, deadline, settings)

    def open_socket(addresses: list[str], port: int, timeout_s: float) -> socket.socket:
        state.connected.append(list(addresses))
        if addresses != [PUBLIC]:
            raise AssertionError(f"a connection to {addresses} was attempted")
        return socket.create_connection(("127.0.0.1", server.port), timeout=timeout_s)

    monkeypatch.setattr(fetch, "_resolve", resolve)
    monkeypatch.setattr(fetch, "_open_socket", open_socket)
    return state


def _reader(html: str, source: str) -> Article:
    """A stand-in HTML reader: the <p> text, the <title>; E107 when there is no paragraph."""
    paragraphs = re.findall(r"<p>(.*?)</p>", html, flags=re.DOTALL)
    if not paragraphs:
        raise IngestError(source, "E107", Codes.E107)
    body = "\n\n".join(" ".join(p.split()) for p in paragraphs)
    title = re.search(r"<title>(.*?)</title>", html)
    return Article(
        id=article_id(body), source=source, body=body, format="html", title=title.group(1) if title else None
    )


def _codes(items: list[Article | Rejection]) -> list[str]:
    return [i.code if isinstance(i, Rejection) else "article" for i in items]


# -- fetch_url: positive cases ---------------------------------------------------------


def test_fetch_url_reads_an_html_page(server: Server) -> None:
    page = fetch_url(f"{server.base}/article.html", LOCAL)
    assert isinstance(page, FetchedPage)
    assert page.status == 200 and page.content_type == "text/html" and page.charset == "utf-8"
    assert page.final_url == page.url == f"{server.base}/article.html"
    assert "Wrenholm" in page.text()
    assert page.fetched_at.tzinfo is not None


def test_fetch_url_follows_a_redirect_chain(server: Server) -> None:
    page = fetch_url(f"{server.base}/redirect/3", LOCAL)
    assert page.final_url == f"{server.base}/article.html"
    assert page.url == f"{server.base}/redirect/3"


def test_fetch_url_decompresses_gzip(server: Server) -> None:
    assert fetch_url(f"{server.base}/gzip.html", LOCAL).body == ARTICLE.encode()


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/latin.html", "Le café «Ancre» a rouvert — naïve joie."), ("/undeclared.html", "Café “quoted” text")],
)
def test_fetch_url_decodes_declared_and_fallback_charsets(server: Server, path: str, expected: str) -> None:
    assert expected in fetch_url(f"{server.base}{path}", LOCAL).text()


def test_fetch_url_resolves_localhost_when_allowed(server: Server) -> None:
    page = fetch_url(f"http://localhost:{server.port}/second.html", LOCAL)
    assert "nineteen pupils" in page.text()


# -- fetch_url: limits and errors ------------------------------------------------------


def _refusal(url: str, settings: FetchSettings = LOCAL) -> IngestError:
    with pytest.raises(IngestError) as err:
        fetch_url(url, settings)
    assert err.value.source == url
    return err.value


def test_fetch_url_times_out_on_a_slow_server(server: Server) -> None:
    start = time.monotonic()
    err = _refusal(f"{server.base}/slow", FetchSettings(allow_private=True, timeout_s=0.4))
    assert err.code == "E124" and "0.4 s" in str(err)
    assert time.monotonic() - start < 2.5


def test_fetch_url_deadline_covers_a_trickling_body(server: Server) -> None:
    start = time.monotonic()
    err = _refusal(f"{server.base}/trickle", FetchSettings(allow_private=True, timeout_s=0.6))
    assert err.code == "E124"
    assert time.monotonic() - start < 2.5


@pytest.mark.parametrize("path", ["/huge-declared", "/huge-stream", "/bomb"])
def test_fetch_url_stops_at_the_size_cap(server: Server, path: str) -> None:
    start = time.monotonic()
    err = _refusal(f"{server.base}{path}", FetchSettings(allow_private=True, max_bytes=100_000))
    assert err.code == "E125" and "100000-byte limit" in str(err)
    assert time.monotonic() - start < 3


@pytest.mark.parametrize(
    ("path", "code", "words"),
    [
        ("/image.png", "E126", "image/png"),
        ("/no-type", "E126", "(none given)"),
        ("/nothing-here", "E127", "HTTP 404"),
        ("/error", "E127", "HTTP 503"),
        ("/loop", "E128", "more than 5 redirects"),
        ("/no-location", "E137", "without a Location"),
        ("/to-ftp", "E120", "'ftp'"),
    ],
)
def test_fetch_url_names_the_failure(server: Server, path: str, code: str, words: str) -> None:
    err = _refusal(f"{server.base}{path}")
    assert err.code == code and words in str(err)


def test_fetch_url_counts_redirects(server: Server) -> None:
    err = _refusal(f"{server.base}/redirect/3", FetchSettings(allow_private=True, max_redirects=2))
    assert err.code == "E128"


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://files.example/report.html", "E120"),
        ("file:///etc/passwd", "E120"),
        ("javascript:alert(1)", "E120"),
        ("example.org/story", "E120"),
        ("http://", "E121"),
        ("http://host.example:99999/", "E121"),
    ],
)
def test_fetch_url_refuses_bad_urls_without_connecting(url: str, code: str, no_connect: list[list[str]]) -> None:
    assert _refusal(url, FetchSettings()).code == code
    assert no_connect == []


def test_fetch_url_unknown_host_is_a_clear_error() -> None:
    err = _refusal("http://no-such-host.invalid/", FetchSettings())
    assert err.code == "E123" and "no-such-host.invalid" in str(err)


# -- private addresses -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("100.64.0.1", "shared"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.8", "private"),
        ("2002:7f00:1::", "loopback"),  # 6to4 wrapping 127.0.0.1
        ("2002:a9fe:a9fe::", "link-local"),  # 6to4 wrapping 169.254.169.254
        ("64:ff9b::a00:1", "private"),  # NAT64 wrapping 10.0.0.1
        ("8.8.8.8", "public"),
        ("93.184.215.14", "public"),
        ("2606:4700:4700::1111", "public"),
    ],
)
def test_fetch_address_kind(address: str, kind: str) -> None:
    assert address_kind(address) == kind
    assert is_public_address(address) is (kind == "public")


@pytest.mark.parametrize("address", ["240.0.0.1", "255.255.255.255", "198.51.100.7", "2001:db8::1", "192.0.0.8"])
def test_fetch_address_kind_other_non_public_ranges(address: str) -> None:
    assert not is_public_address(address)


def test_fetch_address_kind_rejects_non_addresses() -> None:
    with pytest.raises(ValueError):
        address_kind("localhost")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "127.1", "2130706433"])
def test_fetch_url_refuses_loopback_by_default(server: Server, host: str, no_connect: list[list[str]]) -> None:
    url = f"http://{host}:{server.port}/article.html"
    before = len(server.hits)
    err = _refusal(url, FetchSettings())
    assert err.code == "E122"
    assert "loopback" in str(err) and "--allow-private" in str(err)
    assert no_connect == [] and len(server.hits) == before


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.10:8080/admin", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://[fd12:3456::1]/", "private"),
        ("http://[::ffff:192.168.0.1]/", "private"),
        ("http://0.0.0.0/", "unspecified"),
    ],
)
def test_fetch_url_refuses_private_addresses_before_connecting(
    url: str, kind: str, no_connect: list[list[str]]
) -> None:
    err = _refusal(url, FetchSettings())
    assert err.code == "E122" and f"a {kind} address" in str(err)
    assert no_connect == []


def test_fetch_url_checks_every_resolved_address(front: Front) -> None:
    front.answers["mixed.example"] = [[PUBLIC, "10.0.0.5"]]
    err = _refusal("http://mixed.example/article.html", FetchSettings())
    assert err.code == "E122" and "10.0.0.5" in str(err) and "private" in str(err)
    assert front.connected == []


def test_fetch_url_public_name_is_fetched(front: Front, server: Server) -> None:
    page = fetch_url(f"http://news.example:{server.port}/article.html", FetchSettings())
    assert "Wrenholm" in page.text()
    assert front.connected == [[PUBLIC]]


@pytest.mark.parametrize(
    ("path", "kind", "target"),
    [
        ("/to-loopback", "loopback", "127.0.0.1"),
        ("/to-localhost", "loopback", "localhost"),
        ("/to-metadata", "link-local", "169.254.169.254"),
    ],
)
def test_fetch_url_checks_every_redirect_hop(front: Front, server: Server, path: str, kind: str, target: str) -> None:
    before = list(server.hits)
    err = _refusal(f"http://news.example:{server.port}{path}", FetchSettings())
    assert err.code == "E122"
    assert f"redirected to http://{target}" in str(err) and kind in str(err)
    assert front.connected == [[PUBLIC]]  # only the first hop was connected to
    assert server.hits[len(before) :] == [path]


def test_fetch_url_connects_to_the_address_it_checked(front: Front, server: Server) -> None:
    # a rebinding resolver: public on the first answer, loopback after
    front.answers["rebind.example"] = [[PUBLIC], ["127.0.0.1"]]
    page = fetch_url(f"http://rebind.example:{server.port}/second.html", FetchSettings())
    assert page.status == 200
    assert front.resolved.count("rebind.example") == 1
    assert front.connected == [[PUBLIC]]


# -- HTTPS -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_server(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """The same routes over HTTPS, with a self-signed certificate for the name ``localhost`` only."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], cert
    httpd.shutdown()
    httpd.server_close()


def test_fetch_url_https_verifies_the_certificate(tls_server: tuple[int, Path]) -> None:
    port, _ = tls_server
    err = _refusal(f"https://localhost:{port}/article.html")
    assert err.code == "E129" and "TLS" in str(err) and "certificate" in str(err).lower()


def test_fetch_url_https_checks_the_name_not_the_address(
    tls_server: tuple[int, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, cert = tls_server

    def trusting() -> ssl.SSLContext:
        context = ssl.create_default_context()
        context.load_verify_locations(cafile=str(cert))
        return context

    monkeypatch.setattr(fetch, "_tls_context", trusting)
    page = fetch_url(f"https://localhost:{port}/article.html", LOCAL)
    assert "Wrenholm" in page.text()
    err = _refusal(f"https://127.0.0.1:{port}/article.html")  # the certificate names localhost only
    assert err.code == "E129"


# -- decoding --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "charset", "expected"),
    [
        ("café".encode(), None, "café"),
        ("café".encode("cp1252"), None, "café"),
        ("café".encode("cp1252"), "iso-8859-1", "café"),
        ("café".encode(), "cp1252", "cafÃ©"),  # declared charset wins when it decodes
        ("café".encode("cp1252"), "utf-8", "café"),  # declared charset that fails falls back
        ('<meta charset="windows-1252"><p>café'.encode("cp1252"), None, '<meta charset="windows-1252"><p>café'),
        (b"\xef\xbb\xbfcaf\xc3\xa9", "cp1252", "café"),  # a BOM wins
        ("café".encode(), "no-such-charset", "café"),
    ],
)
def test_fetch_decode_body(body: bytes, charset: str | None, expected: str) -> None:
    assert decode_body(body, charset, "text/html") == expected


# -- feeds -----------------------------------------------------------------------------


def test_fetch_read_feed_rss_and_atom() -> None:
    base = "http://news.example"
    expected = [f"{base}/article.html", f"{base}/second.html"]
    assert read_feed(_rss(base), f"{base}/feed.rss") == expected
    assert read_feed(_atom(base), f"{base}/feeds/feed.atom") == [f"{base}/article.html", f"{base}/feeds/second.html"]


def test_fetch_read_feed_empty_and_invalid() -> None:
    assert read_feed(b'<rss version="2.0"><channel><title>t</title></channel></rss>', "http://x.example/f") == []
    with pytest.raises(IngestError) as err:
        read_feed(b"\x89PNG not a feed", "http://x.example/f")
    assert err.value.code == "E130"


def test_fetch_read_feed_never_opens_what_it_is_given(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text(_rss("http://leak.example").decode())
    with pytest.raises(IngestError):
        read_feed(str(secret).encode(), "http://x.example/f")


# -- fetch_articles --------------------------------------------------------------------


@pytest.mark.parametrize("feed", ["/feed.rss", "/feed.atom"])
def test_fetch_articles_reads_each_feed_entry(server: Server, feed: str) -> None:
    items = list(fetch_articles([f"{server.base}{feed}"], LOCAL, _reader))
    assert _codes(items) == ["article", "article"]
    first, second = items
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.source == first.url == f"{server.base}/article.html"
    assert first.title == "Ferry service to Wrenholm resumes after storm repairs"
    assert second.source == f"{server.base}/second.html"


def test_fetch_articles_keeps_going_past_a_bad_entry(server: Server) -> None:
    items = list(fetch_articles([f"{server.base}/feed-broken.rss"], LOCAL, _reader))
    assert _codes(items) == ["article", "E127"]
    bad = items[1]
    assert isinstance(bad, Rejection)
    assert bad.source == f"{server.base}/missing.html"
    assert f"feed {server.base}/feed-broken.rss" in bad.reason


def test_fetch_articles_mixed_inputs(server: Server, tmp_path: Path) -> None:
    inputs = [
        f"{server.base}/article.html",
        f"{server.base}/article.html",  # fetched once
        f"{server.base}/image.png",
        f"{server.base}/empty.rss",
        f"{server.base}/catalog.xml",
        f"{server.base}/plain.txt",
        "gopher://old.example/",
        str(tmp_path / "missing.warc.gz"),
        str(tmp_path),
    ]
    items = list(fetch_articles(inputs, LOCAL, _reader))
    assert _codes(items) == ["article", "E126", "E131", "E138", "article", "E120", "E100", "E135"]
    assert [i.source for i in items] == [
        inputs[0],
        inputs[2],
        inputs[3],
        inputs[4],
        inputs[5],
        inputs[6],
        inputs[7],
        inputs[8],
    ]
    plain = items[4]
    assert isinstance(plain, Article) and "resumed on Thursday" in plain.body


def test_fetch_articles_plain_text_goes_to_the_text_reader(server: Server) -> None:
    seen: list[str] = []

    def read_text(text: str, source: str) -> Article:
        seen.append(text)
        return Article(id=article_id(text), source=source, body=text)

    items = list(fetch_articles([f"{server.base}/plain.txt"], LOCAL, _reader, read_text=read_text))
    assert _codes(items) == ["article"] and seen[0].startswith("Ferry news.")


def test_fetch_articles_refuses_loopback_by_default(server: Server) -> None:
    items = list(fetch_articles([f"{server.base}/feed.rss"], FetchSettings(), _reader))
    assert _codes(items) == ["E122"]
    assert "--allow-private" in items[0].reason  # type: ignore[union-attr]


def test_fetch_articles_reads_a_url_list(server: Server, tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        f"# island news\n\n{server.base}/feed.atom\n  {server.base}/second.html  \nnot a url\n{server.base}/nope\n"
    )
    assert is_fetch_input(str(listing)) is True  # mostly URLs: the bad line is reported, not read as prose
    items = list(fetch_articles([str(listing)], LOCAL, _reader))
    # the feed gives both pages; /second.html is then already fetched
    assert _codes(items) == ["article", "article", "E134", "E127"]
    assert items[2] == Rejection(str(listing), "E134", Codes.E134.format(line=5))
    assert f"{listing} line 6" in items[3].reason  # type: ignore[union-attr]


def test_fetch_articles_a_text_article_is_not_a_url_list(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("The ferry resumed on Thursday.\nIt carried 112 passengers.\n")
    assert is_fetch_input(str(story)) is False
    assert _codes(list(fetch_articles([str(story)], LOCAL, _reader))) == ["E135"]


def test_fetch_articles_with_the_real_html_reader(server: Server) -> None:
    from triangulate.stages.ingest import read_html_article

    items = list(fetch_articles([f"{server.base}/article.html"], LOCAL, read_html_article))
    assert _codes(items) == ["article"]
    article = items[0]
    assert isinstance(article, Article)
    assert "forty timber piles" in article.body and "Home" not in article.body
    assert article.url == f"{server.base}/article.html"
    assert article.source == f"{server.base}/article.html"


def test_fetch_articles_skips_urls_already_stored(server: Server) -> None:
    stored = {f"{server.base}/article.html"}
    asked: list[str] = []

    def skip(url: str) -> bool:
        asked.append(url)
        return url in stored

    before = len(server.hits)
    items = list(fetch_articles([f"{server.base}/feed.rss"], LOCAL, _reader, skip_url=skip))
    assert [i.source for i in items] == [f"{server.base}/second.html"]
    assert "/article.html" not in server.hits[before:]
    assert asked[0] == f"{server.base}/feed.rss"


def test_fetch_articles_a_reader_crash_is_a_rejection(server: Server) -> None:
    def broken(html: str, source: str) -> Article:
        raise RuntimeError("reader bug")

    items = list(fetch_articles([f"{server.base}/second.html"], LOCAL, broken))
    assert _codes(items) == ["E199"] and "reader bug" in items[0].reason  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://news.example/story", True),
        ("HTTP://NEWS.EXAMPLE/", True),
        ("ftp://files.example/x", True),
        ("crawl.warc.gz", True),
        ("crawl.WARC", True),
        ("story.txt", False),
        ("C:\\news\\story.txt", False),
    ],
)
def test_fetch_is_fetch_input(value: str, expected: bool) -> None:
    assert is_fetch_input(value) is expected


def test_fetch_is_fetch_input_sniffs_url_lists(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text("# comment\nhttps://a.example/feed\n\nhttp://b.example/rss\n")
    assert is_fetch_input(str(listing)) is True


# -- WARC ------------------------------------------------------------------------------


def _write_warc(path: Path, records: list[tuple[str, str, str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz")
        for uri, status, ctype, body in records:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)


_WARC_RECORDS = [
    ("https://news.example/ferry", "200 OK", "text/html; charset=utf-8", ARTICLE.encode()),
    ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
    ("https://news.example/gone", "404 Not Found", "text/html", b"<h1>gone</h1>"),
]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_fetch_read_warc_yields_html_responses(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    _write_warc(path, _WARC_RECORDS)
    items = list(read_warc(path, LOCAL))
    assert len(items) == 1
    page = items[0]
    assert isinstance(page, FetchedPage)
    assert page.url == "https://news.example/ferry" and page.status == 200
    assert page.content_type == "text/html" and page.charset == "utf-8"
    assert page.body == ARTICLE.encode()


def test_fetch_articles_reads_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _write_warc(path, _WARC_RECORDS)
    items = list(fetch_articles([str(path)], FetchSettings(), _reader))  # no network: default settings fine
    assert _codes(items) == ["article"]
    assert items[0].source == items[0].url == "https://news.example/ferry"  # type: ignore[union-attr]


def test_fetch_read_warc_size_cap_and_no_html(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    _write_warc(path, _WARC_RECORDS)
    items = list(read_warc(path, FetchSettings(max_bytes=100)))
    assert [(i.source, i.code) for i in items if isinstance(i, Rejection)] == [("https://news.example/ferry", "E125")]
    only_images = tmp_path / "images.warc.gz"
    _write_warc(only_images, _WARC_RECORDS[1:])
    items = list(read_warc(only_images, LOCAL))
    assert len(items) == 1 and isinstance(items[0], Rejection) and items[0].code == "E133"
    assert "status 404" in items[0].reason and "image/png" in items[0].reason


def test_fetch_read_warc_damaged_archive_keeps_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc"
    records = [_WARC_RECORDS[0], ("https://news.example/school", "200 OK", "text/html", SECOND.encode())]
    _write_warc(path, records)
    data = path.read_bytes()
    second = data.index(b"WARC/1", 10)
    path.write_bytes(data[: second + 40] + b"\x00garbage" * 10)
    items = list(read_warc(path, LOCAL))
    assert isinstance(items[0], FetchedPage) and items[0].url == "https://news.example/ferry"
    assert isinstance(items[-1], Rejection) and items[-1].code == "E132"
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not a WARC file\n" * 10)
    assert [i.code for i in read_warc(junk, LOCAL)] == ["E132"]  # type: ignore[union-attr]


# -- settings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [{"timeout_s": 0}, {"max_bytes": 0}, {"max_redirects": -1}, {"max_feed_entries": 0}, {"user_agent": "a\r\nX: y"}],
)
def test_fetch_settings_validate(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        FetchSettings(**kwargs)
