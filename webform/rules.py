"""Field rules of the web forms, from their one source: the database (webform.list_field_rules).

The form renders each rule as data-rule-* / data-msg-* attributes (read by static/app.js) and
as HTML limits (maxlength, aria-required); the image limits (count, bytes, types) drive the
upload checks here and in the browser. Nothing here repeats a number: change a limit in
app.field_rule / app.setting and every tier follows within `ttl` seconds.

Three shape checks have no published rule and stay in the browser only (the database checks
them too, with the messages used here): the e-mail shape, the phone characters, and "this
category needs the equipment" (the category's catalog detail says which).
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Iterable
from typing import Any

from gateway import DatabaseUnavailable, error_id, message

# browser-only shape checks: field -> (rule name, registry key)
_SHAPES: dict[str, list[tuple[str, str]]] = {
    "contact_email": [("email", "form_email_invalid")],
    "contact_phone": [("phone", "form_phone_invalid")],
    "equipment_tag": [("required-if-equipment", "form_equipment_required")],
}
# Long texts typed in a <textarea>: no HTML maxlength (a browser silently cuts a paste there); a live
# counter shows the limit and the server refuses an over-long text with the count instead (forms.py).
COUNTED = frozenset({"description", "reply_body", "rating_comment"})
_NAMES = {"min_length": "minlength", "max_length": "maxlength", "min_value": "min", "max_value": "max",
          "required_one_of": "one-of", "required_when": "required-when", "allowed_when": "allowed-when",
          "pattern": "pattern"}


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


class FieldRules:
    """webform.list_field_rules, kept in memory for `ttl` seconds (stale copy during an outage)."""

    def __init__(self, gateway: Any, ttl: float = 60.0) -> None:
        self._gateway = gateway
        self._ttl = ttl
        self._lock = threading.Lock()
        self._rules: dict[str, list[dict[str, Any]]] | None = None
        self._loaded = 0.0

    def all(self) -> dict[str, list[dict[str, Any]]]:
        now = time.monotonic()
        if self._rules is None or now - self._loaded > self._ttl:
            try:
                rows = self._gateway.call("webform.list_field_rules")
            except DatabaseUnavailable:
                if self._rules is None:
                    raise
                return self._rules
            rules: dict[str, list[dict[str, Any]]] = {}
            for row in rows:
                rules.setdefault(row["field_name"], []).append(row)
            with self._lock:
                self._rules, self._loaded = rules, now
        return self._rules

    def value(self, field: str, rule: str) -> str | None:
        return next((r["rule_value"] for r in self.all().get(field, []) if r["rule_name"] == rule), None)

    def number(self, field: str, rule: str, default: int) -> int:
        raw = self.value(field, rule)
        return int(raw) if raw is not None and raw.strip().isdigit() else default

    # ---- image limits (field "attachments") ----
    @property
    def max_images(self) -> int:
        return self.number("attachments", "max_count", 3)

    @property
    def max_image_bytes(self) -> int:
        return self.number("attachments", "max_bytes", 3 * 1024 * 1024)

    @property
    def image_types(self) -> list[str]:
        raw = self.value("attachments", "content_types") or "image/png,image/jpeg,image/webp"
        return [t.strip() for t in raw.split(",") if t.strip()]

    def max_length(self, field: str) -> int | None:
        raw = self.value(field, "max_length")
        return int(raw) if raw and raw.isdigit() else None

    def attrs(self, field: str, html_limits: bool = True) -> str:
        """data-rule-*/data-msg-* attributes (escaped) for one field, plus maxlength/aria-required."""
        out: list[str] = []
        for row in self.all().get(field, []):
            rule, value = row["rule_name"], row["rule_value"] or ""
            if rule in ("required",):
                out += ['data-rule-required=""', f'data-msg-required="{_esc(row["message"])}"']
                if html_limits:
                    out.append('aria-required="true"')
                continue
            name = _NAMES.get(rule)
            if name is None:
                continue
            if rule == "required_one_of":  # "contact_email,contact_phone": name the other field
                value = ",".join(f for f in value.split(",") if f.strip() != field)
            out += [f'data-rule-{name}="{_esc(value)}"', f'data-msg-{name}="{_esc(row["message"])}"']
            if rule == "max_length" and html_limits and field not in COUNTED:
                out.append(f'maxlength="{_esc(value)}"')
            elif rule == "max_length" and field in COUNTED:
                out.append('data-counter=""')
        for name, key in _SHAPES.get(field, []):
            out += [f'data-rule-{name}=""', f'data-msg-{name}="{_esc(message(error_id(key)))}"']
        return " ".join(out)

    def fields(self) -> Iterable[str]:
        return self.all().keys()
