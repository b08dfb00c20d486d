"""Image re-encoding shared by the web form (the requester's photos) and the desktop app (staff
images on public replies), so both store the same kind of clean file: one rule in one place,
like gateway/folio.py. Pillow only; no database access.

- Only PNG, JPEG and WebP are decoded (Pillow's other decoders are never tried).
- The pixel count is read from the header and checked before any pixel is decoded, so a
  decompression bomb (a small file that expands to a huge image) is refused cheaply.
- The EXIF orientation is applied, then nothing of the original metadata is written back
  (EXIF with GPS position, XMP, comments); only the colour profile is kept.
- The long side is scaled down to MAX_SIDE (1600 px).
The database keeps its own checks (count, size, type and magic bytes) on what it receives.
A refusal names its errors.tsv key (ImageRefused.key); each tier shows that message.
"""

from __future__ import annotations

import io
from typing import Any

FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}
JPEG_QUALITY = 85
WEBP_QUALITY = 85
MAX_UPLOAD_BYTES = 8 * 1024 * 1024  # largest original accepted for re-encoding
MAX_SIDE = 1600
MAX_PIXELS = 50_000_000
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


def reencode(data: bytes, max_side: int = MAX_SIDE, max_pixels: int = MAX_PIXELS) -> tuple[str, bytes, int, int]:
    """(content type, clean bytes, width, height) of an uploaded image, or ImageRefused."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    kind = sniff(data[:16])
    if kind is None:
        raise ImageRefused("web_image_type")
    try:
        with Image.open(io.BytesIO(data), formats=[FORMATS[kind]]) as im:
            width, height = im.size
            if width < 1 or height < 1 or width * height > max_pixels:
                raise ImageRefused("web_image_too_many_pixels")
            if kind == "image/jpeg":
                # decode at 1/2, 1/4 or 1/8 scale when that still covers max_side (far less memory)
                scale = max_side / max(width, height)
                if scale < 1:
                    im.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
            im.seek(0)  # animated PNG/WebP: the first frame
            im.load()
            icc = im.info.get("icc_profile")
            clean = ImageOps.exif_transpose(im)  # rotate as the phone meant it, before the EXIF goes
    except ImageRefused:
        raise
    except Image.DecompressionBombError:  # Pillow's own ceiling, hit while reading the header
        raise ImageRefused("web_image_too_many_pixels") from None
    except UnidentifiedImageError:
        raise ImageRefused("web_image_unreadable") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, MemoryError):
        # truncated or corrupt data (Pillow reports those with these types)
        raise ImageRefused("web_image_unreadable") from None
    clean.info = {}  # nothing of the original file's metadata is carried over
    if max(clean.size) > max_side:
        clean.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
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
