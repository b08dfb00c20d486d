-- V007: twin of the pg stored tsvector column (perf). SQL Server has no tsvector: its words
-- are searched by the full-text index on Description (docs/readme/desktop.md), which already
-- keeps the words outside the row. DescriptionSearch is a plain, non-persisted computed
-- column (no storage, nothing recomputed unless selected) that names the text the search
-- works on, so both dialects define the same columns on app.Ticket.
ALTER TABLE app.Ticket ADD DescriptionSearch AS (Description);
