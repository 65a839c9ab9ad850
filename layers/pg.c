/*
 * layers/pg.c - PostgreSQL/PostGIS through GDAL's PostgreSQL driver
 * ("PG:" connection strings): describing a connection without its
 * password, and writing one layer to a table in one transaction.
 *
 * PostgreSQL's DDL is transactional, so the export is atomic the same
 * way a file export is: BEGIN, drop the old table (only when asked to
 * replace it), create the table and its GiST index, copy the rows,
 * COMMIT.  Any failure rolls back; a killed process's connection drops
 * and the server rolls back for it.  Either way the database is as it
 * was.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cpl_error.h>
#include <ogr_srs_api.h>

#include "layers/layers.h"
#include "schoolgis/import.h"

/*---- Connection strings ------------------------------------------------*/

int sg_pg__is_dsn(const char *s)
{
	return s && strncasecmp(s, "PG:", 3) == 0;
}

/* Append up to len bytes of s to out (size n, NUL-terminated). */
static void append(char *out, size_t n, const char *s, size_t len)
{
	size_t have = strlen(out);

	if (have + 1 >= n)
		return;
	if (len > n - 1 - have)
		len = n - 1 - have;
	memcpy(out + have, s, len);
	out[have + len] = '\0';
}

/*
 * May a connection keyword be kept in messages, --json and the store?
 * An allow-list, so that every secret libpq knows or will know is left
 * out (password, sslpassword - the passphrase of sslkey -, options that
 * may carry anything, ...): what names the server, the database, the
 * user, TLS files by path and GDAL's own table keywords.
 */
static int public_key(const char *key, size_t len)
{
	static const char *const keep[] = {
		"host",
		"hostaddr",
		"port",
		"dbname",
		"user",
		"service",
		"sslmode",
		"sslcert",
		"sslkey",
		"sslrootcert",
		"sslcrl",
		"sslcrldir",
		"sslsni",
		"sslcompression",
		"requiressl",
		"gssencmode",
		"krbsrvname",
		"channel_binding",
		"connect_timeout",
		"application_name",
		"fallback_application_name",
		"keepalives",
		"keepalives_idle",
		"keepalives_interval",
		"keepalives_count",
		"tcp_user_timeout",
		"target_session_attrs",
		"load_balance_hosts",
		"client_encoding",
		"replication",
		"tables",
		"schemas",
		"active_schema",
		"list_all_tables",
	};

	for (size_t i = 0; i < sizeof(keep) / sizeof(*keep); i++)
		if (strlen(keep[i]) == len &&
		    strncasecmp(key, keep[i], len) == 0)
			return 1;
	return 0;
}

/* A URI "postgresql://user:secret@host/db?password=x&..." without the
 * secrets (any parameter public_key does not keep). */
static void safe_uri(const char *uri, char *out, size_t n)
{
	const char *auth = strstr(uri, "://");
	const char *at, *colon, *q;

	auth = auth ? auth + 3 : uri;
	at = strchr(auth, '@');
	colon = strchr(auth, ':');
	if (at && colon && colon < at &&
	    !memchr(auth, '/', (size_t)(at - auth))) {
		append(out, n, uri, (size_t)(colon - uri));
		uri = at;
	}
	q = strchr(uri, '?');
	if (!q) {
		append(out, n, uri, strlen(uri));
		return;
	}
	append(out, n, uri, (size_t)(q - uri));
	for (const char *p = q + 1, *sep = "?"; *p;) {
		size_t len = strcspn(p, "&");

		size_t klen = strcspn(p, "=&");

		if (public_key(p, klen)) {
			append(out, n, sep, 1);
			append(out, n, p, len);
			sep = "&";
		}
		p += len + (p[len] == '&');
	}
}

void sg_pg__safe_dsn(const char *dsn, const char *table, char *out, size_t n)
{
	const char *p = dsn + 3;

	out[0] = '\0';
	append(out, n, "PG:", 3);
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncasecmp(p, "postgres://", 11) == 0 ||
	    strncasecmp(p, "postgresql://", 13) == 0) {
		safe_uri(p, out, n);
	} else {
		/* libpq's "keyword = value" pairs; values may be quoted. */
		while (*p) {
			const char *key, *start;
			size_t klen;

			while (*p == ' ' || *p == '\t')
				p++;
			if (!*p)
				break;
			start = key = p;
			while (*p && *p != '=' && *p != ' ' && *p != '\t')
				p++;
			klen = (size_t)(p - key);
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p != '=')
				break; /* malformed: GDAL will say so */
			p++;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '\'') {
				for (p++; *p && *p != '\''; p++)
					if (*p == '\\' && p[1])
						p++;
				if (*p)
					p++;
			} else {
				while (*p && *p != ' ' && *p != '\t')
					p++;
			}
			if (!public_key(key, klen) ||
			    (table && klen == 6 &&
			     strncasecmp(key, "tables", 6) == 0))
				continue;
			if (strlen(out) > 3)
				append(out, n, " ", 1);
			append(out, n, start, (size_t)(p - start));
		}
	}
	if (table) {
		if (strlen(out) > 3)
			append(out, n, " ", 1);
		append(out, n, "tables=", 7);
		append(out, n, table, strlen(table));
	}
}

/*
 * libpq echoes pieces of a connection string it cannot parse ('missing
 * "=" after "..."', 'invalid percent-encoded token: "..."'), which may
 * be a password.  Every piece of the DSN that its safe form leaves out
 * is blanked in msg (in place).
 */
void sg_pg__scrub(const char *dsn, char *msg)
{
	static const char delims[] = " \t'\"=&?:@/,;";
	char safe[1024];
	const char *p = dsn;

	sg_pg__safe_dsn(dsn, NULL, safe, sizeof(safe));
	while (*p) {
		size_t len = strcspn(p, delims);
		char tok[256];
		char *hit;

		if (len >= 2 && len < sizeof(tok)) {
			memcpy(tok, p, len);
			tok[len] = '\0';
			if (!strstr(safe, tok))
				while ((hit = strstr(msg, tok)))
					memset(hit, '*', len);
		}
		p += len;
		if (*p)
			p++;
	}
}

void sg_source_name(const char *source, const char *layer, char *out, size_t n)
{
	if (!out || n == 0)
		return;
	if (sg_pg__is_dsn(source))
		sg_pg__safe_dsn(source, layer, out, n);
	else
		snprintf(out, n, "%s", source ? source : "");
}

/* [a-z_][a-z0-9_]*, at most 63 bytes (PostgreSQL's NAMEDATALEN - 1). */
static int plain_name(const char *s, size_t len)
{
	if (len == 0 || len > 63 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

int sg_pg__table_name_ok(const char *name)
{
	const char *dot = strchr(name, '.');

	if (!dot)
		return plain_name(name, strlen(name));
	return plain_name(name, (size_t)(dot - name)) &&
	       plain_name(dot + 1, strlen(dot + 1));
}

/*---- Writing a layer to a table ----------------------------------------*/

/* 1 when the query returns a row whose first field is set; 0 when it
 * returns none or NULL; -1 when it failed (message captured). */
static int query_flag(GDALDatasetH ds, const char *sql)
{
	OGRLayerH r = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
	OGRFeatureH f;
	int v;

	if (!r)
		return -1;
	f = OGR_L_GetNextFeature(r);
	v = f && OGR_F_IsFieldSetAndNotNull(f, 0);
	if (f)
		OGR_F_Destroy(f);
	GDALDatasetReleaseResultSet(ds, r);
	return v;
}

/* The first field of the query's first row into buf ("" when none);
 * -1 when the query failed (message captured). */
static int query_text(GDALDatasetH ds, const char *sql, char *buf, size_t n)
{
	OGRLayerH r = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
	OGRFeatureH f;

	buf[0] = '\0';
	if (!r)
		return -1;
	f = OGR_L_GetNextFeature(r);
	if (f && OGR_F_IsFieldSetAndNotNull(f, 0))
		snprintf(buf, n, "%s", OGR_F_GetFieldAsString(f, 0));
	if (f)
		OGR_F_Destroy(f);
	GDALDatasetReleaseResultSet(ds, r);
	return 0;
}

/* s as a quoted SQL identifier ("" doubled) into out. */
static void quote_ident(const char *s, char *out, size_t n)
{
	size_t k = 0;

	if (n < 3)
		return;
	out[k++] = '"';
	for (; *s && k + 3 < n; s++) {
		if (*s == '"')
			out[k++] = '"';
		out[k++] = *s;
	}
	out[k++] = '"';
	out[k] = '\0';
}

int sg_pg__out_open(sg_ctx *ctx, sg_out *o, const char *dsn, bool overwrite,
		    const char *table, OGRwkbGeometryType geom)
{
	static const char *const drivers[] = { "PostgreSQL", NULL };
	OGRLayerH r;
	static const char *const lco[] = { "GEOMETRY_NAME=geom",
					   "SPATIAL_INDEX=GIST", "FID=fid",
					   "DESCRIPTION=schoolgis export",
					   NULL };
	char sql[512], schema[128], qs[132], qt[132], full[200];
	const char *dot;
	int exists;

	o->pg = 1;
	o->rows = -1; /* unknown unless the writer says */
	sg_pg__safe_dsn(dsn, table, o->desc, sizeof(o->desc));
	if (!sg_pg__table_name_ok(table))
		return sg_error__set(ctx, SG_EINVALID,
				     "export: '%s' is not a table name "
				     "schoolgis writes (lower-case letters, "
				     "digits and _, optionally schema.table)",
				     table);
	sg_gdal__begin(ctx);
	o->capturing = 1;
	o->ds = GDALOpenEx(dsn, GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, NULL,
			   NULL);
	if (!o->ds) {
		sg_pg__scrub(dsn, ctx->gdal_msg);
		return sg_error__set(ctx, SG_EGDAL,
				     "export: %s: cannot "
				     "connect: %s",
				     o->desc, sg_gdal__msg(ctx));
	}
	if (geom != wkbNone &&
	    query_flag(o->ds, "SELECT postgis_lib_version()") != 1)
		return sg_error__set(ctx, SG_EINVALID,
				     "export: %s: PostGIS "
				     "is not installed in that database (run "
				     "CREATE EXTENSION postgis as its "
				     "owner)",
				     o->desc);
	/* An unqualified name is the table in the schema OGR creates it
	 * in, current_schema(): not whichever table of that name the
	 * search path finds first.  Quoted, so that names like "user"
	 * work.  Looked up before BEGIN: a failed statement would abort
	 * the transaction. */
	if ((dot = strchr(table, '.'))) {
		snprintf(schema, sizeof(schema), "%.*s", (int)(dot - table),
			 table);
		dot++;
	} else {
		if (query_text(o->ds, "SELECT current_schema()", schema,
			       sizeof(schema)) < 0 ||
		    !schema[0])
			return sg_error__set(ctx, SG_EGDAL,
					     "export: %s: no "
					     "current schema to create '%s' "
					     "in (name one: schema.%s) %s",
					     o->desc, table, table,
					     sg_gdal__msg(ctx));
		dot = table;
	}
	quote_ident(schema, qs, sizeof(qs));
	quote_ident(dot, qt, sizeof(qt));
	snprintf(o->qname, sizeof(o->qname), "%s.%s", qs, qt);
	snprintf(full, sizeof(full), "%s.%s", schema, dot);
	snprintf(sql, sizeof(sql),
		 "SELECT c.oid FROM pg_class c JOIN "
		 "pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
		 "'%s' AND c.relname = '%s'",
		 schema, dot);
	exists = strchr(schema, '\'') ? -1 : query_flag(o->ds, sql);
	if (exists < 0)
		return sg_error__set(ctx, SG_EGDAL, "export: %s: %s", o->desc,
				     sg_gdal__msg(ctx));
	if (exists && !overwrite)
		return sg_error__set(ctx, SG_EEXISTS,
				     "export: %s: table "
				     "'%s' exists",
				     o->desc, table);
	if (GDALDatasetStartTransaction(o->ds, 0) != OGRERR_NONE)
		return sg_error__set(ctx, SG_EGDAL,
				     "export: %s: cannot start "
				     "a transaction: %s",
				     o->desc, sg_gdal__msg(ctx));
	o->in_txn = 1;
	if (exists) {
		/* Dropped inside the transaction: the old table comes back
		 * on any failure.  Not CASCADE (as OGR's OVERWRITE=YES
		 * does): a view someone built on the table fails the export
		 * with PostgreSQL's message instead of vanishing. */
		snprintf(sql, sizeof(sql), "DROP TABLE %s", o->qname);
		CPLErrorReset();
		r = GDALDatasetExecuteSQL(o->ds, sql, NULL, NULL);
		if (r)
			GDALDatasetReleaseResultSet(o->ds, r);
		if (CPLGetLastErrorType() >= CE_Failure)
			return sg_error__set(ctx, SG_EGDAL,
					     "export: %s: "
					     "cannot drop the old table: %s",
					     o->desc, sg_gdal__msg(ctx));
	}
	return sg_out__layer(ctx, o, full, geom, lco, o->desc);
}

int sg_pg__out_close(sg_ctx *ctx, sg_out *o, int rc)
{
	if (o->in_txn && rc == SG_OK) {
		/* Flush the COPY (and any deferred DDL) inside the
		 * transaction, then commit. */
		if (o->layer && OGR_L_SyncToDisk(o->layer) != OGRERR_NONE)
			rc = sg_error__set(ctx, SG_EGDAL, "export: %s: OGR: %s",
					   o->desc, sg_gdal__msg(ctx));
		if (rc == SG_OK &&
		    GDALDatasetCommitTransaction(o->ds) != OGRERR_NONE)
			rc = sg_error__set(ctx, SG_EGDAL,
					   "export: %s: commit "
					   "failed (check the table: the "
					   "outcome is unknown): %s",
					   o->desc, sg_gdal__msg(ctx));
		else if (rc == SG_OK)
			o->in_txn = 0;
		/* PostgreSQL answers COMMIT of a failed transaction with a
		 * ROLLBACK that OGR does not look at: count what is there. */
		if (rc == SG_OK && o->rows >= 0) {
			char sql[sizeof(o->qname) + 32], got[32];

			snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s",
				 o->qname);
			if (query_text(o->ds, sql, got, sizeof(got)) < 0 ||
			    strtoll(got, NULL, 10) != o->rows)
				rc = sg_error__set(ctx, SG_EGDAL,
						   "export: %s: "
						   "the commit did not keep "
						   "the %lld rows written "
						   "(found '%s')",
						   o->desc, (long long)o->rows,
						   got);
		}
	}
	if (o->in_txn)
		GDALDatasetRollbackTransaction(o->ds);
	o->in_txn = 0;
	if (o->ds)
		GDALClose(o->ds);
	o->ds = NULL;
	if (o->capturing)
		sg_gdal__end(ctx);
	o->capturing = 0;
	return rc;
}
