-- Grants by schema: members of webform_role may execute only `webform`,
-- members of staff_role only `staff`. Ownership chaining (every schema is
-- owned by dbo) lets the procedures reach app.* without table rights.
-- Logins and database users are created by the DBA (see README) and added
-- to these roles.
IF DATABASE_PRINCIPAL_ID(N'webform_role') IS NULL
    EXEC (N'CREATE ROLE webform_role');
IF DATABASE_PRINCIPAL_ID(N'staff_role') IS NULL
    EXEC (N'CREATE ROLE staff_role');
GO

GRANT EXECUTE ON SCHEMA::webform TO webform_role;
GRANT EXECUTE ON SCHEMA::staff TO staff_role;
DENY SELECT, INSERT, UPDATE, DELETE, EXECUTE ON SCHEMA::app TO webform_role, staff_role;
DENY SELECT, INSERT, UPDATE, DELETE ON SCHEMA::stats TO webform_role, staff_role;
GO
