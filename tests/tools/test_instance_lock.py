"""tools.instance_lock: one system per data folder; a refused or finished run leaves no lock file behind."""

from __future__ import annotations

import threading
import time

import pytest

from tools.instance_lock import LOCK_NAME, InstanceBusy, InstanceLock


def test_a_run_that_stops_leaves_no_lock_file_and_no_folder_it_made(tmp_path):
    new = tmp_path / "nueva"
    lock = InstanceLock(new, proceso="el sistema de tickets")
    lock.acquire()
    assert (new / LOCK_NAME).exists()
    lock.release()  # e.g. refused because the web port was busy
    assert not new.exists(), "the folder it created, still empty, is gone too"
    existing = tmp_path / "datos"
    (existing / "pgdata").mkdir(parents=True)
    with InstanceLock(existing):
        pass
    assert sorted(p.name for p in existing.iterdir()) == ["pgdata"]


def test_the_refusal_names_the_holder_in_correct_spanish(tmp_path):
    holder = InstanceLock(tmp_path, proceso="el sistema de tickets", web="http://127.0.0.1:8080/", db_port=55432)
    holder.acquire()
    try:
        with pytest.raises(InstanceBusy) as info:
            InstanceLock(tmp_path).acquire()
        said = info.value.message(tmp_path)
        assert said.startswith("Ya hay una instancia del sistema de tickets usando") and "de el" not in said
        assert "http://127.0.0.1:8080/" in said and "127.0.0.1:55432" in said
    finally:
        holder.release()
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_waiting_run_takes_over_and_never_shares_the_folder(tmp_path):
    first = InstanceLock(tmp_path, proceso="primero")
    first.acquire()
    second = InstanceLock(tmp_path, wait=30, proceso="segundo")
    got: list[str] = []
    waiter = threading.Thread(target=lambda: (second.acquire(), got.append("segundo")))
    waiter.start()
    time.sleep(0.5)  # let it block on the first one's lock (the outcome does not depend on this pause)
    first.release()  # deletes the file the second one is waiting on
    waiter.join(30)
    assert got == ["segundo"]
    try:
        # The second holds the file that is now at the path: a third run is refused, not let in.
        with pytest.raises(InstanceBusy) as info:
            InstanceLock(tmp_path).acquire()
        assert info.value.holder.get("proceso") == "segundo"
    finally:
        second.release()
