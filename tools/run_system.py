"""Run the whole system on the embedded PostgreSQL (what ./run.sh starts).

Takes the data folder's instance lock (one running system per folder), checks that the web
port is free, starts the database (first time: creates it), deploys the schema and procedures
(idempotent), makes sure an administrator exists, then serves the web form with waitress until
Ctrl+C. While it runs it supervises the database (restarts it with bounded back-off when it
dies), and once a day purges old logs (app.purge_old_logs) and keeps a backup (tools.backup).
On the way out it stops PostgreSQL only if this process started it.

    python -m tools.run_system [--host 127.0.0.1] [--port 8080] [--threads 8] [--db-port 55432]
                               [--state var/db] [--esperar 15] [--retencion-respaldos 14]
                               [--db-listen [DIRECCION]] [--db-red CIDR ...]
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import logging
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path

import gateway
from tools import backup
from tools.bootstrap_admin import ensure_admin
from tools.deploy import Deployer, DeployError, PgDialect
from tools.embedded_db import DEFAULT_PORT, DEFAULT_STATE, LOGINS, EmbeddedDb
from tools.instance_lock import InstanceBusy, InstanceLock

log = logging.getLogger("itl.sistema")

DAY = 24 * 3600.0


def start_database(db: EmbeddedDb) -> None:
    db.start()
    db.ensure_database()
    secrets_ = db.secrets()
    Deployer(PgDialect(db.url())).deploy({login: secrets_[login] for login in LOGINS})
    db.quiet_client_roles()


def bootstrap_admin(owner_url: str) -> None:
    """The first administrator: asked for on a terminal, else a one-time temporary password."""
    ensure_admin(owner_url, interactive=sys.stdin.isatty())


def port_in_use(host: str, port: int) -> bool:
    """True when something already listens on host:port (the web port is checked before the database)."""
    if port == 0:
        return False
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        if os.name != "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as waitress binds
        try:
            sock.bind((host, port))
        except OSError as exc:
            return exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1), errno.EACCES)
    return False


class DbSupervisor(threading.Thread):
    """Watches the embedded server; when it dies, starts it again with bounded back-off.

    A restart that follows the previous one within `stable_after` seconds waits first
    (1, 2, 4 ... up to `max_backoff` seconds), so a server that keeps crashing is not
    restarted in a tight loop; a failed start is retried the same way. Every restart is logged.
    """

    def __init__(self, db: EmbeddedDb, stop: threading.Event, every: float = 1.0,
                 max_backoff: float = 60.0, stable_after: float = 300.0) -> None:
        super().__init__(name="supervisor-db", daemon=True)
        self.db, self.stop, self.every = db, stop, every
        self.max_backoff, self.stable_after = max_backoff, stable_after
        self.restarts = 0
        self.started_by_us = False  # a restart makes the server ours to stop
        self._last_restart = float("-inf")

    def run(self) -> None:
        backoff = 0.0
        while not self.stop.wait(self.every):
            try:
                if self.db.running():
                    continue
            except Exception:  # pg_ctl could not run; try again next tick
                log.exception("No se pudo consultar el estado de la base de datos")
                continue
            if self.stop.is_set():
                return
            now = time.monotonic()
            backoff = 0.0 if now - self._last_restart > self.stable_after else min(
                max(backoff * 2, 1.0), self.max_backoff)
            log.warning("La base de datos integrada dejó de funcionar; se reiniciará%s.",
                        f" en {backoff:.0f} s" if backoff else " ahora")
            if backoff and self.stop.wait(backoff):
                return
            self._restart()

    def _restart(self) -> None:
        self.restarts += 1
        self._last_restart = time.monotonic()
        began = time.monotonic()
        try:
            self.db.start()
        except (SystemExit, Exception) as exc:  # SystemExit carries pg_ctl's message
            log.error("Reinicio %d de la base de datos falló: %s", self.restarts, exc)
            return
        self.started_by_us = True
        log.warning("Base de datos reiniciada (reinicio %d, %.1f s).", self.restarts, time.monotonic() - began)


class Maintenance(threading.Thread):
    """Once a day: purge old logs (app.purge_old_logs), prune the server log, keep a backup."""

    def __init__(self, db: EmbeddedDb, stop: threading.Event, backup_days: int, backups: bool = True) -> None:
        super().__init__(name="mantenimiento", daemon=True)
        self.db, self.stop, self.backup_days, self.backups = db, stop, backup_days, backups

    def run(self) -> None:
        while True:
            self.once()
            if self.stop.wait(3600):  # hourly check; each task keeps its own daily pace
                return

    def once(self) -> None:
        self.db.prune_logs()
        stamp = self.db.state / "ultima-depuracion"
        if not stamp.exists() or time.time() - stamp.stat().st_mtime >= DAY:
            try:
                owner = gateway.connect(self.db.url(), min_size=0, max_size=1)
                try:
                    row = owner.call("app.purge_old_logs")[0]
                finally:
                    owner.close()
                log.info("Depuración de bitácoras (más de %s días): %s envíos, %s consultas, %s intentos de "
                         "inicio de sesión, %s sesiones vencidas, %s contadores de nombres desconocidos, "
                         "%s ventanas por origen, %s enlaces de foto vencidos.", row["retention_days"],
                         row["submission_log"], row["status_lookup_log"], row["login_attempt"], row["staff_session"],
                         row["login_name_failure"], row["login_source"], row["photo_link"])
                stamp.touch()
            except Exception:  # retried at the next hourly check
                log.exception("La depuración diaria de bitácoras falló; se reintentará en una hora")
        if not self.backups:
            return
        folder = backup.backup_dir(self.db)
        backup.remove_leftovers(folder)  # an interrupted backup (power cut, SIGKILL) leaves its temporary files
        last = backup.newest(folder) if folder.is_dir() else None
        if last is None or time.time() - last.stat().st_mtime >= DAY:
            try:
                info = backup.create_backup(self.db)
                removed = backup.prune(folder, self.backup_days)
                log.info("Respaldo diario: %s (%s bytes); %d respaldo(s) de más de %d días eliminados.",
                         info.path, f"{info.size:,}", len(removed), self.backup_days)
            except Exception:  # retried at the next hourly check
                log.exception("El respaldo diario falló; se reintentará en una hora")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sistema de tickets del Centro de Cómputo (ITL)")
    parser.add_argument("--db-port", type=int, default=DEFAULT_PORT, help="puerto de PostgreSQL embebido")
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE,
                        help="carpeta de datos de la base integrada (predeterminada var/db)")
    parser.add_argument("--host", default=os.environ.get("ITL_WEB_HOST", "127.0.0.1"),
                        help="dirección donde escucha el formulario web (predeterminada 127.0.0.1)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ITL_WEB_PORT", "8080")),
                        help="puerto del formulario web (predeterminado 8080)")
    parser.add_argument("--threads", type=int, default=int(os.environ.get("ITL_WEB_THREADS", "8")),
                        help="hilos de waitress que atienden peticiones")
    parser.add_argument("--no-web", action="store_true", help="solo la base de datos, sin formulario web")
    parser.add_argument("--esperar", type=float, default=15.0, metavar="SEGUNDOS",
                        help="si otra instancia usa la carpeta de datos, esperar hasta que termine (predeterminado 15)")
    parser.add_argument("--retencion-respaldos", type=int,
                        default=int(os.environ.get("ITL_BACKUP_DAYS", str(backup.DEFAULT_RETENTION_DAYS))),
                        metavar="DIAS", help="días que se conservan los respaldos diarios (predeterminado 14)")
    parser.add_argument("--sin-respaldos", action="store_true", help="no hacer el respaldo diario automático")
    parser.add_argument("--db-listen", nargs="?", const="0.0.0.0", default=None, metavar="DIRECCION",
                        help="abrir la base integrada a la red local (mismo puerto --db-port) para la aplicación "
                             "de escritorio: TLS de PostgreSQL, scram-sha-256, solo el usuario itl_desk; sin "
                             "DIRECCION escucha en todas")
    parser.add_argument("--db-red", action="append", metavar="CIDR",
                        help="redes desde las que se acepta itl_desk con --db-listen (predeterminado: todas)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.retencion_respaldos < 1:
        print("ERROR: --retencion-respaldos debe ser 1 o más días.", file=sys.stderr)
        return 2
    try:
        networks = tuple(str(ipaddress.ip_network(net, strict=False)) for net in args.db_red or ())
    except ValueError as exc:
        print(f"ERROR: --db-red espera redes como 192.168.10.0/24 ({exc}).", file=sys.stderr)
        return 2

    shown = "127.0.0.1" if args.host in ("0.0.0.0", "") else args.host
    web = None if args.no_web else f"http://{shown}:{args.port}/"
    lock = InstanceLock(args.state, wait=args.esperar, proceso="el sistema de tickets",
                        web=web, db_port=args.db_port)
    try:
        lock.acquire(on_wait=lambda holder: print(
            f"La carpeta de datos {args.state} está en uso por otra instancia (PID {holder.get('pid', '?')}); "
            f"esperando hasta {args.esperar:.0f} s a que termine...", flush=True))
    except InstanceBusy as busy:
        print(f"ERROR: {busy.message(args.state)}", file=sys.stderr)
        return 2
    try:
        return _run(args, lock, networks)
    finally:
        lock.release()


def _run(args: argparse.Namespace, lock: InstanceLock, networks: tuple[str, ...]) -> int:
    settings = None
    if not args.no_web:
        from webform.config import ConfigError, settings_from_env

        try:  # a malformed ITL_* setting (ITL_PORTAL_ORIGINS...) stops the start before the database
            settings = settings_from_env()
        except ConfigError as exc:
            print(f"ERROR: {exc} La base de datos no se tocó.", file=sys.stderr)
            return 2
    if not args.no_web and port_in_use(args.host, args.port):
        print(f"ERROR: el puerto {args.port} de {args.host} ya está en uso por otro programa; el formulario web no "
              "puede escuchar ahí. Elija otro con --port (o ITL_WEB_PORT). La base de datos no se tocó.",
              file=sys.stderr)
        return 2

    db = EmbeddedDb(args.state, args.db_port, listen=args.db_listen, networks=networks)
    try:
        was_running = db.running()
    except SystemExit as exc:  # --db-listen without the TLS build installed
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    if was_running and args.db_listen:
        print(f"ERROR: la base de datos de {db.pgdata} ya está en ejecución sin abrirse a la red; deténgala "
              "(python -m tools.embedded_db stop) y vuelva a iniciar con --db-listen.", file=sys.stderr)
        return 2
    started_here = False
    stop = threading.Event()
    supervisor: DbSupervisor | None = None
    server = None
    web_gw = None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        try:
            if was_running:
                print(f"La base de datos de {db.pgdata} ya estaba en ejecución: se usa y no se detendrá al salir.")
            started_here = not was_running
            start_database(db)
        except DeployError as exc:
            print(f"ERROR: {exc}", file=sys.stderr)
            return 1
        except SystemExit as exc:  # embedded_db's Spanish messages (port busy, server did not start)
            if exc.code not in (None, 0):
                print(f"ERROR: {exc}", file=sys.stderr)
                return 1
            raise
        print(f"Base de datos lista en 127.0.0.1:{db.port} (datos en {db.pgdata}).")
        if args.db_listen:
            cert, _ = db.ensure_certificate()
            print(f"Base de datos abierta a la red en {args.db_listen}:{db.port} con el TLS de PostgreSQL: solo el "
                  f"usuario itl_desk, desde {', '.join(networks) or 'cualquier red'}. Certificado para las PCs de "
                  f"operador: {cert} (o python -m tools.embedded_db certificado --salida ARCHIVO).", flush=True)
            print(f"Huella SHA-256 del certificado (compárela en cada PC de operador): "
                  f"{db.certificate_fingerprint()}", flush=True)
        bootstrap_admin(db.url())

        supervisor = DbSupervisor(db, stop)
        supervisor.start()
        Maintenance(db, stop, args.retencion_respaldos, backups=not args.sin_respaldos).start()

        if args.no_web:
            signal.pause()
        else:
            from webform import create_app
            from webform.serve import make_server

            assert settings is not None
            # One pooled connection per waitress thread (plus spare ones), so a thread never waits
            # for a connection; the short timeout only matters when the database is down (503 fast).
            web_gw = gateway.connect(db.url("itl_web"), min_size=2, max_size=args.threads + 2, timeout=2.0)
            try:
                server = make_server(create_app(web_gw, settings), settings, args.host, args.port, args.threads)
            except OSError as exc:  # taken between the early check and now
                print(f"ERROR: el formulario web no pudo escuchar en {args.host}:{args.port} ({exc.strerror}). "
                      "Elija otro puerto con --port.", file=sys.stderr)
                return 2
            shown = "127.0.0.1" if args.host in ("0.0.0.0", "") else args.host
            lock.update(web=f"http://{shown}:{server.effective_port}/")
            print(f"Formulario web disponible en http://{shown}:{server.effective_port}/ "
                  f"(consulta de solicitudes: http://{shown}:{server.effective_port}/consulta).", flush=True)
            print("Presione Ctrl+C para detener el sistema.", flush=True)
            server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        stop.set()
        if server is not None:
            server.close()  # free the web port before the data folder's lock is released
        if supervisor is not None:
            supervisor.join(timeout=120)
            started_here = started_here or supervisor.started_by_us
        if web_gw is not None:
            web_gw.close()
        if started_here:
            db.stop()
        else:
            print("La base de datos no la inició este proceso: se deja en ejecución.")
        print("Sistema detenido.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

