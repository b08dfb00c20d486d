"""Photos: every uploaded image is decoded and re-encoded with Pillow before it is stored.

- Only PNG, JPEG and WebP are decoded (Pillow's other decoders are never tried).
- Everything cheap is checked before any pixel is decoded (issue 20, finding 5: one 190 KB
  7000x7000 PNG used to take 6.4 s and 640 MB): the submitter's rate limit (the route asks
  the database first), the file size, and the dimensions the header declares: at most
  `settings.max_image_pixels` (50 MP) for a JPEG, which is decoded at 1/2, 1/4 or 1/8 scale
  (at most ~10 MP whatever its size), and MAX_DECODED_PIXELS (4096x4096) for PNG and WebP,
  which are decoded whole (a 5K screen capture is 14.7 MP, a phone's 3.6 MP).
- At most DECODE_SLOTS (1) image is decoded at a time in the process (a semaphore); one that
  waits longer than DECODE_WAIT seconds for the slot is refused with a «busy» message. So the
  decoding memory is bounded: a 16.7 MP RGBA image is 67 MB, and resizing it makes a
  premultiplied copy and the resized halves, ~170 MB at the peak. Photos without alpha
  decode far smaller; a phone photo takes ~150 ms, so one slot serves ~6 photos a second.
- The long side is scaled down to `settings.max_image_side` (1600 px), then the EXIF orientation
  is applied (on the small image), then nothing of the original metadata is written back (EXIF
  with GPS position, XMP, comments); only the colour profile is kept.
The database keeps its own checks (count, size, type and magic bytes) on what it receives.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import sys
import threading
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
MAX_DECODED_PIXELS = 4096 * 4096  # PNG and WebP: decoded whole
DECODE_SLOTS = 1  # images decoded at once in this process: ~170 MB at most (RGBA resize copies)
DECODE_WAIT = 60.0  # seconds an upload waits for a slot before it is refused as «busy»
_decoding = threading.BoundedSemaphore(DECODE_SLOTS)
# Pillow's own bomb guard (it refuses twice this in Image.open), in case a caller skips ours.
Image.MAX_IMAGE_PIXELS = 50_000_000
M_MMAP_THRESHOLD = -3  # glibc mallopt parameter


def _return_freed_images_to_the_os() -> None:
    """glibc keeps freed memory in one arena per thread and, after the first big free, raises its
    mmap threshold to 32 MB: each of the 8 server threads kept the ~70 MB of the last image it
    decoded (670 MB measured with 12 concurrent uploads and only 2 decoding at a time). A fixed
    threshold of 1 MB makes every image buffer a mapping of its own, unmapped when freed."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc (musl, ...): nothing to tune
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, 1024 * 1024)


_return_freed_images_to_the_os()


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


def check_header(data: bytes, max_pixels: int) -> None:
    """Refuse (ImageRefused) what can be refused without decoding a pixel: type and declared size."""
    kind = security.sniff_image(data[:16])
    if kind is None:
        raise ImageRefused(msg("web_image_type"))
    try:
        with Image.open(io.BytesIO(data), formats=[FORMATS[kind]]) as im:  # reads the header only
            _check_size(im, kind, max_pixels)
    except ImageRefused:
        raise
    except Image.DecompressionBombError:
        raise ImageRefused(msg("web_image_too_many_pixels")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
        raise ImageRefused(msg("web_image_unreadable")) from None


def _check_size(im: Image.Image, kind: str, max_pixels: int) -> None:
    width, height = im.size
    limit = max_pixels if kind == "image/jpeg" else min(max_pixels, MAX_DECODED_PIXELS)
    if width < 1 or height < 1 or width * height > limit:
        raise ImageRefused(msg("web_image_too_many_pixels"))


def reencode(data: bytes, max_side: int, max_pixels: int) -> tuple[str, bytes, int, int]:
    """(content type, clean bytes, width, height) of an uploaded image, or ImageRefused."""
    kind = security.sniff_image(data[:16])
    if kind is None:
        raise ImageRefused(msg("web_image_type"))
    try:
        with Image.open(io.BytesIO(data), formats=[FORMATS[kind]]) as im:  # reads the header only
            _check_size(im, kind, max_pixels)
            if not _decoding.acquire(timeout=DECODE_WAIT):
                raise ImageRefused(msg("web_image_busy"))
            try:
                return _decode_and_encode(im, kind, max_side)
            finally:
                _decoding.release()
    except ImageRefused:
        raise
    except Image.DecompressionBombError:  # Pillow's own ceiling, hit while reading the header
        raise ImageRefused(msg("web_image_too_many_pixels")) from None
    except UnidentifiedImageError:
        raise ImageRefused(msg("web_image_unreadable")) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, MemoryError):
        # truncated or corrupt data (Pillow reports those with these types)
        raise ImageRefused(msg("web_image_unreadable")) from None


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
    # First what costs nothing (size, type, declared dimensions) for every file: one refusal
    # drops them all, so then none is decoded.
    received: list[tuple[str, bytes]] = []
    for upload in files:
        name = (upload.filename or "imagen")[:200]
        data = upload.file.read(settings.max_upload_bytes + 1)
        try:
            if len(data) > settings.max_upload_bytes:
                raise ImageRefused(msg("web_image_too_large"))
            if not data:
                raise ImageRefused(msg("web_image_type"))
            check_header(data, settings.max_image_pixels)
        except ImageRefused as exc:
            state.add(field, f"«{name}»: {exc}")
            continue
        received.append((name, data))
    out: list[Photo] = []
    for name, data in received if not state.has_errors else []:
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
