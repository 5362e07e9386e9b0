-- Webhook notices: when a dossier becomes available to an MBO college
-- whose tenant file names a <webhook url>, a row here is written in the
-- same transaction ('Akkoord'); ddd-mailer POSTs it, signed, with
-- retries.  At most one notice per dossier and college.  The body holds no
-- personal data: ids, links and the PDF's SHA-256.
-- up
CREATE TABLE notice (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant_id BIGINT UNSIGNED NOT NULL COMMENT 'the MBO college',
  dossier_id BIGINT UNSIGNED NOT NULL,
  school_tenant_id BIGINT UNSIGNED NOT NULL,
  body VARCHAR(2000) NOT NULL COMMENT 'the JSON sent',
  status ENUM('queued', 'sending', 'sent', 'failed') NOT NULL DEFAULT 'queued',
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_error VARCHAR(500) NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  sent_at DATETIME NULL,
  UNIQUE KEY notice_once (tenant_id, dossier_id),
  KEY notice_due (status, next_attempt_at),
  CONSTRAINT notice_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- down
DROP TABLE notice;
