/*
 * layers/schema.c - the project store's schema and its migrations.
 *
 * Version 1 is the schema of ARCHITECTURE.md.  Unknown figures are NULL,
 * never 0.  The run_id of the bulk tables (units, schools, school_years,
 * population, applicants) names the run that last wrote the row; it is
 * not declared a foreign key, because runs are never deleted and the
 * check would cost every imported row two more index lookups.
 *
 * Later versions are migrations (`migrations` below): a new store is
 * version 1 plus every migration, and an older store is migrated on
 * open, inside one transaction.  Version 2 keeps a catchment's figures
 * (area, population, seats, the schools sharing it) as columns of its
 * row, where a GIS opening the store or an export sees them, instead of
 * `results` rows.  Version 3 adds road networks (schoolgis/roads.h):
 * road_networks, and their road_nodes and road_edges.  Version 5 stores
 * an import issue's reason as a code with its values (layers/reasons.h)
 * and a school row's location.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers/layers.h"
#include "schoolgis/store.h"

static const char schema_v1[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);\n"

	/* Provenance: every imported or computed row names its run. */
	"CREATE TABLE runs (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  command TEXT NOT NULL,\n"
	"  parameters TEXT,\n"		/* JSON object */
	"  input_checksums TEXT,\n"	/* JSON object: file -> checksum */
	"  versions TEXT,\n"		/* library versions */
	"  started_at TEXT NOT NULL,\n" /* UTC, ISO 8601 */
	"  finished_at TEXT,\n"
	"  summary TEXT);\n" /* JSON object of counts */

	"CREATE TABLE units (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('ward','district','city')),\n"
	"  parent_id INTEGER REFERENCES units(id),\n"
	"  run_id INTEGER);\n"
	"SELECT AddGeometryColumn('units','geom',4326,'MULTIPOLYGON','XY');\n"
	"SELECT CreateSpatialIndex('units','geom');\n"
	"CREATE INDEX units_parent ON units(parent_id);\n"

	/* levels: comma-separated set in school order, e.g.
	 * 'primary,lower_secondary'. */
	"CREATE TABLE schools (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT,\n"
	"  levels TEXT NOT NULL,\n"
	"  ownership TEXT,\n"
	"  unit_id INTEGER REFERENCES units(id),\n"
	"  address TEXT,\n"
	"  run_id INTEGER);\n"
	"SELECT AddGeometryColumn('schools','geom',4326,'POINT','XY');\n"
	"SELECT CreateSpatialIndex('schools','geom');\n"
	"CREATE INDEX schools_unit ON schools(unit_id);\n"

	"CREATE TABLE school_years (\n"
	"  school_id INTEGER NOT NULL REFERENCES schools(id),\n"
	"  year TEXT NOT NULL,\n"
	"  students INTEGER,\n"
	"  students_preschool INTEGER,\n"
	"  students_primary INTEGER,\n"
	"  students_lower_secondary INTEGER,\n"
	"  students_upper_secondary INTEGER,\n"
	"  classes INTEGER,\n"
	"  seats_entry_grade INTEGER,\n"
	"  computers_teaching INTEGER,\n"
	"  computers_management INTEGER,\n"
	"  printers INTEGER,\n"
	"  webcams INTEGER,\n"
	"  fibre INTEGER,\n"
	"  bandwidth_mbps REAL,\n"
	"  lan INTEGER,\n"
	"  wifi INTEGER,\n"
	"  website INTEGER,\n"
	"  e_gradebook INTEGER,\n"
	"  e_contact_book INTEGER,\n"
	"  teachers INTEGER,\n"
	"  teachers_it_standard INTEGER,\n"
	"  run_id INTEGER,\n"
	"  PRIMARY KEY (school_id, year));\n"

	/* age_to is inclusive; a total population is stored as 0-120. */
	"CREATE TABLE population (\n"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),\n"
	"  year TEXT NOT NULL,\n"
	"  age_from INTEGER NOT NULL,\n"
	"  age_to INTEGER NOT NULL,\n"
	"  count INTEGER NOT NULL,\n"
	"  run_id INTEGER,\n"
	"  PRIMARY KEY (unit_id, year, age_from, age_to));\n"

	/* Personal data: never exported to public outputs with
	 * coordinates. */
	"CREATE TABLE applicants (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL,\n"
	"  year TEXT NOT NULL,\n"
	"  grade INTEGER NOT NULL,\n"
	"  name TEXT,\n"
	"  birth_date TEXT,\n"
	"  unit_id INTEGER REFERENCES units(id),\n"
	"  declared_unit_code TEXT,\n"
	"  choices TEXT,\n"
	"  score REAL,\n"
	"  priority INTEGER,\n"
	"  run_id INTEGER,\n"
	"  UNIQUE (code, year));\n"
	"SELECT AddGeometryColumn('applicants','geom',4326,'POINT','XY');\n"

	"CREATE TABLE catchments (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  run_id INTEGER NOT NULL REFERENCES runs(id),\n"
	"  school_id INTEGER REFERENCES schools(id),\n"
	"  level TEXT NOT NULL,\n"
	"  method TEXT NOT NULL);\n"
	"SELECT AddGeometryColumn('catchments','geom',4326,"
	"'MULTIPOLYGON','XY');\n"
	"SELECT CreateSpatialIndex('catchments','geom');\n"

	"CREATE TABLE results (\n"
	"  run_id INTEGER NOT NULL REFERENCES runs(id),\n"
	"  subject TEXT NOT NULL,\n"
	"  key TEXT NOT NULL,\n"
	"  value);\n"
	"CREATE INDEX results_run ON results(run_id, subject);\n"

	/* What imports rejected, repaired or flagged, for `validate` and
	 * the report's data-quality annex. */
	"CREATE TABLE import_issues (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  run_id INTEGER NOT NULL REFERENCES runs(id),\n"
	"  file TEXT NOT NULL,\n"
	"  row INTEGER,\n"
	"  field TEXT,\n"
	"  value TEXT,\n"
	"  reason TEXT NOT NULL,\n"
	"  action TEXT NOT NULL CHECK (action IN "
	"('rejected','flagged','repaired')));\n";

static const char *const tables[] = { "meta",
				      "runs",
				      "units",
				      "schools",
				      "school_years",
				      "population",
				      "applicants",
				      "catchments",
				      "results",
				      "import_issues",
				      "unit_sets",
				      "unit_kinds",
				      "crosswalk",
				      "road_networks",
				      "road_nodes",
				      "road_edges",
				      NULL };

int sg_schema__is_table(const char *table)
{
	for (int i = 0; tables[i]; i++)
		if (strcmp(tables[i], table) == 0)
			return 1;
	return 0;
}

/* Migrations from version i+1 to i+2, in order; the last one gives
 * SG_STORE_SCHEMA_VERSION. */
static const char *const migrations[] = {
	/* 1 -> 2: catchment figures as columns. */
	"ALTER TABLE catchments ADD COLUMN area_km2 REAL;\n"
	"ALTER TABLE catchments ADD COLUMN population REAL;\n"
	"ALTER TABLE catchments ADD COLUMN seats REAL;\n"
	"ALTER TABLE catchments ADD COLUMN schools TEXT;\n"
	"UPDATE catchments SET "
	"area_km2 = (SELECT value FROM results r WHERE r.run_id = "
	"catchments.run_id AND r.subject = 'catchment:' || catchments.id AND "
	"r.key = 'area_km2'), "
	"population = (SELECT value FROM results r WHERE r.run_id = "
	"catchments.run_id AND r.subject = 'catchment:' || catchments.id AND "
	"r.key = 'population'), "
	"seats = (SELECT value FROM results r WHERE r.run_id = "
	"catchments.run_id AND r.subject = 'catchment:' || catchments.id AND "
	"r.key = 'seats'), "
	"schools = (SELECT value FROM results r WHERE r.run_id = "
	"catchments.run_id AND r.subject = 'catchment:' || catchments.id AND "
	"r.key = 'schools');\n"
	"DELETE FROM results WHERE subject LIKE 'catchment:%';\n",

	/* 2 -> 3: administrative sets (the 2025 reform).  Units belong to
	 * a set named by its start date; codes are unique within a set;
	 * `kind` stays the tier (ward, district, city) every query uses,
	 * `kind_code` the official kind from unit_kinds.  SQLite cannot
	 * drop the old UNIQUE (code), so units is rebuilt: its geometry
	 * column is discarded and recovered around the copy (foreign keys
	 * are off meanwhile, see sg_schema__check).  Existing units go to
	 * the set "default", in force from the start of time.  The step
	 * can run again on its own result (IF NOT EXISTS), as when a test
	 * takes a store back to an older version by hand. */
	"CREATE TABLE IF NOT EXISTS unit_sets (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  start_date TEXT NOT NULL,\n" /* YYYY-MM-DD */
	"  run_id INTEGER);\n"
	"INSERT OR IGNORE INTO unit_sets (id, name, start_date) "
	"VALUES (1, 'default', '0001-01-01');\n"
	"CREATE TABLE IF NOT EXISTS unit_kinds (\n"
	"  code TEXT PRIMARY KEY,\n"
	"  tier TEXT NOT NULL CHECK (tier IN ('ward','district','city')),\n"
	"  name_vi TEXT NOT NULL,\n"
	"  name_en TEXT NOT NULL);\n"
	"INSERT OR IGNORE INTO unit_kinds VALUES "
	"('tinh','city','Tỉnh','Province'),"
	"('tp_tw','city','Thành phố trực thuộc trung ương',"
	"'Centrally governed city'),"
	"('quan','district','Quận','Urban district'),"
	"('huyen','district','Huyện','Rural district'),"
	"('thi_xa','district','Thị xã','District-level town'),"
	"('tp_tinh','district','Thành phố thuộc tỉnh','Provincial city'),"
	"('xa','ward','Xã','Commune'),"
	"('phuong','ward','Phường','Ward'),"
	"('thi_tran','ward','Thị trấn','Township'),"
	"('dac_khu','ward','Đặc khu','Special zone');\n"
	"SELECT DisableSpatialIndex('units','geom');\n"
	"DROP TABLE IF EXISTS idx_units_geom;\n"
	"SELECT DiscardGeometryColumn('units','geom');\n"
	"CREATE TABLE units_v3 (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  set_id INTEGER NOT NULL DEFAULT 1 REFERENCES unit_sets(id),\n"
	"  code TEXT NOT NULL,\n"
	"  name TEXT,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('ward','district','city')),\n"
	"  kind_code TEXT REFERENCES unit_kinds(code),\n"
	"  parent_id INTEGER REFERENCES units(id),\n"
	"  run_id INTEGER,\n"
	"  geom BLOB,\n"
	"  UNIQUE (set_id, code));\n"
	"INSERT INTO units_v3 (id, set_id, code, name, kind, parent_id, "
	"run_id, geom) SELECT id, 1, code, name, kind, parent_id, run_id, "
	"geom FROM units;\n"
	"DROP TABLE units;\n"
	"ALTER TABLE units_v3 RENAME TO units;\n"
	"SELECT RecoverGeometryColumn('units','geom',4326,'MULTIPOLYGON',"
	"'XY');\n"
	"SELECT CreateSpatialIndex('units','geom');\n"
	"CREATE INDEX units_parent ON units(parent_id);\n"
	"CREATE INDEX IF NOT EXISTS units_code ON units(code);\n"
	"UPDATE units SET kind_code = CASE "
	"WHEN name LIKE 'Phường %' THEN 'phuong' "
	"WHEN name LIKE 'Xã %' THEN 'xa' "
	"WHEN name LIKE 'Thị trấn %' THEN 'thi_tran' "
	"WHEN name LIKE 'Đặc khu %' THEN 'dac_khu' "
	"WHEN name LIKE 'Quận %' THEN 'quan' "
	"WHEN name LIKE 'Huyện %' THEN 'huyen' "
	"WHEN name LIKE 'Thị xã %' THEN 'thi_xa' "
	"WHEN name LIKE 'Tỉnh %' THEN 'tinh' "
	"WHEN name LIKE 'Thành phố %' THEN CASE kind WHEN 'city' "
	"THEN 'tp_tw' ELSE 'tp_tinh' END END;\n"
	/* Old unit -> new unit with the share of the old unit's people
	 * (and area) that goes to the new one; a split has several rows
	 * of one old unit, flagged.  method: how the pair was found (code,
	 * name, geometry) and how a split was shared (area, population,
	 * equal, file). */
	"CREATE TABLE IF NOT EXISTS crosswalk (\n"
	"  from_unit_id INTEGER NOT NULL REFERENCES units(id),\n"
	"  to_unit_id INTEGER NOT NULL REFERENCES units(id),\n"
	"  share REAL NOT NULL CHECK (share >= 0 AND share <= 1),\n"
	"  matched_by TEXT NOT NULL,\n"
	"  shared_by TEXT NOT NULL,\n"
	"  split INTEGER NOT NULL DEFAULT 0,\n"
	"  note TEXT,\n"
	"  run_id INTEGER,\n"
	"  PRIMARY KEY (from_unit_id, to_unit_id));\n"
	"CREATE INDEX IF NOT EXISTS crosswalk_to ON crosswalk(to_unit_id);\n",

	/* 3 -> 4: road networks (layers/roads.c).  Nodes in lon/lat;
	 * lengths in metres; times in seconds each way, NULL where that
	 * way is closed; component 0 is the largest connected part. */
	"CREATE TABLE IF NOT EXISTS road_networks (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  profile TEXT NOT NULL CHECK (profile IN ('walking','motorbike')),\n"
	"  source TEXT NOT NULL,\n"
	"  stamp TEXT,\n"	 /* file checksum and options */
	"  crs TEXT NOT NULL,\n" /* where lengths were measured */
	"  nodes INTEGER NOT NULL,\n"
	"  edges INTEGER NOT NULL,\n"
	"  length_km REAL,\n"
	"  components INTEGER,\n"
	"  run_id INTEGER);\n"
	"CREATE TABLE IF NOT EXISTS road_nodes (\n"
	"  network_id INTEGER NOT NULL REFERENCES road_networks(id),\n"
	"  id INTEGER NOT NULL,\n"
	"  lon REAL NOT NULL,\n"
	"  lat REAL NOT NULL,\n"
	"  component INTEGER NOT NULL,\n"
	"  PRIMARY KEY (network_id, id)) WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS road_edges (\n"
	"  network_id INTEGER NOT NULL REFERENCES road_networks(id),\n"
	"  id INTEGER NOT NULL,\n"
	"  source INTEGER NOT NULL,\n"
	"  target INTEGER NOT NULL,\n"
	"  class TEXT,\n"
	"  length_m REAL NOT NULL,\n"
	"  time_fwd_s REAL,\n"
	"  time_bwd_s REAL,\n"
	"  PRIMARY KEY (network_id, id)) WITHOUT ROWID;\n",

	/* 4 -> 5: an import issue's reason as a stable code and its
	 * values (layers/reasons.h: code, args a JSON array of strings),
	 * which `validate` and the report write in their language; where a
	 * school's row lies (lon, lat), for the report of a unit.  Rows of
	 * older stores keep their English `reason` (code NULL), shown as
	 * it is.  The columns are added by issue_columns below (only those
	 * missing: a test may take a store back to an older version). */
	"SELECT 1;\n",
};
#define NMIGRATIONS (sizeof(migrations) / sizeof(*migrations))
_Static_assert(NMIGRATIONS + 1 == SG_STORE_SCHEMA_VERSION,
	       "one migration per schema version after the first");

/* Whether table has column col. */
static int has_column(sg_ctx *ctx, const char *table, const char *col)
{
	sqlite3_stmt *st;
	char sql[96];
	int found = 0;

	snprintf(sql, sizeof(sql), "PRAGMA table_info(%s)", table);
	if (sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	while (!found && sqlite3_step(st) == SQLITE_ROW)
		found = strcmp((const char *)sqlite3_column_text(st, 1), col) ==
			0;
	sqlite3_finalize(st);
	return found;
}

/* Version 5's columns of import_issues, those missing. */
static int issue_columns(sg_ctx *ctx)
{
	static const char *const cols[][2] = {
		{ "code", "TEXT" },
		{ "args", "TEXT" },
		{ "lon", "REAL" },
		{ "lat", "REAL" },
	};
	char sql[96];
	int rc = SG_OK;

	for (size_t i = 0; rc == SG_OK && i < sizeof(cols) / sizeof(*cols);
	     i++) {
		if (has_column(ctx, "import_issues", cols[i][0]))
			continue;
		snprintf(sql, sizeof(sql),
			 "ALTER TABLE import_issues ADD COLUMN %s %s",
			 cols[i][0], cols[i][1]);
		rc = sg_db__exec(ctx, "migrate", sql);
	}
	return rc;
}

/* Migration i (to version i + 2): its SQL, then its C step. */
static int run_migration(sg_ctx *ctx, const char *what, size_t i)
{
	int rc = sg_db__exec(ctx, what, migrations[i]);

	if (rc == SG_OK && i + 2 == 5)
		rc = issue_columns(ctx);
	return rc;
}

int sg_schema__create(sg_ctx *ctx)
{
	char sql[160];
	int rc;

	/* Only the WGS84-based reference systems: 4326 and the UTM zones
	 * are all the store's geometry columns use. */
	rc = sg_db__exec(ctx, "init", "SELECT InitSpatialMetaData(0, 'WGS84')");
	if (rc == SG_OK)
		rc = sg_db__exec(ctx, "init", schema_v1);
	for (size_t i = 0; i < NMIGRATIONS && rc == SG_OK; i++)
		rc = run_migration(ctx, "init", i);
	if (rc != SG_OK)
		return rc;
	snprintf(sql, sizeof(sql),
		 "INSERT INTO meta VALUES ('application','schoolgis'),"
		 "('schema_version','%d')",
		 SG_STORE_SCHEMA_VERSION);
	return sg_db__exec(ctx, "init", sql);
}

/* The store's schema version; -1 when it has none, -2 without meta. */
static int read_version(sg_ctx *ctx)
{
	sqlite3_stmt *st;
	int version = -1;

	if (sqlite3_prepare_v2(ctx->db,
			       "SELECT value FROM meta WHERE "
			       "key = 'schema_version'",
			       -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return version;
}

static int migrate(sg_ctx *ctx);

int sg_schema__check(sg_ctx *ctx)
{
	int version = read_version(ctx), rc;

	if (version == -2)
		return sg_error__set(ctx, SG_EINVALID,
				     "store: %s: not a schoolgis store "
				     "(no meta table)",
				     ctx->db_path);
	if (version < 1)
		return sg_error__set(ctx, SG_EINVALID,
				     "store: %s: not a schoolgis store "
				     "(no schema version)",
				     ctx->db_path);
	if (version > SG_STORE_SCHEMA_VERSION)
		return sg_error__set(ctx, SG_EVERSION,
				     "store: %s: schema version %d is newer "
				     "than this schoolgis (%d); upgrade "
				     "schoolgis",
				     ctx->db_path, version,
				     SG_STORE_SCHEMA_VERSION);
	if (version == SG_STORE_SCHEMA_VERSION)
		return SG_OK;
	/* A migration may rebuild a table that others reference (units,
	 * version 3): SQLite's recipe turns foreign keys off around it,
	 * outside the transaction, where the pragma takes effect. */
	if ((rc = sg_db__exec(ctx, "migrate", "PRAGMA foreign_keys = OFF")) !=
	    SG_OK)
		return rc;
	rc = migrate(ctx);
	if (sg_db__exec(ctx, "migrate", "PRAGMA foreign_keys = ON") != SG_OK &&
	    rc == SG_OK)
		rc = SG_ESQLITE;
	return rc;
}

/* Run the migrations from the store's version, in one transaction. */
static int migrate(sg_ctx *ctx)
{
	char sql[96];
	int version, rc;

	if ((rc = sg_db__begin(ctx)) != SG_OK)
		return rc;
	/* Another process may have migrated it meanwhile. */
	version = read_version(ctx);
	for (; version >= 1 && version < SG_STORE_SCHEMA_VERSION; version++) {
		rc = run_migration(ctx, "migrate", (size_t)version - 1);
		if (rc != SG_OK)
			goto fail;
	}
	snprintf(sql, sizeof(sql),
		 "UPDATE meta SET value = '%d' WHERE key = 'schema_version'",
		 SG_STORE_SCHEMA_VERSION);
	if ((rc = sg_db__exec(ctx, "migrate", sql)) != SG_OK)
		goto fail;
	return sg_db__commit(ctx);
fail:
	sg_db__rollback(ctx);
	return rc;
}
