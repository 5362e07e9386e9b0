-- The dossier: its phase, version and people; the answers of its forms;
-- and its history ('verloop').  Every row carries tenant_id.
-- up
CREATE TABLE dossier (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant_id BIGINT UNSIGNED NOT NULL,
  student_id BIGINT UNSIGNED NOT NULL,
  phase ENUM('deel_a', 'deel_b', 'akkoord', 'afgerond') NOT NULL DEFAULT 'deel_a',
  version INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'raised by every submission',
  mentor_id BIGINT UNSIGNED NULL COMMENT 'chosen at opsturen, or who started deel B early',
  mbo_tenant_id BIGINT UNSIGNED NULL COMMENT 'the college chosen in deel A',
  archived TINYINT(1) NOT NULL DEFAULT 0,
  deel_a_sent_at DATETIME NULL COMMENT 'first time deel A was sent in',
  created_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY dossier_phase (tenant_id, archived, phase),
  KEY dossier_student (tenant_id, student_id),
  KEY dossier_mentor (tenant_id, mentor_id),
  KEY dossier_mbo (mbo_tenant_id, phase),
  CONSTRAINT dossier_student_fk FOREIGN KEY (student_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE answer (
  dossier_id BIGINT UNSIGNED NOT NULL,
  question_id VARCHAR(64) NOT NULL,
  tenant_id BIGINT UNSIGNED NOT NULL,
  value MEDIUMTEXT NOT NULL,
  updated_by BIGINT UNSIGNED NOT NULL,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (dossier_id, question_id),
  CONSTRAINT answer_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE dossier_event (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  dossier_id BIGINT UNSIGNED NOT NULL,
  tenant_id BIGINT UNSIGNED NOT NULL,
  at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  actor_id BIGINT UNSIGNED NULL,
  kind VARCHAR(40) NOT NULL COMMENT 'the transition, or saved_step',
  phase_from VARCHAR(10) NULL,
  phase_to VARCHAR(10) NULL,
  version INT UNSIGNED NOT NULL,
  note VARCHAR(1000) NULL,
  KEY dossier_event_dossier (dossier_id, id),
  CONSTRAINT dossier_event_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- down
DROP TABLE dossier;
DROP TABLE answer;
DROP TABLE dossier_event;
