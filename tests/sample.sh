#!/usr/bin/env bash
# End to end on the sample register: the figures of the case in
# DESIGN.md, cross-checked against counts that xmllint takes straight from
# the XML (no SQL of ours involved), and a second import that changes
# nothing.
. "$(dirname "$0")/lib.sh"

db=$SCRATCH/sample.db
files=("$TOP"/data/register/*.xml)

begin "sample imports"
run --db "$db" init
expect_status 0
run --db "$db" import "${files[@]}"
expect_status 0
expect_err ""
[ "$(grep -c 'rows written$' "$SCRATCH/out")" = 6 ] || fail "$(cat "$SCRATCH/out")"
end

begin "the case: text"
run --db "$db" figures --country DE --from 2019-01 --to 2020-05
expect_status 0
expect_out "Key figures for DE, 2019-01-01 to 2020-05-31
  incidents                    75
  government bodies            53
  notified                     75
  replied                       7
    formalistic                 7
    substantive                 0
  unanswered                   68
  median days to reply         54"
end

begin "the case: JSON, and days for months"
run --db "$db" figures --country DE --from 2019-01-01 --to 2020-05-31 --format json
expect_status 0
expect_out '{"country": "DE", "from": "2019-01-01", "to": "2020-05-31", "incidents": 75, "government_bodies": 53, "notified": 75, "replied": 7, "formalistic": 7, "substantive": 0, "unanswered": 68, "median_days_to_reply": 54}'
end

# xpath EXPR: evaluates EXPR over every sample file and sums the numbers.
xpath() {
	local f total=0 n
	for f in "${files[@]}"; do
		n=$(xmllint --xpath "$1" "$f") || return 1
		total=$((total + ${n%.*}))
	done
	echo "$total"
}

# The incidents of CC in [FROM, TO], as an XPath predicate over dates
# turned into numbers (20190101).
in_period() {
	echo "//*[local-name()='incident'][@source-country='$1'][translate(@detected,'-','') >= ${2//-/}][translate(@detected,'-','') <= ${3//-/}]"
}

# json_field KEY: the value of KEY in the JSON in $SCRATCH/out.
json_field() {
	sed -n "s/.*\"$1\": \\([^,}]*\\).*/\\1/p" "$SCRATCH/out"
}

for p in "DE 2019-01-01 2020-05-31" "DE 2018-01-01 2018-12-31" \
    "NL 2019-01-01 2020-05-31" "FR 2019-03-01 2019-03-31" \
    "US 2018-01-01 2020-12-31" "CN 2020-01-01 2020-12-31"; do
	set -- $p
	begin "figures agree with xmllint: $p"
	sel=$(in_period "$1" "$2" "$3")
	incidents=$(xpath "count($sel)")
	notified=$(xpath "count($sel[*[local-name()='notification']])")
	replied=$(xpath "count($sel[.//*[local-name()='reply']])")
	substantive=$(xpath "count($sel[.//*[local-name()='reply'][@quality='substantive']])")
	run --db "$db" figures --country "$1" --from "$2" --to "$3" --format json
	expect_status 0
	[ "$(json_field incidents)" = "$incidents" ] || fail "incidents $(json_field incidents), xmllint $incidents"
	[ "$(json_field notified)" = "$notified" ] || fail "notified $(json_field notified), xmllint $notified"
	[ "$(json_field replied)" = "$replied" ] || fail "replied $(json_field replied), xmllint $replied"
	[ "$(json_field substantive)" = "$substantive" ] || fail "substantive $(json_field substantive), xmllint $substantive"
	[ "$(json_field unanswered)" = $((notified - replied)) ] || fail "unanswered $(json_field unanswered)"
	[ "$(json_field formalistic)" = $((replied - substantive)) ] || fail "formalistic $(json_field formalistic)"
	[ "$incidents" -gt 0 ] || fail "xmllint found no incidents: the check proves nothing"
	end
done

begin "government bodies agree with xmllint"
# Distinct targets of the period, then those flagged government="yes".
targets=$(for f in "${files[@]}"; do
	xmllint --xpath "$(in_period DE 2019-01-01 2020-05-31)/@target" "$f" 2>/dev/null
done | tr ' ' '\n' | sed -n 's/^target="\(.*\)"$/\1/p' | sort -u)
gov=0
for t in $targets; do
	n=$(xpath "count(//*[local-name()='organisation'][@id='$t'][@government='yes'])")
	gov=$((gov + n))
done
[ "$gov" = 53 ] || fail "xmllint counts $gov government bodies"
[ "$(echo "$targets" | wc -l)" = 56 ] || fail "expected 53 government and 3 other targets"
end

begin "importing the sample again changes nothing"
cp "$db" "$SCRATCH/first.db"
run --db "$db" import "${files[@]}"
expect_status 0
[ "$(grep -c '; register unchanged$' "$SCRATCH/out")" = 6 ] || fail "$(cat "$SCRATCH/out")"
expect_same_file "$db" "$SCRATCH/first.db"
end

finish
