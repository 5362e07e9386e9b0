-- The SAML service provider (fcgi/saml.h, docs/sso-saml.md).  saml_request:
-- an AuthnRequest we sent and the tenant it was for, until its answer
-- comes (used once) or it expires (ten minutes); its id is the RelayState
-- and must come back as InResponseTo.  saml_assertion_seen: the id of
-- every assertion we accepted, until the assertion expires, so that the
-- same assertion is never accepted twice.  Both are purged by expiry when
-- the next request comes.
-- up
CREATE TABLE saml_request (
  id CHAR(41) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY COMMENT '_ and 40 hex digits',
  tenant_id BIGINT UNSIGNED NOT NULL,
  idp VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'the IdP entityID it went to',
  expires_at DATETIME NOT NULL,
  KEY saml_request_expires (expires_at)
) ENGINE=InnoDB;
CREATE TABLE saml_assertion_seen (
  idp VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  assertion_id VARCHAR(127) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  tenant_id BIGINT UNSIGNED NOT NULL,
  expires_at DATETIME NOT NULL,
  PRIMARY KEY (idp, assertion_id),
  KEY saml_seen_expires (expires_at)
) ENGINE=InnoDB;
-- down
DROP TABLE IF EXISTS saml_assertion_seen;
DROP TABLE IF EXISTS saml_request;
