-- The API for the MBO colleges' systems (docs/api.md).  A client belongs
-- to one college and acts as an account of that college that cannot log
-- in (no password, no e-mail address): the history and the access log
-- name it like a person.  Its secret (or the SHA-256 of its client
-- certificate, for mutual TLS) is all we keep of its credentials; its
-- bearer tokens are short-lived and stored as their SHA-256 only.
-- api_feed is each college's list of finished dossiers in the order they
-- changed for it (available, a new intake status): 'since' cursors count
-- along seq, which api_feed_counter hands out one college at a time
-- inside the transaction of the change, so a number is never seen before
-- a smaller one is committed.  Dossiers finished before this migration
-- enter the feed in the order of their akkoordverklaring.  The down part
-- works in either order (dddctl undoes a failed file last statement
-- first; t_token_at_rest.py runs it as written): api_token goes with
-- api_client, the filled rows with their tables.
-- up
CREATE TABLE api_client (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant_id BIGINT UNSIGNED NOT NULL COMMENT 'the MBO college',
  account_id BIGINT UNSIGNED NOT NULL COMMENT 'the account it acts as; cannot log in',
  client_id VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'public',
  name VARCHAR(100) NOT NULL,
  secret_sha256 BINARY(32) NULL COMMENT 'SHA-256 of the secret, shown once',
  cert_sha256 BINARY(32) NULL COMMENT 'SHA-256 of the client certificate (DER)',
  scopes SET('dossiers:read', 'status:write') NOT NULL,
  rate_per_minute INT UNSIGNED NOT NULL DEFAULT 120,
  rate_window BIGINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'the minute counted (Unix time / 60)',
  rate_count INT UNSIGNED NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_used_at DATETIME NULL,
  revoked_at DATETIME NULL,
  UNIQUE KEY api_client_id (client_id),
  KEY api_client_tenant (tenant_id, id),
  CONSTRAINT api_client_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id),
  CONSTRAINT api_client_account_fk FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE api_token (
  token_sha256 BINARY(32) NOT NULL PRIMARY KEY,
  client_id BIGINT UNSIGNED NOT NULL,
  tenant_id BIGINT UNSIGNED NOT NULL COMMENT 'the college, as the client''s',
  scopes SET('dossiers:read', 'status:write') NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at DATETIME NOT NULL,
  KEY api_token_client (client_id, expires_at),
  CONSTRAINT api_token_client_fk FOREIGN KEY (client_id) REFERENCES api_client (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE api_feed (
  tenant_id BIGINT UNSIGNED NOT NULL COMMENT 'the college',
  dossier_id BIGINT UNSIGNED NOT NULL,
  seq BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (tenant_id, dossier_id),
  UNIQUE KEY api_feed_seq (tenant_id, seq),
  CONSTRAINT api_feed_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE api_feed_counter (
  tenant_id BIGINT UNSIGNED NOT NULL PRIMARY KEY COMMENT 'the college',
  seq BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO api_feed (tenant_id, dossier_id, seq) SELECT d.mbo_tenant_id, d.id, ROW_NUMBER() OVER (PARTITION BY d.mbo_tenant_id ORDER BY a.agreed_at, d.id) FROM dossier d JOIN akkoordverklaring a ON a.dossier_id = d.id WHERE d.phase = 'afgerond' AND d.mbo_tenant_id IS NOT NULL;
INSERT INTO api_feed_counter (tenant_id, seq) SELECT tenant_id, MAX(seq) FROM api_feed GROUP BY tenant_id;
-- down
DROP TABLE IF EXISTS api_token, api_client;
DROP TABLE IF EXISTS api_token;
DROP TABLE api_feed;
DROP TABLE api_feed_counter;
DO 0;
DO 0;
