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
