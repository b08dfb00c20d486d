"""Images a staff member attaches to a public reply (a screenshot of the fix, a how-to picture):
read from a file, re-encoded exactly like the requester's photos (gateway/images.py: PNG, JPEG
or WebP only, bombs refused, metadata dropped, long side 1600 px), kept per ticket until the
reply is sent. The database checks type, size and count again (staff.add_comment) and refuses
images on an internal note (3103)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import gateway
from gateway import images

MAX_IMAGES = 3  # staff.add_comment's slots; the setting attachment_max_count may allow fewer
FILE_TYPES = (".png", ".jpg", ".jpeg", ".webp")


@dataclass(frozen=True)
class ReplyImage:
    name: str
    content_type: str
    content: bytes
    width: int
    height: int

    @property
    def label(self) -> str:
        return f"{self.name} ({self.width}×{self.height}, {max(1, len(self.content) // 1024)} KB)"


class ImageProblem(ValueError):
    """A file that cannot be attached; the text is Spanish, for the operator."""


def _message(key: str) -> str:
    return gateway.message(gateway.error_id(key))


def read_image(path: Path) -> ReplyImage:
    """The clean image of a file chosen by the operator, or ImageProblem."""
    try:
        with path.open("rb") as fh:
            data = fh.read(images.MAX_UPLOAD_BYTES + 1)
    except OSError as exc:
        raise ImageProblem(f"No se pudo leer «{path.name}»: {exc.strerror or exc}.") from None
    if len(data) > images.MAX_UPLOAD_BYTES:
        raise ImageProblem(f"«{path.name}»: {_message('web_image_too_large')}")
    try:
        kind, content, width, height = images.reencode(data)
    except images.ImageRefused as exc:
        raise ImageProblem(f"«{path.name}»: {_message(exc.key)}") from None
    return ReplyImage(path.name[:200], kind, content, width, height)


@dataclass
class PendingImages:
    """The images waiting to go with each ticket's next public reply."""

    by_ticket: dict[int, list[ReplyImage]] = field(default_factory=dict)

    def get(self, ticket_id: int | None) -> list[ReplyImage]:
        return list(self.by_ticket.get(ticket_id, [])) if ticket_id is not None else []

    def add(self, ticket_id: int, image: ReplyImage) -> None:
        items = self.by_ticket.setdefault(ticket_id, [])
        if len(items) >= MAX_IMAGES:
            raise ImageProblem(f"Puede adjuntar como máximo {MAX_IMAGES} imágenes a una respuesta.")
        items.append(image)

    def remove(self, ticket_id: int, index: int) -> None:
        items = self.by_ticket.get(ticket_id, [])
        if 0 <= index < len(items):
            items.pop(index)

    def clear(self, ticket_id: int) -> None:
        self.by_ticket.pop(ticket_id, None)
