"""python -m desktop [--db-url URL]: start the desktop app."""

from desktop.app import main

if __name__ == "__main__":
    raise SystemExit(main())
