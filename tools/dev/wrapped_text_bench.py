"""How much a word-wrapping text box (desktop/widgets/wrapped_text.py) costs per frame with a long
text: prints figures, asserts nothing. Needs a display (Xvfb):

    xvfb-run -a env LIBGL_ALWAYS_SOFTWARE=1 .venv/bin/python -m tools.dev.wrapped_text_bench [CHARS]
"""

from __future__ import annotations

import sys
import time

import dearpygui.dearpygui as dpg

from desktop.views import theme
from desktop.widgets import wrapped_text
from desktop.widgets.text_model import Layout


def main() -> int:
    chars = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
    dpg.create_context()
    theme.setup_fonts()
    theme.setup()
    dpg.create_viewport(title="bench", width=900, height=600)
    dpg.setup_dearpygui()
    with dpg.window(tag="bench_window"):
        box = wrapped_text.WrappedTextBox("bench_box", width=600, height=300)
    dpg.set_primary_window("bench_window", True)
    dpg.show_viewport()

    def frames(n: int) -> None:
        for _ in range(n):
            wrapped_text.tick_all()
            dpg.render_dearpygui_frame()

    frames(5)
    sentence = "Se revisó el equipo en sitio y se cambió el cable de red del laboratorio. "
    box.value = (sentence * (chars // len(sentence) + 1))[:chars]
    frames(5)
    n = 100
    started = time.perf_counter()
    for _ in range(n):
        wrapped_text.tick_all()
    idle = (time.perf_counter() - started) / n * 1000
    started = time.perf_counter()
    for _ in range(n):
        box.insert_at_cursor("x")
        wrapped_text.tick_all()
    typed = (time.perf_counter() - started) / n * 1000
    started = time.perf_counter()
    for _ in range(20):
        Layout(box.value, box.wrap_width(), wrapped_text.char_width)
    wrap_ms = (time.perf_counter() - started) / 20 * 1000
    full = Layout(box.value, box.wrap_width(), wrapped_text.char_width)
    middle = len(box.value) // 2
    started = time.perf_counter()
    for n in range(20):  # one letter typed in the middle: only the lines around it are wrapped again
        Layout.edited(full, box.value[:middle] + "xyz"[n % 3] + box.value[middle:])
    edited_ms = (time.perf_counter() - started) / 20 * 1000
    print(f"{len(box.value)} caracteres, {len(box.visual_lines())} renglones: tick sin cambios {idle:.2f} ms; "
          f"tick tras una letra (reajuste y dibujo) {typed:.2f} ms; ajuste completo {wrap_ms:.2f} ms; "
          f"ajuste incremental tras una letra {edited_ms:.2f} ms")
    dpg.destroy_context()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
