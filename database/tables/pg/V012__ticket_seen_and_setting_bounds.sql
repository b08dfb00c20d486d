-- V012: "new" per operator and bounds for the administrators' settings screen.

-- Which tickets each staff member has opened: "new" in the queue means "not yet opened by me"
-- (staff.mark_ticket_seen writes it, staff.list_queue reads it for the page's rows only).
CREATE TABLE app.ticket_seen (
    staff_id INT NOT NULL,
    ticket_id BIGINT NOT NULL,
    seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT pk_app_ticket_seen PRIMARY KEY (staff_id, ticket_id),
    CONSTRAINT fk_app_ticket_seen_staff FOREIGN KEY (staff_id) REFERENCES app.staff_user (staff_id),
    CONSTRAINT fk_app_ticket_seen_ticket FOREIGN KEY (ticket_id) REFERENCES app.ticket (ticket_id)
);

-- Each setting's accepted range (staff.save_setting refuses values outside it). New rows get
-- their bounds from database/seed/01_setting.tsv; rows of a live database are updated here.
-- Only the administrators' procedure enforces them: owner tools and tests may still set any value.
ALTER TABLE app.setting ADD COLUMN min_value INT NOT NULL DEFAULT 0;
ALTER TABLE app.setting ADD COLUMN max_value INT NOT NULL DEFAULT 2147483647;
ALTER TABLE app.setting ADD CONSTRAINT ck_app_setting_bounds CHECK (
    min_value <= max_value
);

UPDATE app.setting AS s
SET min_value = b.min_value, max_value = b.max_value
FROM (
    VALUES
    ('min_pbkdf2_iterations', 600000, 10000000),
    ('login_max_failures', 3, 20),
    ('login_lockout_minutes', 1, 1440),
    ('session_idle_minutes', 5, 480),
    ('session_max_hours', 1, 24),
    ('submit_client_per_hour', 1, 1000),
    ('submit_global_per_minute', 10, 100000),
    ('attachment_max_count', 0, 10),
    ('attachment_max_bytes', 65536, 10485760),
    ('status_lookup_failures_per_hour', 5, 1000)
) AS b (setting_key, min_value, max_value)
WHERE s.setting_key = b.setting_key;
