-- The outbox no longer holds the token of an activation link: the sender
-- makes it as the mail leaves (fcgi/mailer.c, docs/crypto.md).  Rows
-- written before hold a live token in body_xml, sent or not: empty their
-- <link>.  A queued one gets a fresh link when it leaves; a sent one still
-- works from the student's mailbox.
-- up
UPDATE outbox SET body_xml = REGEXP_REPLACE(body_xml, '<link>[^<]*</link>', '<link/>') WHERE kind = 'activation';
-- down
DO 0;
