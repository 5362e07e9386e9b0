-- Which schools log in through their federation (issue 18): the label of
-- the <sso> button, copied from the tenant file by `dddctl tenant load`,
-- so the log-in page knows which schools to offer it for with one read
-- of the tenant table.  NULL: the school has no <sso>.
-- up
ALTER TABLE tenant ADD COLUMN sso_label VARCHAR(100) NULL COMMENT 'the <sso> button; NULL: password only';
-- down
ALTER TABLE tenant DROP COLUMN sso_label;
