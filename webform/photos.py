"""Photos: every uploaded image is decoded and re-encoded with Pillow before it is stored; the
rules (types, declared size before any decoding, one decode at a time, 1600 px, no metadata)
are gateway/images.py, shared with the desktop app's images on staff replies. Here: the web
form's side (reading the uploads, messages next to the field, the server's memory tuning).
The database keeps its own checks (count, size, type and magic bytes) on what it receives.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
from dataclasses import dataclass
from typing import Any

from gateway import images

from .config import Settings
from .forms import IMAGE_FIELD, FormState
from .render import msg

FORMATS = images.FORMATS
JPEG_QUALITY = images.JPEG_QUALITY
MAX_DECODED_PIXELS = images.MAX_DECODED_PIXELS
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
    try:
        images.check_header(data, max_pixels)
    except images.ImageRefused as exc:
        raise ImageRefused(msg(exc.key)) from None


def reencode(data: bytes, max_side: int, max_pixels: int) -> tuple[str, bytes, int, int]:
    """(content type, clean bytes, width, height) of an uploaded image, or ImageRefused."""
    try:
        return images.reencode(data, max_side, max_pixels)
    except images.ImageRefused as exc:
        raise ImageRefused(msg(exc.key)) from None


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
    return images.attachment_params(photos, slots)
