"""Dear PyGui views: they build widgets and forward events to services."""
