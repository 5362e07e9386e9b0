#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "xmlout.h"

int
login_normalise(const char *in, char *out, size_t outlen)
{
	size_t	 i, n = strlen(in);
	int	 digits = n > 0, at = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)in[i]))
			digits = 0;
		if (in[i] == '@')
			at++;
	}
	if (digits) {
		while (*in == '0' && in[1] != '\0')
			in++;
		if (strcmp(in, "0") == 0 || strlen(in) >= outlen)
			return -1;
		snprintf(out, outlen, "%s", in);
		return 0;
	}
	if (at != 1 || n < 3 || n >= outlen || in[0] == '@' ||
	    in[n - 1] == '@')
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)in[i];
		if (ch <= ' ' || ch >= 0x7f)
			return -1;
		out[i] = (char)tolower(ch);
	}
	out[n] = '\0';
	return 0;
}

static int
valid_kind(enum field_kind k, char *v, size_t *len)
{
	size_t	 i, j;
	char	 tmp[300];

	switch (k) {
	case FIELD_TEXT:
	case FIELD_PASSWORD:
		for (i = 0; i < *len; i++)
			if ((unsigned char)v[i] < 0x20)
				return 0;
		return 1;
	case FIELD_LONGTEXT:
		for (i = 0; i < *len; i++)
			if ((unsigned char)v[i] < 0x20 && v[i] != '\n' &&
			    v[i] != '\r' && v[i] != '\t')
				return 0;
		return 1;
	case FIELD_SLUG:
		for (i = 0; i < *len; i++)
			if (!islower((unsigned char)v[i]) &&
			    !isdigit((unsigned char)v[i]) && v[i] != '-')
				return 0;
		return 1;
	case FIELD_LOGIN:
		return login_normalise(v, tmp, sizeof(tmp)) == 0;
	case FIELD_DIGITS:
		for (i = j = 0; i < *len; i++) {
			if (v[i] == ' ' || v[i] == '.')
				continue;
			if (!isdigit((unsigned char)v[i]))
				return 0;
			v[j++] = v[i];
		}
		v[j] = '\0';
		*len = j;
		return 1;
	case FIELD_TOKEN:
		if (*len != CRYPTO_TOKEN_LEN)
			return 0;
		for (i = 0; i < *len; i++)
			if (!isalnum((unsigned char)v[i]) && v[i] != '-' &&
			    v[i] != '_')
				return 0;
		return 1;
	}
	return 0;
}

static void
add_error(xmlNodePtr errors, const char *field, const char *fmt,
    const char *label)
{
	char	 msg[300];
	xmlNodePtr e;

	if (errors == NULL)
		return;
	snprintf(msg, sizeof(msg), fmt, label);
	e = xo_el(errors, "error", msg);
	xo_attr(e, "field", field);
}

size_t
field_read(struct ctx *c, const struct field *f, size_t n,
    struct field_value *vals, xmlNodePtr errors)
{
	const struct kv	*kv;
	size_t		 i, bad = 0, len;
	char		*v, *s, *e;

	for (i = 0; i < n; i++) {
		vals[i].v = NULL;
		vals[i].len = 0;
		kv = c->method == HTTP_POST ? kv_get(&c->form, f[i].name) :
		    kv_get(&c->query, f[i].name);
		s = kv != NULL ? kv->val : "";
		len = kv != NULL ? kv->vallen : 0;
		if (f[i].kind != FIELD_PASSWORD) {
			e = s + len;
			while (s < e && isspace((unsigned char)*s))
				s++;
			while (e > s && isspace((unsigned char)e[-1]))
				e--;
			len = (size_t)(e - s);
		}
		if (len == 0) {
			if (f[i].required) {
				add_error(errors, f[i].name,
				    "Vul %s in.", f[i].label);
				bad++;
			}
			continue;
		}
		if (len > f[i].max) {
			add_error(errors, f[i].name, "%s is te lang.",
			    f[i].label);
			bad++;
			continue;
		}
		if ((v = malloc(len + 1)) == NULL) {
			bad++;
			continue;
		}
		memcpy(v, s, len);
		v[len] = '\0';
		if (!valid_kind(f[i].kind, v, &len)) {
			add_error(errors, f[i].name, "%s is niet goed "
			    "ingevuld.", f[i].label);
			free(v);
			bad++;
			continue;
		}
		vals[i].v = v;
		vals[i].len = len;
	}
	return bad;
}

void
field_values_free(struct field_value *vals, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (vals[i].v != NULL)
			crypto_wipe(vals[i].v, vals[i].len);
		free(vals[i].v);
		vals[i].v = NULL;
	}
}

void
field_echo(struct ctx *c, const struct field *f, size_t n, xmlNodePtr parent)
{
	const struct kv	*kv;
	xmlNodePtr	 form = xo_el(parent, "form", NULL);
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (f[i].kind == FIELD_PASSWORD || f[i].kind == FIELD_TOKEN)
			continue;
		kv = c->method == HTTP_POST ? kv_get(&c->form, f[i].name) :
		    kv_get(&c->query, f[i].name);
		if (kv != NULL)
			xo_eln(form, f[i].name, kv->val, kv->vallen);
	}
}
