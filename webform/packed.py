"""A page that is the same for every visitor but for a few short values, gzip-compressed once.

The blank form is ~17 KB of markup, rendered once per catalog load (submission.py), with two
per-visitor values: the CSRF token and the idempotency key. Compressing the whole page for each
visitor was half the CPU of a GET (tools/dev/web_profile.py). Here the constant parts are deflated
once, each ending on a full flush (byte-aligned, no reference to earlier text), so the per-visitor
values can go between them as stored (uncompressed) deflate blocks: the response is one valid gzip
member (RFC 1951/1952) that decompresses to exactly the page, built with a CRC and a join.
"""

from __future__ import annotations

import re
import struct
import zlib

_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # gzip, deflate, no name, mtime 0, unknown OS


def _deflated(data: bytes, last: bool) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: the gzip frame is written here
    return packer.compress(data) + packer.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)


def _stored(data: bytes) -> bytes:
    """Stored deflate blocks (not final) holding `data` as is; the stream before is byte-aligned."""
    out = []
    for start in range(0, len(data), 0xFFFF):
        chunk = data[start:start + 0xFFFF]
        out.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(out)


class PackedPage:
    """`text` with slot markers (strings that never occur in a page, e.g. containing NUL); `fill`
    puts the values in, as text or as gzip."""

    def __init__(self, text: str, slots: tuple[str, ...]) -> None:
        pattern = re.compile("|".join(re.escape(s) for s in slots))
        self.order = pattern.findall(text)  # the slots in page order (a slot may appear more than once)
        self.parts = [p.encode("utf-8") for p in pattern.split(text)]
        self.packed = [_deflated(p, last=i == len(self.parts) - 1) for i, p in enumerate(self.parts)]
        self.text = text

    def fill(self, values: dict[str, str]) -> str:
        out = self.text
        for slot in set(self.order):
            out = out.replace(slot, values[slot])
        return out

    def fill_gzip(self, values: dict[str, str]) -> bytes:
        filled = [values[slot].encode("utf-8") for slot in self.order]
        crc, size = 0, 0
        body = [_HEADER]
        for i, part in enumerate(self.parts):
            crc, size = zlib.crc32(part, crc), size + len(part)
            body.append(self.packed[i])
            if i < len(filled):
                crc, size = zlib.crc32(filled[i], crc), size + len(filled[i])
                body.append(_stored(filled[i]))
        body.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
        return b"".join(body)
