"""Scripted driver for the GUI smoke test: runs the real app in this process (under Xvfb),
clicks through login -> queue -> ticket by invoking the widgets' own callbacks, saves
screenshots and prints a JSON summary of widget values on its last line.

    python -m tests.desktop.gui_driver URL USERNAME PASSWORD ARTIFACTS_DIR [OWNER_URL]

With OWNER_URL, it also revokes the session (as the database owner, like an expiry) while a
comment is being typed, and checks the way back through the login window.
"""

from __future__ import annotations

import sys

import dearpygui.dearpygui as dpg

from desktop.views import login_view, main_window, queue_view, ticket_view
from desktop.widgets import wrapped_text
from tests.desktop.gui_loop import DriverRun, click, text_of


def main() -> int:
    url, username, password, artifacts = sys.argv[1:5]
    owner_url = sys.argv[5] if len(sys.argv) > 5 else ""
    run = DriverRun(url, artifacts, settle=3)
    app, summary, shot = run.app, run.summary, run.shot
    frame, wait = run.loop.frame, run.loop.wait

    def put_while_typing(tag: str, value: str) -> None:
        """set_value on the field that has the keyboard: ImGui would write its own buffer back, so the
        field lets the keyboard go first (hidden for a frame), as a person's click elsewhere would."""
        dpg.configure_item(tag, show=False)
        frame(2)
        dpg.set_value(tag, value)
        dpg.configure_item(tag, show=True)
        frame(2)

    with run:
        frame(5)
        put_while_typing(login_view.USERNAME, username)  # the keyboard starts in «Usuario»
        put_while_typing(login_view.PASSWORD, "incorrecta-000000")
        click(login_view.SUBMIT)
        wait(lambda: dpg.get_value(login_view.MESSAGE) != "", "mensaje de error de inicio de sesión")
        summary["wrong_password_message"] = dpg.get_value(login_view.MESSAGE)
        shot("login_error")

        put_while_typing(login_view.PASSWORD, password)  # the keyboard is back in «Contraseña»
        click(login_view.SUBMIT)
        wait(lambda: dpg.does_item_exist(main_window.MAIN_WINDOW), "ventana principal")
        wait(lambda: app.queue_view is not None and app.queue_view.row_count() > 0, "filas de la cola")
        summary["queue_rows"] = app.queue_view.row_count()
        summary["page_label"] = dpg.get_value(queue_view.PAGE_LABEL)
        summary["next_enabled"] = dpg.get_item_configuration(queue_view.NEXT)["enabled"]
        summary["first_row_folio"] = app.queue.state.rows[0].cells[0]
        summary["highlighted_rows"] = sum(1 for r in app.queue.state.rows if r.highlight)
        summary["user_label"] = dpg.get_value("main_user_label")
        shot("queue")

        click(queue_view.NEXT)
        wait(lambda: not app.queue_loading and app.queue.page_number == 2, "segunda página")
        summary["page2_rows"] = app.queue_view.row_count()
        click(queue_view.PREVIOUS)
        wait(lambda: not app.queue_loading and app.queue.page_number == 1, "regreso a la primera página")

        first_id = app.queue.state.rows[0].ticket_id
        click(app.queue_view.row_tags[first_id])  # a click marks the row,
        click(app.queue_view.row_tags[first_id])  # a second one at once (double click) opens it
        wait(lambda: app.detail is not None and app.detail.ticket_id == first_id, "detalle del ticket")
        frame(5)
        summary["detail_folio"] = app.detail.ticket["folio"]
        summary["detail_header"] = dpg.get_value(ticket_view.FOLIO)
        summary["detail_photos"] = len(dpg.get_item_children(ticket_view.TEXTURES, slot=1) or [])
        summary["detail_history_lines"] = len(dpg.get_item_children(ticket_view.HISTORY, slot=1) or [])
        summary["equipment_history_rows"] = len(dpg.get_item_children(ticket_view.EQUIPMENT, slot=1) or [])
        shot("ticket")
        photo = next(iter(app.ticket_view._textures), None)
        if photo is not None:
            app.ticket_view.open_photo(photo)  # a click on the thumbnail
            frame(3)
            summary["photo_window"] = dpg.get_item_configuration(ticket_view.PHOTO_WINDOW)["label"]
            shot("ticket_photo_full_size")
            app.shortcut("back")  # Esc closes the photo first
            frame(2)
            summary["photo_closed"] = not dpg.does_item_exist(ticket_view.PHOTO_WINDOW)

        wrapped_text.box(ticket_view.COMMENT).value = "Se revisó el equipo en sitio."
        click("ticket_add_comment")
        wait(lambda: dpg.get_value(ticket_view.MESSAGE) not in ("", "Cargando..."), "resultado de la nota")
        summary["comment_message"] = dpg.get_value(ticket_view.MESSAGE)
        summary["row_version_after_comment"] = app.detail.row_version
        shot("ticket_after_note")

        if owner_url:
            import psycopg

            # Another operator changes the ticket meanwhile (simulated as the owner): our save must conflict.
            with psycopg.connect(owner_url, autocommit=True) as conn:
                conn.execute("UPDATE app.ticket SET row_version = row_version + 1, priority_id = "
                             "(SELECT priority_id FROM app.priority WHERE code = 'urgente') WHERE ticket_id = %s",
                             (app.detail.ticket_id,))
            dpg.set_value(ticket_view.PRIORITY, "Baja")
            dpg.set_value(ticket_view.MESSAGE, "")
            click("ticket_change_priority")
            wait(lambda: dpg.get_value(ticket_view.MESSAGE) != "", "mensaje de conflicto")
            summary["conflict_message"] = dpg.get_value(ticket_view.MESSAGE)
            summary["priority_after_conflict"] = app.detail.ticket["priority_name"]
            summary["row_version_after_conflict"] = app.detail.row_version
            shot("ticket_conflict")

            wrapped_text.box(ticket_view.COMMENT).value = "Borrador que no se debe perder"
            with psycopg.connect(owner_url, autocommit=True) as conn:
                conn.execute("UPDATE app.staff_session SET revoked_at = now() WHERE staff_id = %s",
                             (app.ctx.session.staff_id,))
            click("queue_refresh")
            wait(lambda: dpg.is_item_shown(login_view.WINDOW), "regreso a la ventana de inicio de sesión")
            summary["expired_message"] = dpg.get_value(login_view.MESSAGE)
            summary["expired_username_kept"] = dpg.get_value(login_view.USERNAME)
            summary["main_hidden"] = not dpg.is_item_shown(main_window.MAIN_WINDOW)
            shot("session_expired")
            put_while_typing(login_view.PASSWORD, password)
            click(login_view.SUBMIT)
            wait(lambda: dpg.is_item_shown(main_window.MAIN_WINDOW), "ventana principal otra vez")
            summary["draft_after_relogin"] = text_of(ticket_view.COMMENT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
