"""Photos: every uploaded image is decoded and re-encoded with Pillow before it is stored
(gateway/images.py: the rules, shared with the desktop app's images on staff replies).
The database keeps its own checks (count, size, type and magic bytes) on what it receives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gateway import images

from .config import Settings
from .forms import IMAGE_FIELD, FormState
from .render import msg

FORMATS = images.FORMATS
JPEG_QUALITY = images.JPEG_QUALITY


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
    return images.attachment_params(photos, slots)
