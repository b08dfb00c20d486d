"""Web form settings: the CSRF secret, size limits and proxy trust."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_FILE = ROOT / "var" / "web_secret"


@dataclass(frozen=True)
class Settings:
    """Everything the web tier needs besides the gateway.

    secret_key      signs CSRF tokens and the receipt cookie (same key on every instance)
    max_body_bytes  larger requests get a Spanish 413 page before the body is read
    max_image_bytes / max_images   mirror app.setting attachment_max_bytes / attachment_max_count
    trusted_proxy   take the client address from X-Forwarded-For (only behind your own proxy)
    public_url      base URL printed in QR codes (default: the URL of the request)
    catalog_ttl     seconds the catalog lists are kept in memory
    """

    secret_key: bytes
    max_body_bytes: int = 10 * 1024 * 1024
    max_image_bytes: int = 3 * 1024 * 1024
    max_images: int = 3
    trusted_proxy: bool = False
    public_url: str = ""
    catalog_ttl: float = 60.0
    csrf_max_age: int = 12 * 3600
    receipt_max_age: int = 2 * 3600


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
    values: dict[str, object] = {
        "secret_key": load_secret(),
        "trusted_proxy": os.environ.get("ITL_TRUSTED_PROXY", "") in ("1", "true", "si", "sí"),
        "public_url": os.environ.get("ITL_PUBLIC_URL", ""),
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]
