"""The shape of a folio, published once for every reader.

app.format_folio / app.FormatFolio writes folios ('CC-', the year in Mexico City, '-', the
ticket id with at least 6 digits). Who recognises one reads this pattern: the web tier (the
receipt URL) and staff.list_queue / staff.ListQueue (a search that is a folio), which write it
as a PostgreSQL regular expression and as T-SQL LIKE patterns; tools/dev/checks/folio.py fails
when either procedure no longer spells this pattern.
"""

from __future__ import annotations

import re

# Upper case; the queue search upper-cases what was typed before matching.
FOLIO_PATTERN = r"^[A-Z]{2}-[0-9]{4}-[0-9]+$"
FOLIO_RE = re.compile(FOLIO_PATTERN)
