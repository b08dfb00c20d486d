-- V019: folio numbers without the jump after an unexpected stop. app.TicketSeq was created with
-- the default CACHE: SQL Server keeps a block of numbers (typically 50) in memory and writes only
-- the block's end to disk, so a crash, a power cut or a forced service stop (SHUTDOWN WITH NOWAIT,
-- a failover) discards the unused rest and the next folio jumps up to the cache size. With NO
-- CACHE every NEXT VALUE FOR writes the new value to disk: one small write per ticket, nothing
-- at ITL's rate. A number is still never given back when the transaction that took it rolls back
-- (webform.SubmitTicket takes it as late as it can); a gap never means a lost ticket.
ALTER SEQUENCE app.TicketSeq NO CACHE;
