/*
 * tests/layers/test_reasons.c - the import reasons' table
 * (layers/reasons.h): every SG_R_ macro of the header is a row of the
 * table, codes are unique, each Vietnamese sentence takes the English
 * one's conversions in order and differs from it; values collected from
 * a format and written back give what printf gives (English), with the
 * decimal comma in Vietnamese; their JSON array reads back; a stored
 * reason without a known code falls back to its text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "layers/reasons.h"

/* The conversions of a format ("%s %lld %%" -> "s lld"). */
static void conversions(const char *s, char *out, size_t n)
{
	size_t k = 0;

	out[0] = '\0';
	for (; *s; s++) {
		if (*s != '%')
			continue;
		s++;
		if (*s == '%')
			continue;
		while (*s && !strchr("diuoxXcsfFeEgGaAp", *s)) {
			if (k + 2 < n)
				out[k++] = *s;
			s++;
		}
		if (k + 3 < n) {
			out[k++] = *s;
			out[k++] = ' ';
		}
	}
	out[k] = '\0';
}

static void test_table(void **state)
{
	size_t n = 0;

	(void)state;
	for (const sg_reason *r; (r = sg_reason__at(n)); n++) {
		char ce[64], cv[64];

		assert_non_null(r->code);
		assert_non_null(r->en);
		assert_non_null(r->vi);
		assert_ptr_equal(sg_reason__find(r->code), r);
		conversions(r->en, ce, sizeof(ce));
		conversions(r->vi, cv, sizeof(cv));
		if (strcmp(ce, cv) != 0)
			fail_msg("%s: '%s' vs '%s'", r->code, ce, cv);
		if (strcmp(r->en, r->vi) == 0)
			fail_msg("%s: not translated", r->code);
		for (size_t j = 0; j < n; j++)
			assert_string_not_equal(sg_reason__at(j)->code,
						r->code);
	}
	assert_true(n >= 70);
	assert_null(sg_reason__find("no.such.code"));
	assert_null(sg_reason__find(NULL));
}

/* Every macro of the header is in the table: the header is read. */
static void test_header_in_table(void **state)
{
	char path[1024], buf[65536];
	size_t macros = 0, rows = 0, len;
	const char *p;
	FILE *fp;

	(void)state;
	snprintf(path, sizeof(path), "%s/../../layers/reasons.h",
		 SG_FIXTURES_DIR);
	fp = fopen(path, "r");
	assert_non_null(fp);
	len = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	assert_true(len > 0 && len < sizeof(buf) - 1);
	buf[len] = '\0';
	for (p = buf; (p = strstr(p, "#define SG_R_")); macros++) {
		char name[128], code[128];

		p += strlen("#define SG_R_");
		assert_int_equal(sscanf(p, "%127[A-Z0-9_]", name), 1);
		p += strlen(name);
		/* The code: the macro's first string, maybe on the next
		 * line. */
		while (*p == ' ' || *p == '\t' || *p == '\\' || *p == '\n')
			p++;
		assert_int_equal(sscanf(p, "\"%127[^\"]\"", code), 1);
		if (!sg_reason__find(code))
			fail_msg("SG_R_%s (%s) is not in the table", name,
				 code);
	}
	while (sg_reason__at(rows))
		rows++;
	assert_int_equal(macros, rows);
}

/* The age reason's format, with four values of three types. */
#define AGE_FMT "age %d in %.4s is unusual for grade %ld (expected about %d)"

static void collect(sg_reason_args *a, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void collect(sg_reason_args *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sg_reason__collect(fmt, ap, a);
	va_end(ap);
}

static void test_collect_fill(void **state)
{
	sg_reason_args a, b;
	char out[512], want[512];
	char *json;
	const char *t;

	(void)state;
	collect(&a, AGE_FMT, 7, "2024-2025", 1L, 6);
	assert_int_equal(a.n, 4);
	assert_string_equal(a.v[1], "2024");
	assert_int_equal(sg_reason__fill(AGE_FMT, &a, 0, out, sizeof(out)), 0);
	snprintf(want, sizeof(want), AGE_FMT, 7, "2024-2025", 1L, 6);
	assert_string_equal(out, want);
	/* Reals: the point in English, the comma in Vietnamese. */
	collect(&a, "%g to %g, %lld%% of %s", 0.5, 50.0, 12LL, "x");
	assert_int_equal(a.n, 4);
	assert_int_equal(sg_reason__fill("%g to %g, %lld%% of %s", &a, 0, out,
					 sizeof(out)),
			 0);
	assert_string_equal(out, "0.5 to 50, 12% of x");
	assert_int_equal(sg_reason__fill("%g đến %g, %lld%% của %s", &a, 1, out,
					 sizeof(out)),
			 0);
	assert_string_equal(out, "0,5 đến 50, 12% của x");
	/* Too few values: refused. */
	assert_int_equal(sg_reason__fill("%s %s %s %s %s", &a, 0, out,
					 sizeof(out)),
			 -1);
	/* JSON round trip, quotes and non-ASCII included. */
	collect(&a, "%s|%s", "a \"b\" \\ c", "Trường Một");
	json = sg_reason__args_json(&a);
	assert_non_null(json);
	assert_int_equal(sg_reason__args_parse(json, &b), 0);
	free(json);
	assert_int_equal(b.n, 2);
	assert_string_equal(b.v[0], "a \"b\" \\ c");
	assert_string_equal(b.v[1], "Trường Một");
	assert_int_equal(sg_reason__args_parse("{\"a\": 1}", &b), -1);
	assert_int_equal(sg_reason__args_parse("[1]", &b), -1);
	/* A stored reason: by its code in each language; without a known
	 * code (a store before schema 5), its text. */
	t = sg_reason__text("school.teachers_it_more", "[\"23\"]", 1, "old",
			    out, sizeof(out));
	assert_string_equal(t, "số giáo viên đạt chuẩn tin học nhiều hơn "
			       "số giáo viên (23)");
	t = sg_reason__text("school.teachers_it_more", "[\"23\"]", 0, "old",
			    out, sizeof(out));
	assert_string_equal(t, "more IT-standard teachers than teachers (23)");
	t = sg_reason__text(NULL, NULL, 1, "not a whole number", out,
			    sizeof(out));
	assert_string_equal(t, "not a whole number");
	t = sg_reason__text("school.teachers_it_more", "[]", 1, "kept", out,
			    sizeof(out));
	assert_string_equal(t, "kept");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_header_in_table),
		cmocka_unit_test(test_collect_fill),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
