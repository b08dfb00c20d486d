"""The blank form compressed once (webform/packed.py): what a browser unpacks is exactly the page,
with this visitor's own token and idempotency key, and those values work for a submission."""

from __future__ import annotations

import gzip
import re
import zlib

import pytest

from tests.webform.conftest import wire_get
from webform.packed import PackedPage

SLOTS = ("\x00a\x00", "\x00b\x00")


@pytest.mark.parametrize("text", [
    "<p>" + "Categoría «Red» " * 900 + "\x00a\x00 y \x00b\x00</p>" + "fin " * 500,
    "\x00a\x00\x00b\x00",  # slots at both ends, nothing between them
    "sin ranuras",
    "\x00b\x00 antes que \x00a\x00, y \x00a\x00 otra vez",
])
@pytest.mark.parametrize("values", [("1765.tokén", "8a1e"), ("x" * 70_000, "")])  # a value over one stored block
def test_gzip_unpacks_to_exactly_the_filled_page(text, values):
    page = PackedPage(text, SLOTS)
    filled = dict(zip(SLOTS, values, strict=True))
    expected = text.replace(SLOTS[0], values[0]).replace(SLOTS[1], values[1])
    assert page.fill(filled) == expected
    packed = page.fill_gzip(filled)
    assert gzip.decompress(packed).decode("utf-8") == expected
    stream = zlib.decompressobj(16 + zlib.MAX_WBITS)  # one member, nothing after it (what a browser reads)
    assert stream.decompress(packed).decode("utf-8") == expected and stream.eof and not stream.unused_data


def test_the_packed_form_carries_this_visitors_values_and_they_submit(web):
    first = wire_get(web.client, "/", {"Accept-Encoding": "gzip"})  # the bytes as sent (TestApp would unpack them)
    other = wire_get(web.client, "/", {"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip" and int(first.headers["Content-Length"]) == len(first.body)
    pages = [gzip.decompress(r.body).decode("utf-8") for r in (first, other)]
    plain = web.client.get("/").text
    keys = [re.search(r'name="idempotency_key" value="([^"]+)"', p).group(1) for p in (*pages, plain)]
    assert len(set(keys)) == 3  # a new key for every page
    strip = re.compile(r'(name="(?:csrf_token|idempotency_key)" value=)"[^"]+"')
    assert strip.sub(r"\1", pages[0]) == strip.sub(r"\1", plain)  # otherwise the same page
    token = re.search(r'name="csrf_token" value="([^"]+)"', pages[1]).group(1)
    resp = web.client.post("/solicitudes", {**web.valid_fields(), "csrf_token": token, "idempotency_key": keys[1],
                                            "sitio_web": ""}, status="*")
    assert resp.status_int == 303, resp.summary()
    assert web.ticket_count() == 1
