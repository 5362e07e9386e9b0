/* Form definitions (forms.c): the shipped forms in schema/forms load and
 * say what the issue asks of them; every NAME.xml in tests/data/forms is
 * loaded alone (copied into an empty directory) and, unless it is named
 * good-*.xml, fails with exactly the lines of NAME.expected (paths as the
 * bare file name); then percentages, conditions, form_check for every
 * type and form_to_xml. */

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

#include "buf.h"
#include "forms.h"
#include "tap.h"

#define MAX_FILES	200

static char	 srcdir_rng[1100], srcdir_forms[1100];

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
list_xml(const char *dir, char **names, int max)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 len;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL && n < max) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 4, ".xml") != 0)
			continue;
		if ((names[n] = strdup(de->d_name)) == NULL)
			break;
		n++;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(*names), name_cmp);
	return n;
}

static int
read_all(const char *path, struct buf *b)
{
	FILE	*f;
	char	 chunk[4096];
	size_t	 n;
	int	 rc = 0;

	buf_reset(b);
	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(b, chunk, n) != DDD_OK) {
			rc = -1;
			break;
		}
	if (ferror(f))
		rc = -1;
	fclose(f);
	if (rc == 0 && b->ptr == NULL)
		rc = buf_addstr(b, "") == DDD_OK ? 0 : -1;
	return rc;
}

static int
write_all(const char *path, const char *text, size_t len)
{
	FILE	*f;
	int	 rc;

	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	rc = fwrite(text, 1, len, f) == len ? 0 : -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

/* Copy of the messages with "prefix" removed where a line starts so. */
static void
strip_prefix(const char *in, const char *prefix, struct buf *out)
{
	size_t		 plen = strlen(prefix);
	const char	*nl;

	buf_reset(out);
	buf_addstr(out, "");
	while (in != NULL && *in != '\0') {
		if (strncmp(in, prefix, plen) == 0)
			in += plen;
		if ((nl = strchr(in, '\n')) == NULL) {
			buf_addstr(out, in);
			break;
		}
		buf_add(out, in, (size_t)(nl - in) + 1);
		in = nl + 1;
	}
}

/* A fresh empty directory under TMPDIR; 0 when made. */
static int
tmp_dir(char *dir, size_t size)
{
	const char	*t;

	if ((t = getenv("TMPDIR")) == NULL || *t == '\0')
		t = "/tmp";
	snprintf(dir, size, "%s/test-forms-XXXXXX", t);
	return mkdtemp(dir) != NULL ? 0 : -1;
}

/* Remove the directory and the files in it. */
static void
rm_dir(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[2048];

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* Load a directory holding just these files (name, text pairs). */
static int
load_files(const char *const *files, size_t n, struct form_cache *c,
    struct buf *errs, char *dir, size_t dirsize)
{
	char	 path[2048];
	size_t	 i;
	int	 rc;

	if (tmp_dir(dir, dirsize) == -1)
		return -2;
	for (i = 0; i + 1 < n * 2; i += 2) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if (write_all(path, files[i + 1], strlen(files[i + 1])) == -1)
			return -2;
	}
	rc = forms_load(c, dir, srcdir_rng, errs);
	rm_dir(dir);
	return rc;
}

/*
 * The shipped forms.
 */

struct want_step {
	const char	*form, *step, *title;
};

static void
count_form(const struct form_def *d, size_t *nq, size_t *nreq)
{
	size_t	 s, q;

	*nq = *nreq = 0;
	for (s = 0; s < d->nsteps; s++)
		for (q = 0; q < d->steps[s].nquestions; q++) {
			(*nq)++;
			if (d->steps[s].questions[q].required)
				(*nreq)++;
		}
}

static void
check_shipped(const struct form_cache *c)
{
	static const char *const ids[] = { "deel-a", "deel-b-leerling",
	    "deel-b-dossier" };
	static const char *const prefixes[] = { "a_", "bl_", "bd_" };
	static const struct want_step steps[] = {
		{ "deel-a", "persoonsgegevens", "Persoonsgegevens" },
		{ "deel-a", "opleiding", "Gekozen opleiding" },
		{ "deel-a", "schoolloopbaan", "Schoolloopbaan" },
		{ "deel-a", "stage", "Stage en werkervaring" },
		{ "deel-a", "loopbaanorientatie", "Loopbaanoriëntatie" },
		{ "deel-a", "sterke-punten",
		    "Sterke punten en aandachtspunten" },
		{ "deel-a", "ondersteuning", "Ondersteuning" },
		{ "deel-b-leerling", "schoolloopbaan",
		    "Schoolloopbaan en resultaten" },
		{ "deel-b-leerling", "verzuim", "Verzuim" },
		{ "deel-b-leerling", "functioneren", "Functioneren" },
		{ "deel-b-leerling", "ondersteuning",
		    "Ondersteuning → OPP en nader contact" },
		{ "deel-b-dossier", "advies",
		    "Advies over de opleidingskeuze" },
	};
	/* The questions the issue names, with their type. */
	static const struct {
		const char		*id;
		enum question_type	 type;
		int			 required;
		const char		*show_if, *show_value;
	} qs[] = {
		{ "a_mbo", Q_MBO, 1, "", NULL },
		{ "a_opleiding", Q_TEXT, 1, "", NULL },
		{ "a_crebo", Q_NUMBER, 0, "", NULL },
		{ "a_niveau", Q_CHOICE, 1, "", NULL },
		{ "a_leerweg", Q_CHOICE, 1, "", NULL },
		{ "a_startdatum", Q_DATE, 0, "", NULL },
		{ "a_gedoubleerd", Q_YES_NO, 1, "", NULL },
		{ "a_gedoubleerd_toelichting", Q_LONG_TEXT, 1, "a_gedoubleerd",
		    "ja" },
		{ "a_bijbaan", Q_YES_NO, 1, "", NULL },
		{ "a_bijbaan_wat", Q_LONG_TEXT, 1, "a_bijbaan", "ja" },
		{ "a_keuze_hoe", Q_MULTI_CHOICE, 1, "", NULL },
		{ "a_motivatie", Q_LONG_TEXT, 1, "", NULL },
		{ "a_ondersteuning", Q_YES_NO, 1, "", NULL },
		{ "a_ondersteuning_welke", Q_MULTI_CHOICE, 1,
		    "a_ondersteuning", "ja" },
		{ "a_medisch", Q_YES_NO, 1, "", NULL },
		{ "a_medisch_toelichting", Q_LONG_TEXT, 1, "a_medisch", "ja" },
		{ "bl_verzuim", Q_CHOICE, 1, "", NULL },
		{ "bl_verzuim_toelichting", Q_LONG_TEXT, 1, "bl_verzuim",
		    "veel" },
		{ "bl_opp", Q_YES_NO, 1, "", NULL },
		{ "bl_warme_overdracht", Q_YES_NO, 1, "", NULL },
		{ "bl_contact", Q_YES_NO, 1, "", NULL },
		{ "bl_contact_naam", Q_TEXT, 1, "bl_contact", "ja" },
		{ "bl_contact_email", Q_TEXT, 1, "bl_contact", "ja" },
		{ "bl_contact_telefoon", Q_TEXT, 0, "bl_contact", "ja" },
		{ "bd_advies", Q_CHOICE, 1, "", NULL },
		{ "bd_onderbouwing", Q_LONG_TEXT, 1, "", NULL },
		{ "bd_aandachtspunten", Q_LONG_TEXT, 0, "", NULL },
	};
	static const char *const advies[] = { "positief",
	    "positief-aandachtspunten", "twijfel", "negatief" };
	const struct form_def		*d, *d2;
	const struct form_step		*st;
	const struct form_question	*q, *q2;
	char				 line[300];
	size_t				 i, j, s, k, s2, k2, nq, nreq, dup = 0;
	size_t				 badprefix = 0, badlabel = 0;

	is_int(c->n, 3, "three shipped forms");
	for (i = 0; i < 3; i++) {
		ok((d = forms_find(c, ids[i])) != NULL, "form %s is there",
		    ids[i]);
		if (d == NULL)
			continue;
		count_form(d, &nq, &nreq);
		snprintf(line, sizeof(line), "%s: %zu steps, %zu questions, "
		    "%zu required", d->id, d->nsteps, nq, nreq);
		diag(line);
		ok(d->title != NULL && d->title[0] != '\0' && nq >= 5 &&
		    nreq >= 4, "%s has a title, questions, required ones",
		    ids[i]);
		for (s = 0; s < d->nsteps; s++)
			for (k = 0; k < d->steps[s].nquestions; k++) {
				q = &d->steps[s].questions[k];
				if (strncmp(q->id, prefixes[i],
				    strlen(prefixes[i])) != 0)
					badprefix++;
				if (q->label == NULL || q->label[0] == '\0')
					badlabel++;
			}
	}
	is_int(badprefix, 0, "every question id has its form's prefix");
	is_int(badlabel, 0, "every question has a label");
	ok(forms_find(c, "deel-c") == NULL && forms_find(c, NULL) == NULL &&
	    forms_find(NULL, "deel-a") == NULL, "forms_find: unknown is NULL");

	/* Question ids unique across all forms. */
	for (i = 0; i < c->n; i++)
		for (s = 0; s < c->forms[i].nsteps; s++)
			for (k = 0; k < c->forms[i].steps[s].nquestions; k++) {
				q = &c->forms[i].steps[s].questions[k];
				for (j = 0; j <= i; j++) {
					d2 = &c->forms[j];
					for (s2 = 0; s2 < d2->nsteps; s2++)
						for (k2 = 0; k2 <
						    d2->steps[s2].nquestions;
						    k2++) {
							q2 = &d2->steps[s2].
							    questions[k2];
							if (q2 != q && strcmp(
							    q->id, q2->id) ==
							    0)
								dup++;
						}
				}
			}
	is_int(dup, 0, "question ids are unique across all forms");

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		d = forms_find(c, steps[i].form);
		for (s = 0; d != NULL && s < d->nsteps; s++)
			if (strcmp(d->steps[s].id, steps[i].step) == 0)
				break;
		ok(d != NULL && s < d->nsteps &&
		    strcmp(d->steps[s].title, steps[i].title) == 0,
		    "%s has step %s '%s'", steps[i].form, steps[i].step,
		    steps[i].title);
	}
	d = forms_find(c, "deel-a");
	is_int(d != NULL ? d->nsteps : 0, 7, "deel-a has seven steps");

	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		q = NULL;
		for (j = 0; j < c->n && q == NULL; j++)
			q = form_question(&c->forms[j], qs[i].id, &st);
		ok(q != NULL && q->type == qs[i].type &&
		    q->required == qs[i].required &&
		    strcmp(q->show_if, qs[i].show_if) == 0 &&
		    (qs[i].show_value == NULL ? q->show_value == NULL :
		    q->show_value != NULL &&
		    strcmp(q->show_value, qs[i].show_value) == 0),
		    "question %s: type, required, condition", qs[i].id);
	}
	d = forms_find(c, "deel-a");
	q = form_question(d, "a_crebo", NULL);
	ok(q != NULL && q->min == 10000 && q->max == 99999,
	    "a_crebo: 10000 to 99999");
	q = form_question(d, "a_niveau", NULL);
	ok(q != NULL && q->noptions == 4 &&
	    strcmp(q->options[0].value, "1") == 0 &&
	    strcmp(q->options[3].value, "4") == 0, "a_niveau: 1 to 4");
	q = form_question(d, "a_leerweg", NULL);
	ok(q != NULL && q->noptions >= 2 &&
	    strcmp(q->options[0].value, "bol") == 0 &&
	    strcmp(q->options[1].value, "bbl") == 0, "a_leerweg: BOL, BBL");
	q = form_question(d, "a_opleiding", NULL);
	ok(q != NULL && q->max == 200, "text defaults to 200 characters");
	q = form_question(d, "a_motivatie", NULL);
	ok(q != NULL && q->max == 4000,
	    "long-text defaults to 4000 characters");
	q = form_question(d, "a_ondersteuning_welke", NULL);
	for (i = 0, j = 0; q != NULL && i < q->noptions; i++)
		if (strcmp(q->options[i].value, "dyslexie") == 0 ||
		    strcmp(q->options[i].value, "dyscalculie") == 0 ||
		    strcmp(q->options[i].value, "adhd") == 0 ||
		    strcmp(q->options[i].value, "autisme") == 0)
			j++;
	is_int(j, 4, "a_ondersteuning_welke offers dyslexie, dyscalculie, "
	    "AD(H)D, autisme");
	q = form_question(forms_find(c, "deel-b-dossier"), "bd_advies", NULL);
	ok(q != NULL && q->noptions == 4, "bd_advies has four options");
	for (i = 0; q != NULL && i < 4 && i < q->noptions; i++)
		is_str(q->options[i].value, advies[i], "bd_advies option %zu",
		    i + 1);
	q = form_question(forms_find(c, "deel-b-leerling"), "bl_contact_naam",
	    &st);
	ok(q != NULL && st != NULL && strcmp(st->id, "ondersteuning") == 0,
	    "form_question gives the step too");
	ok(form_question(d, "bl_contact", NULL) == NULL,
	    "form_question: a question of another form is not found");
	ok(form_question(d, "nope", &st) == NULL && st == NULL,
	    "form_question: unknown is NULL, step NULL");
}

static void
check_load_shipped(struct form_cache *c)
{
	struct buf	 errs;
	int		 rc;

	buf_init(&errs, 1024 * 1024);
	rc = forms_load(c, srcdir_forms, srcdir_rng, &errs);
	ok(rc == 0 && errs.len == 0, "the shipped forms load");
	if (rc != 0)
		diag(errs.ptr);
	ok(xmlStructuredError == NULL && xmlStructuredErrorContext == NULL,
	    "libxml2 structured error handler restored");
	buf_free(&errs);
}

/*
 * Bad (and good) definitions.
 */

static void
check_data(const char *srcdir)
{
	struct form_cache	 c;
	struct buf		 errs, want, got, text;
	char			 dir[1024], tmp[1024], prefix[1100];
	char			 path[2048], *names[MAX_FILES];
	size_t			 len;
	int			 n, j, rc, nbad = 0, ngood = 0;

	buf_init(&errs, 1024 * 1024);
	buf_init(&want, 1024 * 1024);
	buf_init(&got, 1024 * 1024);
	buf_init(&text, 2 * 1024 * 1024);
	snprintf(dir, sizeof(dir), "%s/tests/data/forms", srcdir);
	n = list_xml(dir, names, MAX_FILES);
	ok(n > 0, "test files found in %s", dir);
	for (j = 0; j < n; j++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[j]);
		if (read_all(path, &text) == -1 || tmp_dir(tmp,
		    sizeof(tmp)) == -1) {
			ok(0, "%s: cannot read or make a directory", names[j]);
			free(names[j]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", tmp, names[j]);
		write_all(path, text.ptr, text.len);
		buf_reset(&errs);
		rc = forms_load(&c, tmp, srcdir_rng, &errs);
		rm_dir(tmp);
		snprintf(prefix, sizeof(prefix), "%s/", tmp);
		len = strlen(names[j]) - 4;
		snprintf(path, sizeof(path), "%s/%.*s.expected", dir, (int)len,
		    names[j]);
		if (strncmp(names[j], "good-", 5) == 0) {
			ngood++;
			ok(rc == 0 && errs.len == 0 && c.n == 1, "%s passes",
			    names[j]);
			if (rc != 0)
				diag(errs.ptr);
			ok(access(path, F_OK) != 0, "%s has no .expected",
			    names[j]);
			forms_free(&c);
			free(names[j]);
			continue;
		}
		nbad++;
		ok(rc == -1 && c.n == 0 && c.forms == NULL, "%s is refused",
		    names[j]);
		if (read_all(path, &want) == -1) {
			ok(0, "%s: cannot read %s", names[j], path);
			free(names[j]);
			continue;
		}
		strip_prefix(errs.ptr, prefix, &got);
		is_str(got.ptr, want.ptr, "%s: messages as expected",
		    names[j]);
		free(names[j]);
	}
	ok(ngood >= 2 && nbad >= 25, "%d good and %d bad test files", ngood,
	    nbad);
	ok(xmlStructuredError == NULL && xmlStructuredErrorContext == NULL,
	    "libxml2 structured error handler restored after bad files");
	buf_free(&errs);
	buf_free(&want);
	buf_free(&got);
	buf_free(&text);
}

#define FORM_HEAD	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
			"<form xmlns=\"urn:ddd:form:1\" id=\"%s\" " \
			"title=\"T\">\n<step id=\"s\" title=\"S\">\n"
#define FORM_Q		"<question id=\"%s\" type=\"text\"><label>L" \
			"</label></question>\n"
#define FORM_TAIL	"</step>\n</form>\n"

/* Things that need more than one file, or no file at all. */
static void
check_sets(void)
{
	struct form_cache	 c;
	struct buf		 errs;
	char			 dir[1024], a[512], b[512], want[1200];
	const char		*files[4];
	int			 rc;

	buf_init(&errs, 1024 * 1024);
	snprintf(a, sizeof(a), FORM_HEAD FORM_Q FORM_Q FORM_TAIL, "een",
	    "x_een", "x_twee");
	snprintf(b, sizeof(b), FORM_HEAD FORM_Q FORM_Q FORM_TAIL, "twee",
	    "x_drie", "x_twee");
	files[0] = "a.xml";
	files[1] = a;
	files[2] = "b.xml";
	files[3] = b;
	rc = load_files(files, 2, &c, &errs, dir, sizeof(dir));
	snprintf(want, sizeof(want), "%s/b.xml:5: question id 'x_twee' is "
	    "also used by form 'een' (a.xml:5)\n", dir);
	ok(rc == -1 && c.n == 0, "a question id in two forms is refused");
	is_str(errs.ptr, want, "... with both places named");

	buf_reset(&errs);
	snprintf(b, sizeof(b), FORM_HEAD FORM_Q FORM_TAIL, "een", "x_drie");
	rc = load_files(files, 2, &c, &errs, dir, sizeof(dir));
	snprintf(want, sizeof(want), "%s/b.xml:2: form id 'een' is also used "
	    "by a.xml\n", dir);
	ok(rc == -1, "a form id in two files is refused");
	is_str(errs.ptr, want, "... with both files named");

	buf_reset(&errs);
	snprintf(b, sizeof(b), FORM_HEAD FORM_Q FORM_TAIL, "twee", "x_drie");
	files[2] = ".b.xml";		/* dot files are skipped */
	rc = load_files(files, 2, &c, &errs, dir, sizeof(dir));
	ok(rc == 0 && c.n == 1 && errs.len == 0, "dot files are skipped");
	forms_free(&c);
	ok(c.n == 0 && c.forms == NULL, "forms_free empties the cache");
	forms_free(&c);
	forms_free(NULL);

	buf_reset(&errs);
	rc = load_files(files, 0, &c, &errs, dir, sizeof(dir));
	ok(rc == -1 && errs.ptr != NULL &&
	    strstr(errs.ptr, "no form definitions") != NULL,
	    "an empty directory is an error");

	buf_reset(&errs);
	rc = forms_load(&c, "/nonexistent/forms", srcdir_rng, &errs);
	ok(rc == -1 && errs.ptr != NULL && strncmp(errs.ptr,
	    "/nonexistent/forms: cannot open", 31) == 0,
	    "a missing directory is reported with its name");

	buf_reset(&errs);
	rc = forms_load(&c, srcdir_forms, "/nonexistent/form.rng", &errs);
	ok(rc == -1 && errs.len > 0 && c.n == 0,
	    "a missing schema is an error");

	rc = forms_load(&c, "/nonexistent/forms", srcdir_rng, NULL);
	ok(rc == -1, "errs may be NULL");
	ok(xmlStructuredError == NULL && xmlStructuredErrorContext == NULL,
	    "libxml2 structured error handler restored");
	buf_free(&errs);
}

/*
 * Answers.
 */

static int
percent(const struct form_def *d, const char *step,
    const struct form_answer *a, size_t n)
{
	size_t	 s;

	for (s = 0; d != NULL && s < d->nsteps; s++)
		if (strcmp(d->steps[s].id, step) == 0)
			return form_step_percent(d, &d->steps[s], a, n);
	return -1;
}

#define ANS(id, v)	{ id, v, sizeof(v) - 1 }

static void
check_percent(const struct form_cache *c)
{
	const struct form_def	*bl = forms_find(c, "deel-b-leerling");
	const struct form_def	*a = forms_find(c, "deel-a");
	struct form_answer	 none[1] = { ANS("x", "") };
	struct form_answer	 nee[] = {
		ANS("bl_ondersteuning", "nee"), ANS("bl_opp", "nee"),
		ANS("bl_warme_overdracht", "ja"), ANS("bl_contact", "nee"),
	};
	/* bl_contact = ja shows two more required questions. */
	struct form_answer	 ja[] = {
		ANS("bl_ondersteuning", "nee"), ANS("bl_opp", "nee"),
		ANS("bl_warme_overdracht", "ja"), ANS("bl_contact", "ja"),
		ANS("bl_contact_naam", "M. de Vries"),
		ANS("bl_contact_email", ""),
	};
	/* Hidden: answered, but bl_contact is nee. */
	struct form_answer	 hidden[] = {
		ANS("bl_ondersteuning", "nee"), ANS("bl_opp", "nee"),
		ANS("bl_warme_overdracht", "ja"), ANS("bl_contact", "nee"),
		ANS("bl_contact_naam", "M. de Vries"),
	};
	struct form_answer	 partly[] = {
		ANS("bl_ondersteuning", "nee"), ANS("bl_opp", "misschien"),
		ANS("bl_warme_overdracht", "  \r\n"),
	};
	struct form_answer	 verzuim[] = { ANS("bl_verzuim", "veel") };
	struct form_answer	 keuze[] = {
		ANS("a_keuze_hoe", "open-dag\nanders"),
		ANS("a_motivatie", "Ik werk graag met mensen."),
		ANS("a_zekerheid", "zeker"),
	};
	const struct form_question	*q;

	is_int(percent(bl, "ondersteuning", NULL, 0), 0,
	    "nothing answered: 0%%");
	is_int(percent(bl, "ondersteuning", none, 1), 0,
	    "an answer to another question: 0%%");
	is_int(percent(bl, "ondersteuning", nee, 4), 100,
	    "all four shown required questions answered: 100%%");
	is_int(percent(bl, "ondersteuning", nee, 3), 75, "three of four: 75%%");
	is_int(percent(bl, "ondersteuning", ja, 5), 83,
	    "bl_contact ja shows two more required questions: 5 of 6, 83%% "
	    "(rounded down)");
	is_int(percent(bl, "ondersteuning", ja, 6), 83,
	    "an empty answer is not an answer");
	ja[5].value = "m.devries@school.example";
	ja[5].len = strlen(ja[5].value);
	is_int(percent(bl, "ondersteuning", ja, 6), 100,
	    "the shown required questions answered too: 100%%");
	is_int(percent(bl, "ondersteuning", hidden, 5), 100,
	    "a hidden required question does not count");
	is_int(percent(bl, "ondersteuning", partly, 3), 25,
	    "a bad answer or only white space does not count");
	is_int(percent(bl, "verzuim", NULL, 0), 0, "verzuim: 0%% unanswered");
	is_int(percent(bl, "verzuim", verzuim, 1), 33,
	    "verzuim veel shows toelichting and leerplicht: 1 of 3, 33%%");
	verzuim[0].value = "weinig";
	verzuim[0].len = 6;
	is_int(percent(bl, "verzuim", verzuim, 1), 100,
	    "verzuim weinig: 100%%");
	is_int(percent(a, "loopbaanorientatie", keuze, 3), 75,
	    "multi-choice including 'anders' shows a_keuze_anders: 3 of 4");
	keuze[0].value = "open-dag\nstage";
	keuze[0].len = strlen(keuze[0].value);
	is_int(percent(a, "loopbaanorientatie", keuze, 3), 100,
	    "without 'anders' it is hidden: 100%%");
	is_int(form_step_percent(a, NULL, NULL, 0), 100, "no step: 100%%");

	q = form_question(a, "a_keuze_anders", NULL);
	keuze[0].value = "open-dag\nanders";
	keuze[0].len = strlen(keuze[0].value);
	is_int(form_shown(a, q, keuze, 3), 1, "shown: 'anders' among several");
	keuze[0].value = "anders-x";
	keuze[0].len = strlen(keuze[0].value);
	is_int(form_shown(a, q, keuze, 3), 0, "hidden: 'anders-x' is not it");
	keuze[0].value = "anders";
	keuze[0].len = 5;		/* "ander" */
	is_int(form_shown(a, q, keuze, 3), 0, "the length is respected");
	is_int(form_shown(a, q, NULL, 0), 0, "hidden without an answer");
	q = form_question(a, "a_keuze_hoe", NULL);
	is_int(form_shown(a, q, NULL, 0), 1, "no condition: shown");
}

/* A form built by hand: a chain of conditions, a step without required
 * questions, a cycle (which a loaded form cannot have). */
static void
check_chain(void)
{
	struct form_option	 opts[] = { { "x", "X" }, { "y", "Y" } };
	struct form_question	 q[4], r[2];
	struct form_step	 st[2];
	struct form_def		 d;
	struct form_answer	 ans[2] = {
		ANS("c_een", "nee"), ANS("c_twee", "x"),
	};

	memset(q, 0, sizeof(q));
	memset(r, 0, sizeof(r));
	memset(st, 0, sizeof(st));
	memset(&d, 0, sizeof(d));
	strcpy(q[0].id, "c_een");
	q[0].type = Q_YES_NO;
	q[0].required = 1;
	strcpy(q[1].id, "c_twee");
	q[1].type = Q_CHOICE;
	q[1].options = opts;
	q[1].noptions = 2;
	strcpy(q[1].show_if, "c_een");
	q[1].show_value = "ja";
	strcpy(q[2].id, "c_drie");
	q[2].type = Q_TEXT;
	q[2].required = 1;
	strcpy(q[2].show_if, "c_twee");
	q[2].show_value = "x";
	strcpy(q[3].id, "c_vier");
	q[3].type = Q_TEXT;
	strcpy(q[3].show_if, "c_een");	/* show_value NULL: never */
	strcpy(r[0].id, "c_vijf");
	r[0].type = Q_TEXT;
	strcpy(r[0].show_if, "c_zes");	/* a cycle */
	r[0].show_value = "a";
	strcpy(r[1].id, "c_zes");
	r[1].type = Q_TEXT;
	strcpy(r[1].show_if, "c_vijf");
	r[1].show_value = "a";
	strcpy(st[0].id, "s1");
	st[0].questions = q;
	st[0].nquestions = 4;
	strcpy(st[1].id, "s2");
	st[1].questions = r;
	st[1].nquestions = 2;
	strcpy(d.id, "hand");
	d.steps = st;
	d.nsteps = 2;

	is_int(form_shown(&d, &q[2], ans, 2), 0,
	    "chain: hidden when its condition's question is hidden");
	ans[0].value = "ja";
	ans[0].len = 2;
	is_int(form_shown(&d, &q[2], ans, 2), 1,
	    "chain: shown when the whole chain holds");
	is_int(form_step_percent(&d, &st[0], ans, 2), 50,
	    "chain: c_een answered, c_drie shown and open: 50%%");
	is_int(form_shown(&d, &q[3], ans, 2), 0,
	    "a condition without show_value never holds");
	is_int(form_step_percent(&d, &st[1], NULL, 0), 100,
	    "a step without shown required questions: 100%%");
	ans[0].id = "c_vijf";
	ans[0].value = "a";
	ans[0].len = 1;
	ans[1].id = "c_zes";
	ans[1].value = "a";
	ans[1].len = 1;
	is_int(form_shown(&d, &r[0], ans, 2), 0,
	    "a cycle of conditions ends (hidden)");
	is_int(form_shown(NULL, &r[0], ans, 2), 1,
	    "without the form only the direct condition is checked");
}

/* The value for a test name: one line, control bytes and bytes past
 * ASCII as \xNN, shortened. */
static const char *
shown(const char *v, size_t len)
{
	static char	 out[200];
	size_t		 i, o = 0;

	for (i = 0; i < len && o + 8 < sizeof(out); i++) {
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] >= 0x7f)
			o += (size_t)snprintf(out + o, sizeof(out) - o,
			    "\\x%02x", (unsigned char)v[i]);
		else
			out[o++] = v[i];
	}
	if (i < len)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "...");
	out[o] = '\0';
	return out;
}

#define CHECK_OK(q, v) \
	ok(form_check((q), (v), sizeof(v) - 1) == NULL, \
	    "%s: '%s' is good", (q) != NULL ? (q)->id : "?", \
	    shown((v), sizeof(v) - 1))
#define CHECK_BAD(q, v, msg) \
	is_str(form_check((q), (v), sizeof(v) - 1), (msg), \
	    "%s: '%s' is refused", (q) != NULL ? (q)->id : "?", \
	    shown((v), sizeof(v) - 1))

static const char M_TOO_LONG[] = "Dit antwoord is te lang.";
static const char M_CHARS[] = "Dit antwoord bevat tekens die niet zijn "
    "toegestaan.";
static const char M_ONE_LINE[] = "Dit antwoord moet op één regel passen.";
static const char M_CHOICE[] = "Kies een van de mogelijkheden.";
static const char M_MULTI[] = "Kies alleen uit de mogelijkheden.";
static const char M_MULTI_TWICE[] = "Elke mogelijkheid kan maar één keer "
    "gekozen worden.";
static const char M_YES_NO[] = "Kies ja of nee.";
static const char M_DATE[] = "Vul een bestaande datum in, als jjjj-mm-dd.";
static const char M_NUMBER[] = "Vul een geheel getal in, zonder punt, "
    "komma of spaties.";
static const char M_RANGE[] = "Dit getal is te groot of te klein.";
static const char M_MBO[] = "Kies een mbo-school uit de lijst.";

static void
check_answers(const struct form_cache *c)
{
	const struct form_def		*a = forms_find(c, "deel-a");
	const struct form_question	*tel, *opl, *mot, *niv, *hoe, *bij,
					*dat, *cre, *mbo, *q;
	struct form_question		 hand;
	char				*big;
	size_t				 i, s, k, n;

	tel = form_question(a, "a_telefoon", NULL);
	opl = form_question(a, "a_opleiding", NULL);
	mot = form_question(a, "a_motivatie", NULL);
	niv = form_question(a, "a_niveau", NULL);
	hoe = form_question(a, "a_keuze_hoe", NULL);
	bij = form_question(a, "a_bijbaan", NULL);
	dat = form_question(a, "a_startdatum", NULL);
	cre = form_question(a, "a_crebo", NULL);
	mbo = form_question(a, "a_mbo", NULL);
	ok(tel && opl && mot && niv && hoe && bij && dat && cre && mbo,
	    "the questions for the answer checks are there");
	if (!(tel && opl && mot && niv && hoe && bij && dat && cre && mbo))
		return;

	/* Empty is good for every question (required-ness is the
	 * percentage's). */
	for (s = 0, n = 0; s < a->nsteps; s++)
		for (k = 0; k < a->steps[s].nquestions; k++)
			if (form_check(&a->steps[s].questions[k], "", 0) !=
			    NULL || form_check(&a->steps[s].questions[k], NULL,
			    0) != NULL)
				n++;
	is_int(n, 0, "an empty answer is good for every question");
	ok(form_check(NULL, "x", 1) != NULL, "no question: refused");
	ok(form_check(opl, NULL, 3) != NULL, "NULL value with a length: "
	    "refused");

	/* text */
	CHECK_OK(opl, "Medewerker ICT");
	CHECK_OK(opl, "Verzorgende IG\tniveau 3");
	CHECK_OK(opl, "Café-medewerker – €");
	CHECK_BAD(opl, "regel 1\nregel 2", M_ONE_LINE);
	CHECK_BAD(opl, "regel 1\r", M_ONE_LINE);
	CHECK_BAD(opl, "bel\x07", M_CHARS);
	CHECK_BAD(opl, "nul\0byte", M_CHARS);
	CHECK_BAD(opl, "del\x7f", M_CHARS);
	CHECK_BAD(opl, "c1 \xc2\x85", M_CHARS);
	CHECK_BAD(opl, "not xml \xef\xbf\xbe", M_CHARS);
	CHECK_BAD(opl, "latin-1 caf\xe9", M_CHARS);
	CHECK_BAD(opl, "overlong \xc0\xaf", M_CHARS);
	CHECK_BAD(opl, "surrogate \xed\xa0\x80", M_CHARS);
	CHECK_OK(tel, "06-12345678");
	CHECK_OK(tel, "+31 6 1234 5678 (mb)");		/* 20 */
	CHECK_BAD(tel, "+31 6 1234 5678 (mob)", M_TOO_LONG);	/* 21 */
	big = malloc(FORM_MAX_ANSWER + 2);
	if (big == NULL)
		return;
	for (i = 0; i < 200; i++)
		memcpy(big + i * 2, "é", 2);
	ok(form_check(opl, big, 400) == NULL,
	    "text: 200 characters (400 bytes) is good");
	memcpy(big + 400, "é", 2);
	is_str(form_check(opl, big, 402), M_TOO_LONG,
	    "text: 201 characters is too long");

	/* long-text */
	CHECK_OK(mot, "Ik werk graag met mensen.\r\nEn ik wil later "
	    "verpleegkundige worden.\n");
	CHECK_OK(mot, "\ttab\r\rcr");
	CHECK_BAD(mot, "form feed \f", M_CHARS);
	CHECK_BAD(mot, "escape \x1b[31m", M_CHARS);
	for (i = 0; i < 2000; i++)
		memcpy(big + i * 3, "a\r\n", 3);
	ok(form_check(mot, big, 6000) == NULL,
	    "long-text: 4000 characters, a CR LF pair counting as one");
	big[6000] = 'b';
	is_str(form_check(mot, big, 6001), M_TOO_LONG,
	    "long-text: 4001 characters is too long");
	memset(big, 'a', FORM_MAX_ANSWER + 1);
	is_str(form_check(mot, big, FORM_MAX_ANSWER + 1), M_TOO_LONG,
	    "over FORM_MAX_ANSWER bytes is too long");
	free(big);

	/* choice */
	CHECK_OK(niv, "1");
	CHECK_OK(niv, "4");
	CHECK_BAD(niv, "5", M_CHOICE);
	CHECK_BAD(niv, "3 ", M_CHOICE);
	CHECK_BAD(niv, "3\n4", M_CHOICE);
	CHECK_BAD(niv, "Niveau 3: vakopleiding", M_CHOICE);
	CHECK_BAD(niv, "3\0", M_CHOICE);

	/* multi-choice */
	CHECK_OK(hoe, "open-dag");
	CHECK_OK(hoe, "open-dag\nstage\nanders");
	CHECK_BAD(hoe, "open-dag\nopen-dag", M_MULTI_TWICE);
	CHECK_BAD(hoe, "stage\nopen-dag\nstage", M_MULTI_TWICE);
	CHECK_BAD(hoe, "open-dag\n", M_MULTI);
	CHECK_BAD(hoe, "\nopen-dag", M_MULTI);
	CHECK_BAD(hoe, "open-dag\n\nstage", M_MULTI);
	CHECK_BAD(hoe, "open-dag\r\nstage", M_MULTI);
	CHECK_BAD(hoe, "open dag", M_MULTI);
	CHECK_BAD(hoe, "\n", M_MULTI);

	/* yes-no */
	CHECK_OK(bij, "ja");
	CHECK_OK(bij, "nee");
	CHECK_BAD(bij, "Ja", M_YES_NO);
	CHECK_BAD(bij, "JA", M_YES_NO);
	CHECK_BAD(bij, "ja ", M_YES_NO);
	CHECK_BAD(bij, "yes", M_YES_NO);
	CHECK_BAD(bij, "j", M_YES_NO);
	CHECK_BAD(bij, "1", M_YES_NO);

	/* date */
	CHECK_OK(dat, "2026-08-24");
	CHECK_OK(dat, "2028-02-29");
	CHECK_OK(dat, "2000-02-29");
	CHECK_OK(dat, "1900-01-01");
	CHECK_OK(dat, "2099-12-31");
	CHECK_BAD(dat, "2027-02-29", M_DATE);
	CHECK_BAD(dat, "1900-02-29", M_DATE);
	CHECK_BAD(dat, "2026-04-31", M_DATE);
	CHECK_BAD(dat, "2026-13-01", M_DATE);
	CHECK_BAD(dat, "2026-00-10", M_DATE);
	CHECK_BAD(dat, "2026-01-00", M_DATE);
	CHECK_BAD(dat, "2100-01-01", M_DATE);
	CHECK_BAD(dat, "1899-12-31", M_DATE);
	CHECK_BAD(dat, "24-08-2026", M_DATE);
	CHECK_BAD(dat, "2026-8-24", M_DATE);
	CHECK_BAD(dat, "2026/08/24", M_DATE);
	CHECK_BAD(dat, "2026-08-24 ", M_DATE);
	CHECK_BAD(dat, "2026-08-2x", M_DATE);
	CHECK_BAD(dat, "+026-08-24", M_DATE);

	/* number */
	CHECK_OK(cre, "25168");
	CHECK_OK(cre, "10000");
	CHECK_OK(cre, "99999");
	CHECK_OK(cre, "025168");	/* leading zeros: the same number */
	CHECK_BAD(cre, "9999", M_RANGE);
	CHECK_BAD(cre, "100000", M_RANGE);
	CHECK_BAD(cre, "-25168", M_RANGE);
	CHECK_BAD(cre, "99999999999999999999999", M_RANGE);
	CHECK_BAD(cre, "25a68", M_NUMBER);
	CHECK_BAD(cre, "+25168", M_NUMBER);
	CHECK_BAD(cre, " 25168", M_NUMBER);
	CHECK_BAD(cre, "25.168", M_NUMBER);
	CHECK_BAD(cre, "25,5", M_NUMBER);
	CHECK_BAD(cre, "-", M_NUMBER);
	CHECK_BAD(cre, "--1", M_NUMBER);
	CHECK_BAD(cre, "1e5", M_NUMBER);
	memset(&hand, 0, sizeof(hand));
	strcpy(hand.id, "h_getal");
	hand.type = Q_NUMBER;
	hand.min = -10;
	hand.max = 10;
	q = &hand;
	CHECK_OK(q, "-10");
	CHECK_OK(q, "-0");
	CHECK_OK(q, "0");
	CHECK_OK(q, "10");
	CHECK_BAD(q, "-11", M_RANGE);
	CHECK_BAD(q, "11", M_RANGE);
	CHECK_BAD(q, "-000000000000000000000000000011", M_RANGE);
	CHECK_OK(q, "-000000000000000000000000000001");

	/* mbo */
	CHECK_OK(mbo, "roc-rijnland");
	CHECK_OK(mbo, "techniek-college-oost");
	CHECK_BAD(mbo, "ROC-Rijnland", M_MBO);
	CHECK_BAD(mbo, "roc rijnland", M_MBO);
	CHECK_BAD(mbo, "roc_rijnland", M_MBO);
	CHECK_BAD(mbo, "roc/../x", M_MBO);
	CHECK_OK(mbo, "a234567890123456789012345678901234567890123456789012345"
	    "678901234");
	CHECK_BAD(mbo, "a234567890123456789012345678901234567890123456789012"
	    "3456789012345", M_MBO);

	/* A hand-built question with an out-of-range type. */
	memset(&hand, 0, sizeof(hand));
	hand.type = Q__MAX;
	ok(form_check(&hand, "x", 1) != NULL, "an unknown type is refused");
}

/*
 * The definition as XML.
 */

static char *
xpath_str(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 obj;
	char			*s = NULL;

	if ((ctx = xmlXPathNewContext(doc)) == NULL)
		return NULL;
	if ((obj = xmlXPathEvalExpression(BAD_CAST expr, ctx)) != NULL) {
		s = (char *)xmlXPathCastToString(obj);
		xmlXPathFreeObject(obj);
	}
	xmlXPathFreeContext(ctx);
	return s;
}

static void
is_xpath(xmlDocPtr doc, const char *expr, const char *want)
{
	char	*got = xpath_str(doc, expr);

	is_str(got, want, "form_to_xml: %s = '%s'", expr, want);
	xmlFree(got);
}

static void
check_xml(const struct form_cache *c)
{
	const struct form_def	*bl = forms_find(c, "deel-b-leerling");
	const struct form_def	*a = forms_find(c, "deel-a");
	xmlDocPtr		 doc;
	xmlNodePtr		 root;
	xmlBufferPtr		 b;
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 obj;
	char			*s, want[32];
	size_t			 nq, nreq;

	if ((doc = xmlNewDoc(BAD_CAST "1.0")) == NULL)
		return;
	root = xmlNewDocNode(doc, NULL, BAD_CAST "page", NULL);
	xmlDocSetRootElement(doc, root);
	form_to_xml(a, root);
	form_to_xml(bl, root);
	form_to_xml(NULL, root);
	form_to_xml(a, NULL);

	is_xpath(doc, "count(/page/form)", "2");
	is_xpath(doc, "string(/page/form[1]/@id)", "deel-a");
	is_xpath(doc, "string(/page/form[1]/@title)", a->title);
	snprintf(want, sizeof(want), "%zu", a->nsteps);
	is_xpath(doc, "count(/page/form[1]/step)", want);
	count_form(a, &nq, &nreq);
	snprintf(want, sizeof(want), "%zu", nq);
	is_xpath(doc, "count(/page/form[1]/step/question)", want);
	snprintf(want, sizeof(want), "%zu", nreq);
	is_xpath(doc, "count(/page/form[1]/step/question[@required='1'])",
	    want);
	snprintf(want, sizeof(want), "%zu", nq - nreq);
	is_xpath(doc, "count(/page/form[1]/step/question[@required='0'])",
	    want);
	is_xpath(doc, "count(//question[not(label)])", "0");
	is_xpath(doc, "count(/page/form/step/*[not(self::intro or "
	    "self::question)])", "0");
	is_xpath(doc, "count(//question/*[not(self::label or self::help or "
	    "self::option)])", "0");
	is_xpath(doc, "name(/page/form[1]/step[1]/*[1])", "intro");
	is_xpath(doc, "string(/page/form[2]/step[@id='ondersteuning']/@title)",
	    "Ondersteuning → OPP en nader contact");
	is_xpath(doc, "string(//question[@id='bl_contact_naam']/@show-if)",
	    "bl_contact");
	is_xpath(doc, "string(//question[@id='bl_contact_naam']/@show-value)",
	    "ja");
	is_xpath(doc, "string(//question[@id='bl_contact_naam']/@max)",
	    "200");
	is_xpath(doc, "count(//question[@id='bl_contact']/@show-if)", "0");
	is_xpath(doc, "string(//question[@id='a_crebo']/@type)", "number");
	is_xpath(doc, "string(//question[@id='a_crebo']/@min)", "10000");
	is_xpath(doc, "string(//question[@id='a_crebo']/@max)", "99999");
	is_xpath(doc, "string(//question[@id='a_crebo']/@required)", "0");
	is_xpath(doc, "string(//question[@id='a_telefoon']/@max)", "20");
	is_xpath(doc, "string(//question[@id='a_motivatie']/@max)", "4000");
	is_xpath(doc, "count(//question[@id='a_niveau']/@min)", "0");
	is_xpath(doc, "string(//question[@id='a_mbo']/@type)", "mbo");
	is_xpath(doc, "count(//question[@id='a_niveau']/option)", "4");
	is_xpath(doc, "string(//question[@id='a_niveau']/option[3]/@value)",
	    "3");
	is_xpath(doc, "string(//question[@id='a_niveau']/option[3])",
	    "Niveau 3: vakopleiding");
	is_xpath(doc, "name(//question[@id='a_leerweg']/*[2])", "help");
	is_xpath(doc, "count(//question[@id='a_opleiding']/help)", "1");
	is_xpath(doc, "count(//question[@id='a_beroep']/help)", "0");
	is_xpath(doc, "count(//question[@type='text' or @type='long-text']"
	    "[not(@max)])", "0");
	is_xpath(doc, "count(//question[@type='number'][not(@min) or "
	    "not(@max)])", "0");

	/* One element exactly, attributes in their order. */
	b = xmlBufferCreate();
	ctx = xmlXPathNewContext(doc);
	obj = ctx != NULL ? xmlXPathEvalExpression(
	    BAD_CAST "//question[@id='bl_contact_naam']", ctx) : NULL;
	if (b != NULL && obj != NULL && obj->nodesetval != NULL &&
	    obj->nodesetval->nodeNr == 1)
		xmlNodeDump(b, doc, obj->nodesetval->nodeTab[0], 0, 0);
	s = b != NULL ? (char *)xmlBufferContent(b) : NULL;
	is_str(s, "<question id=\"bl_contact_naam\" type=\"text\" "
	    "required=\"1\" show-if=\"bl_contact\" show-value=\"ja\" "
	    "max=\"200\"><label>Naam van de contactpersoon</label>"
	    "</question>", "form_to_xml: a question as the stylesheets "
	    "get it");
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	xmlBufferFree(b);
	xmlFreeDoc(doc);
}

int
main(void)
{
	struct form_cache	 c;
	const char		*srcdir;

	if ((srcdir = getenv("DDD_SRCDIR")) == NULL || *srcdir == '\0')
		srcdir = ".";
	snprintf(srcdir_rng, sizeof(srcdir_rng), "%s/schema/form.rng",
	    srcdir);
	snprintf(srcdir_forms, sizeof(srcdir_forms), "%s/schema/forms",
	    srcdir);
	check_load_shipped(&c);
	check_shipped(&c);
	check_data(srcdir);
	check_sets();
	check_percent(&c);
	check_chain();
	check_answers(&c);
	check_xml(&c);
	forms_free(&c);
	xmlCleanupParser();
	return done_testing();
}
