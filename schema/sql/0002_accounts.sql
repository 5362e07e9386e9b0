-- Accounts, sessions, activation links, log-in throttling, tenant keys and
-- the mail outbox.  Every row of tenant data carries tenant_id; every
-- statement that reads it is bounded by the session's tenant.
-- up
CREATE TABLE account (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant_id BIGINT UNSIGNED NOT NULL,
  role ENUM('leerling', 'mentor', 'decaan', 'mbo') NOT NULL,
  login VARCHAR(254) NOT NULL COMMENT 'normalised leerlingnummer, or lower-case e-mail for staff',
  email VARCHAR(254) NULL,
  roepnaam VARCHAR(100) NOT NULL,
  tussenvoegsel VARCHAR(30) NOT NULL DEFAULT '',
  achternaam VARCHAR(100) NOT NULL,
  geboortedatum DATE NULL,
  klas VARCHAR(20) NULL,
  leerjaar TINYINT UNSIGNED NULL,
  password_hash VARCHAR(128) NULL COMMENT 'NULL until activated',
  activated_at DATETIME NULL,
  ddd_activated_at DATETIME NULL COMMENT 'Activeer DDD',
  bsn_sealed VARBINARY(64) NULL COMMENT 'AES-256-GCM, see docs/crypto.md',
  bsn_lookup BINARY(32) NULL COMMENT 'HMAC with the tenant lookup key',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY account_login (tenant_id, login),
  UNIQUE KEY account_bsn (tenant_id, bsn_lookup),
  KEY account_klas (tenant_id, klas),
  CONSTRAINT account_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE mentor_class (
  tenant_id BIGINT UNSIGNED NOT NULL,
  klas VARCHAR(20) NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (tenant_id, klas, account_id),
  KEY mentor_class_account (account_id),
  CONSTRAINT mentor_class_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE session (
  token_hash BINARY(32) NOT NULL PRIMARY KEY COMMENT 'SHA-256 of the cookie token',
  account_id BIGINT UNSIGNED NOT NULL,
  tenant_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_seen_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY session_account (account_id),
  CONSTRAINT session_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE activation (
  token_hash BINARY(32) NOT NULL PRIMARY KEY COMMENT 'SHA-256 of the mailed token',
  account_id BIGINT UNSIGNED NOT NULL,
  tenant_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at DATETIME NOT NULL,
  used_at DATETIME NULL,
  KEY activation_account (account_id),
  CONSTRAINT activation_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE login_throttle (
  scope VARCHAR(100) NOT NULL PRIMARY KEY COMMENT 'addr:<ip> or acct:<id>',
  failures INT UNSIGNED NOT NULL DEFAULT 0,
  window_start DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  locked_until DATETIME NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
CREATE TABLE tenant_key (
  tenant_id BIGINT UNSIGNED NOT NULL,
  version INT UNSIGNED NOT NULL,
  wrapped VARBINARY(128) NOT NULL COMMENT 'data key wrapped by the master key',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (tenant_id, version),
  CONSTRAINT tenant_key_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
CREATE TABLE outbox (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant_id BIGINT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NULL,
  kind VARCHAR(40) NOT NULL COMMENT 'the mail stylesheet: mail-<kind>.xsl',
  to_addr VARCHAR(254) NOT NULL,
  to_name VARCHAR(200) NOT NULL DEFAULT '',
  subject VARCHAR(200) NOT NULL,
  body_xml MEDIUMTEXT NOT NULL COMMENT 'the XML the mail stylesheets render',
  status ENUM('queued', 'sending', 'sent', 'failed') NOT NULL DEFAULT 'queued',
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_error VARCHAR(500) NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  sent_at DATETIME NULL,
  KEY outbox_due (status, next_attempt_at),
  KEY outbox_account (tenant_id, account_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- down
DROP TABLE account;
DROP TABLE mentor_class;
DROP TABLE session;
DROP TABLE activation;
DROP TABLE login_throttle;
DROP TABLE tenant_key;
DROP TABLE outbox;
