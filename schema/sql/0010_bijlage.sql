-- Files a student attaches to deel A (form questions of type 'bijlage',
-- e.g. the loopbaandossier): checked by content (PDF, PNG, JPEG), at most
-- the school's size, stored with their SHA-256.  One file per question of
-- a dossier: a new upload replaces it; the answer of the question holds
-- the row's id.  Stored in the same transaction as the step.
-- up
CREATE TABLE bijlage (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant_id BIGINT UNSIGNED NOT NULL,
  dossier_id BIGINT UNSIGNED NOT NULL,
  question_id VARCHAR(64) NOT NULL,
  filename VARCHAR(255) NOT NULL COMMENT 'as the student named it, cleaned',
  media_type VARCHAR(40) CHARACTER SET ascii NOT NULL COMMENT 'from the content, not the name',
  bytes INT UNSIGNED NOT NULL,
  sha256 CHAR(64) CHARACTER SET ascii NOT NULL,
  data LONGBLOB NOT NULL,
  uploaded_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY bijlage_question (dossier_id, question_id),
  KEY bijlage_tenant (tenant_id, dossier_id),
  CONSTRAINT bijlage_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- down
DROP TABLE bijlage;
