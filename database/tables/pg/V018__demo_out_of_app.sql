-- V018: the demo-data generator leaves the production schema app (issue 19). Its functions now
-- live in the schema demo, which only `python -m tools.dev.seed_demo` installs (database/demo/).
-- Drops the old app.seed_demo_* functions and app.demo_batch; a database that already holds demo
-- tickets keeps their record: the table moves to demo.batch (the schema the seeder uses).
DROP FUNCTION IF EXISTS app.seed_demo_catalog();
DROP FUNCTION IF EXISTS app.seed_demo_tickets(INT, BIGINT, BIGINT, TIMESTAMPTZ, TIMESTAMPTZ, BOOLEAN);
DROP FUNCTION IF EXISTS app.seed_demo_status();
DROP FUNCTION IF EXISTS app.seed_demo_finish();
DELETE FROM app.deployed_object WHERE object_name LIKE 'app.SeedDemo%';

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM app.demo_batch) THEN
        EXECUTE 'CREATE SCHEMA IF NOT EXISTS demo';
        EXECUTE 'REVOKE ALL ON SCHEMA demo FROM PUBLIC';
        EXECUTE 'ALTER TABLE app.demo_batch SET SCHEMA demo';
        EXECUTE 'ALTER TABLE demo.demo_batch RENAME TO batch';
    ELSE
        DROP TABLE app.demo_batch;
    END IF;
END;
$$;

-- Who makes each status move (issue 19: the requester's moves were hard-coded in three
-- procedures): 'personal' (staff.change_status and the other staff procedures; admin_only as
-- before) or the requester by one of the web's actions: 'solicitante_responde' (a reply takes a
-- ticket out of «En espera»), 'solicitante_confirma' (confirms the solution), 'solicitante_reabre'
-- (reopens within the window). The same pair may belong to staff and to the requester.
-- The rows are in database/seed/09_status_transition.tsv.
ALTER TABLE app.status_transition ADD COLUMN actor VARCHAR(20) NOT NULL DEFAULT 'personal';
ALTER TABLE app.status_transition DROP CONSTRAINT pk_app_status_transition;
ALTER TABLE app.status_transition ADD CONSTRAINT pk_app_status_transition
PRIMARY KEY (from_status_id, to_status_id, actor);
ALTER TABLE app.status_transition ADD CONSTRAINT ck_app_status_transition_actor
CHECK (actor IN ('personal', 'solicitante_responde', 'solicitante_confirma', 'solicitante_reabre'));
