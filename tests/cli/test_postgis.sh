#!/usr/bin/env bash
#
# tests/cli/test_postgis.sh - `schoolgis export ... -o PG:...` and
# `schoolgis import ... PG:... --layer TABLE` against a real PostGIS.
#
# Usage: test_postgis.sh PATH/TO/schoolgis PATH/TO/sg-gensample
#
# Starts a throwaway PostgreSQL 15 + PostGIS cluster on 127.0.0.1 in a
# temporary directory (as the postgres user when run as root; stopped in
# the EXIT trap), generates the sample district with sg-gensample, loads
# it into a store and runs catchments, exports units, schools,
# catchments, population and school_years to PostGIS, and checks there
# with psql: counts, total areas in UTM 48N, attribute sums and types
# equal the store's, EPSG:4326 geometry with a GiST index; that failed
# exports (table exists without --overwrite; a PostgreSQL error after the
# rows were copied; the process killed -9 inside its transaction) leave
# the database as it was; then imports the tables back into a fresh
# store and compares it with the original, and checks that rows rejected
# from a table name the table and its feature id, and that a password in
# the connection string reaches no output and not the store.
#
# Prints TAP lines, "1..N" and "N passed, M failed"; exits 1 when a check
# failed, 2 on a set-up problem, 77 (skipped) when PostgreSQL 15 or
# PostGIS is not installed and CI is not "true" (with CI=true it installs
# postgresql, postgresql-15-postgis-3 and postgresql-client with apt-get).
#
# Needs: bash, sqlite3 (+ mod_spatialite for the area checks), coreutils.
# Environment: PGBIN (default /usr/lib/postgresql/15/bin).
#
set -u
. "$(dirname "$0")/tap.sh"

tap_args "$@"
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
export LC_ALL=C.UTF-8 2>/dev/null || true

#---- PostgreSQL + PostGIS, installed when CI asks ------------------------

have_pg() {
    [ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] &&
        [ -e /usr/share/postgresql/15/extension/postgis.control ] &&
        command -v psql >/dev/null 2>&1
}
if ! have_pg; then
    if [ "${CI:-}" != true ]; then
        echo "1..0 # SKIP PostgreSQL 15 + PostGIS not installed (scripts/deps.sh installs them; CI=true installs them here)"
        exit 77
    fi
    sudo=
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    echo "# installing postgresql postgresql-15-postgis-3 postgresql-client" >&2
    $sudo apt-get update -q >/dev/null &&
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
            --no-install-recommends postgresql postgresql-15-postgis-3 \
            postgresql-client >/dev/null ||
        { echo "$0: cannot install PostgreSQL/PostGIS" >&2; exit 2; }
    have_pg || { echo "$0: PostgreSQL 15 + PostGIS still missing" >&2; exit 2; }
fi
tap_need sqlite3 psql

T=$(mktemp -d "${TMPDIR:-/tmp}/sg-pgtest.XXXXXX") || exit 2
PGDIR=$T/pg
mkdir -p "$PGDIR" "$T/cwd"
ASUSER=()
if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses root: the server runs as postgres.
    id postgres >/dev/null 2>&1 || { echo "$0: no postgres user" >&2; exit 2; }
    chmod 755 "$T"
    chown postgres "$PGDIR"
    ASUSER=(runuser -u postgres --)
fi
BGPID=
cleanup() {
    if [ -n "$BGPID" ] && kill -0 "$BGPID" 2>/dev/null; then
        kill -9 "$BGPID" 2>/dev/null
        wait "$BGPID" 2>/dev/null
    fi
    if [ -f "$PGDIR/data/postmaster.pid" ]; then
        "${ASUSER[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w \
            stop >/dev/null 2>&1
    fi
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${ASUSER[@]}" "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres \
    -E UTF8 --no-sync >"$T/initdb.log" 2>&1 ||
    { echo "$0: initdb failed: $(tail -n 3 "$T/initdb.log")" >&2; exit 2; }
# A free port: a few random tries (other test runs may hold some).
PORT=
for _ in 1 2 3 4 5 6 7 8; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
    # client_connection_check_interval: a killed client's backend
    # notices within 0.2 s, even in the middle of a statement.
    if "${ASUSER[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
        -t 30 start -o "-k $PGDIR -c listen_addresses=127.0.0.1 -p $p -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c client_connection_check_interval=200" \
        >/dev/null 2>&1; then
        PORT=$p
        break
    fi
done
[ -n "$PORT" ] ||
    { echo "$0: PostgreSQL did not start: $(tail -n 3 "$PGDIR/log")" >&2; exit 2; }

CONN="host=127.0.0.1 port=$PORT user=postgres dbname=sgtest"
# The server trusts local connections and ignores the password; it is
# here to check that it never reaches an output or the store.
SECRET=sgsecret-7Qx
PG="PG:$CONN password=$SECRET"
psqlq() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
pq() { psqlq -d "$CONN" -c "$1" 2>>"$T/.psql.err"; }
psqlq -d "host=127.0.0.1 port=$PORT user=postgres dbname=postgres" \
    -c "CREATE DATABASE sgtest" >/dev/null 2>&1 &&
    psqlq -d "$CONN" -c "CREATE EXTENSION postgis" >/dev/null 2>&1 ||
    { echo "$0: CREATE EXTENSION postgis failed" >&2; exit 2; }

# Failures on demand, only for connections started with
# PGOPTIONS="-c sgtest.mode=fail|sleep": every table created gets an
# AFTER INSERT statement trigger, which fires once the export's COPY has
# put all rows in, inside its transaction; it raises an error or sleeps
# (the test kills the export meanwhile).
psqlq -d "$CONN" >/dev/null 2>"$T/.psql.err" <<'SQL' ||
CREATE FUNCTION sgtest_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('sgtest.mode', true) = 'sleep' THEN
        PERFORM pg_sleep(60);
    ELSIF current_setting('sgtest.mode', true) = 'fail' THEN
        RAISE EXCEPTION 'sgtest: failing after the rows were copied';
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION sgtest_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
    IF coalesce(current_setting('sgtest.mode', true), '') = '' THEN
        RETURN;
    END IF;
    FOR r IN SELECT * FROM pg_event_trigger_ddl_commands()
             WHERE command_tag = 'CREATE TABLE' LOOP
        EXECUTE format('CREATE TRIGGER sgtest_rows AFTER INSERT ON %s '
                       'FOR EACH STATEMENT EXECUTE FUNCTION sgtest_rows()',
                       r.object_identity);
    END LOOP;
END $$;
CREATE EVENT TRIGGER sgtest_ddl ON ddl_command_end
    WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION sgtest_ddl();
CREATE SCHEMA edu;
SQL
    { echo "$0: test triggers: $(cat "$T/.psql.err")" >&2; exit 2; }

#---- TAP helpers: tap.sh, and this test's own sg and close --------------

tap_init
ALLOUT="$T/.all"      # every output of schoolgis, for the password check
: >"$ALLOUT"

# sg ARGS...: run schoolgis; exit code in RC, stdout in $OUT, stderr in
# $ERR; both kept in $ALLOUT too.
sg() {
    "$SG" "$@" >"$OUT" 2>"$ERR"
    RC=$?
    cat "$OUT" "$ERR" >>"$ALLOUT"
}

# close A B RELTOL: |A - B| <= RELTOL * max(|A|, |B|, 1), an empty A or B
# failing quietly (tap.sh's close is relative to |B| only).
close() {
    awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN {
        if (a == "" || b == "") exit 1
        d = a - b; if (d < 0) d = -d
        m = a < 0 ? -a : a; n = b < 0 ? -b : b; if (n > m) m = n
        if (m < 1) m = 1
        exit !(d <= t * m) }' && return 0
    DIAG="expected $2, got $1 (relative tolerance $3)"
    return 1
}
err_has() { grep -q -F -- "$1" "$ERR"; }

# The database as a string: its relations and the content of `units`.
snapshot() {
    pq "SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ',' ORDER BY n.nspname, c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('public', 'edu')"
    pq "SELECT count(*) || ' ' || md5(string_agg(u::text, '|' ORDER BY fid)) FROM units u"
}

#---- The store --------------------------------------------------------------

cd "$T" || exit 2
"$GEN" --quiet sample >"$T/gen.log" 2>&1 ||
    { echo "$0: sg-gensample failed: $(tail -n 3 "$T/gen.log")" >&2; exit 2; }
DB=$T/store.sqlite
export SCHOOLGIS_DB=$DB
{
    "$SG" init -q &&
    "$SG" import units sample/district.geojson --kind district -q &&
    "$SG" import units sample/communes.geojson -q \
        --population-field "Dân số 2019" --year 2019 &&
    "$SG" import population sample/population.csv -q &&
    "$SG" import schools sample/schools.csv -q &&
    "$SG" catchments --level primary --method voronoi -q
} >"$T/setup.log" 2>&1 ||
    { echo "$0: setting up the store failed: $(tail -n 3 "$T/setup.log")" >&2; exit 2; }

#---- 1. Export ------------------------------------------------------------

for layer in units schools catchments population school_years; do
    sg export "$layer" -o "$PG"
    ok "export $layer -o PG:... exits 0 and names the table" \
        eval "rc_is 0 && err_has 'written to PostGIS table $layer'"
done
sg export schools -o "$PG" --table edu.schools_copy --json
ok "--table edu.schools_copy writes into schema edu; JSON names the table" \
    eval 'rc_is 0 && grep -q "\"table\": \"edu.schools_copy\"" "$OUT" && [ "$(pq "SELECT count(*) FROM edu.schools_copy")" = 112 ]'
sg export units -o sample/units.gpkg --table x
ok "--table with a file output is a usage error (exit 2)" rc_is 2
sg export units -o "$PG" --table "Bad-Name" --overwrite
ok "a table name that needs quoting is refused (exit 5)" \
    eval 'rc_is 5 && err_has "not a table name"'

#---- 2. What PostGIS holds ----------------------------------------------

for t in units schools catchments population school_years; do
    ok "$t: PostGIS has the store's row count" \
        eq "$(pq "SELECT count(*) FROM $t")" "$(q "$DB" "SELECT count(*) FROM $t")"
done
for t in units:MULTIPOLYGON schools:POINT catchments:MULTIPOLYGON; do
    ok "${t%%:*}: geometry column geom, ${t#*:}, EPSG:4326, with a GiST index" \
        eq "$(pq "SELECT g.type || ' ' || g.srid || ' ' || (SELECT count(*) FROM pg_indexes i WHERE i.tablename = g.f_table_name AND i.indexdef LIKE '%USING gist (geom)%') FROM geometry_columns g WHERE g.f_table_name = '${t%%:*}' AND g.f_geometry_column = 'geom'")" \
        "${t#*:} 4326 1"
done
ok "attributes typed as in the GeoPackage export (text, integer, double)" \
    eq "$(pq "SELECT string_agg(table_name || '.' || column_name || ' ' || data_type, ', ' ORDER BY table_name, column_name) FROM information_schema.columns WHERE table_schema = 'public' AND table_name IN ('units', 'schools', 'catchments') AND column_name IN ('code', 'population', 'bandwidth_mbps', 'area_km2', 'students')")" \
    "catchments.area_km2 double precision, catchments.population double precision, schools.bandwidth_mbps double precision, schools.code character varying, schools.students integer, units.code character varying, units.population integer"
ok "units: primary key fid" \
    eq "$(pq "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = 'units'::regclass AND i.indisprimary")" fid

# Sums against the store, as the export's queries define them.
LATEST="y.year = (SELECT max(year) FROM school_years WHERE school_id = y.school_id)"
ok "units: total population (latest 0-120 band per unit) equals the store's" \
    eq "$(pq "SELECT sum(population) FROM units")" \
    "$(q "$DB" "SELECT sum((SELECT count FROM population WHERE unit_id = u.id AND age_from = 0 AND age_to = 120 ORDER BY year DESC LIMIT 1)) FROM units u")"
ok "schools: students, teaching computers and bandwidth sums equal the store's" \
    eq "$(pq "SELECT sum(students) || ' ' || sum(computers_teaching) || ' ' || round(sum(bandwidth_mbps)::numeric, 3) FROM schools")" \
    "$(q "$DB" "SELECT sum(students) || ' ' || sum(computers_teaching) || ' ' || printf('%.3f', sum(bandwidth_mbps)) FROM school_years y WHERE $LATEST")"
ok "population: the sum of counts equals the store's" \
    eq "$(pq "SELECT sum(count) FROM population")" "$(q "$DB" "SELECT sum(count) FROM population")"
for k in population area_km2; do
    ok "catchments: the sum of $k equals the store's (1e-12)" \
        close "$(pq "SELECT sum($k) FROM catchments")" \
        "$(q "$DB" "SELECT printf('%.17g', sum($k)) FROM catchments")" 1e-12
done
if [ "$HAVE_SPATIALITE" = 1 ]; then
    for t in units catchments; do
        ok "$t: total area in UTM 48N equals the store's (1e-9)" \
            close "$(pq "SELECT sum(ST_Area(ST_Transform(geom, 32648))) FROM $t")" \
            "$(qs "$DB" "SELECT sum(ST_Area(ST_Transform(geom, 32648))) FROM $t")" 1e-9
    done
    for t in units schools; do
        pq "SELECT code || ' ' || upper(encode(ST_AsBinary(geom), 'hex')) FROM $t ORDER BY code" >"$T/pg.$t.wkb"
        qs "$DB" "SELECT code || ' ' || hex(AsBinary(geom)) FROM $t ORDER BY code" >"$T/sl.$t.wkb"
        ok "$t: every geometry is the store's, byte for byte (WKB)" \
            eval '[ -s "$T/sl.$t.wkb" ] && same_file "$T/pg.$t.wkb" "$T/sl.$t.wkb"'
    done
else
    skip "mod_spatialite does not load: no area comparison"
fi
ok "catchments: the areas tile the study area (ST_Area geography vs the wards')" \
    close "$(pq "SELECT sum(ST_Area(geom::geography)) FROM catchments")" \
    "$(pq "SELECT sum(ST_Area(geom::geography)) FROM units WHERE kind = 'ward'")" 1e-6

#---- 3. Failed exports leave the database as it was ------------------------

before=$(snapshot)
ok "the snapshot of the database lists its relations and the rows of units" \
    eval 'case $before in *public.units:r*public.units_geom_geom_idx:i*"22 "*) true ;; *) DIAG=$before; false ;; esac'
sg export units -o "$PG"
ok "export into an existing table without --overwrite exits 5 and says so" \
    eval 'rc_is 5 && err_has "table '"'units'"' exists" && err_has "use --force"'
ok "... and the database is as it was" eq "$(snapshot)" "$before"

PGOPTIONS="-c sgtest.mode=fail" sg export catchments -o "$PG" --table units --overwrite
ok "a PostgreSQL error after the rows were copied fails the export (exit 1) with its message" \
    eval 'rc_is 1 && err_has "sgtest: failing after the rows were copied"'
ok "... and units is as it was (the old table was dropped inside the transaction)" \
    eq "$(snapshot)" "$before"

# A schema named after the user comes first in the default search path
# ("$user", public): an unqualified export goes there, as OGR creates it,
# and --overwrite must not drop public.units, which the path also finds.
pq "CREATE SCHEMA postgres" >/dev/null
sg export units -o "$PG" --overwrite
ok "with a schema named after the user, --overwrite writes postgres.units" \
    eval 'rc_is 0 && [ "$(pq "SELECT count(*) FROM postgres.units")" = "$(q "$DB" "SELECT count(*) FROM units")" ]'
pq "DROP SCHEMA postgres CASCADE" >/dev/null
ok "... and public.units is as it was" eq "$(snapshot)" "$before"

pq "CREATE VIEW units_wards AS SELECT * FROM units WHERE kind = 'ward'"
before_view=$(snapshot)
sg export units -o "$PG" --overwrite
ok "--overwrite of a table a view depends on fails (exit 1) with PostgreSQL's reason" \
    eval 'rc_is 1 && err_has "depend"'
ok "... and the table and its view are as they were" eq "$(snapshot)" "$before_view"
pq "DROP VIEW units_wards"

PGOPTIONS="-c sgtest.mode=sleep" "$SG" export catchments -o "$PG" \
    --table units --overwrite >"$T/kill.out" 2>&1 &
BGPID=$!
held=
for _ in $(seq 1 150); do
    held=$(pq "SELECT count(*) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid WHERE a.wait_event = 'PgSleep' AND l.relation = 'units'::regclass AND l.mode = 'AccessExclusiveLock' AND l.granted")
    [ "$held" = 1 ] && break
    sleep 0.1
done
ok "an export with --overwrite holds the old table dropped, its rows copied, uncommitted" \
    eq "$held" 1
kill -9 "$BGPID" 2>/dev/null
wait "$BGPID" 2>/dev/null
BGPID=
cat "$T/kill.out" >>"$ALLOUT"
gone=
for _ in $(seq 1 100); do
    gone=$(pq "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'")
    [ "$gone" = 0 ] && break
    sleep 0.1
done
ok "killed -9: the server rolls its transaction back" eq "$gone" 0
ok "... and the database is as it was" eq "$(snapshot)" "$before"

sg export catchments -o "$PG" --table units --force
ok "--force replaces a table too (catchments into units)" \
    eval 'rc_is 0 && [ "$(pq "SELECT count(*) FROM units")" = "$(q "$DB" "SELECT count(*) FROM catchments")" ]'
sg export units -o "$PG" --overwrite
ok "--overwrite puts units back, with its index" \
    eval 'rc_is 0 && [ "$(pq "SELECT count(*) FROM units")" = 22 ] && [ "$(pq "SELECT count(*) FROM pg_indexes WHERE tablename = '"'units'"' AND indexdef LIKE '"'%gist%'"'")" = 1 ]'

#---- 4. Import back ---------------------------------------------------------

DB2=$T/back.sqlite
sg init --db "$DB2" -q
for k in units population schools; do
    sg import "$k" "$PG" --layer "$k" --db "$DB2" --json
    ok "import $k PG:... --layer $k exits 0 with nothing rejected" \
        eval 'rc_is 0 && grep -q "\"rejected\": 0," "$OUT" && grep -q "\"rejects\": null" "$OUT"'
done
ok "the summary names the table, not the password" \
    grep -q "\"file\": \"PG:host=127.0.0.1 port=$PORT user=postgres dbname=sgtest tables=schools\"" "$OUT"

# dump DB KIND FILE: the store's content of one kind, ids left out.
dump() {
    case $2 in
    units) q "$1" "SELECT u.code, u.name, u.kind, p.code, hex(u.geom) FROM units u LEFT JOIN units p ON p.id = u.parent_id ORDER BY u.code" ;;
    schools) q "$1" "SELECT s.code, s.name, s.levels, s.ownership, s.address, u.code, hex(s.geom) FROM schools s LEFT JOIN units u ON u.id = s.unit_id ORDER BY s.code" ;;
    school_years) q "$1" "SELECT s.code, y.year, y.students, y.students_preschool, y.students_primary, y.students_lower_secondary, y.students_upper_secondary, y.classes, y.seats_entry_grade, y.computers_teaching, y.computers_management, y.printers, y.webcams, y.fibre, y.bandwidth_mbps, y.lan, y.wifi, y.website, y.e_gradebook, y.e_contact_book, y.teachers, y.teachers_it_standard FROM school_years y JOIN schools s ON s.id = y.school_id ORDER BY 1, 2" ;;
    population) q "$1" "SELECT u.code, p.year, p.age_from, p.age_to, p.count FROM population p JOIN units u ON u.id = p.unit_id ORDER BY 1, 2, 3, 4" ;;
    esac >"$3"
}
for k in units schools school_years population; do
    dump "$DB" "$k" "$T/a.$k"
    dump "$DB2" "$k" "$T/b.$k"
    ok "imported back, $k equal the original store's ($(wc -l <"$T/a.$k") rows; ids aside)" \
        eval '[ -s "$T/a.$k" ] && same_file "$T/a.$k" "$T/b.$k"'
done

sg import schools "$PG" --db "$DB2"
ok "a database of several tables needs --layer (exit 5, listing them)" \
    eval 'rc_is 5 && err_has "name the table as the layer" && err_has "schools"'
sg import schools "$PG" --layer nope --db "$DB2"
ok "a missing table exits 4 and is named" \
    eval 'rc_is 4 && err_has "no table '"'nope'"'"'

#---- 5. Rejects from a table ---------------------------------------------

# Feature ids with a gap, so that the 40th row read has fid 50.
pq "CREATE TABLE schools_bad (LIKE schools INCLUDING ALL); INSERT INTO schools_bad SELECT * FROM schools WHERE fid > 10 ORDER BY fid; UPDATE schools_bad SET students = -5 WHERE fid = 50" >/dev/null
badfid=$(pq "SELECT fid FROM schools_bad WHERE students = -5")
badcode=$(pq "SELECT code FROM schools_bad WHERE students = -5")
cd "$T/cwd" || exit 2
sg import schools "$PG" --layer schools_bad --db "$DB2"
cd "$T" || exit 2
REJ=$T/cwd/schools_bad.rejects.csv
ok "a negative count in a table: exit 3, schools_bad.rejects.csv in the current directory" \
    eval 'rc_is 3 && [ -s "$REJ" ] && err_has "problems listed in schools_bad.rejects.csv"'
ok "the rejects CSV names the table and the row's feature id ($badfid, $badcode)" \
    grep -q -F "PG:host=127.0.0.1 port=$PORT user=postgres dbname=sgtest tables=schools_bad,$badfid,students,-5,negative count,rejected" "$REJ"
sg validate --db "$DB2"
ok "validate reports it as 'tables=schools_bad fid $badfid'" \
    grep -q -F "tables=schools_bad fid $badfid, students = '-5'" "$OUT"
ok "the rejected row changed nothing in the store ($badcode's students)" \
    eq "$(q "$DB2" "SELECT y.students FROM school_years y JOIN schools s ON s.id = y.school_id WHERE s.code = '$badcode'")" \
    "$(q "$DB" "SELECT y.students FROM school_years y JOIN schools s ON s.id = y.school_id WHERE s.code = '$badcode'")"

# Codes in integer and real columns, as an office's table holds them: the
# digits, stored as text, no ".0"; importing again adds nothing.
pq "CREATE TABLE num_codes (fid serial PRIMARY KEY, \"Mã trường\" bigint, \"Tên trường\" text, \"Cấp học\" text, geom geometry(Point, 4326)); INSERT INTO num_codes (\"Mã trường\", \"Tên trường\", \"Cấp học\", geom) VALUES (79000701, 'Trường Tiểu học A', 'Tiểu học', ST_SetSRID(ST_MakePoint(106.49, 11.08), 4326)), (7900070312, 'Trường THPT B', 'THPT', ST_SetSRID(ST_MakePoint(106.5, 10.97), 4326)); CREATE TABLE num_codes_real (fid serial PRIMARY KEY, \"Mã trường\" double precision, \"Cấp học\" text, geom geometry(Point, 4326)); INSERT INTO num_codes_real (\"Mã trường\", \"Cấp học\", geom) VALUES (79000702, 'THCS', ST_SetSRID(ST_MakePoint(106.55, 11.01), 4326))" >/dev/null
DB3=$T/num.sqlite
sg init --db "$DB3" -q
sg import schools "$PG" --layer num_codes --year 2023-2024 --db "$DB3" -q
sg import schools "$PG" --layer num_codes_real --year 2023-2024 --db "$DB3" -q
sg import schools "$PG" --layer num_codes --year 2023-2024 --db "$DB3" -q
ok "codes from bigint and double precision columns are their digits, as text, once each" \
    eq "$(q "$DB3" "SELECT group_concat(code || ':' || typeof(code), ' ') FROM (SELECT code FROM schools ORDER BY code)")" \
    "79000701:text 79000702:text 7900070312:text"

#---- 6. The password stays out -------------------------------------------

# Candidate sites read from PostGIS (the exported schools).
sg suggest-sites --level primary --count 2 --candidates "$PG tables=schools" --json
ok "suggest-sites --candidates PG:... reads the table and names it without the password" \
    eval 'rc_is 0 && [ "$(q "$DB" "SELECT json_extract(parameters, '"'\$.candidates'"') LIKE '"'PG:%tables=schools'"' FROM runs WHERE command = '"'suggest-sites'"' ORDER BY id DESC LIMIT 1")" = 1 ]'

ok "no output of schoolgis shows the password" eval '! grep -q -F "$SECRET" "$ALLOUT"'
ok "the stores do not hold it (runs, import_issues)" \
    eval '! grep -a -q -F "$SECRET" "$DB" "$DB2" "$REJ"'
ok "... but they name each table imported" \
    eq "$(q "$DB2" "SELECT count(DISTINCT json_extract(parameters, '\$.file')) FROM runs WHERE json_extract(parameters, '\$.file') LIKE 'PG:%tables=%'")" 4

#---- Summary --------------------------------------------------------------

tap_done
