-- Retention (AVG): `dddctl purge` deletes a school's dossiers a number of
-- months (its <retention-months>, default 24) after the akkoord, or after
-- the last change of one that was never finished; with them go answers,
-- history, documents, files, notices and the access log (ON DELETE
-- CASCADE), then old mails and the accounts of students without
-- dossiers.  What stays is one row per deleted dossier without anything
-- that points to a person, for the counts the regions keep.
-- up
CREATE TABLE purged_dossier (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant_id BIGINT UNSIGNED NOT NULL,
  created_month CHAR(7) CHARACTER SET ascii NOT NULL COMMENT 'YYYY-MM of Nieuw dossier',
  phase VARCHAR(10) CHARACTER SET ascii NOT NULL,
  mbo_tenant_id BIGINT UNSIGNED NULL,
  mbo_status VARCHAR(24) CHARACTER SET ascii NULL,
  days_to_received INT NULL COMMENT 'Nieuw dossier to the MBO''s first status',
  purged_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY purged_tenant (tenant_id, created_month)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
-- down
DROP TABLE purged_dossier;
