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

-- Each setting's accepted range for the administrators' settings screen (staff.save_setting
-- refuses values outside it; a setting without a row here is shown but cannot be changed from
-- the app). A table of its own, filled from database/seed/11_setting_bound.tsv on every deploy
-- (missing rows only), so settings added later need only a seed line here; no foreign key, so
-- bounds may be declared before their setting exists. Owner tools and tests may still set any value.
CREATE TABLE app.setting_bound (
    setting_key VARCHAR(60) NOT NULL,
    min_value INT NOT NULL,
    max_value INT NOT NULL,
    CONSTRAINT pk_app_setting_bound PRIMARY KEY (setting_key),
    CONSTRAINT ck_app_setting_bound_range CHECK (min_value <= max_value)
);
