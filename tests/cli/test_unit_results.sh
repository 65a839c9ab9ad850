#!/usr/bin/env bash
# A district's report from a city store shows the district's own
# admissions rows and data-quality findings, and the stored admission and
# catchment runs read back as typed results (sg_admit_run_read,
# sg_catchment_run_read: tests/results/runs_check.c) equal the stored
# tables read here by SQL, figure for figure.  A generated city of three
# districts (sg-gensample --city, 2 s to import).
# Usage: test_unit_results.sh SCHOOLGIS SG_GENSAMPLE RUNS_CHECK
set -u
. "$(dirname "$0")/tap.sh"
check_bin=$(readlink -f "$3")
tap_args "$1" "$2"
tap_need python3 sqlite3
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2
unset SCHOOLGIS_STANDARDS
export LC_ALL=C.UTF-8 PYTHONIOENCODING=utf-8
export SCHOOLGIS_DB=$T/city.sqlite
tap_init
q() { sqlite3 "$SCHOOLGIS_DB" "$1"; }

"$GEN" --city --districts 3 --wards 12 --schools 120 --applicants 1500 \
	--quiet "$T/in" || exit 2
"$SG" init -q &&
	"$SG" import units in/provinces.geojson -q &&
	"$SG" import units in/districts.geojson -q &&
	"$SG" import units in/wards.geojson --population-field "Dân số 2019" \
		--year 2019 -q &&
	"$SG" import population in/population.csv -q &&
	"$SG" import schools in/schools.csv -q &&
	"$SG" import applicants in/applicants_g1.csv -q &&
	"$SG" admit --grade 1 -o "$T/adm" -q &&
	"$SG" catchments --level primary --method voronoi -q || exit 2
# District D: the one with the most primary schools.
D=$(q "SELECT d.code FROM schools s JOIN units w ON w.id = s.unit_id
	JOIN units d ON d.id = w.parent_id WHERE s.levels LIKE '%primary%'
	GROUP BY d.code ORDER BY count(*) DESC, d.code LIMIT 1")
# The schools of district D and of the others, by SQL on the hierarchy.
in_d="SELECT s.code FROM schools s JOIN units w ON w.id = s.unit_id
	JOIN units d ON d.id = w.parent_id WHERE d.code = '$D'"
# A finding in district D and one in another district (more IT-trained
# teachers than teachers: check figures_it_teachers).
mine=$(q "$in_d ORDER BY s.code LIMIT 1")
other=$(q "SELECT s.code FROM schools s JOIN units w ON w.id = s.unit_id
	JOIN units d ON d.id = w.parent_id WHERE d.code <> '$D'
	ORDER BY s.code LIMIT 1")
q "UPDATE school_years SET teachers_it_standard = teachers + 3 WHERE
	school_id IN (SELECT id FROM schools WHERE code IN ('$mine', '$other'))"
mkdir -p r
"$SG" report --unit $D --lang en -o r/report.html -q || exit 2

#---- the data-quality annex ----------------------------------------------
"$SG" validate --json > all.json 2>/dev/null
check "the whole store's checks find both districts' schools" python3 -c "
import json, sys
s = json.dumps(json.load(open('all.json')))
sys.exit(not ('$mine' in s and '$other' in s))"
q "$in_d" > d_schools.txt
q "SELECT w.code FROM units w JOIN units d ON d.id = w.parent_id
	WHERE d.code = '$D' UNION SELECT '$D'" > d_units.txt
python3 - "$mine" > annex.txt <<'EOF' || exit 2
import re, sys
h = open('r/report.html', encoding='utf-8').read()
sec = h[h.index('Data quality'):]
sec = sec[:sec.index('</section>')]
for row in re.findall(r'<tr><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>', sec):
    print(row)
EOF
check "the annex lists district $D's finding ($mine)" grep -qx "$mine" annex.txt
check "the annex names no other district's school or unit" python3 -c "
import sys
ok = set(open('d_schools.txt').read().split()) | set(open('d_units.txt').read().split())
bad = [c for c in open('annex.txt').read().split() if c not in ok]
print('# outside:', bad[:5]); sys.exit(bool(bad))"

#---- the admissions rows --------------------------------------------------
run=$(q "SELECT max(id) FROM runs WHERE command = 'admit'")
python3 > report_adm.txt <<'EOF' || exit 2
import re
h = open('r/report.html', encoding='utf-8').read()
sec = h[h.index('Admissions to grade 1'):]
sec = sec[:sec.index('</tbody>')]
for code, seats, demand, placed in re.findall(
        r'<tr><td>([^<]*)</td><td class="n">([^<]*)</td><td class="n">'
        r'([^<]*)</td><td class="n">([^<]*)</td>', sec):
    print(code, *(v.replace(',', '') for v in (seats, demand, placed)))
EOF
q "SELECT substr(subject, 7), CAST(max(CASE key WHEN 'seats' THEN value END)
	AS INTEGER), CAST(max(CASE key WHEN 'demand' THEN value END) AS INTEGER),
	CAST(max(CASE key WHEN 'placed' THEN value END) AS INTEGER)
	FROM results WHERE run_id = $run AND subject LIKE 'admit:%'
	AND substr(subject, 7) IN ($in_d) GROUP BY subject ORDER BY subject" |
	tr '|' ' ' > sql_adm.txt
check "the report's admissions rows are district $D's (by SQL: $(wc -l < sql_adm.txt) schools)" \
	cmp -s report_adm.txt sql_adm.txt
check "the run admitted to schools of other districts too" test \
	"$(q "SELECT count(*) FROM results WHERE run_id = $run AND subject
	LIKE 'admit:%' AND key = 'placed'")" -gt "$(wc -l < sql_adm.txt)"

# The run's totals are the city's: shown in the city's report only.
mkdir -p rc
"$SG" report --unit 01 --lang en -o rc/report.html -q || exit 2
check "the district's report does not show the city run's totals" \
	bash -c "! grep -q 'applicants, .* placed, ' r/report.html"
check "the city's report shows them" \
	grep -q "$(q "SELECT printf('%,d', value) FROM results WHERE run_id = $run
		AND subject = 'summary' AND key = 'applicants'") applicants, " \
	rc/report.html

#---- typed results read back ----------------------------------------------
# admit: every school of the run, every figure, and the summary.
"$check_bin" "$SCHOOLGIS_DB" admit $run > typed_adm.csv || exit 2
fig() { echo "max(CASE key WHEN '$1' THEN value END)"; }
q "SELECT substr(subject, 7), $(fig seats), $(fig demand), $(fig placed),
	$(fig cutoff_total), $(fig cutoff_distance_m) FROM results WHERE
	run_id = $run AND subject LIKE 'admit:%' GROUP BY subject
	ORDER BY subject" > sql_typed_adm.txt
q "SELECT 'summary', $(fig applicants), $(fig placed), $(fig unplaced),
	$(fig at_first) FROM results WHERE run_id = $run AND
	subject = 'summary'" >> sql_typed_adm.txt
q "SELECT 'run', id, json_extract(parameters, '$.grade'),
	json_extract(parameters, '$.year'), '' FROM runs WHERE id = $run" \
	>> sql_typed_adm.txt
# Compare as numbers: same rows, same codes, every figure equal.
cat > same.py <<'EOF'
import sys
def rows(path, sep):
    return [l.rstrip('\n').split(sep) for l in open(path) if l.strip()]
a, b = rows(sys.argv[1], ','), rows(sys.argv[2], '|')
def num(v):
    try:
        return float(v)
    except ValueError:
        return v
bad = len(a) != len(b)
for x, y in zip(a, b):
    if len(x) != len(y) or any(num(u) != num(v) for u, v in zip(x, y)):
        bad = True
        print('# differs:', x, y)
        break
sys.exit(bad)
EOF
check "admit: the typed result equals the stored results ($(wc -l < typed_adm.csv) rows)" \
	python3 same.py typed_adm.csv sql_typed_adm.txt
check "admit: the typed result has schools and figures" \
	grep -Eq '^[^,]+,[0-9]+,[0-9]+,[0-9]+,' typed_adm.csv
# A deliberately wrong value fails the comparison.
sed '1s/^\([^,]*\),\([0-9]*\),/\1,\2.5,/' typed_adm.csv > wrong.csv
check "admit: a wrong figure fails the comparison" \
	bash -c "! python3 same.py wrong.csv sql_typed_adm.txt >/dev/null"
"$check_bin" "$SCHOOLGIS_DB" admit 1 >/dev/null 2>&1
check "admit: reading back a run of another command is an error" test $? = 1

# catchments: every catchment of the run.
crun=$(q "SELECT max(id) FROM runs WHERE command = 'catchments'")
"$check_bin" "$SCHOOLGIS_DB" catchments $crun > typed_c.csv || exit 2
q "SELECT s.code, c.level, c.area_km2, c.population, c.seats,
	CASE WHEN c.seats > 0 THEN 100.0 * c.population / c.seats END
	FROM catchments c JOIN schools s ON s.id = c.school_id
	WHERE c.run_id = $crun ORDER BY s.code" > sql_c.txt
q "SELECT 'run', $crun, 'primary', 'voronoi'" >> sql_c.txt
check "catchments: the typed result equals the catchments table ($(wc -l < typed_c.csv) rows)" \
	python3 same.py typed_c.csv sql_c.txt
check "catchments: one row per primary school catchment" test \
	"$(grep -c '^TH' typed_c.csv)" -gt 1
sed '1s/^\([^,]*,[^,]*\),\([0-9.]*\),/\1,9\2,/' typed_c.csv > wrong_c.csv
check "catchments: a wrong area fails the comparison" \
	bash -c "! python3 same.py wrong_c.csv sql_c.txt >/dev/null"
tap_done
