"""Staff passwords on the client side (see DESIGN.md, "Passwords and sessions").

The desktop app asks the database for the user's salt and iteration count
(`staff.get_login_params`), derives the key here and sends only the key:

    key = derive_key(password, salt, iterations)    # PBKDF2-HMAC-SHA256

The database stores SHA-256(key) as the verifier and compares it; the plain
password never leaves the staff PC. New passwords get a fresh salt from
`new_salt()` and `DEFAULT_ITERATIONS` rounds (OWASP 2023 minimum).
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata

DEFAULT_ITERATIONS = 600_000
SALT_BYTES = 16
MIN_LENGTH = 12
MAX_LENGTH = 256


def _normalized(password: str) -> bytes:
    """NFC-normalized UTF-8, so the same typed password gives the same bytes everywhere."""
    return unicodedata.normalize("NFC", password).encode("utf-8")


def derive_key(password: str, salt: bytes, iterations: int) -> bytes:
    """PBKDF2-HMAC-SHA256 of the NFC-normalized UTF-8 password: 32 bytes."""
    if iterations < 1:
        raise ValueError("iterations must be positive")
    return hashlib.pbkdf2_hmac("sha256", _normalized(password), bytes(salt), iterations)


def verifier(key: bytes) -> bytes:
    """What the database stores and compares: SHA-256 of the derived key."""
    return hashlib.sha256(key).digest()


def new_salt(size: int = SALT_BYTES) -> bytes:
    """A fresh random salt (16 bytes by default, from the OS's strong source)."""
    if size < SALT_BYTES:
        raise ValueError("salt must be at least 16 bytes")
    return secrets.token_bytes(size)


def _classes(password: str) -> int:
    lower = any(c.islower() for c in password)
    upper = any(c.isupper() for c in password)
    digit = any(c.isdigit() for c in password)
    other = any(not c.isalnum() for c in password)
    return sum((lower, upper, digit, other))


def check_strength(password: str, username: str | None = None) -> str | None:
    """None when the password is acceptable, otherwise a Spanish message saying why.

    Rules: at least 12 characters (a passphrase is welcome), not made of a single
    kind of character (only letters, only digits...), and not containing the username.
    """
    text = unicodedata.normalize("NFC", password or "")
    if len(text) < MIN_LENGTH:
        return f"La contraseña debe tener al menos {MIN_LENGTH} caracteres."
    if len(text) > MAX_LENGTH:
        return f"La contraseña no puede tener más de {MAX_LENGTH} caracteres."
    if text.strip() != text:
        return "La contraseña no debe empezar ni terminar con espacios."
    if _classes(text) < 2:
        return ("La contraseña debe combinar al menos dos tipos de caracteres: "
                "minúsculas, mayúsculas, números o símbolos.")
    if len(set(text)) < 4:
        return "La contraseña repite demasiado los mismos caracteres; elija otra."
    if username and len(username.strip()) >= 3 and username.strip().casefold() in text.casefold():
        return "La contraseña no debe contener su nombre de usuario."
    return None
