-- The decaan's dashboard counts the school's dossiers per class and phase,
-- per MBO status and per number of days to the college's first status
-- (issue 15).  Counting them read every dossier of the school on each view
-- (2,000 index entries and two temporary tables at a big school, 2.3 ms of
-- the database's time, the page's dearest part); now counters hold them,
-- kept by the server on every path that writes dossiers (pages, dddctl,
-- the seed, SQL by hand), in the same transaction as the change:
--  dossier_tally          a dossier that is not archived, per class and
--                         phase (dossier.klas, kept by 0027's triggers);
--  afgerond_tally         an afgerond dossier that is not archived, per
--                         MBO status ('' for none) and days from 'Nieuw
--                         dossier' to the college's first status (-1: not
--                         yet received).
-- Each has an insert, a delete, and a pair on update that moves one from
-- the old key to the new when the key changes (phase, class, archive, MBO
-- status, received): a save, which changes none of them, touches no row.
-- The pair takes the lower key first (_first), then the higher (_second),
-- whichever of them is the old: two transitions the other way round in
-- one class (deel A sent in while another's deel B is sent back) lock
-- the same two rows in the same order and wait rather than deadlock.  A
-- key whose last dossier left keeps its row at 0; the page reads rows
-- other than 0.  No dossier row is removed by a
-- foreign key's cascade (which fires no trigger).  As in 0035 the triggers
-- come first and the count last, as an upsert that sets the number.
-- tests/integration/t_dash_counts.py compares both with a count of the
-- dossiers after each kind of change.
-- up
CREATE TABLE dossier_tally (
  tenant_id BIGINT UNSIGNED NOT NULL,
  klas VARCHAR(20) NOT NULL COMMENT 'dossier.klas; empty for none',
  phase ENUM('deel_a', 'deel_b', 'akkoord', 'afgerond') NOT NULL,
  dossiers INT NOT NULL,
  PRIMARY KEY (tenant_id, klas, phase)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE afgerond_tally (
  tenant_id BIGINT UNSIGNED NOT NULL,
  mbo_status VARCHAR(32) NOT NULL COMMENT 'dossier.mbo_status; empty for none',
  days INT NOT NULL COMMENT 'DATEDIFF(mbo_received_at, created_at); -1 for not received',
  dossiers INT NOT NULL,
  PRIMARY KEY (tenant_id, mbo_status, days)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TRIGGER dossier_tally_insert AFTER INSERT ON dossier FOR EACH ROW
INSERT INTO dossier_tally (tenant_id, klas, phase, dossiers) SELECT NEW.tenant_id, COALESCE(NEW.klas, ''), NEW.phase, 1 FROM DUAL WHERE NEW.archived = 0 ON DUPLICATE KEY UPDATE dossiers = dossiers + VALUES(dossiers), klas = IF(VALUES(dossiers) > 0, VALUES(klas), klas);
CREATE TRIGGER dossier_tally_delete AFTER DELETE ON dossier FOR EACH ROW
UPDATE dossier_tally SET dossiers = dossiers - 1 WHERE OLD.archived = 0 AND tenant_id = OLD.tenant_id AND klas = COALESCE(OLD.klas, '') AND phase = OLD.phase;
CREATE TRIGGER dossier_tally_first AFTER UPDATE ON dossier FOR EACH ROW
INSERT INTO dossier_tally (tenant_id, klas, phase, dossiers) SELECT IF((OLD.tenant_id, COALESCE(OLD.klas, ''), OLD.phase + 0) <= (NEW.tenant_id, COALESCE(NEW.klas, ''), NEW.phase + 0), OLD.tenant_id, NEW.tenant_id), IF((OLD.tenant_id, COALESCE(OLD.klas, ''), OLD.phase + 0) <= (NEW.tenant_id, COALESCE(NEW.klas, ''), NEW.phase + 0), COALESCE(OLD.klas, ''), COALESCE(NEW.klas, '')), IF((OLD.tenant_id, COALESCE(OLD.klas, ''), OLD.phase + 0) <= (NEW.tenant_id, COALESCE(NEW.klas, ''), NEW.phase + 0), OLD.phase, NEW.phase), IF((OLD.tenant_id, COALESCE(OLD.klas, ''), OLD.phase + 0) <= (NEW.tenant_id, COALESCE(NEW.klas, ''), NEW.phase + 0), -1, 1) FROM DUAL WHERE NOT (OLD.tenant_id <=> NEW.tenant_id AND BINARY OLD.klas <=> BINARY NEW.klas AND OLD.phase <=> NEW.phase AND OLD.archived <=> NEW.archived) AND (IF((OLD.tenant_id, COALESCE(OLD.klas, ''), OLD.phase + 0) <= (NEW.tenant_id, COALESCE(NEW.klas, ''), NEW.phase + 0), OLD.archived = 0, NEW.archived = 0)) ON DUPLICATE KEY UPDATE dossiers = dossiers + VALUES(dossiers), klas = IF(VALUES(dossiers) > 0, VALUES(klas), klas);
CREATE TRIGGER dossier_tally_second AFTER UPDATE ON dossier FOR EACH ROW FOLLOWS dossier_tally_first
INSERT INTO dossier_tally (tenant_id, klas, phase, dossiers) SELECT IF((OLD.tenant_id, COALESCE(OLD.klas, ''), OLD.phase + 0) <= (NEW.tenant_id, COALESCE(NEW.klas, ''), NEW.phase + 0), NEW.tenant_id, OLD.tenant_id), IF((OLD.tenant_id, COALESCE(OLD.klas, ''), OLD.phase + 0) <= (NEW.tenant_id, COALESCE(NEW.klas, ''), NEW.phase + 0), COALESCE(NEW.klas, ''), COALESCE(OLD.klas, '')), IF((OLD.tenant_id, COALESCE(OLD.klas, ''), OLD.phase + 0) <= (NEW.tenant_id, COALESCE(NEW.klas, ''), NEW.phase + 0), NEW.phase, OLD.phase), IF((OLD.tenant_id, COALESCE(OLD.klas, ''), OLD.phase + 0) <= (NEW.tenant_id, COALESCE(NEW.klas, ''), NEW.phase + 0), 1, -1) FROM DUAL WHERE NOT (OLD.tenant_id <=> NEW.tenant_id AND BINARY OLD.klas <=> BINARY NEW.klas AND OLD.phase <=> NEW.phase AND OLD.archived <=> NEW.archived) AND (IF((OLD.tenant_id, COALESCE(OLD.klas, ''), OLD.phase + 0) <= (NEW.tenant_id, COALESCE(NEW.klas, ''), NEW.phase + 0), NEW.archived = 0, OLD.archived = 0)) ON DUPLICATE KEY UPDATE dossiers = dossiers + VALUES(dossiers), klas = IF(VALUES(dossiers) > 0, VALUES(klas), klas);
CREATE TRIGGER afgerond_tally_insert AFTER INSERT ON dossier FOR EACH ROW FOLLOWS dossier_tally_insert
INSERT INTO afgerond_tally (tenant_id, mbo_status, days, dossiers) SELECT NEW.tenant_id, COALESCE(NEW.mbo_status, ''), COALESCE(DATEDIFF(NEW.mbo_received_at, NEW.created_at), -1), 1 FROM DUAL WHERE NEW.archived = 0 AND NEW.phase = 'afgerond' ON DUPLICATE KEY UPDATE dossiers = dossiers + VALUES(dossiers);
CREATE TRIGGER afgerond_tally_delete AFTER DELETE ON dossier FOR EACH ROW FOLLOWS dossier_tally_delete
UPDATE afgerond_tally SET dossiers = dossiers - 1 WHERE OLD.archived = 0 AND OLD.phase = 'afgerond' AND tenant_id = OLD.tenant_id AND mbo_status = COALESCE(OLD.mbo_status, '') AND days = COALESCE(DATEDIFF(OLD.mbo_received_at, OLD.created_at), -1);
CREATE TRIGGER afgerond_tally_first AFTER UPDATE ON dossier FOR EACH ROW FOLLOWS dossier_tally_second
INSERT INTO afgerond_tally (tenant_id, mbo_status, days, dossiers) SELECT IF((OLD.tenant_id, COALESCE(OLD.mbo_status, ''), COALESCE(DATEDIFF(OLD.mbo_received_at, OLD.created_at), -1)) <= (NEW.tenant_id, COALESCE(NEW.mbo_status, ''), COALESCE(DATEDIFF(NEW.mbo_received_at, NEW.created_at), -1)), OLD.tenant_id, NEW.tenant_id), IF((OLD.tenant_id, COALESCE(OLD.mbo_status, ''), COALESCE(DATEDIFF(OLD.mbo_received_at, OLD.created_at), -1)) <= (NEW.tenant_id, COALESCE(NEW.mbo_status, ''), COALESCE(DATEDIFF(NEW.mbo_received_at, NEW.created_at), -1)), COALESCE(OLD.mbo_status, ''), COALESCE(NEW.mbo_status, '')), IF((OLD.tenant_id, COALESCE(OLD.mbo_status, ''), COALESCE(DATEDIFF(OLD.mbo_received_at, OLD.created_at), -1)) <= (NEW.tenant_id, COALESCE(NEW.mbo_status, ''), COALESCE(DATEDIFF(NEW.mbo_received_at, NEW.created_at), -1)), COALESCE(DATEDIFF(OLD.mbo_received_at, OLD.created_at), -1), COALESCE(DATEDIFF(NEW.mbo_received_at, NEW.created_at), -1)), IF((OLD.tenant_id, COALESCE(OLD.mbo_status, ''), COALESCE(DATEDIFF(OLD.mbo_received_at, OLD.created_at), -1)) <= (NEW.tenant_id, COALESCE(NEW.mbo_status, ''), COALESCE(DATEDIFF(NEW.mbo_received_at, NEW.created_at), -1)), -1, 1) FROM DUAL WHERE NOT (OLD.tenant_id <=> NEW.tenant_id AND OLD.phase <=> NEW.phase AND OLD.archived <=> NEW.archived AND OLD.mbo_status <=> NEW.mbo_status AND DATEDIFF(OLD.mbo_received_at, OLD.created_at) <=> DATEDIFF(NEW.mbo_received_at, NEW.created_at)) AND (IF((OLD.tenant_id, COALESCE(OLD.mbo_status, ''), COALESCE(DATEDIFF(OLD.mbo_received_at, OLD.created_at), -1)) <= (NEW.tenant_id, COALESCE(NEW.mbo_status, ''), COALESCE(DATEDIFF(NEW.mbo_received_at, NEW.created_at), -1)), OLD.archived = 0 AND OLD.phase = 'afgerond', NEW.archived = 0 AND NEW.phase = 'afgerond')) ON DUPLICATE KEY UPDATE dossiers = dossiers + VALUES(dossiers);
CREATE TRIGGER afgerond_tally_second AFTER UPDATE ON dossier FOR EACH ROW FOLLOWS afgerond_tally_first
INSERT INTO afgerond_tally (tenant_id, mbo_status, days, dossiers) SELECT IF((OLD.tenant_id, COALESCE(OLD.mbo_status, ''), COALESCE(DATEDIFF(OLD.mbo_received_at, OLD.created_at), -1)) <= (NEW.tenant_id, COALESCE(NEW.mbo_status, ''), COALESCE(DATEDIFF(NEW.mbo_received_at, NEW.created_at), -1)), NEW.tenant_id, OLD.tenant_id), IF((OLD.tenant_id, COALESCE(OLD.mbo_status, ''), COALESCE(DATEDIFF(OLD.mbo_received_at, OLD.created_at), -1)) <= (NEW.tenant_id, COALESCE(NEW.mbo_status, ''), COALESCE(DATEDIFF(NEW.mbo_received_at, NEW.created_at), -1)), COALESCE(NEW.mbo_status, ''), COALESCE(OLD.mbo_status, '')), IF((OLD.tenant_id, COALESCE(OLD.mbo_status, ''), COALESCE(DATEDIFF(OLD.mbo_received_at, OLD.created_at), -1)) <= (NEW.tenant_id, COALESCE(NEW.mbo_status, ''), COALESCE(DATEDIFF(NEW.mbo_received_at, NEW.created_at), -1)), COALESCE(DATEDIFF(NEW.mbo_received_at, NEW.created_at), -1), COALESCE(DATEDIFF(OLD.mbo_received_at, OLD.created_at), -1)), IF((OLD.tenant_id, COALESCE(OLD.mbo_status, ''), COALESCE(DATEDIFF(OLD.mbo_received_at, OLD.created_at), -1)) <= (NEW.tenant_id, COALESCE(NEW.mbo_status, ''), COALESCE(DATEDIFF(NEW.mbo_received_at, NEW.created_at), -1)), 1, -1) FROM DUAL WHERE NOT (OLD.tenant_id <=> NEW.tenant_id AND OLD.phase <=> NEW.phase AND OLD.archived <=> NEW.archived AND OLD.mbo_status <=> NEW.mbo_status AND DATEDIFF(OLD.mbo_received_at, OLD.created_at) <=> DATEDIFF(NEW.mbo_received_at, NEW.created_at)) AND (IF((OLD.tenant_id, COALESCE(OLD.mbo_status, ''), COALESCE(DATEDIFF(OLD.mbo_received_at, OLD.created_at), -1)) <= (NEW.tenant_id, COALESCE(NEW.mbo_status, ''), COALESCE(DATEDIFF(NEW.mbo_received_at, NEW.created_at), -1)), NEW.archived = 0 AND NEW.phase = 'afgerond', OLD.archived = 0 AND OLD.phase = 'afgerond')) ON DUPLICATE KEY UPDATE dossiers = dossiers + VALUES(dossiers);
INSERT INTO dossier_tally (tenant_id, klas, phase, dossiers) SELECT tenant_id, COALESCE(klas, ''), phase, COUNT(*) FROM dossier WHERE archived = 0 GROUP BY tenant_id, COALESCE(klas, ''), phase ON DUPLICATE KEY UPDATE dossiers = VALUES(dossiers);
INSERT INTO afgerond_tally (tenant_id, mbo_status, days, dossiers) SELECT tenant_id, COALESCE(mbo_status, ''), COALESCE(DATEDIFF(mbo_received_at, created_at), -1), COUNT(*) FROM dossier WHERE archived = 0 AND phase = 'afgerond' GROUP BY 1, 2, 3 ON DUPLICATE KEY UPDATE dossiers = VALUES(dossiers);
-- down
DROP TABLE dossier_tally;
DROP TABLE afgerond_tally;
DROP TRIGGER dossier_tally_insert;
DROP TRIGGER dossier_tally_delete;
DROP TRIGGER dossier_tally_first;
DROP TRIGGER dossier_tally_second;
DROP TRIGGER afgerond_tally_insert;
DROP TRIGGER afgerond_tally_delete;
DROP TRIGGER afgerond_tally_first;
DROP TRIGGER afgerond_tally_second;
DO 0;
DO 0;
