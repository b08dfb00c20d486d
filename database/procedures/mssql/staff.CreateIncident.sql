-- staff.CreateIncident: open an incident (title, campus, a location or a building, category)
-- grouping the open tickets of @TicketIds (JSON array of ids; all or none, see
-- app.LinkIncidentTickets). StartedAt is the earliest report among them.
-- requires: app.CheckIncidentPlace
-- requires: app.LockIncidents
-- requires: app.LinkIncidentTickets
IF OBJECT_ID(N'staff.CreateIncident', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.CreateIncident AS RETURN 0;');
GO

ALTER PROCEDURE staff.CreateIncident
    @Token VARBINARY(64),
    @Title NVARCHAR(MAX),
    @CampusId INT,
    @LocationId INT,
    @Building NVARCHAR(MAX),
    @CategoryId INT,
    @TicketIds NVARCHAR(MAX)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Text NVARCHAR(MAX) = LTRIM(RTRIM(COALESCE(@Title, N'')));
    DECLARE @Place NVARCHAR(MAX) = NULLIF(LTRIM(RTRIM(COALESCE(@Building, N''))), N'');
    DECLARE @IncidentId INT;
    DECLARE @Count INT;
    DECLARE @Started DATETIME2(3);
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF LEN(@Text) < 3 OR LEN(@Text) > 200
        EXEC app.RaiseError @ErrorId = 3204;
    IF LEN(@Place) > 60
        EXEC app.RaiseError @ErrorId = 3205;
    EXEC app.CheckIncidentPlace
        @CampusId = @CampusId, @LocationId = @LocationId, @Building = @Place, @CategoryId = @CategoryId,
        @CategoryRequired = 1;

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockIncidents;
        INSERT INTO app.Incident (
            Title, CampusId, LocationId, Building, CategoryId, Status, StartedAt, OpenedBy, CreatedAt
        )
        VALUES (
            @Text, @CampusId, @LocationId, CASE WHEN @LocationId IS NULL THEN @Place END,
            @CategoryId, N'abierto', @Now, @StaffId, @Now
        );
        SET @IncidentId = CAST(SCOPE_IDENTITY() AS INT);

        EXEC app.LinkIncidentTickets
            @IncidentId = @IncidentId, @TicketIds = @TicketIds, @StaffId = @StaffId, @Now = @Now,
            @LinkedCount = @Count OUTPUT;

        SELECT @Started = MIN(t.CreatedAt)
        FROM app.IncidentTicket AS it
        INNER JOIN app.Ticket AS t ON it.TicketId = t.TicketId
        WHERE it.IncidentId = @IncidentId;
        IF @Started IS NULL OR @Started > @Now
            SET @Started = @Now;
        UPDATE app.Incident SET StartedAt = @Started WHERE IncidentId = @IncidentId;
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        @IncidentId AS incident_id,
        @Count AS ticket_count,
        @Started AS started_at;
END;
GO
