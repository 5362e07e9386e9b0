/* Tenant files: parse (no DTD, no entities, no network), validate against
 * schema/tenant.rng, then the checks the schema cannot express or would
 * report unclearly; load a checked set into the tenant table, with the
 * staff accounts and class links it seeds, in one transaction (see
 * load_staff() and tenant.h for what a reload may change).
 *
 * Every problem becomes one line "file:line: message" in errs.  Stages:
 * reading (size, UTF-8), parsing (well-formedness; the first error only,
 * later ones are mostly its echoes), RELAX NG (libxml2's messages,
 * rewritten into plain English), all three in xmlcheck.c; then the
 * checks below, which run only on a file that passed the schema. */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include <mysqld_error.h>

#include "req.h"
#include "notice.h"
#include "settings.h"
#include "tenant.h"
#include "xmlcheck.h"

#define TENANT_NS	"urn:ddd:tenant:1"

#define MAX_TEXT	200		/* names: tenant, person, sender */
#define MAX_LABEL	1000		/* question label */
#define MAX_HELP	2000		/* question help text */
#define MAX_LOGO	(96 * 1024)	/* the logo's data: URI, in bytes */
#define MAX_CLASS	16
#define MAX_ID		64
#define MIN_CONSENT_AGE	12
#define MAX_CONSENT_AGE	21
#define DB_RETRIES	3		/* attempts on a deadlock */

struct mbo_ref {
	char	 brin[7];
	long	 line;
};

/* A staff account the file asks for: a decaan, a mentor or an MBO staff
 * member.  The three name parts are pieces of name (offset, length). */
struct staff {
	char			 email[255];	/* as written */
	char			 login[255];	/* the e-mail, lower-cased */
	char			 name[MAX_TEXT + 1];
	size_t			 roep_len;
	size_t			 tv_off, tv_len;
	size_t			 achter_off;
	const char		*role;		/* "decaan", "mentor", "mbo" */
	long			 line;
	unsigned long long	 id;		/* account, while loading */
};

/* A mentor's class in the file: the seed of mentor_class. */
struct class_link {
	char	 klas[MAX_CLASS + 1];
	size_t	 staff;		/* index into tenant_file.staff */
	long	 line;
};

/* One checked file, kept for the cross-file checks and the load. */
struct tenant_file {
	const char		*path;
	struct tenant_info	 info;
	long			 line;		/* of <tenant> */
	long			 brin_line;
	char			*text;		/* the file as read */
	size_t			 len;
	struct mbo_ref		*mbos;		/* participating MBOs */
	size_t			 nmbos;
	struct staff		*staff;		/* decanen first */
	size_t			 nstaff, astaff, ndecanen;
	struct class_link	*links;
	size_t			 nlinks, alinks;
	/* What the load did, for the report line. */
	size_t			 staff_new, links_new;
};

/* A seen value (e-mail, class, id) and where, for duplicate checks. */
struct seen {
	char		 key[256];
	char		 owner[MAX_TEXT + 1];
	const void	*tag;		/* e.g. the mentor of a class */
	long		 line;
};

struct seen_set {
	struct seen	*v;
	size_t		 n, alloc;
};

static const char *const phases[] = { "deel_a", "deel_b", "akkoord" };
#define NPHASES	(sizeof(phases) / sizeof(phases[0]))

/* Elements that only a VO school's file may hold; <staff> is MBO only. */
static const char *const vo_only[] = { "deadlines", "parent-consent-under",
    "retention-months", "upload-max-mb", "participating-mbos", "decanen",
    "mentors", "extra-questions" };
#define NVO_ONLY	(sizeof(vo_only) / sizeof(vo_only[0]))

static const struct xml_kind tenant_kind = {
	.ns = TENANT_NS,
	.doc_name = "a tenant file",
	.schema_name = "the tenant schema",
	.max_file = TENANT_MAX_FILE,
};

/*
 * Tree helpers for the checks.  The schema has already passed, so shapes
 * are known; the code still never trusts a pointer it did not test.
 */

static int
is_el(const xmlNode *n, const char *name)
{
	return xml_is_el(n, TENANT_NS, name);
}

static xmlNodePtr
child_el(xmlNodePtr parent, const char *name)
{
	xmlNodePtr	 c;

	XML_FOREACH_EL(c, parent)
		if (is_el(c, name))
			return c;
	return NULL;
}

/* Attribute value, collapsed, into dst; -1 when longer than size - 1.
 * A missing attribute gives "". */
static int
attr_get(const xmlNode *n, const char *name, char *dst, size_t size)
{
	int	 rc;

	rc = xml_attr_get(n, name, dst, size);
	return rc == -2 ? 0 : rc;
}

static long
line_of(const xmlNode *n)
{
	return xmlGetLineNo(n);
}

static int
is_lower_id(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return i >= 1 && i <= MAX_ID;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_alnum(char c)
{
	return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z');
}

/* [0-9]{2}[A-Z]{2}([0-9]{2})? */
static int
is_brin(const char *s)
{
	size_t	 len = strlen(s);

	if (len != 4 && len != 6)
		return 0;
	if (!is_digit(s[0]) || !is_digit(s[1]) || !is_upper(s[2]) ||
	    !is_upper(s[3]))
		return 0;
	return len == 4 || (is_digit(s[4]) && is_digit(s[5]));
}

/* A plain address: dot-atom local part, a domain of at least two labels
 * with a letters-only top-level label. */
static int
is_email(const char *s)
{
	static const char	*atext = "!#$%&'*+/=?^_`{|}~-";
	const char		*at, *p, *label;
	size_t			 len = strlen(s), llen;

	if (len > 254 || (at = strchr(s, '@')) == NULL ||
	    strchr(at + 1, '@') != NULL)
		return 0;
	if (at == s || at - s > 64 || s[0] == '.' || at[-1] == '.')
		return 0;
	for (p = s; p < at; p++) {
		if (*p == '.' && p[1] == '.')
			return 0;
		if (!is_alnum(*p) && *p != '.' && strchr(atext, *p) == NULL)
			return 0;
	}
	label = at + 1;
	for (p = label;; p++) {
		if (*p == '.' || *p == '\0') {
			llen = (size_t)(p - label);
			if (llen == 0 || llen > 63 || label[0] == '-' ||
			    p[-1] == '-')
				return 0;
			if (*p == '\0')
				break;
			label = p + 1;
			continue;
		}
		if (!is_alnum(*p) && *p != '-')
			return 0;
	}
	if (label == at + 1)	/* a single label: no dot */
		return 0;
	for (p = label; *p != '\0'; p++)
		if (is_digit(*p) || *p == '-')
			return 0;
	return strlen(label) >= 2;
}

/* [A-Za-z0-9][A-Za-z0-9._-]{0,15} */
static int
is_class(const char *s)
{
	size_t	 i;

	if (!is_alnum(s[0]))
		return 0;
	for (i = 1; s[i] != '\0'; i++)
		if (!is_alnum(s[i]) && s[i] != '.' && s[i] != '_' &&
		    s[i] != '-')
			return 0;
	return i <= MAX_CLASS;
}

/* YYYY-MM-DD, a real calendar date in 2000-2099. */
static int
is_date(const char *s)
{
	static const int	 mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31,
				    30, 31, 30, 31 };
	int			 y, m, d, i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(s[i]))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return 0;
	return 1;
}

static int
b64_value(char c)
{
	if (is_upper(c))
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (is_digit(c))
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode the first bytes of well-formed base64 (length a multiple of 4,
 * padding only at the end); -1 when malformed. */
static int
b64_head(const char *s, unsigned char *out, size_t want, size_t *got)
{
	size_t	 len = strlen(s), i, pad = 0, n = 0;
	int	 v[4], k;

	if (len == 0 || len % 4 != 0)
		return -1;
	if (s[len - 1] == '=')
		pad = s[len - 2] == '=' ? 2 : 1;
	for (i = 0; i < len - pad; i++)
		if (b64_value(s[i]) < 0)
			return -1;
	for (i = 0; i + 4 <= len && n < want; i += 4) {
		for (k = 0; k < 4; k++)
			v[k] = s[i + k] == '=' ? 0 : b64_value(s[i + k]);
		out[n++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
		if (n < want && !(i + 4 == len && pad == 2))
			out[n++] = (unsigned char)((v[1] & 0xf) << 4 |
			    v[2] >> 2);
		if (n < want && !(i + 4 == len && pad >= 1))
			out[n++] = (unsigned char)((v[2] & 0x3) << 6 | v[3]);
	}
	*got = n;
	return 0;
}

/* Case-insensitive (ASCII) duplicate check; 0 new (remembered), 1 seen
 * (*prev filled), -1 out of memory. */
static int
seen_add(struct seen_set *set, const char *key, const char *owner,
    const void *tag, long line, struct seen **prev)
{
	struct seen	*nv;
	size_t		 i, n;

	for (i = 0; i < set->n; i++)
		if (strcasecmp(set->v[i].key, key) == 0) {
			*prev = &set->v[i];
			return 1;
		}
	if (set->n == set->alloc) {
		n = set->alloc ? set->alloc * 2 : 16;
		if ((nv = reallocarray(set->v, n, sizeof(*nv))) == NULL)
			return -1;
		set->v = nv;
		set->alloc = n;
	}
	snprintf(set->v[set->n].key, sizeof(set->v[0].key), "%s", key);
	snprintf(set->v[set->n].owner, sizeof(set->v[0].owner), "%s", owner);
	set->v[set->n].tag = tag;
	set->v[set->n].line = line;
	set->n++;
	return 0;
}

static void
seen_free(struct seen_set *set)
{
	free(set->v);
	memset(set, 0, sizeof(*set));
}

/* Name of a person or sender: not empty, at most MAX_TEXT bytes. */
static void
check_text_attr(struct xml_report *r, const xmlNode *n, const char *attr,
    size_t max, char *dst, size_t size)
{
	if (attr_get(n, attr, dst, size) < 0 || strlen(dst) > max)
		xml_report_add(r, line_of(n), "%s of <%s> is longer than %lu "
		    "bytes", attr, xml_node_name(n), (unsigned long)max);
	else if (dst[0] == '\0')
		xml_report_add(r, line_of(n), "%s of <%s> is empty", attr,
		    xml_node_name(n));
}

static void
check_email_attr(struct xml_report *r, const xmlNode *n, const char *attr,
    char *dst, size_t size)
{
	if (attr_get(n, attr, dst, size) < 0 || !is_email(dst))
		xml_report_add(r, line_of(n), "<%s> %s '%.80s' is not a valid "
		    "e-mail address", xml_node_name(n), attr, dst);
}

/* A decaan, mentor or MBO staff member; one account per address.  The
 * one exception: a decaan who is also a mentor of classes, under the same
 * name (one account with both roles). */
static void
check_person(struct xml_report *r, const xmlNode *n, struct seen_set *emails,
    char *name, size_t namesize)
{
	struct seen		*prev;
	const xmlNode		*pn;
	char			 email[256];
	int			 rc;

	check_text_attr(r, n, "name", MAX_TEXT, name, namesize);
	check_email_attr(r, n, "email", email, sizeof(email));
	if (!is_email(email))
		return;
	if ((rc = seen_add(emails, email, name, n, line_of(n), &prev)) == 1) {
		pn = prev->tag;
		if (is_el(pn, "decaan") && is_el(n, "mentor") &&
		    strcmp(prev->owner, name) == 0) {
			prev->tag = n;	/* as a mentor only once */
			prev->line = line_of(n);
			return;
		}
		xml_report_add(r, line_of(n), "e-mail address %s is used "
		    "twice: also for %s on line %ld", email, prev->owner,
		    prev->line);
	} else if (rc == -1)
		xml_report_add(r, line_of(n), "out of memory");
}

static void
check_brin(struct xml_report *r, const xmlNode *n, const char *brin)
{
	if (!is_brin(brin))
		xml_report_add(r, line_of(n), "BRIN '%.20s' is not valid: two "
		    "digits and two capital letters, optionally followed by "
		    "a two-digit branch number (e.g. 12AB or 12AB01)", brin);
}

static void
check_deadlines(struct xml_report *r, xmlNodePtr dl)
{
	xmlNodePtr	 c, at[NPHASES] = { NULL };
	char		 phase[16], date[NPHASES][16], v[16];
	size_t		 i, j;

	XML_FOREACH_EL(c, dl) {
		attr_get(c, "phase", phase, sizeof(phase));
		for (i = 0; i < NPHASES; i++)
			if (strcmp(phase, phases[i]) == 0)
				break;
		if (i == NPHASES)
			continue;	/* the schema refused it already */
		if (attr_get(c, "date", v, sizeof(v)) < 0 || !is_date(v)) {
			xml_report_add(r, line_of(c), "deadline for %s: "
			    "'%.20s' is not a valid date (YYYY-MM-DD, a real "
			    "day in 2000-2099)", phase, v);
			v[0] = '\0';
		}
		if (at[i] != NULL) {
			xml_report_add(r, line_of(c), "second deadline for %s: "
			    "the first is on line %ld", phase,
			    line_of(at[i]));
			continue;
		}
		at[i] = c;
		memcpy(date[i], v, sizeof(v));
	}
	for (i = 0; i < NPHASES; i++)
		if (at[i] == NULL)
			xml_report_add(r, line_of(dl), "no deadline for %s",
			    phases[i]);
	/* In order: each phase on or after every earlier one. */
	for (i = 1; i < NPHASES; i++) {
		if (at[i] == NULL || date[i][0] == '\0')
			continue;
		for (j = i; j-- > 0;) {
			if (at[j] == NULL || date[j][0] == '\0')
				continue;
			if (strcmp(date[i], date[j]) < 0)
				xml_report_add(r, line_of(at[i]), "deadline "
				    "for %s (%s) is before the deadline for %s "
				    "(%s)", phases[i], date[i], phases[j],
				    date[j]);
			break;
		}
	}
}

static void
check_consent_age(struct xml_report *r, const xmlNode *n)
{
	char	 v[16];
	long	 age;

	if (xml_text_get(n, v, sizeof(v)) < 0 || strlen(v) > 3 ||
	    v[0] == '\0' || strspn(v, "0123456789") != strlen(v))
		age = -1;
	else
		age = strtol(v, NULL, 10);
	if (age < MIN_CONSENT_AGE || age > MAX_CONSENT_AGE)
		xml_report_add(r, line_of(n), "parent-consent-under must be a "
		    "whole number from %d to %d, not '%.10s'",
		    MIN_CONSENT_AGE, MAX_CONSENT_AGE, v);
}

static void
check_mbos(struct xml_report *r, xmlNodePtr list, struct tenant_file *tf)
{
	xmlNodePtr	 c;
	size_t		 n = 0, i;
	char		 brin[16];

	XML_FOREACH_EL(c, list)
		n++;
	if (n == 0)
		return;
	if ((tf->mbos = calloc(n, sizeof(*tf->mbos))) == NULL) {
		xml_report_add(r, line_of(list), "out of memory");
		return;
	}
	XML_FOREACH_EL(c, list) {
		if (attr_get(c, "brin", brin, sizeof(brin)) < 0 ||
		    !is_brin(brin)) {
			check_brin(r, c, brin);
			continue;
		}
		for (i = 0; i < tf->nmbos; i++)
			if (strcmp(tf->mbos[i].brin, brin) == 0)
				break;
		if (i < tf->nmbos) {
			xml_report_add(r, line_of(c), "MBO %s is listed twice: "
			    "also on line %ld", brin, tf->mbos[i].line);
			continue;
		}
		if (strcmp(brin, tf->info.brin) == 0) {
			xml_report_add(r, line_of(c), "MBO %s is this school's "
			    "own BRIN", brin);
			continue;
		}
		memcpy(tf->mbos[tf->nmbos].brin, brin, sizeof(tf->mbos[0].brin));
		tf->mbos[tf->nmbos].line = line_of(c);
		tf->nmbos++;
	}
}

static void
check_mentors(struct xml_report *r, xmlNodePtr list, struct seen_set *emails)
{
	struct seen_set		 classes = { NULL, 0, 0 };
	struct seen		*prev;
	xmlNodePtr		 m, c;
	char			 name[MAX_TEXT + 1], cls[64];
	int			 rc;

	XML_FOREACH_EL(m, list) {
		check_person(r, m, emails, name, sizeof(name));
		XML_FOREACH_EL(c, m) {
			if (!is_el(c, "class"))
				continue;
			if (xml_text_get(c, cls, sizeof(cls)) < 0 ||
			    !is_class(cls)) {
				xml_report_add(r, line_of(c), "class '%.40s' "
				    "is not a valid class name: a letter or "
				    "digit, then letters, digits, '.', '_' or "
				    "'-', at most %d in all", cls, MAX_CLASS);
				continue;
			}
			rc = seen_add(&classes, cls, name, m, line_of(c),
			    &prev);
			if (rc == 1 && prev->tag == m)
				xml_report_add(r, line_of(c), "class %s is "
				    "listed twice for %s: also on line %ld",
				    cls, name, prev->line);
			else if (rc == 1)
				xml_report_add(r, line_of(c), "class %s "
				    "already has a mentor: %s on line %ld", cls,
				    prev->owner, prev->line);
			else if (rc == -1)
				xml_report_add(r, line_of(c), "out of memory");
		}
	}
	seen_free(&classes);
}

static void
check_question(struct xml_report *r, xmlNodePtr q, struct seen_set *ids)
{
	struct seen_set		 values = { NULL, 0, 0 };
	struct seen		*prev;
	xmlNodePtr		 c;
	char			 id[MAX_ID + 2], type[16], v[MAX_ID + 2];
	char			*text = NULL;
	size_t			 noptions = 0;
	int			 rc;

	if (attr_get(q, "id", id, sizeof(id)) < 0 || !is_lower_id(id))
		xml_report_add(r, line_of(q), "question id '%.70s' is not "
		    "valid: 1 to %d characters a-z, 0-9 or '-'", id, MAX_ID);
	else if ((rc = seen_add(ids, id, "", q, line_of(q), &prev)) == 1)
		xml_report_add(r, line_of(q), "question id '%s' is used twice: "
		    "also on line %ld", id, prev->line);
	else if (rc == -1)
		xml_report_add(r, line_of(q), "out of memory");
	attr_get(q, "type", type, sizeof(type));
	if ((text = malloc(MAX_HELP + 2)) == NULL) {
		xml_report_add(r, line_of(q), "out of memory");
		return;
	}
	XML_FOREACH_EL(c, q) {
		if (is_el(c, "label") &&
		    xml_text_get(c, text, MAX_LABEL + 1) < 0)
			xml_report_add(r, line_of(c), "label is longer than %d "
			    "bytes", MAX_LABEL);
		else if (is_el(c, "help") &&
		    xml_text_get(c, text, MAX_HELP + 1) < 0)
			xml_report_add(r, line_of(c), "help is longer than %d "
			    "bytes", MAX_HELP);
		else if (is_el(c, "option")) {
			noptions++;
			if (xml_text_get(c, text, MAX_TEXT + 1) < 0)
				xml_report_add(r, line_of(c), "option text is "
				    "longer than %d bytes", MAX_TEXT);
			if (attr_get(c, "value", v, sizeof(v)) < 0 ||
			    !is_lower_id(v))
				xml_report_add(r, line_of(c), "option value "
				    "'%.70s' is not valid: 1 to %d "
				    "characters a-z, 0-9 or '-'", v, MAX_ID);
			else if ((rc = seen_add(&values, v, "", c, line_of(c),
			    &prev)) == 1)
				xml_report_add(r, line_of(c), "option value "
				    "'%s' is used twice: also on line %ld", v,
				    prev->line);
		}
	}
	if (strcmp(type, "choice") == 0 && noptions < 2)
		xml_report_add(r, line_of(q), "question '%s' of type choice "
		    "needs at least two <option> elements", id);
	else if (strcmp(type, "choice") != 0 && noptions > 0)
		xml_report_add(r, line_of(q), "question '%s' of type %s cannot "
		    "have <option> elements", id, type);
	free(text);
	seen_free(&values);
}

/* A whole number from 1 to max as an element's text. */
static void
check_number(struct xml_report *r, xmlNodePtr c, const char *what, long max)
{
	char	 v[32], *end;
	long	 n;

	if (xml_text_get(c, v, sizeof(v)) < 0)
		v[0] = '\0';
	n = strtol(v, &end, 10);
	if (v[0] == '\0' || *end != '\0' || n < 1 || n > max)
		xml_report_add(r, line_of(c), "%s '%.20s' must be a whole "
		    "number from 1 to %ld", what, v, max);
}

static void
check_branding(struct xml_report *r, xmlNodePtr b)
{
	static const char *const kinds[] = {
		"data:image/png;base64,",
		"data:image/svg+xml;base64,",
	};
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1a, '\n' };
	xmlNodePtr	 c;
	unsigned char	 head[64];
	char		*logo = NULL, name[MAX_TEXT + 2];
	size_t		 i, k, plen, got = 0;

	XML_FOREACH_EL(c, b) {
		if (is_el(c, "name") && xml_text_get(c, name, sizeof(name)) < 0)
			xml_report_add(r, line_of(c), "branding name is longer "
			    "than %d bytes", MAX_TEXT);
		if (!is_el(c, "logo"))
			continue;
		if ((logo = malloc(MAX_LOGO + 1)) == NULL) {
			xml_report_add(r, line_of(c), "out of memory");
			return;
		}
		if (xml_text_get(c, logo, MAX_LOGO + 1) < 0) {
			xml_report_add(r, line_of(c), "logo is larger than %d "
			    "bytes: use a smaller image", MAX_LOGO);
			goto done;
		}
		for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
			plen = strlen(kinds[i]);
			if (strncmp(logo, kinds[i], plen) == 0)
				break;
		}
		if (strchr(logo, ' ') != NULL) {
			xml_report_add(r, line_of(c), "logo must be one piece "
			    "of text, without spaces or line breaks");
			goto done;
		}
		if (i == sizeof(kinds) / sizeof(kinds[0]) ||
		    b64_head(logo + plen, head, sizeof(head), &got) == -1) {
			xml_report_add(r, line_of(c), "logo must be a data: "
			    "URI of a PNG or SVG image in base64, e.g. "
			    "data:image/png;base64,iVBORw0KGgo...");
			goto done;
		}
		if (i == 0 && (got < sizeof(png) ||
		    memcmp(head, png, sizeof(png)) != 0)) {
			xml_report_add(r, line_of(c), "logo is not a PNG "
			    "image");
			goto done;
		}
		if (i == 1) {
			k = 0;
			if (got >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
				k = 3;
			while (k < got && (head[k] == ' ' ||
			    head[k] == '\t' || head[k] == '\r' ||
			    head[k] == '\n'))
				k++;
			if (k >= got || head[k] != '<')
				xml_report_add(r, line_of(c), "logo is not an "
				    "SVG image");
		}
	}
done:
	free(logo);
}

/*
 * Staff accounts from the file: who, with which role, and which classes
 * each mentor has.  Collected after every other check passed, so every
 * address is valid and the only repeated address is a decaan who is also
 * a mentor (check_person).
 */

/* Voorvoegsels (tussenvoegsels) recognised between the roepnaam and the
 * achternaam, after the BRP's table of voorvoegsels: the Dutch ones and
 * the common ones of other origins.  Matched whole words, longest first,
 * and as written in lower case: after a first name Dutch writes them in
 * lower case ("Marieke van den Berg"), so a capitalised one ("Kees Van
 * Dam", the Flemish style) belongs to the achternaam.  A typographic
 * apostrophe (’t) counts as ' ('t). */
static const char *const particles[] = {
	"'s", "'t", "d'", "l'",
	"aan", "aan de", "aan den", "aan der", "aan het", "aan 't",
	"bij", "bij de", "bij den", "bij het", "bij 't",
	"de", "de la", "de le", "de l'", "den", "der", "des",
	"het",
	"in", "in de", "in den", "in der", "in het", "in 't",
	"onder", "onder de", "onder den", "onder het", "onder 't",
	"op", "op de", "op den", "op der", "op het", "op 't", "op ten",
	"over", "over de", "over den", "over het", "over 't",
	"te", "ten", "ter", "tot", "tot de", "tot den", "tot het",
	"uit", "uit de", "uit den", "uit het", "uit 't", "uit te de",
	"van", "van de", "van den", "van der", "van des", "van het", "van 't",
	"van 's", "van de l'", "van la", "van le", "van te", "van ten",
	"van ter",
	"ver", "voor", "voor de", "voor den", "voor in 't", "voor 't",
	/* other origins */
	"al", "da", "dal", "dalla", "das", "degli", "dei", "del", "della",
	"di", "do", "dos", "du", "el", "la", "le", "les", "lo", "von",
	"von dem", "von den", "von der", "vom", "zu", "zum", "zur",
};
#define NPARTICLES	(sizeof(particles) / sizeof(particles[0]))
#define MAX_PARTICLE_WORDS 3	/* "van de l'", "uit te de", "voor in 't" */
#define MAX_NAME_PART	100	/* characters: account.roepnaam, achternaam */
#define MAX_NAME_WORDS	(MAX_TEXT / 2 + 1)

/* Whether s[0..len) is particle p; ’ (U+2019) and ‘ (U+2018) in s count
 * as '. */
static int
particle_eq(const char *s, size_t len, const char *p)
{
	size_t	 i = 0;

	while (i < len && *p != '\0') {
		if (*p == '\'' && len - i >= 3 && (unsigned char)s[i] == 0xe2 &&
		    (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x98 ||
		    (unsigned char)s[i + 2] == 0x99)) {
			i += 3;
			p++;
			continue;
		}
		if (s[i] != *p)
			return 0;
		i++;
		p++;
	}
	return i == len && *p == '\0';
}

static int
is_particle(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < NPARTICLES; i++)
		if (particle_eq(s, len, particles[i]))
			return 1;
	return 0;
}

/* Split a collapsed name (single spaces, none at either end): roepnaam =
 * the first word; tussenvoegsel = the longest run of up to
 * MAX_PARTICLE_WORDS words after it that is a recognised voorvoegsel,
 * leaving at least one word; achternaam = the rest.  "Marieke van den
 * Berg" is Marieke / van den / Berg, "Kees Van Dam" Kees / - / Van Dam.
 * A single word is the roepnaam, with an empty achternaam.  A second
 * first name becomes part of the achternaam ("Jan Willem de Boer": Jan /
 * - / Willem de Boer): the file has one name field, and the first word
 * is the only safe guess; the Portal corrects the rest. */
static void
name_split(struct staff *p)
{
	const char	*s = p->name;
	size_t		 start[MAX_NAME_WORDS], end[MAX_NAME_WORDS];
	size_t		 nw = 0, i, len = strlen(s), k, max;

	for (i = 0; i < len && nw < MAX_NAME_WORDS; nw++) {
		start[nw] = i;
		while (i < len && s[i] != ' ')
			i++;
		end[nw] = i;
		if (i < len)
			i++;
	}
	p->tv_off = p->tv_len = 0;
	if (nw <= 1) {
		p->roep_len = len;
		p->achter_off = len;
		return;
	}
	p->roep_len = end[0];
	max = nw - 2 < MAX_PARTICLE_WORDS ? nw - 2 : MAX_PARTICLE_WORDS;
	for (k = max; k >= 1; k--)
		if (is_particle(s + start[1], end[k] - start[1])) {
			p->tv_off = start[1];
			p->tv_len = end[k] - start[1];
			break;
		}
	p->achter_off = start[k + 1];
}

/* Add a person of the file (or find the decaan a mentor also is); the
 * index, or -1 on a problem (reported). */
static long
staff_add(struct xml_report *r, struct tenant_file *tf, const xmlNode *n,
    const char *role)
{
	struct staff	 p, *nv;
	size_t		 i, alloc;

	memset(&p, 0, sizeof(p));
	attr_get(n, "name", p.name, sizeof(p.name));
	attr_get(n, "email", p.email, sizeof(p.email));
	for (i = 0; p.email[i] != '\0'; i++)
		p.login[i] = p.email[i] >= 'A' && p.email[i] <= 'Z' ?
		    (char)(p.email[i] - 'A' + 'a') : p.email[i];
	p.login[i] = '\0';
	p.role = role;
	p.line = line_of(n);
	/* A mentor who is also a decaan: one account, the decaan's. */
	if (strcmp(role, "mentor") == 0)
		for (i = 0; i < tf->ndecanen; i++)
			if (strcmp(tf->staff[i].login, p.login) == 0)
				return (long)i;
	name_split(&p);
	if (utf8_chars(p.name, p.roep_len) > MAX_NAME_PART ||
	    utf8_chars(p.name + p.achter_off, strlen(p.name) -
	    p.achter_off) > MAX_NAME_PART) {
		xml_report_add(r, p.line, "name is too long for an account: "
		    "the first name and the last name may have at most %d "
		    "characters each", MAX_NAME_PART);
		return -1;
	}
	if (tf->nstaff == tf->astaff) {
		alloc = tf->astaff ? tf->astaff * 2 : 16;
		if ((nv = reallocarray(tf->staff, alloc, sizeof(*nv))) ==
		    NULL) {
			xml_report_add(r, p.line, "out of memory");
			return -1;
		}
		tf->staff = nv;
		tf->astaff = alloc;
	}
	tf->staff[tf->nstaff] = p;
	if (strcmp(role, "decaan") == 0)
		tf->ndecanen++;
	return (long)tf->nstaff++;
}

static void
link_add(struct xml_report *r, struct tenant_file *tf, const xmlNode *n,
    size_t staff)
{
	struct class_link	*nv;
	size_t			 alloc;

	if (tf->nlinks == tf->alinks) {
		alloc = tf->alinks ? tf->alinks * 2 : 16;
		if ((nv = reallocarray(tf->links, alloc, sizeof(*nv))) ==
		    NULL) {
			xml_report_add(r, line_of(n), "out of memory");
			return;
		}
		tf->links = nv;
		tf->alinks = alloc;
	}
	xml_text_get(n, tf->links[tf->nlinks].klas, sizeof(tf->links[0].klas));
	tf->links[tf->nlinks].staff = staff;
	tf->links[tf->nlinks].line = line_of(n);
	tf->nlinks++;
}

/* The staff accounts and class links of a checked file.  The schema fixes
 * the order: <decanen> before <mentors>. */
static void
collect_staff(struct xml_report *r, xmlNodePtr root, struct tenant_file *tf)
{
	xmlNodePtr	 c, p, k;
	long		 idx;

	XML_FOREACH_EL(c, root) {
		if (is_el(c, "decanen")) {
			XML_FOREACH_EL(p, c)
				if (is_el(p, "decaan"))
					(void)staff_add(r, tf, p, "decaan");
		} else if (is_el(c, "mentors")) {
			XML_FOREACH_EL(p, c) {
				if (!is_el(p, "mentor") ||
				    (idx = staff_add(r, tf, p, "mentor")) < 0)
					continue;
				XML_FOREACH_EL(k, p)
					if (is_el(k, "class"))
						link_add(r, tf, k,
						    (size_t)idx);
			}
		} else if (is_el(c, "staff")) {
			XML_FOREACH_EL(p, c)
				if (is_el(p, "member"))
					(void)staff_add(r, tf, p, "mbo");
		}
	}
}

/* Every check that follows the schema.  Fills tf->info, the list of
 * participating MBOs and, when all is well, the staff accounts. */
static void
check_tenant(struct xml_report *r, xmlDocPtr doc, struct tenant_file *tf)
{
	struct seen_set		 emails = { NULL, 0, 0 }, qids = { NULL, 0, 0 };
	xmlNodePtr		 root, c, q;
	char			 v[MAX_TEXT + 2], addr[256];
	size_t			 i;
	int			 vo;

	if ((root = xmlDocGetRootElement(doc)) == NULL || !is_el(root,
	    "tenant"))
		return;
	tf->line = line_of(root);
	if (attr_get(root, "id", v, sizeof(v)) < 0 || !is_lower_id(v))
		xml_report_add(r, tf->line, "tenant id '%.70s' is not valid: 1 "
		    "to %d characters a-z, 0-9 or '-'", v, MAX_ID);
	else
		memcpy(tf->info.slug, v, strlen(v) + 1);
	attr_get(root, "kind", v, sizeof(v));
	vo = strcmp(v, "vo") == 0;
	snprintf(tf->info.kind, sizeof(tf->info.kind), "%s", vo ? "vo" : "mbo");

	/* Parts of the other kind, and required parts of this kind. */
	XML_FOREACH_EL(c, root) {
		for (i = 0; i < NVO_ONLY; i++)
			if (is_el(c, vo_only[i]))
				break;
		if (!vo && i < NVO_ONLY)
			xml_report_add(r, line_of(c), "<%s> belongs only in "
			    "the file of a VO school (kind=\"vo\"), not of an "
			    "MBO college", vo_only[i]);
		if (vo && is_el(c, "staff"))
			xml_report_add(r, line_of(c), "<staff> belongs only in "
			    "the file of an MBO college (kind=\"mbo\"); a VO "
			    "school has <decanen> and <mentors>");
		if (vo && is_el(c, "webhook"))
			xml_report_add(r, line_of(c), "<webhook> belongs only "
			    "in the file of an MBO college (kind=\"mbo\"): it "
			    "announces dossiers to the college");
	}
	if (vo) {
		if (child_el(root, "deadlines") == NULL)
			xml_report_add(r, tf->line, "a VO school needs "
			    "<deadlines>");
		if (child_el(root, "participating-mbos") == NULL)
			xml_report_add(r, tf->line, "a VO school needs "
			    "<participating-mbos> (it may be empty)");
		if (child_el(root, "decanen") == NULL)
			xml_report_add(r, tf->line, "a VO school needs "
			    "<decanen> with at least one <decaan>");
	} else if (child_el(root, "staff") == NULL)
		xml_report_add(r, tf->line, "an MBO college needs <staff> with "
		    "at least one <member>");

	XML_FOREACH_EL(c, root) {
		if (is_el(c, "name")) {
			if (xml_text_get(c, v, sizeof(v)) < 0 ||
			    strlen(v) > MAX_TEXT)
				xml_report_add(r, line_of(c), "name is longer "
				    "than %d bytes", MAX_TEXT);
			else
				memcpy(tf->info.name, v, strlen(v) + 1);
		} else if (is_el(c, "brin")) {
			tf->brin_line = line_of(c);
			if (xml_text_get(c, v, sizeof(v)) < 0 || !is_brin(v))
				check_brin(r, c, v);
			else
				memcpy(tf->info.brin, v, strlen(v) + 1);
		} else if (is_el(c, "mail")) {
			check_email_attr(r, c, "from", addr, sizeof(addr));
			if (attr_get(c, "reply-to", addr, sizeof(addr)) != 0)
				check_email_attr(r, c, "reply-to", addr,
				    sizeof(addr));
			check_text_attr(r, c, "name", MAX_TEXT, v, sizeof(v));
		} else if (is_el(c, "branding"))
			check_branding(r, c);
		else if (is_el(c, "deadlines"))
			check_deadlines(r, c);
		else if (is_el(c, "webhook") && !vo) {
			char why[160], url[NOTICE_MAX_URL + 2];
			if (attr_get(c, "url", url, sizeof(url)) < 0 ||
			    strlen(url) > NOTICE_MAX_URL)
				xml_report_add(r, line_of(c), "webhook url is "
				    "longer than %d bytes", NOTICE_MAX_URL);
			else if (!notice_url_ok(url, why, sizeof(why)))
				xml_report_add(r, line_of(c), "webhook url "
				    "'%.80s': %s", url, why);
		}
		else if (is_el(c, "parent-consent-under"))
			check_consent_age(r, c);
		else if (is_el(c, "upload-max-mb"))
			check_number(r, c, "upload-max-mb", UPLOAD_MAX_MB_LIMIT);
		else if (is_el(c, "retention-months"))
			check_number(r, c, "retention-months",
			    RETENTION_MONTHS_LIMIT);
		else if (is_el(c, "participating-mbos") && vo)
			check_mbos(r, c, tf);
		else if (is_el(c, "decanen") || is_el(c, "staff")) {
			XML_FOREACH_EL(q, c)
				check_person(r, q, &emails, v, sizeof(v));
		} else if (is_el(c, "mentors"))
			check_mentors(r, c, &emails);
		else if (is_el(c, "extra-questions")) {
			if (attr_get(c, "title", v, sizeof(v)) < 0 ||
			    strlen(v) > MAX_TEXT)
				xml_report_add(r, line_of(c), "title is longer "
				    "than %d bytes", MAX_TEXT);
			XML_FOREACH_EL(q, c)
				check_question(r, q, &qids);
		}
	}
	if (!xml_report_bad(r))
		collect_staff(r, root, tf);
	seen_free(&emails);
	seen_free(&qids);
}

static void
tenant_file_free(struct tenant_file *tf)
{
	free(tf->text);
	free(tf->mbos);
	free(tf->staff);
	free(tf->links);
	memset(tf, 0, sizeof(*tf));
}

/* Read, parse, validate and check one file; 0 when good. */
static int
check_one(const struct xml_schema *s, const char *path, struct tenant_file *tf,
    struct buf *errs)
{
	struct xml_report	 r;
	xmlDocPtr		 doc = NULL;
	int			 rc;

	memset(tf, 0, sizeof(*tf));
	tf->path = path;
	xml_report_init(&r, s, errs, path);
	if (xml_read_capped(&r, &tf->text, &tf->len) == -1)
		goto done;
	if ((doc = xml_parse_valid(&r, s, tf->text, tf->len)) == NULL)
		goto done;
	check_tenant(&r, doc, tf);
done:
	if (doc != NULL)
		xmlFreeDoc(doc);
	rc = xml_report_bad(&r) ? -1 : 0;
	xml_report_finish(&r);
	return rc;
}

int
tenant_check_file(const char *path, const char *rng_path,
    struct tenant_info *info, struct buf *errs)
{
	struct xml_schema	 s;
	struct tenant_file	 tf;
	int			 rc;

	if (xml_schema_load(&s, &tenant_kind, rng_path, errs) == -1)
		return -1;
	rc = check_one(&s, path, &tf, errs);
	if (rc == 0 && info != NULL)
		*info = tf.info;
	tenant_file_free(&tf);
	xml_schema_free(&s);
	return rc;
}

/*
 * Loading.
 */

enum load_stmt {
	LS_BY_SLUG,
	LS_BY_BRIN,
	LS_UPSERT,
	LS_TENANT_ID,
	LS_ACCOUNT_FIND,
	LS_ACCOUNT_INSERT,
	LS_ACCOUNT_UPDATE,
	LS_CLASS_FIND,
	LS_CLASS_INSERT,
	LS_PART_CLEAR,
	LS_PART_ADD,
	LS__MAX
};

static const char *const load_sql[LS__MAX] = {
	[LS_BY_SLUG] = "SELECT kind FROM tenant WHERE slug = ? FOR UPDATE",
	[LS_BY_BRIN] = "SELECT slug, kind FROM tenant WHERE brin = ? "
	    "FOR UPDATE",
	/* The BRIN was checked free (or ours) in this transaction, so the
	 * only key that can collide here is the slug. */
	[LS_UPSERT] = "INSERT INTO tenant (slug, kind, name, brin, config) "
	    "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
	    "name = VALUES(name), brin = VALUES(brin), "
	    "config = VALUES(config), loaded_at = CURRENT_TIMESTAMP",
	[LS_TENANT_ID] = "SELECT id FROM tenant WHERE slug = ?",
	/* Staff accounts: see load_staff() for what a reload may touch. */
	[LS_ACCOUNT_FIND] = "SELECT id, role FROM account "
	    "WHERE tenant_id = ? AND login = ? FOR UPDATE",
	[LS_ACCOUNT_INSERT] = "INSERT INTO account (tenant_id, role, login, "
	    "email, roepnaam, tussenvoegsel, achternaam) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)",
	[LS_ACCOUNT_UPDATE] = "UPDATE account SET role = ?, roepnaam = ?, "
	    "tussenvoegsel = ?, achternaam = ? "
	    "WHERE id = ? AND tenant_id = ?",
	/* Any mentor for the class, locked (with the gap) until commit. */
	[LS_CLASS_FIND] = "SELECT account_id FROM mentor_class "
	    "WHERE tenant_id = ? AND klas = ? LIMIT 1 FOR UPDATE",
	[LS_CLASS_INSERT] = "INSERT INTO mentor_class (tenant_id, klas, "
	    "account_id) VALUES (?, ?, ?)",
	/* The participating MBOs follow the file exactly at every load. */
	[LS_PART_CLEAR] = "DELETE FROM participation WHERE "
	    "school_tenant_id = ?",
	[LS_PART_ADD] = "INSERT INTO participation (school_tenant_id, "
	    "mbo_brin) VALUES (?, ?)",
};

struct loader {
	MYSQL		*m;
	MYSQL_STMT	*st[LS__MAX];
	struct buf	*errs;
	const char	*subject;	/* file being worked on, or NULL */
	unsigned int	 dberrno;	/* of the last database failure */
};

static void
db_fail(struct loader *l, MYSQL_STMT *st, const char *what)
{
	l->dberrno = st != NULL ? mysql_stmt_errno(st) : mysql_errno(l->m);
	buf_printf(l->errs, "%s: database error while %s: %s\n",
	    l->subject != NULL ? l->subject : "tenant load", what,
	    st != NULL ? mysql_stmt_error(st) : mysql_error(l->m));
}

/* Run a statement with string parameters; up to two string columns of
 * the first row into out (each 65 bytes).  1 row, 0 none, -1 error. */
static int
stmt_run(struct loader *l, enum load_stmt which, const char *const *p,
    const size_t *plen, size_t np, char (*out)[65], size_t nout)
{
	MYSQL_STMT	*st = l->st[which];
	MYSQL_BIND	 in[5], res[2];
	unsigned long	 inlen[5], outlen[2];
	my_bool		 isnull[2];
	size_t		 i;
	int		 rc;

	if (np > 5 || nout > 2)
		return -1;
	memset(in, 0, sizeof(in));
	for (i = 0; i < np; i++) {
		inlen[i] = (unsigned long)plen[i];
		in[i].buffer_type = MYSQL_TYPE_STRING;
		in[i].buffer = (void *)(uintptr_t)p[i];
		in[i].buffer_length = inlen[i];
		in[i].length = &inlen[i];
	}
	if (mysql_stmt_bind_param(st, in) != 0 ||
	    mysql_stmt_execute(st) != 0) {
		db_fail(l, st, which == LS_UPSERT ? "writing the tenant" :
		    "reading the tenant table");
		return -1;
	}
	if (nout == 0)
		return 0;
	memset(res, 0, sizeof(res));
	for (i = 0; i < nout; i++) {
		out[i][0] = '\0';
		res[i].buffer_type = MYSQL_TYPE_STRING;
		res[i].buffer = out[i];
		res[i].buffer_length = 64;
		res[i].length = &outlen[i];
		res[i].is_null = &isnull[i];
	}
	if (mysql_stmt_bind_result(st, res) != 0 ||
	    mysql_stmt_store_result(st) != 0) {
		db_fail(l, st, "reading the tenant table");
		return -1;
	}
	rc = mysql_stmt_fetch(st);
	if (rc == 0 || rc == MYSQL_DATA_TRUNCATED) {
		for (i = 0; i < nout; i++)
			out[i][isnull[i] ? 0 : (outlen[i] < 64 ?
			    outlen[i] : 64)] = '\0';
		rc = 1;
	} else if (rc == MYSQL_NO_DATA)
		rc = 0;
	else {
		db_fail(l, st, "reading the tenant table");
		rc = -1;
	}
	mysql_stmt_free_result(st);
	return rc;
}

static int
stmt_run1(struct loader *l, enum load_stmt which, const char *p,
    char (*out)[65], size_t nout)
{
	size_t	 len = strlen(p);

	return stmt_run(l, which, &p, &len, 1, out, nout);
}

static void
file_error(struct loader *l, const struct tenant_file *tf, long line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
file_error(struct loader *l, const struct tenant_file *tf, long line,
    const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	buf_printf(l->errs, "%s:%ld: %s\n", tf->path, line, msg);
}

/* Unique ids and BRINs within the set; 0 when consistent. */
static int
check_set(struct loader *l, const struct tenant_file *tf, size_t n)
{
	size_t	 i, j;
	int	 bad = 0;

	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++) {
			if (strcmp(tf[i].info.slug, tf[j].info.slug) == 0) {
				file_error(l, &tf[i], tf[i].line, "tenant id "
				    "'%s' is also used by %s", tf[i].info.slug,
				    tf[j].path);
				bad = 1;
			}
			if (strcmp(tf[i].info.brin, tf[j].info.brin) == 0) {
				file_error(l, &tf[i], tf[i].brin_line, "BRIN "
				    "%s is also used by %s", tf[i].info.brin,
				    tf[j].path);
				bad = 1;
			}
		}
	return bad ? -1 : 0;
}

static const struct tenant_file *
set_find_brin(const struct tenant_file *tf, size_t n, const char *brin)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(tf[i].info.brin, brin) == 0)
			return &tf[i];
	return NULL;
}

static int
set_has_slug(const struct tenant_file *tf, size_t n, const char *slug)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(tf[i].info.slug, slug) == 0)
			return 1;
	return 0;
}

/* Inside the transaction: the checks against what the database holds.
 * 0 consistent, 1 a problem in a file (reported), -1 database error. */
static int
check_against_db(struct loader *l, const struct tenant_file *tf, size_t n)
{
	const struct tenant_file *t;
	const char		*brin;
	char			 row[2][65];
	size_t			 i, k;
	long			 line;
	int			 rc, bad = 0;

	for (i = 0; i < n; i++) {
		l->subject = tf[i].path;
		if ((rc = stmt_run1(l, LS_BY_SLUG, tf[i].info.slug, row,
		    1)) == -1)
			return -1;
		if (rc == 1 && strcmp(row[0], tf[i].info.kind) != 0) {
			file_error(l, &tf[i], tf[i].line, "tenant '%s' is "
			    "loaded as kind=\"%s\"; its kind cannot change to "
			    "\"%s\"", tf[i].info.slug, row[0],
			    tf[i].info.kind);
			bad = 1;
		}
		if ((rc = stmt_run1(l, LS_BY_BRIN, tf[i].info.brin, row,
		    2)) == -1)
			return -1;
		if (rc == 1 && strcmp(row[0], tf[i].info.slug) != 0) {
			file_error(l, &tf[i], tf[i].brin_line, "BRIN %s "
			    "belongs to tenant '%s' in the database",
			    tf[i].info.brin, row[0]);
			bad = 1;
		}
		for (k = 0; k < tf[i].nmbos; k++) {
			brin = tf[i].mbos[k].brin;
			line = tf[i].mbos[k].line;
			if ((t = set_find_brin(tf, n, brin)) != NULL) {
				if (strcmp(t->info.kind, "mbo") != 0) {
					file_error(l, &tf[i], line, "BRIN %s "
					    "is '%s', a VO school, not an MBO "
					    "college", brin, t->info.slug);
					bad = 1;
				}
				continue;
			}
			if ((rc = stmt_run1(l, LS_BY_BRIN, brin, row, 2)) ==
			    -1)
				return -1;
			/* A tenant of the set that had this BRIN before
			 * has another now: it no longer counts. */
			if (rc == 0 || set_has_slug(tf, n, row[0])) {
				file_error(l, &tf[i], line, "participating "
				    "MBO %s is unknown: no MBO college with "
				    "that BRIN in these files or in the "
				    "database", brin);
				bad = 1;
			} else if (strcmp(row[1], "mbo") != 0) {
				file_error(l, &tf[i], line, "BRIN %s is '%s', "
				    "a VO school, not an MBO college", brin,
				    row[0]);
				bad = 1;
			}
		}
	}
	return bad;
}

static int
upsert(struct loader *l, const struct tenant_file *tf)
{
	const char	*p[5];
	size_t		 len[5], i;

	p[0] = tf->info.slug;
	p[1] = tf->info.kind;
	p[2] = tf->info.name;
	p[3] = tf->info.brin;
	for (i = 0; i < 4; i++)
		len[i] = strlen(p[i]);
	p[4] = tf->text;
	len[4] = tf->len;
	return stmt_run(l, LS_UPSERT, p, len, 5, NULL, 0);
}

static void
bind_str(MYSQL_BIND *b, unsigned long *len, const char *s, size_t n)
{
	memset(b, 0, sizeof(*b));
	*len = (unsigned long)n;
	b->buffer_type = MYSQL_TYPE_STRING;
	b->buffer = (void *)(uintptr_t)s;
	b->buffer_length = *len;
	b->length = len;
}

static void
bind_id(MYSQL_BIND *b, unsigned long long *v)
{
	memset(b, 0, sizeof(*b));
	b->buffer_type = MYSQL_TYPE_LONGLONG;
	b->buffer = v;
	b->is_unsigned = 1;
}

/* Run a prepared statement with bound parameters; with res, fetch the
 * first row into it.  1 a row, 0 none (or no result wanted), -1 error
 * (reported: "database error while <what>"). */
static int
stmt_exec(struct loader *l, enum load_stmt which, MYSQL_BIND *in,
    MYSQL_BIND *res, const char *what)
{
	MYSQL_STMT	*st = l->st[which];
	int		 rc;

	if (mysql_stmt_bind_param(st, in) != 0 ||
	    mysql_stmt_execute(st) != 0) {
		db_fail(l, st, what);
		return -1;
	}
	if (res == NULL)
		return 0;
	if (mysql_stmt_bind_result(st, res) != 0 ||
	    mysql_stmt_store_result(st) != 0) {
		db_fail(l, st, what);
		return -1;
	}
	rc = mysql_stmt_fetch(st);
	if (rc == 0 || rc == MYSQL_DATA_TRUNCATED)
		rc = 1;
	else if (rc == MYSQL_NO_DATA)
		rc = 0;
	else {
		db_fail(l, st, what);
		rc = -1;
	}
	mysql_stmt_free_result(st);
	return rc;
}

/* Find or create one staff account.  An existing account keeps
 * everything but its names and role: its password_hash, activated_at,
 * e-mail and the rest belong to the person and the Portal.  0 done,
 * 1 refused (reported), -1 database error. */
static int
staff_account(struct loader *l, struct tenant_file *tf,
    unsigned long long tenant_id, struct staff *p)
{
	MYSQL_BIND		 in[7], res[2];
	unsigned long		 len[7], rolelen;
	unsigned long long	 tid = tenant_id, id = 0;
	char			 role[16];
	my_bool			 isnull[2] = { 0, 0 };
	int			 rc;

	bind_id(&in[0], &tid);
	bind_str(&in[1], &len[1], p->login, strlen(p->login));
	memset(res, 0, sizeof(res));
	bind_id(&res[0], &id);
	res[0].is_null = &isnull[0];
	res[1].buffer_type = MYSQL_TYPE_STRING;
	res[1].buffer = role;
	res[1].buffer_length = sizeof(role) - 1;
	res[1].length = &rolelen;
	res[1].is_null = &isnull[1];
	role[0] = '\0';
	if ((rc = stmt_exec(l, LS_ACCOUNT_FIND, in, res,
	    "reading the accounts")) == -1)
		return -1;
	if (rc == 1) {
		role[isnull[1] ? 0 : (rolelen < sizeof(role) - 1 ? rolelen :
		    sizeof(role) - 1)] = '\0';
		/* Cannot happen (a leerling logs in with digits, staff with
		 * an address), but a student is never made staff. */
		if (strcmp(role, "leerling") == 0) {
			file_error(l, tf, p->line, "%s: tenant '%s' already "
			    "has a student (leerling) account with this "
			    "login; a staff account cannot take it over",
			    p->email, tf->info.slug);
			return 1;
		}
		p->id = id;
		bind_str(&in[0], &len[0], p->role, strlen(p->role));
		bind_str(&in[1], &len[1], p->name, p->roep_len);
		bind_str(&in[2], &len[2], p->name + p->tv_off, p->tv_len);
		bind_str(&in[3], &len[3], p->name + p->achter_off,
		    strlen(p->name) - p->achter_off);
		bind_id(&in[4], &p->id);
		bind_id(&in[5], &tid);
		return stmt_exec(l, LS_ACCOUNT_UPDATE, in, NULL,
		    "updating an account") == -1 ? -1 : 0;
	}
	bind_id(&in[0], &tid);
	bind_str(&in[1], &len[1], p->role, strlen(p->role));
	bind_str(&in[2], &len[2], p->login, strlen(p->login));
	bind_str(&in[3], &len[3], p->email, strlen(p->email));
	bind_str(&in[4], &len[4], p->name, p->roep_len);
	bind_str(&in[5], &len[5], p->name + p->tv_off, p->tv_len);
	bind_str(&in[6], &len[6], p->name + p->achter_off,
	    strlen(p->name) - p->achter_off);
	if (stmt_exec(l, LS_ACCOUNT_INSERT, in, NULL,
	    "creating an account") == -1)
		return -1;
	p->id = (unsigned long long)mysql_stmt_insert_id(
	    l->st[LS_ACCOUNT_INSERT]);
	tf->staff_new++;
	return 0;
}

/* Seed one class link.  The decaan owns the klaskoppeling once it is in
 * the database: a class that has any mentor there is left as it is, even
 * when that is not the mentor in the file (the decaan moved it in the
 * Portal).  Only a class without a mentor gets the file's.  Links are
 * never deleted.  0 done, -1 database error. */
static int
class_link(struct loader *l, struct tenant_file *tf,
    unsigned long long tenant_id, const struct class_link *c)
{
	MYSQL_BIND		 in[3], res[1];
	unsigned long		 len[3];
	unsigned long long	 tid = tenant_id, found = 0,
				 aid = tf->staff[c->staff].id;
	int			 rc;

	bind_id(&in[0], &tid);
	bind_str(&in[1], &len[1], c->klas, strlen(c->klas));
	bind_id(&res[0], &found);
	if ((rc = stmt_exec(l, LS_CLASS_FIND, in, res,
	    "reading the class links")) != 0)
		return rc == 1 ? 0 : -1;
	bind_id(&in[2], &aid);
	if (stmt_exec(l, LS_CLASS_INSERT, in, NULL,
	    "linking a mentor to a class") == -1)
		return -1;
	tf->links_new++;
	return 0;
}

/* Inside the transaction, after the tenant's upsert: its staff accounts
 * and class links.  A reload adds what is new in the file and updates
 * names and roles; it never deletes an account (people leave through the
 * Portal, not through a file reload: their dossier history stays) nor a
 * class link (the decaan's, see class_link()).  0 done, 1 refused
 * (reported), -1 database error. */
static int
load_staff(struct loader *l, struct tenant_file *tf)
{
	MYSQL_BIND		 in[1], res[1];
	unsigned long		 len;
	unsigned long long	 tenant_id = 0;
	size_t			 i;
	int			 rc, bad = 0;

	tf->staff_new = tf->links_new = 0;
	bind_str(&in[0], &len, tf->info.slug, strlen(tf->info.slug));
	bind_id(&res[0], &tenant_id);
	if ((rc = stmt_exec(l, LS_TENANT_ID, in, res,
	    "reading the tenant table")) != 1) {
		if (rc == 0)
			buf_printf(l->errs, "%s: tenant '%s' is missing after "
			    "writing it\n", tf->path, tf->info.slug);
		return -1;
	}
	for (i = 0; i < tf->nstaff; i++) {
		if ((rc = staff_account(l, tf, tenant_id, &tf->staff[i])) ==
		    -1)
			return -1;
		if (rc == 1)
			bad = 1;
	}
	if (bad)
		return 1;
	for (i = 0; i < tf->nlinks; i++)
		if (class_link(l, tf, tenant_id, &tf->links[i]) == -1)
			return -1;
	{
		MYSQL_BIND	 p[2];
		unsigned long	 blen;

		bind_id(&p[0], &tenant_id);
		if (stmt_exec(l, LS_PART_CLEAR, p, NULL,
		    "clearing the participating MBOs") == -1)
			return -1;
		for (i = 0; i < tf->nmbos; i++) {
			bind_id(&p[0], &tenant_id);
			bind_str(&p[1], &blen, tf->mbos[i].brin,
			    strlen(tf->mbos[i].brin));
			if (stmt_exec(l, LS_PART_ADD, p, NULL,
			    "writing the participating MBOs") == -1)
				return -1;
		}
	}
	return 0;
}

static void
loader_close(struct loader *l)
{
	size_t	 i;

	for (i = 0; i < LS__MAX; i++) {
		if (l->st[i] != NULL)
			mysql_stmt_close(l->st[i]);
		l->st[i] = NULL;
	}
}

static int
loader_open(struct loader *l, MYSQL *m, struct buf *errs)
{
	size_t	 i;

	memset(l, 0, sizeof(*l));
	l->m = m;
	l->errs = errs;
	for (i = 0; i < LS__MAX; i++) {
		if ((l->st[i] = mysql_stmt_init(m)) == NULL) {
			db_fail(l, NULL, "preparing statements");
			goto err;
		}
		if (mysql_stmt_prepare(l->st[i], load_sql[i],
		    strlen(load_sql[i])) != 0) {
			db_fail(l, l->st[i], "preparing statements");
			goto err;
		}
	}
	return 0;
err:
	loader_close(l);
	return -1;
}

/* One attempt: 0 committed, 1 refused (files), -1 database error. */
static int
load_txn(struct loader *l, struct tenant_file *tf, size_t n)
{
	static const char	 start[] = "START TRANSACTION READ WRITE";
	size_t			 i;
	int			 rc;

	l->dberrno = 0;
	l->subject = NULL;
	if (mysql_real_query(l->m, start, sizeof(start) - 1) != 0) {
		db_fail(l, NULL, "starting a transaction");
		return -1;
	}
	if ((rc = check_against_db(l, tf, n)) != 0)
		goto err;
	for (i = 0; i < n; i++) {
		l->subject = tf[i].path;
		if ((rc = upsert(l, &tf[i])) == -1)
			goto err;
		if ((rc = load_staff(l, &tf[i])) != 0)
			goto err;
	}
	l->subject = NULL;
	if (mysql_commit(l->m) != 0) {
		db_fail(l, NULL, "committing");
		rc = -1;
		goto err;
	}
	return 0;
err:
	mysql_rollback(l->m);
	return rc;
}

int
tenant_load(MYSQL *m, const char *rng_path, char *const *files,
    size_t nfiles, struct buf *out, struct buf *errs)
{
	struct xml_schema	 s;
	struct tenant_file	*tf = NULL;
	struct loader		 l;
	size_t			 i, errlen;
	int			 bad = 0, rc = -1, attempt;

	memset(&l, 0, sizeof(l));
	l.m = m;
	l.errs = errs;
	if (xml_schema_load(&s, &tenant_kind, rng_path, errs) == -1)
		return -1;
	if (nfiles > 0 && (tf = calloc(nfiles, sizeof(*tf))) == NULL) {
		buf_printf(errs, "tenant load: out of memory\n");
		goto out;
	}
	for (i = 0; i < nfiles; i++)
		if (check_one(&s, files[i], &tf[i], errs) == -1)
			bad = 1;
	if (bad || check_set(&l, tf, nfiles) == -1)
		goto out;
	if (nfiles == 0) {
		rc = 0;
		goto out;
	}
	if (loader_open(&l, m, errs) == -1)
		goto out;
	/* A deadlock is retried from the start; the messages of a failed
	 * attempt are dropped when a later one succeeds. */
	errlen = errs->len;
	for (attempt = 1; attempt <= DB_RETRIES; attempt++) {
		if ((rc = load_txn(&l, tf, nfiles)) != -1 ||
		    l.dberrno != ER_LOCK_DEADLOCK || attempt == DB_RETRIES)
			break;
		errs->len = errlen;
		if (errs->ptr != NULL)
			errs->ptr[errlen] = '\0';
	}
	if (rc != 0) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < nfiles; i++)
		buf_printf(out, "loaded %s (%s, %s): %zu staff accounts (%zu "
		    "new), %zu class links (%zu new)\n", tf[i].info.slug,
		    tf[i].info.kind, tf[i].info.name, tf[i].nstaff,
		    tf[i].staff_new, tf[i].nlinks, tf[i].links_new);
out:
	loader_close(&l);
	for (i = 0; tf != NULL && i < nfiles; i++)
		tenant_file_free(&tf[i]);
	free(tf);
	xml_schema_free(&s);
	return rc;
}
