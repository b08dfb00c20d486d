"""SQL Server tests never run as the owner in place of a login that is not configured."""

from __future__ import annotations

import pytest

from tests.support import database


def test_missing_login_skips_the_test_with_the_variable_to_set():
    login = database.MissingLogin("ITL_MSSQL_WEB_URL", "webform_role")
    with pytest.raises(pytest.skip.Exception) as skipped:
        login.call("webform.list_catalog_items")
    print(skipped.value.msg)
    assert "defina ITL_MSSQL_WEB_URL" in skipped.value.msg
    assert "webform_role" in skipped.value.msg
    login.close()  # TestDb.close() closes every gateway: nothing to close, no error


class _Recorded:
    """What gateway.connect was asked for (pyodbc needs unixODBC, absent here; nothing connects anyway)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def close(self) -> None:
        pass


def test_mssql_db_without_login_urls_never_uses_the_owner(monkeypatch):
    owner = "mssql://owner:secreto@sqlserver.invalid/TicketsCC"
    web = "mssql://web:secreto@sqlserver.invalid/TicketsCC"
    monkeypatch.setattr(database, "_mssql_deployed", True)
    monkeypatch.setattr(database, "MSSQL_URL", owner)
    monkeypatch.setattr(database.gateway, "connect", _Recorded)
    monkeypatch.delenv("ITL_MSSQL_WEB_URL", raising=False)
    monkeypatch.delenv("ITL_MSSQL_DESK_URL", raising=False)
    test_db = database.mssql_db()
    assert isinstance(test_db.web, database.MissingLogin)
    assert isinstance(test_db.desk, database.MissingLogin)
    assert "ITL_MSSQL_DESK_URL" in test_db.desk.reason
    assert test_db.owner_gw.url == owner
    test_db.close()

    monkeypatch.setenv("ITL_MSSQL_WEB_URL", web)
    test_db = database.mssql_db()
    assert test_db.web.url == web
    assert isinstance(test_db.desk, database.MissingLogin)
    test_db.close()
