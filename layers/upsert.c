/*
 * layers/upsert.c - the SQL of an import's upsert from its column list
 * (see upsert.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "layers/layers.h"
#include "layers/upsert.h"
#include "util/file.h"

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

/* The statements are built with util's sg_sb (util/util.h). */

/* "INSERT INTO t (columns) VALUES (values)" */
static void insert(sg_sb *b, const sg_upsert *u)
{
	sg_sb__printf(b, "INSERT INTO %s (", u->table);
	for (size_t i = 0; i < u->n; i++)
		sg_sb__printf(b, "%s%s", i ? ", " : "", u->col[i].name);
	sg_sb__printf(b, ") VALUES (");
	for (size_t i = 0; i < u->n; i++)
		sg_sb__printf(b, "%s%s", i ? ", " : "", u->col[i].value);
	sg_sb__printf(b, ")");
}

/* A set of roles. */
#define ROLE(r) (1u << (r))
#define CHANGES (ROLE(SG_UPSERT_VALUE) | ROLE(SG_UPSERT_STAMP))

/*
 * The columns whose role is in `roles`, joined by sep, each as its name
 * alone (op NULL) or as "<name><op><rhs>", rhs being excluded.<name> or
 * the column's value; `none` when no column has such a role.
 */
static void list(sg_sb *b, const sg_upsert *u, unsigned roles, const char *op,
		 int excluded, const char *sep, const char *none)
{
	int any = 0;

	for (size_t i = 0; i < u->n; i++) {
		const char *name = u->col[i].name;

		if (!(roles & ROLE(u->col[i].role)))
			continue;
		sg_sb__printf(b, "%s%s", any ? sep : "", name);
		if (op && excluded)
			sg_sb__printf(b, "%sexcluded.%s", op, name);
		else if (op)
			sg_sb__printf(b, "%s%s", op, u->col[i].value);
		any = 1;
	}
	if (!any)
		sg_sb__printf(b, "%s", none);
}

static int prepare(sg_ctx *ctx, const char *what, const sg_upsert *u, sg_sb *b,
		   sqlite3_stmt **out)
{
	int rc;

	*out = NULL;
	if (u->overflow)
		rc = sg_error__set(ctx, SG_ERROR, "%s: statement too long",
				   what);
	else if (b->oom)
		rc = sg_error__oom(ctx, what);
	else
		rc = sg_db__prepare(ctx, what, b->s, out);
	sg_sb__free(b);
	return rc;
}

int sg_upsert__prepare(sg_ctx *ctx, const char *what, const sg_upsert *u,
		       sqlite3_stmt **out)
{
	sg_sb b = { 0 };

	insert(&b, u);
	sg_sb__printf(&b, " ON CONFLICT (");
	list(&b, u, ROLE(SG_UPSERT_KEY), NULL, 0, ", ", "");
	sg_sb__printf(&b, ") DO UPDATE SET ");
	list(&b, u, CHANGES, " = ", 1, ", ", "");
	sg_sb__printf(&b, " WHERE ");
	list(&b, u, ROLE(SG_UPSERT_VALUE), " IS NOT ", 1, " OR ", "0");
	return prepare(ctx, what, u, &b, out);
}

int sg_upsert__prepare_insert(sg_ctx *ctx, const char *what, const sg_upsert *u,
			      sqlite3_stmt **out)
{
	sg_sb b = { 0 };

	insert(&b, u);
	return prepare(ctx, what, u, &b, out);
}

int sg_upsert__prepare_update(sg_ctx *ctx, const char *what, const sg_upsert *u,
			      sqlite3_stmt **out)
{
	sg_sb b = { 0 };

	sg_sb__printf(&b, "UPDATE %s SET ", u->table);
	list(&b, u, CHANGES, " = ", 0, ", ", "");
	sg_sb__printf(&b, " WHERE ");
	list(&b, u, ROLE(SG_UPSERT_KEY), " = ", 0, " AND ", "1");
	sg_sb__printf(&b, " AND (");
	list(&b, u, ROLE(SG_UPSERT_VALUE), " IS NOT ", 0, " OR ", "0");
	sg_sb__printf(&b, ")");
	return prepare(ctx, what, u, &b, out);
}
