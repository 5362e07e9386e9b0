-- Several ddd-mailers at once (issue 16): when a mail or a webhook notice
-- was handed over, i.e. the moment right before its last byte left for the
-- server.  A row handed over and never answered (its sender was killed
-- waiting for the answer) may have been delivered, so no sender claims it
-- again: at most once (docs/mail.md).  Expand only: older senders and
-- workers do not know the column and keep working.
-- up
ALTER TABLE outbox ADD COLUMN handed_at DATETIME(6) NULL COMMENT 'the last byte went to the server; NULL: not (yet) handed over';
ALTER TABLE notice ADD COLUMN handed_at DATETIME(6) NULL COMMENT 'the last byte went to the receiver; NULL: not (yet) handed over';
-- down
ALTER TABLE notice DROP COLUMN handed_at;
ALTER TABLE outbox DROP COLUMN handed_at;
