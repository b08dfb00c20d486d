"""staff.get_login_params: the fake salt of an unknown user is the same bytes on every backend.

Both dialects hash SHA-256(instance secret || 'fake-salt' || UTF-16LE of the trimmed,
lower-cased name) and keep 16 bytes; this computes it in Python and compares each backend to it.
"""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

# NFC "jośe" (U+015B) and its NFD twin are different code points: both dialects hash them as given.
NAMES = ["josé", "jośe", unicodedata.normalize("NFD", "jośe"), "李", "nadie.aqui", "\U0001F600x"]


def expected_salt(secret: bytes, name: str) -> bytes:
    return hashlib.sha256(secret + b"fake-salt" + name.encode("utf-16-le")).digest()[:16]


@pytest.mark.parametrize("name", NAMES, ids=["jose-acute", "jose-s-acute", "jose-nfd", "li", "ascii", "astral"])
def test_fake_salt_is_the_python_value_for_any_name(db, name):
    secret = bytes(db.sql("SELECT secret FROM app.instance_secret", "SELECT Secret FROM app.InstanceSecret")[0][0])
    row = db.desk.call("staff.get_login_params", username=f"  {name.upper()} ")[0]
    salt = bytes(row["salt"])
    print(db.dialect, ascii(name), salt.hex())
    assert salt == expected_salt(secret, name.lower())


def test_fake_salts_of_non_ascii_names_do_not_collide(db):
    """The old T-SQL hashed a VARCHAR cast: 'jośe' and '李' lost characters to '?' and could collide."""
    salts = {bytes(db.desk.call("staff.get_login_params", username=name)[0]["salt"]) for name in
             ["jośe", "jo?e", "李", "?", "josé", "jose"]}
    assert len(salts) == 6
