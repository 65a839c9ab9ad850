/*
 * engine/standards.c - the standards table: names, official defaults,
 * units and meanings, and parsing of config text.
 *
 * Sources of the defaults: the Ministry's ICT standards for schools
 * (students per teaching computer by level, management equipment), the
 * district IT targets, QCXDVN 01:2008 for the service radius of
 * preschools, primary and lower-secondary schools (the upper-secondary
 * radius is a local planning choice), the school charters for maximum
 * class sizes, and the 2019 census age structure for the shares used
 * when only total population is known.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/standards.h"
#include "engine/text.h"
#include "util/file.h"

static const struct {
	const char *name;
	double value; /* NAN: unset by default */
	const char *help;
} table[SG_STD__COUNT] = {
	{ "ratios.preschool", NAN,
	  "students per teaching computer, preschool (none)" },
	{ "ratios.primary", 24, "students per teaching computer, primary" },
	{ "ratios.lower_secondary", 16,
	  "students per teaching computer, lower secondary" },
	{ "ratios.upper_secondary", 12,
	  "students per teaching computer, upper secondary" },
	{ "ratios.school_wide", 20,
	  "students per computer (teaching + management), any school" },
	{ "equipment.management_computers", 2,
	  "minimum management computers per school" },
	{ "equipment.printers", 1, "minimum printers per school" },
	{ "equipment.webcams", 1, "minimum webcams per school" },
	{ "targets.fibre", 100, "% of schools with fibre internet" },
	{ "targets.lan", NAN, "% of schools with a LAN" },
	{ "targets.wifi", NAN, "% of schools with Wi-Fi" },
	{ "targets.website", 100, "% of schools with a website" },
	{ "targets.e_gradebook", 90, "% of schools with an e-gradebook" },
	{ "targets.e_contact_book", NAN,
	  "% of schools with an e-contact book" },
	{ "targets.teachers_it_standard", 70,
	  "% of teachers meeting the IT standard" },
	{ "cost.computer_price", 12000000,
	  "price of one computer (VND), for the cost of computers needed" },
	{ "distance.preschool", 1000, "service radius of a preschool (m)" },
	{ "distance.primary", 1000, "service radius of a primary school (m)" },
	{ "distance.lower_secondary", 1500,
	  "service radius of a lower-secondary school (m)" },
	{ "distance.upper_secondary", 3000,
	  "service radius of an upper-secondary school (m)" },
	{ "ages.preschool_from", 3, "first age of preschool (mẫu giáo)" },
	{ "ages.preschool_to", 5, "last age of preschool" },
	{ "ages.primary_from", 6, "first age of primary" },
	{ "ages.primary_to", 10, "last age of primary" },
	{ "ages.lower_secondary_from", 11, "first age of lower secondary" },
	{ "ages.lower_secondary_to", 14, "last age of lower secondary" },
	{ "ages.upper_secondary_from", 15, "first age of upper secondary" },
	{ "ages.upper_secondary_to", 17, "last age of upper secondary" },
	{ "shares.preschool", 0.046,
	  "share of total population of preschool age, when only totals "
	  "are known" },
	{ "shares.primary", 0.076, "share of primary school age" },
	{ "shares.lower_secondary", 0.056,
	  "share of lower-secondary school age" },
	{ "shares.upper_secondary", 0.040,
	  "share of upper-secondary school age" },
	{ "class_size.preschool", 30, "maximum children per class, preschool" },
	{ "class_size.primary", 35, "maximum students per class, primary" },
	{ "class_size.lower_secondary", 45,
	  "maximum students per class, lower secondary" },
	{ "class_size.upper_secondary", 45,
	  "maximum students per class, upper secondary" },
	{ "admission.priority_points_1", 2,
	  "grade 10: points added to the score of priority group 1 "
	  "(check the admission rules in force)" },
	{ "admission.priority_points_2", 1.5,
	  "grade 10: points added for priority group 2" },
	{ "admission.priority_points_3", 1,
	  "grade 10: points added for priority group 3" },
	{ "admission.choice_handicap_2", 0,
	  "grade 10: a school ranks an applicant who put it 2nd as if the "
	  "total were lower by this many points" },
	{ "admission.choice_handicap_3", 0,
	  "grade 10: points off when the school is the 3rd choice" },
	{ "admission.priority_as_points", 0,
	  "grades 1 and 6: 0 = priority groups come first; 1 = a group "
	  "counts as living admission.priority_metres_G nearer" },
	{ "admission.priority_metres_1", 0,
	  "grades 1 and 6, priority as points: metres of group 1" },
	{ "admission.priority_metres_2", 0,
	  "grades 1 and 6, priority as points: metres of group 2" },
	{ "admission.priority_metres_3", 0,
	  "grades 1 and 6, priority as points: metres of group 3" },
	{ "admission.k_anonymity", 5,
	  "admissions: published zones and figures come from at least this "
	  "many applicants" },
	{ "admission.score_min", 0,
	  "imports: lowest exam score accepted (a row below is rejected)" },
	{ "admission.score_max", 50,
	  "imports: highest exam score accepted (a row above is rejected; "
	  "never more than 1000000)" },
};

static const char *out_of_range(int i, double v, char *why, size_t n);
static int add_label(sg_ctx *ctx, sg_standards *s, const char *label,
		     const char *val, const char *file, int lineno);

const char *sg_std__name(sg_std i)
{
	return table[i].name;
}

static int find(const char *name)
{
	for (int i = 0; i < SG_STD__COUNT; i++)
		if (strcmp(table[i].name, name) == 0)
			return i;
	return -1;
}

int sg_standards_new(sg_standards **out)
{
	sg_standards *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s)
		return SG_ENOMEM;
	for (int i = 0; i < SG_STD__COUNT; i++)
		s->v[i] = table[i].value;
	snprintf(s->source, sizeof(s->source), "built-in defaults");
	*out = s;
	return SG_OK;
}

void sg_standards_free(sg_standards *s)
{
	free(s);
}

bool sg_standards_get(const sg_standards *s, const char *key, double *value)
{
	int i = find(key);

	if (i < 0 || isnan(s->v[i]))
		return false;
	*value = s->v[i];
	return true;
}

int sg_standards_set(sg_ctx *ctx, sg_standards *s, const char *key,
		     double value)
{
	int i = find(key);

	if (i < 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "standards: unknown key '%s'", key);
	{
		char why[80];
		const char *bad = isnan(value) ? NULL
					       : out_of_range(i, value, why,
							      sizeof(why));

		if (bad)
			return sg_error__set(ctx, SG_EINVALID,
					     "standards: %s = %g: %s", key,
					     value, bad);
	}
	s->v[i] = value;
	return SG_OK;
}

const char *sg_standards_source(const sg_standards *s)
{
	return s->source;
}

/*
 * The range a value of entry i may take, by its section: a standard of 0
 * (no computer needed per 0 students) or a radius of 1e308 m is a typing
 * error, refused with the range.  NULL when v is fine.
 */
static const char *out_of_range(int i, double v, char *why, size_t n)
{
	static const struct {
		const char *section;
		double lo, hi;
		int lo_open; /* lo itself is refused */
	} ranges[] = {
		{ "ratios.", 0, 10000, 1 },
		{ "equipment.", 0, 10000, 0 },
		{ "targets.", 0, 100, 0 },
		{ "cost.", 0, 1e12, 1 },
		{ "distance.", 0, 200000, 1 },
		{ "ages.", 0, 30, 0 },
		{ "shares.", 0, 1, 1 },
		{ "class_size.", 0, 200, 1 },
		{ "admission.priority_points", 0, 100, 0 },
		{ "admission.choice_handicap", 0, 100, 0 },
		{ "admission.priority_as_points", 0, 1, 0 },
		{ "admission.priority_metres", 0, 200000, 0 },
		{ "admission.k_anonymity", 1, 100000, 0 },
		{ "admission.score_", 0, 1000000, 0 },
	};

	for (size_t k = 0; k < sizeof(ranges) / sizeof(*ranges); k++) {
		size_t len = strlen(ranges[k].section);

		if (strncmp(table[i].name, ranges[k].section, len) != 0)
			continue;
		if (!isfinite(v) || v > ranges[k].hi ||
		    (ranges[k].lo_open ? v <= ranges[k].lo
				       : v < ranges[k].lo)) {
			snprintf(why, n, "must be %s %g and at most %g",
				 ranges[k].lo_open ? "above" : "at least",
				 ranges[k].lo, ranges[k].hi);
			return why;
		}
		return NULL;
	}
	if (!isfinite(v) || v < 0) {
		snprintf(why, n, "must be a positive number");
		return why;
	}
	return NULL;
}

typedef struct {
	sg_standards *s;
} parse_state;

static int parse_item(sg_ctx *ctx, const sg_ini_item *it, void *payload)
{
	parse_state *ps = payload;
	char key[256], why[80];
	const char *bad;
	double v;
	int i;

	if (!it->key)
		return SG_OK; /* a [section] line: its keys are checked */
	if (strcmp(it->section, "priority_labels") == 0)
		return add_label(ctx, ps->s, it->key, it->value, it->file,
				 it->line);
	snprintf(key, sizeof(key), "%s%s%s", it->section,
		 *it->section ? "." : "", it->key);
	i = find(key);
	if (i < 0)
		return sg_error__set(ctx, SG_EINVALID,
				     "standards: %s:%d: unknown standard '%s'",
				     it->file, it->line, key);
	if (strcmp(it->value, "none") == 0 || !*it->value) {
		ps->s->v[i] = NAN;
		return SG_OK;
	}
	if (sg_text__parse_real(it->value, &v) != SG_PARSE_OK)
		return sg_error__set(
			ctx, SG_EINVALID,
			"standards: %s:%d: %s: not a positive number: '%s'",
			it->file, it->line, key, it->value);
	if ((bad = out_of_range(i, v, why, sizeof(why))))
		return sg_error__set(ctx, SG_EINVALID,
				     "standards: %s:%d: %s = %s: %s", it->file,
				     it->line, key, it->value, bad);
	ps->s->v[i] = v;
	return SG_OK;
}

/*---- Priority labels ----------------------------------------------------*/

/*
 * How offices write a priority group, folded (sg_text__fold: no tone
 * marks, lower case, punctuation as blanks): optional words from this
 * list, then the group's number, the number possibly written onto the
 * last word: "UT1", "UT 1", "Ưu tiên 1", "Nhóm 1", "Diện 1", "Đối
 * tượng 1", "ĐT1", "Nhóm ưu tiên 2", "Priority 3", "1".  The README's
 * table lists the same; a standards file adds whole labels
 * ([priority_labels], e.g. "Con liệt sĩ = 1").
 */
static const char *const label_words[] = { "ut",    "uu",	"tien", "dt",
					   "doi",   "tuong",	"nhom", "dien",
					   "group", "priority", NULL };

/* Labels meaning no group (folded). */
static const char *const label_none[] = {
	"",   "0", "khong", "khong co",	     "k", "chua", "none",
	"no", "n", "false", "khong uu tien", NULL
};

static int is_label_word(const char *w, size_t n)
{
	for (int i = 0; label_words[i]; i++)
		if (strlen(label_words[i]) == n &&
		    strncmp(label_words[i], w, n) == 0)
			return 1;
	return 0;
}

int sg_standards_priority_group(const sg_standards *s, const char *label)
{
	char f[128], *num;
	size_t n, d;
	long v;

	if (!label || strlen(label) >= sizeof(f))
		return -1;
	n = sg_text__fold(label, f, sizeof(f));
	for (size_t i = 0; s && i < s->nlabels; i++)
		if (strcmp(s->labels[i].label, f) == 0)
			return s->labels[i].group;
	for (int i = 0; label_none[i]; i++)
		if (strcmp(f, label_none[i]) == 0)
			return 0;
	/* The number: the last word, or the digits closing it ("ut1"). */
	for (d = n; d > 0 && f[d - 1] >= '0' && f[d - 1] <= '9'; d--)
		;
	if (d == n || n - d > 4)
		return -1;
	num = f + d;
	for (size_t p = 0; p < d;) {
		size_t w = strcspn(f + p, " ");

		if (p + w > d)
			w = d - p;
		if (w > 0 && !is_label_word(f + p, w))
			return -1;
		p += w + 1;
	}
	v = strtol(num, NULL, 10);
	return v <= 3 ? (int)v : -2;
}

/* One line of [priority_labels]: "label = group". */
static int add_label(sg_ctx *ctx, sg_standards *s, const char *label,
		     const char *val, const char *file, int lineno)
{
	char f[64];
	double g;
	size_t i;

	if (sg_text__fold(label, f, sizeof(f)) == 0 || strlen(label) >= 120)
		return sg_error__set(ctx, SG_EINVALID,
				     "%s:%d: priority_labels:"
				     " a label needs letters or digits (at "
				     "most 63 once folded)",
				     file, lineno);
	if (sg_text__parse_real(val, &g) != SG_PARSE_OK || g != floor(g) ||
	    g < 0 || g > 3)
		return sg_error__set(ctx, SG_EINVALID,
				     "%s:%d: priority_labels:"
				     " %s: the group must be 0 (none), 1, 2 or"
				     " 3, not '%s'",
				     file, lineno, label, val);
	for (i = 0; i < s->nlabels; i++)
		if (strcmp(s->labels[i].label, f) == 0)
			break;
	if (i == SG_STD_MAX_LABELS)
		return sg_error__set(ctx, SG_EINVALID,
				     "%s:%d: priority_labels:"
				     " more than %d labels",
				     file, lineno, SG_STD_MAX_LABELS);
	snprintf(s->labels[i].label, sizeof(s->labels[i].label), "%s", f);
	s->labels[i].group = (int)g;
	if (i == s->nlabels)
		s->nlabels++;
	return SG_OK;
}

int sg_standards__parse(sg_ctx *ctx, sg_standards *s, const char *text,
			const char *file)
{
	parse_state ps = { s };
	int rc = sg_ini__parse(ctx, "standards", file, text, SG_INI_SECTIONS,
			       parse_item, &ps);

	if (rc != SG_OK)
		return rc;
	snprintf(s->source, sizeof(s->source), "%s", file);
	return SG_OK;
}

int sg_standards_format(const sg_standards *s, char **out)
{
	size_t cap = 8192, len = 0;
	char *buf = malloc(cap), section[64] = "";

	*out = NULL;
	if (!buf)
		return SG_ENOMEM;
	len += (size_t)snprintf(buf + len, cap - len,
				"; schoolgis standards (source: %s)\n",
				s->source);
	for (int i = 0; i < SG_STD__COUNT; i++) {
		const char *dot = strchr(table[i].name, '.');
		char val[64];

		if (strncmp(section, table[i].name,
			    (size_t)(dot - table[i].name)) != 0 ||
		    section[dot - table[i].name] != '\0') {
			snprintf(section, sizeof(section), "%.*s",
				 (int)(dot - table[i].name), table[i].name);
			len += (size_t)snprintf(buf + len, cap - len,
						"\n[%s]\n", section);
		}
		if (isnan(s->v[i]))
			snprintf(val, sizeof(val), "none");
		else
			snprintf(val, sizeof(val), "%.15g", s->v[i]);
		len += (size_t)snprintf(buf + len, cap - len,
					"%-22s = %-10s ; %s\n", dot + 1, val,
					table[i].help);
		if (len + 512 > cap) {
			char *p = realloc(buf, cap * 2);

			if (!p) {
				free(buf);
				return SG_ENOMEM;
			}
			buf = p;
			cap *= 2;
		}
	}
	for (size_t i = 0; i < s->nlabels; i++) {
		if (len + 512 > cap) {
			char *p = realloc(buf, cap * 2);

			if (!p) {
				free(buf);
				return SG_ENOMEM;
			}
			buf = p;
			cap *= 2;
		}
		len += (size_t)snprintf(buf + len, cap - len, "%s%-22s = %d\n",
					i ? "" : "\n[priority_labels]\n",
					s->labels[i].label, s->labels[i].group);
	}
	*out = buf;
	return SG_OK;
}
