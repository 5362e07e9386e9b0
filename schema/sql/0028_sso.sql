-- Federated log-in (issue 18, docs/sso.md).  sso_link: which identity at
-- a school's IdP is which imported account; one per account, made by the
-- first federated log-in (students by leerlingnummer, staff by e-mail),
-- read by (issuer, subject) afterwards; the decaan can remove it.  The
-- issuer and subject are compared byte for byte (VARBINARY).
-- oidc_state: an OpenID Connect log-in underway: the SHA-256 of the state
-- (the browser holds the state in a cookie too), the nonce and the PKCE
-- verifier, the tenant; one use, ten minutes.  session.sso_session_index:
-- the IdP's session (SAML SessionIndex, OIDC sid) for single log-out.
-- up
CREATE TABLE sso_link (
  account_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  tenant_id BIGINT UNSIGNED NOT NULL,
  protocol ENUM('oidc', 'saml') NOT NULL,
  issuer VARBINARY(500) NOT NULL COMMENT 'OIDC iss or SAML IdP entityID',
  subject VARBINARY(255) NOT NULL COMMENT 'OIDC sub or SAML NameID',
  linked_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_login_at DATETIME NULL,
  UNIQUE KEY sso_link_subject (tenant_id, issuer, subject),
  CONSTRAINT sso_link_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE oidc_state (
  state_hash BINARY(32) NOT NULL PRIMARY KEY COMMENT 'SHA-256 of the state',
  tenant_id BIGINT UNSIGNED NOT NULL,
  nonce CHAR(43) CHARACTER SET ascii NOT NULL,
  verifier CHAR(43) CHARACTER SET ascii NOT NULL COMMENT 'PKCE code_verifier',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at DATETIME NOT NULL,
  used_at DATETIME NULL,
  KEY oidc_state_age (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
ALTER TABLE session ADD COLUMN sso_session_index VARCHAR(255) CHARACTER SET ascii NULL, ADD KEY session_sso (sso_session_index);
-- down
DROP TABLE sso_link;
DROP TABLE oidc_state;
ALTER TABLE session DROP KEY session_sso, DROP COLUMN sso_session_index;
