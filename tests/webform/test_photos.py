"""Feature 6: every uploaded image is re-encoded (EXIF/GPS gone, orientation applied, <= 1600 px)
or refused with a Spanish message; none gives a 5xx. Storage saved on phone photos is printed."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from gateway import error_id, message
from tests.webform import images
from tests.webform.conftest import uploads
from webform import photos


def reg(key: str) -> str:
    return message(error_id(key))


def stored(web) -> list[tuple[str, str, int, bytes]]:
    rows = web.db.sql(
        "SELECT a.file_name, a.content_type, a.byte_size, a.content FROM app.attachment AS a "
        "JOIN app.ticket AS t USING (ticket_id) WHERE t.requester_name = %s ORDER BY a.attachment_id",
        params=(web.name,))
    return [(name, kind, size, bytes(content)) for name, kind, size, content in rows]


def test_gps_exif_is_removed_and_the_stored_size_is_the_clean_one(web):
    original = images.gps_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(images.GPS_IFD)  # the sample has GPS
    resp = web.submit(files=[("imagenes", "foto_gps.jpg", original)])
    assert resp.status_int == 303, resp.summary()
    [(name, kind, size, content)] = stored(web)
    assert (name, kind) == ("foto_gps.jpg", "image/jpeg")
    assert size == len(content) and content != original
    clean = Image.open(io.BytesIO(content))
    assert dict(clean.getexif()) == {} and not clean.getexif().get_ifd(images.GPS_IFD)
    assert b"Exif" not in content[:4096] and b"PhoneModel" not in content
    assert clean.size == (320, 240)


def test_rotated_phone_photo_is_stored_upright(web):
    resp = web.submit(files=[("imagenes", "vertical.jpg", images.rotated_phone_photo())])
    assert resp.status_int == 303, resp.summary()
    [(_, _, _, content)] = stored(web)
    clean = Image.open(io.BytesIO(content)).convert("RGB")
    assert clean.size == (300, 400)  # portrait, as the phone showed it
    assert images.ORIENTATION not in clean.getexif()
    right, left = clean.getpixel((280, 200)), clean.getpixel((20, 200))
    assert right[0] > 200 and right[2] < 60, right  # red ended on the right (rotated 90° clockwise)
    assert left[2] > 200 and left[0] < 60, left


def test_large_photo_is_scaled_to_1600_px_long_side(web):
    big = images.phone_photo((2400, 1800), quality=80)
    assert len(big) <= web.rules.max_image_bytes
    resp = web.submit(files=[("imagenes", "grande.jpg", big)])
    assert resp.status_int == 303, resp.summary()
    [(_, _, size, content)] = stored(web)
    assert Image.open(io.BytesIO(content)).size == (1600, 1200)
    assert size == len(content) < len(big)


def test_webp_and_png_keep_their_format(web):
    resp = web.submit(files=[("imagenes", "a.webp", images.webp_rgba()),
                             ("imagenes", "b.png", _png())])
    assert resp.status_int == 303, resp.summary()
    kinds = [(k, Image.open(io.BytesIO(c)).format) for _, k, _, c in stored(web)]
    assert kinds == [("image/webp", "WEBP"), ("image/png", "PNG")]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("P", (30, 20), 3).save(out, "PNG", pnginfo=None)
    return out.getvalue()


REFUSED = [
    ("bomba.png", images.png_bomb, "web_image_too_many_pixels"),  # above Pillow's own ceiling
    ("bomba_media.png", lambda: images.png_bomb(12000), "web_image_too_many_pixels"),  # our 50 Mpx check
    ("cortada.jpg", images.truncated_jpeg, "web_image_unreadable"),
    ("archivo.png", images.zip_named_png, "web_image_type"),
    ("poliglota.png", images.png_header_then_zip, "web_image_unreadable"),
]


@pytest.mark.parametrize(("name", "make", "key"), REFUSED, ids=[r[0] for r in REFUSED])
def test_bad_images_are_refused_in_spanish_without_a_ticket(web, name, make, key):
    data = make()
    assert len(data) < web.rules.max_image_bytes  # refused for what it is, not for its size
    resp = web.submit(files=[("imagenes", name, data)])
    assert resp.status_int == 422, resp.summary()
    assert resp.field_error("imagenes") == f"«{name}»: {reg(key)}"
    assert reg("web_images_reattach") in resp.text  # said next to the file field
    assert 'id="reattach-imagenes"' in resp.text and "reattach-imagenes" in resp.described_by("imagenes")
    assert web.ticket_count() == 0


def test_bomb_is_refused_before_decoding():
    bomb = images.png_bomb()
    with pytest.raises(photos.ImageRefused):
        photos.reencode(bomb, 1600, 50_000_000)
    print(f"\nbomba PNG: {len(bomb) / 1024:.0f} KiB en disco, 30000x30000 = 900 Mpx al decodificar: rechazada")
def _noise(kind: str, size: tuple[int, int]) -> bytes:
    import random

    rnd = random.Random(20)
    im = Image.frombytes("RGB", size, bytes(rnd.getrandbits(8) for _ in range(size[0] * size[1] * 3)))
    out = io.BytesIO()
    im.save(out, kind, **({"quality": 92} if kind == "JPEG" else {}))
    return out.getvalue()


def test_a_small_screenshot_and_a_photo_in_one_submission_are_accepted(web):
    """Bottle's multipart parser counted a small (in-memory) part against a 100 KB total and then
    refused the next image while it was still being read: a 60 KB screenshot followed by a
    photo answered 400 «Solicitud no válida» (found measuring issue 20, finding 5)."""
    small, photo = _noise("PNG", (140, 140)), _noise("JPEG", (900, 700))
    assert 40_000 < len(small) < 100_000 and len(photo) > 100_000, (len(small), len(photo))
    folio, _ = web.submit_ok(files=[("imagenes", "captura.png", small), ("imagenes", "foto.jpg", photo)])
    assert web.db.sql("SELECT count(*) FROM app.attachment AS a JOIN app.ticket AS t USING (ticket_id) "
                      "WHERE t.folio = %s", params=(folio,)) == [(2,)]


def test_the_rate_limit_is_checked_before_any_photo_is_decoded(own_web):
    """Issue 20, finding 5: a client over its hourly limit used to cost seconds of decoding
    before its 429. Over the limit, even an unreadable photo gets the rate message (nothing
    was decoded); under it, the same photo gets the image message. Replies too."""
    from tests.support.database import set_setting

    web = own_web
    broken = images.png_header_then_zip()  # PNG magic, then nothing decodable
    folio, code = web.submit_ok()
    set_setting(web.db, "submit_client_per_hour", 1)
    over = web.submit(files=[("imagenes", "rota.png", broken)])
    assert over.status_int == 429 and reg("form_submit_rate_client") in over.text
    assert reg("web_image_unreadable") not in over.text
    page = web.lookup(folio, code)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                             re.search(r'action="/consulta/[^"]+/responder".*?</form>', page.text, re.S).group(0)))
    reply = web.client.post(f"/consulta/{folio}/responder", {**hidden, "mensaje": "Adjunto foto."},
                            upload_files=uploads([("fotos", "rota.png", broken)]), status=429)
    assert reply.status_int == 429 and reg("form_submit_rate_client") in reply.text
    set_setting(web.db, "submit_client_per_hour", 20)
    under = web.submit(files=[("imagenes", "rota.png", broken)])
    assert under.status_int == 422 and reg("web_image_unreadable") in under.text


@pytest.mark.parametrize(("kind", "size", "accepted"), [
    ("PNG", (7000, 7000), False),  # 190 KB that used to decode to 49 MP
    ("PNG", (4097, 4096), False),
    ("PNG", (4096, 4096), True),
    ("WEBP", (4200, 4200), False),
    ("JPEG", (8000, 6000), True),  # decoded at 1/4 scale
    ("JPEG", (8000, 6300), False),  # over max_image_pixels (50 MP)
])
def test_declared_dimensions_bound_the_pixels_decoded(kind, size, accepted):
    out = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(out, kind)
    if accepted:
        _, _, width, height = photos.reencode(out.getvalue(), 1600, 50_000_000)
        assert max(width, height) == 1600
    else:
        with pytest.raises(photos.ImageRefused, match="demasiados píxeles"):
            photos.reencode(out.getvalue(), 1600, 50_000_000)
