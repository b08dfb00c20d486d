"""Drafts belong to their ticket: one draft per ticket, kept in memory while the app runs.

The ticket view saves what is typed when the operator leaves a ticket and restores it when
that ticket is opened again; another ticket never sees it. After a successful send the
ticket's draft is dropped and the reply kind goes back to internal note.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Draft:
    body: str = ""
    is_public: bool = False  # internal note unless the operator chose a public reply
    status_note: str = ""

    @property
    def empty(self) -> bool:
        return not self.body.strip() and not self.status_note.strip()


EMPTY = Draft()


class DraftStore:
    def __init__(self) -> None:
        self._drafts: dict[int, Draft] = {}

    def save(self, ticket_id: int, draft: Draft) -> None:
        """Keep what was typed on this ticket (an empty internal draft is simply forgotten)."""
        if draft.empty and not draft.is_public:
            self._drafts.pop(ticket_id, None)
        else:
            self._drafts[ticket_id] = draft

    def get(self, ticket_id: int) -> Draft:
        return self._drafts.get(ticket_id, EMPTY)

    def sent(self, ticket_id: int, keep_status_note: bool = True) -> Draft:
        """After a successful send: the text is gone and the kind is internal again."""
        old = self._drafts.pop(ticket_id, EMPTY)
        fresh = Draft(status_note=old.status_note if keep_status_note else "")
        self.save(ticket_id, fresh)
        return fresh

    def pending(self) -> list[int]:
        """Tickets that have an unsent text (for a reminder before logging out)."""
        return [tid for tid, d in self._drafts.items() if not d.empty]
