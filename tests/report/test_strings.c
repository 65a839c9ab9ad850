/*
 * tests/report/test_strings.c - the report's and the viewer's message
 * table: every text exists in Vietnamese and English and the two differ
 * (but for names that are the same in both, listed here); format strings
 * take the same conversions in both languages; numbers follow each
 * language's format; the map legend's labels come from the table; the
 * compliance colours stay apart for colour-blind readers.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "report/strings.h"
#include "tiles/style.h"

/* Texts that are the same word in both languages. */
static const char *const same[] = { "column:wifi", "column:website",
				    "column:website_pct", NULL };

static int allowed_same(const char *id)
{
	for (int i = 0; same[i]; i++)
		if (!strcmp(same[i], id))
			return 1;
	return 0;
}

/* The conversions of a format string ("%s%.0f%%" -> "s f %"). */
static void conversions(const char *s, char *out, size_t n)
{
	size_t k = 0;

	for (; *s && k + 2 < n; s++) {
		if (*s != '%')
			continue;
		s++;
		while (*s && strchr("0123456789.-+ lzh", *s))
			s++;
		if (!*s)
			break;
		out[k++] = *s;
		out[k++] = ' ';
	}
	out[k] = '\0';
}

/* Placeholders of the viewer's templates ("{school}"). */
static void placeholders(const char *s, char *out, size_t n)
{
	size_t k = 0;

	out[0] = '\0';
	while ((s = strchr(s, '{')) && k + 1 < n) {
		size_t len = strcspn(s, "}") + 1;

		k += (size_t)snprintf(out + k, n - k, "%.*s", (int)len, s);
		s += len;
	}
}

static size_t seen;

static void check_one(const char *id, const char *vi, const char *en,
		      void *payload)
{
	char a[64], b[64];

	(void)payload;
	seen++;
	if (!vi || !*vi || !en || !*en)
		fail_msg("%s: missing text (vi '%s', en '%s')", id,
			 vi ? vi : "(null)", en ? en : "(null)");
	if (!strcmp(vi, en) && !allowed_same(id) &&
	    /* one-letter and numeric-only marks */
	    strlen(vi) > 1)
		fail_msg("%s: the same text in both languages: '%s'", id, vi);
	/* The keys' texts are printf formats; the tables' are plain. */
	conversions(vi, a, sizeof(a));
	conversions(en, b, sizeof(b));
	if (!strncmp(id, "key:", 4) && strcmp(a, b))
		fail_msg("%s: conversions differ: vi '%s' en '%s'", id, a, b);
	placeholders(vi, a, sizeof(a));
	placeholders(en, b, sizeof(b));
	if (strcmp(a, b))
		fail_msg("%s: placeholders differ: vi '%s' en '%s'", id, a, b);
}

static void every_text_in_both_languages(void **state)
{
	(void)state;
	seen = 0;
	sr_each(check_one, NULL);
	/* Every key, and the tables: columns, indicators, categories,
	 * checks, standards. */
	assert_true(seen > (size_t)SR__COUNT + 100);
}

static void numbers_per_language(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(sr_fmt_num(SR_LANG_VI, 1234.5, 1, buf, sizeof(buf)),
			    "1.234,5");
	assert_string_equal(sr_fmt_num(SR_LANG_EN, 1234.5, 1, buf, sizeof(buf)),
			    "1,234.5");
	/* Legends: as many decimals as needed, none for whole numbers. */
	assert_string_equal(sr_fmt_num(SR_LANG_VI, 19.8, -1, buf, sizeof(buf)),
			    "19,8");
	assert_string_equal(sr_fmt_num(SR_LANG_VI, 120, -1, buf, sizeof(buf)),
			    "120");
	assert_string_equal(sr_fmt_num(SR_LANG_EN, 0.046, -1, buf, sizeof(buf)),
			    "0.046");
	assert_string_equal(sr_fmt_num(SR_LANG_VI, -1234567, 2, buf,
				       sizeof(buf)),
			    "-1.234.567");
	assert_string_equal(sr_fmt_num(SR_LANG_VI, NAN, 2, buf, sizeof(buf)),
			    "–");
	/* Counts print whole. */
	assert_true(sr_is_count("students"));
	assert_false(sr_is_count("students_per_teaching_computer"));
}

static void levels_and_categories(void **state)
{
	char buf[128];

	(void)state;
	assert_string_equal(sr_levels(SR_LANG_VI, "primary,lower_secondary",
				      buf, sizeof(buf)),
			    "Tiểu học, Trung học cơ sở");
	assert_string_equal(sr_levels(SR_LANG_EN, "primary,lower_secondary",
				      buf, sizeof(buf)),
			    "Primary, Lower secondary");
	/* The map legends read the same table. */
	assert_string_equal(sg_style__cat_label(0, "yes"),
			    sr_category(SR_LANG_VI, "yes"));
	assert_string_equal(sg_style__title(1, "compliant_pct"),
			    "Schools meeting the computer standard (%)");
	assert_string_equal(sg_style__title(0, "compliant_pct"),
			    "Tỷ lệ trường đạt chuẩn máy tính (%)");
	/* Every data check the report can list has its sentence. */
	assert_non_null(sr_check(SR_LANG_VI, "figures_multilevel"));
	assert_non_null(sr_check(SR_LANG_VI, "import_flagged"));
}

/* Linear RGB of an sRGB byte. */
static double lin(int c)
{
	double v = c / 255.0;

	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

/* The colour as a deuteranope, protanope or tritanope sees it (Viénot
 * et al. 1999 and Brettel-style matrices in linear RGB), in linear RGB. */
static void simulate(int kind, sg_color8 c, double out[3])
{
	static const double m[4][9] = {
		{ 1, 0, 0, 0, 1, 0, 0, 0, 1 },
		{ 0.29275, 0.70725, 0, 0.29275, 0.70725, 0, -0.02234, 0.02234,
		  1 }, /* deutan */
		{ 0.11238, 0.88762, 0, 0.11238, 0.88762, 0, 0.00401, -0.00401,
		  1 }, /* protan */
		{ 1, 0.14461, -0.14461, 0, 0.85924, 0.14076, 0, 0.85924,
		  0.14076 }, /* tritan */
	};
	double v[3] = { lin(c.r), lin(c.g), lin(c.b) };

	for (int i = 0; i < 3; i++)
		out[i] = m[kind][3 * i] * v[0] + m[kind][3 * i + 1] * v[1] +
			 m[kind][3 * i + 2] * v[2];
}

static void compliance_colours_apart(void **state)
{
	sg_map_style *s = NULL;
	const char *cats[] = { "yes", "no", "no computers", "unknown" };
	sg_color8 c[4];

	(void)state;
	assert_int_equal(sg_map_style_new(&s), 0);
	for (int i = 0; i < 4; i++)
		assert_true(sg_style__cat_color(&s->layer[SG_MAP_SCHOOLS],
						cats[i], &c[i]));
	for (int kind = 0; kind < 4; kind++)
		for (int i = 0; i < 4; i++)
			for (int j = i + 1; j < 4; j++) {
				double a[3], b[3], d = 0;

				simulate(kind, c[i], a);
				simulate(kind, c[j], b);
				for (int k = 0; k < 3; k++)
					d += (a[k] - b[k]) * (a[k] - b[k]);
				if (sqrt(d) < 0.12)
					fail_msg("'%s' and '%s' look alike "
						 "(vision %d, distance %.3f)",
						 cats[i], cats[j], kind,
						 sqrt(d));
			}
	sg_map_style_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_text_in_both_languages),
		cmocka_unit_test(numbers_per_language),
		cmocka_unit_test(levels_and_categories),
		cmocka_unit_test(compliance_colours_apart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
