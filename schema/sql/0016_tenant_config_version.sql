-- A counter per tenant, raised by every `dddctl tenant load` of its file
-- (the upsert in fcgi/tenant_load.c).  The worker and the mailer keep each
-- tenant's file parsed once (fcgi/tenant_config.c) and compare this number
-- on use: a reload takes effect at the next request.  loaded_at cannot
-- serve: it has one-second resolution, and two loads within one second
-- must not look like one.
-- up
ALTER TABLE tenant ADD COLUMN config_version BIGINT UNSIGNED NOT NULL DEFAULT 1 COMMENT 'raised by every load of the file';
-- down
ALTER TABLE tenant DROP COLUMN config_version;
