-- The access log outlives the dossiers it describes: when `dddctl purge`
-- deletes a dossier, or the decaan erases a student, its rows stay for
-- the school's <audit-retention-months> with the student and the dossier
-- replaced by a keyed pseudonym (fcgi/audit.c): who looked at the data
-- of one (no longer named) student stays provable.  So no cascade from
-- the dossier any more.  An inzage-export ('export') is an access too.
-- up
ALTER TABLE access_log DROP FOREIGN KEY access_dossier_fk;
ALTER TABLE access_log MODIFY dossier_id BIGINT UNSIGNED NULL COMMENT 'NULL once pseudonymised', MODIFY student_id BIGINT UNSIGNED NULL COMMENT 'NULL once pseudonymised', MODIFY action ENUM('bekeken', 'pdf', 'fo', 'bijlage', 'xml', 'zip', 'bsn', 'export') NOT NULL, ADD COLUMN pseudonym CHAR(32) CHARACTER SET ascii NULL COMMENT 'keyed HMAC of the student, once the dossier is gone', ADD KEY access_age (tenant_id, at);
-- down
ALTER TABLE access_log ADD CONSTRAINT access_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE CASCADE;
ALTER TABLE access_log DROP KEY access_age, DROP COLUMN pseudonym, MODIFY action ENUM('bekeken', 'pdf', 'fo', 'bijlage', 'xml', 'zip', 'bsn') NOT NULL, MODIFY student_id BIGINT UNSIGNED NOT NULL, MODIFY dossier_id BIGINT UNSIGNED NOT NULL;
