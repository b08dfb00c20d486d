"""Stateless safety helpers: CSRF tokens, the receipt cookie, client keys, image sniffing.

Nothing here keeps server state, so any number of instances can share the work
as long as they share the secret key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

from gateway import images

CSRF_COOKIE = "itl_csrf"
RECEIPT_COOKIE = "itl_recibo"

def _sign(secret: bytes, *parts: str) -> str:
    mac = hmac.digest(secret, "|".join(parts).encode("utf-8", "surrogatepass"), "sha256")  # one-shot, in C
    return base64.urlsafe_b64encode(mac[:24]).decode("ascii")


def _same(given: str, expected: str) -> bool:
    """Constant-time comparison of a received value with the one we computed, on UTF-8 bytes:
    hmac.compare_digest refuses two str with non-ASCII characters (TypeError), and a forged
    value may contain anything (issue 20, finding 9)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8"))


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(18)


def csrf_token(secret: bytes, cookie: str, form: str, now: float | None = None) -> str:
    """Double-submit token: HMAC over the browser's random cookie, the form's name and the issue time.

    A token minted for one form (say the status lookup) is refused by every other form.
    """
    issued = str(int(now if now is not None else time.time()))
    return f"{issued}.{_sign(secret, 'csrf', cookie, form, issued)}"


def csrf_valid(secret: bytes, cookie: str | None, token: str | None, form: str, max_age: int,
               now: float | None = None) -> bool:
    if not cookie or not token or "." not in token or len(token) > 100:
        return False
    issued, _, mac = token.partition(".")
    if not (issued.isascii() and issued.isdigit() and len(issued) < 12):
        return False
    age = (now if now is not None else time.time()) - int(issued)
    if age < -300 or age > max_age:
        return False
    return _same(mac, _sign(secret, "csrf", cookie, form, issued))


def cross_site(environ: dict, own_hosts: set[str]) -> bool:
    """True when the browser says the request comes from another site.

    Sec-Fetch-Site (sent by current browsers) decides when present: it must be same-origin or
    none (typed URL, bookmark). Otherwise an Origin header naming a host must name one of this
    site's own. `Origin: null` proves nothing (Chromium sends it for same-origin form posts under
    `Referrer-Policy: no-referrer`), and requests with neither header (old browsers, command-line
    clients) are judged by the CSRF token alone.
    """
    site = (environ.get("HTTP_SEC_FETCH_SITE") or "").strip().lower()
    if site:
        return site not in ("same-origin", "none")
    origin = (environ.get("HTTP_ORIGIN") or "").strip()
    if origin and origin != "null":
        host = origin.split("://", 1)[-1].rstrip("/").lower()
        return host not in own_hosts
    return False


def receipt_cookie(secret: bytes, folio: str, code: str, max_age: int) -> str:
    """Folio and access code for the result page after the redirect (never in the URL)."""
    expires = str(int(time.time()) + max_age)
    return ":".join((folio, code, expires, _sign(secret, "recibo", folio, code, expires)))


def read_receipt(secret: bytes, value: str | None, folio: str) -> str | None:
    """The access code if the cookie is genuine, unexpired and for this folio."""
    if not value or value.count(":") != 3:
        return None
    c_folio, code, expires, mac = value.split(":")
    if c_folio != folio or not (expires.isascii() and expires.isdigit()) or int(expires) < time.time():
        return None
    if not _same(mac, _sign(secret, "recibo", c_folio, code, expires)):
        return None
    return code


def client_key(remote_addr: str, forwarded_for: str | None, trusted_proxy: bool) -> str:
    """SHA-256 (hex, 64 chars) of the client address used for rate limits.

    X-Forwarded-For is honoured only behind a trusted proxy: its last entry is the
    address that proxy saw (earlier entries are whatever the client claimed).
    """
    address = remote_addr or ""
    if trusted_proxy and forwarded_for:
        address = forwarded_for.split(",")[-1].strip() or address
    return hashlib.sha256(address.encode("utf-8")).hexdigest()


def sniff_image(head: bytes) -> str | None:
    """Content type from the first bytes, or None when it is not PNG, JPEG or WebP."""
    return images.sniff(head)


def new_idempotency_key() -> str:
    import uuid

    return str(uuid.uuid4())
