-- Indexes for the statements per role (issue 15: a page's cost is what it
-- shows, not the number of schools), tenant first; tests/integration/
-- t_plans.py checks every statement's plan against them.
--  dossier_phase  the decaan's dashboard counts without reading a row:
--                 per phase, per MBO status, the days to the college's
--                 first status (covering).
--  dossier_list   'Dossiers in deel B' in its order, a page at a time.
--  dossier_created_by  a mentor's dossiers: the ones they started.
--  dossier_student  a student's dossiers with phase and archive flag
--                 (covering: the dashboard per class).
--  dossier_mbo    a college's afgeronde dossiers newest first, a page at
--                 a time (phase_at: when it became afgerond).
--  account_list   Mijn Leerlingen in its order (klas, name), a class or
--                 the school a page at a time; the class counts.
--  mentor_class_mentor  a mentor's classes, tenant first.
-- up
ALTER TABLE dossier DROP KEY dossier_phase, ADD KEY dossier_phase (tenant_id, archived, phase, mbo_status, mbo_received_at, created_at), ADD KEY dossier_list (tenant_id, archived, phase, updated_at), ADD KEY dossier_created_by (tenant_id, created_by), DROP KEY dossier_student, ADD KEY dossier_student (tenant_id, student_id, archived, phase), DROP KEY dossier_mbo, ADD KEY dossier_mbo (mbo_tenant_id, phase, phase_at);
ALTER TABLE account ADD KEY account_list (tenant_id, role, klas, achternaam, roepnaam);
ALTER TABLE mentor_class ADD KEY mentor_class_mentor (tenant_id, account_id, klas);
-- down
ALTER TABLE dossier DROP KEY dossier_phase, ADD KEY dossier_phase (tenant_id, archived, phase), DROP KEY dossier_list, DROP KEY dossier_created_by, DROP KEY dossier_student, ADD KEY dossier_student (tenant_id, student_id), DROP KEY dossier_mbo, ADD KEY dossier_mbo (mbo_tenant_id, phase);
ALTER TABLE account DROP KEY account_list;
ALTER TABLE mentor_class DROP KEY mentor_class_mentor;
