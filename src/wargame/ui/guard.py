"""The server's front door: an ASGI middleware around Solara's app.

- Every request and WebSocket whose `Origin` is not this server's own is refused (403): a page
  on another site cannot drive a game through a student's browser. Requests without `Origin`
  (address bar, curl) pass: browsers always send it on WebSockets and cross-site requests.
- A server bound to this machine only answers to a loopback `Host` (no DNS rebinding).
- Every page sets the browser's `wargame-browser` token cookie if it has none: random, HttpOnly,
  SameSite=Lax, a week long (renewed on each visit). Solara's own session cookie is made HttpOnly
  and given the same lifetime instead of one until 2038; it is no secret of ours any more.
- With a password (`--password` or WARGAME_PASSWORD), nothing but a small login form is served
  until the browser has logged in (a `wargame-pass` cookie: an HMAC of the password with a key
  kept in the games folder, so a restart keeps people logged in and a new password logs them out).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import os
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from wargame.ui.access import BROWSER_COOKIE, COOKIE_MAX_AGE_S, PASSWORD_COOKIE, good_token

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOGIN_PATH = "/wargame-login"
SECRET_FILE = ".wargame-secret"
MAX_FORM_BYTES = 4096
FAILED_LOGIN_PAUSE_S = 1.0  # slows guessing a password down to one try a second per connection
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
SOLARA_COOKIE = re.compile(rb"^(solara-session-id[^=]*=[^;]*)(;.*)$", re.IGNORECASE)


def is_loopback(host: str) -> bool:
    """Whether an address or name is this machine only."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_port(netloc: str, scheme: str) -> tuple[str, int] | None:
    """(host, port) of a `host[:port]`, the scheme's port when none is given."""
    try:
        parts = urlsplit(f"//{netloc}")
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host:
        return None
    return host.lower(), port or (443 if scheme in ("https", "wss") else 80)


def origin_allowed(
    origin: str | None, host: str | None, scheme: str, extra: frozenset[str]
) -> bool:
    """Whether a request's Origin is this server itself (or one the operator allowed)."""
    if origin is None:
        return True
    if origin.rstrip("/") in extra:
        return True
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not host:
        return False
    mine = _host_port(host, "https" if scheme in ("https", "wss") else "http")
    theirs = _host_port(parts.netloc, parts.scheme)
    return mine is not None and mine == theirs


def server_secret(folder: Path) -> bytes:
    """This games folder's key for password cookies (made once, readable by the owner only)."""
    path = folder / SECRET_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        pass
    key = secrets.token_hex(32)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return bytes.fromhex(key)


@dataclass(frozen=True)
class GuardSettings:
    """What the guard enforces: the bound host, a password, other origins allowed."""

    bind_host: str = "127.0.0.1"
    password: str | None = None
    secret: bytes = b""
    allowed_origins: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_environment(cls) -> GuardSettings:
        """The settings `wargame serve` put in the environment."""
        password = os.environ.get("WARGAME_PASSWORD") or None
        folder = Path(os.environ.get("WARGAME_GAMES_DIR", "games"))
        origins = os.environ.get("WARGAME_ALLOWED_ORIGINS", "")
        return cls(
            bind_host=os.environ.get("WARGAME_BIND_HOST", "127.0.0.1"),
            password=password,
            secret=server_secret(folder) if password else b"",
            allowed_origins=frozenset(o.strip().rstrip("/") for o in origins.split(",") if o),
        )

    def pass_value(self) -> str:
        """The `wargame-pass` cookie of a browser that gave the password."""
        return hmac.new(self.secret, (self.password or "").encode(), hashlib.sha256).hexdigest()


def _cookie(name: str, value: str, secure: bool) -> bytes:
    flags = f"; Max-Age={COOKIE_MAX_AGE_S}; Path=/; HttpOnly; SameSite=Lax"
    return f"{name}={value}{flags}{'; Secure' if secure else ''}".encode()


def _solara_cookie(header: bytes) -> bytes:
    """Solara's session cookie, HttpOnly and a week long instead of until 2038."""
    match = SOLARA_COOKIE.match(header)
    if not match:
        return header
    kept = [
        a
        for a in match.group(2).split(b";")
        if a.strip() and not a.strip().lower().startswith((b"expires", b"max-age", b"httponly"))
    ]
    extra = f"; Max-Age={COOKIE_MAX_AGE_S}; HttpOnly".encode()
    return match.group(1) + b"".join(b";" + a for a in kept) + extra


LOGIN_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Ceasefire wargame: log in</title></head>
<body style="font-family:sans-serif;max-width:28em;margin:4em auto">
<h2>Ceasefire wargame</h2><p>This server needs the room password before you can play.</p>
<form method="post" action="{action}">
<label>Password <input type="password" name="password" autofocus></label>
<button type="submit">Enter</button></form>
<p style="color:#c62828">{problem}</p></body></html>
"""


class Guard:
    """The ASGI middleware: Origin and Host checks, the token cookie, the optional password."""

    def __init__(self, app: ASGIApp, settings: GuardSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check one request or WebSocket, then hand it to Solara (or refuse it)."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host")
        scheme = scope.get("scheme", "http")
        if is_loopback(self.settings.bind_host) and host:
            named = _host_port(host, scheme)
            if named is None or not is_loopback(named[0]):
                await self._refuse(scope, send, "this server answers only to its own address")
                return
        if not origin_allowed(headers.get("origin"), host, scheme, self.settings.allowed_origins):
            await self._refuse(scope, send, "requests from another site are refused")
            return
        cookies = _cookies(headers.get("cookie", ""))
        secure = scheme in ("https", "wss") or headers.get("x-forwarded-proto") == "https"
        if self.settings.password and not hmac.compare_digest(
            cookies.get(PASSWORD_COOKIE, ""), self.settings.pass_value()
        ):
            if scope["type"] == "websocket":
                await self._refuse(scope, send, "log in first")
            elif scope["path"] == LOGIN_PATH and scope["method"] == "POST":
                await self._login(receive, send, cookies, secure)
            else:
                await _html(send, 401, LOGIN_PAGE.format(action=LOGIN_PATH, problem=""))
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        token = cookies.get(BROWSER_COOKIE)
        token = token if good_token(token) else None

        async def send_with_cookies(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = []
                html = False
                for k, v in message.get("headers", []):
                    if k.lower() == b"set-cookie":
                        v = _solara_cookie(v)
                    if k.lower() == b"content-type" and v.startswith(b"text/html"):
                        html = True
                    out.append((k, v))
                if html and scope["method"] == "GET":  # a page: (re)new the browser's token
                    out.append((b"set-cookie", _cookie(BROWSER_COOKIE, token or _new(), secure)))
                message = {**message, "headers": out}
            await send(message)

        await self.app(scope, receive, send_with_cookies)

    async def _login(self, receive: Receive, send: Send, cookies: dict, secure: bool) -> None:
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_FORM_BYTES:
                await _html(send, 413, "too long")
                return
        given = parse_qs(body.decode("utf-8", "replace")).get("password", [""])[0]
        want = self.settings.password or ""
        if not hmac.compare_digest(given.encode(), want.encode()):
            await asyncio.sleep(FAILED_LOGIN_PAUSE_S)
            page = LOGIN_PAGE.format(action=LOGIN_PATH, problem=escape("Wrong password."))
            await _html(send, 401, page)
            return
        token = cookies.get(BROWSER_COOKIE)
        token = token if good_token(token) else _new()
        headers = [
            (b"location", b"/"),
            (b"set-cookie", _cookie(PASSWORD_COOKIE, self.settings.pass_value(), secure)),
            (b"set-cookie", _cookie(BROWSER_COOKIE, token, secure)),
            (b"content-length", b"0"),
        ]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    async def _refuse(self, scope: Scope, send: Send, why: str) -> None:
        if scope["type"] == "websocket":  # closing before accepting: the client gets HTTP 403
            await send({"type": "websocket.close", "code": 1008, "reason": why})
            return
        body = f"403 Forbidden: {why}\n".encode()
        headers = [(b"content-type", b"text/plain; charset=utf-8")]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 403, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _new() -> str:
    return secrets.token_urlsafe(32)


def _cookies(header: str) -> dict[str, str]:
    from starlette.requests import cookie_parser  # lenient: one bad cookie spoils no other

    return cookie_parser(header)


async def _html(send: Send, status: int, page: str) -> None:
    body = page.encode()
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
