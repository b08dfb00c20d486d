"""Time the administrators' statistics screen on a database of your own (not part of CI).

    python -m tools.dev.admin_stats_bench --url OWNER_URL --username ADMIN --password CLAVE
    python -m tools.dev.admin_stats_bench --url OWNER_URL --create-admin   # empty installs only

The screen is what desktop/admin loads on "Actualizar": one summary, seven breakdowns,
the trend, the top equipment and the backlog (11 procedure calls). For a month, a year
and all time (ending today), it prints the median and 95th percentile of each call and of
the whole screen over --repeat runs, after one warm-up run; then the Horario tab (the
working-hours calendar every time above is counted with). Figures, not assertions.
"""

from __future__ import annotations

import argparse
import getpass
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import gateway
from desktop.admin.services.staff_service import temporary_password
from desktop.admin.services.stats_service import DIMENSIONS, StatsRequest, StatsService
from gateway.passwords import DEFAULT_ITERATIONS, derive_key, new_salt


def log_in(gw: gateway.Gateway, username: str, password: str) -> bytes:
    params = gw.call("staff.get_login_params", username=username)[0]
    key = derive_key(password, bytes(params["salt"]), params["iterations"])
    row = gw.call("staff.log_in", username=username, password_key=key, client_info="admin_stats_bench")[0]
    if row["error_id"]:
        raise SystemExit(f"No se pudo iniciar sesión: {gateway.message(row['error_id'])}")
    if row["must_change_password"]:
        raise SystemExit("La cuenta debe cambiar su contraseña antes de usarse (entre una vez con el escritorio).")
    return bytes(row["token"])


def create_admin(gw: gateway.Gateway) -> tuple[str, str]:
    """The first administrator of an empty install (app.bootstrap_admin refuses otherwise)."""
    username, password = "bench.admin", temporary_password(20)
    salt = new_salt()
    gw.call("app.bootstrap_admin", username=username, full_name="Medición de estadísticas", salt=salt,
            iterations=DEFAULT_ITERATIONS, password_key=derive_key(password, salt, DEFAULT_ITERATIONS),
            must_change_password=False)
    return username, password


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def bench(gw: gateway.Gateway, token: bytes, request: StatsRequest, repeat: int) -> dict[str, list[float]]:
    def call(procedure: str, **params: Any) -> list[dict[str, Any]]:
        return gw.call(procedure, token=token, **params)

    rng = {"date_from": request.date_from, "date_to": request.date_to, "campus_id": request.campus_id}
    calls: dict[str, Callable[[], Any]] = {
        "resumen": lambda: call("staff.get_stats_summary", **rng),
        **{f"desglose {d}": (lambda d=d: call("staff.get_stats_breakdown", dimension=d, **rng)) for d in DIMENSIONS},
        "tendencia": lambda: call("staff.get_stats_trend", grain=request.grain, **rng),
        "equipos": lambda: call("staff.get_stats_top_equipment", max_rows=10, **rng),
        "pendientes": lambda: call("staff.get_stats_backlog", campus_id=request.campus_id),
    }
    service = StatsService(call)
    service.load(request)  # warm-up
    times: dict[str, list[float]] = {name: [] for name in calls}
    times["PANTALLA COMPLETA"] = []
    for _ in range(repeat):
        for name, fn in calls.items():
            times[name].append(timed(fn))
        times["PANTALLA COMPLETA"].append(timed(lambda: service.load(request)))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="URL de la base (dueño o inicio de sesión del escritorio)")
    parser.add_argument("--username")
    parser.add_argument("--password")
    parser.add_argument("--create-admin", action="store_true", help="crear el primer administrador (base vacía)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--campus-id", type=int, default=None)
    args = parser.parse_args(argv)
    gw = gateway.connect(args.url)
    if args.create_admin:
        username, password = create_admin(gw)
    else:
        username = args.username or input("Usuario administrador: ")
        password = args.password or getpass.getpass("Contraseña: ")
    token = log_in(gw, username, password)
    today = date.today()
    summary = gw.call("staff.get_stats_summary", token=token, date_from=date(1900, 1, 1), date_to=today)[0]
    print(f"Solicitudes en la base: {summary['received']:,}; pendientes hoy: {summary['open_backlog']:,}; "
          f"fuera de tiempo en horas hábiles: {summary['over_target']:,} "
          f"({summary['open_overdue']:,} abiertas vencidas)")
    ranges = (("mes", today - timedelta(days=30), "day"), ("año", today - timedelta(days=365), "week"),
              ("todo", date(1900, 1, 1), "month"))
    print(f"{'periodo':8} {'consulta':30} {'mediana ms':>11} {'p95 ms':>9}")
    for label, start, grain in ranges:
        times = bench(gw, token, StatsRequest(start, today, args.campus_id, grain), args.repeat)
        for name, values in times.items():
            print(f"{label:8} {name:30} {statistics.median(values):11.1f} {p95(values):9.1f}")
    # The Horario tab (the working-hours calendar the times above are counted with).
    tab = [timed(lambda: (gw.call("staff.list_work_hours", token=token, campus_id=args.campus_id),
                          gw.call("staff.list_non_working_days", token=token, campus_id=args.campus_id,
                                  year=today.year)))
           for _ in range(args.repeat)]
    print(f"{'-':8} {'pestaña Horario':30} {statistics.median(tab):11.1f} {p95(tab):9.1f}")
    gw.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
