-- webform.JoinIncident: «Yo también tengo esta falla»: link the requester's new ticket
-- (folio + access code, as every requester procedure; 0 rows for a wrong pair) to the
-- incident of a notice shown to them. 1180 when that notice no longer shows (withdrawn,
-- expired, incident resolved), is for another campus, or the ticket is no longer open or is
-- in another incident: the ticket stays a normal one. Joining twice is harmless (same row).
-- The ticket gets an internal note; LinkedBy NULL marks the requester as the one who linked.
-- requires: app.FindTicketByCode
-- requires: app.LockIncidents
IF OBJECT_ID(N'webform.JoinIncident', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.JoinIncident AS RETURN 0;');
GO

ALTER PROCEDURE webform.JoinIncident
    @Folio NVARCHAR(100),
    @AccessCode NVARCHAR(100),
    @ClientKey NVARCHAR(200),
    @IncidentId INT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @TicketId BIGINT;
    DECLARE @Linked INT;
    DECLARE @Count INT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    EXEC app.FindTicketByCode
        @Folio = @Folio, @AccessCode = @AccessCode, @ClientKey = @ClientKey, @TicketId = @TicketId OUTPUT;
    IF @TicketId IS NULL
        BEGIN
            SELECT
                CAST(NULL AS INT) AS incident_id,
                CAST(NULL AS INT) AS report_count
            WHERE 1 = 0;
            RETURN;
        END;

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockIncidents;
        SELECT @Linked = it.IncidentId FROM app.IncidentTicket AS it WHERE it.TicketId = @TicketId;
        IF @Linked IS NULL
            BEGIN
                IF
                    @IncidentId IS NULL OR NOT EXISTS (
                        SELECT 1
                        FROM app.IncidentNotice AS n
                        INNER JOIN app.Incident AS i ON n.IncidentId = i.IncidentId
                        INNER JOIN app.Ticket AS t ON t.TicketId = @TicketId AND n.CampusId = t.CampusId
                        INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
                        WHERE
                            n.IncidentId = @IncidentId AND i.Status = N'abierto' AND n.WithdrawnAt IS NULL
                            AND n.ValidUntil > @Now AND s.IsOpen = 1
                    )
                    EXEC app.RaiseError @ErrorId = 1180;
                INSERT INTO app.IncidentTicket (TicketId, IncidentId, LinkedAt, LinkedBy)
                VALUES (@TicketId, @IncidentId, @Now, NULL);
                INSERT INTO app.TicketEvent (TicketId, OccurredAt, EventType, IsPublic, Body)
                VALUES (
                    @TicketId, @Now, N'nota', 0,
                    N'La persona solicitante indicó «Yo también tengo esta falla» (incidente #'
                    + CAST(@IncidentId AS NVARCHAR(12)) + N')'
                );
                SET @Linked = @IncidentId;
            END;
        ELSE IF @Linked <> @IncidentId
            EXEC app.RaiseError @ErrorId = 1180;
        SET @Count = (SELECT COUNT(*) FROM app.IncidentTicket AS it WHERE it.IncidentId = @Linked);
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        @Linked AS incident_id,
        @Count AS report_count;
END;
GO
