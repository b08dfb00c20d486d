-- V007: word search on the description without recomputing to_tsvector per row (perf).
-- staff.list_queue keeps the newest-first order by walking the primary key backwards and
-- testing each ticket; with the expression index of V004 the test had to recompute
-- to_tsvector('spanish', description) for every row it walked (0.1 ms each). The vector is
-- now stored once, when the ticket is written, and indexed (GIN) for rare words; the
-- expression index becomes redundant.
ALTER TABLE app.ticket
ADD COLUMN description_search TSVECTOR
GENERATED ALWAYS AS (to_tsvector('spanish'::REGCONFIG, description)) STORED;

CREATE INDEX ix_app_ticket_description_search ON app.ticket USING gin (description_search);

DROP INDEX app.ix_app_ticket_description_fts;
