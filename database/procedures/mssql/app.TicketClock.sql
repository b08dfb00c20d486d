-- app.TicketClock: the one working-hours rule. For a ticket of campus @CampusId received at
-- @CreatedAt (UTC): due_at (open tickets only: the response target while nobody has answered,
-- whichever target comes first; the resolution target afterwards), resolution_due_at,
-- response_minutes and resolution_minutes (whole working minutes, truncated) and
-- is_over_target (resolved after more working time than the priority's resolution target).
-- Working time is read from app.WorkPeriod (app.RebuildWorkCalendar): the position of an
-- instant is the working milliseconds before it; a due instant is where the position plus
-- the target falls. A ticket received outside hours starts counting when the center opens.
-- An inline table-valued function (expanded into the triggers' set-based plans); beyond the
-- calendar (or a campus without hours) the due instants are NULL.
IF OBJECT_ID(N'app.TicketClock', N'IF') IS NULL
    EXEC (N'CREATE FUNCTION app.TicketClock() RETURNS TABLE AS RETURN SELECT 1 AS due_at;');
GO

ALTER FUNCTION app.TicketClock(
    @CampusId INT,
    @CreatedAt DATETIME2(3),
    @PriorityId INT,
    @StatusId INT,
    @FirstResponseAt DATETIME2(3),
    @ResolvedAt DATETIME2(3)
)
RETURNS TABLE
AS
RETURN
SELECT
    CASE
        WHEN s.IsOpen = 1 THEN CASE WHEN @FirstResponseAt IS NULL THEN rd.DueAt ELSE sd.DueAt END
    END AS due_at,
    sd.DueAt AS resolution_due_at,
    CAST((x.Fr - x.Pos) / 60000 AS INT) AS response_minutes,
    CAST((x.Rs - x.Pos) / 60000 AS INT) AS resolution_minutes,
    CAST(CASE WHEN x.Rs - x.Pos > x.ResolutionMs THEN 1 ELSE 0 END AS BIT) AS is_over_target
FROM app.Priority AS p
INNER JOIN app.Status AS s ON s.StatusId = @StatusId
-- Each position is one backward index seek, applied as a row source (not a scalar subquery)
-- so that it is computed once per row however often it is used below.
OUTER APPLY (
    SELECT TOP (1)
        wp.CumStartMs + CASE
            WHEN DATEDIFF_BIG(MILLISECOND, wp.StartsAt, @CreatedAt) < wp.CumEndMs - wp.CumStartMs
                THEN DATEDIFF_BIG(MILLISECOND, wp.StartsAt, @CreatedAt)
            ELSE wp.CumEndMs - wp.CumStartMs
        END AS Pos
    FROM app.WorkPeriod AS wp
    WHERE wp.CampusId = @CampusId AND wp.StartsAt <= @CreatedAt
    ORDER BY wp.StartsAt DESC
) AS c
OUTER APPLY (
    SELECT TOP (1)
        wp.CumStartMs + CASE
            WHEN DATEDIFF_BIG(MILLISECOND, wp.StartsAt, @FirstResponseAt) < wp.CumEndMs - wp.CumStartMs
                THEN DATEDIFF_BIG(MILLISECOND, wp.StartsAt, @FirstResponseAt)
            ELSE wp.CumEndMs - wp.CumStartMs
        END AS Pos
    FROM app.WorkPeriod AS wp
    WHERE wp.CampusId = @CampusId AND wp.StartsAt <= @FirstResponseAt
    ORDER BY wp.StartsAt DESC
) AS fr
OUTER APPLY (
    SELECT TOP (1)
        wp.CumStartMs + CASE
            WHEN DATEDIFF_BIG(MILLISECOND, wp.StartsAt, @ResolvedAt) < wp.CumEndMs - wp.CumStartMs
                THEN DATEDIFF_BIG(MILLISECOND, wp.StartsAt, @ResolvedAt)
            ELSE wp.CumEndMs - wp.CumStartMs
        END AS Pos
    FROM app.WorkPeriod AS wp
    WHERE wp.CampusId = @CampusId AND wp.StartsAt <= @ResolvedAt
    ORDER BY wp.StartsAt DESC
) AS rs
CROSS APPLY (
    SELECT
        COALESCE(c.Pos, 0) AS Pos,
        CASE WHEN @FirstResponseAt IS NOT NULL THEN COALESCE(fr.Pos, 0) END AS Fr,
        CASE WHEN @ResolvedAt IS NOT NULL THEN COALESCE(rs.Pos, 0) END AS Rs,
        CASE
            WHEN p.ResponseTargetHours < p.ResolutionTargetHours THEN CAST(p.ResponseTargetHours AS BIGINT)
            ELSE CAST(p.ResolutionTargetHours AS BIGINT)
        END * 3600000 AS FirstMs,
        CAST(p.ResolutionTargetHours AS BIGINT) * 3600000 AS ResolutionMs
) AS x
OUTER APPLY (
    SELECT TOP (1) DATEADD(MILLISECOND, CAST(x.Pos + x.FirstMs - wp.CumStartMs AS INT), wp.StartsAt) AS DueAt
    FROM app.WorkPeriod AS wp
    WHERE wp.CampusId = @CampusId AND wp.CumEndMs >= x.Pos + x.FirstMs
    ORDER BY wp.CumEndMs
) AS rd
OUTER APPLY (
    SELECT TOP (1) DATEADD(MILLISECOND, CAST(x.Pos + x.ResolutionMs - wp.CumStartMs AS INT), wp.StartsAt) AS DueAt
    FROM app.WorkPeriod AS wp
    WHERE wp.CampusId = @CampusId AND wp.CumEndMs >= x.Pos + x.ResolutionMs
    ORDER BY wp.CumEndMs
) AS sd
WHERE p.PriorityId = @PriorityId;
GO
