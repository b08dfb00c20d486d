-- staff.UseCannedReply: a canned reply ready to insert in ticket @TicketId's composer: its
-- text filled from the ticket (app.FillCannedReply), its title and whether it is meant as a
-- public reply. Counts the use (UseCount, LastUsedAt). 3100 when the reply does not exist or
-- is inactive, 3001 when the ticket does not exist.
-- requires: app.FillCannedReply
IF OBJECT_ID(N'staff.UseCannedReply', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.UseCannedReply AS RETURN 0;');
GO

ALTER PROCEDURE staff.UseCannedReply
    @Token VARBINARY(64),
    @CannedReplyId INT,
    @TicketId BIGINT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @Title NVARCHAR(120);
    DECLARE @Body NVARCHAR(4000);
    DECLARE @IsPublic BIT;
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;
    IF @CannedReplyId IS NULL OR @TicketId IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    IF NOT EXISTS (SELECT 1 FROM app.Ticket AS t WHERE t.TicketId = @TicketId)
        EXEC app.RaiseError @ErrorId = 3001;

    BEGIN TRY
        BEGIN TRANSACTION;
        UPDATE app.CannedReply
        SET
            UseCount = UseCount + 1,
            LastUsedAt = SYSUTCDATETIME(),
            @Title = Title,
            @Body = Body,
            @IsPublic = IsPublic
        WHERE CannedReplyId = @CannedReplyId AND IsActive = 1;
        IF @@ROWCOUNT = 0
            EXEC app.RaiseError @ErrorId = 3100;
        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK TRANSACTION;
        THROW;
    END CATCH;

    SELECT
        @Title AS title,
        f.body AS body,
        @IsPublic AS is_public
    FROM app.Ticket AS t
    INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
    INNER JOIN app.Campus AS ca ON t.CampusId = ca.CampusId
    LEFT JOIN app.Location AS l ON t.LocationId = l.LocationId
    CROSS APPLY app.FillCannedReply(
        @Body, t.Folio, t.RequesterName,
        ca.Name + COALESCE(N' · ' + l.Name, N'') + COALESCE(N' · ' + NULLIF(t.LocationDetail, N''), N''),
        s.Name
    ) AS f
    WHERE t.TicketId = @TicketId;
END;
GO
