-- Deadline reminders sent: one per dossier, phase and deadline, so a
-- reminder goes out once however often the reminder run goes.
-- up
CREATE TABLE reminder (
  dossier_id BIGINT UNSIGNED NOT NULL,
  phase VARCHAR(10) NOT NULL,
  deadline DATE NOT NULL,
  tenant_id BIGINT UNSIGNED NOT NULL,
  sent_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (dossier_id, phase, deadline),
  CONSTRAINT reminder_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
-- down
DROP TABLE reminder;
