"""Services: the desktop app's logic, testable without a display."""
