-- staff.list_queue: one page of the operators' queue. The database filters, searches,
-- sorts and pages (keyset on (sort value, ticket_id)), so a page costs the same on a
-- million tickets as on a hundred. Dynamic SQL with only the filters in use, so each
-- combination gets its own plan on the matching index (see V004); the page's rows are then
-- joined to the catalogs by one static statement, planned once per connection.
-- Per row: is_new (open and not yet opened by this operator: app.ticket_seen), due_at and
-- is_overdue (open tickets: the priority's response target in working hours while nobody has
-- answered, its resolution target afterwards: app.ticket_clock, stored by a trigger),
-- requester_answered (the latest public event
-- is the requester's reply). p_only_overdue: the "vencidas" filter. p_with_total: also count
-- every ticket matching the filters, up to 10,001 (total_count; 10001 means "more than 10,000";
-- NULL when not asked) -- the app asks for it when the filters change, not on every page.
DROP FUNCTION IF EXISTS staff.list_queue(
    BYTEA, INT, INT, INT, INT, INT, BOOLEAN, BOOLEAN, BOOLEAN, VARCHAR, VARCHAR, BOOLEAN, BIGINT, BIGINT, INT
);

CREATE OR REPLACE FUNCTION staff.list_queue(
    p_token BYTEA,
    p_status_id INT,
    p_campus_id INT,
    p_category_id INT,
    p_priority_id INT,
    p_assigned_to INT,
    p_only_mine BOOLEAN,
    p_only_unassigned BOOLEAN,
    p_only_open BOOLEAN,
    p_search VARCHAR,
    p_sort_key VARCHAR,
    p_sort_desc BOOLEAN,
    p_after_value BIGINT,
    p_after_ticket_id BIGINT,
    p_page_size INT,
    p_only_overdue BOOLEAN DEFAULT FALSE,
    p_with_total BOOLEAN DEFAULT FALSE
)
RETURNS TABLE (
    ticket_id BIGINT,
    folio VARCHAR,
    created_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ,
    requester_name VARCHAR,
    requester_type_name VARCHAR,
    campus_name VARCHAR,
    location_name VARCHAR,
    category_name VARCHAR,
    priority_id INT,
    priority_name VARCHAR,
    status_id INT,
    status_code VARCHAR,
    status_name VARCHAR,
    assigned_to INT,
    assignee_name VARCHAR,
    equipment_tag VARCHAR,
    is_new BOOLEAN,
    row_version INT,
    sort_value BIGINT,
    has_more BOOLEAN,
    location_detail VARCHAR,
    description_excerpt VARCHAR,
    due_at TIMESTAMPTZ,
    is_overdue BOOLEAN,
    requester_answered BOOLEAN,
    total_count BIGINT
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
-- The page's 50 ids are joined to the catalogs in the written order: no join-order search.
SET join_collapse_limit = 1
AS $$
#variable_conflict use_column
DECLARE
    v_staff_id INT;
    v_sort TEXT;
    v_dir TEXT := CASE WHEN coalesce(p_sort_desc, TRUE) THEN 'DESC' ELSE 'ASC' END;
    v_cmp TEXT := CASE WHEN coalesce(p_sort_desc, TRUE) THEN '<' ELSE '>' END;
    v_size INT := least(greatest(coalesce(p_page_size, 50), 1), 200);
    v_search TEXT := nullif(btrim(coalesce(p_search, '')), '');
    v_like TEXT;
    v_prefix TEXT;
    v_where TEXT := 'TRUE';
    v_total TEXT := 'NULL::BIGINT';
    -- "Open status" is written {open} while the filters are built: the page reads it as a
    -- subquery (newest first straight from the primary key, stopping at 51 rows), the count as
    -- a constant list (only the open statuses' index ranges; the subquery is estimated at half
    -- the table and would hash-join all of it).
    v_open SMALLINT[] := ARRAY(SELECT os.status_id FROM app.status AS os WHERE os.is_open);
    v_open_page CONSTANT TEXT := 'IN (SELECT os.status_id FROM app.status AS os WHERE os.is_open)';
    v_sql TEXT;
    v_ids BIGINT [];
    v_sort_values BIGINT [];
    v_count BIGINT;
    v_more BOOLEAN;
BEGIN
    v_staff_id := app.require_session(p_token, 'operador');

    v_sort := CASE coalesce(p_sort_key, 'folio')
        WHEN 'folio' THEN 't.ticket_id'
        WHEN 'campus' THEN 't.campus_id'
        WHEN 'location' THEN 'coalesce(t.location_id, 0)'
        WHEN 'category' THEN 't.category_id'
        WHEN 'requester_type' THEN 't.requester_type_id'
        WHEN 'priority' THEN 't.priority_id'
        WHEN 'status' THEN 't.status_id'
        WHEN 'assignee' THEN 'coalesce(t.assigned_to, 0)'
    END;
    IF v_sort IS NULL THEN
        PERFORM app.raise_error(3009);
    END IF;

    IF p_status_id IS NOT NULL THEN
        v_where := v_where || ' AND t.status_id = $1';
    END IF;
    IF p_campus_id IS NOT NULL THEN
        v_where := v_where || ' AND t.campus_id = $2';
    END IF;
    IF p_category_id IS NOT NULL THEN
        v_where := v_where || ' AND t.category_id = $3';
    END IF;
    IF p_priority_id IS NOT NULL THEN
        v_where := v_where || ' AND t.priority_id = $4';
    END IF;
    IF p_assigned_to IS NOT NULL THEN
        v_where := v_where || ' AND t.assigned_to = $5';
    END IF;
    IF coalesce(p_only_mine, FALSE) THEN
        v_where := v_where || ' AND t.assigned_to = $6';
    END IF;
    IF coalesce(p_only_unassigned, FALSE) THEN
        v_where := v_where || ' AND t.assigned_to IS NULL';
    END IF;
    -- "vencidas" implies open (only open tickets have a due instant): no second filter.
    IF coalesce(p_only_open, FALSE) AND NOT coalesce(p_only_overdue, FALSE) THEN
        v_where := v_where || ' AND t.status_id {open}';
    END IF;
    IF coalesce(p_only_overdue, FALSE) THEN
        -- due_at is stored for open tickets only (app.ticket_due_sync): the partial index
        -- ix_app_ticket_due holds exactly the open tickets, newest first.
        v_where := v_where || ' AND t.due_at IS NOT NULL AND t.due_at < now()';
    END IF;
    IF v_search IS NOT NULL THEN
        -- A folio: upper(search) has the shape gateway.folio.FOLIO_PATTERN (tools/dev/checks/folio.py).
        IF upper(v_search) ~ '^[A-Z]{2}-[0-9]{4}-[0-9]+$' THEN
            v_where := v_where || ' AND t.folio = upper($7)';
        ELSIF v_search ~ '^[A-Za-z0-9]+(-[A-Za-z0-9]+)+$' AND v_search ~ '[0-9]' THEN
            -- Inventory tag (ITL-C1-L4-CO07, ITL-0001): letters and digits in dash-joined
            -- parts, at least one digit, no spaces. Only the tag is searched, so the newest
            -- 50 come straight from (equipment_tag, ticket_id) without sorting. Chosen
            -- behaviour: a tag typed in a requester name or a description is not found by it
            -- (names have no digits; the equipment history lists a device's tickets by tag).
            IF v_search = upper(v_search) THEN
                v_where := v_where || ' AND t.equipment_tag = $7';
            ELSE
                v_where := v_where || ' AND (t.equipment_tag = $7 OR t.equipment_tag = upper($7))';
            END IF;
        ELSE
            v_like := replace(replace(replace(lower(v_search), '\', '\\'), '%', '\%'), '_', '\_') || '%';
            -- Words as typed so far also match: «antiviru» finds «antivirus» (a prefix query: each word
            -- of 3 or more letters or digits with :*, all of them required; only letters and digits
            -- reach to_tsquery, so its syntax cannot be broken by what is typed).
            v_prefix := (
                SELECT string_agg(w.word || CASE WHEN length(w.word) >= 3 THEN ':*' ELSE '' END, ' & ')
                FROM regexp_split_to_table(lower(v_search), '[^[:alnum:]]+') AS w (word)
                WHERE w.word <> ''
            );
            -- A bare number (404) is also the folio's number: the ticket id (app.format_folio).
            v_where := v_where || ' AND (t.equipment_tag = $7 OR t.equipment_tag = upper($7)'
                || CASE WHEN v_search ~ '^[0-9]{1,18}$' THEN ' OR t.ticket_id = $7::BIGINT' ELSE '' END
                || ' OR lower(t.requester_name) LIKE $8'
                || ' OR t.description_search @@ plainto_tsquery(''spanish'', $7)'
                || ' OR t.description_search @@ to_tsquery(''spanish'', $13))';
        END IF;
    END IF;
    IF coalesce(p_with_total, FALSE) THEN
        -- At most 10,001 rows are counted: a bounded cost on any table ("más de 10,000").
        v_total := '(SELECT count(*) FROM (SELECT 1 FROM app.ticket AS t WHERE '
            || replace(v_where, '{open}', '= ANY($12)') || ' LIMIT 10001) AS counted)';
    END IF;
    v_where := replace(v_where, '{open}', v_open_page);
    IF p_after_ticket_id IS NOT NULL THEN
        IF v_sort = 't.ticket_id' THEN
            v_where := v_where || format(' AND t.ticket_id %s $10', v_cmp);
        ELSE
            v_where := v_where || format(' AND (%s, t.ticket_id) %s ($9, $10)', v_sort, v_cmp);
        END IF;
    END IF;

    -- Two statements. The page (ids and sort values, and the count when asked) is dynamic SQL
    -- with only the filters in use, planned for them on every call (a one-table plan); the
    -- page's rows joined to the catalogs are one static statement that PL/pgSQL plans once per
    -- connection: planning that nine-table join on every call was about a third of a page's
    -- database time at 1M tickets.
    v_sql := format(
        'SELECT array_agg(p.ticket_id ORDER BY p.sort_value %3$s, p.ticket_id %3$s),'
        || ' array_agg(p.sort_value ORDER BY p.sort_value %3$s, p.ticket_id %3$s), %4$s'
        || ' FROM (SELECT t.ticket_id, (%1$s)::BIGINT AS sort_value FROM app.ticket AS t'
        || ' WHERE %2$s ORDER BY %1$s %3$s, t.ticket_id %3$s LIMIT $11 + 1) AS p',
        v_sort, v_where, v_dir, v_total
    );
    EXECUTE v_sql INTO v_ids, v_sort_values, v_count
    USING p_status_id, p_campus_id, p_category_id, p_priority_id, p_assigned_to, v_staff_id,
        v_search, v_like, p_after_value, p_after_ticket_id, v_size, v_open, v_prefix;
    v_more := coalesce(cardinality(v_ids), 0) > v_size;

    RETURN QUERY
    SELECT
        t.ticket_id,
        t.folio::VARCHAR,
        t.created_at,
        t.updated_at,
        t.requester_name::VARCHAR,
        rt.name::VARCHAR,
        c.name::VARCHAR,
        l.name::VARCHAR,
        pc.name::VARCHAR,
        t.priority_id::INT,
        p.name::VARCHAR,
        t.status_id::INT,
        s.code::VARCHAR,
        s.name::VARCHAR,
        t.assigned_to,
        su.full_name::VARCHAR,
        t.equipment_tag::VARCHAR,
        (
            s.is_open AND NOT EXISTS (
                SELECT 1 FROM app.ticket_seen AS ts
                WHERE ts.staff_id = v_staff_id AND ts.ticket_id = t.ticket_id
            )
        ),
        t.row_version,
        v_sort_values[pg.n],
        v_more,
        t.location_detail::VARCHAR,
        left(translate(t.description, E'\r\n\t', '   '), 140)::VARCHAR,
        t.due_at,
        coalesce(t.due_at < now(), FALSE),
        coalesce((
            SELECT e.event_type = 'solicitante' FROM app.ticket_event AS e
            WHERE e.ticket_id = t.ticket_id AND e.is_public
            ORDER BY e.event_id DESC LIMIT 1
        ), FALSE),
        v_count
    FROM unnest(v_ids[1:v_size]) WITH ORDINALITY AS pg (ticket_id, n)
    INNER JOIN app.ticket AS t ON pg.ticket_id = t.ticket_id
    INNER JOIN app.requester_type AS rt ON t.requester_type_id = rt.requester_type_id
    INNER JOIN app.campus AS c ON t.campus_id = c.campus_id
    LEFT JOIN app.location AS l ON t.location_id = l.location_id
    INNER JOIN app.problem_category AS pc ON t.category_id = pc.category_id
    INNER JOIN app.priority AS p ON t.priority_id = p.priority_id
    INNER JOIN app.status AS s ON t.status_id = s.status_id
    LEFT JOIN app.staff_user AS su ON t.assigned_to = su.staff_id
    ORDER BY pg.n;
END;
$$;
