"""The test support itself: finalizers restore settings; shared mode hands out one database."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import psycopg

from tests.support.auth import lower_min_iterations
from tests.support.database import SHARED, PgCluster, set_setting


def _setting(url: str, key: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT setting_value FROM app.setting WHERE setting_key = %s", (key,)).fetchone()[0]


def test_changed_settings_come_back_when_the_test_is_done(pg_cluster):
    db = pg_cluster.fresh()
    try:
        before = _setting(db.owner_url, "login_max_failures"), _setting(db.owner_url, "min_pbkdf2_iterations")
        set_setting(db, "login_max_failures", 99)
        set_setting(db, "login_max_failures", 98)  # the first old value is the one restored
        lower_min_iterations(db)
        assert (_setting(db.owner_url, "login_max_failures"), _setting(db.owner_url, "min_pbkdf2_iterations")) \
            == (98, 1000)
        db.close()  # what every fixture does at the end of a test: runs the finalizers
        after = _setting(db.owner_url, "login_max_failures"), _setting(db.owner_url, "min_pbkdf2_iterations")
        assert after == before == (5, 600_000)
    finally:
        pg_cluster.drop(db)


def test_shared_mode_gives_every_test_the_same_kept_database():
    # Not tmp_path: the server runs as another user (root case) and pytest prunes old basetemps.
    root = Path(tempfile.mkdtemp(prefix="itl-shared-test-"))
    state = root / "shared"
    cluster = PgCluster(shared=True, state_dir=str(state))
    try:
        first, second, private = cluster.fresh(), cluster.fresh(), cluster.fresh(private=True)
        assert first.owner_url.endswith("/" + SHARED) and second.owner_url == first.owner_url
        assert not private.owner_url.endswith("/" + SHARED)
        set_setting(first, "attachment_max_count", 1)
        assert _setting(second.owner_url, "attachment_max_count") == 1  # one database, as on SQL Server
        for db in (first, second, private):
            cluster.drop(db)
        assert _setting(cluster.server.url(database=SHARED), "attachment_max_count") == 3  # restored, not dropped
    finally:
        cluster.close()
    try:
        assert (state / "pgdata" / "PG_VERSION").exists()  # kept for the next run
    finally:
        shutil.rmtree(root, ignore_errors=True)
