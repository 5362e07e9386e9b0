-- Who viewed or downloaded which dossier, and who saw a BSN (AVG): staff
-- of the school and users of an MBO college; a student's own views are
-- not recorded.  Shown to the school's decaan per student.  Written in the
-- request that serves the view; a view that cannot be recorded is not
-- served.  The actor's name and organisation are copied: an MBO user is
-- not in the school's tenant.
-- up
CREATE TABLE access_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant_id BIGINT UNSIGNED NOT NULL COMMENT 'the school whose dossier it is',
  dossier_id BIGINT UNSIGNED NOT NULL,
  student_id BIGINT UNSIGNED NOT NULL,
  actor_id BIGINT UNSIGNED NOT NULL,
  actor_tenant_id BIGINT UNSIGNED NOT NULL,
  actor_name VARCHAR(240) NOT NULL,
  actor_org VARCHAR(200) NOT NULL,
  action ENUM('bekeken', 'pdf', 'fo', 'bijlage', 'xml', 'zip', 'bsn') NOT NULL,
  at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY access_student (tenant_id, student_id, id),
  CONSTRAINT access_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- down
DROP TABLE access_log;
