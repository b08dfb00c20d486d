"""Fill a database with realistic demo tickets (default: 1,000,000 over three years).

    python -m tools.dev.seed_demo                       # the embedded PostgreSQL (started if needed)
    python -m tools.dev.seed_demo --url URL --tickets 200000
    python -m tools.dev.seed_demo --url URL --force     # even if it holds real tickets

The tickets and their history are generated inside the database, set-based, by
the owner-only procedures demo.seed_catalog / demo.seed_tickets (T-SQL:
demo.SeedCatalog / demo.SeedTickets), called here in batches with a
progress bar. They live in the schema demo (database/demo/), which the production
deploy never installs: this tool installs or updates it first (install_demo).
The tool refuses to run when the database holds real (non-demo) tickets, unless
--force. It ends by refreshing the planner statistics.

The URL must be the owner's (deployment) login: the web and desktop logins may
not run these procedures.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import gateway
from tools.db_files import DB_DIR
from tools.deploy import Deployer, DeployError, PgDialect, dialect_for

DEMO_DIR = DB_DIR / "demo"

DEFAULT_TICKETS = 1_000_000
DEFAULT_BATCH = 50_000
MAX_BATCH = 100_000


class Progress:
    """A one-line progress bar on stderr (no extra dependency)."""

    def __init__(self, total: int, out=sys.stderr, width: int = 30) -> None:
        self.total = total
        self.out = out
        self.width = width
        self.started = time.monotonic()

    def show(self, done: int, events: int) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        filled = int(self.width * done / self.total) if self.total else self.width
        eta = (self.total - done) / rate if rate > 0 else 0
        bar = "#" * filled + "-" * (self.width - filled)
        self.out.write(
            f"\r[{bar}] {100 * done / self.total:5.1f}%  {done:,}/{self.total:,} solicitudes"
            f"  {events:,} eventos  {rate:,.0f} sol/s  faltan {_clock(eta)}   "
        )
        self.out.flush()

    def finish(self) -> None:
        self.out.write("\n")
        self.out.flush()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def embedded_owner_url() -> str:
    """Start the embedded PostgreSQL if needed, deploy it, and return the owner URL."""
    from tools.embedded_db import LOGINS, EmbeddedDb

    db = EmbeddedDb()
    db.start()
    db.ensure_database()
    secrets_ = db.secrets()
    Deployer(PgDialect(db.url()), out=io.StringIO()).deploy({login: secrets_[login] for login in LOGINS})
    return db.url()


def demo_files(dialect: str) -> list[Path]:
    """The demo schema's files in install order: its table, then the generator's procedures."""
    folder = DEMO_DIR / dialect
    return [folder / "schema.sql", *sorted(folder.glob("demo.*.sql"))]


def install_demo(url: str, out=sys.stdout) -> None:
    """Create or update the schema demo (re-runnable) on a deployed database, as its owner.

    PostgreSQL: as the deploy does, roles first and then everything as itl_owner (no rights for
    the client logins). SQL Server: the same refusal of an unsuitable database as the deploy.
    """
    dialect = dialect_for(url)
    dialect.connect()
    try:
        dialect.prepare()
        deployer = Deployer(dialect, out=out)
        for path in demo_files(dialect.name):
            deployer.step("el esquema demo", path, path.read_text(encoding="utf-8"))
        dialect.conn.commit()
    finally:
        dialect.conn.close()


def refresh_statistics(url: str, gw: gateway.Gateway) -> dict:
    """VACUUM (ANALYZE) on PostgreSQL (it cannot run inside a function), then the procedure."""
    if gw.dialect == "pg":
        dialect = dialect_for(url)
        dialect.connect()
        try:
            dialect.conn.autocommit = True
            for table in ("app.ticket", "app.ticket_event"):
                dialect.run(f"VACUUM (ANALYZE) {table}")
        finally:
            dialect.conn.close()
    return gw.call("demo.seed_finish")[0]


def seed(url: str, tickets: int, batch: int = DEFAULT_BATCH, years: float = 3.0, force: bool = False,
         out=sys.stdout, progress_out=sys.stderr) -> dict:
    """Generate `tickets` demo tickets; returns counts and timing. Raises gateway.AppError."""
    install_demo(url, out=io.StringIO())
    gw = gateway.connect(url)
    try:
        status = gw.call("demo.seed_status")[0]
        if status["real_tickets"] > 0 and not force:
            raise gateway.AppError(gateway.error_id("seed_real_tickets"))
        added = gw.call("demo.seed_catalog")[0]
        print(f"Catálogo de demostración: {added['equipment_added']} equipo(s) y "
              f"{added['staff_added']} operador(es) nuevos.", file=out)
        end = datetime.now(UTC) - timedelta(seconds=5)
        start = end - timedelta(days=round(365.25 * years))
        print(f"Generando {tickets:,} solicitudes del {start:%Y-%m-%d} al {end:%Y-%m-%d} "
              f"en lotes de {batch:,}...", file=out)
        if gw.dialect == "mssql":  # DATETIME2 holds UTC without an offset
            start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
        bar = Progress(tickets, progress_out)
        started = time.monotonic()
        done = events = 0
        while done < tickets:
            count = min(batch, tickets - done)
            row = gw.call(
                "demo.seed_tickets", count=count, position=done, total=tickets,
                period_start=start, period_end=end, force=force,
            )[0]
            done += row["ticket_count"]
            events += row["event_count"]
            bar.show(done, events)
        bar.finish()
        seconds = time.monotonic() - started
        print(f"Generadas {done:,} solicitudes y {events:,} eventos en {seconds:,.1f} s "
              f"({done / seconds:,.0f} solicitudes/s, {(done + events) / seconds:,.0f} filas/s).", file=out)
        print("Actualizando estadísticas del planificador...", file=out)
        finish_started = time.monotonic()
        totals = refresh_statistics(url, gw)
        print(f"Listo en {time.monotonic() - finish_started:,.1f} s: la base tiene {totals['tickets']:,} "
              f"solicitudes y {totals['events']:,} eventos.", file=out)
        return {"seeded_tickets": done, "seeded_events": events, "seconds": seconds,
                "total_tickets": totals["tickets"], "total_events": totals["events"]}
    finally:
        gw.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Genera solicitudes de demostración realistas.")
    parser.add_argument("--url", help="URL del dueño de la base (por omisión, el PostgreSQL embebido)")
    parser.add_argument("--tickets", type=int, default=DEFAULT_TICKETS,
                        help=f"cuántas solicitudes generar (por omisión {DEFAULT_TICKETS:,})")
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH,
                        help=f"solicitudes por llamada (1 a {MAX_BATCH:,}; por omisión {DEFAULT_BATCH:,})")
    parser.add_argument("--years", type=float, default=3.0, help="años que abarcan (por omisión 3)")
    parser.add_argument("--force", action="store_true",
                        help="generar aunque la base ya tenga solicitudes reales")
    args = parser.parse_args(argv)
    if args.tickets < 1:
        parser.error("--tickets debe ser al menos 1")
    if not 1 <= args.batch <= MAX_BATCH:
        parser.error(f"--batch debe estar entre 1 y {MAX_BATCH:,}")
    try:
        url = args.url or embedded_owner_url()
        seed(url, args.tickets, args.batch, args.years, args.force)
    except gateway.AppError as exc:
        print(f"\nNo se generaron datos: {exc.message}", file=sys.stderr)
        return 2
    except DeployError as exc:
        print(f"\nNo se pudo preparar la base de datos: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
