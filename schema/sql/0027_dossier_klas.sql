-- The decaan's dashboard counts the dossiers per class and phase (issue
-- 15).  The class is the student's (account.klas); joining every dossier
-- of the school to its student for it cost 4-12 ms a page at national
-- size.  Each dossier now carries a copy of its student's class, kept by
-- the server itself on every path that writes (pages, dddctl, imports,
-- the seed, SQL by hand), so dossier_klas serves the counts from the
-- index alone and they are always those of the rows:
--  dossier_klas_insert   a new dossier takes its student's class, read
--                        with a shared lock (a class change of the same
--                        student commits first, or waits for this one);
--  account_klas_update   a student's class change moves their dossiers.
-- Counts, not counters: purge, erasure, archive and the transitions only
-- change or remove rows, which the counts read as they are.
-- The account that runs 'dddctl migrate' needs the TRIGGER privilege
-- (and, with a binary log on, SUPER or log_bin_trust_function_creators).
-- up
ALTER TABLE dossier ADD COLUMN klas VARCHAR(20) NULL COMMENT 'the student''s class (account.klas), kept by triggers', ADD KEY dossier_klas (tenant_id, archived, klas, phase);
UPDATE dossier d JOIN account a ON a.id = d.student_id SET d.klas = a.klas, d.updated_at = d.updated_at;
CREATE TRIGGER dossier_klas_insert BEFORE INSERT ON dossier FOR EACH ROW
SET NEW.klas = (SELECT a.klas FROM account a WHERE a.id = NEW.student_id LOCK IN SHARE MODE);
CREATE TRIGGER account_klas_update AFTER UPDATE ON account FOR EACH ROW
UPDATE dossier SET klas = NEW.klas, updated_at = updated_at WHERE tenant_id = NEW.tenant_id AND student_id = NEW.id AND NOT (OLD.klas <=> NEW.klas);
-- down
ALTER TABLE dossier DROP KEY dossier_klas, DROP COLUMN klas;
DO 0;
DROP TRIGGER dossier_klas_insert;
DROP TRIGGER account_klas_update;
