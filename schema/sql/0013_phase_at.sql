-- When a dossier entered its phase, kept on the row: Mijn Leerlingen
-- shows 'N dagen' in the akkoordverklaring and 'aansporen' for every
-- dossier of a school, which was a subquery over the history per dossier
-- (bench/mixed: 10,000 dossiers).  Set by every phase change
-- (STMT_DOSSIER_SET_PHASE); filled from the history here.
-- up
ALTER TABLE dossier ADD COLUMN phase_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT 'when it entered its phase';
UPDATE dossier d SET d.phase_at = COALESCE((SELECT MAX(e.at) FROM dossier_event e WHERE e.dossier_id = d.id AND e.phase_to = d.phase), d.created_at);
-- down
ALTER TABLE dossier DROP COLUMN phase_at;
DO 0;
