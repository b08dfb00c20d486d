-- staff.GetStatsSatisfaction: the requesters' ratings (webform.RateTicket) given between two
-- local days (America/Mexico_City, inclusive), optionally for one campus, by @Dimension:
-- total (one row, item 0), operator (the ticket's operator when rated; 0 = unassigned),
-- category, month (item_id = yyyymm, oldest first). Administrators only (operators 2002):
-- ratings per person are not shown to operators.
-- requires: app.CheckStatsRange
IF OBJECT_ID(N'staff.GetStatsSatisfaction', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE staff.GetStatsSatisfaction AS RETURN 0;');
GO

ALTER PROCEDURE staff.GetStatsSatisfaction
    @Token VARBINARY(64),
    @DateFrom DATE,
    @DateTo DATE,
    @CampusId INT,
    @Dimension NVARCHAR(20)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @AdminId INT;
    DECLARE @FromUtc DATETIME2(3);
    DECLARE @ToUtc DATETIME2(3);
    BEGIN TRY
        EXEC app.RequireSession @Token = @Token, @RequiredRole = N'administrador', @StaffId = @AdminId OUTPUT;
        EXEC app.CheckStatsRange @DateFrom = @DateFrom, @DateTo = @DateTo;
        IF @Dimension IS NULL OR @Dimension NOT IN (N'total', N'operator', N'category', N'month')
            EXEC app.RaiseError @ErrorId = 4031;
        SET @FromUtc = CAST(
            CAST(@DateFrom AS DATETIME2(3)) AT TIME ZONE 'Central Standard Time (Mexico)' AT TIME ZONE 'UTC'
            AS DATETIME2(3)
        );
        SET @ToUtc = CAST(
            CAST(DATEADD(DAY, 1, @DateTo) AS DATETIME2(3)) AT TIME ZONE 'Central Standard Time (Mexico)'
            AT TIME ZONE 'UTC' AS DATETIME2(3)
        );

        SELECT
            g.ItemId AS item_id,
            CAST(CASE @Dimension
                WHEN N'total' THEN N'Todas'
                WHEN N'operator' THEN COALESCE(su.FullName, CASE WHEN g.ItemId = 0 THEN N'Sin asignar' END)
                WHEN N'category' THEN pc.Name
                ELSE CAST(g.ItemId / 100 AS NVARCHAR(4)) + N'-' + RIGHT(N'0' + CAST(g.ItemId % 100 AS NVARCHAR(2)), 2)
            END AS NVARCHAR(120)) AS item_name,
            g.RatingCount AS rating_count,
            g.RatingAverage AS rating_average,
            g.Rating1 AS rating_1,
            g.Rating2 AS rating_2,
            g.Rating3 AS rating_3,
            g.Rating4 AS rating_4,
            g.Rating5 AS rating_5
        FROM (
            SELECT
                x.ItemId,
                COUNT(*) AS RatingCount,
                AVG(CAST(x.Rating AS FLOAT)) AS RatingAverage,
                SUM(CASE WHEN x.Rating = 1 THEN 1 ELSE 0 END) AS Rating1,
                SUM(CASE WHEN x.Rating = 2 THEN 1 ELSE 0 END) AS Rating2,
                SUM(CASE WHEN x.Rating = 3 THEN 1 ELSE 0 END) AS Rating3,
                SUM(CASE WHEN x.Rating = 4 THEN 1 ELSE 0 END) AS Rating4,
                SUM(CASE WHEN x.Rating = 5 THEN 1 ELSE 0 END) AS Rating5
            FROM (
                SELECT
                    r.Rating,
                    CASE @Dimension
                        WHEN N'total' THEN 0
                        WHEN N'operator' THEN COALESCE(r.OperatorId, 0)
                        WHEN N'category' THEN CAST(r.CategoryId AS INT)
                        ELSE
                            YEAR(r.RatedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)') * 100
                            + MONTH(r.RatedAt AT TIME ZONE 'UTC' AT TIME ZONE 'Central Standard Time (Mexico)')
                    END AS ItemId
                FROM app.TicketRating AS r
                WHERE
                    r.RatedAt >= @FromUtc
                    AND r.RatedAt < @ToUtc
                    AND (@CampusId IS NULL OR r.CampusId = @CampusId)
            ) AS x
            GROUP BY x.ItemId
        ) AS g
        LEFT JOIN app.StaffUser AS su ON @Dimension = N'operator' AND g.ItemId = su.StaffId
        LEFT JOIN app.ProblemCategory AS pc ON @Dimension = N'category' AND g.ItemId = pc.CategoryId
        ORDER BY
            CASE WHEN @Dimension = N'month' THEN g.ItemId END ASC,
            g.RatingCount DESC,
            g.ItemId ASC;
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0 ROLLBACK;
        THROW;
    END CATCH;
END;
GO
