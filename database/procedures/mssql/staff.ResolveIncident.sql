-- staff.ResolveIncident: resolve an open incident (3200, 3207) with its public message
-- (3006) and move every linked ticket to 'resuelto' through the state machine
-- (app.StatusTransition, never an AdminOnly one): directly when allowed, else through one allowed intermediate
-- status (preferably en_proceso: nuevo -> en_proceso -> resuelto), each move one public
-- 'estado' event, the last one holding the message. One row per linked ticket: outcome
-- 'resuelto', 'ya_resuelto' or 'no_movido' (no allowed path, e.g. cancelado: reported with
-- error_id 3003 and its message, never skipped silently). The incident is resolved even
-- when some could not move.
-- requires: app.LockOpenIncident
IF OBJECT_ID(N'staff.ResolveIncident', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ResolveIncident AS RETURN 0;');
GO

ALTER PROCEDURE staff.ResolveIncident
    @Token VARBINARY(64),
    @IncidentId INT,
    @Body NVARCHAR(MAX)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Text NVARCHAR(4000);
    DECLARE @Resolved SMALLINT;
    DECLARE @Now DATETIME2(3) = SYSUTCDATETIME();
    DECLARE @Plan TABLE (
        TicketId BIGINT NOT NULL PRIMARY KEY,
        OldStatusId SMALLINT NOT NULL,
        ViaStatusId SMALLINT NULL,
        Outcome NVARCHAR(20) NULL
    );

    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF @IncidentId IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    IF NULLIF(LTRIM(RTRIM(COALESCE(@Body, N''))), N'') IS NULL OR LEN(@Body) > 4000
        EXEC app.RaiseError @ErrorId = 3006;
    SET @Text = LTRIM(RTRIM(@Body));

    BEGIN TRY
        BEGIN TRANSACTION;
        EXEC app.LockOpenIncident @IncidentId = @IncidentId;  -- the incident lock; 3200, 3207
        SELECT @Resolved = s.StatusId FROM app.Status AS s WHERE s.Code = N'resuelto';

        INSERT INTO @Plan (TicketId, OldStatusId)
        SELECT t.TicketId, t.StatusId
        FROM app.IncidentTicket AS it
        INNER JOIN app.Ticket AS t WITH (UPDLOCK, ROWLOCK) ON it.TicketId = t.TicketId
        WHERE it.IncidentId = @IncidentId;

        UPDATE @Plan SET Outcome = N'ya_resuelto' WHERE OldStatusId = @Resolved;
        UPDATE p
        SET p.Outcome = N'resuelto'
        FROM @Plan AS p
        WHERE
            p.Outcome IS NULL
            AND EXISTS (
                SELECT 1 FROM app.StatusTransition AS st
                WHERE st.FromStatusId = p.OldStatusId AND st.ToStatusId = @Resolved AND st.AdminOnly = 0
                    AND st.Actor = N'personal'
            );
        UPDATE p
        SET p.ViaStatusId = (
            SELECT TOP (1) a.ToStatusId
            FROM app.StatusTransition AS a
            INNER JOIN app.StatusTransition AS b
                ON a.ToStatusId = b.FromStatusId AND b.ToStatusId = @Resolved AND b.AdminOnly = 0
                    AND b.Actor = N'personal'
            INNER JOIN app.Status AS via ON a.ToStatusId = via.StatusId
            WHERE a.FromStatusId = p.OldStatusId AND a.AdminOnly = 0 AND a.Actor = N'personal'
            ORDER BY CASE WHEN via.Code = N'en_proceso' THEN 0 ELSE 1 END, via.SortOrder
        )
        FROM @Plan AS p
        WHERE p.Outcome IS NULL;
        UPDATE @Plan
        SET Outcome = CASE WHEN ViaStatusId IS NULL THEN N'no_movido' ELSE N'resuelto' END
        WHERE Outcome IS NULL;

        INSERT INTO app.TicketEvent (TicketId, OccurredAt, EventType, IsPublic, ActorStaffId, OldStatusId, NewStatusId)
        SELECT p.TicketId, @Now, N'estado', 1, @StaffId, p.OldStatusId, p.ViaStatusId
        FROM @Plan AS p
        WHERE p.ViaStatusId IS NOT NULL
        ORDER BY p.TicketId;

        UPDATE t
        SET
            t.StatusId = @Resolved,
            t.FirstResponseAt = COALESCE(t.FirstResponseAt, @Now),
            t.ResolvedAt = @Now,
            t.RowVersion = t.RowVersion + 1,
            t.UpdatedAt = @Now
        FROM app.Ticket AS t
        INNER JOIN @Plan AS p ON t.TicketId = p.TicketId
        WHERE p.Outcome = N'resuelto';

        INSERT INTO app.TicketEvent (
            TicketId, OccurredAt, EventType, IsPublic, ActorStaffId, OldStatusId, NewStatusId, Body
        )
        SELECT p.TicketId, @Now, N'estado', 1, @StaffId, COALESCE(p.ViaStatusId, p.OldStatusId), @Resolved, @Text
        FROM @Plan AS p
        WHERE p.Outcome = N'resuelto'
        ORDER BY p.TicketId;

        UPDATE app.Incident
        SET
            Status = N'resuelto',
            ResolvedAt = @Now,
            ResolvedBy = @StaffId,
            Resolution = @Text
        WHERE IncidentId = @IncidentId;
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        p.TicketId AS ticket_id,
        t.Folio AS folio,
        p.Outcome AS outcome,
        s.Name AS status_name,
        CASE WHEN p.Outcome = N'no_movido' THEN 3003 END AS error_id,
        CASE WHEN p.Outcome = N'no_movido' THEN em.Message END AS message
    FROM @Plan AS p
    INNER JOIN app.Ticket AS t ON p.TicketId = t.TicketId
    INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
    LEFT JOIN app.ErrorMessage AS em ON em.ErrorId = 3003
    ORDER BY p.TicketId;
END;
GO
