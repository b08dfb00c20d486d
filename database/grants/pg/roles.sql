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
-- The deploy tool runs SET ROLE itl_owner after this file.
