"""Does staff.get_login_params answer an unknown username as fast as a known one? (issue 20, finding 10)

    python -m tools.dev.login_timing_bench --url DESK_URL --known USUARIO [--rounds 2000]

DESK_URL is the desktop login's URL (itl_desk on PostgreSQL, a staff_role member on SQL
Server); USUARIO an existing account. Known and unknown names are asked alternately over one
connection, and the median and 90th percentile of each are printed, with their difference.
Figures, not assertions: a difference well under the spread of either means the timing does
not tell whether an account exists.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import time

import gateway


def measure(gw: gateway.Gateway, known: str, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"conocido": [], "desconocido": []}
    for _ in range(50):  # warm-up: plans, pool, caches
        gw.call("staff.get_login_params", username=known)
        gw.call("staff.get_login_params", username="x" + secrets.token_hex(4))
    for n in range(rounds):
        # an unknown name of the same length (the fake salt reads every character)
        unknown = (known + secrets.token_hex(len(known)))[-len(known):]
        order = [("conocido", known), ("desconocido", unknown)]
        for label, name in order if n % 2 else reversed(order):
            started = time.perf_counter()
            gw.call("staff.get_login_params", username=name)
            times[label].append((time.perf_counter() - started) * 1000)
    return times


def report(times: dict[str, list[float]]) -> str:
    lines = []
    for label, values in times.items():
        p90 = statistics.quantiles(values, n=10)[8]
        p50 = statistics.median(values)
        lines.append(f"  {label:<12} p50 {p50:.3f} ms   p90 {p90:.3f} ms   ({len(values)} llamadas)")
    diff = statistics.median(times["desconocido"]) - statistics.median(times["conocido"])
    lines.append(f"  diferencia de medianas (desconocido - conocido): {diff * 1000:+.0f} µs")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tiempo de staff.get_login_params: usuario conocido y desconocido")
    parser.add_argument("--url", required=True, help="URL del usuario de escritorio (itl_desk)")
    parser.add_argument("--known", required=True, help="un usuario que existe")
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args(argv)
    gw = gateway.connect(args.url, min_size=1, max_size=1)
    try:
        times = measure(gw, args.known, args.rounds)
        print(f"staff.get_login_params, {args.rounds} rondas alternadas:\n{report(times)}")
    finally:
        gw.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
