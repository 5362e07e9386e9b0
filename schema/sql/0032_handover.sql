-- Several ddd-mailers at once (issue 16): when a mail or a webhook notice
-- was handed over, i.e. the moment right before its last byte left for the
-- server.  A row handed over and never answered (its sender was killed
-- waiting for the answer) may have been delivered, so no sender claims it
-- again: at most once (docs/mail.md).  Expand only: older senders and
-- workers do not know the column and keep working.  Safe to apply again
-- (IF NOT EXISTS): a test re-applies the migrations from 0026 on.
-- up
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS handed_at DATETIME(6) NULL COMMENT 'the last byte went to the server; NULL: not (yet) handed over';
ALTER TABLE notice ADD COLUMN IF NOT EXISTS handed_at DATETIME(6) NULL COMMENT 'the last byte went to the receiver; NULL: not (yet) handed over';
-- down
ALTER TABLE notice DROP COLUMN IF EXISTS handed_at;
ALTER TABLE outbox DROP COLUMN IF EXISTS handed_at;
