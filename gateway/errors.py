"""The error registry (database/errors.tsv) and the one exception type the tiers catch."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

REGISTRY = Path(__file__).resolve().parent.parent / "database" / "errors.tsv"

UNEXPECTED = 9001
UNAVAILABLE = 9002
LOCK_WAIT_TIMEOUT = 9070  # a lock wait passed the session's bound (lock_timeout / SET LOCK_TIMEOUT)


@lru_cache(maxsize=1)
def registry() -> dict[int, tuple[str, str]]:
    """id -> (key, Spanish message), read once from database/errors.tsv."""
    entries: dict[int, tuple[str, str]] = {}
    with REGISTRY.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        error_id = int(row["id"])
        if error_id in entries:
            raise ValueError(f"errors.tsv: id {error_id} repetido")
        entries[error_id] = (row["key"], row["message"])
    return entries


def message(error_id: int) -> str:
    return registry()[error_id][1]


def error_id(key: str) -> int:
    """Registry id by key, so code and tests name errors, not numbers."""
    for found_id, (found_key, _) in registry().items():
        if found_key == key:
            return found_id
    raise KeyError(f"errors.tsv no tiene la clave {key!r}")


class AppError(Exception):
    """A registry error: `error_id` from database/errors.tsv, `message` in Spanish."""

    def __init__(self, error_id: int, message_text: str | None = None) -> None:
        self.error_id = error_id
        self.message = message_text or registry().get(error_id, ("", f"Error {error_id}"))[1]
        super().__init__(f"[{error_id}] {self.message}")

    @property
    def key(self) -> str:
        return registry().get(self.error_id, ("desconocido", ""))[0]


class DatabaseUnavailable(AppError):
    """The database could not be reached: the tiers answer 503 / retry later."""

    def __init__(self) -> None:
        super().__init__(UNAVAILABLE)
