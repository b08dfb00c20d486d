-- app.CheckStatsRange: errors 1001 / 4030 for a missing or inverted date range.
IF OBJECT_ID(N'app.CheckStatsRange', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE app.CheckStatsRange AS RETURN 0;');
GO

ALTER PROCEDURE app.CheckStatsRange
    @DateFrom DATE,
    @DateTo DATE
AS
BEGIN
    SET NOCOUNT ON;
    IF @DateFrom IS NULL OR @DateTo IS NULL
        EXEC app.RaiseError @ErrorId = 1001;
    IF @DateFrom > @DateTo
        EXEC app.RaiseError @ErrorId = 4030;
END;
GO
