/*
 * engine/text_vn.c - the legacy Vietnamese font encodings that offices'
 * files still use: a decoder for VNI-Windows (which iconv does not know)
 * and a measure of how Vietnamese a decoded text reads, which tells
 * Windows-1258, TCVN3 (ABC) and VNI apart (sg_text__decode).
 *
 * VNI-Windows, as published with the VNI fonts: ASCII, then a vowel is
 * its base letter followed by one byte that carries its marks, written
 * with the Windows-1252 glyphs of the font's private layout:
 *
 *   tone alone        acute ù  grave ø  hook û  tilde õ  dot below ï
 *   circumflex (â)    alone â, with acute á  grave à  hook å  tilde ã
 *                     dot below ä            (for a, e, o)
 *   breve (ă)         alone ê, with acute é  grave è  hook ú  tilde ü
 *                     dot below ë            (for a)
 *
 * and single bytes for ơ (ô), ư (ö), đ (ñ), the toned i (í ì æ ó ò:
 * acute, grave, hook, tilde, dot below) and ỵ (î), which also take a
 * tone byte after them (ơ, ư).  Capitals use the same bytes less 0x20
 * (Ù, Â, Ô, Ñ ...).  Other bytes are Windows-1252.
 */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uninorm.h>

/* Combining marks (UTF-8 of U+03xx). */
enum {
	M_NONE = 0,
	M_GRAVE = 0x0300,
	M_ACUTE = 0x0301,
	M_CIRC = 0x0302,
	M_TILDE = 0x0303,
	M_BREVE = 0x0306,
	M_HOOK = 0x0309,
	M_HORN = 0x031b,
	M_DOT = 0x0323
};

/* A VNI mark byte (lower-case form): the modifier and the tone. */
static const struct {
	unsigned char byte;
	unsigned short mod, tone;
} vni_marks[] = {
	{ 0xf9, M_NONE, M_ACUTE },  { 0xf8, M_NONE, M_GRAVE },
	{ 0xfb, M_NONE, M_HOOK },   { 0xf5, M_NONE, M_TILDE },
	{ 0xef, M_NONE, M_DOT },    { 0xe2, M_CIRC, M_NONE },
	{ 0xe1, M_CIRC, M_ACUTE },  { 0xe0, M_CIRC, M_GRAVE },
	{ 0xe5, M_CIRC, M_HOOK },   { 0xe3, M_CIRC, M_TILDE },
	{ 0xe4, M_CIRC, M_DOT },    { 0xea, M_BREVE, M_NONE },
	{ 0xe9, M_BREVE, M_ACUTE }, { 0xe8, M_BREVE, M_GRAVE },
	{ 0xfa, M_BREVE, M_HOOK },  { 0xfc, M_BREVE, M_TILDE },
	{ 0xeb, M_BREVE, M_DOT },
};

/* Windows-1252 0x80..0x9f; 0 where it defines no character. */
static const unsigned short cp1252_hi[32] = {
	0x20ac, 0,	0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,	0x017d, 0,
	0,	0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,	0x017e, 0x0178
};

/* Lower-case form of a Latin-1 letter byte (0xc0..0xde but 0xd7). */
static unsigned lower1(unsigned b)
{
	return b >= 0xc0 && b <= 0xde && b != 0xd7 ? b + 0x20 : b;
}

/* The mark byte m after a vowel: its index in vni_marks, or -1. */
static int vni_mark(unsigned m)
{
	m = lower1(m);
	for (size_t k = 0; k < sizeof(vni_marks) / sizeof(*vni_marks); k++)
		if (vni_marks[k].byte == m)
			return (int)k;
	return -1;
}

static size_t put_utf8(unsigned char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	o[0] = (unsigned char)(0xe0 | cp >> 12);
	o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp & 0x3f));
	return 3;
}

int sg_text__vni_decode(const char *in, size_t n, char **out, size_t *outn)
{
	const unsigned char *s = (const unsigned char *)in;
	/* At most 3 code points of 3 bytes per input byte. */
	unsigned char *buf, *o;

	*out = NULL;
	*outn = 0;
	if (n > (SIZE_MAX - 1) / 9)
		return -2;
	buf = malloc(n * 9 + 1);
	if (!buf)
		return -2;
	o = buf;
	for (size_t i = 0; i < n; i++) {
		unsigned b = s[i], lb = lower1(b), base = 0, mod = 0;
		unsigned tone = 0;
		int upper = b != lb, vowel = 0, k;

		if (b && b < 0x80 && strchr("aeouyAEOUY", (int)b)) {
			base = b;
			vowel = 1;
		} else if (lb == 0xf4 || lb == 0xf6) { /* ơ ư */
			base = (lb == 0xf4 ? 'o' : 'u') - (upper ? 0x20 : 0);
			mod = M_HORN;
			vowel = 1;
		} else if (lb == 0xf1) { /* đ */
			o += put_utf8(o, upper ? 0x0110 : 0x0111);
			continue;
		} else if (lb == 0xed || lb == 0xec || lb == 0xe6 ||
			   lb == 0xf3 || lb == 0xf2) { /* the toned i */
			tone = lb == 0xed   ? M_ACUTE
			       : lb == 0xec ? M_GRAVE
			       : lb == 0xe6 ? M_HOOK
			       : lb == 0xf3 ? M_TILDE
					    : M_DOT;
			o += put_utf8(o, upper ? 'I' : 'i');
			o += put_utf8(o, tone);
			continue;
		} else if (lb == 0xee) { /* ỵ */
			o += put_utf8(o, upper ? 'Y' : 'y');
			o += put_utf8(o, M_DOT);
			continue;
		} else if (b >= 0x80 && b < 0xa0) {
			if (!cp1252_hi[b - 0x80]) {
				free(buf);
				return -1;
			}
			o += put_utf8(o, cp1252_hi[b - 0x80]);
			continue;
		} else {
			o += put_utf8(o, b); /* ASCII, Latin-1 */
			continue;
		}
		/* A vowel: its mark byte, when one follows and fits. */
		if (vowel && i + 1 < n && (k = vni_mark(s[i + 1])) >= 0) {
			unsigned m = vni_marks[k].mod, lbase = base | 0x20;

			if ((m == M_NONE ||
			     (m == M_CIRC && mod == 0 &&
			      strchr("aeo", (int)lbase)) ||
			     (m == M_BREVE && mod == 0 && lbase == 'a'))) {
				if (m != M_NONE)
					mod = m;
				tone = vni_marks[k].tone;
				i++;
			}
		}
		o += put_utf8(o, base);
		if (mod)
			o += put_utf8(o, mod);
		if (tone)
			o += put_utf8(o, tone);
	}
	*o = '\0';
	*out = (char *)buf;
	*outn = (size_t)(o - buf);
	return 0;
}

/*---- How Vietnamese a text reads ----------------------------------------*/

/* Next code point of valid UTF-8 at s[*i] (advances *i). */
static unsigned next_cp(const unsigned char *s, size_t n, size_t *i)
{
	unsigned b = s[*i], cp;
	size_t len = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;

	if (*i + len > n) {
		*i = n;
		return 0xfffd;
	}
	cp = len == 1 ? b : b & (0x7f >> len);
	for (size_t k = 1; k < len; k++)
		cp = cp << 6 | (s[*i + k] & 0x3f);
	*i += len;
	return cp;
}

/*
 * A word's letters: a-z, 'D' for đ, and the vowels with a modifier as
 * '1' ă, '2' â, '3' ê, '4' ô, '5' ơ, '6' ư (tones dropped).
 */
static int is_vowel(char c)
{
	return c && strchr("aeiouy123456", c) != NULL;
}

static int in_list(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && strncmp(w, *list, n) == 0)
			return 1;
	return 0;
}

/* Whether w[0..n) is a Vietnamese syllable: initial consonants, one
 * group of vowels that Vietnamese writes, a final consonant. */
static int syllable(const char *w, size_t n)
{
	static const char *const initials[] = {
		"",   "b",  "c", "ch", "d",  "D",  "g",	  "gh", "gi", "h",
		"k",  "kh", "l", "m",  "n",  "ng", "ngh", "nh", "p",  "ph",
		"qu", "r",  "s", "t",  "th", "tr", "v",	  "x",	NULL
	};
	static const char *const nuclei[] = {
		"a",   "1",   "2",   "e",   "3",   "i",	  "o",	 "4",
		"5",   "u",   "6",   "y",   "ai",  "ao",  "au",	 "ay",
		"2u",  "2y",  "eo",  "3u",  "ia",  "i3",  "iu",	 "oa",
		"o1",  "oe",  "oi",  "4i",  "5i",  "oo",  "ua",	 "u2",
		"u3",  "ui",  "u4",  "u5",  "6a",  "6i",  "6u",	 "65",
		"uy",  "y3",  "i3u", "y3u", "oai", "oay", "oao", "oeo",
		"u2y", "u4i", "65i", "65u", "uya", "uy3", "uyu", NULL
	};
	/* k for the highlands' names (Đắk Lắk) */
	static const char *const finals[] = { "",   "c",  "ch", "k", "m", "n",
					      "ng", "nh", "p",	"t", NULL };
	size_t i = 0, j;

	while (i < n && !is_vowel(w[i]))
		i++;
	if (i == n)
		return 0;
	if (i == 1 && w[0] == 'q' && w[i] == 'u')
		i++; /* qu- */
	else if (i == 1 && w[0] == 'g' && w[i] == 'i' && i + 1 < n &&
		 is_vowel(w[i + 1]))
		i++; /* gi- */
	if (!in_list(w, i, initials))
		return 0;
	for (j = i; j < n && is_vowel(w[j]); j++)
		;
	return in_list(w + i, j - i, nuclei) && in_list(w + j, n - j, finals);
}

long sg_text__vn_score(const char *text, size_t n)
{
	size_t len = 0, i = 0, wn = 0;
	uint8_t *d = u8_normalize(UNINORM_NFD, (const uint8_t *)text, n, NULL,
				  &len);
	long score = 0;
	int nonascii = 0, bad = 0, tones = 0;
	char w[24];

	if (!d)
		return 0;
	while (i <= len) {
		unsigned cp = i < len ? next_cp(d, len, &i) : (i++, ' ');
		int letter = (cp >= 'a' && cp <= 'z') ||
			     (cp >= 'A' && cp <= 'Z');
		char *last = wn ? &w[wn - 1] : NULL;

		if (cp < 0x80 && !letter) {
			/* The end of a word: judge it. */
			/* A garbled word weighs twice a good one. */
			if (wn && nonascii)
				score += bad || tones > 1 || !syllable(w, wn)
						 ? -2
						 : 1;
			wn = 0;
			nonascii = bad = tones = 0;
			continue;
		}
		if (letter || cp == 0x0110 || cp == 0x0111) {
			if (wn == sizeof(w))
				bad = 1; /* no Vietnamese word is as long */
			else
				w[wn++] = letter ? (char)(cp | 0x20) : 'D';
			nonascii |= !letter;
			continue;
		}
		nonascii = 1;
		switch (cp) {
		case M_GRAVE:
		case M_ACUTE:
		case M_TILDE:
		case M_HOOK:
		case M_DOT:
			tones++;
			bad |= !last || !is_vowel(*last);
			break;
		case M_CIRC:
			if (last && strchr("aeo", *last) && *last)
				*last = *last == 'a'   ? '2'
					: *last == 'e' ? '3'
						       : '4';
			else
				bad = 1;
			break;
		case M_BREVE:
			if (last && *last == 'a')
				*last = '1';
			else
				bad = 1;
			break;
		case M_HORN:
			if (last && (*last == 'o' || *last == 'u'))
				*last = *last == 'o' ? '5' : '6';
			else
				bad = 1;
			break;
		default: bad = 1; /* a symbol, or a letter of another tongue */
		}
	}
	free(d);
	return score;
}
