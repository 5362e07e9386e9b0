-- Documents: the PDFs of a dossier (deel A, deel B, the whole dossier).
-- A PDF is rendered once for what it shows: the key is the SHA-256 of the
-- XML it was made from, so a second download of unchanged data is served
-- from here.  The final PDF of an afgerond dossier is stored at 'Akkoord',
-- in the same transaction, once (document_final) and never changed.  An
-- outbox row may carry a document to attach (the confirmation mail).
-- up
CREATE TABLE document (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant_id BIGINT UNSIGNED NOT NULL COMMENT 'the school',
  dossier_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('deel_a', 'deel_b', 'dossier') NOT NULL,
  version INT UNSIGNED NOT NULL COMMENT 'the dossier version it shows',
  final TINYINT(1) NOT NULL DEFAULT 0,
  source_sha256 CHAR(64) CHARACTER SET ascii NOT NULL COMMENT 'of the XML it was made from; printed on a final PDF as its kenmerk',
  sha256 CHAR(64) CHARACTER SET ascii NOT NULL COMMENT 'of the PDF bytes',
  bytes INT UNSIGNED NOT NULL,
  pdf LONGBLOB NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  final_of BIGINT UNSIGNED AS (IF(final = 1, dossier_id, NULL)) PERSISTENT,
  UNIQUE KEY document_source (dossier_id, kind, source_sha256),
  UNIQUE KEY document_final (final_of),
  KEY document_tenant (tenant_id, dossier_id),
  CONSTRAINT document_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
ALTER TABLE outbox ADD COLUMN document_id BIGINT UNSIGNED NULL COMMENT 'a document to attach';
-- down
DROP TABLE document;
ALTER TABLE outbox DROP COLUMN document_id;
