"""AppContext: worker-thread calls delivered on the GUI thread; session expiry routed to login."""

from __future__ import annotations

import threading

import gateway
from desktop.context import AppContext, Session, user_message
from tests.support.database import insert_staff_session
from tests.support.tickets import pg_module_db  # noqa: F401 (fixture)


def test_run_async_delivers_on_the_pumping_thread(pg_module_db) -> None:  # noqa: F811
    staff_id, token = insert_staff_session(pg_module_db, "operador")
    ctx = AppContext(pg_module_db.desk)
    ctx.session = Session(token, staff_id, "u", "Usuario", "operador")
    seen: list[tuple[str, object]] = []
    worker_threads: list[str] = []

    def work():
        worker_threads.append(threading.current_thread().name)
        return ctx.call("staff.list_assignable_staff")

    ctx.run_async(work, lambda rows: seen.append((threading.current_thread().name, len(rows))))
    assert ctx.wait_idle()
    assert seen == [(threading.current_thread().name, 1)]
    assert worker_threads[0].startswith("itl-db")
    ctx.close()


def test_errors_go_to_on_error_and_expired_session_to_login(pg_module_db) -> None:  # noqa: F811
    staff_id, token = insert_staff_session(pg_module_db, "operador")
    ctx = AppContext(pg_module_db.desk)
    ctx.session = Session(token, staff_id, "u", "Usuario", "operador")
    expired: list[bool] = []
    errors: list[str] = []
    ctx.on_session_expired = lambda: expired.append(True)

    ctx.run_async(lambda: ctx.call("staff.get_ticket", ticket_id=123456789), on_error=lambda e: errors.append(
        user_message(e)))
    assert ctx.wait_idle()
    assert errors == [gateway.message(gateway.error_id("ticket_not_found"))] and not expired

    ctx.session = Session(b"\x00" * 32, staff_id, "u", "Usuario", "operador")
    ctx.run_async(lambda: ctx.call("staff.list_assignable_staff"), on_error=lambda e: errors.append("no"))
    assert ctx.wait_idle()
    assert expired == [True] and len(errors) == 1

    ctx.run_async(lambda: 1 / 0, on_error=lambda e: errors.append(user_message(e)))
    assert ctx.wait_idle()
    assert errors[-1] == gateway.message(9001)
    ctx.close()
