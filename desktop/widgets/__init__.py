"""Reusable widgets built from Dear PyGui items (the word-wrapping text box)."""
