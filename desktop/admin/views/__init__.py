"""Administration views, one module per tab: they build widgets and route events to the
services (desktop/admin/services/); every database call runs through ctx.run_async."""
