-- Tenants: one row per school (vo) or college (mbo), loaded from the files
-- in tenants/ by 'dddctl tenant load'.  The file itself is kept as loaded.
-- up
CREATE TABLE tenant (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  slug VARCHAR(64) NOT NULL,
  kind ENUM('vo', 'mbo') NOT NULL,
  name VARCHAR(200) NOT NULL,
  brin CHAR(6) NOT NULL,
  config MEDIUMTEXT NOT NULL,
  loaded_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY tenant_slug (slug),
  UNIQUE KEY tenant_brin (brin)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- down
DROP TABLE tenant;
