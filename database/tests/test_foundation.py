"""Schema, registry, seed catalogs and grants as deployed (every backend)."""

from __future__ import annotations

import io

import psycopg
import pytest

import gateway
from gateway.errors import registry
from tools.deploy import Deployer, PgDialect, seed_tables


def test_error_registry_is_loaded_verbatim(db):
    rows = db.sql("SELECT error_id, error_key, message FROM app.error_message",
                  "SELECT ErrorId, ErrorKey, Message FROM app.ErrorMessage")
    assert {r[0]: (r[1], r[2]) for r in rows} == registry()


def test_seed_catalogs_are_loaded(db):
    for seed in seed_tables():
        table = seed.table
        count = db.sql(f"SELECT count(*) FROM app.{table}",
                       f"SELECT COUNT(*) FROM app.{''.join(p.title() for p in table.split('_'))}")[0][0]
        assert count >= len(seed.rows), table
    campuses = db.sql("SELECT code, address FROM app.campus ORDER BY code",
                      "SELECT Code, Address FROM app.Campus ORDER BY Code")
    assert [c[0] for c in campuses] == ["C1", "C2"]
    assert "37290" in campuses[0][1] and "37316" in campuses[1][1]


def test_every_status_transition_joins_two_statuses(db):
    orphans = db.sql(
        "SELECT count(*) FROM app.status_transition AS t LEFT JOIN app.status AS s "
        "ON s.status_id = t.to_status_id WHERE s.status_id IS NULL",
        "SELECT COUNT(*) FROM app.StatusTransition AS t LEFT JOIN app.Status AS s "
        "ON s.StatusId = t.ToStatusId WHERE s.StatusId IS NULL")
    assert orphans[0][0] == 0
    # Final for an operator: no transition out that is open to operators. «Cancelado» is left
    # only by the administrator's reopen (admin_only); «Cerrado» by nobody.
    operator_finals = db.sql(
        "SELECT code FROM app.status WHERE status_id NOT IN (SELECT from_status_id "
        "FROM app.status_transition WHERE NOT admin_only) ORDER BY code",
        "SELECT Code FROM app.Status WHERE StatusId NOT IN (SELECT FromStatusId "
        "FROM app.StatusTransition WHERE AdminOnly = 0) ORDER BY Code")
    assert [f[0] for f in operator_finals] == ["cancelado", "cerrado"]
    finals = db.sql("SELECT code FROM app.status WHERE status_id NOT IN "
                    "(SELECT from_status_id FROM app.status_transition) ORDER BY code",
                    "SELECT Code FROM app.Status WHERE StatusId NOT IN "
                    "(SELECT FromStatusId FROM app.StatusTransition) ORDER BY Code")
    assert [f[0] for f in finals] == ["cerrado"]


@pytest.mark.parametrize("login", ["itl_web", "itl_desk"])
def test_client_logins_cannot_touch_tables(pg_db, login):
    with psycopg.connect(pg_db.login_urls[login], autocommit=True) as conn:
        for statement in ("SELECT * FROM app.ticket", "DELETE FROM app.staff_user",
                          "SELECT * FROM app.setting", "SELECT app.raise_error(1001)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)


def test_web_login_cannot_use_staff_schema(pg_db):
    with psycopg.connect(pg_db.login_urls["itl_web"], autocommit=True) as conn:
        usage = conn.execute("SELECT has_schema_privilege('staff', 'USAGE'), "
                             "has_schema_privilege('webform', 'USAGE')").fetchone()
    assert usage == (False, True)
    with psycopg.connect(pg_db.login_urls["itl_desk"], autocommit=True) as conn:
        usage = conn.execute("SELECT has_schema_privilege('staff', 'USAGE'), "
                             "has_schema_privilege('webform', 'USAGE')").fetchone()
    assert usage == (True, False)


def test_second_deploy_changes_nothing(pg_db):
    out = io.StringIO()
    changes = Deployer(PgDialect(pg_db.owner_url), out=out).deploy()
    assert changes == 0
    assert "Sin cambios" in out.getvalue()



def test_a_missing_setting_raises_its_registry_error_instead_of_a_guess(db):
    """app.setting_value / app.SettingValue: no procedure repeats the defaults of 01_setting.tsv."""
    from tests.support.tickets import png
    from tests.support.webform_data import ids, valid_ticket

    key = "attachment_max_count"
    value, description = db.sql("SELECT setting_value, description FROM app.setting WHERE setting_key = %s",
                                "SELECT SettingValue, Description FROM app.Setting WHERE SettingKey = ?", (key,))[0]
    db.on_close(lambda: db.sql(
        "INSERT INTO app.setting (setting_key, setting_value, description) VALUES (%s, %s, %s) "
        "ON CONFLICT (setting_key) DO NOTHING",
        "IF NOT EXISTS (SELECT 1 FROM app.Setting WHERE SettingKey = ?) "
        "INSERT INTO app.Setting (SettingKey, SettingValue, Description) VALUES (?, ?, ?)",
        (key, value, description) if db.dialect == "pg" else (key, key, value, description)))
    c = ids(db)
    # With a photo: the photo limits are read only when a photo is given (most tickets have none).
    with_photo = {**valid_ticket(c), "attachment1_name": "foto.png", "attachment1_type": "image/png",
                  "attachment1_content": png(4, 4)}
    assert db.web.call("webform.check_ticket", **with_photo) == []
    db.sql("DELETE FROM app.setting WHERE setting_key = %s", "DELETE FROM app.Setting WHERE SettingKey = ?", (key,))
    with pytest.raises(gateway.AppError) as err:
        db.web.call("webform.check_ticket", **with_photo)
    assert err.value.error_id == gateway.error_id("setting_missing")
