-- app.format_folio: the folio of ticket p_ticket_id created at p_created_at: 'CC-', the year of
-- p_created_at in Mexico City, '-', the ticket id with at least 6 digits (CC-2026-000123).
-- The one folio rule, used by webform.submit_ticket and demo.seed_tickets; its shape is
-- gateway.folio.FOLIO_PATTERN (the web tier and staff.list_queue read that pattern).
-- A one-row table (not a scalar) so the T-SQL twin is an inline function that set-based
-- inserts can CROSS APPLY; LANGUAGE sql without SET options so PostgreSQL inlines it too.
CREATE OR REPLACE FUNCTION app.format_folio(p_ticket_id BIGINT, p_created_at TIMESTAMPTZ)
RETURNS TABLE (folio VARCHAR)
LANGUAGE sql
STABLE
AS $$
    SELECT ('CC-' || to_char(p_created_at AT TIME ZONE 'America/Mexico_City', 'YYYY') || '-'
        || lpad(p_ticket_id::TEXT, greatest(6, length(p_ticket_id::TEXT)), '0'))::VARCHAR;
$$;
