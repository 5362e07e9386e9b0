-- Which MBO colleges take part in a school's doorstroomdossier: from the
-- school's tenant file (<participating-mbos>), rewritten at every load.
-- An MBO sees a student's afgerond dossier only when its college takes
-- part at that student's school.
-- up
CREATE TABLE participation (
  school_tenant_id BIGINT UNSIGNED NOT NULL,
  mbo_brin CHAR(6) NOT NULL,
  PRIMARY KEY (school_tenant_id, mbo_brin),
  KEY participation_mbo (mbo_brin),
  CONSTRAINT participation_school_fk FOREIGN KEY (school_tenant_id) REFERENCES tenant (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
-- down
DROP TABLE participation;
