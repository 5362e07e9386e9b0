/* Federated log-in, the part that does not depend on the protocol: what
 * an IdP said about someone (struct sso_identity), and which imported
 * account that is (sso_link).  Linking, not creating: the first log-in
 * links the identity to the account the decaan imported (students by the
 * leerlingnummer the IdP releases, staff by e-mail), later ones find the
 * stored link by (issuer, subject).  The home organisation must be the
 * school's and eduPersonAffiliation must fit the account's role, on every
 * log-in, not only the first.  No HTTP here: fcgi/page_sso.c turns the
 * decision into a session or a refusal page. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "role.h"
#include "sso.h"

int
sso_identity_init(struct sso_identity *id, enum sso_protocol protocol,
    long long tenant_id, const char *issuer, const char *subject)
{
	memset(id, 0, sizeof(*id));
	if (issuer == NULL || subject == NULL || issuer[0] == '\0' ||
	    subject[0] == '\0' || strlen(issuer) > SSO_MAX_ISSUER ||
	    strlen(subject) > SSO_MAX_SUBJECT)
		return -1;
	id->protocol = protocol;
	id->tenant_id = tenant_id;
	memcpy(id->issuer, issuer, strlen(issuer) + 1);
	memcpy(id->subject, subject, strlen(subject) + 1);
	return 0;
}

/* SAML's OID names of the attributes we know, and their friendly ones
 * (the eduPerson and SCHAC schemas, Entree's nlEduPerson). */
static const struct {
	const char *oid, *name;
} oids[] = {
	{ "urn:oid:1.3.6.1.4.1.5923.1.1.1.1", "eduPersonAffiliation" },
	{ "urn:oid:1.3.6.1.4.1.5923.1.1.1.9", "eduPersonScopedAffiliation" },
	{ "urn:oid:0.9.2342.19200300.100.1.3", "mail" },
	{ "urn:oid:0.9.2342.19200300.100.1.1", "uid" },
	{ "urn:oid:2.16.840.1.113730.3.1.3", "employeeNumber" },
	{ "urn:oid:1.3.6.1.4.1.1076.20.100.10.10.2",
	    "nlEduPersonHomeOrganizationId" },
	{ "urn:oid:1.3.6.1.4.1.25178.1.2.9", "schacHomeOrganization" },
};

static const char *
friendly(const char *name)
{
	static const char mace[] = "urn:mace:dir:attribute-def:";
	size_t	 i;

	if (strncmp(name, mace, sizeof(mace) - 1) == 0)
		return name + sizeof(mace) - 1;
	for (i = 0; i < sizeof(oids) / sizeof(oids[0]); i++)
		if (strcmp(name, oids[i].oid) == 0)
			return oids[i].name;
	return name;
}

static void
put(char *dst, size_t size, const char *value)
{
	if (strlen(value) < size)
		memcpy(dst, value, strlen(value) + 1);
}

void
sso_identity_add(struct sso_identity *id, const struct tenant_sso *t,
    const char *name, const char *value)
{
	if (name == NULL || value == NULL || t == NULL)
		return;
	name = friendly(name);
	/* One attribute may carry two things (uid as leerlingnummer and
	 * mail, say): each is checked. */
	if (strcmp(name, t->attr_home_org) == 0)
		put(id->home_org, sizeof(id->home_org), value);
	if (strcmp(name, t->attr_student) == 0)
		put(id->student_id, sizeof(id->student_id), value);
	if (strcmp(name, t->attr_email) == 0)
		put(id->email, sizeof(id->email), value);
	if (strcmp(name, t->attr_affiliation) == 0 &&
	    id->naffiliation < SSO_MAX_AFFIL &&
	    strlen(value) <= SSO_MAX_VALUE) {
		put(id->affiliation[id->naffiliation],
		    sizeof(id->affiliation[0]), value);
		id->naffiliation++;
	}
}

int
sso_password_allowed(const struct tenant_sso *t, unsigned int role)
{
	if (t == NULL || t->protocol == SSO_NONE)
		return 1;
	return (t->password_roles & role) != 0;
}

static int
has_affiliation(const struct sso_identity *id, const char *what)
{
	size_t	 i;
	char	 v[SSO_MAX_VALUE + 1];

	for (i = 0; i < id->naffiliation; i++) {
		/* eduPersonScopedAffiliation: "student@school.nl". */
		snprintf(v, sizeof(v), "%s", id->affiliation[i]);
		v[strcspn(v, "@")] = '\0';
		if (strcasecmp(v, what) == 0)
			return 1;
	}
	return 0;
}

/* Does what the IdP says the person is fit the account's role?  A
 * student must be a student there, staff must be staff (employee, staff
 * or faculty); someone who is both fits neither, so a teacher's account
 * cannot be reached with a student's. */
static int
affiliation_fits(const struct sso_identity *id, unsigned int role)
{
	int	 student = has_affiliation(id, "student");
	int	 staff = has_affiliation(id, "employee") ||
	    has_affiliation(id, "staff") || has_affiliation(id, "faculty");

	if (role == ROLE_LEERLING)
		return student && !staff;
	return staff && !student;
}

/* The leerlingnummer as the student list stores it (the import's
 * normalisation, fcgi/field.c: digits without leading zeros). */
static int
student_login(const char *in, char *out, size_t size)
{
	size_t	 i, n = strlen(in);
	int	 digits = n > 0;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)in[i]))
			digits = 0;
	if (digits)
		while (*in == '0' && in[1] != '\0')
			in++;
	if (*in == '\0' || strlen(in) >= size)
		return -1;
	snprintf(out, size, "%s", in);
	return 0;
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* The account an unlinked identity belongs to, found by what the school
 * imported: 0 with *id_out 0 when nothing (or more than one) matches. */
static enum ddd_err
find_imported(struct db *db, const struct sso_identity *id,
    long long *id_out, unsigned int *role_out)
{
	struct db_result res;
	char		 key[SSO_MAX_VALUE + 1];
	enum ddd_err	 e;

	int		 student = has_affiliation(id, "student");
	int		 staff = has_affiliation(id, "employee") ||
	    has_affiliation(id, "staff") || has_affiliation(id, "faculty");

	*id_out = 0;
	*role_out = 0;
	/* A student by the leerlingnummer, staff by the address; someone the
	 * IdP calls neither is looked up both ways, and then refused for
	 * the affiliation (sso_link). */
	if ((student || !staff) && id->student_id[0] != '\0' &&
	    student_login(id->student_id, key, sizeof(key)) == 0) {
		struct db_param p[2] = { DB_P_INT(id->tenant_id),
		    DB_P_STR(key) };
		if ((e = db_run(db, STMT_ACCOUNT_ROLE_BY_LOGIN, p, 2, &res)) !=
		    DDD_OK)
			return e;
		if (res.nrows == 1 && role_bit(DB_COL(&res, 0, "role")) ==
		    ROLE_LEERLING) {
			*id_out = strtoll(DB_COL(&res, 0, "id"), NULL, 10);
			*role_out = ROLE_LEERLING;
		}
		db_result_free(&res);
		if (*id_out != 0)
			return DDD_OK;
	}
	/* Staff: the e-mail address, which is a staff account's log-in
	 * name (lower case). */
	if ((staff || !student) && id->email[0] != '\0' &&
	    strchr(id->email, '@') != NULL) {
		snprintf(key, sizeof(key), "%s", id->email);
		lower(key);
		struct db_param p[2] = { DB_P_INT(id->tenant_id),
		    DB_P_STR(key) };
		if ((e = db_run(db, STMT_ACCOUNT_ROLE_BY_LOGIN, p, 2, &res)) !=
		    DDD_OK)
			return e;
		if (res.nrows == 1 && role_bit(DB_COL(&res, 0, "role")) !=
		    ROLE_LEERLING) {
			*id_out = strtoll(DB_COL(&res, 0, "id"), NULL, 10);
			*role_out = role_bit(DB_COL(&res, 0, "role"));
		}
		db_result_free(&res);
	}
	return DDD_OK;
}

static const char *
protocol_name(enum sso_protocol p)
{
	return p == SSO_SAML ? "saml" : "oidc";
}

enum ddd_err
sso_link(struct db *db, const struct tenant_sso *t,
    const struct sso_identity *id, long long *account_id,
    enum sso_refusal *why)
{
	struct db_result res;
	long long	 acct = 0;
	unsigned int	 role = 0;
	int		 linked = 0;
	enum ddd_err	 e;

	*account_id = 0;
	*why = SSO_NOT_CONFIGURED;
	if (t == NULL || t->protocol != id->protocol)
		return DDD_OK;
	/* The hub is shared: the home organisation tells the schools apart,
	 * on every log-in. */
	*why = SSO_WRONG_ORG;
	if (id->home_org[0] == '\0' || strcasecmp(id->home_org,
	    t->home_org) != 0)
		return DDD_OK;
	{
		struct db_param p[3] = { DB_P_INT(id->tenant_id),
		    DB_P_STR(id->issuer), DB_P_STR(id->subject) };
		if ((e = db_run(db, STMT_SSO_LINK_BY_SUBJECT, p, 3, &res)) !=
		    DDD_OK)
			return e;
		if (res.nrows == 1) {
			acct = strtoll(DB_COL(&res, 0, "id"), NULL, 10);
			role = role_bit(DB_COL(&res, 0, "role"));
			linked = 1;
		}
		db_result_free(&res);
	}
	if (!linked && (e = find_imported(db, id, &acct, &role)) != DDD_OK)
		return e;
	*why = SSO_NO_ACCOUNT;
	if (acct == 0)
		return DDD_OK;
	*why = SSO_AFFILIATION;
	if (!affiliation_fits(id, role))
		return DDD_OK;
	if (linked) {
		struct db_param p[2] = { DB_P_INT(acct),
		    DB_P_INT(id->tenant_id) };
		if ((e = db_run(db, STMT_SSO_LINK_TOUCH, p, 2, NULL)) != DDD_OK)
			return e;
	} else {
		struct db_param p[5] = { DB_P_INT(acct),
		    DB_P_INT(id->tenant_id), DB_P_STR(protocol_name(
		    id->protocol)), DB_P_STR(id->issuer),
		    DB_P_STR(id->subject) };
		e = db_run(db, STMT_SSO_LINK_INSERT, p, 5, NULL);
		/* The account is linked to another identity already. */
		if (e == DDD_ERR_CONFLICT) {
			*why = SSO_LINKED_ELSEWHERE;
			return DDD_OK;
		}
		if (e != DDD_OK)
			return e;
		log_info("sso_linked", "tenant=%lld account=%lld protocol=%s",
		    id->tenant_id, acct, protocol_name(id->protocol));
	}
	*account_id = acct;
	*why = SSO_OK;
	return DDD_OK;
}
