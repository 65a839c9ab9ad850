/*
 * engine/crosswalk.c - matching units across administrative sets.
 *
 * Sources name one unit differently: the statistics office writes
 * "Phường 01", a public map "Phường 1"; "Tỉnh Bà Rịa - Vũng Tàu" and
 * "Bà Rịa-Vũng Tàu"; "Hoà" and "Hòa".  A name key folds all of these
 * into one, so that units are matched by name within their parent when
 * the sources' codes differ.  The kind words are dropped from the key,
 * because a kind changes with a reform while the name stays (a Thị trấn
 * becomes a Xã); the parent, not the kind, keeps homonyms apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/crosswalk.h"
#include "engine/text.h"

/*---- Kinds ------------------------------------------------------------*/

static const struct {
	const char *code, *tier;
} kinds[] = {
	{ "tinh", "city" },	  { "tp_tw", "city" },
	{ "quan", "district" },	  { "huyen", "district" },
	{ "thi_xa", "district" }, { "tp_tinh", "district" },
	{ "xa", "ward" },	  { "phuong", "ward" },
	{ "thi_tran", "ward" },	  { "dac_khu", "ward" },
};

/* Folded kind words, longest first so that a prefix test takes the
 * longest; code NULL for "thanh pho", which needs the tier. */
static const struct {
	const char *words, *code;
} kind_words[] = {
	{ "thanh pho truc thuoc trung uong", "tp_tw" },
	{ "thanh pho trung uong", "tp_tw" },
	{ "thanh pho thuoc tinh", "tp_tinh" },
	{ "centrally governed city", "tp_tw" },
	{ "provincial city", "tp_tinh" },
	{ "special zone", "dac_khu" },
	{ "thanh pho", NULL },
	{ "thi tran", "thi_tran" },
	{ "township", "thi_tran" },
	{ "province", "tinh" },
	{ "dac khu", "dac_khu" },
	{ "commune", "xa" },
	{ "phuong", "phuong" },
	{ "thi xa", "thi_xa" },
	{ "huyen", "huyen" },
	{ "quan", "quan" },
	{ "tinh", "tinh" },
	{ "tp", NULL },
	{ "xa", "xa" },
};

const char *sg_xw__kind_tier(const char *code)
{
	for (size_t i = 0; code && i < sizeof(kinds) / sizeof(*kinds); i++)
		if (strcmp(code, kinds[i].code) == 0)
			return kinds[i].tier;
	return NULL;
}

/* Length of the kind words `w` at the start of folded text p, ending at
 * a word boundary; 0 when p does not start with them. */
static size_t starts_with(const char *p, const char *w)
{
	size_t n = strlen(w);

	return strncmp(p, w, n) == 0 && (p[n] == ' ' || p[n] == '\0') ? n : 0;
}

static const char *ambiguous(const char *tier_hint)
{
	return tier_hint && strcmp(tier_hint, "city") == 0 ? "tp_tw"
							   : "tp_tinh";
}

/* The kind words folded text p starts with: their index, or -1. */
static int leading_kind(const char *p, size_t *len)
{
	for (size_t i = 0; i < sizeof(kind_words) / sizeof(*kind_words); i++)
		if ((*len = starts_with(p, kind_words[i].words)) != 0)
			return (int)i;
	return -1;
}

const char *sg_xw__kind_code(const char *text, const char *tier_hint)
{
	char f[96];
	size_t len;
	int i;

	if (!text)
		return NULL;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds); k++)
		if (strcmp(text, kinds[k].code) == 0)
			return kinds[k].code;
	sg_text__fold(text, f, sizeof(f));
	if ((i = leading_kind(f, &len)) < 0 || f[len] != '\0')
		return NULL;
	return kind_words[i].code ? kind_words[i].code : ambiguous(tier_hint);
}

const char *sg_xw__kind_of_name(const char *name, const char *tier_hint)
{
	char f[256];
	size_t len;
	int i;

	sg_text__fold(name, f, sizeof(f));
	if ((i = leading_kind(f, &len)) < 0 || f[len] == '\0')
		return NULL;
	/* "TP" is an abbreviation only before a name. */
	return kind_words[i].code ? kind_words[i].code : ambiguous(tier_hint);
}

/*---- Name keys --------------------------------------------------------*/

static size_t name_key(const char *name, char *out, size_t outsz,
		       int drop_kind);

/* Number of words of the kind words a name starts with (0: none, or
 * nothing but them). */
static int kind_word_count(const char *name)
{
	char f[256];
	size_t n;
	int words = 1;

	sg_text__fold(name, f, sizeof(f));
	if (leading_kind(f, &n) < 0 || f[n] != ' ')
		return 0;
	for (size_t i = 0; i < n; i++)
		words += f[i] == ' ';
	return words;
}

size_t sg_xw__name_exact(const char *name, char *out, size_t outsz)
{
	const char *p = name ? name : "";
	int words = kind_word_count(p);

	if (outsz == 0)
		return 0;
	while (*p == ' ')
		p++;
	for (; words > 0; words--) {
		while (*p && *p != ' ' && *p != '\t')
			p++;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	snprintf(out, outsz, "%s", p);
	return strlen(out);
}

size_t sg_xw__name_key(const char *name, char *out, size_t outsz)
{
	return name_key(name, out, outsz, 1);
}

size_t sg_xw__name_key_full(const char *name, char *out, size_t outsz)
{
	return name_key(name, out, outsz, 0);
}

static size_t name_key(const char *name, char *out, size_t outsz, int drop_kind)
{
	char f[256];
	const char *p = f;
	size_t len = 0, n;

	if (outsz == 0)
		return 0;
	sg_text__fold(name, f, sizeof(f));
	/* Drop the kind words, once ("Thành phố Thủ Đức"); keep them when
	 * nothing else is left. */
	if (drop_kind && leading_kind(p, &n) >= 0 && p[n] == ' ')
		p += n + 1;
	while (*p && len + 1 < outsz) {
		/* A number loses its leading zeros: "01" -> "1". */
		if ((p == f || p[-1] == ' ') && *p == '0') {
			const char *q = p;

			while (*q == '0')
				q++;
			if (*q >= '1' && *q <= '9')
				p = q;
			else if (*q == ' ' || *q == '\0')
				p = q - 1; /* "00" -> "0" */
		}
		out[len++] = *p++;
	}
	out[len] = '\0';
	return len;
}

/*---- Shares -----------------------------------------------------------*/

static int by_from_to(const void *a, const void *b)
{
	const sg_xw_part *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->to < y->to ? -1 : x->to > y->to;
}

size_t sg_xw__share(sg_xw_part *parts, size_t n, double min_part)
{
	size_t splits = 0;

	qsort(parts, n, sizeof(*parts), by_from_to);
	for (size_t i = 0, j; i < n; i = j) {
		double total = 0, kept = 0;
		size_t nkept = 0;

		for (j = i; j < n && parts[j].from == parts[i].from; j++)
			total += parts[j].amount > 0 ? parts[j].amount : 0;
		for (size_t k = i; k < j; k++) {
			double a = parts[k].amount > 0 ? parts[k].amount : 0;

			parts[k].kept = j - i == 1 || total <= 0 ||
					a >= min_part * total;
			if (parts[k].kept) {
				kept += a;
				nkept++;
			}
		}
		for (size_t k = i; k < j; k++) {
			double a = parts[k].amount > 0 ? parts[k].amount : 0;

			parts[k].split = nkept > 1;
			parts[k].share = !parts[k].kept ? 0
					 : kept > 0	? a / kept
							: 1.0 / (double)nkept;
		}
		splits += nkept > 1;
	}
	return splits;
}
