/*
 * util/util.h - the internal utilities shared by the library and the CLI
 * (not public API; nothing here is exported from libschoolgis).
 *
 * Two halves:
 *  - util/text.c needs only libc: a string builder, growable arrays, a
 *    JSON string writer and a CSV field writer.  The CLI compiles it too.
 *  - util/ini.c, util/file.c use the library's context for their errors:
 *    one INI parser, reading a config file, atomic file writes and sets of
 *    files replaced together, and the out-of-memory error.
 */
#ifndef SG_UTIL_UTIL_H
#define SG_UTIL_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#if defined(__GNUC__)
#define SG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SG_PRINTF(f, a)
#endif

/*---- String builder -----------------------------------------------------*/

/*
 * A growing NUL-terminated string.  Zero-initialise it ({0}).  After a
 * failed allocation `oom` is set, later appends do nothing and the text
 * stays what it was; check `oom` once at the end.
 *
 * Or a builder over the caller's array (sg_sb__fixed): it never
 * allocates; what does not fit is cut off (`cut` is set) and the text
 * stays NUL-terminated.  sg_sb__take does not apply to it.
 */
typedef struct {
	char *s;    /* the text ("" is not guaranteed before a put) */
	size_t len; /* bytes, without the NUL */
	size_t cap;
	int oom;   /* an allocation failed */
	int fixed; /* over the caller's array (sg_sb__fixed) */
	int cut;   /* fixed: something did not fit */
} sg_sb;

/* A builder writing into buf[0..n) (n >= 1), emptied. */
void sg_sb__fixed(sg_sb *b, char *buf, size_t n);

void sg_sb__printf(sg_sb *b, const char *fmt, ...) SG_PRINTF(2, 3);
void sg_sb__vprintf(sg_sb *b, const char *fmt, va_list ap);
/* Append s (NULL appends nothing). */
void sg_sb__puts(sg_sb *b, const char *s);
void sg_sb__putn(sg_sb *b, const char *s, size_t n);
void sg_sb__putc(sg_sb *b, char c);
/* An unsigned decimal, without printf (for hot loops). */
void sg_sb__putu(sg_sb *b, unsigned long long v);
/* The text, "" if nothing was appended; NULL after a failed allocation. */
const char *sg_sb__str(sg_sb *b);
/* Hand the text over (caller frees); NULL after a failed allocation (the
 * buffer is freed then).  The builder is empty afterwards. */
char *sg_sb__take(sg_sb *b);
void sg_sb__free(sg_sb *b);

/*---- Growable arrays ----------------------------------------------------*/

/*
 * Make room for `need` elements of `size` bytes in *p (capacity *cap,
 * in elements), doubling.  Returns 0, or -1 when out of memory or on
 * overflow (then *p and *cap are unchanged).
 */
int sg_grow(void *p, size_t *cap, size_t need, size_t size);

/*---- JSON ---------------------------------------------------------------*/

/*
 * s as a JSON string, quoted: '"' '\\' and control characters escaped,
 * and "</" "<!" written "\u003c/" so that the JSON may sit inside an HTML
 * <script>.  NULL is written as null.
 */
void sg_sb__json_str(sg_sb *b, const char *s);
/* The same, NULL written as "" (text a page reads as a string). */
void sg_sb__json_text(sg_sb *b, const char *s);
void sg_json__fputs(FILE *fp, const char *s);
/* A number as JSON: a whole number below 1e15 without decimals, others
 * %.*g with `digits` significant digits; NaN and infinities (which JSON
 * cannot hold) as null. */
void sg_sb__json_num(sg_sb *b, double v, int digits);
void sg_json__fnum(FILE *fp, double v, int digits);
/* A number with `decimals` decimals (%.*f); null when not finite. */
void sg_json__ffixed(FILE *fp, double v, int decimals);
/* A member after an object's first: `, "KEY": V`, V as sg_json__fnum
 * with 10 digits (the CLI's --json summaries). */
void sg_json__fmember(FILE *fp, const char *key, double v);

/*---- HTML ---------------------------------------------------------------*/

/* s as HTML text: & < > " ' escaped (NULL appends nothing). */
void sg_sb__html(sg_sb *b, const char *s);

/*---- CSV ----------------------------------------------------------------*/

/*
 * One CSV text cell (RFC 4180, ',' separator), with the formula guard.
 *
 * The rule (issue #18): a text cell that a spreadsheet would run as a
 * formula - one that begins with '=', '+', '-', '@', a tab or a carriage
 * return - is written with a leading apostrophe ('), the mark Excel and
 * LibreOffice read as "this is text".  A text cell that is wholly a
 * number ("-3.5", "+84") is left alone: spreadsheets read it as that
 * number, not as a formula.  Numbers the program writes as numbers go
 * through the caller's printf and are never touched.  Then a cell holding
 * ',' '"' CR or LF is quoted, quotes doubled.  NULL is an empty cell.
 */
void sg_sb__csv(sg_sb *b, const char *s);
void sg_csv__fputs(FILE *fp, const char *s);
/* One cell of a row: the cell, then ',' or, when `last`, '\n'. */
void sg_sb__csv_field(sg_sb *b, const char *s, int last);
void sg_csv__ffield(FILE *fp, const char *s, int last);
/* Does the guard apply to s?  (1: an apostrophe goes before it.) */
int sg_csv__is_formula(const char *s);

#endif /* SG_UTIL_UTIL_H */
