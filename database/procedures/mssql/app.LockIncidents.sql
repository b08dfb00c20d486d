-- app.LockIncidents: one change to incidents at a time (grouping, replies, resolution, the
-- web form's «Yo también»): an exclusive application lock owned by the caller's transaction.
-- Serializing them is what keeps a ticket out of two incidents and lets the later of two
-- overlapping groupings see the first one's links (3201). Outside a transaction, or when the
-- lock cannot be granted (timeout, deadlock victim), it raises 9060.
-- Internal: called first, inside the caller's transaction, by every procedure that links
-- tickets or changes an incident.
IF OBJECT_ID(N'app.LockIncidents', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.LockIncidents AS RETURN 0;');
GO

ALTER PROCEDURE app.LockIncidents
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @LockResult INT;
    IF @@TRANCOUNT = 0
        EXEC app.RaiseError @ErrorId = 9060;
    EXEC @LockResult = sp_getapplock
        @Resource = N'itl-incidents', @LockMode = N'Exclusive', @LockOwner = N'Transaction';
    IF @LockResult < 0
        EXEC app.RaiseError @ErrorId = 9060;
END;
GO
