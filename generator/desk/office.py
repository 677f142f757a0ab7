"""Serving the desk to the office network (`handbook desk --office`), with a password.

By default the desk answers only on 127.0.0.1, to the person who started it (guard.py).  With
--office it listens on every address of the computer, so the setting's other computers can use
it, and the key in the first address is replaced by a password:

- The password is never an argument (`ps` would show it to every user of the computer): it is
  read from a private file (--password-file, mode 0600), from $HANDBOOK_DESK_PASSWORD, or typed
  when the desk starts.  Only its scrypt hash, with a random salt, is kept, in memory; it is
  never written anywhere.
- The login page compares the hash of what was typed with the kept one in constant time.
- Failed attempts slow down whoever makes them, and everyone once there are many: after
  FREE_TRIES failures the next try waits, doubling each time up to LONGEST_WAIT.
- A right password opens a session: a random key in an HttpOnly, SameSite=Strict cookie, kept
  by the server; it ends after IDLE_LIMIT without a request, on "Sign out", or when the desk stops.
- The Host header must be one of the names given with --office-name (with the port), as the
  address the desk prints; the CSRF token stays on every form, the login form's included.

What it does not do: the office network carries the pages, the password and the session key
unencrypted (no TLS), so anyone who can watch that network can read them.  The manual's desk
page says so; use it only on a network the setting trusts.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qsl

from generator.commands.arguments import DESK_PASSWORD_ENV as PASSWORD_ENV
from generator.commands.arguments import SHORTEST_DESK_PASSWORD as SHORTEST_PASSWORD

FREE_TRIES = 5  # failures before the login page makes anyone wait
FIRST_WAIT = 2.0  # seconds, after FREE_TRIES failures; doubled with each further failure
LONGEST_WAIT = 15 * 60.0
IDLE_LIMIT = 8 * 60 * 60.0  # a session unused for a working day ends
LOGIN_PATH = "/login"
LOGOUT_PATH = "/logout"
# scrypt's cost: about 50 ms and 16 MB a try on a small computer, so guessing is slow even for
# someone who somehow had the hash (it is never written anywhere).
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class NoPassword(Exception):
    """The desk cannot be served to the office network: no password, or not a usable one."""


@dataclass(frozen=True)
class Hashed:
    salt: bytes
    digest: bytes

    @classmethod
    def of(cls, password: str) -> Hashed:
        salt = secrets.token_bytes(16)
        return cls(salt, _scrypt(password, salt))

    def matches(self, password: str) -> bool:
        return hmac.compare_digest(_scrypt(password, self.salt), self.digest)


def _scrypt(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **SCRYPT)


def read_password(password_file: Path | None, environ: dict[str, str], ask: Callable[[], str] | None) -> str:
    """The password, from the file, the environment or typed (`ask`, when someone is at the
    keyboard); NoPassword, with what to do, when there is none or it is too short."""
    if password_file is not None:
        try:
            mode = password_file.stat().st_mode
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise NoPassword(
                    f"{password_file} can be read by other users of this computer: make it private "
                    f"(chmod 600 {password_file}) and start the desk again"
                )
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise NoPassword(f"--password-file {password_file}: cannot be read ({exc.__class__.__name__})") from None
        password = lines[0] if lines else ""
    elif environ.get(PASSWORD_ENV):
        password = environ[PASSWORD_ENV]
    elif ask is not None:
        password = ask()
    else:
        raise NoPassword(
            "serving to the office network needs a password: put it in a private file and give "
            f"--password-file FILE, or set ${PASSWORD_ENV}, or start the desk from a terminal to type it"
        )
    if len(password) < SHORTEST_PASSWORD:
        raise NoPassword(
            f"the password is too short: use at least {SHORTEST_PASSWORD} characters (a few words are easier "
            "to remember than symbols)"
        )
    return password


@dataclass
class Brake:
    """Failed logins slow everyone down: FREE_TRIES free, then a wait that doubles.  Counted
    for all addresses together as well as each one, so that many computers guessing at once are
    slowed too (the office has a handful of people; a right password resets the count)."""

    clock: Callable[[], float] = time.monotonic
    failures: dict[str, int] = field(default_factory=dict)
    until: dict[str, float] = field(default_factory=dict)

    def wait(self, who: str) -> float:
        """Seconds before `who` may try again (0: now)."""
        now = self.clock()
        return max(0.0, max(self.until.get(who, 0.0), self.until.get("*", 0.0)) - now)

    def failed(self, who: str) -> None:
        for key, free in ((who, FREE_TRIES), ("*", FREE_TRIES * 4)):
            self.failures[key] = self.failures.get(key, 0) + 1
            over = self.failures[key] - free
            if over > 0:
                self.until[key] = self.clock() + min(FIRST_WAIT * 2 ** (over - 1), LONGEST_WAIT)

    def succeeded(self, who: str) -> None:
        self.failures.pop(who, None)
        self.until.pop(who, None)


@dataclass
class Office:
    """The office network's door: who is signed in, and the login page."""

    password: Hashed
    hosts: set[str]  # name:port, as the Host header must be
    cookie: str
    csrf: str  # the desk's forms' CSRF token (guard.csrf_for the desk's secret)
    clock: Callable[[], float] = time.monotonic
    sessions: dict[str, float] = field(default_factory=dict)  # session key -> last request
    brake: Brake = field(default_factory=Brake)
    login_secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @classmethod
    def make(
        cls, password: str, names: list[str], port: int, csrf: str, clock: Callable[[], float] = time.monotonic
    ) -> Office:
        return cls(
            Hashed.of(password),
            {f"{name}:{port}" for name in names},
            f"handbook-desk-{port}",
            csrf,
            clock,
            brake=Brake(clock),
        )

    def signed_in(self, cookies: SimpleCookie) -> bool:
        key = cookies[self.cookie].value if self.cookie in cookies else None
        now = self.clock()
        for old in [k for k, seen in self.sessions.items() if now - seen > IDLE_LIMIT]:
            del self.sessions[old]
        for session in self.sessions:
            if key is not None and hmac.compare_digest(session.encode(), key.encode()):
                self.sessions[session] = now
                return True
        return False

    def login_token(self, nonce: str) -> str:
        """The login form's CSRF token: from a random value in its own cookie (there is no session yet)."""
        return hmac.new(self.login_secret, nonce.encode(), hashlib.sha256).hexdigest()

    async def door(self, scope, receive, send, headers: dict[str, str]) -> bool:
        """True when the request may go on to the desk; otherwise it has been answered here
        (the login page, a sign-in, a sign-out, or a redirect to the login page)."""
        from .guard import _send, security_headers

        answer = await self._answer(scope, receive, headers)
        if answer is None:
            return True
        page, extra = answer
        await _send(send, page, [*extra, *security_headers()])
        return False

    async def _answer(self, scope, receive, headers: dict[str, str]):
        """None: go on to the desk; else (page, headers) to answer with."""
        cookies = SimpleCookie()
        try:
            cookies.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is no cookie
            cookies = SimpleCookie()
        path, method = scope["path"], scope.get("method", "GET")
        to_login = (303, b""), [(b"location", LOGIN_PATH.encode())]
        if path.startswith("/static/"):  # the stylesheet, for the login page
            return None
        if path == LOGOUT_PATH and method == "POST":
            form = await _small_form(receive)
            if self.signed_in(cookies) and hmac.compare_digest(form.get("csrf", "").encode(), self.csrf.encode()):
                self.sessions.pop(cookies[self.cookie].value, None)
                return to_login[0], [*to_login[1], self._clear()]
            return to_login
        if path != LOGIN_PATH:
            return None if self.signed_in(cookies) else to_login
        nonce = cookies[self.cookie + "-login"].value if self.cookie + "-login" in cookies else ""
        if method != "POST":
            # the browser's own requests (its icon) are sent here too: keep the value the form was made with
            return self._login(None, 200, nonce)
        form = await _small_form(receive)
        if not nonce or not hmac.compare_digest(form.get("csrf", "").encode(), self.login_token(nonce).encode()):
            return self._login("This form was out of date: type the password again.", 403, nonce)
        who = (scope.get("client") or ("?", 0))[0]
        if (wait := self.brake.wait(who)) > 0:
            return self._login(
                f"Too many wrong passwords: wait {int(wait) + 1} seconds, then try again. Nothing was checked this time.",
                429,
                nonce,
            )
        if not self.password.matches(form.get("password", "")):
            self.brake.failed(who)
            return self._login("That is not the desk's password. Type it again.", 401, nonce)
        self.brake.succeeded(who)
        session = secrets.token_urlsafe(32)
        self.sessions[session] = self.clock()
        cookie = f"{self.cookie}={session}; HttpOnly; SameSite=Strict; Path=/"
        return (303, b""), [(b"location", b"/todo"), (b"set-cookie", cookie.encode())]

    def _login(self, problem: str | None, status: int, nonce: str = ""):
        """The login page, its CSRF token made from the value in its own cookie (a new one
        unless `nonce` is one of ours).  A refusal keeps the browser's value too: an answer to
        an earlier request (the page's icon, sent here) may set it after the refusal's page has
        loaded, and a new value would leave that page's form out of date."""
        if not re.fullmatch(r"[A-Za-z0-9_-]{22}", nonce):
            nonce = secrets.token_urlsafe(16)
        return login_page(self.login_token(nonce), problem, status), [self._nonce_cookie(nonce)]

    def _nonce_cookie(self, nonce: str) -> tuple[bytes, bytes]:
        return (b"set-cookie", f"{self.cookie}-login={nonce}; HttpOnly; SameSite=Strict; Path={LOGIN_PATH}".encode())

    def _clear(self) -> tuple[bytes, bytes]:
        return (b"set-cookie", f"{self.cookie}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0".encode())


MAX_LOGIN_BODY = 4096


async def _small_form(receive) -> dict[str, str]:
    """A login or sign-out form's fields (a few hundred bytes; more is not one of ours)."""
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > MAX_LOGIN_BODY:
            return {}
        if not message.get("more_body"):
            break
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def login_page(csrf: str, problem: str | None = None, status: int = 200) -> tuple[int, bytes]:
    alert = f'<div class="alert" role="alert"><p>{escape(problem)}</p></div>' if problem else ""
    body = f"""<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · The desk</title><link rel="stylesheet" href="/static/desk.css"></head>
<body>
<header class="top"><p class="brand">The desk</p></header>
<main id="main">
<h1>Sign in</h1>
<p class="lead">The desk is open to this office's computers. Type the password the person who started it gave you.</p>
{alert}
<form method="post" action="{LOGIN_PATH}">
<input type="hidden" name="csrf" value="{escape(csrf)}">
<div class="field"><label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required></div>
<p class="actions"><button type="submit">Sign in</button></p>
</form>
</main>
<footer class="bottom"><p>The office network does not encrypt what is sent: use the desk only on the setting's own network.</p></footer>
</body>
</html>"""
    return status, body.encode()
