-- Roles, created before any object (run by the deploy tool as an administrator).
-- itl_owner owns every object; SECURITY DEFINER functions run with its rights.
-- itl_web / itl_desk are the client logins: NOINHERIT, no table rights at all.
-- Login passwords are set by the deploy tool, never here.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'itl_owner') THEN
        CREATE ROLE itl_owner NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'itl_web') THEN
        CREATE ROLE itl_web NOLOGIN NOINHERIT;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'itl_desk') THEN
        CREATE ROLE itl_desk NOLOGIN NOINHERIT;
    END IF;
    EXECUTE format('GRANT CREATE ON DATABASE %I TO itl_owner', current_database());
END;
$$;
-- Every lock wait of a client session is bounded (issue 20, finding 4): after 5 s the statement
-- fails with lock_not_available, which the procedures and the gateway turn into error 9070
-- (lock_wait_timeout), and a session that leaves a transaction open (the application never
-- does: every call is autocommit) is closed after a minute, releasing whatever it held.
ALTER ROLE itl_web SET lock_timeout = '5s';
ALTER ROLE itl_desk SET lock_timeout = '5s';
ALTER ROLE itl_web SET idle_in_transaction_session_timeout = '1min';
ALTER ROLE itl_desk SET idle_in_transaction_session_timeout = '1min';
-- The deploy tool runs SET ROLE itl_owner after this file.

-- Default public rights the client logins do not need (issue 12, defect 8). PostgreSQL gives
-- PUBLIC: TEMPORARY and CONNECT on every database, EXECUTE on the large-object functions, and
-- SELECT on pg_catalog.pg_proc, whose prosrc column is every function's source. Revoked here
-- (this file runs as the deploy's administrator on every deploy); each step that the deploy's
-- login is not allowed to do is skipped with a notice (docs/readme/auth.md says what then).
-- CREATE on schema public is revoked in grants.sql. The test harness runs this file again on
-- each copied database (database-level rights are not copied from a template).
DO $$
DECLARE
    v_name TEXT;
    v_columns TEXT;
BEGIN
    -- Temporary tables and functions: only the owner needs them (staff.import_equipment).
    BEGIN
        EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
        EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO itl_owner', current_database());
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'no se pudo retirar TEMPORARY de PUBLIC en %: %', current_database(), SQLERRM;
    END;

    -- The client logins connect only to this database.
    FOR v_name IN SELECT d.datname FROM pg_catalog.pg_database AS d
        WHERE d.datname IN ('postgres', 'template1') AND d.datname <> current_database() LOOP
        BEGIN
            EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', v_name);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'no se pudo retirar CONNECT de PUBLIC en %: %', v_name, SQLERRM;
        END;
    END LOOP;

    -- Large objects: nobody creates, reads or writes them (server-side import/export are
    -- superuser-only already). Needs a superuser (the functions belong to the bootstrap user).
    BEGIN
        FOR v_name IN SELECT p.oid::REGPROCEDURE::TEXT FROM pg_catalog.pg_proc AS p
            WHERE p.pronamespace = 'pg_catalog'::REGNAMESPACE
                AND (p.proname LIKE 'lo\_%' OR p.proname IN ('loread', 'lowrite')) LOOP
            EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', v_name);
        END LOOP;
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'no se pudieron retirar las funciones de objetos grandes: %', SQLERRM;
    END;

    -- Advisory locks (issue 20, finding 4): a client holding the submit, status-lookup or login
    -- key would make every caller of that key wait. Only itl_owner (the definer functions) takes
    -- them, and only the one kind they use. Function rights live in each database.
    BEGIN
        FOR v_name IN SELECT p.oid::REGPROCEDURE::TEXT FROM pg_catalog.pg_proc AS p
            WHERE p.pronamespace = 'pg_catalog'::REGNAMESPACE AND p.proname ~ 'advisory' LOOP
            EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', v_name);
        END LOOP;
        GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_xact_lock(BIGINT) TO itl_owner;
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'no se pudieron retirar los bloqueos consultivos (pg_advisory_*): %', SQLERRM;
    END;

    -- Function source: every column of pg_proc but the source stays readable (psql \df works);
    -- pg_get_functiondef and pg_get_function_sqlbody, which print the source, are revoked.
    BEGIN
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO v_columns
        FROM pg_catalog.pg_attribute AS a
        WHERE
            a.attrelid = 'pg_catalog.pg_proc'::REGCLASS AND a.attnum > 0 AND NOT a.attisdropped
            AND a.attname NOT IN ('prosrc', 'probin', 'prosqlbody');
        REVOKE SELECT ON pg_catalog.pg_proc FROM PUBLIC;
        EXECUTE format('GRANT SELECT (%s) ON pg_catalog.pg_proc TO PUBLIC', v_columns);
        REVOKE EXECUTE ON FUNCTION pg_catalog.pg_get_functiondef(OID) FROM PUBLIC;
        REVOKE EXECUTE ON FUNCTION pg_catalog.pg_get_function_sqlbody(OID) FROM PUBLIC;
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'no se pudo ocultar el código de las funciones (pg_proc.prosrc): %', SQLERRM;
    END;
END;
$$;
