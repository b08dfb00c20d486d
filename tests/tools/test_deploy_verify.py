"""`python -m tools.deploy URL --verificar` against the embedded PostgreSQL, with its real logins."""

from __future__ import annotations

import re

from tools import deploy


def verify(pg_db, capsys, *extra: str) -> tuple[int, str]:
    code = deploy.main([pg_db.owner_url, "--verificar", "--web-url", pg_db.login_urls["itl_web"],
                        "--desk-url", pg_db.login_urls["itl_desk"], *extra])
    out = capsys.readouterr().out
    print(out)
    return code, out


def row(out: str, label: str) -> str:
    found = [line for line in out.splitlines() if label in line and re.match(r"\s+(bien|FALLA)\s", line)]
    assert len(found) == 1, (label, out)
    return found[0].strip()


def test_every_check_passes_on_a_fresh_install(pg_db, capsys):
    code, out = verify(pg_db, capsys)
    assert code == 0
    assert "FALLA" not in out.split("Resultado:")[0]
    assert re.search(r"Resultado: (\d+) bien, 0 FALLA \(\d+\.\d s\)", out)
    assert int(re.search(r"Resultado: (\d+) bien", out).group(1)) >= 17
    assert "transacción deshecha" in row(out, "web: registra un ticket")
    assert pg_db.sql("SELECT count(*) FROM app.ticket")[0][0] == 0, "the verification left a ticket behind"
    assert "permission denied" in row(out, "web: no ejecuta staff.*")
    assert "secreto" not in out and pg_db.login_urls["itl_web"] not in out, "passwords printed"


def test_logins_default_to_the_embedded_secrets(pg_db, pg_cluster, capsys):
    code = deploy.main([pg_db.owner_url, "--verificar", "--estado", str(pg_cluster.state)])
    out = capsys.readouterr().out
    print(out)
    assert code == 0
    assert re.search(r"web\s+postgresql://itl_web@", out)
    assert re.search(r"escritorio\s+postgresql://itl_desk@", out)


def test_owner_defaults_to_the_embedded_database(pg_db, pg_cluster, capsys, monkeypatch):
    """Without a URL: the embedded server's superuser on its `itl` database (here: this test's database)."""
    from tools import embedded_db

    name = pg_db.owner_url.rsplit("/", 1)[1]
    monkeypatch.setattr(embedded_db, "DEFAULT_PORT", pg_cluster.server.port)
    monkeypatch.setattr(embedded_db, "DATABASE", name)
    code = deploy.main(["--verificar", "--estado", str(pg_cluster.state)])
    out = capsys.readouterr().out
    print(out)
    assert code == 0
    assert re.search(rf"dueño\s+postgresql://postgres@127\.0\.0\.1:{pg_cluster.server.port}/{name}\n", out)


def test_revoked_webform_grant_fails_its_check(pg_db, capsys):
    pg_db.sql("REVOKE EXECUTE ON FUNCTION webform.list_catalog_items() FROM itl_web")
    code, out = verify(pg_db, capsys)
    assert code == 1
    line = row(out, "web: ejecuta webform (catálogos)")
    assert line.startswith("FALLA") and "permission denied for function list_catalog_items" in line
    assert row(out, "escritorio: ejecuta staff.get_login_params").startswith("bien")


def test_revoked_staff_grant_fails_the_desktop_check(pg_db, capsys):
    pg_db.sql("REVOKE EXECUTE ON FUNCTION staff.list_queue FROM itl_desk")
    code, out = verify(pg_db, capsys)
    assert code == 1
    line = row(out, "escritorio: ejecuta staff.get_login_params")
    assert line.startswith("FALLA") and "no puede ejecutar staff.list_queue" in line


def test_table_grant_to_the_web_login_fails(pg_db, capsys):
    """The schema's missing USAGE still blocks the read, but a table grant breaks the model: FALLA."""
    pg_db.sql("GRANT SELECT ON app.ticket TO itl_web")
    code, out = verify(pg_db, capsys)
    assert code == 1
    line = row(out, "web: no toca tablas ni vistas")
    assert line.startswith("FALLA") and "tiene permisos sobre app.ticket" in line
    assert row(out, "dueño: permisos solo por esquema").startswith("FALLA")
    assert "itl_web: SELECT app.ticket" in out
    assert row(out, "escritorio: no toca tablas ni vistas").startswith("bien")


def test_schema_usage_and_function_grant_on_app_fail(pg_db, capsys):
    pg_db.sql("GRANT USAGE ON SCHEMA app TO itl_desk")
    pg_db.sql("GRANT EXECUTE ON FUNCTION app.raise_error(INT) TO itl_desk")
    code, out = verify(pg_db, capsys)
    assert code == 1
    line = row(out, "escritorio: no ejecuta app.*")
    assert line.startswith("FALLA") and "app.raise_error" in line


def test_login_that_is_the_owner_fails(pg_db, capsys):
    pg_db.sql("GRANT itl_owner TO itl_web")
    try:
        code, out = verify(pg_db, capsys)
    finally:
        pg_db.sql("REVOKE itl_owner FROM itl_web")  # roles are cluster-wide: undo for the other tests
    assert code == 1
    assert row(out, "web: no es el dueño").startswith("FALLA")


def test_changed_procedure_and_unapplied_version_fail_the_checksums(pg_db, capsys):
    pg_db.sql("UPDATE app.deployed_object SET checksum = 'otra' WHERE object_name = 'webform.SubmitTicket'")
    pg_db.sql("DELETE FROM app.schema_version WHERE version = 7")
    code, out = verify(pg_db, capsys)
    assert code == 1
    line = row(out, "sumas de verificación = archivos")
    assert line.startswith("FALLA")
    assert "webform.SubmitTicket distinto del archivo" in line
    assert "V007__ticket_description_search.sql sin aplicar" in line


def test_definer_function_without_safe_search_path_fails(pg_db, capsys):
    pg_db.sql("ALTER FUNCTION staff.log_out RESET search_path")
    code, out = verify(pg_db, capsys)
    assert code == 1
    assert "staff.log_out" in row(out, "funciones de la API: SECURITY DEFINER")


def test_wrong_password_is_a_falla_row_not_a_traceback(pg_db, capsys):
    bad = re.sub(r"//itl_desk:[^@]*@", "//itl_desk:incorrecta@", pg_db.login_urls["itl_desk"])
    code = deploy.main([pg_db.owner_url, "--verificar", "--web-url", pg_db.login_urls["itl_web"], "--desk-url", bad])
    out = capsys.readouterr().out
    print(out)
    assert code == 1
    line = row(out, "escritorio: ejecuta staff.get_login_params")
    assert line.startswith("FALLA") and "no se pudo conectar como escritorio" in line
    assert "password authentication failed" in line
    assert row(out, "web: registra un ticket").startswith("bien")
    assert "incorrecta" not in out


def test_sql_server_needs_the_login_urls(capsys):
    assert deploy.main(["mssql://dueno:x@servidor/TicketsCC", "--verificar"]) == 1
    assert "indique --web-url y --desk-url" in capsys.readouterr().err


def test_embedded_defaults_need_the_secrets_file(tmp_path, capsys):
    assert deploy.main(["postgresql://postgres:x@127.0.0.1:1/itl", "--verificar", "--estado", str(tmp_path)]) == 1
    assert "secrets.json: indique --web-url y --desk-url" in capsys.readouterr().err
