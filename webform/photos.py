"""Photos: every uploaded image is decoded and re-encoded with Pillow before it is stored.

- Only PNG, JPEG and WebP are decoded (Pillow's other decoders are never tried).
- The pixel count is read from the header and checked before any pixel is decoded, so a
  decompression bomb (a small file that expands to a huge image) is refused cheaply.
- The EXIF orientation is applied, then nothing of the original metadata is written back
  (EXIF with GPS position, XMP, comments); only the colour profile is kept.
- The long side is scaled down to `settings.max_image_side` (1600 px).
The database keeps its own checks (count, size, type and magic bytes) on what it receives.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from . import security
from .config import Settings
from .forms import IMAGE_FIELD, FormState
from .render import msg

FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}
JPEG_QUALITY = 85
WEBP_QUALITY = 85


class ImageRefused(Exception):
    """The upload cannot be stored; the message is Spanish and meant for the user."""


@dataclass(frozen=True)
class Photo:
    name: str
    content_type: str
    content: bytes
    width: int
    height: int
    original_bytes: int


def reencode(data: bytes, max_side: int, max_pixels: int) -> tuple[str, bytes, int, int]:
    """(content type, clean bytes, width, height) of an uploaded image, or ImageRefused."""
    kind = security.sniff_image(data[:16])
    if kind is None:
        raise ImageRefused(msg("web_image_type"))
    try:
        with Image.open(io.BytesIO(data), formats=[FORMATS[kind]]) as im:
            width, height = im.size
            if width < 1 or height < 1 or width * height > max_pixels:
                raise ImageRefused(msg("web_image_too_many_pixels"))
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
        raise ImageRefused(msg("web_image_too_many_pixels")) from None
    except UnidentifiedImageError:
        raise ImageRefused(msg("web_image_unreadable")) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, MemoryError):
        # truncated or corrupt data (Pillow reports those with these types)
        raise ImageRefused(msg("web_image_unreadable")) from None
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


def read_photos(uploads: list[Any], settings: Settings, state: FormState, max_count: int,
                field: str = IMAGE_FIELD) -> list[Photo]:
    """Uploaded files -> clean photos; every refusal is added to `state` next to `field`.

    The upload may be larger than what is stored (phones write 3-5 MB photos): it must fit
    settings.max_upload_bytes here, and the re-encoded bytes the database's own limit."""
    files = [u for u in uploads if getattr(u, "raw_filename", "") or getattr(u, "filename", "")]
    limit = max_count
    if len(files) > limit:
        state.add(field, msg("web_too_many_images").replace("{max}", str(limit)))
        state.images_dropped = len(files)
        return []
    out: list[Photo] = []
    for upload in files:
        name = (upload.filename or "imagen")[:200]
        data = upload.file.read(settings.max_upload_bytes + 1)
        if len(data) > settings.max_upload_bytes:
            state.add(field, f"«{name}»: " + msg("web_image_too_large"))
            continue
        if not data:
            state.add(field, f"«{name}»: " + msg("web_image_type"))
            continue
        try:
            kind, content, width, height = reencode(data, settings.max_image_side, settings.max_image_pixels)
        except ImageRefused as exc:
            state.add(field, f"«{name}»: {exc}")
            continue
        out.append(Photo(name, kind, content, width, height, len(data)))
    if state.has_errors:
        state.images_dropped = len(files)
    return out


def attachment_params(photos: list[Photo], slots: int = 3) -> dict[str, Any]:
    """attachmentN_name / _type / _content parameters of the webform procedures."""
    extra: dict[str, Any] = {}
    for i in range(1, slots + 1):
        photo = photos[i - 1] if i <= len(photos) else None
        extra[f"attachment{i}_name"] = photo.name if photo else None
        extra[f"attachment{i}_type"] = photo.content_type if photo else None
        extra[f"attachment{i}_content"] = photo.content if photo else None
    return extra
