/*
 * tests/engine/test_crosswalk.c - unit tests for engine/crosswalk.c: the
 * name keys that match one unit's spellings across sources, the official
 * kinds, and the shares of split units.
 *
 * The spellings are pairs seen between the statistics office's list and
 * the public map of the 2025 reform (../shared/data/vn-units).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "engine/crosswalk.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static void check_key(const char *a, const char *b, int same)
{
	char ka[256], kb[256];

	sg_xw__name_key(a, ka, sizeof(ka));
	sg_xw__name_key(b, kb, sizeof(kb));
	if ((strcmp(ka, kb) == 0) != same)
		fail_msg("key(\"%s\") = \"%s\", key(\"%s\") = \"%s\": want %s",
			 a, ka, b, kb, same ? "equal" : "different");
}

static void test_crosswalk__same_unit_same_key(void **state)
{
	static const char *const same[][2] = {
		{ "Phường 01", "Phường 1" },
		{ "Phường 01", "phuong 1" },
		{ "Tỉnh Bà Rịa - Vũng Tàu", "Tỉnh Bà Rịa-Vũng Tàu" },
		{ "Thành phố Hà Nội", "Thành Phố Hà Nội" },
		{ "Thành phố Hồ Chí Minh", "Hồ Chí Minh" },
		{ "Xã Hoà Phú", "Xã Hòa Phú" },
		{ "Thị trấn Củ Chi", "Xã Củ Chi" }, /* kind changed */
		{ "Huyện Đắk Song", "Huyện Đăk Song" },
		{ "Xã Ea Kly", "XÃ EA KLY" },
		{ "Quận 10", "Quận 010" },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(same); i++)
		check_key(same[i][0], same[i][1], 1);
	check_key("Phường 1", "Phường 10", 0);
	check_key("Phường 10", "Phường 100", 0);
	check_key("Xã Phú Hòa", "Xã Hòa Phú", 0);
}

static void test_crosswalk__kind_words_alone_stay(void **state)
{
	char k[64];

	(void)state;
	sg_xw__name_key("Thị trấn", k, sizeof(k));
	assert_string_equal(k, "thi tran");
	sg_xw__name_key("Phường 00", k, sizeof(k));
	assert_string_equal(k, "0");
	sg_xw__name_key("Xã Xà Phiên", k, sizeof(k));
	assert_string_equal(k, "xa phien");
}

static void test_crosswalk__finer_keys(void **state)
{
	char a[64], b[64];

	(void)state;
	/* With kind words: a township apart from the commune of its name. */
	sg_xw__name_key_full("Thị Trấn Yên Viên", a, sizeof(a));
	sg_xw__name_key_full("Xã Yên Viên", b, sizeof(b));
	assert_string_equal(a, "thi tran yen vien");
	assert_string_not_equal(a, b);
	/* As written: Thạnh apart from Thành. */
	sg_xw__name_exact("Xã Phú Thạnh", a, sizeof(a));
	sg_xw__name_exact("Xã Phú Thành", b, sizeof(b));
	assert_string_equal(a, "Phú Thạnh");
	assert_string_not_equal(a, b);
	sg_xw__name_exact("Thành phố Thủ Đức", a, sizeof(a));
	assert_string_equal(a, "Thủ Đức");
	sg_xw__name_exact("Đặc khu Phú Quốc", a, sizeof(a));
	assert_string_equal(a, "Phú Quốc");
}

static void test_crosswalk__kinds(void **state)
{
	static const struct {
		const char *text, *tier, *code;
	} cases[] = {
		{ "Tỉnh", NULL, "tinh" },
		{ "Thành phố Trung ương", NULL, "tp_tw" },
		{ "Thành phố trực thuộc trung ương", NULL, "tp_tw" },
		{ "Thành phố", "city", "tp_tw" },
		{ "Thành phố", "district", "tp_tinh" },
		{ "Thành phố", NULL, "tp_tinh" },
		{ "Quận", NULL, "quan" },
		{ "Huyện", NULL, "huyen" },
		{ "Thị xã", NULL, "thi_xa" },
		{ "Xã", NULL, "xa" },
		{ "phuong", NULL, "phuong" },
		{ "Thị Trấn", NULL, "thi_tran" },
		{ "Đặc khu", NULL, "dac_khu" },
		{ "special zone", NULL, "dac_khu" },
		{ "dac_khu", NULL, "dac_khu" },
		{ "ward", NULL, NULL },
		{ "Xã Phú Hòa", NULL, NULL },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		const char *got = sg_xw__kind_code(cases[i].text,
						   cases[i].tier);

		if (!cases[i].code ? got != NULL
				   : !got || strcmp(got, cases[i].code) != 0)
			fail_msg("kind(\"%s\") = %s, want %s", cases[i].text,
				 got ? got : "NULL",
				 cases[i].code ? cases[i].code : "NULL");
	}
	assert_string_equal(sg_xw__kind_of_name("Phường Ba Đình", NULL),
			    "phuong");
	assert_string_equal(sg_xw__kind_of_name("Thành Phố Hà Nội", "city"),
			    "tp_tw");
	assert_string_equal(sg_xw__kind_of_name("Đặc khu Côn Đảo", "ward"),
			    "dac_khu");
	assert_null(sg_xw__kind_of_name("Ba Đình", NULL));
	assert_string_equal(sg_xw__kind_tier("thi_xa"), "district");
	assert_string_equal(sg_xw__kind_tier("tp_tw"), "city");
	assert_null(sg_xw__kind_tier("ward"));
}

static void test_crosswalk__shares(void **state)
{
	/* Old 1 is split 30:70 between new 10 and 11, with a sliver of
	 * 0.1% in 12; old 2 goes whole to 10; old 3 has no area. */
	sg_xw_part p[] = {
		{ 1, 11, 70.0, 0, 0, 0 }, { 2, 10, 5.0, 0, 0, 0 },
		{ 1, 10, 30.0, 0, 0, 0 }, { 1, 12, 0.1, 0, 0, 0 },
		{ 3, 10, 0.0, 0, 0, 0 },  { 3, 11, 0.0, 0, 0, 0 },
	};
	double total = 0;

	(void)state;
	assert_int_equal(sg_xw__share(p, N_ELEMS(p), 0.005), 2);
	/* Sorted by (from, to). */
	assert_true(p[0].from == 1 && p[0].to == 10);
	assert_true(p[2].from == 1 && p[2].to == 12);
	assert_true(p[3].from == 2 && p[4].from == 3);
	assert_true(p[0].kept && p[1].kept && !p[2].kept);
	assert_true(fabs(p[0].share - 0.3) < 1e-12);
	assert_true(fabs(p[1].share - 0.7) < 1e-12);
	assert_true(p[2].share == 0 && p[0].split && p[1].split);
	assert_true(p[3].kept && !p[3].split && p[3].share == 1.0);
	/* No area: equal shares, flagged as a split. */
	assert_true(p[4].share == 0.5 && p[5].share == 0.5 && p[4].split);
	for (size_t i = 0; i < 3; i++)
		total += p[i].share;
	assert_true(fabs(total - 1) < 1e-12);
}

static void test_crosswalk__only_pair_is_never_a_sliver(void **state)
{
	sg_xw_part p[] = { { 7, 8, 1e-9, 0, 0, 0 } };

	(void)state;
	assert_int_equal(sg_xw__share(p, 1, 0.5), 0);
	assert_true(p[0].kept && p[0].share == 1.0 && !p[0].split);
	assert_int_equal(sg_xw__share(p, 0, 0.5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crosswalk__same_unit_same_key),
		cmocka_unit_test(test_crosswalk__kind_words_alone_stay),
		cmocka_unit_test(test_crosswalk__finer_keys),
		cmocka_unit_test(test_crosswalk__kinds),
		cmocka_unit_test(test_crosswalk__shares),
		cmocka_unit_test(test_crosswalk__only_pair_is_never_a_sliver),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
