/* Checking tenant files: parse (no DTD, no entities, no network),
 * validate against schema/tenant.rng, then the checks the schema cannot
 * express or would report unclearly.  Loading a checked set is
 * tenant_load.c; reading a loaded file for use is tenant_config.c.
 *
 * Every problem becomes one line "file:line: message" in errs.  Stages:
 * reading (size, UTF-8), parsing (well-formedness; the first error only,
 * later ones are mostly its echoes), RELAX NG (libxml2's messages,
 * rewritten into plain English), all three in xmlcheck.c; then the
 * checks below, which run only on a file that passed the schema. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "req.h"
#include "webhook.h"
#include "sso_config.h"
#include "settings.h"
#include "tenant_file.h"

#define MAX_TEXT	TENANT_MAX_TEXT
#define MAX_LABEL	1000		/* question label */
#define MAX_HELP	2000		/* question help text */
#define MAX_LOGO	(96 * 1024)	/* the logo's data: URI, in bytes */
#define MAX_CLASS	TENANT_MAX_CLASS
#define MAX_ID		64
#define MIN_CONSENT_AGE	12
#define MAX_CONSENT_AGE	21

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
    "mentors", "extra-questions", "audit-retention-months" };
#define NVO_ONLY	(sizeof(vo_only) / sizeof(vo_only[0]))

const struct xml_kind tenant_kind = {
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
		if (xml_child(root, TENANT_NS, "deadlines") == NULL)
			xml_report_add(r, tf->line, "a VO school needs "
			    "<deadlines>");
		if (xml_child(root, TENANT_NS, "participating-mbos") == NULL)
			xml_report_add(r, tf->line, "a VO school needs "
			    "<participating-mbos> (it may be empty)");
		if (xml_child(root, TENANT_NS, "decanen") == NULL)
			xml_report_add(r, tf->line, "a VO school needs "
			    "<decanen> with at least one <decaan>");
	} else if (xml_child(root, TENANT_NS, "staff") == NULL)
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
			char why[160], url[WEBHOOK_MAX_URL + 2];
			if (attr_get(c, "url", url, sizeof(url)) < 0 ||
			    strlen(url) > WEBHOOK_MAX_URL)
				xml_report_add(r, line_of(c), "webhook url is "
				    "longer than %d bytes", WEBHOOK_MAX_URL);
			else if (!webhook_url_ok(url, why, sizeof(why)))
				xml_report_add(r, line_of(c), "webhook url "
				    "'%.80s': %s", url, why);
		}
		else if (is_el(c, "sso")) {
			sso_config_check(r, c, tf->info.brin);
			if (attr_get(c, "label", v, sizeof(v)) >= 0 &&
			    strlen(v) < sizeof(tf->info.sso_label))
				memcpy(tf->info.sso_label, v, strlen(v) + 1);
		}
		else if (is_el(c, "parent-consent-under"))
			check_consent_age(r, c);
		else if (is_el(c, "upload-max-mb"))
			check_number(r, c, "upload-max-mb", UPLOAD_MAX_MB_LIMIT);
		else if (is_el(c, "retention-months"))
			check_number(r, c, "retention-months",
			    RETENTION_MONTHS_LIMIT);
		else if (is_el(c, "audit-retention-months"))
			check_number(r, c, "audit-retention-months",
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

void
tenant_file_free(struct tenant_file *tf)
{
	free(tf->text);
	free(tf->mbos);
	free(tf->staff);
	free(tf->links);
	memset(tf, 0, sizeof(*tf));
}

int
tenant_file_check(const struct xml_schema *s, const char *path,
    struct tenant_file *tf, struct buf *errs)
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
	rc = tenant_file_check(&s, path, &tf, errs);
	if (rc == 0 && info != NULL)
		*info = tf.info;
	tenant_file_free(&tf);
	xml_schema_free(&s);
	return rc;
}
