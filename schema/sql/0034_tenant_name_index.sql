-- The log-in page's school chooser reads the first schools in the list's
-- order (kind, then name) from this index, so its cost does not grow with
-- the number of schools on the instance (issue 15).
-- up
ALTER TABLE tenant ADD KEY tenant_kind_name (kind, name);
-- down
ALTER TABLE tenant DROP KEY tenant_kind_name;
