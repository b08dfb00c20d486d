"""Reading submitted fields and carrying one form's values and errors to its template."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

import bottle

TICKET_FIELDS = (
    "requester_name", "requester_type_id", "department_id", "contact_email", "contact_phone",
    "control_number", "campus_id", "location_id", "location_detail", "equipment_id", "equipment_tag",
    "equipment_brand", "equipment_serial", "equipment_condition", "category_id", "description",
)
INT_FIELDS = {"requester_type_id", "department_id", "campus_id", "location_id", "equipment_id", "category_id"}
IMAGE_FIELD = "imagenes"
HONEYPOT = "sitio_web"
# A multipart body: parts up to MEMORY_PART bytes stay in memory (text fields, small images),
# larger ones go to a temporary file; at most MEMORY_TOTAL bytes of parts in memory.
MEMORY_PART = 64 * 1024
MEMORY_TOTAL = 1024 * 1024


def parse_body() -> None:
    """Parse a POST body into request.POST once, as UTF-8 text (recode_unicode off: read_forms has
    nothing left to fix).

    Multipart: separate limits for one part in memory and for all of them. Bottle uses MEMFILE_MAX
    (100 KB) for both, and counts a large part against the total while it is still being read: a
    60 KB screenshot followed by a photo was refused with 400 «Solicitud no válida».
    Anything else is read as application/x-www-form-urlencoded, like bottle (same MEMFILE_MAX and
    413, pairs split on &, + as space), each name and value unquoted to bytes and decoded as UTF-8
    with U+FFFD for invalid bytes: what bottle's latin-1 text plus read_forms' re-coding gave, in
    one pass (they were a tenth of a submission's CPU in the web tier, tools/dev/web_profile.py)."""
    env = bottle.request.environ
    if "bottle.request.post" in env:
        return
    content_type, options = bottle._parse_http_header(env.get("CONTENT_TYPE", ""))[0]
    if not content_type.startswith("multipart/"):
        post = bottle.FormsDict()
        post.recode_unicode = False
        values = post.dict  # the MultiDict's own lists: what post[name] = value appends to, without two calls
        for pair in bottle.request._get_body_string(bottle.request.MEMFILE_MAX).replace(b"+", b" ").split(b"&"):
            if pair:
                name, _, value = pair.partition(b"=")
                values.setdefault(_text(name), []).append(_text(value))
        env["bottle.request.post"] = post
        return
    boundary = options.get("boundary")
    if not boundary:
        raise bottle.MultipartError("Invalid content type header, missing boundary")
    post = bottle.FormsDict()
    post.recode_unicode = False
    parser = bottle._MultipartParser(bottle.request.body, boundary, bottle.request.content_length,
                                     mem_limit=MEMORY_TOTAL, memfile_limit=MEMORY_PART,
                                     charset=options.get("charset", "utf8"))
    for part in parser.parse():
        if not part.filename and part.is_buffered():
            post[part.name] = bottle.tonat(part.value, "utf8")
        else:
            post[part.name] = bottle.FileUpload(part.file, part.name, part.filename, part.headerlist)
    env["bottle.request.post"] = post


def _text(raw: bytes) -> str:
    """One name or value, + already turned into a space: unquoted only when it has an escape."""
    return (unquote_to_bytes(raw) if b"%" in raw else raw).decode("utf-8", "replace")


class FormState:
    """Values and errors of one form render (errors tied to field names)."""

    def __init__(self, values: dict[str, str] | None = None) -> None:
        self.values: dict[str, str] = values or {}
        self.errors: dict[str, list[str]] = {}
        self.general: list[str] = []
        self.images_dropped = 0  # photos that came with a request that failed: they must be attached again

    def add(self, field: str | None, text: str) -> None:
        if field:
            bucket = self.errors.setdefault(field, [])
            if text not in bucket:
                bucket.append(text)
        elif text not in self.general:
            self.general.append(text)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.general)

    # helpers for the templates (return markup that the template prints raw: escaped here)
    def aria(self, name: str, hint: bool = False, extra: str = "") -> str:
        ids = [f"hint-{name}"] if hint else []
        if extra:
            ids.append(extra)
        if name in self.errors:
            ids.append(f"err-{name}")
        out = f' aria-describedby="{" ".join(ids)}"' if ids else ""
        return out + (' aria-invalid="true"' if name in self.errors else "")

    def field_error(self, name: str) -> str:
        texts = self.errors.get(name)
        if not texts:
            return ""
        body = "<br>".join(html.escape(t) for t in texts)
        return f'<p class="field-error" id="err-{name}"><span class="sr-only">Error: </span>{body}</p>'

    def selected(self, name: str, item_id: Any) -> str:
        return " selected" if self.values.get(name, "") == str(item_id) else ""


def read_forms() -> dict[str, str]:
    """Form fields as text, the first value of each name; invalid bytes become U+FFFD, never a 500.
    parse_body (run by the route guard) already decoded them as UTF-8; a body that bottle parsed
    itself arrives latin-1 decoded (recode_unicode) and is re-coded here. Read from request.POST
    (files are skipped by type): request.forms would copy it first."""
    post = bottle.request.POST
    out: dict[str, str] = {}
    if not post.recode_unicode:  # parse_body's text (nearly every request): the first text value of each name
        for key, values in post.dict.items():
            for value in values:
                if isinstance(value, str):
                    out[key] = value
                    break
        return out
    for key, value in post.allitems():
        if isinstance(value, str):
            key, value = (t.encode("latin1", "replace").decode("utf-8", "replace") for t in (key, value))
            out.setdefault(key, value)
    return out


_SMALL_INT = re.compile(r"[0-9]{1,9}")


def small_int(raw: str) -> int | None:
    """A catalog id typed by anyone: ASCII digits only (str.isdigit accepts '²'), else None."""
    return int(raw) if _SMALL_INT.fullmatch(raw) else None


def int_arg(name: str) -> int | None:
    return small_int((bottle.request.query.get(name) or "").strip())


def to_params(values: dict[str, str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for name in TICKET_FIELDS:
        raw = values.get(name, "").strip()
        if name in INT_FIELDS:
            params[name] = small_int(raw)
        else:
            params[name] = raw or None
    return params


def check_ticket(gateway: Any, params: dict[str, Any]) -> list[tuple[str | None, str]]:
    """Every problem webform.check_ticket finds, as (form field or None, Spanish message)."""
    out: list[tuple[str | None, str]] = []
    for row in gateway.call("webform.check_ticket", **params):
        field = row.get("field_name") or ""
        if field.startswith("attachment"):
            field = IMAGE_FIELD
        out.append((field if field in TICKET_FIELDS or field == IMAGE_FIELD else None, row["message"]))
    return out


def field_errors(gateway: Any, params: dict[str, Any], state: FormState,
                 refine: Callable[[list[tuple[str | None, str]]], list[tuple[str | None, str]]] | None = None) -> bool:
    """Ask the database for every problem at once (check_ticket); True when it found some."""
    problems = check_ticket(gateway, params)
    if refine is not None:
        problems = refine(problems)
    for field, text in problems:
        state.add(field, text)
    return bool(problems)
