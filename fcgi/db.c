#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errmsg.h>
#include <mysqld_error.h>

#include "db.h"
#include "log.h"
#include "metrics.h"

#define DB_MAX_COLS	64

/* Who a mentor sees (fcgi/visibility.c, vis_scope) as a derived table of
 * ids, each part one indexed read: the students of the classes they
 * mentor, and those with a dossier they were chosen for or started.
 * Parameters: tenant and the mentor's account id, three times.  The
 * decaan's statements read the school by tenant alone. */
#define MENTOR_STUDENTS \
	"(SELECT a.id FROM mentor_class mc JOIN account a ON " \
	"a.tenant_id = mc.tenant_id AND a.role = 'leerling' AND " \
	"a.klas = mc.klas WHERE mc.tenant_id = ? AND mc.account_id = ? " \
	"UNION SELECT student_id FROM dossier WHERE tenant_id = ? AND " \
	"mentor_id = ? UNION SELECT student_id FROM dossier WHERE " \
	"tenant_id = ? AND created_by = ?)"
/* The dossiers a mentor sees: of those classes' students, chosen for,
 * started.  Parameters as MENTOR_STUDENTS. */
#define MENTOR_DOSSIERS \
	"(SELECT d.id FROM mentor_class mc JOIN account a ON " \
	"a.tenant_id = mc.tenant_id AND a.klas = mc.klas JOIN dossier d ON " \
	"d.tenant_id = a.tenant_id AND d.student_id = a.id WHERE " \
	"mc.tenant_id = ? AND mc.account_id = ? UNION SELECT id FROM " \
	"dossier WHERE tenant_id = ? AND mentor_id = ? UNION SELECT id " \
	"FROM dossier WHERE tenant_id = ? AND created_by = ?)"
/* Within it: parameters klas twice ('' for all) and the search twice
 * ('' for none, else a LIKE pattern on the name and leerlingnummer). */
#define MY_STUDENTS_FILTER \
	"(? = '' OR s.klas = ?) AND (? = '' OR CONCAT(s.roepnaam, ' ', " \
	"IF(s.tussenvoegsel = '', '', CONCAT(s.tussenvoegsel, ' ')), " \
	"s.achternaam, ' ', s.login) LIKE ?)"
/* Mijn Leerlingen, one page: the students of 'scope' (a FROM with account
 * s) in the filter, in class and name order, LIMIT ? OFFSET ?, each with
 * its dossiers (none: one row with NULLs), then the tenant once more. */
#define MY_STUDENTS_PAGE(scope) \
	"SELECT p.id, p.login, p.roepnaam, p.tussenvoegsel, p.achternaam, " \
	"p.klas, d.id AS dossier_id, d.phase, d.archived, d.version, " \
	"COALESCE(t.name, '') AS mbo_name, " \
	"TIMESTAMPDIFF(DAY, d.phase_at, NOW()) AS days_in_phase, " \
	"COALESCE(d.mbo_status, '') AS mbo_status, " \
	"COALESCE(d.mbo_status_reden, '') AS mbo_status_reden FROM " \
	"(SELECT s.id, s.login, s.roepnaam, s.tussenvoegsel, s.achternaam, " \
	"COALESCE(s.klas, '') AS klas FROM " scope " AND s.role = " \
	"'leerling' AND " MY_STUDENTS_FILTER " ORDER BY s.klas, " \
	"s.achternaam, s.roepnaam, s.id LIMIT ? OFFSET ?) p LEFT JOIN " \
	"dossier d ON d.tenant_id = ? AND d.student_id = p.id LEFT JOIN " \
	"tenant t ON t.id = d.mbo_tenant_id ORDER BY p.klas, p.achternaam, " \
	"p.roepnaam, p.id, d.id"
#define MY_STUDENTS_COLS \
	COLS("id", "login", "roepnaam", "tussenvoegsel", "achternaam", \
	"klas", "dossier_id", "phase", "archived", "version", "mbo_name", \
	"days_in_phase", "mbo_status", "mbo_status_reden")
/* 'Dossiers in deel B', one page, oldest change first: parameters the
 * scope's, then LIMIT and OFFSET. */
#define DEEL_B_PAGE(from, where) \
	"SELECT d.id, d.version, d.updated_at, s.roepnaam, s.tussenvoegsel, " \
	"s.achternaam, COALESCE(s.klas, '') AS klas, " \
	"COALESCE(t.name, '') AS mbo_name, " \
	"COALESCE(CONCAT_WS(' ', me.roepnaam, NULLIF(me.tussenvoegsel, ''), " \
	"me.achternaam), '') AS mentor_name FROM " from " " \
	"JOIN account s ON s.id = d.student_id AND s.tenant_id = d.tenant_id " \
	"LEFT JOIN tenant t ON t.id = d.mbo_tenant_id " \
	"LEFT JOIN account me ON me.id = d.mentor_id AND " \
	"me.tenant_id = d.tenant_id WHERE " where " AND d.archived = 0 AND " \
	"d.phase = 'deel_b' ORDER BY d.updated_at, d.id LIMIT ? OFFSET ?"
#define DEEL_B_COLS \
	COLS("id", "version", "updated_at", "roepnaam", "tussenvoegsel", \
	"achternaam", "klas", "mbo_name", "mentor_name")
/* Their rows, the mentor's ids first (STRAIGHT_JOIN: left to itself the
 * optimizer may read the school's afgeronde dossiers and match them). */
#define MENTOR_DOSSIER_ROWS \
	MENTOR_DOSSIERS " m STRAIGHT_JOIN dossier d ON d.id = m.id AND " \
	"d.tenant_id = ?"

/* Every statement the program runs.  'readonly' statements may be retried
 * once after a lost connection, since running them twice changes nothing.
 * 'cols' names the result columns as the server names them (an
 * expression has an alias): db_connect checks them against the prepared
 * statement's metadata, and DB_COL reads a cell by them. */
#define COLS(...)	((const char *const []){ __VA_ARGS__, NULL })
static const char *const no_cols[] = { NULL };

static const struct {
	const char	*name;
	const char	*sql;
	int		 readonly;
	const char *const *cols;	/* NULL: no result rows */
} stmts[STMT__MAX] = {
	[STMT_PING] = { "ping", "SELECT 1 AS one", 1,
	    COLS("one") },
	[STMT_SCHEMA_VERSION] = { "schema_version",
	    "SELECT COALESCE(MAX(version), 0) AS version FROM "
	    "schema_version", 1,
	    COLS("version") },
	[STMT_TENANT_BY_SLUG] = { "tenant_by_slug",
	    "SELECT id, kind, name FROM tenant WHERE slug = ?", 1,
	    COLS("id", "kind", "name") },
	[STMT_ACCOUNT_BY_LOGIN] = { "account_by_login",
	    "SELECT id, role, password_hash, email, roepnaam, tussenvoegsel, "
	    "achternaam FROM account WHERE tenant_id = ? AND login = ?", 1,
	    COLS("id", "role", "password_hash", "email", "roepnaam",
	    "tussenvoegsel", "achternaam") },
	[STMT_ACCOUNT_GET] = { "account_get",
	    "SELECT role, roepnaam, tussenvoegsel, achternaam, email, klas, "
	    "ddd_activated_at IS NOT NULL AS ddd_active, bsn_sealed FROM "
	    "account WHERE id = ? AND tenant_id = ?", 1,
	    COLS("role", "roepnaam", "tussenvoegsel", "achternaam", "email",
	    "klas", "ddd_active", "bsn_sealed") },
	[STMT_ACCOUNT_SET_HASH] = { "account_set_hash",
	    "UPDATE account SET password_hash = ? WHERE id = ? AND "
	    "tenant_id = ?", 0 },
	[STMT_ACCOUNT_SET_PASSWORD] = { "account_set_password",
	    "UPDATE account SET password_hash = ?, activated_at = "
	    "COALESCE(activated_at, NOW()) WHERE id = ? AND tenant_id = ?", 0 },
	[STMT_ACCOUNT_DDD_ACTIVATE] = { "account_ddd_activate",
	    "UPDATE account SET ddd_activated_at = COALESCE(ddd_activated_at, "
	    "NOW()) WHERE id = ? AND tenant_id = ? AND role = 'leerling' "
	    "AND bsn_sealed IS NOT NULL", 0 },
	[STMT_ACCOUNT_SET_BSN] = { "account_set_bsn",
	    "UPDATE account SET bsn_sealed = ?, bsn_lookup = ?, "
	    "ddd_activated_at = COALESCE(ddd_activated_at, NOW()) "
	    "WHERE id = ? AND tenant_id = ? AND role = 'leerling' AND "
	    "bsn_sealed IS NULL", 0 },
	[STMT_ACCOUNT_BY_BSN] = { "account_by_bsn",
	    "SELECT id FROM account WHERE tenant_id = ? AND bsn_lookup = ?", 1,
	    COLS("id") },
	[STMT_SESSION_INSERT] = { "session_insert",
	    "INSERT INTO session (token_hash, account_id, tenant_id) "
	    "VALUES (?, ?, ?)", 0 },
	/* Idle and absolute expiry are checked here, so an expired row is
	 * never a session even before the purge removes it. */
	[STMT_SESSION_GET] = { "session_get",
	    "SELECT s.account_id, s.tenant_id, a.role, a.roepnaam, "
	    "a.tussenvoegsel, a.achternaam, t.slug AS tenant_slug, "
	    "t.name AS tenant_name, t.kind AS tenant_kind, "
	    "t.config_version, "
	    "TIMESTAMPDIFF(SECOND, s.last_seen_at, NOW()) AS idle_seconds "
	    "FROM session s JOIN account a ON a.id = s.account_id AND "
	    "a.tenant_id = s.tenant_id JOIN tenant t ON t.id = s.tenant_id "
	    "WHERE s.token_hash = ? AND "
	    "s.last_seen_at > NOW() - INTERVAL ? SECOND AND "
	    "s.created_at > NOW() - INTERVAL ? SECOND", 1,
	    COLS("account_id", "tenant_id", "role", "roepnaam",
	    "tussenvoegsel", "achternaam", "tenant_slug", "tenant_name",
	    "tenant_kind", "config_version", "idle_seconds") },
	[STMT_SESSION_TOUCH] = { "session_touch",
	    "UPDATE session SET last_seen_at = NOW() WHERE token_hash = ?", 0 },
	[STMT_SESSION_DELETE] = { "session_delete",
	    "DELETE FROM session WHERE token_hash = ?", 0 },
	[STMT_SESSION_DELETE_ACCOUNT] = { "session_delete_account",
	    "DELETE FROM session WHERE account_id = ? AND tenant_id = ?", 0 },
	[STMT_SESSION_PURGE] = { "session_purge",
	    "DELETE FROM session WHERE account_id = ? AND (last_seen_at < "
	    "NOW() - INTERVAL ? SECOND OR created_at < NOW() - INTERVAL ? "
	    "SECOND)", 0 },
	[STMT_THROTTLE_GET] = { "throttle_get",
	    "SELECT CEIL(TIMESTAMPDIFF(SECOND, NOW(), locked_until) / 60) "
	    "AS minutes "
	    "FROM login_throttle WHERE scope = ? AND locked_until > NOW()", 1,
	    COLS("minutes") },
	/* Assignments run left to right and see the new failures count.
	 * A first failure locks at once when the maximum is 1. */
	[STMT_THROTTLE_FAIL] = { "throttle_fail",
	    "INSERT INTO login_throttle (scope, failures, window_start, "
	    "locked_until) VALUES (?, 1, NOW(), IF(? <= 1, NOW() + "
	    "INTERVAL ? SECOND, NULL)) ON DUPLICATE KEY UPDATE "
	    "failures = IF(window_start < NOW() - INTERVAL ? SECOND, 1, "
	    "failures + 1), "
	    "window_start = IF(failures = 1, NOW(), window_start), "
	    "locked_until = IF(failures >= ?, NOW() + INTERVAL ? SECOND, "
	    "NULL)", 0 },
	[STMT_THROTTLE_CLEAR] = { "throttle_clear",
	    "DELETE FROM login_throttle WHERE scope = ?", 0 },
	[STMT_ACTIVATION_GET] = { "activation_get",
	    "SELECT a.account_id, a.tenant_id, acc.roepnaam, "
	    "t.name AS tenant_name, "
	    "acc.role, acc.login FROM activation a JOIN account acc ON "
	    "acc.id = a.account_id AND acc.tenant_id = a.tenant_id "
	    "JOIN tenant t ON t.id = a.tenant_id WHERE a.token_hash = ? AND "
	    "a.used_at IS NULL AND a.expires_at > NOW()", 1,
	    COLS("account_id", "tenant_id", "roepnaam", "tenant_name", "role",
	    "login") },
	[STMT_ACTIVATION_LOCK] = { "activation_lock",
	    "SELECT account_id, tenant_id FROM activation WHERE "
	    "token_hash = ? AND used_at IS NULL AND expires_at > NOW() "
	    "FOR UPDATE", 0,
	    COLS("account_id", "tenant_id") },
	[STMT_ACTIVATION_USE_ALL] = { "activation_use_all",
	    "UPDATE activation SET used_at = NOW() WHERE account_id = ? AND "
	    "tenant_id = ? AND used_at IS NULL", 0 },
	[STMT_OUTBOX_INSERT] = { "outbox_insert",
	    "INSERT INTO outbox (tenant_id, account_id, kind, to_addr, "
	    "to_name, subject, body_xml, document_id) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?)", 0 },
	[STMT_TENANT_KEY_LATEST] = { "tenant_key_latest",
	    "SELECT version, wrapped FROM tenant_key WHERE tenant_id = ? "
	    "ORDER BY version DESC LIMIT 1", 1,
	    COLS("version", "wrapped") },
	[STMT_TENANT_KEY_GET] = { "tenant_key_get",
	    "SELECT wrapped FROM tenant_key WHERE tenant_id = ? AND "
	    "version = ?", 1,
	    COLS("wrapped") },
	[STMT_TENANT_KEY_INSERT] = { "tenant_key_insert",
	    "INSERT IGNORE INTO tenant_key (tenant_id, version, wrapped) "
	    "VALUES (?, ?, ?)", 0 },
	[STMT_STUDENT_LOCK] = { "student_lock",
	    "SELECT id, role, bsn_lookup FROM account WHERE tenant_id = ? AND "
	    "login = ? FOR UPDATE", 0,
	    COLS("id", "role", "bsn_lookup") },
	[STMT_STUDENT_INSERT] = { "student_insert",
	    "INSERT INTO account (tenant_id, role, login, email, roepnaam, "
	    "tussenvoegsel, achternaam, geboortedatum, klas, leerjaar) "
	    "VALUES (?, 'leerling', ?, NULLIF(?, ''), ?, ?, ?, ?, ?, ?)", 0 },
	/* A known student keeps account, password and activation; the list
	 * updates the rest (an empty e-mail keeps the one we have). */
	[STMT_STUDENT_UPDATE] = { "student_update",
	    "UPDATE account SET email = COALESCE(NULLIF(?, ''), email), "
	    "roepnaam = ?, tussenvoegsel = ?, achternaam = ?, "
	    "geboortedatum = ?, klas = ?, leerjaar = ? "
	    "WHERE id = ? AND tenant_id = ? AND role = 'leerling'", 0 },
	[STMT_STUDENT_SET_BSN] = { "student_set_bsn",
	    "UPDATE account SET bsn_sealed = ?, bsn_lookup = ? WHERE id = ? "
	    "AND tenant_id = ? AND role = 'leerling' AND bsn_sealed IS NULL",
	    0 },
	[STMT_ACCOUNT_SET_PASSWORD_LOGIN] = { "account_set_password_login",
	    "UPDATE account SET password_hash = ?, activated_at = "
	    "COALESCE(activated_at, NOW()) WHERE tenant_id = ? AND login = ?",
	    0 },
	/* Classes: those of the students, and those only a mentor has. */
	[STMT_CLASS_LIST] = { "class_list",
	    "SELECT k.klas, (SELECT COUNT(*) FROM account a WHERE "
	    "a.tenant_id = ? AND a.role = 'leerling' AND a.klas = k.klas) "
	    "AS students "
	    "FROM (SELECT klas FROM account WHERE tenant_id = ? AND "
	    "role = 'leerling' AND klas IS NOT NULL UNION SELECT klas FROM "
	    "mentor_class WHERE tenant_id = ?) k ORDER BY k.klas", 1,
	    COLS("klas", "students") },
	[STMT_CLASS_MENTORS] = { "class_mentors",
	    "SELECT mc.klas, a.id AS mentor_id, a.roepnaam, a.tussenvoegsel, "
	    "a.achternaam "
	    "FROM mentor_class mc JOIN account a ON a.id = mc.account_id AND "
	    "a.tenant_id = mc.tenant_id WHERE mc.tenant_id = ? "
	    "ORDER BY mc.klas, a.achternaam", 1,
	    COLS("klas", "mentor_id", "roepnaam", "tussenvoegsel",
	    "achternaam") },
	[STMT_STAFF_LIST] = { "staff_list",
	    "SELECT id, role, roepnaam, tussenvoegsel, achternaam FROM account "
	    "WHERE tenant_id = ? AND role IN ('mentor', 'decaan') "
	    "ORDER BY achternaam, roepnaam", 1,
	    COLS("id", "role", "roepnaam", "tussenvoegsel", "achternaam") },
	[STMT_STAFF_CHECK] = { "staff_check",
	    "SELECT id FROM account WHERE id = ? AND tenant_id = ? AND "
	    "role IN ('mentor', 'decaan')", 1,
	    COLS("id") },
	[STMT_CLASS_CLEAR] = { "class_clear",
	    "DELETE FROM mentor_class WHERE tenant_id = ? AND klas = ?", 0 },
	[STMT_CLASS_LINK] = { "class_link",
	    "INSERT INTO mentor_class (tenant_id, klas, account_id) "
	    "VALUES (?, ?, ?)", 0 },
	/* Students chosen for account mails: by leerjaar, klas or one id
	 * (a NULL parameter means 'any'). */
	[STMT_STUDENT_LIST] = { "student_list",
	    "SELECT id, login, roepnaam, tussenvoegsel, achternaam, klas, "
	    "leerjaar, email FROM account WHERE tenant_id = ? AND "
	    "role = 'leerling' AND (? IS NULL OR leerjaar = ?) AND "
	    "(? IS NULL OR klas = ?) AND (? IS NULL OR id = ?) "
	    "ORDER BY klas, achternaam, roepnaam", 1,
	    COLS("id", "login", "roepnaam", "tussenvoegsel", "achternaam",
	    "klas", "leerjaar", "email") },
	[STMT_STAFF_INSERT] = { "staff_insert",
	    "INSERT INTO account (tenant_id, role, login, email, roepnaam, "
	    "tussenvoegsel, achternaam) VALUES (?, 'mentor', ?, ?, ?, ?, ?)",
	    0 },
	/* The mail sender (fcgi/mailer.c): claims with a lease, the number
	 * of attempts as the fencing token; see docs/mail.md. */
	[STMT_MAIL_CLAIM_SELECT] = { "mail_claim_select",
	    "SELECT id, attempts FROM outbox WHERE status IN ('queued', "
	    "'sending') AND next_attempt_at <= NOW() AND handed_at IS NULL "
	    "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED", 0,
	    COLS("id", "attempts") },
	[STMT_MAIL_CLAIM_UPDATE] = { "mail_claim_update",
	    "UPDATE outbox SET status = 'sending', attempts = attempts + 1, "
	    "next_attempt_at = NOW() + INTERVAL ? SECOND WHERE id = ?", 0 },
	[STMT_MAIL_LOAD] = { "mail_load",
	    "SELECT o.tenant_id, o.kind, o.to_addr, o.to_name, o.subject, "
	    "o.body_xml, t.slug AS tenant_slug, t.name AS tenant_name, "
	    "t.config_version, o.document_id, "
	    "o.account_id FROM outbox o LEFT JOIN "
	    "tenant t ON t.id = o.tenant_id WHERE o.id = ? AND "
	    "o.status = 'sending' AND o.attempts = ?", 0,
	    COLS("tenant_id", "kind", "to_addr", "to_name", "subject",
	    "body_xml", "tenant_slug", "tenant_name", "config_version",
	    "document_id", "account_id") },
	[STMT_MAIL_RENEW] = { "mail_renew",
	    "UPDATE outbox SET next_attempt_at = GREATEST(NOW() + INTERVAL ? "
	    "SECOND, next_attempt_at + INTERVAL 1 SECOND) "
	    "WHERE id = ? AND status = 'sending' AND attempts = ?", 0 },
	[STMT_MAIL_SENT] = { "mail_sent",
	    "UPDATE outbox SET status = 'sent', sent_at = NOW(), "
	    "last_error = NULL WHERE id = ? AND status <> 'sent'", 0 },
	[STMT_MAIL_RETRY] = { "mail_retry",
	    "UPDATE outbox SET status = 'queued', next_attempt_at = NOW() + "
	    "INTERVAL ? SECOND, last_error = ?, handed_at = NULL WHERE id = ? "
	    "AND status = 'sending' AND attempts = ?", 0 },
	[STMT_MAIL_FAIL] = { "mail_fail",
	    "UPDATE outbox SET status = 'failed', last_error = ?, handed_at = "
	    "NULL WHERE id = ? AND status = 'sending' AND attempts = ?", 0 },
	[STMT_MAIL_RELEASE] = { "mail_release",
	    "UPDATE outbox SET status = 'queued', attempts = attempts - 1, "
	    "next_attempt_at = NOW() WHERE id = ? AND status = 'sending' AND "
	    "attempts = ?", 0 },
	/* The link of an activation mail, made as it leaves (mailer.c):
	 * only for an account of the row's tenant. */
	[STMT_MAIL_LINK_NEW] = { "mail_link_new",
	    "INSERT INTO activation (token_hash, account_id, tenant_id, "
	    "expires_at) SELECT ?, id, tenant_id, NOW() + INTERVAL ? SECOND "
	    "FROM account WHERE id = ? AND tenant_id = ?", 0 },
	[STMT_MAIL_LINK_DROP] = { "mail_link_drop",
	    "DELETE FROM activation WHERE token_hash = ? AND tenant_id = ? "
	    "AND used_at IS NULL", 0 },
	/* Dossiers.  Every statement names the tenant of the session. */
	[STMT_DOSSIER_LIST_STUDENT] = { "dossier_list_student",
	    "SELECT d.id, d.phase, d.version, d.archived, d.created_by, "
	    "d.deel_a_sent_at IS NOT NULL AS deel_a_sent, d.created_at, "
	    "COALESCE(m.name, '') AS mbo_name, "
	    "COALESCE(CONCAT_WS(' ', me.roepnaam, NULLIF(me.tussenvoegsel, ''), "
	    "me.achternaam), '') AS mentor_name FROM dossier d "
	    "LEFT JOIN tenant m ON m.id = d.mbo_tenant_id "
	    "LEFT JOIN account me ON me.id = d.mentor_id AND "
	    "me.tenant_id = d.tenant_id "
	    "WHERE d.tenant_id = ? AND d.student_id = ? ORDER BY d.id", 1,
	    COLS("id", "phase", "version", "archived", "created_by",
	    "deel_a_sent", "created_at", "mbo_name", "mentor_name") },
	[STMT_DOSSIER_INSERT] = { "dossier_insert",
	    "INSERT INTO dossier (tenant_id, student_id, mentor_id, "
	    "created_by) VALUES (?, ?, ?, ?)", 0 },
	[STMT_DOSSIER_GET] = { "dossier_get",
	    "SELECT id, student_id, phase, version, "
	    "COALESCE(mentor_id, 0) AS mentor_id, "
	    "COALESCE(mbo_tenant_id, 0) AS mbo_tenant_id, archived, "
	    "created_by, "
	    "deel_a_sent_at IS NOT NULL AS deel_a_sent FROM dossier WHERE "
	    "id = ? AND tenant_id = ?", 1,
	    COLS("id", "student_id", "phase", "version", "mentor_id",
	    "mbo_tenant_id", "archived", "created_by", "deel_a_sent") },
	[STMT_DOSSIER_LOCK] = { "dossier_lock",
	    "SELECT id, student_id, phase, version, "
	    "COALESCE(mentor_id, 0) AS mentor_id, "
	    "COALESCE(mbo_tenant_id, 0) AS mbo_tenant_id, archived, "
	    "created_by, "
	    "deel_a_sent_at IS NOT NULL AS deel_a_sent FROM dossier WHERE "
	    "id = ? AND tenant_id = ? FOR UPDATE", 0,
	    COLS("id", "student_id", "phase", "version", "mentor_id",
	    "mbo_tenant_id", "archived", "created_by", "deel_a_sent") },
	[STMT_DOSSIER_SET_PHASE] = { "dossier_set_phase",
	    "UPDATE dossier SET phase = ?, version = version + ?, "
	    "phase_at = NOW() WHERE id = ? AND tenant_id = ?", 0 },
	[STMT_DOSSIER_SET_ARCHIVED] = { "dossier_set_archived",
	    "UPDATE dossier SET archived = ? WHERE id = ? AND tenant_id = ?",
	    0 },
	[STMT_DOSSIER_SUBMIT_A] = { "dossier_submit_a",
	    "UPDATE dossier SET mentor_id = ?, mbo_tenant_id = ?, "
	    "deel_a_sent_at = COALESCE(deel_a_sent_at, NOW()) "
	    "WHERE id = ? AND tenant_id = ?", 0 },
	[STMT_EVENT_INSERT] = { "event_insert",
	    "INSERT INTO dossier_event (dossier_id, tenant_id, actor_id, kind, "
	    "phase_from, phase_to, version, note) VALUES "
	    "(?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), ?, NULLIF(?, ''))", 0 },
	[STMT_ANSWERS_GET] = { "answers_get",
	    "SELECT question_id, value FROM answer WHERE dossier_id = ? AND "
	    "tenant_id = ?", 1,
	    COLS("question_id", "value") },
	[STMT_ANSWER_PUT] = { "answer_put",
	    "INSERT INTO answer (dossier_id, question_id, tenant_id, value, "
	    "updated_by) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
	    "value = VALUES(value), updated_by = VALUES(updated_by)", 0 },
	[STMT_ANSWER_DELETE] = { "answer_delete",
	    "DELETE FROM answer WHERE dossier_id = ? AND question_id = ? AND "
	    "tenant_id = ?", 0 },
	/* Every answer of every dossier of one student: for the overview's
	 * percentages in one query. */
	[STMT_ANSWERS_LIST_STUDENT] = { "answers_list_student",
	    "SELECT a.dossier_id, a.question_id, a.value FROM answer a JOIN "
	    "dossier d ON d.id = a.dossier_id AND d.tenant_id = a.tenant_id "
	    "WHERE d.tenant_id = ? AND d.student_id = ? ORDER BY "
	    "a.dossier_id", 1,
	    COLS("dossier_id", "question_id", "value") },
	/* The mentors a student can send deel A to: those of the student's
	 * class first, then the school's other mentors and decanen. */
	[STMT_MENTORS_FOR_STUDENT] = { "mentors_for_student",
	    "SELECT a.id, a.roepnaam, a.tussenvoegsel, a.achternaam, a.role, "
	    "EXISTS (SELECT 1 FROM mentor_class mc JOIN account s ON "
	    "s.klas = mc.klas AND s.tenant_id = mc.tenant_id WHERE "
	    "mc.account_id = a.id AND s.id = ? AND s.tenant_id = a.tenant_id) "
	    "AS own FROM account a WHERE a.tenant_id = ? AND a.role IN "
	    "('mentor', 'decaan') ORDER BY own DESC, a.achternaam, "
	    "a.roepnaam", 1,
	    COLS("id", "roepnaam", "tussenvoegsel", "achternaam", "role",
	    "own") },
	[STMT_MBO_BY_SLUG] = { "mbo_by_slug",
	    "SELECT id, name, brin FROM tenant WHERE slug = ? AND "
	    "kind = 'mbo'", 1,
	    COLS("id", "name", "brin") },
	[STMT_MENTOR_OF_STUDENT] = { "mentor_of_student",
	    "SELECT 1 AS linked FROM mentor_class mc JOIN account s ON "
	    "s.klas = mc.klas AND s.tenant_id = mc.tenant_id WHERE "
	    "mc.account_id = ? AND s.id = ? AND mc.tenant_id = ?", 1,
	    COLS("linked") },
	/* Dossiers in deel B: the decaan's school (tenant, LIMIT, OFFSET); a
	 * mentor's in STMT_DEEL_B_LIST_MENTOR. */
	[STMT_DEEL_B_LIST] = { "deel_b_list",
	    DEEL_B_PAGE("dossier d", "d.tenant_id = ?"), 1, DEEL_B_COLS },
	[STMT_EVENTS_LIST] = { "events_list",
	    "SELECT e.at, e.kind, COALESCE(e.phase_from, '') AS phase_from, "
	    "COALESCE(e.phase_to, '') AS phase_to, e.version, "
	    "COALESCE(e.note, '') AS note, "
	    "COALESCE(CONCAT_WS(' ', a.roepnaam, NULLIF(a.tussenvoegsel, ''), "
	    "a.achternaam), '') AS actor_name FROM dossier_event e "
	    "LEFT JOIN account a ON "
	    "a.id = e.actor_id AND a.tenant_id = e.tenant_id WHERE "
	    "e.dossier_id = ? AND e.tenant_id = ? ORDER BY e.id", 1,
	    COLS("at", "kind", "phase_from", "phase_to", "version", "note",
	    "actor_name") },
	[STMT_AKKOORD_INSERT] = { "akkoord_insert",
	    "INSERT INTO akkoordverklaring (dossier_id, tenant_id, version, "
	    "student_id, opmerkingen, ouder_naam, ouder_relatie) VALUES "
	    "(?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''))", 0 },
	[STMT_AKKOORD_GET] = { "akkoord_get",
	    "SELECT version, agreed_at, "
	    "COALESCE(opmerkingen, '') AS opmerkingen, "
	    "COALESCE(ouder_naam, '') AS ouder_naam, "
	    "COALESCE(ouder_relatie, '') AS ouder_relatie FROM "
	    "akkoordverklaring WHERE dossier_id = ? AND tenant_id = ?", 1,
	    COLS("version", "agreed_at", "opmerkingen", "ouder_naam",
	    "ouder_relatie") },
	/* The student's age, for the age under which a parent confirms. */
	[STMT_STUDENT_AGE] = { "student_age",
	    "SELECT t.id AS tenant_id, "
	    "COALESCE(a.geboortedatum, '') AS geboortedatum, "
	    "COALESCE(TIMESTAMPDIFF(YEAR, a.geboortedatum, CURDATE()), -1) "
	    "AS age "
	    "FROM tenant t JOIN account a ON a.tenant_id = t.id WHERE "
	    "t.id = ? AND a.id = ?", 1,
	    COLS("tenant_id", "geboortedatum", "age") },
	/* MBO users: afgeronde dossiers of students who chose this college
	 * (the session's tenant), at schools where it takes part. */
	[STMT_DOSSIER_GET_MBO] = { "dossier_get_mbo",
	    "SELECT d.id, d.student_id, d.phase, d.version, "
	    "COALESCE(d.mentor_id, 0) AS mentor_id, "
	    "COALESCE(d.mbo_tenant_id, 0) AS mbo_tenant_id, d.archived, "
	    "d.created_by, d.deel_a_sent_at IS NOT NULL AS deel_a_sent, "
	    "d.tenant_id FROM dossier d JOIN participation p ON "
	    "p.school_tenant_id = d.tenant_id JOIN tenant m ON "
	    "m.brin = p.mbo_brin WHERE d.id = ? AND d.mbo_tenant_id = ? AND "
	    "m.id = ? AND d.phase = 'afgerond'", 1,
	    COLS("id", "student_id", "phase", "version", "mentor_id",
	    "mbo_tenant_id", "archived", "created_by", "deel_a_sent",
	    "tenant_id") },
	[STMT_MBO_DOSSIERS] = { "mbo_dossiers",
	    "SELECT d.id, s.roepnaam, s.tussenvoegsel, s.achternaam, "
	    "sch.name AS school, a.agreed_at, "
	    "COALESCE(d.mbo_status, '') AS mbo_status FROM "
	    "dossier d JOIN participation p ON "
	    "p.school_tenant_id = d.tenant_id JOIN tenant m ON "
	    "m.brin = p.mbo_brin AND m.id = d.mbo_tenant_id JOIN account s ON "
	    "s.id = d.student_id AND s.tenant_id = d.tenant_id JOIN tenant sch "
	    "ON sch.id = d.tenant_id JOIN akkoordverklaring a ON "
	    "a.dossier_id = d.id WHERE d.mbo_tenant_id = ? AND "
	    "d.phase = 'afgerond' ORDER BY d.phase_at DESC, d.id DESC "
	    "LIMIT ? OFFSET ?", 1,
	    COLS("id", "roepnaam", "tussenvoegsel", "achternaam", "school",
	    "agreed_at", "mbo_status") },
	/* The colleges on DDD that take part at the school: the school's
	 * own rows, not every college of the instance (issue 15). */
	[STMT_DASH_MBOS] = { "dash_mbos",
	    "SELECT m.name, m.brin FROM participation p JOIN tenant m ON "
	    "m.brin = p.mbo_brin WHERE p.school_tenant_id = ? AND "
	    "m.kind = 'mbo' ORDER BY m.name LIMIT 500", 1,
	    COLS("name", "brin") },
	/* Mijn Leerlingen, a page of the decaan's school: tenant, the
	 * filter (klas twice, search twice), LIMIT, OFFSET, tenant. */
	[STMT_MY_STUDENTS] = { "my_students",
	    MY_STUDENTS_PAGE("account s WHERE s.tenant_id = ?"), 1,
	    MY_STUDENTS_COLS },
	/* A page of a mentor's students: the scope's parameters first. */
	[STMT_MY_STUDENTS_MENTOR] = { "my_students_mentor",
	    MY_STUDENTS_PAGE(MENTOR_STUDENTS " m JOIN account s ON s.id = m.id "
	    "WHERE s.tenant_id = ?"), 1, MY_STUDENTS_COLS },
	/* The classes with their numbers of students, for the class choice
	 * of Mijn Leerlingen: the decaan's school (tenant); kept by triggers
	 * (migration 0035), not counted per page. */
	[STMT_MY_CLASSES] = { "my_classes",
	    "SELECT klas, students FROM class_size WHERE tenant_id = ? AND "
	    "students > 0 ORDER BY klas LIMIT 500", 1,
	    COLS("klas", "students") },
	[STMT_STUDENT_OF_TENANT] = { "student_of_tenant",
	    "SELECT id, klas FROM account WHERE id = ? AND tenant_id = ? AND "
	    "role = 'leerling'", 1,
	    COLS("id", "klas") },
	[STMT_TENANT_FILE] = { "tenant_file",
	    "SELECT config, config_version FROM tenant WHERE id = ?", 1,
	    COLS("config", "config_version") },
	/* The decaan's mail log of one student. */
	[STMT_MAIL_LOG] = { "mail_log",
	    "SELECT id, kind, subject, to_addr, status, attempts, "
	    "COALESCE(last_error, '') AS last_error, created_at, "
	    "COALESCE(sent_at, '') AS sent_at "
	    "FROM outbox WHERE tenant_id = ? AND account_id = ? "
	    "ORDER BY id DESC", 1,
	    COLS("id", "kind", "subject", "to_addr", "status", "attempts",
	    "last_error", "created_at", "sent_at") },
	/* 'Opnieuw versturen': a failed or sent mail goes out again now;
	 * one still on its way is left alone. */
	[STMT_MAIL_RESEND] = { "mail_resend",
	    "UPDATE outbox SET status = 'queued', attempts = 0, "
	    "next_attempt_at = NOW(), last_error = NULL, handed_at = NULL "
	    "WHERE id = ? AND tenant_id = ? AND account_id = ? AND "
	    "status IN ('failed', 'sent')",
	    0 },
	[STMT_VO_TENANTS] = { "vo_tenants",
	    "SELECT id, name FROM tenant WHERE kind = 'vo' ORDER BY id", 1,
	    COLS("id", "name") },
	/* Dossiers of a tenant still in a phase, not yet reminded of this
	 * deadline, with whom to remind: the student, or for deel B the
	 * mentor it was sent to. */
	[STMT_REMINDER_DUE] = { "reminder_due",
	    "SELECT d.id AS dossier_id, p.id AS to_id, p.email AS to_email, "
	    "p.roepnaam AS to_roepnaam, p.tussenvoegsel AS to_tussenvoegsel, "
	    "p.achternaam AS to_achternaam, s.roepnaam AS student_roepnaam, "
	    "s.tussenvoegsel AS student_tussenvoegsel, "
	    "s.achternaam AS student_achternaam "
	    "FROM dossier d JOIN account s ON s.id = d.student_id AND "
	    "s.tenant_id = d.tenant_id JOIN account p ON p.tenant_id = "
	    "d.tenant_id AND p.id = IF(d.phase = 'deel_b', d.mentor_id, "
	    "d.student_id) WHERE d.tenant_id = ? AND d.phase = ? AND "
	    "d.archived = 0 AND p.email IS NOT NULL AND NOT EXISTS (SELECT 1 "
	    "FROM reminder r WHERE r.dossier_id = d.id AND r.phase = d.phase "
	    "AND r.deadline = ?) ORDER BY d.id FOR UPDATE", 0,
	    COLS("dossier_id", "to_id", "to_email", "to_roepnaam",
	    "to_tussenvoegsel", "to_achternaam", "student_roepnaam",
	    "student_tussenvoegsel", "student_achternaam") },
	[STMT_REMINDER_INSERT] = { "reminder_insert",
	    "INSERT INTO reminder (dossier_id, phase, deadline, tenant_id) "
	    "VALUES (?, ?, ?, ?)", 0 },
	/* The student of a dossier for the MBO's export: the school's
	 * tenant comes from the dossier the MBO may see. */
	[STMT_EXPORT_STUDENT] = { "export_student",
	    "SELECT a.login, a.roepnaam, a.tussenvoegsel, a.achternaam, "
	    "COALESCE(a.geboortedatum, '') AS geboortedatum, "
	    "COALESCE(a.klas, '') AS klas, COALESCE(a.email, '') AS email, "
	    "a.bsn_sealed, t.name AS school, t.brin "
	    "FROM account a JOIN tenant t ON t.id = a.tenant_id "
	    "WHERE a.id = ? AND a.tenant_id = ?", 1,
	    COLS("login", "roepnaam", "tussenvoegsel", "achternaam",
	    "geboortedatum", "klas", "email", "bsn_sealed", "school",
	    "brin") },
	/* Documents (schema/sql/0007_document.sql): a stored PDF for the
	 * data it shows, the final one, a new one, and older renders of
	 * the same kind dropped. */
	[STMT_DOCUMENT_FIND] = { "document_find",
	    "SELECT id, sha256, pdf, version FROM document WHERE "
	    "dossier_id = ? AND tenant_id = ? AND kind = ? AND "
	    "source_sha256 = ?", 1,
	    COLS("id", "sha256", "pdf", "version") },
	[STMT_DOCUMENT_FINAL] = { "document_final",
	    "SELECT id, sha256, pdf, version, source_sha256, created_at "
	    "FROM document WHERE dossier_id = ? AND tenant_id = ? AND "
	    "final = 1", 1,
	    COLS("id", "sha256", "pdf", "version", "source_sha256",
	    "created_at") },
	[STMT_DOCUMENT_INSERT] = { "document_insert",
	    "INSERT INTO document (tenant_id, dossier_id, kind, version, "
	    "final, source_sha256, sha256, bytes, pdf) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?)", 0 },
	[STMT_DOCUMENT_PRUNE] = { "document_prune",
	    "DELETE FROM document WHERE dossier_id = ? AND tenant_id = ? AND "
	    "kind = ? AND final = 0 AND id < ?", 0 },
	[STMT_DOCUMENT_FINAL_META] = { "document_final_meta",
	    "SELECT id, sha256, bytes, version, source_sha256, created_at "
	    "FROM document WHERE dossier_id = ? AND tenant_id = ? AND "
	    "final = 1", 1,
	    COLS("id", "sha256", "bytes", "version", "source_sha256",
	    "created_at") },
	[STMT_MAIL_DOCUMENT] = { "mail_document",
	    "SELECT pdf, sha256, dossier_id, kind, version FROM document "
	    "WHERE id = ? AND tenant_id = ?", 1,
	    COLS("pdf", "sha256", "dossier_id", "kind", "version") },
	/* Webhook notices (fcgi/notice.c, schema/sql/0008_notice.sql). */
	[STMT_NOTICE_TARGET] = { "notice_target",
	    "SELECT t.config_version, t.brin FROM tenant t JOIN participation p "
	    "ON p.mbo_brin = t.brin AND p.school_tenant_id = ? WHERE t.id = ? "
	    "AND t.kind = 'mbo'", 1,
	    COLS("config_version", "brin") },
	[STMT_NOTICE_INSERT] = { "notice_insert",
	    "INSERT INTO notice (tenant_id, dossier_id, "
	    "school_tenant_id, body) VALUES (?, ?, ?, ?)", 0 },
	[STMT_NOTICE_CLAIM_SELECT] = { "notice_claim_select",
	    "SELECT id, attempts FROM notice WHERE status IN ('queued', "
	    "'sending') AND next_attempt_at <= NOW() AND handed_at IS NULL "
	    "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED", 0,
	    COLS("id", "attempts") },
	[STMT_NOTICE_CLAIM_UPDATE] = { "notice_claim_update",
	    "UPDATE notice SET status = 'sending', attempts = attempts + 1, "
	    "next_attempt_at = NOW() + INTERVAL ? SECOND WHERE id = ?", 0 },
	[STMT_NOTICE_LOAD] = { "notice_load",
	    "SELECT n.body, t.slug AS tenant_slug, t.config_version, "
	    "n.tenant_id FROM notice n "
	    "JOIN tenant t ON t.id = n.tenant_id WHERE n.id = ? AND "
	    "n.status = 'sending' AND n.attempts = ?", 0,
	    COLS("body", "tenant_slug", "config_version", "tenant_id") },
	[STMT_NOTICE_SENT] = { "notice_sent",
	    "UPDATE notice SET status = 'sent', sent_at = NOW(), "
	    "last_error = NULL WHERE id = ? AND status <> 'sent'", 0 },
	[STMT_NOTICE_RETRY] = { "notice_retry",
	    "UPDATE notice SET status = 'queued', next_attempt_at = NOW() + "
	    "INTERVAL ? SECOND, last_error = ?, handed_at = NULL WHERE id = ? "
	    "AND status = 'sending' AND attempts = ?", 0 },
	[STMT_NOTICE_FAIL] = { "notice_fail",
	    "UPDATE notice SET status = 'failed', last_error = ?, handed_at = "
	    "NULL WHERE id = ? AND status = 'sending' AND attempts = ?", 0 },
	/* The MBO's status of an afgerond dossier (page_mbo.c): only the
	 * chosen college (the session's tenant) sets it. */
	[STMT_MBO_STATUS_SET] = { "mbo_status_set",
	    "UPDATE dossier SET mbo_status = ?, mbo_status_reden = "
	    "NULLIF(?, ''), mbo_status_at = NOW(), mbo_received_at = "
	    "COALESCE(mbo_received_at, NOW()) WHERE id = ? AND tenant_id = ? "
	    "AND mbo_tenant_id = ? AND phase = 'afgerond'", 0 },
	[STMT_MBO_STATUS_GET] = { "mbo_status_get",
	    "SELECT COALESCE(mbo_status, '') AS mbo_status, "
	    "COALESCE(mbo_status_reden, '') AS mbo_status_reden, "
	    "COALESCE(mbo_status_at, '') AS mbo_status_at FROM dossier "
	    "WHERE id = ? AND "
	    "tenant_id = ?", 1,
	    COLS("mbo_status", "mbo_status_reden", "mbo_status_at") },
	/* The decaan's dashboard from counters (schema/sql/0036, kept by
	 * triggers on dossier): the school's dossiers per class and phase,
	 * with those past the phase's deadline (the three deadlines first),
	 * then its afgeronde dossiers per MBO status and days to the
	 * college's first status (mbo = 1).  Some hundreds of rows at a big
	 * school, however many dossiers it has; no LIMIT: every row counts
	 * for the phases. */
	[STMT_DASH_TALLY] = { "dash_tally",
	    "SELECT t.klas, t.phase, '' AS mbo_status, -1 AS days, "
	    "t.dossiers, t.dossiers * (CASE t.phase WHEN 'deel_a' THEN "
	    "CURDATE() > ? WHEN 'deel_b' THEN CURDATE() > ? WHEN 'akkoord' "
	    "THEN CURDATE() > ? ELSE 0 END) AS late, 0 AS mbo FROM "
	    "dossier_tally t WHERE t.tenant_id = ? AND t.dossiers <> 0 "
	    "UNION ALL SELECT '', 'afgerond', f.mbo_status, f.days, "
	    "f.dossiers, 0, 1 FROM afgerond_tally f WHERE f.tenant_id = ? "
	    "AND f.dossiers <> 0", 1,
	    COLS("klas", "phase", "mbo_status", "days", "dossiers", "late",
	    "mbo") },
	/* Files attached to deel A (schema/sql/0010_bijlage.sql): one per
	 * question of a dossier, a new upload replaces the old (the id is
	 * kept: LAST_INSERT_ID gives it either way). */
	[STMT_BIJLAGE_PUT] = { "bijlage_put",
	    "INSERT INTO bijlage (tenant_id, dossier_id, question_id, "
	    "filename, media_type, bytes, sha256, data, uploaded_by) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
	    "id = LAST_INSERT_ID(id), filename = VALUES(filename), "
	    "media_type = VALUES(media_type), bytes = VALUES(bytes), "
	    "sha256 = VALUES(sha256), data = VALUES(data), "
	    "uploaded_by = VALUES(uploaded_by), created_at = NOW()", 0 },
	[STMT_BIJLAGE_DELETE] = { "bijlage_delete",
	    "DELETE FROM bijlage WHERE dossier_id = ? AND question_id = ? AND "
	    "tenant_id = ?", 0 },
	[STMT_BIJLAGEN_LIST] = { "bijlagen_list",
	    "SELECT id, question_id, filename, media_type, bytes, sha256, "
	    "created_at FROM bijlage WHERE dossier_id = ? AND tenant_id = ? "
	    "ORDER BY question_id", 1,
	    COLS("id", "question_id", "filename", "media_type", "bytes",
	    "sha256", "created_at") },
	[STMT_BIJLAGE_GET] = { "bijlage_get",
	    "SELECT filename, media_type, bytes, sha256, data, question_id "
	    "FROM bijlage WHERE id = ? AND dossier_id = ? AND "
	    "tenant_id = ?", 1,
	    COLS("filename", "media_type", "bytes", "sha256", "data",
	    "question_id") },
	/* The AVG access log (fcgi/dossier.c, dossier_access). */
	[STMT_ACCESS_INSERT] = { "access_insert",
	    "INSERT INTO access_log (tenant_id, dossier_id, student_id, "
	    "actor_id, actor_tenant_id, actor_name, actor_org, action) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?)", 0 },
	[STMT_ACCESS_LIST] = { "access_list",
	    "SELECT at, dossier_id, actor_name, actor_org, action, "
	    "actor_tenant_id <> tenant_id AS external FROM access_log "
	    "WHERE tenant_id = ? "
	    "AND student_id = ? ORDER BY id DESC LIMIT 500", 1,
	    COLS("at", "dossier_id", "actor_name", "actor_org", "action",
	    "external") },
	/* Deel B early (page_overview.c): the student row locked, so two
	 * starts for one student queue; a dossier not archived blocks it. */
	[STMT_STUDENT_LOCK_ID] = { "student_lock_id",
	    "SELECT id FROM account WHERE id = ? AND tenant_id = ? AND "
	    "role = 'leerling' FOR UPDATE", 0,
	    COLS("id") },
	[STMT_STUDENT_KEPT_DOSSIER] = { "student_kept_dossier",
	    "SELECT id FROM dossier WHERE tenant_id = ? AND student_id = ? AND "
	    "archived = 0 ORDER BY id LIMIT 1", 0,
	    COLS("id") },
	/* One POST, one effect (struct db_once, fcgi/http.c). */
	[STMT_ONCE_CLAIM] = { "once_claim",
	    "INSERT INTO form_once (account_id, key_sha256, tenant_id) VALUES "
	    "(?, ?, ?)", 0 },
	[STMT_ONCE_SET_LOCATION] = { "once_set_location",
	    "UPDATE form_once SET location = ? WHERE account_id = ? AND "
	    "key_sha256 = ? AND tenant_id = ?", 0 },
	[STMT_ONCE_GET] = { "once_get",
	    "SELECT location FROM form_once WHERE account_id = ? AND "
	    "key_sha256 = ? AND tenant_id = ?", 1,
	    COLS("location") },
	[STMT_PURGE_ONCE] = { "purge_once",
	    "DELETE FROM form_once WHERE tenant_id = ? AND created_at < NOW() - "
	    "INTERVAL 1 DAY", 0 },
	/* Retention (fcgi/purge.c): a school's dossiers past its months,
	 * counted without persons first, then deleted (the rest cascades);
	 * old mails; students left without dossiers. */
	[STMT_PURGE_KEEP_COUNTS] = { "purge_keep_counts",
	    "INSERT INTO purged_dossier (tenant_id, created_month, phase, "
	    "mbo_tenant_id, mbo_status, days_to_received) SELECT d.tenant_id, "
	    "DATE_FORMAT(d.created_at, '%Y-%m'), d.phase, d.mbo_tenant_id, "
	    "d.mbo_status, DATEDIFF(d.mbo_received_at, d.created_at) FROM "
	    "dossier d LEFT JOIN akkoordverklaring a ON a.dossier_id = d.id "
	    "WHERE d.tenant_id = ? AND (a.agreed_at < NOW() - INTERVAL ? "
	    "MONTH OR GREATEST(d.updated_at, COALESCE((SELECT MAX(e.at) FROM "
	    "dossier_event e WHERE e.dossier_id = d.id), d.updated_at)) < "
	    "NOW() - INTERVAL ? MONTH)", 0 },
	[STMT_PURGE_DOSSIERS] = { "purge_dossiers",
	    "DELETE d FROM dossier d LEFT JOIN akkoordverklaring a ON "
	    "a.dossier_id = d.id WHERE d.tenant_id = ? AND (a.agreed_at < "
	    "NOW() - INTERVAL ? MONTH OR GREATEST(d.updated_at, COALESCE(("
	    "SELECT MAX(e.at) FROM dossier_event e WHERE e.dossier_id = d.id), "
	    "d.updated_at)) < NOW() - INTERVAL ? MONTH)", 0 },
	[STMT_PURGE_MAIL] = { "purge_mail",
	    "DELETE FROM outbox WHERE tenant_id = ? AND created_at < NOW() - "
	    "INTERVAL ? MONTH AND status IN ('sent', 'failed')", 0 },
	[STMT_PURGE_ACCOUNTS] = { "purge_accounts",
	    "DELETE a FROM account a WHERE a.tenant_id = ? AND a.role = "
	    "'leerling' AND a.created_at < NOW() - INTERVAL ? MONTH AND NOT "
	    "EXISTS (SELECT 1 FROM dossier d WHERE d.student_id = a.id)", 0 },
	[STMT_BIJLAGEN_DATA] = { "bijlagen_data",
	    "SELECT question_id, media_type, data FROM bijlage WHERE "
	    "dossier_id = ? AND tenant_id = ? ORDER BY question_id", 1,
	    COLS("question_id", "media_type", "data") },
	[STMT_MBO_LIST] = { "mbo_list",
	    "SELECT slug, name, brin FROM tenant WHERE kind = 'mbo' "
	    "ORDER BY name", 1,
	    COLS("slug", "name", "brin") },
	/* Classes of the school's students that no mentor is linked to: a
	 * lookup per student (NOT EXISTS was materialised from every
	 * school's classes). */
	[STMT_CLASSES_NO_MENTOR] = { "classes_no_mentor",
	    "SELECT DISTINCT a.klas FROM account a LEFT JOIN mentor_class mc "
	    "ON mc.tenant_id = a.tenant_id AND mc.klas = a.klas WHERE "
	    "a.tenant_id = ? AND a.role = 'leerling' AND a.klas IS NOT NULL "
	    "AND a.klas <> '' AND mc.tenant_id IS NULL ORDER BY a.klas "
	    "LIMIT 1000", 1,
	    COLS("klas") },
	/* A dossier's newest history event that moved it on: not a saved
	 * step, the archive flag or a reminder. */
	[STMT_LAST_TRANSITION] = { "last_transition",
	    "SELECT kind FROM dossier_event WHERE dossier_id = ? AND "
	    "tenant_id = ? AND kind NOT IN ('stap_opgeslagen', 'gearchiveerd', "
	    "'geactiveerd', 'aangespoord') ORDER BY id DESC LIMIT 1", 1,
	    COLS("kind") },
	/* A tenant's parsed file is cached per version (fcgi/tenant_config.c):
	 * this primary-key read is all a request pays while it is current. */
	[STMT_TENANT_CONFIG_VERSION] = { "tenant_config_version",
	    "SELECT config_version FROM tenant WHERE id = ?", 1,
	    COLS("config_version") },
	/* Loading tenant files (fcgi/tenant_load.c), in one transaction. */
	[STMT_TENANT_LOAD_BY_SLUG] = { "tenant_load_by_slug",
	    "SELECT kind FROM tenant WHERE slug = ? FOR UPDATE", 0,
	    COLS("kind") },
	[STMT_TENANT_LOAD_BY_BRIN] = { "tenant_load_by_brin",
	    "SELECT slug, kind FROM tenant WHERE brin = ? FOR UPDATE", 0,
	    COLS("slug", "kind") },
	/* The BRIN was checked free (or ours) in this transaction, so the
	 * only key that can collide here is the slug.  Every load raises
	 * config_version: the caches see the file changed (0016). */
	[STMT_TENANT_LOAD_UPSERT] = { "tenant_load_upsert",
	    "INSERT INTO tenant (slug, kind, name, brin, config) "
	    "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
	    "name = VALUES(name), brin = VALUES(brin), "
	    "config = VALUES(config), loaded_at = CURRENT_TIMESTAMP, "
	    "config_version = config_version + 1", 0 },
	/* Staff accounts: see load_staff() for what a reload may touch. */
	[STMT_TENANT_LOAD_ACCOUNT_LOCK] = { "tenant_load_account_lock",
	    "SELECT id, role FROM account WHERE tenant_id = ? AND login = ? "
	    "FOR UPDATE", 0,
	    COLS("id", "role") },
	[STMT_TENANT_LOAD_ACCOUNT_INSERT] = { "tenant_load_account_insert",
	    "INSERT INTO account (tenant_id, role, login, email, roepnaam, "
	    "tussenvoegsel, achternaam) VALUES (?, ?, ?, ?, ?, ?, ?)", 0 },
	[STMT_TENANT_LOAD_ACCOUNT_UPDATE] = { "tenant_load_account_update",
	    "UPDATE account SET role = ?, roepnaam = ?, tussenvoegsel = ?, "
	    "achternaam = ? WHERE id = ? AND tenant_id = ?", 0 },
	/* Any mentor for the class, locked (with the gap) until commit. */
	[STMT_TENANT_LOAD_CLASS_FIND] = { "tenant_load_class_find",
	    "SELECT account_id FROM mentor_class WHERE tenant_id = ? AND "
	    "klas = ? LIMIT 1 FOR UPDATE", 0,
	    COLS("account_id") },
	/* The participating MBOs follow the file exactly at every load. */
	[STMT_TENANT_LOAD_PART_CLEAR] = { "tenant_load_part_clear",
	    "DELETE FROM participation WHERE school_tenant_id = ?", 0 },
	[STMT_TENANT_LOAD_PART_ADD] = { "tenant_load_part_add",
	    "INSERT INTO participation (school_tenant_id, mbo_brin) "
	    "VALUES (?, ?)", 0 },
	/* A mentor's Mijn Leerlingen classes, 'Dossiers in deel B' and
	 * dashboard (issue 15: per role, each part one indexed read). */
	[STMT_MY_CLASSES_MENTOR] = { "my_classes_mentor",
	    "SELECT COALESCE(s.klas, '') AS klas, COUNT(*) AS students FROM "
	    MENTOR_STUDENTS " m JOIN account s ON s.id = m.id WHERE "
	    "s.tenant_id = ? AND s.role = 'leerling' GROUP BY s.klas "
	    "ORDER BY s.klas LIMIT 500", 1,
	    COLS("klas", "students") },
	[STMT_DEEL_B_LIST_MENTOR] = { "deel_b_list_mentor",
	    DEEL_B_PAGE(MENTOR_DOSSIER_ROWS, "1 = 1"), 1, DEEL_B_COLS },
#include "db_privacy.inc"
	/* The operator's figures over every tenant (/metrics, dddctl
	 * status): counts only, never a row's content.  The mails still to
	 * go and the oldest of them (an index range on status). */
	[STMT_METRICS_OUTBOX_DUE] = { "metrics_outbox_due",
	    "SELECT COUNT(*) AS depth, COALESCE(TIMESTAMPDIFF(SECOND, "
	    "MIN(created_at), NOW()), 0) AS oldest_s FROM outbox WHERE "
	    "status IN ('queued', 'sending')", 1,
	    COLS("depth", "oldest_s") },
	/* Mails and webhook notices by status (the index, not the rows). */
	[STMT_METRICS_OUTBOX_STATUS] = { "metrics_outbox_status",
	    "SELECT status AS status, COUNT(*) AS n FROM outbox GROUP BY "
	    "status", 1,
	    COLS("status", "n") },
	[STMT_METRICS_NOTICE_STATUS] = { "metrics_notice_status",
	    "SELECT status AS status, COUNT(*) AS n FROM notice GROUP BY "
	    "status", 1,
	    COLS("status", "n") },
#include "api_stmts.inc"
	/* A claim with where its answer goes (struct db_once): one commit
	 * for a save and its location. */
	[STMT_ONCE_CLAIM_AT] = { "once_claim_at",
	    "INSERT INTO form_once (account_id, key_sha256, tenant_id, "
	    "location) VALUES (?, ?, ?, ?)", 0 },
	/* The school chooser of the log-in and activation pages (fcgi/ctx.c):
	 * the first schools in the list's order, one more than the page
	 * lists (more means: search instead), from the (kind, name) index;
	 * and a search by part of the name, the slug or the BRIN.  The
	 * search reads the tenant table (a row per school, read only when a
	 * person types a name; a browser that logged in before opens on its
	 * school). */
	[STMT_TENANT_LIST_FIRST] = { "tenant_list_first",
	    "SELECT slug, name, kind FROM tenant ORDER BY kind, name LIMIT ?",
	    1, COLS("slug", "name", "kind") },
	[STMT_TENANT_SEARCH] = { "tenant_search",
	    "SELECT slug, name, kind FROM tenant WHERE name LIKE ? OR slug "
	    "LIKE ? OR brin = ? ORDER BY kind, name LIMIT ?", 1,
	    COLS("slug", "name", "kind") },
	/* A mentor's dashboard in one read of his dossiers (fcgi/
	 * page_overview.c adds the groups up): phase, class, MBO status and
	 * days to the college's first status (-1: none), with how many are
	 * past the phase's deadline (parameters: the three deadlines, then
	 * the mentor's scope). */
	[STMT_DASH_FIGURES_MENTOR] = { "dash_figures_mentor",
	    "SELECT d.phase, COALESCE(d.klas, '') AS klas, "
	    "COALESCE(d.mbo_status, '') AS mbo_status, "
	    "COALESCE(IF(d.phase = 'afgerond', DATEDIFF(d.mbo_received_at, "
	    "d.created_at), NULL), -1) AS days, SUM(CASE d.phase "
	    "WHEN 'deel_a' THEN CURDATE() > ? WHEN 'deel_b' THEN CURDATE() > ? "
	    "WHEN 'akkoord' THEN CURDATE() > ? ELSE 0 END) AS late, "
	    "COUNT(*) AS dossiers FROM " MENTOR_DOSSIER_ROWS " WHERE "
	    "d.archived = 0 GROUP BY 1, 2, 3, 4 LIMIT 5000", 1,
	    COLS("phase", "klas", "mbo_status", "days", "late", "dossiers") },
#include "saml_stmts.inc"
	/* Reads from a replica (fcgi/db_conn.c): wait until it has applied
	 * a GTID (0 done, -1 timed out; NULL at once when it takes writes,
	 * promoted since, or is no replica), and the GTID of this
	 * connection's last write. */
	[STMT_GTID_WAIT] = { "gtid_wait",
	    "SELECT IF(@@global.read_only = 1, MASTER_GTID_WAIT(?, ? / 1000), "
	    "NULL) AS waited", 1,
	    COLS("waited") },
	[STMT_LAST_GTID] = { "last_gtid",
	    "SELECT @@last_gtid AS gtid", 1,
	    COLS("gtid") },
	/* /metrics in a cluster: the primary's semi-sync state. */
	[STMT_METRICS_SEMI_SYNC] = { "metrics_semi_sync",
	    "SELECT LOWER(VARIABLE_NAME) AS name, VARIABLE_VALUE AS value "
	    "FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN "
	    "('RPL_SEMI_SYNC_MASTER_STATUS', 'RPL_SEMI_SYNC_MASTER_CLIENTS', "
	    "'RPL_SEMI_SYNC_MASTER_NO_TX', 'RPL_SEMI_SYNC_MASTER_NO_TIMES')",
	    1, COLS("name", "value") },
#include "sso_stmts.inc"
	/* The log-in page's button for the school chosen (fcgi/page_login.c;
	 * the small instance's list is STMT_TENANT_SSO_LIST). */
	[STMT_TENANT_SSO_BY_SLUG] = { "tenant_sso_by_slug",
	    "SELECT slug, name, sso_label FROM tenant WHERE slug = ? AND "
	    "sso_label IS NOT NULL", 1,
	    COLS("slug", "name", "sso_label") },
	/* The IdP's single log-out (fcgi/page_saml.c): the schools with a
	 * federated log-in, whose IdP may be the one that asks. */
	[STMT_TENANT_SAML_IDS] = { "tenant_saml_ids",
	    "SELECT id FROM tenant WHERE sso_label IS NOT NULL ORDER BY id "
	    "LIMIT 1000", 1, COLS("id") },
	[STMT_SESSION_DELETE_SSO_INDEX] = { "session_delete_sso_index",
	    "DELETE FROM session WHERE sso_session_index = ? AND "
	    "tenant_id = ?", 0 },
#include "hosts_stmts.inc"
};

int
db_global_init(void)
{
	return mysql_library_init(0, NULL, NULL) == 0 ? 0 : -1;
}

void
db_global_end(void)
{
	mysql_library_end();
}

void
db_thread_init(void)
{
	mysql_thread_init();
}

void
db_thread_end(void)
{
	mysql_thread_end();
}

void
db_init(struct db *db, const struct config *cfg)
{
	memset(db, 0, sizeof(*db));
	db->cfg = cfg;
}

void
db_close(struct db *db)
{
	size_t	 i;

	for (i = 0; i < STMT__MAX; i++) {
		if (db->stmt[i] != NULL)
			mysql_stmt_close(db->stmt[i]);
		db->stmt[i] = NULL;
	}
	if (db->conn != NULL)
		mysql_close(db->conn);
	db->conn = NULL;
	db->in_txn = 0;
}

const char *
db_stmt_name(enum stmt s)
{
	return (unsigned)s < STMT__MAX ? stmts[s].name : "?";
}

const char *const *
db_stmt_columns(enum stmt s)
{
	return (unsigned)s < STMT__MAX && stmts[s].cols != NULL ?
	    stmts[s].cols : no_cols;
}

/* A prepared statement's result columns are the ones its entry names. */
static int
check_columns(enum stmt s, MYSQL_STMT *st)
{
	MYSQL_RES	*meta;
	MYSQL_FIELD	*f;
	const char	*got[DB_MAX_COLS];
	char		 why[256];
	size_t		 i, n = mysql_stmt_field_count(st);
	int		 rc = -1;

	if (n == 0 && stmts[s].cols == NULL)
		return 0;
	if (n > DB_MAX_COLS || (meta = mysql_stmt_result_metadata(st)) ==
	    NULL) {
		snprintf(why, sizeof(why), "%zu columns, no metadata", n);
		goto out;
	}
	f = mysql_fetch_fields(meta);
	for (i = 0; i < n; i++)
		got[i] = f[i].name;
	rc = db_columns_match(db_stmt_columns(s), got, n, why, sizeof(why));
	mysql_free_result(meta);
out:
	if (rc != 0)
		log_error("db_columns", "stmt=%s error=\"%s\"",
		    stmts[s].name, why);
	return rc;
}

enum ddd_err
db_connect(struct db *db)
{
	char	 err[512];
	size_t	 i;

	if (db->conn != NULL)
		return DDD_OK;
	if ((db->conn = db_connect_role(db->cfg, db->want_replica, 1, err,
	    sizeof(err))) == NULL) {
		log_error("db_connect", "error=\"%s\"", err);
		return DDD_ERR_DB_UNAVAILABLE;
	}
	if (db->read_committed && mysql_query(db->conn, "SET SESSION "
	    "TRANSACTION ISOLATION LEVEL READ COMMITTED") != 0) {
		log_error("db_connect", "error=\"%s\"", mysql_error(db->conn));
		goto err;
	}
	for (i = 0; i < STMT__MAX; i++) {
		if ((db->stmt[i] = mysql_stmt_init(db->conn)) == NULL)
			goto err;
		if (mysql_stmt_prepare(db->stmt[i], stmts[i].sql,
		    strlen(stmts[i].sql)) != 0) {
			log_error("db_prepare", "stmt=%s error=\"%s\"",
			    stmts[i].name, mysql_stmt_error(db->stmt[i]));
			goto err;
		}
		if (check_columns((enum stmt)i, db->stmt[i]) != 0)
			goto err;
	}
	return DDD_OK;
err:
	db_close(db);
	return DDD_ERR_DB_UNAVAILABLE;
}

static int
conn_lost(unsigned int code)
{
	switch (code) {
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_COMMANDS_OUT_OF_SYNC:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case CR_STMT_CLOSED:
	/* Over TLS a server killed under an open connection shows first
	 * as "TLS/SSL error: unexpected eof while reading". */
	case CR_SSL_CONNECTION_ERROR:
	/* read_only: no longer the primary (a failover fenced it): the
	 * statement was refused whole; the next connection finds the new
	 * primary. */
	case ER_OPTION_PREVENTS_STATEMENT:
		return 1;
	default:
		return 0;
	}
}

/* Fetch all rows as strings.  Buffers are sized from the result's
 * max_length, so no value is ever truncated.  On a failure that is not
 * the server's (mysql_stmt_errno 0), *why says what went wrong. */
static enum ddd_err
fetch_all(MYSQL_STMT *st, struct db_result *res, const char **why)
{
	MYSQL_RES	*meta = NULL;
	MYSQL_FIELD	*fields;
	MYSQL_BIND	 bind[DB_MAX_COLS];
	unsigned long	 lens[DB_MAX_COLS];
	my_bool		 nulls[DB_MAX_COLS];
	char		*bufs[DB_MAX_COLS];
	size_t		 ncols, nrows, row = 0, c;
	my_bool		 update_max = 1;
	int		 rc;
	enum ddd_err	 result = DDD_ERR_INTERNAL;

	memset(bufs, 0, sizeof(bufs));
	*why = "storing the result";
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &update_max);
	if (mysql_stmt_store_result(st) != 0)
		goto out;
	*why = "no result metadata";
	if ((meta = mysql_stmt_result_metadata(st)) == NULL)
		goto out;
	*why = "too many columns";
	ncols = mysql_num_fields(meta);
	if (ncols == 0 || ncols > DB_MAX_COLS)
		goto out;
	fields = mysql_fetch_fields(meta);
	nrows = (size_t)mysql_stmt_num_rows(st);
	memset(bind, 0, sizeof(bind));
	for (c = 0; c < ncols; c++) {
		size_t sz = fields[c].max_length + 1;
		if (sz < 24)
			sz = 24;	/* numbers as text */
		if ((bufs[c] = malloc(sz)) == NULL)
			goto nomem;
		bind[c].buffer_type = MYSQL_TYPE_STRING;
		bind[c].buffer = bufs[c];
		bind[c].buffer_length = sz;
		bind[c].length = &lens[c];
		bind[c].is_null = &nulls[c];
	}
	*why = "binding the result";
	if (mysql_stmt_bind_result(st, bind) != 0)
		goto out;
	res->ncols = ncols;
	res->nrows = 0;
	if (nrows > 0) {
		res->cell = calloc(nrows * ncols, sizeof(char *));
		res->len = calloc(nrows * ncols, sizeof(size_t));
		if (res->cell == NULL || res->len == NULL)
			goto nomem;
	}
	while ((rc = mysql_stmt_fetch(st)) == 0 || rc == MYSQL_DATA_TRUNCATED) {
		*why = rc == MYSQL_DATA_TRUNCATED ? "a value was truncated" :
		    "more rows than stored";
		if (rc == MYSQL_DATA_TRUNCATED || row >= nrows)
			goto out;
		for (c = 0; c < ncols; c++) {
			char *v;
			if (nulls[c])
				continue;
			if ((v = malloc(lens[c] + 1)) == NULL)
				goto nomem;
			memcpy(v, bufs[c], lens[c]);
			v[lens[c]] = '\0';
			res->cell[row * ncols + c] = v;
			res->len[row * ncols + c] = lens[c];
		}
		row++;
		res->nrows = row;
	}
	*why = "fetching a row";
	if (rc != MYSQL_NO_DATA)
		goto out;
	result = DDD_OK;
	goto out;
nomem:
	result = DDD_ERR_NOMEM;
out:
	for (c = 0; c < DB_MAX_COLS; c++)
		free(bufs[c]);
	if (meta != NULL)
		mysql_free_result(meta);
	mysql_stmt_free_result(st);
	if (result != DDD_OK)
		db_result_free(res);
	return result;
}

static enum ddd_err
run_once(struct db *db, enum stmt s, const struct db_param *p, size_t np,
    struct db_result *res, unsigned int *errcode)
{
	MYSQL_STMT	*st;
	MYSQL_BIND	 bind[32];
	unsigned long	 lens[32];
	size_t		 i;
	enum ddd_err	 result;

	*errcode = 0;
	if (np > 32)
		return DDD_ERR_INTERNAL;
	if ((result = db_connect(db)) != DDD_OK)
		return result;
	st = db->stmt[s];
	if (mysql_stmt_param_count(st) != np) {
		log_error("db_params", "stmt=%s want=%lu got=%lu",
		    stmts[s].name, (unsigned long)mysql_stmt_param_count(st),
		    (unsigned long)np);
		return DDD_ERR_INTERNAL;
	}
	memset(bind, 0, sizeof(bind));
	for (i = 0; i < np; i++) {
		switch (p[i].type) {
		case DB_NULL:
			bind[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DB_STR:
		case DB_BLOB:
			bind[i].buffer_type = p[i].type == DB_BLOB ?
			    MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
			bind[i].buffer = (void *)(uintptr_t)p[i].s;
			lens[i] = (unsigned long)p[i].len;
			bind[i].buffer_length = lens[i];
			bind[i].length = &lens[i];
			break;
		case DB_INT:
			bind[i].buffer_type = MYSQL_TYPE_LONGLONG;
			bind[i].buffer = (void *)(uintptr_t)&p[i].i;
			break;
		}
	}
	if (np > 0 && mysql_stmt_bind_param(st, bind) != 0)
		goto fail;
	if (mysql_stmt_execute(st) != 0)
		goto fail;
	if (res != NULL) {
		memset(res, 0, sizeof(*res));
		res->stmt = s;
		if (mysql_stmt_field_count(st) > 0) {
			const char *why = "";
			if ((result = fetch_all(st, res, &why)) != DDD_OK) {
				if (mysql_stmt_errno(st) != 0)
					goto fail;
				if (result != DDD_ERR_NOMEM)
					log_error("db_fetch", "stmt=%s error=\"%s\"",
					    stmts[s].name, why);
				return result;
			}
		}
		res->affected = (unsigned long long)mysql_stmt_affected_rows(st);
		res->insert_id = (unsigned long long)mysql_stmt_insert_id(st);
	} else if (mysql_stmt_field_count(st) > 0)
		mysql_stmt_free_result(st);
	return DDD_OK;
fail:
	*errcode = mysql_stmt_errno(st);
	if (conn_lost(*errcode)) {
		log_warn("db_lost", "stmt=%s errno=%u error=\"%s\"",
		    stmts[s].name, *errcode, mysql_stmt_error(st));
		db_close(db);
		return DDD_ERR_DB_UNAVAILABLE;
	}
	if (*errcode == ER_DUP_ENTRY) 
		return DDD_ERR_CONFLICT;
	if (*errcode == ER_LOCK_DEADLOCK || *errcode == ER_LOCK_WAIT_TIMEOUT)
		return DDD_ERR_CONFLICT;
	log_error("db_exec", "stmt=%s errno=%u error=\"%s\"", stmts[s].name,
	    *errcode, mysql_stmt_error(st));
	return DDD_ERR_INTERNAL;
}

enum ddd_err
db_run(struct db *db, enum stmt s, const struct db_param *p, size_t np,
    struct db_result *res)
{
	enum ddd_err	 result;
	unsigned int	 code;
	int		 was_connected = db->conn != NULL;

	if ((unsigned)s >= STMT__MAX)
		return DDD_ERR_INTERNAL;
	/* A GET's reads from the replica once it has the user's writes. */
	if (stmts[s].readonly && !db->in_txn && db_replica_ready(db)) {
		if ((result = db_run(db->replica, s, p, np, res)) !=
		    DDD_ERR_DB_UNAVAILABLE) {
			metrics_count(MET_REPLICA_READ);
			return result;
		}
		db_use_primary(db);
	}
	if (!stmts[s].readonly)
		db->wrote = 1;
	result = run_once(db, s, p, np, res, &code);
	if (result == DDD_ERR_DB_UNAVAILABLE && was_connected &&
	    !db->in_txn && stmts[s].readonly) {
		metrics_db(result);
		result = run_once(db, s, p, np, res, &code);
	}
	metrics_db(result);
	return result;
}

enum ddd_err
db_begin(struct db *db)
{
	enum ddd_err	 result;

	if (db->in_txn)
		return DDD_ERR_INTERNAL;
	db->wrote = 1;
	if ((result = db_connect(db)) != DDD_OK)
		return result;
	if (mysql_query(db->conn, "START TRANSACTION") != 0) {
		unsigned int code = mysql_errno(db->conn);
		if (conn_lost(code)) {
			/* Idle connection died: one fresh try is safe. */
			db_close(db);
			if ((result = db_connect(db)) != DDD_OK)
				return result;
			if (mysql_query(db->conn, "START TRANSACTION") == 0)
				goto ok;
			db_close(db);
			return DDD_ERR_DB_UNAVAILABLE;
		}
		log_error("db_begin", "error=\"%s\"", mysql_error(db->conn));
		return DDD_ERR_INTERNAL;
	}
ok:
	db->in_txn = 1;
	if (db->once.armed && !db->once.claimed) {
		int at = db->once.location[0] != '\0';
		struct db_param p[4] = { DB_P_INT(db->once.account_id),
		    DB_P_BLOB(db->once.key, sizeof(db->once.key)),
		    DB_P_INT(db->once.tenant_id),
		    DB_P_STR(db->once.location) };
		/* A twin that got here first holds the key: this waits for
		 * its commit, then finds the key taken. */
		if ((result = db_run(db, at ? STMT_ONCE_CLAIM_AT :
		    STMT_ONCE_CLAIM, p, at ? 4 : 3, NULL)) != DDD_OK) {
			db_rollback(db);
			return result == DDD_ERR_CONFLICT ? DDD_ERR_DUPLICATE :
			    result;
		}
		db->once.in_txn = 1;
		db->once.located_in_txn = at;
	}
	return DDD_OK;
}

enum ddd_err
db_commit(struct db *db)
{
	if (!db->in_txn || db->conn == NULL) {
		db->in_txn = 0;
		return DDD_ERR_DB_UNAVAILABLE;
	}
	db->in_txn = 0;
	if (mysql_commit(db->conn) != 0) {
		db->once.in_txn = 0;
		unsigned int code = mysql_errno(db->conn);
		log_error("db_commit", "errno=%u error=\"%s\"", code,
		    mysql_error(db->conn));
		if (conn_lost(code)) {
			db_close(db);
			return DDD_ERR_DB_UNAVAILABLE;
		}
		return code == ER_LOCK_DEADLOCK ? DDD_ERR_CONFLICT :
		    DDD_ERR_INTERNAL;
	}
	if (db->once.in_txn) {
		db->once.in_txn = 0;
		db->once.claimed = 1;
		db->once.located = db->once.located_in_txn;
	}
	return DDD_OK;
}

void
db_rollback(struct db *db)
{
	if (!db->in_txn)
		return;
	db->in_txn = 0;
	db->once.in_txn = 0;	/* the key goes with the rest */
	if (db->conn != NULL && mysql_rollback(db->conn) != 0) {
		log_warn("db_rollback", "error=\"%s\"", mysql_error(db->conn));
		db_close(db);
	}
}
