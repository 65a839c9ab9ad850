/*
 * tests/engine/test_text.c - unit tests for engine/text.c.
 *
 * Most cases are tables of real-world spellings taken from district
 * spreadsheets, so each table row documents one input the importer must
 * accept or refuse.  NFD strings are written with \u escapes because an
 * editor would silently recompose them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/text.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Fold `in` and check the result; names the input when it fails. */
static void check_fold(const char *in, const char *want)
{
	char buf[256];
	size_t n = sg_text__fold(in, buf, sizeof buf);

	if (strcmp(buf, want) != 0 || n != strlen(want))
		fail_msg("fold(\"%s\") = \"%s\" (%zu), want \"%s\"", in, buf, n,
			 want);
}

/*---- Folding ----------------------------------------------------------*/

static void test_text__fold_ascii(void **state)
{
	(void)state;
	check_fold("", "");
	check_fold("   ", "");
	check_fold("School_Code", "school code");
	check_fold("  Hello,   World!  ", "hello world");
	check_fold("COM_ID", "com id");
	check_fold("Bandwidth (Mbps)", "bandwidth mbps");
	check_fold("a-b/c,d+e&f;g", "a b c d e f g");
	check_fold("Lop 10A1", "lop 10a1");
}

static void test_text__fold_precomposed(void **state)
{
	(void)state;
	check_fold("Số máy tính phục vụ dạy học",
		   "so may tinh phuc vu day hoc");
	check_fold("  Số máy tính (dạy học) ", "so may tinh day hoc");
	check_fold("ĐỊA CHỈ", "dia chi");
	check_fold("Mã trường", "ma truong");
	check_fold("MÃ TRƯỜNG", "ma truong");
	check_fold("Tiểu học", "tieu hoc");
	check_fold("Trung học phổ thông", "trung hoc pho thong");
	check_fold("Huyện Đắk Mil", "huyen dak mil");
	check_fold("Ăn Ĩnh Ũng Ơn Ưu ĩ ũ ơ ư ă đ",
		   "an inh ung on uu i u o u a d");
	/* The whole Vietnamese block U+1EA0..U+1EF9, upper and lower. */
	check_fold("ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ", "aaaaaaaaaaaaaaaaaaaaaaaa");
	check_fold("ẸẹẺẻẼẽẾếỀềỂểỄễỆệ", "eeeeeeeeeeeeeeee");
	check_fold("ỈỉỊị", "iiii");
	check_fold("ỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ", "oooooooooooooooooooooooo");
	check_fold("ỤụỦủỨứỪừỬửỮữỰự", "uuuuuuuuuuuuuu");
	check_fold("ỲỳỴỵỶỷỸỹ", "yyyyyyyy");
	/* The other Vietnamese letters, which live outside that block. */
	check_fold("àáãâèéêìíòóõôùúýÀÁÃÂÈÉÊÌÍÒÓÕÔÙÚÝ",
		   "aaaaeeeiioooouuyaaaaeeeiioooouuy");
}

static void test_text__fold_nfd(void **state)
{
	static const struct {
		const char *nfc, *nfd;
	} pairs[] = {
		{ "Tiểu học", "Tie\u0302\u0309u ho\u0323c" },
		{ "Tiểu học", "Tiê\u0301u ho\u0323c" }, /* half decomposed */
		{ "Trường", "Tru\u031bo\u031b\u0300ng" },
		{ "Mầm non", "Ma\u0302\u0300m non" },
		{ "Số máy tính phục vụ dạy học",
		  "So\u0302\u0301 ma\u0301y ti\u0301nh phu\u0323c vu\u0323 "
		  "da\u0323y ho\u0323c" },
		{ "Địa chỉ", "\u0110i\u0323a chi\u0309" },
		{ "Huyện Đắk Mil",
		  "Huye\u0323\u0302n \u0110a\u0306\u0301k Mil" },
		{ "NGHĨA ĐÔ", "NGHI\u0303A \u0110O\u0302" },
		{ "Ỷ Lan", "Y\u0309 Lan" },
	};
	char a[128], b[128];
	size_t i, na, nb;

	(void)state;
	for (i = 0; i < N_ELEMS(pairs); i++) {
		na = sg_text__fold(pairs[i].nfc, a, sizeof a);
		nb = sg_text__fold(pairs[i].nfd, b, sizeof b);
		assert_string_equal(a, b);
		assert_int_equal(na, nb);
	}
	check_fold("Tiê\u0301u ho\u0323c", "tieu hoc");
	/* A stray combining mark is dropped, not a separator. */
	check_fold("\u0301a\u0301\u0323b", "ab");
}

static void test_text__fold_latin1(void **state)
{
	(void)state;
	check_fold("Ça déjà vu", "ca deja vu");
	check_fold("Ñandú Øre Ýý ÿ", "nandu ore yy y");
	check_fold("Æsir Straße Þorn œuvre", "aesir strasse thorn oeuvre");
	check_fold("Łódź Škoda", "lodz skoda");
	check_fold("2×3÷4", "2 3 4"); /* × and ÷ are not letters */
	check_fold("«Trường»", "truong");
}

static void test_text__fold_separators(void **state)
{
	(void)state;
	check_fold("\xC2\xA0Mã\xC2\xA0xã\xC2\xA0", "ma xa"); /* NBSP */
	check_fold("\xEF\xBB\xBF"
		   "code",
		   "code"); /* BOM from Excel */
	check_fold("a\xFF"
		   "b",
		   "a b"); /* bad lead byte */
	check_fold("a\x80\x80"
		   "b",
		   "a b"); /* lone continuation */
	check_fold("a\xC0\xAF"
		   "b",
		   "a b"); /* overlong '/' */
	check_fold("a\xE0\x80\xAF"
		   "b",
		   "a b"); /* overlong, 3 bytes */
	check_fold("a\xED\xA0\x80"
		   "b",
		   "a b"); /* surrogate */
	check_fold("a\xF4\x90\x80\x80"
		   "b",
		   "a b");	      /* above U+10FFFF */
	check_fold("a\xE1\xBA", "a"); /* cut at the end */
	check_fold("\xE1\xBA"
		   "a",
		   "a"); /* missing byte */
	check_fold("ab\xF0\x9F\x98\x80"
		   "cd",
		   "ab cd");		       /* emoji */
	check_fold("\xCE\xB1\xCE\xB2 x", "x"); /* Greek */
}

static void test_text__fold_truncation(void **state)
{
	char buf[16];
	size_t n;

	(void)state;
	memset(buf, 'Z', sizeof buf);
	assert_int_equal(sg_text__fold("abc", buf, 0), 0);
	assert_int_equal(buf[0], 'Z'); /* outsz 0: nothing written */

	assert_int_equal(sg_text__fold("abc", buf, 1), 0);
	assert_string_equal(buf, "");

	n = sg_text__fold("Số máy", buf, 3);
	assert_int_equal(n, 2);
	assert_string_equal(buf, "so");

	/* Room for the space but not the next letter: no trailing space. */
	n = sg_text__fold("Số máy", buf, 4);
	assert_int_equal(n, 2);
	assert_string_equal(buf, "so");

	n = sg_text__fold("Số máy", buf, 5);
	assert_int_equal(n, 4);
	assert_string_equal(buf, "so m");

	/* A ligature is never cut in half. */
	n = sg_text__fold("aÆ", buf, 3);
	assert_int_equal(n, 1);
	assert_string_equal(buf, "a");

	n = sg_text__fold("Trường Tiểu học Nghĩa Đô", buf, sizeof buf);
	assert_int_equal(n, 15);
	assert_string_equal(buf, "truong tieu hoc");

	n = sg_text__fold(NULL, buf, sizeof buf);
	assert_int_equal(n, 0);
	assert_string_equal(buf, "");
}

/*---- School levels ----------------------------------------------------*/

#define PRE SG_LEVEL_PRESCHOOL
#define PRI SG_LEVEL_PRIMARY
#define LOW SG_LEVEL_LOWER
#define UPP SG_LEVEL_UPPER

struct level_case {
	const char *s;
	unsigned mask;
};

/* Each spelling parses to its set of levels. */
static void check_levels(const struct level_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned mask = 0;

		if (sg_text__level_parse(c[i].s, &mask) != 0 ||
		    mask != c[i].mask)
			fail_msg("level_parse(\"%s\") = %#x, want %#x", c[i].s,
				 mask, c[i].mask);
	}
}

static void test_text__level_parse_single(void **state)
{
	static const struct level_case ok[] = {
		{ "Mầm non", PRE },
		{ "Mam non", PRE },
		{ "MẦM NON", PRE },
		{ "Mẫu giáo", PRE },
		{ "Mau giao", PRE },
		{ "Nhà trẻ", PRE },
		{ "Nha tre", PRE },
		{ "MN", PRE },
		{ "preschool", PRE },
		{ "Kindergarten", PRE },
		{ "Tiểu học", PRI },
		{ "Tieu hoc", PRI },
		{ "TH", PRI },
		{ "primary", PRI },
		{ "Primary", PRI },
		{ "Trung học cơ sở", LOW },
		{ "Trung hoc co so", LOW },
		{ "THCS", LOW },
		{ "thcs", LOW },
		{ "lower secondary", LOW },
		{ "lower_secondary", LOW },
		{ "Trung học phổ thông", UPP },
		{ "Trung hoc pho thong", UPP },
		{ "THPT", UPP },
		{ "upper secondary", UPP },
		{ "upper_secondary", UPP },
		{ "PTTH", UPP },
		{ "PTCS", PRI | LOW },
		{ "Trường Tiểu học", PRI },
		{ "Truong THCS", LOW },
		{ "TRƯỜNG THPT", UPP },
		{ "  Tiê\u0301u ho\u0323c  ", PRI }, /* NFD */
	};

	(void)state;
	check_levels(ok, N_ELEMS(ok));
}

static void test_text__level_parse_multi(void **state)
{
	static const struct level_case ok[] = {
		{ "TH-THCS", PRI | LOW },
		{ "TH & THCS", PRI | LOW },
		{ "TH/THCS", PRI | LOW },
		{ "TH+THCS", PRI | LOW },
		{ "TH; THCS", PRI | LOW },
		{ "THCS và THPT", LOW | UPP },
		{ "THCS va THPT", LOW | UPP },
		{ "Tiểu học, THCS", PRI | LOW },
		{ "Tiểu học và Trung học cơ sở", PRI | LOW },
		{ "Trung học cơ sở - Trung học phổ thông", LOW | UPP },
		{ "TH-THCS-THPT", PRI | LOW | UPP },
		{ "MN-TH-THCS-THPT", SG_LEVEL_ALL },
		{ "primary,lower_secondary", PRI | LOW },
		{ "preschool,primary,lower_secondary,upper_secondary",
		  SG_LEVEL_ALL },
		{ "Trường TH và THCS", PRI | LOW },
		{ "Trường liên cấp TH-THCS", PRI | LOW },
		{ "THCS, THCS", LOW },
	};

	(void)state;
	check_levels(ok, N_ELEMS(ok));
}

static void test_text__level_parse_unknown(void **state)
{
	static const char *const bad[] = {
		"",
		"   ",
		"-",
		"Liên cấp",
		"lien cap",
		"secondary",
		"Trung học",
		"Trường",
		"va",
		"TH và",
		"và TH",
		"TH và và THCS",
		"liên cấp và TH",
		"TH-XYZ",
		"THCS2",
		"high school",
		"Truong Truong TH",
		"TH truong",
		"Trường Tiểu học Nghĩa Đô",
	};
	char big[400];
	size_t i;
	unsigned mask = 0xABCu;

	(void)state;
	for (i = 0; i < N_ELEMS(bad); i++)
		if (sg_text__level_parse(bad[i], &mask) != -1)
			fail_msg("level_parse(\"%s\") accepted", bad[i]);
	assert_int_equal(mask, 0xABCu); /* untouched on failure */
	assert_int_equal(sg_text__level_parse(NULL, &mask), -1);

	/* Too long to fold whole: refused rather than half parsed. */
	memset(big, 0, sizeof big);
	for (i = 0; i + 3 < sizeof big - 1; i += 3)
		memcpy(big + i, "TH ", 3);
	assert_int_equal(sg_text__level_parse(big, &mask), -1);
}

static void test_text__levels_format(void **state)
{
	char buf[64];
	char small[20];
	unsigned mask;

	(void)state;
	assert_string_equal(sg_text__levels_format(0, buf, sizeof buf), "");
	assert_string_equal(sg_text__levels_format(PRI | LOW, buf, sizeof buf),
			    "primary,lower_secondary");
	assert_string_equal(sg_text__levels_format(PRE, buf, sizeof buf),
			    "preschool");
	assert_string_equal(sg_text__levels_format(UPP | PRE, buf, sizeof buf),
			    "preschool,upper_secondary");
	assert_string_equal(
		sg_text__levels_format(SG_LEVEL_ALL, buf, sizeof buf),
		"preschool,primary,lower_secondary,upper_secondary");
	assert_ptr_equal(sg_text__levels_format(PRI, buf, sizeof buf), buf);

	/* Truncation keeps whole names only. */
	assert_string_equal(sg_text__levels_format(PRI | LOW, small,
						   sizeof small),
			    "primary");
	assert_string_equal(sg_text__levels_format(PRI, small, 3), "");

	/* Every set survives a round trip through the parser. */
	for (mask = 1; mask <= SG_LEVEL_ALL; mask++) {
		unsigned back = 0;

		sg_text__levels_format(mask, buf, sizeof buf);
		assert_int_equal(sg_text__level_parse(buf, &back), 0);
		assert_int_equal(back, mask);
	}
}

/*---- Values -----------------------------------------------------------*/

static void test_text__parse_count_ok(void **state)
{
	static const struct {
		const char *s;
		int64_t v;
	} ok[] = {
		{ "0", 0 },
		{ "1234", 1234 },
		{ " 1234 ", 1234 },
		{ "007", 7 },
		{ "+5", 5 },
		{ "-0", 0 },
		{ "1.234", 1234 },
		{ "1,234", 1234 },
		{ "1 234", 1234 },
		{ " 1 234 ", 1234 },
		{ "\xC2\xA0"
		  "1\xC2\xA0"
		  "234\t",
		  1234 },
		{ "1\xE2\x80\xAF"
		  "234",
		  1234 }, /* narrow NBSP */
		{ "1.234.567", 1234567 },
		{ "1,234,567", 1234567 },
		{ "1 234 567", 1234567 },
		{ "12,000", 12000 },
		{ "12.0", 12 },
		{ "12,00", 12 },
		{ "0.0", 0 },
		{ "1.234,00", 1234 },
		{ "1,234.00", 1234 },
		{ "1 234,0", 1234 },
		{ "1.234.567,000", 1234567 },
		{ "9223372036854775807", INT64_MAX },
		{ "9.223.372.036.854.775.807", INT64_MAX },
	};
	size_t i;
	int64_t v;

	(void)state;
	for (i = 0; i < N_ELEMS(ok); i++) {
		v = -1;
		if (sg_text__parse_count(ok[i].s, &v) != SG_PARSE_OK ||
		    v != ok[i].v)
			fail_msg("parse_count(\"%s\") = %lld, want %lld",
				 ok[i].s, (long long)v, (long long)ok[i].v);
	}
}

static void test_text__parse_count_bad(void **state)
{
	static const struct {
		const char *s;
		int rc;
	} bad[] = {
		{ "", SG_PARSE_EMPTY },
		{ "  \t", SG_PARSE_EMPTY },
		{ "\xC2\xA0", SG_PARSE_EMPTY },
		{ "-3", SG_PARSE_NEGATIVE },
		{ "-1.234", SG_PARSE_NEGATIVE },
		{ "12.5", SG_PARSE_INVALID },
		{ "12,50", SG_PARSE_INVALID },
		{ "1.23", SG_PARSE_INVALID },
		{ "1.2345", SG_PARSE_INVALID },
		{ "1.234,5", SG_PARSE_INVALID },
		{ "1.234,567", SG_PARSE_INVALID },
		{ "1.234 567", SG_PARSE_INVALID },
		{ "1234.567", SG_PARSE_INVALID },
		{ "0.123", SG_PARSE_INVALID },
		{ "abc", SG_PARSE_INVALID },
		{ "12abc", SG_PARSE_INVALID },
		{ "12 abc", SG_PARSE_INVALID },
		{ "-", SG_PARSE_INVALID },
		{ "+", SG_PARSE_INVALID },
		{ "--1", SG_PARSE_INVALID },
		{ ".5", SG_PARSE_INVALID },
		{ "12.", SG_PARSE_INVALID },
		{ "1..234", SG_PARSE_INVALID },
		{ "1  234", SG_PARSE_INVALID },
		{ "1e3", SG_PARSE_INVALID },
		{ "0x10", SG_PARSE_INVALID },
		{ "9223372036854775808", SG_PARSE_INVALID },
		{ "99999999999999999999", SG_PARSE_INVALID },
		{ "1.1.1.1.1.1.1.1.1.1", SG_PARSE_INVALID },
	};
	size_t i;
	int64_t v = 42;
	int rc;

	(void)state;
	for (i = 0; i < N_ELEMS(bad); i++) {
		rc = sg_text__parse_count(bad[i].s, &v);
		if (rc != bad[i].rc)
			fail_msg("parse_count(\"%s\") = %d, want %d", bad[i].s,
				 rc, bad[i].rc);
	}
	assert_int_equal(v, 42); /* untouched unless OK */
}

static void test_text__parse_real(void **state)
{
	static const struct {
		const char *s;
		int rc;
		double v;
	} cases[] = {
		{ "106.5", SG_PARSE_OK, 106.5 },
		{ "106,5", SG_PARSE_OK, 106.5 },
		{ " 21,0285 ", SG_PARSE_OK, 21.0285 },
		{ "-0.25", SG_PARSE_OK, -0.25 },
		{ "+3", SG_PARSE_OK, 3.0 },
		{ "1e3", SG_PARSE_OK, 1000.0 },
		{ "2,5E-2", SG_PARSE_OK, 0.025 },
		{ ".5", SG_PARSE_OK, 0.5 },
		{ "5.", SG_PARSE_OK, 5.0 },
		{ "\xC2\xA0"
		  "7\xC2\xA0",
		  SG_PARSE_OK, 7.0 },
		{ "", SG_PARSE_EMPTY, 0 },
		{ " \xC2\xA0 ", SG_PARSE_EMPTY, 0 },
		{ "1.234,5", SG_PARSE_INVALID, 0 },
		{ "1,234,567", SG_PARSE_INVALID, 0 },
		{ "1 234", SG_PARSE_INVALID, 0 },
		{ "abc", SG_PARSE_INVALID, 0 },
		{ "12abc", SG_PARSE_INVALID, 0 },
		{ "-", SG_PARSE_INVALID, 0 },
		{ ".", SG_PARSE_INVALID, 0 },
		{ "--1", SG_PARSE_INVALID, 0 },
		{ "1e", SG_PARSE_INVALID, 0 },
		{ "1e+", SG_PARSE_INVALID, 0 },
		{ "e5", SG_PARSE_INVALID, 0 },
		{ "nan", SG_PARSE_INVALID, 0 },
		{ "inf", SG_PARSE_INVALID, 0 },
		{ "-Infinity", SG_PARSE_INVALID, 0 },
		{ "0x1p3", SG_PARSE_INVALID, 0 },
		{ "1e999", SG_PARSE_INVALID, 0 },
	};
	size_t i;
	double v;
	int rc;

	(void)state;
	for (i = 0; i < N_ELEMS(cases); i++) {
		v = -999.0;
		rc = sg_text__parse_real(cases[i].s, &v);
		if (rc != cases[i].rc)
			fail_msg("parse_real(\"%s\") = %d, want %d", cases[i].s,
				 rc, cases[i].rc);
		if (rc == SG_PARSE_OK)
			assert_float_equal(v, cases[i].v, 1e-12);
		else
			assert_float_equal(v, -999.0, 0.0);
	}
}

static void test_text__parse_bool(void **state)
{
	static const struct {
		const char *s;
		int rc;
		int v;
	} cases[] = {
		{ "1", SG_PARSE_OK, 1 },
		{ "x", SG_PARSE_OK, 1 },
		{ "X", SG_PARSE_OK, 1 },
		{ "yes", SG_PARSE_OK, 1 },
		{ "Y", SG_PARSE_OK, 1 },
		{ "TRUE", SG_PARSE_OK, 1 },
		{ "Có", SG_PARSE_OK, 1 },
		{ "CÓ", SG_PARSE_OK, 1 },
		{ "co", SG_PARSE_OK, 1 },
		{ "C", SG_PARSE_OK, 1 },
		{ "Đạt", SG_PARSE_OK, 1 },
		{ " dat ", SG_PARSE_OK, 1 },
		{ "Co\u0301", SG_PARSE_OK, 1 }, /* NFD */
		{ "0", SG_PARSE_OK, 0 },
		{ "no", SG_PARSE_OK, 0 },
		{ "N", SG_PARSE_OK, 0 },
		{ "False", SG_PARSE_OK, 0 },
		{ "Không", SG_PARSE_OK, 0 },
		{ "KHÔNG", SG_PARSE_OK, 0 },
		{ "khong", SG_PARSE_OK, 0 },
		{ "k", SG_PARSE_OK, 0 },
		{ "Chưa", SG_PARSE_OK, 0 },
		{ " - ", SG_PARSE_OK, 0 },
		{ "", SG_PARSE_EMPTY, 0 },
		{ " \t ", SG_PARSE_EMPTY, 0 },
		{ "\xC2\xA0", SG_PARSE_EMPTY, 0 },
		{ "2", SG_PARSE_INVALID, 0 },
		{ "maybe", SG_PARSE_INVALID, 0 },
		{ "--", SG_PARSE_INVALID, 0 },
		{ "?", SG_PARSE_INVALID, 0 },
		{ "co khong", SG_PARSE_INVALID, 0 },
		{ "yes no", SG_PARSE_INVALID, 0 },
		{ "yesyesyesyesyesyesyesyesyesyesyesyes", SG_PARSE_INVALID, 0 },
	};
	size_t i;
	int v, rc;

	(void)state;
	for (i = 0; i < N_ELEMS(cases); i++) {
		v = -1;
		rc = sg_text__parse_bool(cases[i].s, &v);
		if (rc != cases[i].rc ||
		    (rc == SG_PARSE_OK && v != cases[i].v) ||
		    (rc != SG_PARSE_OK && v != -1))
			fail_msg("parse_bool(\"%s\") = %d (%d), want %d (%d)",
				 cases[i].s, rc, v, cases[i].rc, cases[i].v);
	}
}

/*---- Column names -----------------------------------------------------*/

static void test_text__field_names(void **state)
{
	unsigned f;
	const char *name;

	(void)state;
	assert_string_equal(sg_field__name(SG_F_COMPUTERS_TEACHING),
			    "computers_teaching");
	assert_string_equal(sg_field__name(SG_F_STUDENTS_LOWER),
			    "students_lower_secondary");
	assert_string_equal(sg_field__name(SG_F_SEATS_ENTRY),
			    "seats_entry_grade");
	assert_string_equal(sg_field__name(SG_F_BANDWIDTH), "bandwidth_mbps");
	assert_string_equal(sg_field__name(SG_F_TEACHERS_IT),
			    "teachers_it_standard");
	assert_null(sg_field__name(SG_F_NONE));
	assert_null(sg_field__name(SG_F__COUNT));

	/* Every field has a unique name that maps back to it. */
	for (f = SG_F_NONE + 1; f < SG_F__COUNT; f++) {
		name = sg_field__name((sg_field)f);
		assert_non_null(name);
		assert_int_equal(sg_field__by_name(name), f);
	}
	assert_int_equal(sg_field__by_name("Code"), SG_F_NONE);
	assert_int_equal(sg_field__by_name("computers teaching"), SG_F_NONE);
	assert_int_equal(sg_field__by_name(""), SG_F_NONE);
	assert_int_equal(sg_field__by_name(NULL), SG_F_NONE);
}

struct header_case {
	const char *header;
	sg_field want;
};

static void check_headers(sg_import_kind_int kind, const struct header_case *c,
			  size_t n)
{
	size_t i;
	sg_field got;

	for (i = 0; i < n; i++) {
		got = sg_field__match(kind, c[i].header);
		if (got != c[i].want)
			fail_msg("match(%d, \"%s\") = %s, want %s", (int)kind,
				 c[i].header,
				 got ? sg_field__name(got) : "none",
				 c[i].want ? sg_field__name(c[i].want)
					   : "none");
	}
}

static void test_text__match_schools(void **state)
{
	static const struct header_case c[] = {
		{ "Mã trường", SG_F_CODE },
		{ "Ma truong", SG_F_CODE },
		{ "MÃ TRƯỜNG", SG_F_CODE },
		{ "MA TRUONG", SG_F_CODE },
		{ "Mã số trường", SG_F_CODE },
		{ "School ID", SG_F_CODE },
		{ "Tên trường", SG_F_NAME },
		{ "TEN TRUONG", SG_F_NAME },
		{ "Trường", SG_F_NAME },
		{ "Cấp học", SG_F_LEVELS },
		{ "CAP HOC", SG_F_LEVELS },
		{ "Bậc học", SG_F_LEVELS },
		{ "Loại hình", SG_F_OWNERSHIP },
		{ "Địa chỉ", SG_F_ADDRESS },
		{ "ĐỊA CHỈ", SG_F_ADDRESS },
		{ "dia chi", SG_F_ADDRESS },
		{ "Mã xã", SG_F_UNIT_CODE },
		{ "MA XA", SG_F_UNIT_CODE },
		{ "Mã phường/xã", SG_F_UNIT_CODE },
		{ "Mã đơn vị hành chính", SG_F_UNIT_CODE },
		{ "COM_ID", SG_F_UNIT_CODE },
		{ "unit_code", SG_F_UNIT_CODE },
		{ "Kinh độ", SG_F_LON },
		{ "KINH DO", SG_F_LON },
		{ "lng", SG_F_LON },
		{ "Longitude", SG_F_LON },
		{ "Vĩ độ", SG_F_LAT },
		{ "vi do", SG_F_LAT },
		{ "Tọa độ X", SG_F_X },
		{ "x", SG_F_X },
		{ "Y", SG_F_Y },
		{ "Năm học", SG_F_YEAR },
		{ "NAM HOC", SG_F_YEAR },
		{ "Số học sinh", SG_F_STUDENTS },
		{ "Tổng số học sinh", SG_F_STUDENTS },
		{ "SỐ HS", SG_F_STUDENTS },
		{ "Enrolment", SG_F_STUDENTS },
		{ "Số trẻ", SG_F_STUDENTS_PRESCHOOL },
		{ "Số học sinh tiểu học", SG_F_STUDENTS_PRIMARY },
		{ "HS TH", SG_F_STUDENTS_PRIMARY },
		{ "Số học sinh THCS", SG_F_STUDENTS_LOWER },
		{ "Học sinh THPT", SG_F_STUDENTS_UPPER },
		{ "Số lớp", SG_F_CLASSES },
		{ "SO LOP", SG_F_CLASSES },
		{ "Chỉ tiêu tuyển sinh", SG_F_SEATS_ENTRY },
		{ "Chỉ tiêu lớp đầu cấp", SG_F_SEATS_ENTRY },
		{ "seats_entry_grade", SG_F_SEATS_ENTRY },
		{ "Số máy tính phục vụ dạy học", SG_F_COMPUTERS_TEACHING },
		{ "So may tinh phuc vu day hoc", SG_F_COMPUTERS_TEACHING },
		{ "SỐ MÁY TÍNH PHỤC VỤ DẠY HỌC", SG_F_COMPUTERS_TEACHING },
		{ "So\u0302\u0301 ma\u0301y ti\u0301nh phu\u0323c vu\u0323 "
		  "da\u0323y ho\u0323c",
		  SG_F_COMPUTERS_TEACHING },
		{ "computers_teaching", SG_F_COMPUTERS_TEACHING },
		{ "Số máy tính phục vụ quản lý", SG_F_COMPUTERS_MANAGEMENT },
		{ "Máy tính quản lý", SG_F_COMPUTERS_MANAGEMENT },
		{ "Số máy in", SG_F_PRINTERS },
		{ "Webcam", SG_F_WEBCAMS },
		{ "Cáp quang", SG_F_FIBRE },
		{ "Internet cáp quang", SG_F_FIBRE },
		{ "Fiber", SG_F_FIBRE },
		{ "Băng thông (Mbps)", SG_F_BANDWIDTH },
		{ "Tốc độ Internet", SG_F_BANDWIDTH },
		{ "bandwidth_mbps", SG_F_BANDWIDTH },
		{ "Mạng LAN", SG_F_LAN },
		{ "Wi-Fi", SG_F_WIFI },
		{ "Mạng không dây", SG_F_WIFI },
		{ "Trang thông tin điện tử", SG_F_WEBSITE },
		{ "Sổ điểm điện tử", SG_F_E_GRADEBOOK },
		{ "E-gradebook", SG_F_E_GRADEBOOK },
		{ "Sổ liên lạc điện tử", SG_F_E_CONTACT_BOOK },
		{ "Số giáo viên", SG_F_TEACHERS },
		{ "SO GV", SG_F_TEACHERS },
		{ "Số giáo viên đạt chuẩn CNTT", SG_F_TEACHERS_IT },
		{ "GV đạt chuẩn CNTT", SG_F_TEACHERS_IT },
		/* canonical names of fields a schools file does not use */
		{ "population", SG_F_POPULATION },
		{ "parent_code", SG_F_PARENT_CODE },
		/* unknown */
		{ "STT", SG_F_NONE },
		{ "Ghi chú", SG_F_NONE },
		{ "", SG_F_NONE },
		{ " - ", SG_F_NONE },
		{ "Mã huyện", SG_F_NONE },
		{ "codes", SG_F_NONE },
	};

	(void)state;
	check_headers(SG_KIND_SCHOOLS, c, N_ELEMS(c));
	assert_int_equal(sg_field__match(SG_KIND_SCHOOLS, NULL), SG_F_NONE);
}

static void test_text__match_units(void **state)
{
	static const struct header_case c[] = {
		{ "Mã", SG_F_CODE },
		{ "Mã xã", SG_F_CODE },
		{ "MÃ XÃ", SG_F_CODE },
		{ "Ma xa", SG_F_CODE },
		{ "Mã phường, xã", SG_F_CODE },
		{ "Mã ĐVHC", SG_F_CODE },
		{ "Mã tỉnh", SG_F_CODE },
		{ "COM_ID", SG_F_CODE },
		{ "Unit code", SG_F_CODE },
		{ "unit_code", SG_F_CODE },
		{ "GSO code", SG_F_CODE },
		{ "code", SG_F_CODE },
		{ "Tên", SG_F_NAME },
		{ "Tên xã", SG_F_NAME },
		{ "TEN PHUONG", SG_F_NAME },
		{ "Tên huyện", SG_F_NAME },
		{ "com_name", SG_F_NAME },
		{ "Cấp", SG_F_UNIT_KIND },
		{ "Loại", SG_F_UNIT_KIND },
		{ "Cấp hành chính", SG_F_UNIT_KIND },
		{ "unit_kind", SG_F_UNIT_KIND },
		{ "Mã huyện", SG_F_PARENT_CODE },
		{ "MÃ QUẬN", SG_F_PARENT_CODE },
		{ "Mã cấp trên", SG_F_PARENT_CODE },
		{ "DIST_ID", SG_F_PARENT_CODE },
		{ "parent_code", SG_F_PARENT_CODE },
		{ "Dân số", SG_F_POPULATION },
		{ "DAN SO", SG_F_POPULATION },
		{ "Tổng dân số", SG_F_POPULATION },
		{ "population", SG_F_POPULATION },
		{ "Mã trường", SG_F_NONE },
		{ "Diện tích", SG_F_NONE },
	};

	(void)state;
	check_headers(SG_KIND_UNITS, c, N_ELEMS(c));
}

static void test_text__match_population(void **state)
{
	static const struct header_case c[] = {
		{ "Mã xã", SG_F_CODE },
		{ "MA PHUONG", SG_F_CODE },
		{ "Mã đơn vị", SG_F_CODE },
		{ "code", SG_F_CODE },
		{ "Năm", SG_F_YEAR },
		{ "Năm điều tra", SG_F_YEAR },
		{ "year", SG_F_YEAR },
		{ "Từ tuổi", SG_F_AGE_FROM },
		{ "TUOI TU", SG_F_AGE_FROM },
		{ "age_from", SG_F_AGE_FROM },
		{ "Đến tuổi", SG_F_AGE_TO },
		{ "tuoi den", SG_F_AGE_TO },
		{ "age_to", SG_F_AGE_TO },
		{ "Số người", SG_F_COUNT },
		{ "DÂN SỐ", SG_F_COUNT },
		{ "Số dân", SG_F_COUNT },
		{ "count", SG_F_COUNT },
		/* a population file's "population" is its count column */
		{ "population", SG_F_COUNT },
		{ "Giới tính", SG_F_NONE },
	};

	(void)state;
	check_headers(SG_KIND_POPULATION, c, N_ELEMS(c));
}

static void test_text__match_applicants(void **state)
{
	static const struct header_case c[] = {
		{ "Mã hồ sơ", SG_F_CODE },
		{ "Mã học sinh", SG_F_CODE },
		{ "ID", SG_F_CODE },
		{ "code", SG_F_CODE },
		{ "Họ tên", SG_F_NAME },
		{ "Họ và tên", SG_F_NAME },
		{ "HO VA TEN", SG_F_NAME },
		{ "name", SG_F_NAME },
		{ "Kinh độ", SG_F_LON },
		{ "lon", SG_F_LON },
		{ "Vĩ độ", SG_F_LAT },
		{ "Latitude", SG_F_LAT },
		{ "Số báo danh", SG_F_CODE },
		{ "SBD", SG_F_CODE },
		{ "Lớp", SG_F_GRADE },
		{ "Khối", SG_F_GRADE },
		{ "Lớp dự tuyển", SG_F_GRADE },
		{ "grade", SG_F_GRADE },
		{ "Ngày sinh", SG_F_BIRTH_DATE },
		{ "birth_date", SG_F_BIRTH_DATE },
		{ "Mã xã", SG_F_UNIT_CODE },
		{ "Mã phường", SG_F_UNIT_CODE },
		{ "Đối tượng ưu tiên", SG_F_PRIORITY },
		{ "Ưu tiên", SG_F_PRIORITY },
		{ "Nguyện vọng 1", SG_F_CHOICE1 },
		{ "NV1", SG_F_CHOICE1 },
		{ "nv 2", SG_F_CHOICE2 },
		{ "Nguyện vọng 3", SG_F_CHOICE3 },
		{ "choice_3", SG_F_CHOICE3 },
		{ "Điểm", SG_F_SCORE },
		{ "Tổng điểm", SG_F_SCORE },
		{ "Điểm xét tuyển", SG_F_SCORE },
		{ "score", SG_F_SCORE },
		{ "Năm học", SG_F_YEAR },
		/* Home addresses are not kept: the point is enough. */
		{ "Địa chỉ", SG_F_NONE },
		{ "Giới tính", SG_F_NONE },
	};

	(void)state;
	check_headers(SG_KIND_APPLICANTS, c, N_ELEMS(c));
	assert_int_equal(sg_field__match((sg_import_kind_int)99, "code"),
			 SG_F_NONE);
}

/* Degrees, minutes, seconds as surveyors and GPS units write them; the
 * expected values are d + m/60 + s/3600 worked out by hand. */
static void test_text__parse_dms(void **state)
{
	double v = 0;

	(void)state;
	assert_int_equal(sg_text__parse_dms("10°55'40.35\"N", &v), SG_PARSE_OK);
	assert_true(fabs(v - 10.927875) < 1e-12);
	assert_int_equal(sg_text__parse_dms("106° 29' 12\" E", &v),
			 SG_PARSE_OK);
	assert_true(fabs(v - 106.48666666666666) < 1e-12);
	assert_int_equal(sg_text__parse_dms("10 30 00 S", &v), SG_PARSE_OK);
	assert_true(fabs(v + 10.5) < 1e-12);
	assert_int_equal(sg_text__parse_dms("W106°30,5'", &v), SG_PARSE_OK);
	assert_true(fabs(v + 106.50833333333334) < 1e-12);
	assert_int_equal(sg_text__parse_dms("10°75'00\"N", &v),
			 SG_PARSE_INVALID);
	assert_int_equal(sg_text__parse_dms("106.5", &v), SG_PARSE_INVALID);
	assert_int_equal(sg_text__parse_dms("abc", &v), SG_PARSE_INVALID);
	assert_int_equal(sg_text__parse_dms("", &v), SG_PARSE_EMPTY);
}

/* Encodings: what comes back is checked against the UTF-8 written. */
static void test_text__decode(void **state)
{
	const char *used;
	char *out = NULL;
	size_t n;

	(void)state;
	assert_int_equal(sg_text__decode("Mã,Tên\n", 9, NULL, &out, &n, &used),
			 SG_DECODE_SAME);
	assert_null(out);
	assert_int_equal(sg_text__decode("\xef\xbb\xbf"
					 "Mã",
					 6, NULL, &out, &n, &used),
			 SG_DECODE_CONVERTED);
	assert_string_equal(out, "Mã");
	free(out);
	/* "Mã" in UTF-16LE with a BOM */
	assert_int_equal(sg_text__decode("\xff\xfeM\0\xe3\0", 6, NULL, &out, &n,
					 &used),
			 SG_DECODE_CONVERTED);
	assert_string_equal(out, "Mã");
	assert_string_equal(used, "UTF-16LE");
	free(out);
	/* Windows-1258 "Mã" as a base letter and a combining tilde */
	assert_int_equal(sg_text__decode("Ma\xde", 3, NULL, &out, &n, &used),
			 SG_DECODE_CONVERTED);
	assert_string_equal(out, "Mã");
	free(out);
	/* NFD UTF-8 composed */
	assert_int_equal(sg_text__decode("Ma\xcc\x83", 4, NULL, &out, &n,
					 &used),
			 SG_DECODE_CONVERTED);
	assert_string_equal(out, "Mã");
	free(out);
	assert_int_equal(sg_text__decode("a\0b", 3, NULL, &out, &n, &used),
			 SG_DECODE_BINARY);
	assert_int_equal(sg_text__decode("a", 1, "NO-SUCH-CODE", &out, &n,
					 &used),
			 SG_DECODE_UNKNOWN);
	assert_int_equal(sg_text__utf8_valid("\xc0\xaf", 2), 0);
	assert_int_equal(sg_text__utf8_valid("\xed\xa0\x80", 3), 0);
}

/*
 * The 8-bit Vietnamese encodings, bytes written by hand from the fonts'
 * published tables: TCVN3 (ABC) one byte a letter, VNI a vowel and a
 * byte of marks (VNI "Vieät" is "Việt"), Windows-1258 combining tones.
 */
static void test_text__legacy_vn(void **state)
{
	static const struct {
		const char *bytes, *enc, *utf8;
	} cases[] = {
		{ "Vie\xe4t Nam", "VNI", "Việt Nam" },
		{ "VIE\xc4T NAM", "VNI", "VIỆT NAM" },
		{ "\xd1o\xe2ng Th\xf2 Nguye\xe3n V\xf3 Ng\xf6\xf4\xf8i", "VNI",
		  "Đông Thị Nguyễn Vĩ Người" },
		{ "Tr\xad\xeang Ti\xd3u h\xe4"
		  "c \xa7\xabng",
		  "TCVN3", "Trường Tiểu học Đông" },
		{ "Tr\xfd\xf5\xccng Ti\xea\xd2u ho\xf2"
		  "c",
		  "WINDOWS-1258", "Trường Tiểu học" },
	};
	const char *used;
	char *out;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const char *b = cases[i].bytes;

		/* Found without --encoding ... */
		assert_string_equal(sg_text__vn_guess(b, strlen(b)),
				    cases[i].enc);
		assert_int_equal(sg_text__decode(b, strlen(b), NULL, &out, &n,
						 &used),
				 SG_DECODE_CONVERTED);
		assert_string_equal(out, cases[i].utf8);
		assert_string_equal(used, cases[i].enc);
		free(out);
		/* ... and forced. */
		assert_int_equal(sg_text__decode(b, strlen(b), cases[i].enc,
						 &out, &n, &used),
				 SG_DECODE_CONVERTED);
		assert_string_equal(out, cases[i].utf8);
		free(out);
	}
	/* Spellings of the names; a byte VNI's Windows-1252 lacks. */
	assert_int_equal(sg_text__decode("Vie\xe4t", 5, "vni-windows", &out, &n,
					 &used),
			 SG_DECODE_CONVERTED);
	assert_string_equal(out, "Việt");
	free(out);
	assert_int_equal(sg_text__decode("h\xe4"
					 "c",
					 3, "abc", &out, &n, &used),
			 SG_DECODE_CONVERTED);
	assert_string_equal(out, "học");
	free(out);
	assert_int_equal(sg_text__decode("a\x81", 2, "VNI", &out, &n, &used),
			 SG_DECODE_FAILED);
	/* Syllables: Vietnamese words score 1, garbled ones -2. */
	{
		static const struct {
			const char *text;
			long score;
		} sc[] = {
			{ "Trường Tiểu học Nguyễn", 4 },
			{ "Tröôøng", -2 },	  /* ö, ø: not Vietnamese */
			{ "Vieọt Việt", -2 + 1 }, /* no word has "ieo" */
			{ "Tiẻu Tiểu khuỷu", -2 + 2 },
			{ "Trừờng", -2 }, /* two tones */
			{ "THCS 12", 0 }, /* ASCII: not counted */
		};

		for (size_t i = 0; i < sizeof(sc) / sizeof(*sc); i++)
			assert_int_equal(sg_text__vn_score(sc[i].text,
							   strlen(sc[i].text)),
					 sc[i].score);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text__parse_dms),
		cmocka_unit_test(test_text__decode),
		cmocka_unit_test(test_text__legacy_vn),
		cmocka_unit_test(test_text__fold_ascii),
		cmocka_unit_test(test_text__fold_precomposed),
		cmocka_unit_test(test_text__fold_nfd),
		cmocka_unit_test(test_text__fold_latin1),
		cmocka_unit_test(test_text__fold_separators),
		cmocka_unit_test(test_text__fold_truncation),
		cmocka_unit_test(test_text__level_parse_single),
		cmocka_unit_test(test_text__level_parse_multi),
		cmocka_unit_test(test_text__level_parse_unknown),
		cmocka_unit_test(test_text__levels_format),
		cmocka_unit_test(test_text__parse_count_ok),
		cmocka_unit_test(test_text__parse_count_bad),
		cmocka_unit_test(test_text__parse_real),
		cmocka_unit_test(test_text__parse_bool),
		cmocka_unit_test(test_text__field_names),
		cmocka_unit_test(test_text__match_schools),
		cmocka_unit_test(test_text__match_units),
		cmocka_unit_test(test_text__match_population),
		cmocka_unit_test(test_text__match_applicants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
