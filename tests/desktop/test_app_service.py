"""`python -m desktop` start-up decisions that need no display."""

from __future__ import annotations

import pytest

from desktop import app


def test_env_url_wins(monkeypatch) -> None:
    monkeypatch.setenv("ITL_DESK_DB_URL", "postgresql://itl_desk:x@127.0.0.1:5/itl")
    assert app.default_db_url() == "postgresql://itl_desk:x@127.0.0.1:5/itl"


def test_missing_embedded_database_is_reported_not_created(monkeypatch, tmp_path, capsys) -> None:
    from gateway import embedded

    monkeypatch.delenv("ITL_DESK_DB_URL", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)  # with a display the connection screen would open
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("ITL_DESK_CONFIG_DIR", str(tmp_path / "config"))  # no saved connection
    monkeypatch.setattr(embedded, "DEFAULT_STATE", tmp_path / "db")
    assert app.default_db_url() is None
    assert app.main([]) == 2
    assert "ni se encontró la base de datos integrada" in capsys.readouterr().err
    assert not (tmp_path / "db").exists()


def test_embedded_url_is_read_from_the_secrets_and_the_app_does_not_import_tools(tmp_path) -> None:
    import ast
    import json
    from pathlib import Path

    from gateway import embedded

    (tmp_path / "secrets.json").write_text(json.dumps({"itl_desk": "s3creto"}))
    assert embedded.login_url("itl_desk", tmp_path, 6000) == "postgresql://itl_desk:s3creto@127.0.0.1:6000/itl"
    assert embedded.login_url("itl_web", tmp_path) is None
    tree = ast.parse(Path(app.__file__).read_text(encoding="utf-8"))
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any(name == "tools" or name.startswith("tools.") for name in imported), imported


@pytest.mark.parametrize(("url", "message"), [
    ("sqlite:///x.db", "URL de base de datos no reconocida"),
    ("postgresql://u:p@127.0.0.1:1/itl", "No hay pantalla"),
])
def test_bad_url_or_no_display_exit_with_a_spanish_message(monkeypatch, capsys, url, message) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert app.main(["--db-url", url]) == 2
    assert message in capsys.readouterr().err
