-- The akkoordverklaring: who agreed to which version, when, with which
-- remarks, and the parent or guardian when the student is under the
-- tenant's age.  One per dossier: an afgerond dossier never changes.
-- up
CREATE TABLE akkoordverklaring (
  dossier_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  tenant_id BIGINT UNSIGNED NOT NULL,
  version INT UNSIGNED NOT NULL COMMENT 'the version the student saw',
  student_id BIGINT UNSIGNED NOT NULL,
  agreed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  opmerkingen TEXT NULL,
  ouder_naam VARCHAR(200) NULL,
  ouder_relatie VARCHAR(40) NULL,
  CONSTRAINT akkoord_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- down
DROP TABLE akkoordverklaring;
