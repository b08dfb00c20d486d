"""Issue 20, finding 5: cheap uploads used to force expensive decoding, before the rate limit.

One 190 KB 7000x7000 PNG took 6.4 s and 60 -> 697 MB of web memory; 4 requests with 3 such
images peaked at 2.6 GB. Here 12 clients (12 addresses) each send the worst upload that is
accepted, at once: a 4096x4096 RGBA PNG (the most pixels a PNG/WebP may decode to, 73 KB),
three of them with ITL_SCALE_FULL=1, while other requesters keep submitting. The web server is
a real process (tools/dev/bench_server.py); its peak resident memory (VmHWM)
must stay under 400 MB and every other submission must succeed. Figures are printed.
ITL_UPLOAD_ATTACKERS changes the number of concurrent uploads (12).
"""

from __future__ import annotations

import io
import os
import threading
import time
import uuid

from PIL import Image

from tests.scale.conftest import FULL
from tools.dev.bench_support import FormClient, WebServer, form_catalog, peak_rss_kib, rss_kib, ticket_fields

ATTACKERS = int(os.environ.get("ITL_UPLOAD_ATTACKERS", "12"))
# ITL_SCALE_FULL=1: 3 images per upload (the third an 8000x6000 JPEG) and a normal photo among the
# other requesters' submissions; the CI size keeps the two that matter and photo-less submissions.
OTHERS = 4
OTHER_SUBMISSIONS = 3
LIMIT_MB = 400


def _png(side: int, mode: str) -> bytes:
    out = io.BytesIO()
    Image.new(mode, (side, side), (200, 30, 30, 255)[: len(mode)]).save(out, "PNG", optimize=True)
    return out.getvalue()


def _jpeg(size: tuple[int, int]) -> bytes:  # the other requesters' normal photo
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 200)).save(out, "JPEG", quality=90)
    return out.getvalue()


def test_concurrent_worst_case_uploads_keep_the_web_process_small(pg_db):
    catalog = form_catalog(pg_db.web)
    # the costliest decode that is accepted: a 4096x4096 RGBA PNG (73 KB); at full size three of
    # them. A 7000x7000 PNG is refused from its header now, and then no image of its upload is decoded.
    worst = [("limite.png", _png(4096, "RGBA"))] * (3 if FULL else 1)
    normal_photo = [("aula.jpg", _jpeg((1600, 1200)))]
    server = WebServer(pg_db.login_urls["itl_web"], threads=8).start()
    try:
        warm = FormClient(server.port, address="10.66.0.1")
        assert warm.submit(ticket_fields(catalog, 0), uuid.uuid4()).status == 303
        warm.close()
        baseline = rss_kib(server.pid)
        attacks: list[tuple[int, float]] = []
        others: list[tuple[int, float]] = []
        lock = threading.Lock()
        samples: list[int] = []
        sampling = threading.Event()

        def sample() -> None:
            while not sampling.is_set():
                samples.append(rss_kib(server.pid))
                time.sleep(0.02)

        def attacker(n: int) -> None:
            client = FormClient(server.port, address=f"10.77.{n}.1", timeout=180)
            reply = client.submit_with_photos(ticket_fields(catalog, n), uuid.uuid4(), worst)
            client.close()
            with lock:
                attacks.append((reply.status, reply.seconds))

        def other(n: int) -> None:
            client = FormClient(server.port, address=f"10.88.{n}.1", timeout=180)
            for i in range(OTHER_SUBMISSIONS):
                fields, key = ticket_fields(catalog, 100 + n * 10 + i), uuid.uuid4()
                reply = (client.submit_with_photos(fields, key, normal_photo) if FULL and i % 2
                         else client.submit(fields, key))
                with lock:
                    others.append((reply.status, reply.seconds))
            client.close()

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        threads = [threading.Thread(target=attacker, args=(n,)) for n in range(ATTACKERS)]
        threads += [threading.Thread(target=other, args=(n,)) for n in range(OTHERS)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        elapsed = time.perf_counter() - started
        sampling.set()
        sampler.join(5)
        peak = peak_rss_kib(server.pid)
    finally:
        server.cleanup()

    print(f"\n{ATTACKERS} envíos simultáneos con {len(worst)} imagen(es) extrema(s) "
          f"({', '.join(f'{n} {len(b) // 1024} KB' for n, b in worst)}) y {OTHERS}x{OTHER_SUBMISSIONS} envíos "
          f"normales, {elapsed:.1f} s:\n  memoria del proceso web: {baseline / 1024:.0f} MB en reposo, "
          f"pico {peak / 1024:.0f} MB (muestreado: {max(samples, default=0) / 1024:.0f} MB; límite {LIMIT_MB} MB)"
          f"\n  extremos: estados {sorted(s for s, _ in attacks)}, "
          f"{max((t for _, t in attacks), default=0):.1f} s el más lento\n  normales: estados "
          f"{sorted(s for s, _ in others)}, {max((t for _, t in others), default=0):.1f} s el más lento")
    assert len(attacks) == ATTACKERS and all(s == 303 for s, _ in attacks), attacks
    assert len(others) == OTHERS * OTHER_SUBMISSIONS and all(s == 303 for s, _ in others), others
    assert peak < LIMIT_MB * 1024, f"pico de memoria {peak / 1024:.0f} MB"
