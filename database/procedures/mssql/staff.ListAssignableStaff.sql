-- staff.ListAssignableStaff: active operators and administrators a ticket can be
-- assigned to, with how many open tickets each one holds.
IF OBJECT_ID(N'staff.ListAssignableStaff', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.ListAssignableStaff AS RETURN 0;');
GO

ALTER PROCEDURE staff.ListAssignableStaff
    @Token VARBINARY(64)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @StaffId INT;
    EXEC app.RequireSession @Token = @Token, @RequiredRole = N'operador', @StaffId = @StaffId OUTPUT;

    SELECT
        su.StaffId AS staff_id,
        su.Username AS username,
        su.FullName AS full_name,
        su.Role AS role,
        (
            SELECT COUNT(*)
            FROM app.Ticket AS t
            INNER JOIN app.Status AS s ON t.StatusId = s.StatusId
            WHERE t.AssignedTo = su.StaffId AND s.IsOpen = 1
        ) AS open_tickets
    FROM app.StaffUser AS su
    WHERE su.IsActive = 1
    ORDER BY su.FullName, su.StaffId;
END;
GO
