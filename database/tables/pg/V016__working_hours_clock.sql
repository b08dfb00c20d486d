-- V016: the working-hours clock. Due dates, "vencidas" and the statistics' response and
-- resolution times count the computing center's working hours (weekly schedule per campus,
-- minus non-working days), not wall-clock time. app.ticket_clock is the one rule;
-- app.rebuild_work_calendar lays the schedule out as app.work_period rows.

-- Weekly schedule per campus, effective from a local day: a version is the 7 rows of one
-- (campus_id, valid_from); the version in force on a day is the latest valid_from <= that day.
-- Minutes after local midnight; opens_minute = closes_minute: closed that weekday.
CREATE TABLE app.work_hours (
    campus_id SMALLINT NOT NULL,
    valid_from DATE NOT NULL,
    weekday SMALLINT NOT NULL,
    opens_minute SMALLINT NOT NULL,
    closes_minute SMALLINT NOT NULL,
    CONSTRAINT pk_app_work_hours PRIMARY KEY (campus_id, valid_from, weekday),
    CONSTRAINT fk_app_work_hours_campus FOREIGN KEY (campus_id) REFERENCES app.campus (campus_id),
    CONSTRAINT ck_app_work_hours_weekday CHECK (weekday BETWEEN 1 AND 7),
    CONSTRAINT ck_app_work_hours_minutes CHECK (
        opens_minute >= 0 AND closes_minute <= 1440 AND opens_minute <= closes_minute
    )
);

-- Non-working local days per campus (holidays, vacation periods). Never deleted:
-- is_active = FALSE takes a day back (a seeded day would come back on the next deploy).
CREATE TABLE app.non_working_day (
    campus_id SMALLINT NOT NULL,
    off_day DATE NOT NULL,
    name VARCHAR(120) NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    CONSTRAINT pk_app_non_working_day PRIMARY KEY (campus_id, off_day),
    CONSTRAINT fk_app_non_working_day_campus FOREIGN KEY (campus_id) REFERENCES app.campus (campus_id)
);

-- The schedule laid out: one row per open stretch of a local day, in UTC, with the working
-- milliseconds before it (cum_start_ms) and at its end (cum_end_ms) counted from the start
-- of the calendar. Working time between two instants = difference of their positions; a due
-- instant = the period whose cum_end_ms reaches the start position + the target. Rebuilt by
-- app.rebuild_work_calendar, never edited.
CREATE TABLE app.work_period (
    campus_id SMALLINT NOT NULL,
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    cum_start_ms BIGINT NOT NULL,
    cum_end_ms BIGINT NOT NULL,
    CONSTRAINT pk_app_work_period PRIMARY KEY (campus_id, starts_at) INCLUDE (ends_at, cum_start_ms, cum_end_ms)
);
CREATE UNIQUE INDEX ix_app_work_period_cum_end ON app.work_period (campus_id, cum_end_ms)
INCLUDE (starts_at, cum_start_ms);

-- The current due instant of an open ticket (NULL once it is closed), written by the
-- app.ticket_due_sync trigger from app.ticket_clock: "vencidas" is an indexed comparison.
ALTER TABLE app.ticket ADD COLUMN due_at TIMESTAMPTZ NULL;
CREATE INDEX ix_app_ticket_due ON app.ticket (ticket_id) INCLUDE (due_at) WHERE due_at IS NOT NULL;
