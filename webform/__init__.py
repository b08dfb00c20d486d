"""The public web form (Bottle): anonymous ticket submission and status lookup.

    from webform import create_app, Settings
    app = create_app(gateway.connect(url), settings_from_env())
"""

from .app import create_app
from .config import Settings, load_secret, settings_from_env

__all__ = ["Settings", "create_app", "load_secret", "settings_from_env"]
