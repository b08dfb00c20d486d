"""Web form settings: the CSRF secret, size limits and proxy trust."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from gateway import error_id, images, message

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_FILE = ROOT / "var" / "web_secret"


@dataclass(frozen=True)
class Settings:
    """Everything the web tier needs besides the gateway.

    secret_key      signs CSRF tokens and the receipt cookie (same key on every instance)
    max_body_bytes  larger requests get a Spanish 413 page before the body is read
    max_upload_bytes  largest single image file accepted for re-encoding (what is stored must then
                    fit the database's limit, webform.list_field_rules: attachments max_bytes / max_count)
    max_image_side / max_image_pixels   uploads are scaled to this long side; larger headers are refused
    trusted_proxy   take the client address from X-Forwarded-For and the scheme from X-Forwarded-Proto
                    (only behind your own proxy)
    public_url      base URL printed in QR codes: ITL_PUBLIC_URL, else the server's configured name and
                    port (serve.py); never taken from a request (Host is whatever the client says)
    catalog_ttl     seconds the catalog lists are kept in memory
    csrf_max_age    seconds a form's token is accepted (a form left open longer is re-rendered, values kept)
    receipt_max_age seconds the receipt page can show the access code in this browser (shared lab PCs)
    hsts_max_age    Strict-Transport-Security max-age sent on HTTPS responses
    portal_origins  origins allowed to frame the pages (ITL_PORTAL_ORIGINS); empty: nobody may frame them
    """

    secret_key: bytes
    max_body_bytes: int = 24 * 1024 * 1024
    max_upload_bytes: int = images.MAX_UPLOAD_BYTES
    max_image_side: int = images.MAX_SIDE
    max_image_pixels: int = images.MAX_PIXELS
    trusted_proxy: bool = False
    public_url: str = ""
    catalog_ttl: float = 60.0
    csrf_max_age: int = 3600
    receipt_max_age: int = 15 * 60
    hsts_max_age: int = 31536000
    portal_origins: tuple[str, ...] = ()


class ConfigError(ValueError):
    """A setting from the environment that cannot be used; the text is the Spanish message."""


_ORIGIN = re.compile(
    r"^(https?)://((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
    r"|\[[0-9a-f:.]+\])(?::([0-9]{1,5}))?$"
)


def parse_origins(text: str) -> tuple[str, ...]:
    """ITL_PORTAL_ORIGINS: space-separated origins (scheme://host[:port]), lower-cased, no duplicates.

    Anything else (a path, a wildcard, 'self', user info, another scheme) is refused: each value
    goes into Content-Security-Policy frame-ancestors and is the only target of postMessage."""
    out: list[str] = []
    for raw in text.split():
        value = raw.lower()
        value = value[:-1] if value.endswith("/") and value.count("/") == 3 else value
        found = _ORIGIN.match(value)
        port = found.group(3) if found else None
        if not found or (port is not None and not 0 < int(port) < 65536):
            raise ConfigError(message(error_id("web_portal_origin_invalid")).replace("{origen}", raw))
        if value not in out:
            out.append(value)
    return tuple(out)


def load_secret(path: Path = DEFAULT_SECRET_FILE) -> bytes:
    """ITL_WEB_SECRET from the environment, else var/web_secret (created with mode 600)."""
    env = os.environ.get("ITL_WEB_SECRET", "")
    if env:
        return env.encode("utf-8")
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another instance created it first
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(fd, "w") as fh:
        fh.write(value.hex() + "\n")
    return value


def settings_from_env(**overrides: object) -> Settings:
    """Settings from ITL_* variables; raises ConfigError (Spanish text) for a malformed one."""
    values: dict[str, object] = {
        "secret_key": load_secret(),
        "trusted_proxy": os.environ.get("ITL_TRUSTED_PROXY", "") in ("1", "true", "si", "sí"),
        "public_url": os.environ.get("ITL_PUBLIC_URL", ""),
        "portal_origins": parse_origins(os.environ.get("ITL_PORTAL_ORIGINS", "")),
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]
