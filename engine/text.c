/*
 * engine/text.c - text folding, level names, value parsing and column
 * aliases for imports.
 *
 * School and population tables reach us as spreadsheets typed by hand in
 * district offices.  The same column is "Mã trường", "Ma truong" or
 * "MÃ TRƯỜNG", sometimes in NFD form when it was copied from a Mac or a
 * web page, and numbers use either decimal separator.  Rather than
 * normalising Unicode properly (which would need ICU) we fold everything
 * to lower-case ASCII words: Vietnamese only uses Latin letters with
 * diacritics, so dropping the diacritics keeps words distinct enough for
 * matching headers and keywords, and the result is plain ASCII that can
 * be compared with strcmp.
 *
 * All tables here are written in folded form, so a new alias is added by
 * typing it without diacritics, lower-case, words separated by one space.
 */
#include "text.h"
#include "engine/context.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uninorm.h>

/*---- Folding ----------------------------------------------------------*/

/*
 * Base letters of U+00C0..U+00FF and U+0100..U+017F, one byte per code
 * point.  ' ' marks a non-letter (× and ÷).  Upper-case letters stand
 * for ligatures that fold to two letters (see expand_ligature); the
 * tables never need a real upper-case letter because output is lower-case.
 */
static const char latin1[] =
	"aaaaaaAceeeeiiii" /* À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï */
	"dnooooo ouuuuyTS" /* Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß */
	"aaaaaaAceeeeiiii" /* à á â ã ä å æ ç è é ê ë ì í î ï */
	"dnooooo ouuuuyTy"; /* ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ */

static const char latin_ext_a[] = "aaaaaa"
				  "cccccccc"
				  "dddd"
				  "eeeeeeeeee" /* Ā..ą Ć..č Ď..đ Ē..ě */
				  "gggggggg"
				  "hhhh"
				  "iiiiiiiiii"
				  "II" /* Ĝ..ģ Ĥ..ħ Ĩ..ı Ĳ ĳ */
				  "jj"
				  "kkk"
				  "llllllllll"
				  "nnnnnnnnn" /* Ĵ ĵ Ķ..ĸ Ĺ..ł Ń..ŋ */
				  "oooooo"
				  "OO"
				  "rrrrrr"
				  "ssssssss" /* Ō..ő Œ œ Ŕ..ř Ś..š */
				  "tttttt"
				  "uuuuuuuuuuuu"
				  "ww"
				  "yyy" /* Ţ..ŧ Ũ..ų Ŵ ŵ Ŷ..Ÿ */
				  "zzzzzz"
				  "s"; /* Ź..ž ſ */

_Static_assert(sizeof latin1 - 1 == 0x40, "latin1 covers U+00C0..U+00FF");
_Static_assert(sizeof latin_ext_a - 1 == 0x80,
	       "latin_ext_a covers U+0100..U+017F");

/* Marker of an invalid UTF-8 sequence; not a code point. */
#define BAD_CP 0xFFFFFFFFu

/*
 * Decode one UTF-8 sequence at *pp and advance past it.  An invalid
 * sequence (bad lead byte, missing continuation, overlong form, surrogate,
 * beyond U+10FFFF) consumes one byte only, so that the following bytes get
 * a chance to start a valid sequence, and yields BAD_CP.
 */
static uint32_t next_cp(const unsigned char **pp)
{
	const unsigned char *p = *pp;
	uint32_t cp;
	int n, i;

	if (p[0] < 0x80) {
		*pp = p + 1;
		return p[0];
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 1;
		cp = p[0] & 0x1Fu;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 2;
		cp = p[0] & 0x0Fu;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 3;
		cp = p[0] & 0x07u;
	} else {
		*pp = p + 1;
		return BAD_CP;
	}
	/* A NUL terminator fails this test, so we never read past it. */
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*pp = p + 1;
			return BAD_CP;
		}
		cp = (cp << 6) | (p[i] & 0x3Fu);
	}
	if ((n == 2 && cp < 0x800) || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
		*pp = p + 1;
		return BAD_CP;
	}
	*pp = p + n + 1;
	return cp;
}

/*
 * Fold one code point into b.  Returns the number of letters written
 * (1 or 2), 0 for a combining mark, which is dropped without splitting the
 * word it sits in, or -1 for a separator.
 */
static int fold_cp(uint32_t cp, char b[2])
{
	static const char two[][3] = { "Aae", "Iij", "Ooe", "Sss", "Tth" };
	char c = ' ';

	if (cp >= 'A' && cp <= 'Z')
		c = (char)(cp - 'A' + 'a');
	else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		c = (char)cp;
	else if (cp >= 0xC0 && cp <= 0xFF)
		c = latin1[cp - 0xC0];
	else if (cp >= 0x100 && cp <= 0x17F)
		c = latin_ext_a[cp - 0x100];
	else if (cp == 0x1A0 || cp == 0x1A1) /* Ơ ơ */
		c = 'o';
	else if (cp == 0x1AF || cp == 0x1B0) /* Ư ư */
		c = 'u';
	else if (cp >= 0x300 && cp <= 0x36F)
		return 0;
	else if (cp >= 0x1EA0 && cp <= 0x1EF9) /* Ạ..ỹ */
		c = cp < 0x1EB8	  ? 'a'
		    : cp < 0x1EC8 ? 'e'
		    : cp < 0x1ECC ? 'i'
		    : cp < 0x1EE4 ? 'o'
		    : cp < 0x1EF2 ? 'u'
				  : 'y';

	if (c == ' ')
		return -1;
	/* The tables' capitals stand for two letters (Æ ae, Ĳ ij, Œ oe,
	 * ß ss, Þ th). */
	for (size_t k = 0; k < sizeof(two) / sizeof(*two); k++)
		if (c == two[k][0]) {
			b[0] = two[k][1];
			b[1] = two[k][2];
			return 2;
		}
	b[0] = c;
	return 1;
}

size_t sg_text__fold(const char *in, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)(in ? in : "");
	size_t len = 0;
	int gap = 0, n, i;
	char b[2];

	if (outsz == 0)
		return 0;
	while (*p) {
		n = fold_cp(next_cp(&p), b);
		if (n < 0)
			gap = 1;
		if (n <= 0)
			continue;
		/*
		 * Stop at the first letter that does not fit, together with
		 * the space before it, so that a truncated result never ends
		 * in a space or half a ligature.
		 */
		if (gap && len > 0) {
			if (len + 1 + (size_t)n > outsz - 1)
				break;
			out[len++] = ' ';
		} else if (len + (size_t)n > outsz - 1) {
			break;
		}
		gap = 0;
		for (i = 0; i < n; i++)
			out[len++] = b[i];
	}
	out[len] = '\0';
	return len;
}

/*
 * Length of `word` (one or more folded words) when the folded text at p
 * starts with it as whole words, else 0.
 */
static size_t starts_with_words(const char *p, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(p, word, n) != 0 || (p[n] != '\0' && p[n] != ' '))
		return 0;
	return n;
}

/*---- School levels ----------------------------------------------------*/

#define PRE SG_LEVEL_PRESCHOOL
#define PRI SG_LEVEL_PRIMARY
#define LOW SG_LEVEL_LOWER
#define UPP SG_LEVEL_UPPER

/* Marks a joining word, which must stand between two level names. */
#define JOIN 0x100u

/*
 * Level names in folded form.  JOIN entries are joining words, accepted
 * only between names so that a cell cut short ("TH và") is refused rather
 * than read as fewer levels; mask 0 entries are fillers that may stand
 * anywhere ("Trường liên cấp TH-THCS").  Names are matched greedily,
 * longest first, because folding has already turned "-", "/", "," and
 * "&" into spaces, so "trung hoc co so" and "tieu hoc" can only be told
 * apart from the words around them by length.  "trung hoc" and
 * "secondary" alone are deliberately absent: they do not say which
 * secondary level.
 */
static const struct {
	const char *text;
	unsigned mask;
} level_words[] = {
	{ "mam non", PRE },
	{ "mau giao", PRE },
	{ "nha tre", PRE },
	{ "mn", PRE },
	{ "preschool", PRE },
	{ "pre school", PRE },
	{ "kindergarten", PRE },
	{ "tieu hoc", PRI },
	{ "th", PRI },
	{ "primary", PRI },
	{ "cap 1", PRI }, /* colloquial "cấp 1/2/3" */
	{ "trung hoc co so", LOW },
	{ "thcs", LOW },
	{ "lower secondary", LOW },
	{ "cap 2", LOW },
	{ "trung hoc pho thong", UPP },
	{ "thpt", UPP },
	{ "upper secondary", UPP },
	{ "cap 3", UPP },
	/* older names: "phổ thông cơ sở" covered grades 1-9 */
	{ "ptcs", PRI | LOW },
	{ "pho thong co so", PRI | LOW },
	{ "ptth", UPP },
	{ "pho thong trung hoc", UPP },
	{ "va", JOIN },
	{ "and", JOIN },
	{ "lien cap", 0 },
};

int sg_text__level_parse(const char *s, unsigned *mask_out)
{
	char buf[256];
	const char *p = buf;
	unsigned mask = 0, best_mask;
	size_t i, n, best_n;
	int after_join = 0;

	/* Refuse rather than fold a truncated prefix that might parse. */
	if (s == NULL || strlen(s) >= sizeof buf)
		return -1;
	sg_text__fold(s, buf, sizeof buf);
	if ((n = starts_with_words(p, "truong")) != 0)
		p += n + (p[n] == ' ');
	while (*p) {
		best_n = 0;
		best_mask = 0;
		for (i = 0; i < sizeof level_words / sizeof level_words[0];
		     i++) {
			n = starts_with_words(p, level_words[i].text);
			if (n > best_n) {
				best_n = n;
				best_mask = level_words[i].mask;
			}
		}
		if (best_n == 0)
			return -1;
		if (best_mask == JOIN) {
			if (mask == 0 || after_join)
				return -1;
			after_join = 1;
		} else if (best_mask != 0) {
			mask |= best_mask;
			after_join = 0;
		}
		p += best_n + (p[best_n] == ' ');
	}
	if (mask == 0 || after_join)
		return -1;
	*mask_out = mask;
	return 0;
}

static const char *const level_names[] = { "preschool", "primary",
					   "lower_secondary",
					   "upper_secondary" };

/* Names for people, translated where they are shown (sg__tr). */
static const char *const level_labels[] = { SG_N_("Preschool"),
					    SG_N_("Primary"),
					    SG_N_("Lower secondary"),
					    SG_N_("Upper secondary") };

/* The index 0-3 of a value that is exactly one level, else -1. */
static int level_index(sg_level level)
{
	switch (level) {
	case SG_LEVEL_PRESCHOOL: return 0;
	case SG_LEVEL_PRIMARY: return 1;
	case SG_LEVEL_LOWER_SECONDARY: return 2;
	case SG_LEVEL_UPPER_SECONDARY: return 3;
	default: return -1;
	}
}

const char *sg_level_name(sg_level level)
{
	int i = level_index(level);

	return i < 0 ? NULL : level_names[i];
}

const char *sg_level_label(sg_level level)
{
	int i = level_index(level);

	return i < 0 ? NULL : sg__tr(level_labels[i]);
}

const char *sg_text__level_label(const char *name)
{
	sg_level l;

	return sg_level_parse(name, &l) == SG_OK ? sg_level_label(l) : name;
}

int sg_level_parse(const char *name, sg_level *out)
{
	unsigned mask;

	if (sg_text__level_parse(name, &mask) != 0 ||
	    level_index((sg_level)mask) < 0)
		return SG_EINVALID;
	*out = (sg_level)mask;
	return SG_OK;
}

const char *sg_text__levels_format(unsigned mask, char *buf, size_t n)
{
	size_t len = 0, i;
	int w;

	if (n == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < 4; i++) {
		if (!(mask & (1u << i)))
			continue;
		w = snprintf(buf + len, n - len, "%s%s", len ? "," : "",
			     level_names[i]);
		if (w < 0 || (size_t)w >= n - len) {
			/* Keep whole names only: a cut name would misparse. */
			buf[len] = '\0';
			break;
		}
		len += (size_t)w;
	}
	return buf;
}

/*---- Values -----------------------------------------------------------*/

/*
 * Narrow [*b, *e) to drop ASCII white space and no-break spaces (U+00A0)
 * at both ends; spreadsheets pad numbers with the latter.
 */
static void trim(const char *s, const char **b, const char **e)
{
	const char *p = s, *q = s + strlen(s);

	for (;;) {
		if (p < q && strchr(" \t\r\n\v\f", *p))
			p++;
		else if (q - p >= 2 && p[0] == '\xC2' && p[1] == '\xA0')
			p += 2;
		else
			break;
	}
	for (;;) {
		if (q > p && strchr(" \t\r\n\v\f", q[-1]))
			q--;
		else if (q - p >= 2 && q[-2] == '\xC2' && q[-1] == '\xA0')
			q -= 2;
		else
			break;
	}
	*b = p;
	*e = q;
}

/*
 * Length of a digit-group separator at p: '.', ',' or ' ' (1), a
 * no-break space U+00A0 (2) or a narrow no-break space U+202F (3), which
 * French-locale spreadsheets use; 0 if there is none.  *sep_out gets '.',
 * ',' or ' ' for all the spaces.
 */
static size_t group_sep(const char *p, const char *e, char *sep_out)
{
	if (p < e && (*p == '.' || *p == ',' || *p == ' ')) {
		*sep_out = *p;
		return 1;
	}
	*sep_out = ' ';
	if (e - p >= 2 && p[0] == '\xC2' && p[1] == '\xA0')
		return 2;
	if (e - p >= 3 && memcmp(p, "\xE2\x80\xAF", 3) == 0)
		return 3;
	return 0;
}

/* Digit runs of a count: 19 digits in groups of 3, plus a fraction. */
#define MAX_RUNS 9

int sg_text__parse_count(const char *s, int64_t *out)
{
	struct {
		const char *d; /* first digit */
		size_t n;      /* number of digits */
		char sep;      /* separator before the run; 0 for the first */
	} run[MAX_RUNS];
	const char *p, *e;
	size_t nrun = 0, i, k;
	char sep = 0;
	int neg = 0;
	int64_t v = 0;

	if (s == NULL)
		return SG_PARSE_EMPTY;
	trim(s, &p, &e);
	if (p == e)
		return SG_PARSE_EMPTY;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (;;) {
		if (nrun == MAX_RUNS)
			return SG_PARSE_INVALID;
		run[nrun].d = p;
		run[nrun].sep = sep;
		while (p < e && *p >= '0' && *p <= '9')
			p++;
		run[nrun].n = (size_t)(p - run[nrun].d);
		if (run[nrun++].n == 0)
			return SG_PARSE_INVALID; /* "", "1..2", "12." */
		if (p == e)
			break;
		if ((k = group_sep(p, e, &sep)) == 0)
			return SG_PARSE_INVALID; /* "12abc" */
		p += k;
	}

	/*
	 * The last run is a decimal fraction, not a thousands group, when it
	 * follows '.' or ',' and either is not three digits long or follows
	 * a different separator than the groups do ("1.234,00").  A lone
	 * ".ddd" or ",ddd" is read as a group: "12,000" is twelve thousand,
	 * which is what a count column means far more often than 12.
	 */
	k = nrun - 1;
	if (k >= 1 && run[k].sep != ' ' &&
	    (run[k].n != 3 || (k >= 2 && run[k].sep != run[1].sep))) {
		for (i = 0; i < run[k].n; i++)
			if (run[k].d[i] != '0')
				return SG_PARSE_INVALID; /* "12.5" */
		nrun--;
	}
	if (nrun > 1 && (run[0].n > 3 || run[0].d[0] == '0'))
		return SG_PARSE_INVALID;
	for (i = 1; i < nrun; i++)
		if (run[i].n != 3 || run[i].sep != run[1].sep)
			return SG_PARSE_INVALID; /* "1.23", "1,234.5" */

	for (k = 0; k < nrun; k++) {
		for (i = 0; i < run[k].n; i++) {
			int d = run[k].d[i] - '0';

			if (v > (INT64_MAX - d) / 10)
				return SG_PARSE_INVALID;
			v = v * 10 + d;
		}
	}
	if (neg && v != 0)
		return SG_PARSE_NEGATIVE;
	*out = v;
	return SG_PARSE_OK;
}

int sg_text__parse_real(const char *s, double *out)
{
	char buf[128];
	const char *p, *e;
	char *end;
	size_t i = 0, n;
	int digits = 0, seps = 0;
	double v;

	if (s == NULL)
		return SG_PARSE_EMPTY;
	trim(s, &p, &e);
	if (p == e)
		return SG_PARSE_EMPTY;
	n = (size_t)(e - p);
	if (n >= sizeof buf)
		return SG_PARSE_INVALID;
	memcpy(buf, p, n);
	buf[n] = '\0';

	/*
	 * Check the syntax ourselves: strtod would also take "inf", "nan",
	 * hex floats and leading spaces, none of which a spreadsheet cell
	 * should contain.
	 */
	if (buf[i] == '-' || buf[i] == '+')
		i++;
	for (; buf[i] != '\0'; i++) {
		if (buf[i] >= '0' && buf[i] <= '9') {
			digits++;
		} else if (buf[i] == '.' || buf[i] == ',') {
			if (seps++)
				return SG_PARSE_INVALID;
			buf[i] = '.'; /* strtod in the C locale */
		} else {
			break;
		}
	}
	if (digits == 0)
		return SG_PARSE_INVALID;
	if (buf[i] == 'e' || buf[i] == 'E') {
		i++;
		if (buf[i] == '-' || buf[i] == '+')
			i++;
		if (buf[i] < '0' || buf[i] > '9')
			return SG_PARSE_INVALID;
		while (buf[i] >= '0' && buf[i] <= '9')
			i++;
	}
	if (buf[i] != '\0')
		return SG_PARSE_INVALID;

	v = strtod(buf, &end);
	if (*end != '\0' || !isfinite(v))
		return SG_PARSE_INVALID; /* "1e999" */
	*out = v;
	return SG_PARSE_OK;
}

int sg_text__parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "1",	   "x",	 "yes", "y",
					   "true", "co", "c",	"dat" };
	static const char *const no[] = { "0",	   "no", "n",	"false",
					  "khong", "k",	 "chua" };
	char buf[32];
	const char *p, *e;
	size_t i;

	if (s == NULL)
		return SG_PARSE_EMPTY;
	trim(s, &p, &e);
	if (p == e)
		return SG_PARSE_EMPTY;
	/* "-" folds to nothing, so look at it before folding. */
	if (e - p == 1 && *p == '-') {
		*out = 0;
		return SG_PARSE_OK;
	}
	/* A truncated fold is 31 letters long, so it cannot match a word. */
	sg_text__fold(s, buf, sizeof buf);
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcmp(buf, yes[i]) == 0) {
			*out = 1;
			return SG_PARSE_OK;
		}
	}
	for (i = 0; i < sizeof no / sizeof no[0]; i++) {
		if (strcmp(buf, no[i]) == 0) {
			*out = 0;
			return SG_PARSE_OK;
		}
	}
	return SG_PARSE_INVALID;
}

/*---- Column names -----------------------------------------------------*/

static const char *const field_names[SG_F__COUNT] = {
	[SG_F_CODE] = "code",
	[SG_F_NAME] = "name",
	[SG_F_YEAR] = "year",
	[SG_F_LON] = "lon",
	[SG_F_LAT] = "lat",
	[SG_F_X] = "x",
	[SG_F_Y] = "y",
	[SG_F_LEVELS] = "levels",
	[SG_F_OWNERSHIP] = "ownership",
	[SG_F_ADDRESS] = "address",
	[SG_F_UNIT_CODE] = "unit_code",
	[SG_F_STUDENTS] = "students",
	[SG_F_STUDENTS_PRESCHOOL] = "students_preschool",
	[SG_F_STUDENTS_PRIMARY] = "students_primary",
	[SG_F_STUDENTS_LOWER] = "students_lower_secondary",
	[SG_F_STUDENTS_UPPER] = "students_upper_secondary",
	[SG_F_CLASSES] = "classes",
	[SG_F_SEATS_ENTRY] = "seats_entry_grade",
	[SG_F_COMPUTERS_TEACHING] = "computers_teaching",
	[SG_F_COMPUTERS_MANAGEMENT] = "computers_management",
	[SG_F_PRINTERS] = "printers",
	[SG_F_WEBCAMS] = "webcams",
	[SG_F_FIBRE] = "fibre",
	[SG_F_BANDWIDTH] = "bandwidth_mbps",
	[SG_F_LAN] = "lan",
	[SG_F_WIFI] = "wifi",
	[SG_F_WEBSITE] = "website",
	[SG_F_E_GRADEBOOK] = "e_gradebook",
	[SG_F_E_CONTACT_BOOK] = "e_contact_book",
	[SG_F_TEACHERS] = "teachers",
	[SG_F_TEACHERS_IT] = "teachers_it_standard",
	[SG_F_UNIT_KIND] = "unit_kind",
	[SG_F_PARENT_CODE] = "parent_code",
	[SG_F_POPULATION] = "population",
	[SG_F_UNIT_SET] = "unit_set",
	[SG_F_AGE_FROM] = "age_from",
	[SG_F_AGE_TO] = "age_to",
	[SG_F_COUNT] = "count",
	[SG_F_GRADE] = "grade",
	[SG_F_BIRTH_DATE] = "birth_date",
	[SG_F_PRIORITY] = "priority",
	[SG_F_CHOICE1] = "choice_1",
	[SG_F_CHOICE2] = "choice_2",
	[SG_F_CHOICE3] = "choice_3",
	[SG_F_SCORE] = "score",
};

/* NULL for SG_F_NONE and for values outside the enum. */
const char *sg_field__name(sg_field f)
{
	if ((unsigned)f >= SG_F__COUNT)
		return NULL;
	return field_names[f];
}

sg_field sg_field__by_name(const char *name)
{
	unsigned f;

	if (name == NULL)
		return SG_F_NONE;
	for (f = SG_F_NONE + 1; f < SG_F__COUNT; f++)
		if (strcmp(name, field_names[f]) == 0)
			return (sg_field)f;
	return SG_F_NONE;
}

struct alias {
	sg_field f;
	const char *text; /* folded header; NULL ends a table */
};

/*
 * Header aliases per import kind, in folded form.  A kind's aliases are
 * tried before the canonical names, so they may reuse a canonical name for
 * another field where the kind gives it another meaning: "population" is
 * the count column of a population file and "unit code" is the code of
 * the unit itself in a units file.
 */
static const struct alias schools_aliases[] = {
	{ SG_F_CODE, "ma truong" },
	{ SG_F_CODE, "ma so truong" },
	{ SG_F_CODE, "school code" },
	{ SG_F_CODE, "school id" },
	{ SG_F_CODE, "ma" },
	{ SG_F_NAME, "ten truong" },
	{ SG_F_NAME, "truong" },
	{ SG_F_NAME, "school name" },
	{ SG_F_NAME, "ten" },
	{ SG_F_LEVELS, "cap hoc" },
	{ SG_F_LEVELS, "cap" },
	{ SG_F_LEVELS, "bac hoc" },
	{ SG_F_LEVELS, "level" },
	{ SG_F_LEVELS, "school level" },
	{ SG_F_OWNERSHIP, "loai hinh" },
	{ SG_F_OWNERSHIP, "loai hinh truong" },
	{ SG_F_ADDRESS, "dia chi" },
	{ SG_F_UNIT_CODE, "ma xa" },
	{ SG_F_UNIT_CODE, "ma phuong" },
	{ SG_F_UNIT_CODE, "ma phuong xa" },
	{ SG_F_UNIT_CODE, "ma xa phuong" },
	{ SG_F_UNIT_CODE, "ma don vi hanh chinh" },
	{ SG_F_UNIT_CODE, "ward code" },
	{ SG_F_UNIT_CODE, "commune code" },
	{ SG_F_UNIT_CODE, "com id" },
	{ SG_F_LON, "kinh do" },
	{ SG_F_LON, "lng" },
	{ SG_F_LON, "long" },
	{ SG_F_LON, "longitude" },
	{ SG_F_LAT, "vi do" },
	{ SG_F_LAT, "latitude" },
	{ SG_F_X, "toa do x" },
	{ SG_F_X, "easting" },
	{ SG_F_Y, "toa do y" },
	{ SG_F_Y, "northing" },
	{ SG_F_YEAR, "nam hoc" },
	{ SG_F_YEAR, "school year" },
	{ SG_F_YEAR, "nam" },
	{ SG_F_STUDENTS, "so hoc sinh" },
	{ SG_F_STUDENTS, "tong so hoc sinh" },
	{ SG_F_STUDENTS, "hoc sinh" },
	{ SG_F_STUDENTS, "enrolment" },
	{ SG_F_STUDENTS, "enrollment" },
	{ SG_F_STUDENTS, "so hs" },
	{ SG_F_STUDENTS_PRESCHOOL, "so tre" },
	{ SG_F_STUDENTS_PRESCHOOL, "so tre mam non" },
	{ SG_F_STUDENTS_PRESCHOOL, "hoc sinh mam non" },
	{ SG_F_STUDENTS_PRESCHOOL, "so hoc sinh mam non" },
	{ SG_F_STUDENTS_PRIMARY, "hoc sinh tieu hoc" },
	{ SG_F_STUDENTS_PRIMARY, "so hoc sinh tieu hoc" },
	{ SG_F_STUDENTS_PRIMARY, "so hs tieu hoc" },
	{ SG_F_STUDENTS_PRIMARY, "hs th" },
	{ SG_F_STUDENTS_LOWER, "hoc sinh thcs" },
	{ SG_F_STUDENTS_LOWER, "so hoc sinh thcs" },
	{ SG_F_STUDENTS_LOWER, "hs thcs" },
	{ SG_F_STUDENTS_UPPER, "hoc sinh thpt" },
	{ SG_F_STUDENTS_UPPER, "so hoc sinh thpt" },
	{ SG_F_STUDENTS_UPPER, "hs thpt" },
	{ SG_F_CLASSES, "so lop" },
	{ SG_F_CLASSES, "so lop hoc" },
	{ SG_F_CLASSES, "lop" },
	{ SG_F_SEATS_ENTRY, "chi tieu tuyen sinh" },
	{ SG_F_SEATS_ENTRY, "chi tieu tuyen sinh dau cap" },
	{ SG_F_SEATS_ENTRY, "chi tieu lop dau cap" },
	{ SG_F_SEATS_ENTRY, "seats" },
	{ SG_F_SEATS_ENTRY, "entry seats" },
	{ SG_F_COMPUTERS_TEACHING, "so may tinh phuc vu day hoc" },
	{ SG_F_COMPUTERS_TEACHING, "may tinh day hoc" },
	{ SG_F_COMPUTERS_TEACHING, "may tinh phuc vu day hoc" },
	{ SG_F_COMPUTERS_TEACHING, "so may tinh day hoc" },
	{ SG_F_COMPUTERS_TEACHING, "teaching computers" },
	{ SG_F_COMPUTERS_MANAGEMENT, "so may tinh phuc vu quan ly" },
	{ SG_F_COMPUTERS_MANAGEMENT, "may tinh quan ly" },
	{ SG_F_COMPUTERS_MANAGEMENT, "may tinh phuc vu quan ly" },
	{ SG_F_COMPUTERS_MANAGEMENT, "so may tinh quan ly" },
	{ SG_F_COMPUTERS_MANAGEMENT, "management computers" },
	{ SG_F_PRINTERS, "so may in" },
	{ SG_F_PRINTERS, "may in" },
	{ SG_F_WEBCAMS, "so webcam" },
	{ SG_F_WEBCAMS, "webcam" },
	{ SG_F_FIBRE, "cap quang" },
	{ SG_F_FIBRE, "internet cap quang" },
	{ SG_F_FIBRE, "ket noi cap quang" },
	{ SG_F_FIBRE, "fiber" },
	{ SG_F_BANDWIDTH, "bang thong" },
	{ SG_F_BANDWIDTH, "bang thong mbps" },
	{ SG_F_BANDWIDTH, "toc do internet" },
	{ SG_F_BANDWIDTH, "bandwidth" },
	{ SG_F_LAN, "mang lan" },
	{ SG_F_WIFI, "wi fi" },
	{ SG_F_WIFI, "mang khong day" },
	{ SG_F_WEBSITE, "trang thong tin dien tu" },
	{ SG_F_WEBSITE, "co website" },
	{ SG_F_E_GRADEBOOK, "so diem dien tu" },
	{ SG_F_E_GRADEBOOK, "electronic gradebook" },
	{ SG_F_E_CONTACT_BOOK, "so lien lac dien tu" },
	{ SG_F_E_CONTACT_BOOK, "electronic contact book" },
	{ SG_F_TEACHERS, "so giao vien" },
	{ SG_F_TEACHERS, "giao vien" },
	{ SG_F_TEACHERS, "so gv" },
	{ SG_F_TEACHERS_IT, "so giao vien dat chuan cntt" },
	{ SG_F_TEACHERS_IT, "gv dat chuan cntt" },
	{ SG_F_TEACHERS_IT, "so gv dat chuan cntt" },
	{ SG_F_TEACHERS_IT, "giao vien dat chuan cntt" },
	{ SG_F_TEACHERS_IT, "teachers it standard" },
	{ SG_F_NONE, NULL }
};

/*
 * "Mã huyện"/"Mã quận" name the code of a district file but the parent
 * of a ward file.  Ward files are the common case, so they mean the
 * parent here; a district import says otherwise with a --map file.
 */
static const struct alias units_aliases[] = {
	{ SG_F_CODE, "ma" },
	{ SG_F_CODE, "ma xa" },
	{ SG_F_CODE, "ma phuong" },
	{ SG_F_CODE, "ma phuong xa" },
	{ SG_F_CODE, "ma xa phuong" },
	{ SG_F_CODE, "ma don vi" },
	{ SG_F_CODE, "ma dvhc" },
	{ SG_F_CODE, "ma tinh" },
	{ SG_F_CODE, "com id" },
	{ SG_F_CODE, "unit code" },
	{ SG_F_CODE, "gso code" },
	{ SG_F_NAME, "ten" },
	{ SG_F_NAME, "ten xa" },
	{ SG_F_NAME, "ten phuong" },
	{ SG_F_NAME, "ten don vi" },
	{ SG_F_NAME, "ten huyen" },
	{ SG_F_NAME, "com name" },
	{ SG_F_NAME, "unit name" },
	{ SG_F_UNIT_KIND, "cap" },
	{ SG_F_UNIT_KIND, "loai" },
	{ SG_F_UNIT_KIND, "kind" },
	{ SG_F_UNIT_KIND, "cap hanh chinh" },
	{ SG_F_UNIT_KIND, "level" },
	{ SG_F_PARENT_CODE, "ma cap tren" },
	{ SG_F_PARENT_CODE, "ma huyen" },
	{ SG_F_PARENT_CODE, "ma quan" },
	{ SG_F_PARENT_CODE, "parent code" },
	{ SG_F_PARENT_CODE, "dist id" },
	{ SG_F_PARENT_CODE, "parent" },
	{ SG_F_POPULATION, "dan so" },
	{ SG_F_POPULATION, "so dan" },
	{ SG_F_POPULATION, "tong dan so" },
	{ SG_F_UNIT_SET, "ngay hieu luc" },
	{ SG_F_UNIT_SET, "hieu luc" },
	{ SG_F_UNIT_SET, "hieu luc tu ngay" },
	{ SG_F_UNIT_SET, "ngay co hieu luc" },
	{ SG_F_UNIT_SET, "effective date" },
	{ SG_F_UNIT_SET, "effective from" },
	{ SG_F_UNIT_SET, "valid from" },
	{ SG_F_UNIT_SET, "set" },
	{ SG_F_UNIT_SET, "unit set" },
	{ SG_F_NONE, NULL }
};

static const struct alias population_aliases[] = {
	{ SG_F_CODE, "ma xa" },	      { SG_F_CODE, "ma phuong" },
	{ SG_F_CODE, "ma don vi" },   { SG_F_CODE, "ma" },
	{ SG_F_CODE, "unit code" },   { SG_F_CODE, "com id" },
	{ SG_F_YEAR, "nam" },	      { SG_F_YEAR, "nam dieu tra" },
	{ SG_F_AGE_FROM, "tu tuoi" }, { SG_F_AGE_FROM, "tuoi tu" },
	{ SG_F_AGE_TO, "den tuoi" },  { SG_F_AGE_TO, "tuoi den" },
	{ SG_F_COUNT, "so nguoi" },   { SG_F_COUNT, "dan so" },
	{ SG_F_COUNT, "so dan" },     { SG_F_COUNT, "population" },
	{ SG_F_NONE, NULL }
};

/*
 * Admission files: "Mã xã"/"Mã phường" is the ward the family declares
 * (checked against the home point), "NV1".."NV3" (nguyện vọng) the ranked
 * school choices of grade 10.
 */
static const struct alias applicants_aliases[] = {
	{ SG_F_CODE, "ma ho so" },
	{ SG_F_CODE, "ma hoc sinh" },
	{ SG_F_CODE, "id" },
	{ SG_F_CODE, "so bao danh" },
	{ SG_F_CODE, "sbd" },
	{ SG_F_CODE, "ma dinh danh" },
	{ SG_F_CODE, "applicant code" },
	{ SG_F_CODE, "applicant id" },
	{ SG_F_NAME, "ho ten" },
	{ SG_F_NAME, "ho va ten" },
	{ SG_F_NAME, "ho ten hoc sinh" },
	{ SG_F_NAME, "full name" },
	{ SG_F_LON, "kinh do" },
	{ SG_F_LON, "lng" },
	{ SG_F_LON, "long" },
	{ SG_F_LON, "longitude" },
	{ SG_F_LAT, "vi do" },
	{ SG_F_LAT, "latitude" },
	{ SG_F_X, "toa do x" },
	{ SG_F_X, "easting" },
	{ SG_F_Y, "toa do y" },
	{ SG_F_Y, "northing" },
	{ SG_F_YEAR, "nam hoc" },
	{ SG_F_YEAR, "nam tuyen sinh" },
	{ SG_F_YEAR, "school year" },
	{ SG_F_GRADE, "lop" },
	{ SG_F_GRADE, "khoi" },
	{ SG_F_GRADE, "lop du tuyen" },
	{ SG_F_GRADE, "khoi lop" },
	{ SG_F_GRADE, "lop tuyen sinh" },
	{ SG_F_GRADE, "entry grade" },
	{ SG_F_UNIT_CODE, "ma xa" },
	{ SG_F_UNIT_CODE, "ma phuong" },
	{ SG_F_UNIT_CODE, "ma phuong xa" },
	{ SG_F_UNIT_CODE, "ma xa phuong" },
	{ SG_F_UNIT_CODE, "ma don vi hanh chinh" },
	{ SG_F_UNIT_CODE, "ward code" },
	{ SG_F_UNIT_CODE, "declared ward" },
	{ SG_F_BIRTH_DATE, "ngay sinh" },
	{ SG_F_BIRTH_DATE, "ngay thang nam sinh" },
	{ SG_F_BIRTH_DATE, "date of birth" },
	{ SG_F_BIRTH_DATE, "birth date" },
	{ SG_F_BIRTH_DATE, "dob" },
	{ SG_F_PRIORITY, "doi tuong uu tien" },
	{ SG_F_PRIORITY, "uu tien" },
	{ SG_F_PRIORITY, "nhom uu tien" },
	{ SG_F_PRIORITY, "dien uu tien" },
	{ SG_F_PRIORITY, "priority group" },
	{ SG_F_CHOICE1, "nguyen vong 1" },
	{ SG_F_CHOICE1, "nv1" },
	{ SG_F_CHOICE1, "nv 1" },
	{ SG_F_CHOICE1, "choice 1" },
	{ SG_F_CHOICE1, "choice1" },
	{ SG_F_CHOICE2, "nguyen vong 2" },
	{ SG_F_CHOICE2, "nv2" },
	{ SG_F_CHOICE2, "nv 2" },
	{ SG_F_CHOICE2, "choice 2" },
	{ SG_F_CHOICE2, "choice2" },
	{ SG_F_CHOICE3, "nguyen vong 3" },
	{ SG_F_CHOICE3, "nv3" },
	{ SG_F_CHOICE3, "nv 3" },
	{ SG_F_CHOICE3, "choice 3" },
	{ SG_F_CHOICE3, "choice3" },
	{ SG_F_SCORE, "diem" },
	{ SG_F_SCORE, "tong diem" },
	{ SG_F_SCORE, "diem xet tuyen" },
	{ SG_F_SCORE, "diem thi" },
	{ SG_F_SCORE, "diem tuyen sinh" },
	{ SG_F_SCORE, "exam score" },
	{ SG_F_NONE, NULL }
};

static const struct alias *const aliases[] = {
	[SG_KIND_UNITS] = units_aliases,
	[SG_KIND_SCHOOLS] = schools_aliases,
	[SG_KIND_POPULATION] = population_aliases,
	[SG_KIND_APPLICANTS] = applicants_aliases,
};

/* Whether folded text h is canonical name `name` with '_' read as ' '. */
static int is_canonical(const char *h, const char *name)
{
	for (; *h && *name; h++, name++)
		if (*h != (*name == '_' ? ' ' : *name))
			return 0;
	return *h == *name;
}

sg_field sg_field__match(sg_import_kind_int kind, const char *header)
{
	/* Aliases are short, so a truncated fold never matches one. */
	char h[256];
	const struct alias *a;
	unsigned f;

	if (header == NULL || (unsigned)kind > SG_KIND_APPLICANTS)
		return SG_F_NONE;
	if (sg_text__fold(header, h, sizeof h) == 0)
		return SG_F_NONE;
	for (a = aliases[kind]; a->text != NULL; a++)
		if (strcmp(h, a->text) == 0)
			return a->f;
	for (f = SG_F_NONE + 1; f < SG_F__COUNT; f++)
		if (is_canonical(h, field_names[f]))
			return (sg_field)f;
	return SG_F_NONE;
}

/*---- Decoding text files ----------------------------------------------*/

int sg_text__utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned b = p[i];
		size_t len, k;
		uint32_t cp;

		if (b < 0x80) {
			i++;
			continue;
		}
		len = (b & 0xe0) == 0xc0   ? 2
		      : (b & 0xf0) == 0xe0 ? 3
		      : (b & 0xf8) == 0xf0 ? 4
					   : 0;
		if (len == 0 || i + len > n)
			return 0;
		cp = b & (0x7f >> len);
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates, beyond U+10FFFF. */
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

int sg_text__scan(const char *s, size_t n, size_t *used)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	int flags = 0;

	while (i < n) {
		unsigned b = p[i];
		size_t len;

		if (b < 0x80) {
			if ((b < 0x20 && b != '\t' && b != '\r' && b != '\n') ||
			    b == 0x7f)
				flags |= SG_SCAN_BINARY;
			i++;
			continue;
		}
		len = (b & 0xe0) == 0xc0   ? 2
		      : (b & 0xf0) == 0xe0 ? 3
		      : (b & 0xf8) == 0xf0 ? 4
					   : 0;
		if (len == 0)
			return flags | SG_SCAN_INVALID;
		if (i + len > n)
			break; /* cut by the buffer: the caller reads on */
		if (!sg_text__utf8_valid(s + i, len))
			return flags | SG_SCAN_INVALID;
		if (b == 0xcc || (b == 0xcd && p[i + 1] <= 0xaf))
			flags |= SG_SCAN_COMBINING;
		i += len;
	}
	if (used)
		*used = i;
	return flags;
}

/* iconv from `from` to UTF-8: 0, -1 when it does not decode, -2 when
 * out of memory, -3 when iconv does not know `from`. */
static int convert(const char *from, const char *in, size_t n, char **out,
		   size_t *outn)
{
	iconv_t cd = iconv_open("UTF-8", from);
	size_t cap = n * 2 + 16, left_in = n, left_out;
	char *buf, *src = (char *)in, *dst;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return -3;
	buf = malloc(cap);
	if (!buf) {
		iconv_close(cd);
		return -2;
	}
	dst = buf;
	left_out = cap - 1;
	while (left_in > 0) {
		if (iconv(cd, &src, &left_in, &dst, &left_out) != (size_t)-1)
			continue;
		if (errno == E2BIG) {
			size_t used = (size_t)(dst - buf);
			char *p = realloc(buf, cap * 2);

			if (!p) {
				rc = -2;
				break;
			}
			buf = p;
			cap *= 2;
			dst = buf + used;
			left_out = cap - used - 1;
			continue;
		}
		rc = -1; /* EILSEQ, EINVAL: not this encoding */
		break;
	}
	/* Flush a converter's pending state (combining characters). */
	if (rc == 0 && iconv(cd, NULL, NULL, &dst, &left_out) == (size_t)-1)
		rc = -1;
	iconv_close(cd);
	if (rc != 0) {
		free(buf);
		return rc;
	}
	*dst = '\0';
	*out = buf;
	*outn = (size_t)(dst - buf);
	return 0;
}

/* Text of a spreadsheet: no NUL or control bytes but tab, CR, LF. */
static int is_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') ||
		    c == 0x7f)
			return 0;
	}
	return 1;
}

/* UTF-16 without a BOM: every other byte of ASCII text is zero. */
static const char *utf16_guess(const char *s, size_t n)
{
	size_t even = 0, odd = 0, m = n < 4096 ? n : 4096;

	for (size_t i = 0; i + 1 < m; i += 2) {
		even += s[i] == 0;
		odd += s[i + 1] == 0;
	}
	if (m >= 4 && odd * 3 >= m && even * 20 < m)
		return "UTF-16LE";
	if (m >= 4 && even * 3 >= m && odd * 20 < m)
		return "UTF-16BE";
	return NULL;
}

/* Combining marks U+0300..U+036F (0xcc 0x80 .. 0xcd 0xaf in UTF-8)
 * are what NFC changes in Vietnamese text. */
static int has_combining(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if ((unsigned char)s[i] == 0xcc ||
		    ((unsigned char)s[i] == 0xcd &&
		     (unsigned char)s[i + 1] <= 0xaf))
			return 1;
	return 0;
}

/* An --encoding name in one of its usual spellings: "VNI", "TCVN3",
 * else NULL (an iconv name). */
static const char *legacy_name(const char *enc)
{
	static const char *const vni[] = { "VNI", "VNIWINDOWS", "VNIWIN" };
	static const char *const abc[] = { "TCVN3", "ABC", "TCVN", "VN3",
					   "TCVNABC" };
	char k[32];
	size_t n = 0;

	for (const char *p = enc; *p && n < sizeof(k) - 1; p++)
		if (*p != '-' && *p != '_' && *p != ' ')
			k[n++] = (char)toupper((unsigned char)*p);
	k[n] = '\0';
	for (size_t i = 0; i < sizeof(vni) / sizeof(*vni); i++)
		if (strcmp(k, vni[i]) == 0)
			return "VNI";
	for (size_t i = 0; i < sizeof(abc) / sizeof(*abc); i++)
		if (strcmp(k, abc[i]) == 0)
			return "TCVN3";
	return NULL;
}

/* Bytes in `from` ("VNI", "TCVN3" or an iconv name) to UTF-8: as
 * convert. TCVN3's letters are those of iconv's TCVN5712-1 (VN1, of
 * which the ABC fonts' VN3 is the part in use). */
static int decode_as(const char *from, const char *in, size_t n, char **out,
		     size_t *outn)
{
	if (strcmp(from, "VNI") == 0)
		return sg_text__vni_decode(in, n, out, outn);
	return convert(strcmp(from, "TCVN3") == 0 ? "TCVN5712-1" : from, in, n,
		       out, outn);
}

#define GUESS_SAMPLE (256 * 1024)

const char *sg_text__vn_guess(const char *in, size_t n)
{
	static const char *const cand[3] = { "WINDOWS-1258", "TCVN3", "VNI" };
	const char *best = NULL;
	long bestscore = 0;
	size_t m = n;

	if (m > GUESS_SAMPLE) { /* whole lines of the first 256 KiB */
		m = GUESS_SAMPLE;
		while (m > 0 && in[m - 1] != '\n')
			m--;
		if (m == 0)
			m = GUESS_SAMPLE;
	}
	for (int k = 0; k < 3; k++) {
		char *t = NULL;
		size_t tn = 0;
		long score;

		if (decode_as(cand[k], in, m, &t, &tn) != 0)
			continue;
		score = sg_text__vn_score(t, tn);
		free(t);
		/* Windows-1258, when it decodes, unless another reads
		 * better and more right than wrong. */
		if (k == 0 || (score > bestscore && score > 0)) {
			best = cand[k];
			bestscore = score;
		}
	}
	return best;
}

int sg_text__decode(const char *in, size_t n, const char *encoding, char **out,
		    size_t *outn, const char **used)
{
	const unsigned char *u = (const unsigned char *)in;
	const char *from = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	*outn = 0;
	*used = encoding ? encoding : "UTF-8";
	if (encoding) {
		from = legacy_name(encoding);
		if (!from)
			from = encoding;
	} else if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		*used = "UTF-8 (BOM)";
		in += 3;
		n -= 3;
		if (!sg_text__utf8_valid(in, n))
			return SG_DECODE_FAILED;
		buf = malloc(n + 1);
		if (!buf)
			return SG_DECODE_NOMEM;
		memcpy(buf, in, n);
		buf[n] = '\0';
		len = n;
	} else if (n >= 2 && u[0] == 0xff && u[1] == 0xfe) {
		from = *used = "UTF-16LE";
		in += 2;
		n -= 2;
	} else if (n >= 2 && u[0] == 0xfe && u[1] == 0xff) {
		from = *used = "UTF-16BE";
		in += 2;
		n -= 2;
	} else if ((from = utf16_guess(in, n)) != NULL) {
		*used = from;
	} else if (sg_text__utf8_valid(in, n)) {
		if (!is_text(in, n))
			return SG_DECODE_BINARY;
		if (!has_combining(in, n))
			return SG_DECODE_SAME;
	} else {
		if (!is_text(in, n))
			return SG_DECODE_BINARY;
		from = *used = sg_text__vn_guess(in, n);
		if (!from)
			return SG_DECODE_FAILED;
	}
	if (from) {
		rc = decode_as(from, in, n, &buf, &len);
		if (rc == -3)
			return SG_DECODE_UNKNOWN;
		if (rc == -2)
			return SG_DECODE_NOMEM;
		if (rc != 0)
			return is_text(in, n) || encoding ? SG_DECODE_FAILED
							  : SG_DECODE_BINARY;
		/* A BOM the forced encoding kept. */
		if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
			memmove(buf, buf + 3, (len -= 3) + 1);
	}
	if (!is_text(buf ? buf : in, buf ? len : n)) {
		free(buf);
		return SG_DECODE_BINARY;
	}
	if (has_combining(buf ? buf : in, buf ? len : n)) {
		size_t nlen = 0;
		uint8_t *nfc = u8_normalize(UNINORM_NFC,
					    (const uint8_t *)(buf ? buf : in),
					    buf ? len : n, NULL, &nlen);
		char *p;

		if (!nfc) {
			free(buf);
			return SG_DECODE_NOMEM;
		}
		p = realloc(nfc, nlen + 1);
		if (!p) {
			free(nfc);
			free(buf);
			return SG_DECODE_NOMEM;
		}
		p[nlen] = '\0';
		free(buf);
		buf = p;
		len = nlen;
	}
	*out = buf;
	*outn = len;
	return SG_DECODE_CONVERTED;
}

/*---- Degrees, minutes, seconds ------------------------------------------*/

/* Length of a separator between the parts of a DMS value at s: degree,
 * minute and second signs (ASCII and Unicode), ':' and spaces; 0 if
 * none. */
static size_t dms_sep(const unsigned char *s)
{
	if (*s == ' ' || *s == '\'' || *s == '"' || *s == ':')
		return 1;
	if (s[0] == 0xc2 && (s[1] == 0xb0 || s[1] == 0xba)) /* ° º */
		return 2;
	if (s[0] == 0xe2 && s[1] == 0x80 &&
	    (s[2] == 0xb2 || s[2] == 0xb3 || s[2] == 0x99)) /* ′ ″ ’ */
		return 3;
	return 0;
}

int sg_text__parse_dms(const char *s, double *out)
{
	const unsigned char *p;
	double part[3] = { 0, 0, 0 }, v;
	int n = 0, sign = 1, hemi = 0, signs = 0;
	size_t len;

	if (s == NULL)
		return SG_PARSE_EMPTY;
	while (*s == ' ')
		s++;
	if (!*s)
		return SG_PARSE_EMPTY;
	p = (const unsigned char *)s;
	if (strchr("NSEWnsew", *p) && *p) {
		hemi = toupper(*p);
		p++;
	} else if (*p == '-') {
		sign = -1;
		p++;
	}
	while (*p) {
		char num[32];
		size_t k = 0;
		int dot = 0;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (!hemi && strchr("NSEWnsew", *p) && p[1] == '\0') {
			hemi = toupper(*p++);
			break;
		}
		if (*p < '0' || *p > '9' || n == 3)
			return SG_PARSE_INVALID;
		while (k < sizeof(num) - 1 &&
		       ((*p >= '0' && *p <= '9') ||
			((*p == '.' || *p == ',') && !dot++))) {
			num[k++] = *p == ',' ? '.' : (char)*p;
			p++;
		}
		num[k] = '\0';
		part[n++] = strtod(num, NULL);
		while ((len = dms_sep(p)) > 0) {
			signs += *p != ' ';
			p += len;
		}
	}
	/* A plain number is not DMS: it needs a sign or a hemisphere. */
	if (n == 0 || (signs == 0 && !hemi) || part[1] >= 60 || part[2] >= 60 ||
	    (n > 1 && part[0] != floor(part[0])) ||
	    (n > 2 && part[1] != floor(part[1])))
		return SG_PARSE_INVALID;
	v = part[0] + part[1] / 60 + part[2] / 3600;
	if (hemi == 'S' || hemi == 'W')
		sign = -sign;
	*out = sign * v;
	return SG_PARSE_OK;
}
