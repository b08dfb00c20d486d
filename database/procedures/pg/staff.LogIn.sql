-- staff.log_in: check SHA-256(password_key) against the stored verifier and open a session.
-- Twin of staff.LogIn (T-SQL): same sections in the same order.
-- Model (docs/readme/auth.md):
--   * every name has a failure counter and a lock (accounts in app.staff_user, any other
--     name in app.login_name_failure), so an unknown name answers exactly like an account:
--     2004, then 2005 at the login_max_failures-th failure, and 2005 while locked;
--   * failures are counted per source address (app.login_source); a source with
--     login_source_max_failures failures in the current window of
--     login_source_window_minutes is refused (2020) before any account is looked at;
--   * a trusted source (same address and client_info where this name logged in within
--     login_trusted_source_days, with fewer than login_max_failures failures since) is exempt
--     from the account lock and the source limit: strangers cannot lock a user out of the PC
--     they always use;
--   * an owner rescue (`tools.bootstrap_admin --restablecer`, recorded as the attempt
--     'restablecida') not yet followed by a successful login lets the right password through
--     the lock and the source limit: the last administrator can always get back in.
-- Failures RETURN a row with the registry error id (and NULLs) instead of raising, so the
-- attempt and the counters are committed. The outcome is computed once and the attempt is
-- recorded in one place. The token (32 random bytes) is returned once; only SHA-256(token)
-- is stored. expires_at: the earlier of the idle and the absolute expiry.
CREATE OR REPLACE FUNCTION staff.log_in(
    p_username VARCHAR,
    p_password_key BYTEA,
    p_client_info VARCHAR
)
RETURNS TABLE (
    error_id INT,
    token BYTEA,
    staff_id INT,
    username VARCHAR,
    full_name VARCHAR,
    role VARCHAR,
    must_change_password BOOLEAN,
    expires_at TIMESTAMPTZ
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, app, pg_temp
AS $$
DECLARE
    v_name VARCHAR(60);
    v_client VARCHAR(200) := left(p_client_info, 200);
    v_source VARCHAR(48) := coalesce(host(inet_client_addr()), 'local');
    v_now TIMESTAMPTZ := now();
    v_max_failures INT;
    v_lockout_minutes INT;
    v_idle_minutes INT;
    v_max_hours INT;
    v_source_max INT;
    v_source_window INT;
    v_trusted_days INT;
    v_source_failures INT;
    v_last_success TIMESTAMPTZ;
    v_trusted BOOLEAN := FALSE;
    v_rescue BOOLEAN := FALSE;
    v_user app.staff_user%ROWTYPE;
    v_known BOOLEAN;
    v_failed INT;
    v_locked_until TIMESTAMPTZ;
    v_judged BOOLEAN := FALSE;
    v_error_id INT := 0;
    v_outcome VARCHAR(20);
    v_token BYTEA;
BEGIN
    -- ---- Settings ----------------------------------------------------------------------
    v_max_failures := app.setting_value('login_max_failures');
    v_lockout_minutes := app.setting_value('login_lockout_minutes');
    v_idle_minutes := app.setting_value('session_idle_minutes');
    v_max_hours := app.setting_value('session_max_hours');
    v_source_max := app.setting_value('login_source_max_failures');
    v_source_window := app.setting_value('login_source_window_minutes');
    v_trusted_days := app.setting_value('login_trusted_source_days');

    -- ---- Username: no account has more than 60 characters --------------------------------
    IF length(btrim(coalesce(p_username, ''))) > 60 THEN
        PERFORM app.raise_error(2021);
    END IF;
    v_name := lower(btrim(coalesce(p_username, '')));

    -- ---- Source: one attempt at a time per address; its failures in the current window ----
    BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(app.lock_resource('itl-login-source:' || v_source), 0));
    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
        PERFORM app.raise_error(9070);  -- lock_timeout of the client login (issue 20, finding 4)
    END;
    SELECT CASE WHEN ls.window_start > v_now - make_interval(mins => v_source_window) THEN ls.failures END
    INTO v_source_failures
    FROM app.login_source AS ls
    WHERE ls.source_address = v_source;
    v_source_failures := coalesce(v_source_failures, 0);

    -- Trusted source: this name logged in from this address and client_info recently, and
    -- fewer than login_max_failures wrong passwords came from there since.
    SELECT max(la.attempted_at) INTO v_last_success
    FROM app.login_attempt AS la
    WHERE
        la.username = v_name
        AND la.succeeded
        AND la.source_address = v_source
        AND la.client_info = v_client
        AND la.attempted_at > v_now - make_interval(days => v_trusted_days);
    IF v_last_success IS NOT NULL THEN
        SELECT count(*) < v_max_failures INTO v_trusted
        FROM app.login_attempt AS la
        WHERE
            la.username = v_name
            AND NOT la.succeeded
            AND la.outcome IN ('clave', 'clave_actual')
            AND la.source_address = v_source
            AND la.client_info = v_client
            AND la.attempted_at >= v_last_success;
    END IF;

    -- ---- Name state: the account (row lock), or the failure row of a name without one -----
    SELECT su.* INTO v_user
    FROM app.staff_user AS su
    WHERE su.username = v_name
    FOR UPDATE;
    v_known := FOUND;
    IF v_known THEN
        v_failed := v_user.failed_logins;
        v_locked_until := v_user.locked_until;
    ELSE
        SELECT lf.failed_logins, lf.locked_until INTO v_failed, v_locked_until
        FROM app.login_name_failure AS lf
        WHERE lf.username = v_name
        FOR UPDATE;
        v_failed := coalesce(v_failed, 0);
    END IF;
    -- Owner rescue pending and the right password: it passes the lock and the source limit.
    IF v_known AND p_password_key IS NOT NULL AND sha256(p_password_key) = v_user.verifier THEN
        SELECT coalesce(
            max(la.attempted_at) FILTER (WHERE la.outcome = 'restablecida')
            > coalesce(max(la.attempted_at) FILTER (WHERE la.succeeded), '-infinity'::TIMESTAMPTZ),
            FALSE
        )
        INTO v_rescue
        FROM app.login_attempt AS la
        WHERE la.staff_id = v_user.staff_id;
    END IF;
    IF v_locked_until <= v_now THEN
        v_locked_until := NULL;  -- a past lock is over
    END IF;

    -- ---- Outcome (computed once) -----------------------------------------------------------
    IF v_source_failures >= v_source_max AND NOT (v_trusted OR v_rescue) THEN
        v_error_id := 2020;
        v_outcome := 'fuente';
    ELSIF v_locked_until IS NOT NULL AND NOT (v_trusted OR v_rescue) THEN
        v_error_id := 2005;
        v_outcome := CASE WHEN v_known THEN 'bloqueada' ELSE 'desconocido' END;
    ELSIF NOT v_known OR p_password_key IS NULL OR sha256(p_password_key) <> v_user.verifier THEN
        v_judged := TRUE;
        v_outcome := CASE WHEN v_known THEN 'clave' ELSE 'desconocido' END;
        v_failed := v_failed + 1;
        IF v_failed >= v_max_failures THEN
            -- Lock, and start counting again once the lock has passed.
            v_error_id := 2005;
            v_failed := 0;
            v_locked_until := v_now + make_interval(mins => v_lockout_minutes);
        ELSE
            v_error_id := 2004;
        END IF;
    -- Only someone who knows the password learns that the account is inactive.
    ELSIF NOT v_user.is_active THEN
        v_error_id := 2006;
        v_outcome := 'inactiva';
    ELSE
        -- A lock set by failures from other sources stays for them.
        v_judged := TRUE;
        v_outcome := 'ok';
        v_failed := 0;
    END IF;

    -- ---- Counters: the name's and the source's ---------------------------------------------
    IF v_judged AND v_known THEN
        UPDATE app.staff_user AS su
        SET
            failed_logins = v_failed,
            locked_until = v_locked_until,
            last_login_at = CASE WHEN v_error_id = 0 THEN v_now ELSE su.last_login_at END,
            updated_at = CASE WHEN v_error_id = 2005 THEN v_now ELSE su.updated_at END
        WHERE su.staff_id = v_user.staff_id;
    ELSIF v_judged THEN
        INSERT INTO app.login_name_failure AS lf (username, failed_logins, locked_until, updated_at)
        VALUES (v_name, v_failed, v_locked_until, v_now)
        ON CONFLICT ON CONSTRAINT pk_app_login_name_failure DO UPDATE
            SET failed_logins = excluded.failed_logins, locked_until = excluded.locked_until,
            updated_at = excluded.updated_at;
    END IF;
    IF v_error_id IN (2004, 2005) THEN
        INSERT INTO app.login_source AS ls (source_address, window_start, failures)
        VALUES (v_source, v_now, 1)
        ON CONFLICT ON CONSTRAINT pk_app_login_source DO UPDATE
            SET
                window_start = CASE WHEN v_source_failures = 0 THEN v_now ELSE ls.window_start END,
                failures = v_source_failures + 1;
    END IF;

    -- ---- Session -------------------------------------------------------------------------------
    IF v_error_id = 0 THEN
        -- 32 random bytes from two v4 UUIDs (gen_random_uuid is the strong source; no pgcrypto).
        v_token := decode(replace(gen_random_uuid()::TEXT, '-', ''), 'hex')
            || decode(replace(gen_random_uuid()::TEXT, '-', ''), 'hex');
        INSERT INTO app.staff_session (token_hash, staff_id, created_at, last_seen_at, expires_at, client_info)
        VALUES (
            sha256(v_token), v_user.staff_id, v_now, v_now,
            v_now + make_interval(hours => v_max_hours), v_client
        );
    END IF;

    -- ---- The attempt, recorded once ----------------------------------------------------------
    INSERT INTO app.login_attempt (
        username, staff_id, attempted_at, succeeded, outcome, client_info, source_address
    )
    VALUES (
        left(v_name, 60), CASE WHEN v_known THEN v_user.staff_id END, v_now, v_error_id = 0,
        v_outcome, v_client, v_source
    );

    -- ---- Result --------------------------------------------------------------------------------
    RETURN QUERY SELECT
        v_error_id,
        v_token,
        CASE WHEN v_error_id = 0 THEN v_user.staff_id END,
        CASE WHEN v_error_id = 0 THEN v_name END,
        CASE WHEN v_error_id = 0 THEN v_user.full_name END,
        CASE WHEN v_error_id = 0 THEN v_user.role END,
        CASE WHEN v_error_id = 0 THEN v_user.must_change_password END,
        CASE
            WHEN v_error_id = 0 THEN least(
                v_now + make_interval(hours => v_max_hours),
                v_now + make_interval(mins => v_idle_minutes)
            )
        END;
END;
$$;
