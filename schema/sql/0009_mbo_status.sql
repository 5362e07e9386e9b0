-- Where the student stands at the MBO: set by a user of the chosen,
-- participating college once the dossier is afgerond, shown to the school
-- (Mijn Leerlingen, dashboard).  mbo_received_at is the first time the
-- college set any status: the dossier reached it (the regions track the
-- days from 'Nieuw dossier' to then).  Every change is also a history
-- event.
-- up
ALTER TABLE dossier ADD COLUMN mbo_status ENUM('ontvangen', 'intake_gepland', 'intake_gehad', 'onderwijsovereenkomst', 'geplaatst', 'niet_geplaatst') NULL COMMENT 'set by the MBO';
ALTER TABLE dossier ADD COLUMN mbo_status_reden VARCHAR(500) NULL COMMENT 'why niet geplaatst, for the decaan';
ALTER TABLE dossier ADD COLUMN mbo_status_at DATETIME NULL;
ALTER TABLE dossier ADD COLUMN mbo_received_at DATETIME NULL COMMENT 'first status set by the MBO';
-- down
ALTER TABLE dossier DROP COLUMN mbo_status;
ALTER TABLE dossier DROP COLUMN mbo_status_reden;
ALTER TABLE dossier DROP COLUMN mbo_status_at;
ALTER TABLE dossier DROP COLUMN mbo_received_at;
