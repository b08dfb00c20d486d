"""What the web form's photo re-encoding saves on typical phone photos, and how long it takes (figures only).

    python -m tools.dev.photo_bench                 # three 4032x3024 JPEG q92 photos (noise 8, 18, 30)
    python -m tools.dev.photo_bench --sigma 18 --repeat 5

Each stand-in photo (colour gradients plus sensor-like noise, as tests/webform/images.py makes them)
goes through webform.photos.reencode as an upload would: orientation applied, metadata dropped,
1600 px on the long side. Prints size before and after and the time per photo; asserts nothing.
The figures in docs/readme/web.md ("Fotos") come from here.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from tests.webform.images import phone_photo
from webform import photos


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mide la recodificación de fotos del formulario web")
    parser.add_argument("--sigma", type=float, action="append",
                        help="ruido de la foto simulada (se puede repetir; por omisión 8, 18 y 30)")
    parser.add_argument("--repeat", type=int, default=3, help="veces que se recodifica cada foto (mediana)")
    args = parser.parse_args(argv)
    total_in = total_out = 0
    for sigma in args.sigma or [8.0, 18.0, 30.0]:
        original = phone_photo(sigma=sigma)
        times = []
        for _ in range(max(1, args.repeat)):
            started = time.perf_counter()
            _kind, content, width, height = photos.reencode(original, 1600, 50_000_000)
            times.append(time.perf_counter() - started)
        total_in += len(original)
        total_out += len(content)
        print(f"foto 4032x3024 q92 ruido σ={sigma:g}: {len(original) / 1e6:.2f} MB -> {len(content) / 1e6:.2f} MB "
              f"({width}x{height} q{photos.JPEG_QUALITY}), ahorro {100 * (1 - len(content) / len(original)):.0f} %, "
              f"mediana {statistics.median(times) * 1000:.0f} ms")
    saved = 100 * (1 - total_out / total_in)
    print(f"total: {total_in / 1e6:.2f} MB -> {total_out / 1e6:.2f} MB, ahorro {saved:.0f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
