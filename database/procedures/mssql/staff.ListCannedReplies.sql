-- staff.ListCannedReplies: the canned replies by title, with how often each was inserted.
-- Operators get the active ones (to insert them); @IncludeInactive (administrators only,
-- 2002 otherwise) adds the inactive ones for the administration screen.
IF OBJECT_ID(N'staff.ListCannedReplies', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListCannedReplies AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListCannedReplies
    @Token VARBINARY(64),
    @IncludeInactive BIT
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    DECLARE @All BIT = COALESCE(@IncludeInactive, 0);
    IF @All = 1
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @StaffId OUTPUT;
    ELSE
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;

    SELECT
        c.CannedReplyId AS canned_reply_id,
        c.Title AS title,
        c.Body AS body,
        c.IsPublic AS is_public,
        c.IsActive AS is_active,
        c.UseCount AS use_count,
        c.LastUsedAt AS last_used_at,
        c.UpdatedAt AS updated_at
    FROM app.CannedReply AS c
    WHERE c.IsActive = 1 OR @All = 1
    ORDER BY c.Title, c.CannedReplyId;
END;
GO
