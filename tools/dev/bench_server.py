"""The web form as the benchmark and the fault tests run it: a plain process they can kill.

    ITL_BENCH_WEB_URL=postgresql://itl_web:...@127.0.0.1:PORT/itl ITL_WEB_SECRET=<hex> \\
        python -m tools.dev.bench_server --port 8123 [--threads 8] [--pool-size 10] [--trusted-proxy]

Same app and server as tools/run_system.py (webform.create_app under waitress),
without starting or deploying a database. --trusted-proxy makes the app take the
client address from X-Forwarded-For, which the benchmark varies so that the
per-client rate limit does not throttle its 32 simulated clients (documented in
docs/BENCHMARK.md). Loopback only.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

import gateway
from webform import create_app, settings_from_env
from webform.serve import make_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Servidor web para pruebas de carga y de fallas")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--pool-size", type=int, default=10)
    parser.add_argument("--trusted-proxy", action="store_true")
    args = parser.parse_args(argv)
    url = os.environ["ITL_BENCH_WEB_URL"]
    settings = settings_from_env(trusted_proxy=args.trusted_proxy)
    web_gw = gateway.connect(url, min_size=2, max_size=args.pool_size)
    server = make_server(create_app(web_gw, settings), settings, "127.0.0.1", args.port, args.threads)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"LISTO {server.effective_port}", flush=True)
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        web_gw.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
