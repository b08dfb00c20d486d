"""Known failures on the web form (issue 18): the notice of an incident the Centro de Cómputo
already attends, shown before the requester writes, and «Yo también tengo esta falla».

    GET  /api/aviso?campus=&ubicacion=&categoria=   JSON: the notice that applies, or null
                                                     (app.js asks as soon as the three are picked)

Without JavaScript the same notice appears on a review step: a submission whose campus, place and
category match a notice, and that has not chosen yet, comes back as the form with the notice and
two submit buttons (`eleccion_falla` = the incident id, or «otro»). Every rule (which notice applies,
whether it still shows, linking) is in webform.find_incident_notice / webform.join_incident.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import bottle

from gateway import AppError, DatabaseUnavailable

from .context import Site
from .forms import int_arg
from .render import LOCAL_TZ

CHOICE_FIELD = "incidente"  # hidden input: what app.js recorded
BUTTON_FIELD = "eleccion_falla"  # the review step's submit buttons (without JavaScript)
OTHER = "otro"
JOINED_DESCRIPTION = "Yo también tengo esta falla: {body}"


def find_notice(gateway: Any, campus_id: int | None, location_id: int | None,
                category_id: int | None) -> dict[str, Any] | None:
    """The notice for what the requester picked; None when none applies or the database is away
    (a missing notice never stops a report)."""
    if not campus_id or not category_id:
        return None
    try:
        rows = gateway.call("webform.find_incident_notice", campus_id=campus_id, location_id=location_id,
                            category_id=category_id)
    except (AppError, DatabaseUnavailable):
        return None
    return present(rows[0]) if rows else None


def since_text(started: Any) -> str:
    """«desde las 10:20» today, «desde el 05/12 a las 10:20» on another day (local time)."""
    if not isinstance(started, datetime):
        return ""
    if started.tzinfo is None:
        started = started.replace(tzinfo=timezone.utc)
    local = started.astimezone(LOCAL_TZ)
    if local.date() == datetime.now(LOCAL_TZ).date():
        return f"desde las {local:%H:%M}"
    return f"desde el {local:%d/%m} a las {local:%H:%M}"


def present(row: dict[str, Any]) -> dict[str, Any]:
    """What the form and app.js show: «Falla conocida en Campus II · Edificio K desde las 10:20»."""
    campus, spot = row.get("campus_name") or "", row.get("place_name") or ""
    place = campus if spot in ("", campus) else f"{campus} · {spot}"
    count = row.get("report_count")
    return {
        "incident_id": int(row["incident_id"]),
        "heading": f"Falla conocida en {place} {since_text(row.get('started_at'))}".strip(),
        "body": row.get("body") or "",
        "attending": "El Centro de Cómputo ya la atiende.",
        "count": (f"{count} persona reportó esta falla." if count == 1 else
                  f"{count} personas reportaron esta falla.") if count else "",
    }


def choice(forms: Any) -> str:
    """'' (not chosen), 'otro', or the incident id as text."""
    raw = (forms.get(BUTTON_FIELD) or forms.get(CHOICE_FIELD) or "").strip()[:12]
    return raw if raw == OTHER or raw.isdigit() else ""


def fill_description(values: dict[str, str], notice: dict[str, Any] | None) -> None:
    """«Yo también» needs no description of their own: the notice's text stands in for a short one."""
    if len((values.get("description") or "").strip()) < 10:
        body = notice["body"] if notice else "la falla conocida de este lugar"
        values["description"] = JOINED_DESCRIPTION.format(body=body)[:4000]


def join(gateway: Any, folio: str, code: str, client_key: str, incident_id: int) -> bool:
    """Link the new ticket; False when the notice ended meanwhile (the ticket stays a normal one)."""
    try:
        return bool(gateway.call("webform.join_incident", folio=folio, access_code=code, client_key=client_key,
                                 incident_id=incident_id))
    except (AppError, DatabaseUnavailable):
        return False


def status_section(gateway: Any, proof: dict[str, str]) -> dict[str, Any] | None:
    """The incident part of a status page: the notice and the replies written on the incident."""
    rows = gateway.call("webform.list_ticket_incident", **proof)
    if not rows:
        return None
    head = rows[0]
    return {
        "notice": (present({**head, "incident_id": 0, "started_at": head.get("occurred_at")})
                   if head.get("body") else None),
        "status": head.get("incident_status"),
        "place": " · ".join(x for x in (head.get("campus_name"), head.get("place_name")) if x),
        "replies": [r for r in rows[1:] if r.get("row_kind") == "respuesta"],
        "count": head.get("report_count"),
    }


def register(app: bottle.Bottle) -> None:
    app.get("/api/aviso", callback=api_notice)


def api_notice(site: Site) -> dict[str, Any]:
    """GET /api/aviso?campus=&ubicacion=&categoria=: the notice that applies, or null (JSON)."""
    bottle.response.set_header("Cache-Control", "no-store")
    notice = find_notice(site.gateway, int_arg("campus"), int_arg("ubicacion"), int_arg("categoria"))
    return {"notice": notice}
