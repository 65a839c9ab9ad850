/*
 * layers/upsert.c - the SQL of an import's upsert from its column list
 * (see upsert.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "layers/layers.h"
#include "layers/upsert.h"

void sg_upsert__init(sg_upsert *u, const char *table)
{
	memset(u, 0, sizeof(*u));
	u->table = table;
}

void sg_upsert__col(sg_upsert *u, sg_upsert_role role, const char *name,
		    const char *fmt, ...)
{
	va_list ap;
	int len;

	if (u->n == SG_UPSERT_MAXCOLS) {
		u->overflow = 1;
		return;
	}
	va_start(ap, fmt);
	len = vsnprintf(u->col[u->n].value, sizeof(u->col[u->n].value), fmt,
			ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof(u->col[u->n].value))
		u->overflow = 1;
	u->col[u->n].name = name;
	u->col[u->n].role = role;
	u->n++;
}

/*---- Building the statements --------------------------------------------*/

typedef struct {
	char s[8192];
	size_t len;
	int overflow;
} sql_buf;

static void put(sql_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void put(sql_buf *b, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (b->overflow)
		return;
	va_start(ap, fmt);
	len = vsnprintf(b->s + b->len, sizeof(b->s) - b->len, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof(b->s) - b->len)
		b->overflow = 1;
	else
		b->len += (size_t)len;
}

/* "INSERT INTO t (columns) VALUES (values)" */
static void insert(sql_buf *b, const sg_upsert *u)
{
	put(b, "INSERT INTO %s (", u->table);
	for (size_t i = 0; i < u->n; i++)
		put(b, "%s%s", i ? ", " : "", u->col[i].name);
	put(b, ") VALUES (");
	for (size_t i = 0; i < u->n; i++)
		put(b, "%s%s", i ? ", " : "", u->col[i].value);
	put(b, ")");
}

/* A set of roles. */
#define ROLE(r) (1u << (r))
#define CHANGES (ROLE(SG_UPSERT_VALUE) | ROLE(SG_UPSERT_STAMP))

/*
 * The columns whose role is in `roles`, joined by sep, each as its name
 * alone (op NULL) or as "<name><op><rhs>", rhs being excluded.<name> or
 * the column's value; `none` when no column has such a role.
 */
static void list(sql_buf *b, const sg_upsert *u, unsigned roles, const char *op,
		 int excluded, const char *sep, const char *none)
{
	int any = 0;

	for (size_t i = 0; i < u->n; i++) {
		const char *name = u->col[i].name;

		if (!(roles & ROLE(u->col[i].role)))
			continue;
		put(b, "%s%s", any ? sep : "", name);
		if (op && excluded)
			put(b, "%sexcluded.%s", op, name);
		else if (op)
			put(b, "%s%s", op, u->col[i].value);
		any = 1;
	}
	if (!any)
		put(b, "%s", none);
}

static int prepare(sg_ctx *ctx, const char *what, const sg_upsert *u,
		   const sql_buf *b, sqlite3_stmt **out)
{
	*out = NULL;
	if (u->overflow || b->overflow)
		return sg_error__set(ctx, SG_ERROR, "%s: statement too long",
				     what);
	return sg_db__prepare(ctx, what, b->s, out);
}

int sg_upsert__prepare(sg_ctx *ctx, const char *what, const sg_upsert *u,
		       sqlite3_stmt **out)
{
	sql_buf b = { .len = 0 };

	insert(&b, u);
	put(&b, " ON CONFLICT (");
	list(&b, u, ROLE(SG_UPSERT_KEY), NULL, 0, ", ", "");
	put(&b, ") DO UPDATE SET ");
	list(&b, u, CHANGES, " = ", 1, ", ", "");
	put(&b, " WHERE ");
	list(&b, u, ROLE(SG_UPSERT_VALUE), " IS NOT ", 1, " OR ", "0");
	return prepare(ctx, what, u, &b, out);
}

int sg_upsert__prepare_insert(sg_ctx *ctx, const char *what, const sg_upsert *u,
			      sqlite3_stmt **out)
{
	sql_buf b = { .len = 0 };

	insert(&b, u);
	return prepare(ctx, what, u, &b, out);
}

int sg_upsert__prepare_update(sg_ctx *ctx, const char *what, const sg_upsert *u,
			      sqlite3_stmt **out)
{
	sql_buf b = { .len = 0 };

	put(&b, "UPDATE %s SET ", u->table);
	list(&b, u, CHANGES, " = ", 0, ", ", "");
	put(&b, " WHERE ");
	list(&b, u, ROLE(SG_UPSERT_KEY), " = ", 0, " AND ", "1");
	put(&b, " AND (");
	list(&b, u, ROLE(SG_UPSERT_VALUE), " IS NOT ", 0, " OR ", "0");
	put(&b, ")");
	return prepare(ctx, what, u, &b, out);
}
