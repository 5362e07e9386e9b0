-- The decaan's view of what the access log keeps of students who are gone
-- (pseudonymised rows, STMT_AUDIT_ACCESS_GONE) reads one school's such rows
-- through an index instead of every row of the school (t_plans.py).
-- up
ALTER TABLE access_log ADD KEY access_gone (tenant_id, pseudonym, id);
-- down
ALTER TABLE access_log DROP KEY access_gone;
