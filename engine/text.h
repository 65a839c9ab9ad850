/*
 * engine/text.h - Vietnamese-aware text folding, column-name aliases and
 * value parsing for imports.
 *
 * Spreadsheets from district offices name their columns in Vietnamese with
 * or without diacritics ("Mã trường", "Ma truong", "MÃ TRƯỜNG"), write
 * numbers with either decimal separator ("12,5", "1.234") and booleans as
 * "Có"/"Không"/"x".  This module turns such text into canonical values.
 * Pure functions: no I/O, no allocation (but sg_text__decode), thread-safe.
 */
#ifndef SG_ENGINE_TEXT_H
#define SG_ENGINE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "schoolgis/level.h"

/*---- Folding ----------------------------------------------------------*/

/*
 * Fold UTF-8 text for matching: Vietnamese and Latin-1 letters lose their
 * diacritics (precomposed NFC letters and NFD combining marks alike), đ/Đ
 * become d, ASCII is lower-cased, and every run of characters that are not
 * a-z or 0-9 becomes one space; leading/trailing spaces are dropped.
 * "  Số máy tính (dạy học) " -> "so may tinh day hoc".  Invalid UTF-8
 * bytes count as separators.  Always NUL-terminates when outsz > 0.
 * Returns the length of the folded text (truncated to outsz - 1).
 */
size_t sg_text__fold(const char *in, /* UTF-8 text, NUL-terminated */
		     char *out,	     /* OUT: folded ASCII text */
		     size_t outsz);  /* size of out in bytes */

/*---- School levels ----------------------------------------------------*/

/* Bits of a school's set of levels: the public sg_level values
 * (schoolgis/level.h). */
#define SG_LEVEL_LOWER SG_LEVEL_LOWER_SECONDARY /* THCS, grades 6-9 */
#define SG_LEVEL_UPPER SG_LEVEL_UPPER_SECONDARY /* THPT, grades 10-12 */
#define SG_LEVEL_ALL 0xFu

/*
 * Parse a level name into a set of level bits.  Accepts English names
 * ("primary", "lower_secondary", "lower secondary"), Vietnamese names with
 * or without diacritics ("Mầm non", "Mẫu giáo", "Nhà trẻ", "Tiểu học",
 * "Trung học cơ sở", "Trung học phổ thông"), abbreviations ("MN", "TH",
 * "THCS", "THPT"), multi-level names joined by "-", "/", ",", "+", "&",
 * ";" or "và" ("TH-THCS", "THCS và THPT", "primary,lower_secondary"),
 * "PTCS" (primary + lower secondary) and a leading "Trường" (school).
 * Returns 0 and sets *mask_out, or -1 when any part is unknown or the
 * text is empty.
 */
int sg_text__level_parse(const char *s, unsigned *mask_out);

/*
 * The name for people of a canonical level name ("primary" -> "Tiểu
 * học" in Vietnamese, "Primary" in English; sg_level_label), for the
 * messages; the name itself when it is not one level.
 */
const char *sg_text__level_label(const char *name);

/*
 * Canonical text of a level set, comma-separated in school order:
 * "preschool,primary,lower_secondary,upper_secondary".  Returns buf.
 */
const char *sg_text__levels_format(unsigned mask, char *buf, size_t n);

/*---- Values -----------------------------------------------------------*/

/* Results of the value parsers. */
#define SG_PARSE_OK 0	     /* *out set */
#define SG_PARSE_EMPTY 1     /* empty or blank: unknown (NULL) */
#define SG_PARSE_INVALID -1  /* not a value of that kind */
#define SG_PARSE_NEGATIVE -2 /* a number, but negative (counts only) */

/*
 * Parse a non-negative count: "1234", " 1 234 ", "1.234" and "1,234"
 * (groups of three digits), "12.0" and "12,00" (whole numbers from
 * spreadsheets).  "12.5" is SG_PARSE_INVALID; "-3" is SG_PARSE_NEGATIVE.
 */
int sg_text__parse_count(const char *s, int64_t *out);

/*
 * Parse a real number with '.' or ',' as the decimal separator: "106.5",
 * "106,5", "-0.25", "1e3".  Thousands separators are not accepted here
 * (coordinates and scores never have them).  NaN and infinities are
 * SG_PARSE_INVALID.
 */
int sg_text__parse_real(const char *s, double *out);

/*
 * Parse a yes/no value: "1", "x", "X", "yes", "true", "có", "co", "c"
 * are 1; "0", "no", "false", "không", "khong", "k", "-" are 0.
 */
int sg_text__parse_bool(const char *s, int *out);

/*---- Column names -----------------------------------------------------*/

/* What is being imported; column aliases depend on it ("Mã xã" is the
 * code of a unit in a units file but the unit of a school in a schools
 * file). */
typedef enum {
	SG_KIND_UNITS = 0,
	SG_KIND_SCHOOLS,
	SG_KIND_POPULATION,
	SG_KIND_APPLICANTS
} sg_import_kind_int;

/* Canonical fields an import can fill. */
typedef enum {
	SG_F_NONE = 0,
	/* shared */
	SG_F_CODE, /* school code / unit code */
	SG_F_NAME,
	SG_F_YEAR, /* school year "2016-2017" or census year */
	SG_F_LON,
	SG_F_LAT, /* geographic coordinates */
	SG_F_X,
	SG_F_Y, /* projected coordinates (need a CRS) */
	/* schools */
	SG_F_LEVELS,
	SG_F_OWNERSHIP,
	SG_F_ADDRESS,
	SG_F_UNIT_CODE,
	SG_F_STUDENTS,
	SG_F_STUDENTS_PRESCHOOL,
	SG_F_STUDENTS_PRIMARY,
	SG_F_STUDENTS_LOWER,
	SG_F_STUDENTS_UPPER,
	SG_F_CLASSES,
	SG_F_SEATS_ENTRY,
	SG_F_COMPUTERS_TEACHING,
	SG_F_COMPUTERS_MANAGEMENT,
	SG_F_PRINTERS,
	SG_F_WEBCAMS,
	SG_F_FIBRE,
	SG_F_BANDWIDTH,
	SG_F_LAN,
	SG_F_WIFI,
	SG_F_WEBSITE,
	SG_F_E_GRADEBOOK,
	SG_F_E_CONTACT_BOOK,
	SG_F_TEACHERS,
	SG_F_TEACHERS_IT,
	/* units */
	SG_F_UNIT_KIND,
	SG_F_PARENT_CODE,
	SG_F_POPULATION,
	SG_F_UNIT_SET, /* the unit's set: its date in force */
	/* population */
	SG_F_AGE_FROM,
	SG_F_AGE_TO,
	SG_F_COUNT,
	/* applicants (the declared ward is SG_F_UNIT_CODE) */
	SG_F_GRADE, /* entry grade: 1, 6 or 10 */
	SG_F_BIRTH_DATE,
	SG_F_PRIORITY, /* priority group 1-3, empty: none */
	SG_F_CHOICE1,
	SG_F_CHOICE2,
	SG_F_CHOICE3, /* school codes */
	SG_F_SCORE,   /* admission exam score (grade 10) */
	SG_F__COUNT
} sg_field;

/* Canonical English name of a field, e.g. "computers_teaching"; the name
 * used in the store, in exports and in a --map file. */
const char *sg_field__name(sg_field f);

/* The field whose canonical name is `name` (exact), or SG_F_NONE. */
sg_field sg_field__by_name(const char *name);

/*
 * The field a column header means for an import of `kind`: the header is
 * folded (sg_text__fold) and compared with the built-in English and
 * Vietnamese aliases of that kind, and with the canonical names.
 * Returns SG_F_NONE when the header is not recognised.
 */
sg_field sg_field__match(sg_import_kind_int kind, const char *header);

/*
 * A coordinate in degrees, minutes and seconds as surveyors and GPS
 * units write it: "10°55'40.35\"N", "106° 29' 12\" E", "10 55 40.35 N",
 * "N10°55.6725'", "-106°29'12\"" (° º ' ′ " ″ or ':' between the parts,
 * decimal point or comma; S and W are negative).  Plain numbers are not
 * DMS (use sg_text__parse_real).  Returns SG_PARSE_OK, SG_PARSE_EMPTY or
 * SG_PARSE_INVALID.
 */
int sg_text__parse_dms(const char *s, double *out);

/*---- Decoding text files ----------------------------------------------*/

/* 1 when s[0..n) is well-formed UTF-8 (no overlong forms or
 * surrogates), else 0. */
int sg_text__utf8_valid(const char *s, size_t n);

/* What sg_text__scan found. */
enum {
	SG_SCAN_INVALID = 1,  /* not UTF-8 */
	SG_SCAN_BINARY = 2,   /* control bytes other than tab, CR, LF */
	SG_SCAN_COMBINING = 4 /* combining marks: NFC would change it */
};

/*
 * One pass over a piece of a UTF-8 file: SG_SCAN_* flags of s[0..n).  A
 * character cut by the end of the piece is left: *used (may be NULL) is
 * how many bytes were scanned, for the caller to carry the rest on.
 */
int sg_text__scan(const char *s, size_t n, size_t *used);

/* Results of sg_text__decode. */
enum {
	SG_DECODE_SAME = 0,	 /* already NFC UTF-8 without a BOM */
	SG_DECODE_CONVERTED = 1, /* *out holds the text */
	SG_DECODE_BINARY = -1,	 /* not text (control or NUL bytes) */
	SG_DECODE_FAILED = -2,	 /* decodes in no encoding tried */
	SG_DECODE_UNKNOWN = -3,	 /* `encoding` is not known to iconv */
	SG_DECODE_NOMEM = -4
};

/*
 * The contents of a text file (a CSV) as NFC UTF-8 without a BOM.  With
 * `encoding` NULL it is detected: a UTF-8 BOM, a UTF-16LE/BE BOM (or
 * UTF-16 without one, from its zero bytes), well-formed UTF-8, else one
 * of the 8-bit Vietnamese encodings: Windows-1258 (Excel's CSV on
 * Vietnamese Windows), TCVN3 (ABC fonts) or VNI-Windows (VNI fonts),
 * the one whose text reads most as Vietnamese (sg_text__vn_guess).
 * Otherwise the `encoding` named is used: "TCVN3" (or "ABC"), "VNI",
 * or any iconv name ("UTF-16LE", "CP1258", ...).  Decomposed tone marks
 * are composed (NFC, through libunistring).  *out is malloc'ed,
 * NUL-terminated, owned by the caller (NULL for SG_DECODE_SAME and
 * errors); *used names the encoding read ("TCVN3", "VNI",
 * "WINDOWS-1258" when detected).  Unlike the rest of this module, this
 * allocates.
 */
int sg_text__decode(const char *in, size_t n, const char *encoding, char **out,
		    size_t *outn, const char **used);

/*
 * Which 8-bit encoding bytes that are not UTF-8 are in: "WINDOWS-1258",
 * "TCVN3" or "VNI" (text_vn.c's score of each decoding, over the first
 * 256 KiB; Windows-1258 unless another reads as more Vietnamese and as
 * more well-formed words than garbled ones), or NULL when none decodes
 * to text worth reading (Windows-1258 fails and neither other scores).
 */
const char *sg_text__vn_guess(const char *in, size_t n);

/*
 * VNI-Windows bytes as UTF-8 (engine/text_vn.c), marks as combining
 * characters after their letters (not yet NFC).  0; -1 for a byte that
 * is no character (0x81, 0x8d, 0x8f, 0x90, 0x9d); -2 out of memory.
 * *out is malloc'ed and NUL-terminated.
 */
int sg_text__vni_decode(const char *in, size_t n, char **out, size_t *outn);

/*
 * How Vietnamese UTF-8 text reads: among its words holding a letter
 * beyond ASCII, those that are Vietnamese syllables count +1 (Vietnamese
 * letters: a base letter with at most a fitting circumflex, breve or
 * horn; one tone mark, on a vowel; an initial consonant, a vowel group
 * Vietnamese writes (ươ, uyê, oai ...), a final c, ch, m, n, ng, nh, p,
 * t or k), the others -2 (symbols, letters of other languages, two
 * tones, vowels no word has).  Text decoded in the wrong legacy
 * encoding scores low: garbled words weigh double, so a wrong decoding
 * in which some words happen to read well still scores below zero.
 */
long sg_text__vn_score(const char *text, size_t n);

#endif /* SG_ENGINE_TEXT_H */
