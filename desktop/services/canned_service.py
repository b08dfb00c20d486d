"""Respuestas predefinidas (canned replies): the list to pick from, type-to-filter, and inserting
one into a ticket's composer. The database fills the placeholders from the ticket
(staff.use_canned_reply, which also counts the use) and refuses unknown ones when an
administrator saves a reply (staff.save_canned_reply); this module only shows and inserts."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

Call = Callable[..., list[dict[str, Any]]]

# Shown as help next to the editor; the rule itself is app.fill_canned_reply.
PLACEHOLDER_HELP = ("Marcadores: {folio}, {nombre} (la persona solicitante), {lugar} (campus · ubicación · "
                    "detalle) y {estado}. Se llenan con los datos del ticket al insertar la respuesta.")


@dataclass(frozen=True)
class CannedReply:
    reply_id: int
    title: str
    body: str
    is_public: bool
    is_active: bool = True
    use_count: int = 0
    last_used_at: datetime | None = None

    @property
    def kind(self) -> str:
        return "Pública" if self.is_public else "Interna"


def _reply(row: dict[str, Any]) -> CannedReply:
    return CannedReply(int(row["canned_reply_id"]), row["title"], row["body"], bool(row["is_public"]),
                       bool(row["is_active"]), int(row["use_count"]), row.get("last_used_at"))


def list_active(call: Call) -> list[CannedReply]:
    """Blocking: the replies an operator can insert, by title."""
    return [_reply(r) for r in call("staff.list_canned_replies", include_inactive=False)]


def list_all(call: Call) -> list[CannedReply]:
    """Blocking (administrators): every reply, inactive ones included, with its use count."""
    return [_reply(r) for r in call("staff.list_canned_replies", include_inactive=True)]


def save(call: Call, reply_id: int | None, title: str, body: str, is_public: bool,
         is_active: bool) -> tuple[int, bool]:
    """Blocking (administrators): create or edit; returns (the id, whether anything changed).
    Refusals come as gateway.AppError."""
    row = call("staff.save_canned_reply", canned_reply_id=reply_id, title=title, body=body,
               is_public=is_public, is_active=is_active)[0]
    return int(row["canned_reply_id"]), bool(row["changed"])


@dataclass(frozen=True)
class Inserted:
    title: str
    body: str  # placeholders already filled by the database
    is_public: bool


def use(call: Call, reply_id: int, ticket_id: int) -> Inserted:
    """Blocking: the reply's text for this ticket (counted as one use)."""
    row = call("staff.use_canned_reply", canned_reply_id=reply_id, ticket_id=ticket_id)[0]
    return Inserted(row["title"], row["body"], bool(row["is_public"]))


def fold(text: str) -> str:
    """Lower case without accents, so «respuesta» finds «Respuésta» and «n» finds «ñ»."""
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def matching(replies: list[CannedReply], typed: str) -> list[CannedReply]:
    """Type to filter: every word typed must appear in the title or the text; title matches first."""
    words = fold(typed).split()
    if not words:
        return list(replies)
    hits = [r for r in replies if all(w in fold(f"{r.title} {r.body}") for w in words)]
    return sorted(hits, key=lambda r: not all(w in fold(r.title) for w in words))


def separator(before: str) -> str:
    """What goes between the text before the caret and a reply inserted there: nothing in an empty box,
    else a blank line (the reply is its own paragraph)."""
    before = before.rstrip(" ")
    if not before.strip() or before.endswith("\n\n"):
        return ""
    return "\n" if before.endswith("\n") else "\n\n"
