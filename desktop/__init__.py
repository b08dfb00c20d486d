"""Desktop app for the computing center's operators and administrators (Dear PyGui).

Views (desktop/views/) only build widgets and forward events; services
(desktop/services/) hold the logic and call `staff` procedures through the
gateway; `AppContext` (desktop/context.py) is what every view receives.
"""
