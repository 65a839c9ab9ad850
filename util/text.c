/*
 * util/text.c - the string builder, growable arrays, JSON strings and CSV
 * cells (see util/util.h).  libc only: the CLI compiles this file too.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/*---- String builder -----------------------------------------------------*/

static int reserve(sg_sb *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->oom)
		return -1;
	if (more < b->cap - b->len && b->s)
		return 0;
	if (b->fixed)
		return -1; /* the caller cuts */
	if (more > SIZE_MAX / 2 - b->len - 1) {
		b->oom = 1;
		return -1;
	}
	cap = b->cap ? b->cap : 64;
	while (cap <= b->len + more)
		cap *= 2;
	p = realloc(b->s, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->s = p;
	b->cap = cap;
	return 0;
}

void sg_sb__vprintf(sg_sb *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	if (b->oom)
		return;
	va_copy(aq, ap);
	n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0,
		      fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if (b->s && (size_t)n < b->cap - b->len) {
		b->len += (size_t)n;
		return;
	}
	if (b->fixed) { /* vsnprintf wrote what fits */
		b->len = b->cap - 1;
		b->cut = 1;
		return;
	}
	if (reserve(b, (size_t)n + 1) != 0)
		return;
	va_copy(aq, ap);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, aq);
	va_end(aq);
	b->len += (size_t)n;
}

void sg_sb__printf(sg_sb *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sg_sb__vprintf(b, fmt, ap);
	va_end(ap);
}

void sg_sb__fixed(sg_sb *b, char *buf, size_t n)
{
	b->s = buf;
	b->cap = n;
	b->len = 0;
	b->oom = b->cut = 0;
	b->fixed = 1;
	buf[0] = '\0';
}

void sg_sb__putn(sg_sb *b, const char *s, size_t n)
{
	if (!s)
		return;
	if (b->fixed) {
		if (n > b->cap - b->len - 1) {
			n = b->cap - b->len - 1;
			b->cut = 1;
		}
	} else if (reserve(b, n + 1) != 0) {
		return;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sg_sb__puts(sg_sb *b, const char *s)
{
	if (s)
		sg_sb__putn(b, s, strlen(s));
}

void sg_sb__putc(sg_sb *b, char c)
{
	sg_sb__putn(b, &c, 1);
}

void sg_sb__putu(sg_sb *b, unsigned long long v)
{
	char t[24];
	int k = (int)sizeof(t);

	do {
		t[--k] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sg_sb__putn(b, t + k, sizeof(t) - (size_t)k);
}

const char *sg_sb__str(sg_sb *b)
{
	if (b->oom)
		return NULL;
	return b->s ? b->s : "";
}

char *sg_sb__take(sg_sb *b)
{
	char *s = NULL;

	if (!b->oom) {
		s = b->s ? b->s : calloc(1, 1);
		b->s = NULL;
	}
	sg_sb__free(b);
	return s;
}

void sg_sb__free(sg_sb *b)
{
	if (b->fixed) {
		b->len = 0;
		b->s[0] = '\0';
		b->cut = 0;
		return;
	}
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}

/*---- Growable arrays ----------------------------------------------------*/

int sg_grow(void *p, size_t *cap, size_t need, size_t size)
{
	void **pp = p;
	size_t nc;
	void *q;

	if (need <= *cap)
		return 0;
	nc = *cap ? *cap : 16;
	while (nc < need) {
		if (nc > SIZE_MAX / 2)
			return -1;
		nc *= 2;
	}
	if (size && nc > SIZE_MAX / size)
		return -1;
	q = realloc(*pp, nc * size);
	if (!q)
		return -1;
	*pp = q;
	*cap = nc;
	return 0;
}

/*---- JSON ---------------------------------------------------------------*/

/* The escaped form of byte c (followed by next), or NULL to copy it. */
static const char *json_esc(unsigned char c, char next, char tmp[8])
{
	if (c == '"')
		return "\\\"";
	if (c == '\\')
		return "\\\\";
	if (c == '\n')
		return "\\n";
	if (c == '\r')
		return "\\r";
	if (c == '\t')
		return "\\t";
	if (c < 0x20 || c == 0x7f) {
		snprintf(tmp, 8, "\\u%04x", c);
		return tmp;
	}
	if (c == '<' && (next == '/' || next == '!'))
		return "\\u003c";
	return NULL;
}

void sg_sb__json_str(sg_sb *b, const char *s)
{
	char tmp[8];

	if (!s) {
		sg_sb__puts(b, "null");
		return;
	}
	sg_sb__putc(b, '"');
	while (*s) {
		size_t n = 0;
		const char *e;

		while (s[n] && !json_esc((unsigned char)s[n], s[n + 1], tmp))
			n++;
		sg_sb__putn(b, s, n);
		s += n;
		if (!*s)
			break;
		e = json_esc((unsigned char)*s, s[1], tmp);
		sg_sb__puts(b, e);
		s++;
	}
	sg_sb__putc(b, '"');
}

void sg_sb__json_text(sg_sb *b, const char *s)
{
	sg_sb__json_str(b, s ? s : "");
}

void sg_json__fputs(FILE *fp, const char *s)
{
	char tmp[8];

	if (!s) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		const char *e = json_esc((unsigned char)*s, s[1], tmp);

		if (e)
			fputs(e, fp);
		else
			fputc(*s, fp);
	}
	fputc('"', fp);
}

/* The JSON text of a number (see sg_sb__json_num) into t. */
static const char *json_num(char t[64], double v, int digits)
{
	if (!isfinite(v))
		return "null";
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(t, 64, "%.0f", v);
	else
		snprintf(t, 64, "%.*g", digits, v);
	return t;
}

void sg_sb__json_num(sg_sb *b, double v, int digits)
{
	char t[64];

	sg_sb__puts(b, json_num(t, v, digits));
}

void sg_json__fnum(FILE *fp, double v, int digits)
{
	char t[64];

	fputs(json_num(t, v, digits), fp);
}

void sg_json__ffixed(FILE *fp, double v, int decimals)
{
	if (!isfinite(v))
		fputs("null", fp);
	else
		fprintf(fp, "%.*f", decimals, v);
}

void sg_json__fmember(FILE *fp, const char *key, double v)
{
	fputs(", ", fp);
	sg_json__fputs(fp, key);
	fputs(": ", fp);
	sg_json__fnum(fp, v, 10);
}

/*---- HTML ---------------------------------------------------------------*/

void sg_sb__html(sg_sb *b, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, "&<>\"'");

		sg_sb__putn(b, s, n);
		s += n;
		switch (*s) {
		case '&': sg_sb__puts(b, "&amp;"); break;
		case '<': sg_sb__puts(b, "&lt;"); break;
		case '>': sg_sb__puts(b, "&gt;"); break;
		case '"': sg_sb__puts(b, "&quot;"); break;
		case '\'': sg_sb__puts(b, "&#39;"); break;
		default: return;
		}
		s++;
	}
}

/*---- CSV ----------------------------------------------------------------*/

/* Is s wholly a decimal number ("-3.5", "+84", "1e3")? */
static int plain_number(const char *s)
{
	int digits = 0;

	if (*s == '+' || *s == '-')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	if (!digits)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

int sg_csv__is_formula(const char *s)
{
	if (!s || !strchr("=+-@\t\r", *s) || !*s)
		return 0;
	return !plain_number(s);
}

void sg_sb__csv(sg_sb *b, const char *s)
{
	int guard = sg_csv__is_formula(s);

	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		if (guard)
			sg_sb__putc(b, '\'');
		sg_sb__puts(b, s);
		return;
	}
	sg_sb__putc(b, '"');
	if (guard)
		sg_sb__putc(b, '\'');
	for (; *s; s++) {
		size_t n = strcspn(s, "\"");

		sg_sb__putn(b, s, n);
		s += n;
		if (!*s)
			break;
		sg_sb__puts(b, "\"\"");
	}
	sg_sb__putc(b, '"');
}

void sg_csv__fputs(FILE *fp, const char *s)
{
	int quote;

	if (!s)
		return;
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', fp);
	if (sg_csv__is_formula(s))
		fputc('\'', fp);
	for (; *s; s++) {
		if (*s == '"' && quote)
			fputc('"', fp);
		fputc(*s, fp);
	}
	if (quote)
		fputc('"', fp);
}

void sg_sb__csv_field(sg_sb *b, const char *s, int last)
{
	sg_sb__csv(b, s);
	sg_sb__putc(b, last ? '\n' : ',');
}

void sg_csv__ffield(FILE *fp, const char *s, int last)
{
	sg_csv__fputs(fp, s);
	fputc(last ? '\n' : ',', fp);
}
