"""Keyboard shortcuts: the one list shown by the F1 overlay and written in docs/readme/desktop.md.

`action_for` decides what a key press does, given the modifiers and whether a text field has
the keyboard (then letters and arrows belong to the text, only F-keys, Esc and Ctrl+... act).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shortcut:
    keys: str
    action: str
    description: str


SHORTCUTS: list[Shortcut] = [
    Shortcut("Ctrl+F", "search", "Buscar: lleva el cursor al cuadro de búsqueda de la cola"),
    Shortcut("F5", "refresh", "Actualizar la cola (y el ticket abierto)"),
    Shortcut("↓ / J", "down", "Bajar al siguiente ticket de la cola"),
    Shortcut("↑ / K", "up", "Subir al ticket anterior de la cola"),
    Shortcut("Enter", "open", "Abrir el ticket marcado en la cola (o doble clic en su renglón)"),
    Shortcut("Espacio", "select", "Agregar o quitar el ticket marcado de la selección (también Ctrl+clic)"),
    Shortcut("Menú / Mayús+F10", "menu",
             "Menú del ticket marcado: abrir, asignarme, cambiar estado (o clic derecho); ↓/↑ y Enter eligen"),
    Shortcut("R", "reply", "Escribir en el ticket abierto"),
    Shortcut("Ctrl+Enter", "send", "Enviar la nota o respuesta que está escribiendo"),
    Shortcut(":: (al escribir)", "canned", "Insertar una respuesta predefinida: escriba para filtrar, ↓/↑ y Enter"),
    Shortcut("Esc", "back", "Volver a la cola (cierra también esta ayuda, una foto o una confirmación)"),
    Shortcut("Enter (en una confirmación)", "open", "Confirmar el envío o el cambio de estado que se muestra"),
    Shortcut("Av Pág / Re Pág", "page", "Página siguiente / anterior de la cola"),
    Shortcut("? / F1", "help", "Mostrar u ocultar esta lista de atajos"),
]

# Key names used by the view layer (mapped to Dear PyGui key codes there).
TYPING_SAFE = {"f5", "f1", "escape", "ctrl+f", "ctrl+enter"}
PLAIN = {
    "f5": "refresh", "f1": "help", "escape": "back", "ctrl+f": "search", "ctrl+enter": "send",
    "down": "down", "j": "down", "up": "up", "k": "up", "enter": "open", "r": "reply", "?": "help",
    "pagedown": "next_page", "pageup": "previous_page", "space": "select", "menu": "menu",
}


def action_for(key: str, typing: bool) -> str | None:
    """'refresh', 'down', ... or None. key is lower-case: 'j', 'f5', 'ctrl+f', 'ctrl+enter'."""
    if typing and key not in TYPING_SAFE:
        return None
    return PLAIN.get(key)


def markdown_table() -> str:
    lines = ["| Tecla | Qué hace |", "|---|---|"]
    lines += [f"| {s.keys} | {s.description} |" for s in SHORTCUTS]
    return "\n".join(lines)
