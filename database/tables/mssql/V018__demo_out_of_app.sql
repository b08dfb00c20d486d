-- V018: the demo-data generator leaves the production schema app (issue 19). Its procedures now
-- live in the schema demo, which only `python -m tools.dev.seed_demo` installs (database/demo/).
-- Drops the old app.SeedDemo* procedures and app.DemoBatch; a database that already holds demo
-- tickets keeps their record: the table moves to demo.Batch (the schema the seeder uses).
DROP PROCEDURE IF EXISTS app.SeedDemoCatalog;
DROP PROCEDURE IF EXISTS app.SeedDemoTickets;
DROP PROCEDURE IF EXISTS app.SeedDemoStatus;
DROP PROCEDURE IF EXISTS app.SeedDemoFinish;
DELETE FROM app.DeployedObject WHERE ObjectName LIKE N'app.SeedDemo%';

IF EXISTS (SELECT 1 FROM app.DemoBatch)
BEGIN
    IF SCHEMA_ID(N'demo') IS NULL
        EXEC (N'CREATE SCHEMA demo AUTHORIZATION dbo;');
    EXEC (N'ALTER SCHEMA demo TRANSFER app.DemoBatch;');
    EXEC sp_rename N'demo.DemoBatch', N'Batch';
END;
ELSE
    DROP TABLE app.DemoBatch;
GO

-- Who makes each status move (issue 19: the requester's moves were hard-coded in three
-- procedures): 'personal' (staff.ChangeStatus and the other staff procedures; AdminOnly as
-- before) or the requester by one of the web's actions: 'solicitante_responde' (a reply takes a
-- ticket out of «En espera»), 'solicitante_confirma' (confirms the solution), 'solicitante_reabre'
-- (reopens within the window). The same pair may belong to staff and to the requester.
-- The rows are in database/seed/09_status_transition.tsv.
ALTER TABLE app.StatusTransition ADD Actor NVARCHAR(20) NOT NULL
    CONSTRAINT DF_App_StatusTransition_Actor DEFAULT N'personal';
GO

ALTER TABLE app.StatusTransition DROP CONSTRAINT PK_App_StatusTransition;
ALTER TABLE app.StatusTransition ADD CONSTRAINT PK_App_StatusTransition
PRIMARY KEY (FromStatusId, ToStatusId, Actor);
ALTER TABLE app.StatusTransition ADD CONSTRAINT CK_App_StatusTransition_Actor
CHECK (Actor IN (N'personal', N'solicitante_responde', N'solicitante_confirma', N'solicitante_reabre'));
GO
