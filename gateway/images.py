"""Image re-encoding shared by the web form (the requester's photos) and the desktop app (staff
images on public replies), so both store the same kind of clean file: one rule in one place,
like gateway/folio.py. Pillow only; no database access.

- Only PNG, JPEG and WebP are decoded (Pillow's other decoders are never tried).
- Everything cheap is checked before any pixel is decoded (issue 20, finding 5: one 190 KB
  7000x7000 PNG used to take 6.4 s and 640 MB): the file size (the caller), and the dimensions
  the header declares: at most MAX_PIXELS (50 MP) for a JPEG, which is decoded at 1/2, 1/4 or
  1/8 scale (at most ~10 MP whatever its size), and MAX_DECODED_PIXELS (4096x4096) for PNG and
  WebP, which are decoded whole (a 5K screen capture is 14.7 MP, a phone's 3.6 MP).
- At most DECODE_SLOTS (1) image is decoded at a time in the process (a semaphore); one that
  waits longer than DECODE_WAIT seconds for the slot is refused with a «busy» message. So the
  decoding memory is bounded: a 16.7 MP RGBA image is 67 MB, and resizing it makes a
  premultiplied copy and the resized halves, ~170 MB at the peak. Photos without alpha
  decode far smaller; a phone photo takes ~150 ms, so one slot serves ~6 photos a second.
- The long side is scaled down to MAX_SIDE (1600 px), then the EXIF orientation is applied (on
  the small image), then nothing of the original metadata is written back (EXIF with GPS
  position, XMP, comments); only the colour profile is kept.
The database keeps its own checks (count, size, type and magic bytes) on what it receives.
A refusal names its errors.tsv key (ImageRefused.key); each tier shows that message.
"""

from __future__ import annotations

import io
import threading
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}
JPEG_QUALITY = 85
WEBP_QUALITY = 85
MAX_UPLOAD_BYTES = 8 * 1024 * 1024  # largest original accepted for re-encoding
MAX_SIDE = 1600
MAX_PIXELS = 50_000_000  # declared by a JPEG header (decoded at a reduced scale)
MAX_DECODED_PIXELS = 4096 * 4096  # PNG and WebP: decoded whole
DECODE_SLOTS = 1  # images decoded at once in this process: ~170 MB at most (RGBA resize copies)
DECODE_WAIT = 60.0  # seconds an upload waits for a slot before it is refused as «busy»
_decoding = threading.BoundedSemaphore(DECODE_SLOTS)
# Pillow's own bomb guard (it refuses twice this in Image.open), in case a caller skips ours.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
_MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


class ImageRefused(Exception):
    """The image cannot be stored; `key` is the errors.tsv key of the Spanish message."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def sniff(head: bytes) -> str | None:
    """Content type from the first bytes, or None when it is not PNG, JPEG or WebP."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_header(data: bytes, max_pixels: int = MAX_PIXELS) -> None:
    """Refuse (ImageRefused) what can be refused without decoding a pixel: type and declared size."""
    kind = sniff(data[:16])
    if kind is None:
        raise ImageRefused("web_image_type")
    try:
        with Image.open(io.BytesIO(data), formats=[FORMATS[kind]]) as im:  # reads the header only
            _check_size(im, kind, max_pixels)
    except ImageRefused:
        raise
    except Image.DecompressionBombError:
        raise ImageRefused("web_image_too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
        raise ImageRefused("web_image_unreadable") from None


def _check_size(im: Image.Image, kind: str, max_pixels: int) -> None:
    width, height = im.size
    limit = max_pixels if kind == "image/jpeg" else min(max_pixels, MAX_DECODED_PIXELS)
    if width < 1 or height < 1 or width * height > limit:
        raise ImageRefused("web_image_too_many_pixels")


def reencode(data: bytes, max_side: int = MAX_SIDE, max_pixels: int = MAX_PIXELS) -> tuple[str, bytes, int, int]:
    """(content type, clean bytes, width, height) of an uploaded image, or ImageRefused."""
    kind = sniff(data[:16])
    if kind is None:
        raise ImageRefused("web_image_type")
    try:
        with Image.open(io.BytesIO(data), formats=[FORMATS[kind]]) as im:  # reads the header only
            _check_size(im, kind, max_pixels)
            if not _decoding.acquire(timeout=DECODE_WAIT):
                raise ImageRefused("web_image_busy")
            try:
                return _decode_and_encode(im, kind, max_side)
            finally:
                _decoding.release()
    except ImageRefused:
        raise
    except Image.DecompressionBombError:  # Pillow's own ceiling, hit while reading the header
        raise ImageRefused("web_image_too_many_pixels") from None
    except UnidentifiedImageError:
        raise ImageRefused("web_image_unreadable") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, MemoryError):
        # truncated or corrupt data (Pillow reports those with these types)
        raise ImageRefused("web_image_unreadable") from None


def _decode_and_encode(im: Image.Image, kind: str, max_side: int) -> tuple[str, bytes, int, int]:
    """Decode (inside a decode slot), shrink, rotate as the phone meant it, re-encode without metadata."""
    width, height = im.size
    if kind == "image/jpeg":
        # decode at 1/2, 1/4 or 1/8 scale when that still covers max_side (far less memory)
        scale = max_side / max(width, height)
        if scale < 1:
            im.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
    im.seek(0)  # animated PNG/WebP: the first frame
    im.load()
    icc = im.info.get("icc_profile")
    im.getexif()  # read (and kept by the image) before the in-place thumbnail
    if max(im.size) > max_side:
        im.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)  # before the rotation: a small copy
    clean = ImageOps.exif_transpose(im)  # rotate as the phone meant it, before the EXIF goes
    clean.info = {}  # nothing of the original file's metadata is carried over
    out = io.BytesIO()
    extra: dict[str, Any] = {"icc_profile": icc} if icc else {}
    if kind == "image/jpeg":
        if clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **extra)
    elif kind == "image/webp":
        if clean.mode not in ("RGB", "RGBA"):
            clean = clean.convert("RGBA" if "A" in clean.getbands() else "RGB")
        clean.save(out, "WEBP", quality=WEBP_QUALITY, method=4, **extra)
    else:
        if clean.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            clean = clean.convert("RGBA" if "A" in clean.getbands() else "RGB")
        clean.save(out, "PNG", optimize=True, **extra)
    return kind, out.getvalue(), clean.size[0], clean.size[1]


def attachment_params(items: list[Any], slots: int = 3) -> dict[str, Any]:
    """attachmentN_name / _type / _content parameters of the procedures that take images
    (webform.submit_ticket, webform.add_requester_reply, staff.add_comment); each item has
    .name, .content_type and .content; unused slots are None."""
    extra: dict[str, Any] = {}
    for i in range(1, slots + 1):
        item = items[i - 1] if i <= len(items) else None
        extra[f"attachment{i}_name"] = item.name if item else None
        extra[f"attachment{i}_type"] = item.content_type if item else None
        extra[f"attachment{i}_content"] = item.content if item else None
    return extra
