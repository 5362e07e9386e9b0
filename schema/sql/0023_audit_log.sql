-- The school's audit trail (AVG art. 5(2), 30, 32): every administrative
-- action in a school (a student list imported, an account made, a class
-- linked, account mails sent or printed, a password set, a mail sent
-- again, a dossier archived or reset, an export made, a student erased,
-- the school's file loaded by an operator), with who, when, what and
-- from which address.  The decaan reads and filters it (/portal/logboek);
-- `dddctl purge` keeps it the school's <audit-retention-months> (default
-- 36), also after the dossiers it names are gone.  Who acted is copied
-- (the trail outlives accounts); the account acted on is a reference,
-- and once that student is erased or purged it is replaced by a keyed
-- pseudonym (fcgi/audit.c), so the trail holds no student's data.
-- up
CREATE TABLE audit_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant_id BIGINT UNSIGNED NOT NULL COMMENT 'the school',
  at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  actor_id BIGINT UNSIGNED NULL COMMENT 'NULL: an operator, or an erased student',
  actor_name VARCHAR(240) NOT NULL COMMENT 'copied: the trail outlives accounts',
  actor_role VARCHAR(16) CHARACTER SET ascii NOT NULL,
  addr VARCHAR(64) NOT NULL COMMENT 'the client address, or the operator''s',
  action VARCHAR(40) CHARACTER SET ascii NOT NULL,
  subject_id BIGINT UNSIGNED NULL COMMENT 'the account acted on',
  dossier_id BIGINT UNSIGNED NULL,
  detail VARCHAR(500) NOT NULL DEFAULT '' COMMENT 'counts and classes, never a student''s name',
  pseudonym CHAR(32) CHARACTER SET ascii NULL COMMENT 'keyed HMAC of an erased or purged student',
  KEY audit_tenant (tenant_id, id),
  KEY audit_subject (tenant_id, subject_id),
  KEY audit_age (tenant_id, at),
  CONSTRAINT audit_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- down
DROP TABLE audit_log;
