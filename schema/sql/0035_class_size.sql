-- The class choice of the decaan's Mijn Leerlingen shows every class of
-- the school with its number of students (issue 15).  Counting them read
-- every student of the school on each page (2,500 index entries, about
-- 0.8 ms at a big school, the page's dearest statement); now a row per
-- class holds the number, kept by the server on every path that writes
-- accounts (imports, pages, dddctl, the seed, SQL by hand), in the same
-- transaction as the change:
--  class_size_insert      a new student adds one to their class;
--  class_size_delete      a removed student takes one off;
--  class_size_leave/join  a change of class, role or school moves one
--                         (also a change of spelling only, '4havo' to
--                         '4HAVO': the row then shows the newest).
-- A class whose last student left keeps its row at 0; the page reads only
-- rows above 0.  Students without a class count under klas ''.
-- Counters, unlike 0027's counts: exact because every change of the rows
-- they count passes a trigger (no account row is removed by a foreign
-- key's cascade, which fires no trigger), checked against a count of the
-- accounts by tests/integration/t_dash_counts.py after each kind of
-- change.  The triggers come first and the count last, as an upsert that
-- sets the number: old workers may write accounts while this runs (a
-- rolling upgrade); a write before the count is in it, one after it waits
-- for the count's locks and then adds itself.
-- up
CREATE TABLE class_size (
  tenant_id BIGINT UNSIGNED NOT NULL,
  klas VARCHAR(20) NOT NULL COMMENT 'account.klas; empty for none',
  students INT NOT NULL,
  PRIMARY KEY (tenant_id, klas)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TRIGGER class_size_insert AFTER INSERT ON account FOR EACH ROW
INSERT INTO class_size (tenant_id, klas, students) SELECT NEW.tenant_id, COALESCE(NEW.klas, ''), 1 FROM DUAL WHERE NEW.role = 'leerling' ON DUPLICATE KEY UPDATE students = students + 1, klas = VALUES(klas);
CREATE TRIGGER class_size_delete AFTER DELETE ON account FOR EACH ROW
UPDATE class_size SET students = students - 1 WHERE OLD.role = 'leerling' AND tenant_id = OLD.tenant_id AND klas = COALESCE(OLD.klas, '');
CREATE TRIGGER class_size_leave AFTER UPDATE ON account FOR EACH ROW
UPDATE class_size SET students = students - 1 WHERE OLD.role = 'leerling' AND NOT (BINARY OLD.klas <=> BINARY NEW.klas AND OLD.role <=> NEW.role AND OLD.tenant_id <=> NEW.tenant_id) AND tenant_id = OLD.tenant_id AND klas = COALESCE(OLD.klas, '');
CREATE TRIGGER class_size_join AFTER UPDATE ON account FOR EACH ROW FOLLOWS class_size_leave
INSERT INTO class_size (tenant_id, klas, students) SELECT NEW.tenant_id, COALESCE(NEW.klas, ''), 1 FROM DUAL WHERE NEW.role = 'leerling' AND NOT (BINARY OLD.klas <=> BINARY NEW.klas AND OLD.role <=> NEW.role AND OLD.tenant_id <=> NEW.tenant_id) ON DUPLICATE KEY UPDATE students = students + 1, klas = VALUES(klas);
INSERT INTO class_size (tenant_id, klas, students) SELECT tenant_id, COALESCE(klas, ''), COUNT(*) FROM account WHERE role = 'leerling' GROUP BY tenant_id, COALESCE(klas, '') ON DUPLICATE KEY UPDATE students = VALUES(students);
-- down
DROP TABLE class_size;
DROP TRIGGER class_size_insert;
DROP TRIGGER class_size_delete;
DROP TRIGGER class_size_leave;
DROP TRIGGER class_size_join;
DO 0;
