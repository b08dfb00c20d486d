"""tools/embedded_db as root: parent folders get only the traversal bit (o+x), never read permission."""

from __future__ import annotations

import os
import stat

import pytest

from tests.support.system import data_root  # noqa: F401 - fixture
from tools.embedded_db import EmbeddedDb, free_port

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="solo como root se cambian permisos de carpetas")


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_700_parent_gets_only_o_plus_x_and_the_change_is_announced(data_root, capfd):  # noqa: F811
    private = data_root / "privada"
    private.mkdir(mode=0o700)
    private.chmod(0o700)
    group_only = private / "grupo"
    group_only.mkdir()
    group_only.chmod(0o750)
    already = group_only / "abierta"
    already.mkdir()
    already.chmod(0o711)
    db = EmbeddedDb(already / "db", free_port())
    try:
        db.start()
        assert db.running()
        assert _mode(private) == 0o701, oct(_mode(private))
        assert _mode(group_only) == 0o751, oct(_mode(group_only))
        assert _mode(already) == 0o711  # had o+x: untouched
        for folder in (private, group_only, already):
            assert _mode(folder) & 0o006 == 0, f"read or write permission widened on {folder}"
        err = capfd.readouterr().err
        assert f"carpeta {private} " in err and f"carpeta {group_only} " in err
        assert f"carpeta {already} " not in err
        assert _mode(db.state) == 0o700  # the data folder itself: owner only
        assert _mode(db.secrets_file) == 0o600
    finally:
        db.stop()
