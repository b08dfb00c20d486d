-- webform.CheckTicket: every problem of a ticket at once (field_name, error_id, message),
-- without inserting anything; the web form shows them next to their fields.
-- Same rules as webform.SubmitTicket (both use app.ValidateTicket). Attachments optional.
-- requires: app.ValidateTicket
IF OBJECT_ID(N'webform.CheckTicket', N'P') IS NULL
    EXEC (N'CREATE PROCEDURE webform.CheckTicket AS RETURN 0;');
GO

ALTER PROCEDURE webform.CheckTicket
    @RequesterName NVARCHAR(4000),
    @RequesterTypeId INT,
    @DepartmentId INT,
    @ContactEmail NVARCHAR(4000),
    @ContactPhone NVARCHAR(4000),
    @ControlNumber NVARCHAR(4000),
    @CampusId INT,
    @LocationId INT,
    @LocationDetail NVARCHAR(4000),
    @EquipmentId INT,
    @EquipmentTag NVARCHAR(4000),
    @EquipmentBrand NVARCHAR(4000),
    @EquipmentSerial NVARCHAR(4000),
    @EquipmentCondition NVARCHAR(4000),
    @CategoryId INT,
    @Description NVARCHAR(MAX),
    @Attachment1Name NVARCHAR(4000) = NULL,
    @Attachment1Type NVARCHAR(200) = NULL,
    @Attachment1Content VARBINARY(MAX) = NULL,
    @Attachment2Name NVARCHAR(4000) = NULL,
    @Attachment2Type NVARCHAR(200) = NULL,
    @Attachment2Content VARBINARY(MAX) = NULL,
    @Attachment3Name NVARCHAR(4000) = NULL,
    @Attachment3Type NVARCHAR(200) = NULL,
    @Attachment3Content VARBINARY(MAX) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Problem TABLE (FieldName NVARCHAR(40) NOT NULL, ErrorId INT NOT NULL, Ordinal INT NOT NULL);

    INSERT INTO @Problem (FieldName, ErrorId, Ordinal)
    EXEC app.ValidateTicket
        @RequesterName = @RequesterName,
        @RequesterTypeId = @RequesterTypeId,
        @DepartmentId = @DepartmentId,
        @ContactEmail = @ContactEmail,
        @ContactPhone = @ContactPhone,
        @ControlNumber = @ControlNumber,
        @CampusId = @CampusId,
        @LocationId = @LocationId,
        @LocationDetail = @LocationDetail,
        @EquipmentId = @EquipmentId,
        @EquipmentTag = @EquipmentTag,
        @EquipmentBrand = @EquipmentBrand,
        @EquipmentSerial = @EquipmentSerial,
        @EquipmentCondition = @EquipmentCondition,
        @CategoryId = @CategoryId,
        @Description = @Description,
        @Attachment1Name = @Attachment1Name,
        @Attachment1Type = @Attachment1Type,
        @Attachment1Content = @Attachment1Content,
        @Attachment2Name = @Attachment2Name,
        @Attachment2Type = @Attachment2Type,
        @Attachment2Content = @Attachment2Content,
        @Attachment3Name = @Attachment3Name,
        @Attachment3Type = @Attachment3Type,
        @Attachment3Content = @Attachment3Content;

    SELECT
        p.FieldName AS field_name,
        p.ErrorId AS error_id,
        em.Message AS message
    FROM @Problem AS p
    LEFT JOIN app.ErrorMessage AS em ON p.ErrorId = em.ErrorId
    ORDER BY p.Ordinal;
END;
GO
