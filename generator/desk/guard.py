"""Who may use the desk: only the person who started it, on this computer.

- The server listens on 127.0.0.1 (server.py), so no other computer can reach it.
- The first address `handbook desk` opens carries a random token; the desk answers it with an
  HttpOnly, SameSite=Strict cookie holding the token (as Jupyter does) and drops the token from
  the address.  Any request without the cookie gets 403: another user's program on the same
  computer, or a web page in the browser, cannot read or change anything.
- The Host header must be 127.0.0.1:PORT or localhost:PORT, so a web page whose domain is made
  to point at 127.0.0.1 (DNS rebinding) is refused even though the browser thinks it is that page.
- Every form carries a CSRF token (checked by app.read_form), in case the cookie rules are ever
  relaxed by a browser.
- A request body is capped (MAX_BODY; MAX_UPLOAD for the addresses that take a document),
  whatever its Content-Length claims.
- Pages forbid scripts, frames and forms to other sites (Content-Security-Policy); the built
  handbook served from build/ runs sandboxed (OUTPUT_CSP).

Served to the office network (`--office`, office.py), the token is replaced by a password and a
login page, and the Host header must name one of the computer's names given with the option.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Sequence
from http.cookies import SimpleCookie
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode


class Door(Protocol):
    """What the guard asks of the office network's sign-in (office.Office, which uses this
    module's responses, so it is named here by its shape): the addresses it answers at, and
    whether a request may come in (False once it has answered the request itself)."""

    @property
    def hosts(self) -> set[str]: ...

    async def door(self, scope: Any, receive: Any, send: Any, headers: Any) -> bool: ...


MAX_BODY = 2 * 1024 * 1024  # no form of the desk comes near it
# A document to import or a revised Word document: a policy is a few hundred kB even with a
# logo; a file this large is not one policy (the importer has its own, larger, limits besides).
MAX_UPLOAD = 10 * 1024 * 1024
TOKEN_PARAM = "token"
# The built handbook, opened from the Build page, is served from the desk's own address: it runs
# sandboxed, as a page of no site, so its scripts cannot use the desk's cookie to read or post.
OUTPUT_CSP = "sandbox allow-scripts allow-popups allow-downloads; frame-ancestors 'none'"
PRINTED = re.compile(r"/notice/[^/]+/preview")  # the notice's print view (notice.printed)
DESK_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_for(token: str) -> str:
    """The forms' CSRF token: derived from the session token, never the token itself (a page
    source may be saved or shared; the cookie's token is never written into a page)."""
    return hmac.new(token.encode(), b"desk-form", hashlib.sha256).hexdigest()


def same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def cookie_name(port: int) -> str:
    # Cookies are shared by every port of a host: two desks (two projects) must not clash.
    return f"handbook-desk-{port}"


def allowed_hosts(port: int) -> set[str]:
    return {f"127.0.0.1:{port}", f"localhost:{port}"}


def _page(status: int, title: str, words: str) -> tuple[int, bytes]:
    body = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><main><h1>{title}</h1><p>{words}</p></main></body></html>"
    )
    return status, body.encode()


REFUSED_HOST = _page(
    403,
    "Not this address",
    "The desk answers only at the address <code>handbook desk</code> printed "
    "(127.0.0.1 or localhost, with its port number).",
)
NO_TOKEN = _page(
    403,
    "Open the desk from its link",
    "This page needs the link <code>handbook desk</code> printed when it "
    "started (it has a key in it). Open that link again, or start the desk again.",
)
REFUSED_OFFICE_HOST = _page(
    403,
    "Not this address",
    "The desk answers only at the addresses <code>handbook desk --office</code> printed "
    "(the names given with --office-name, with its port number).",
)
TOO_LARGE = _page(
    413,
    "Too large",
    "What was sent is larger than the desk accepts (a document to import: "
    f"{MAX_UPLOAD // (1024 * 1024)} MB at most), so nothing was read or saved. Go back to the page and "
    "choose a smaller file.",
)


def security_headers() -> list[tuple[bytes, bytes]]:
    """The headers every desk page is answered with."""
    return [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"content-security-policy", DESK_CSP.encode()),
    ]


class Guard:
    """ASGI middleware: the host, the token cookie (or the office's password) and the size cap,
    before any page runs."""

    def __init__(
        self,
        app,
        *,
        token: str,
        port: int,
        uploads: Callable[[str], bool] = lambda path: False,
        office: Door | None = None,
    ) -> None:
        """`uploads(path)`: whether a POST to `path` takes a document (capped at MAX_UPLOAD).
        `office`: served to the office network, with a password (office.py) instead of the token."""
        self.app, self.token, self.port, self.uploads, self.office = app, token, port, uploads, office
        self.hosts = office.hosts if office is not None else allowed_hosts(port)
        self.cookie = cookie_name(port)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if headers.get("host", "").lower() not in self.hosts:
            return await _send(send, REFUSED_OFFICE_HOST if self.office is not None else REFUSED_HOST)
        if self.office is not None:
            if not await self.office.door(scope, receive, send, headers):
                return None
        elif not await self._token_door(scope, send, headers):
            return None
        await self._capped(scope, receive, send, headers)

    async def _token_door(self, scope, send, headers: dict[str, str]) -> bool:
        """On this computer only: the token of the first address becomes a cookie; a request
        without it is refused.  True when the request may go on."""
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = dict(query).get(TOKEN_PARAM)
        if given is not None and same(given, self.token):
            rest = urlencode([(k, v) for k, v in query if k != TOKEN_PARAM])
            # "/" + the path without its leading slashes: "//elsewhere.example" would leave the desk
            location = "/" + scope["path"].lstrip("/") + (f"?{rest}" if rest else "")
            cookie = f"{self.cookie}={self.token}; HttpOnly; SameSite=Strict; Path=/"
            await _send(send, (303, b""), [(b"location", location.encode()), (b"set-cookie", cookie.encode())])
            return False
        jar = SimpleCookie()
        try:
            jar.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is no cookie
            jar = SimpleCookie()
        if not same(jar[self.cookie].value if self.cookie in jar else None, self.token):
            await _send(send, NO_TOKEN)
            return False
        return True

    async def _capped(self, scope, receive, send, headers: dict[str, str]) -> None:
        cap = MAX_UPLOAD if scope.get("method") == "POST" and self.uploads(scope["path"]) else MAX_BODY
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > cap):
            return await _send(send, TOO_LARGE)
        received = 0

        async def capped_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > cap:  # a body longer than it said, or chunked without a length
                raise TooLarge()
            return message

        # The build's outputs, and the notice as printed (its own styles), are served sandboxed.
        desk_page = not scope["path"].startswith("/out/") and not PRINTED.fullmatch(scope["path"])
        started = False

        async def secured_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cache-control", b"no-store"),
                    (b"x-frame-options", b"DENY"),
                ]
                extra.append((b"content-security-policy", (DESK_CSP if desk_page else OUTPUT_CSP).encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, capped_receive, secured_send)
        except TooLarge:  # the app's error page has answered already (app.server_error), or we do
            if not started:
                await _send(send, TOO_LARGE)


class TooLarge(Exception):
    pass


async def _send(send, page: tuple[int, bytes], headers: Sequence[tuple[bytes, bytes]] = ()) -> None:
    status, body = page
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
