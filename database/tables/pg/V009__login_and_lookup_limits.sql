-- V009: abuse limits that cannot be turned against users (issue 12, defects 4 and 6).
-- Login: every name has a failure counter and a lock, so unknown names answer exactly like
-- real accounts (accounts keep theirs in app.staff_user); failures are also counted per
-- source address (app.login_source) to slow spraying across names; login_attempt records the
-- address, so a source where an account logged in before can be recognized (docs/readme/auth.md).
-- Status lookups: misses are recorded with their folio, so one folio has its own limit.
ALTER TABLE app.login_attempt ADD COLUMN source_address VARCHAR(48) NULL;

CREATE TABLE app.login_name_failure (
    username VARCHAR(60) NOT NULL,
    failed_logins INT NOT NULL DEFAULT 0,
    locked_until TIMESTAMPTZ NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT pk_app_login_name_failure PRIMARY KEY (username)
);
CREATE INDEX ix_app_login_name_failure_updated_at ON app.login_name_failure (updated_at);

CREATE TABLE app.login_source (
    source_address VARCHAR(48) NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    failures INT NOT NULL,
    CONSTRAINT pk_app_login_source PRIMARY KEY (source_address)
);

ALTER TABLE app.status_lookup_log ADD COLUMN folio VARCHAR(20) NULL;
CREATE INDEX ix_app_status_lookup_log_folio ON app.status_lookup_log (folio, attempted_at);
