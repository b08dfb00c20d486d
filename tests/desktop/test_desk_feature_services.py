"""Pure logic of issue 16's desktop services: filtering canned replies, inserting into the
composer, reading images for a public reply (re-encoded like the requester's photos)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from desktop.services import canned_service, reply_images
from desktop.services.canned_service import CannedReply
from tests.webform import images

REPLIES = [
    CannedReply(1, "Reinicio del equipo", "Reinicie su computadora, {nombre}.", True),
    CannedReply(2, "Contraseña del correo", "Para cambiar la contraseña entre a https://...", True),
    CannedReply(3, "Revisión de cable", "Revisar el cable de red y reiniciar el switch.", False),
]


@pytest.mark.parametrize(("typed", "expected"), [
    ("", [1, 2, 3]),
    ("contrasena", [2]),           # no accents needed
    ("REINIC", [1, 3]),            # title matches first, then text
    ("cable red", [3]),            # every word
    ("impresora", []),
])
def test_type_to_filter(typed: str, expected: list[int]) -> None:
    assert [r.reply_id for r in canned_service.matching(REPLIES, typed)] == expected


def test_insert_into_empty_or_written_composer() -> None:
    assert canned_service.separator("  ") == ""
    assert canned_service.separator("Hola.\n") == "\n"
    assert canned_service.separator("Hola. ") == "\n\n"
    assert canned_service.separator("Hola.\n\n") == ""


def test_reply_image_is_reencoded_without_metadata(tmp_path) -> None:
    path = tmp_path / "captura con gps.jpg"
    path.write_bytes(images.gps_jpeg())
    image = reply_images.read_image(path)
    assert image.content_type == "image/jpeg" and image.name == "captura con gps.jpg"
    assert not Image.open(io.BytesIO(image.content)).getexif().get_ifd(images.GPS_IFD)


@pytest.mark.parametrize(("content", "words"), [
    (b"GIF89a" + b"\x00" * 40, "PNG, JPEG o WebP"),
    (images.truncated_jpeg(), "dañado o incompleto"),
])
def test_bad_files_are_refused_in_spanish(tmp_path, content: bytes, words: str) -> None:
    path = tmp_path / "mala.jpg"
    path.write_bytes(content)
    with pytest.raises(reply_images.ImageProblem, match=words):
        reply_images.read_image(path)


def test_at_most_three_images_per_reply(tmp_path) -> None:
    pending = reply_images.PendingImages()
    image = reply_images.ReplyImage("a.png", "image/png", b"x", 1, 1)
    for _ in range(3):
        pending.add(7, image)
    with pytest.raises(reply_images.ImageProblem):
        pending.add(7, image)
    assert len(pending.get(7)) == 3 and pending.get(8) == []
    pending.clear(7)
    assert pending.get(7) == []
