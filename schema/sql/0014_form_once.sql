-- One POST, one effect (a double click, a browser retrying on a slow
-- network): the key of every POST with a session (its form's one-time
-- nonce, path and fields; fcgi/http.c) is inserted in the transaction that
-- carries its effect.  A second arrival of the same POST waits on the key,
-- finds it committed, and is sent where the first one was.  Rows are
-- dropped after a day (the claim of the same account cleans up).
-- up
CREATE TABLE form_once (
  account_id BIGINT UNSIGNED NOT NULL,
  key_sha256 BINARY(32) NOT NULL,
  tenant_id BIGINT UNSIGNED NOT NULL,
  location VARCHAR(512) NOT NULL DEFAULT '' COMMENT 'where the first answer sent the user',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (account_id, key_sha256),
  KEY form_once_age (account_id, created_at),
  CONSTRAINT form_once_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- down
DROP TABLE form_once;
