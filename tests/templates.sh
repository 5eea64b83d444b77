#!/usr/bin/env bash
# The shipped templates against `briefgen figures`: for every counterpart
# of the sample register and several periods, the key figures table of the
# English briefing must show exactly the figures DESIGN.md defines (the
# template's SQL is its own, so this is what keeps the two in step), and
# the Russian briefing must have the same shape (the same sections, rows
# and talking points) with the same numbers. The months chart sums to the
# incidents and the donut shows unanswered, formalistic and substantive.
. "$(dirname "$0")/lib.sh"

db=$SCRATCH/sample.db
sample_register "$db"

# cell FILE N LABEL: the Nth cell of the key figures row LABEL, digits only.
cell() {
	awk -v l="row {$3}" -v n="$2" -F' [|] ' \
	    'index($0, l) { gsub(/[{} ]/, "", $n); print $n; exit }' "$1" |
	    sed 's/\xc2\xa0//g; s/,//g'
}

# json FILE KEY: a number (or null) from figures' JSON.
json() {
	sed -n "s/.*\"$2\": \(null\|[0-9][0-9.]*\).*/\1/p" "$1"
}

periods="2019-01:2020-05 2018-01:2018-12 2020-03:2020-03 2019-02-10:2019-11-20 2010-01:2010-12"
countries="DE NL FR GB US CN UA PL"
for cc in $countries; do
	for p in $periods; do
		from=${p%%:*} to=${p##*:}
		begin "$cc $from..$to"
		run --db "$db" figures --country "$cc" --from "$from" --to "$to" \
		    --format json
		cp "$SCRATCH/out" "$SCRATCH/json"
		run --db "$db" render --country "$cc" --from "$from" --to "$to" \
		    --date 2026-11-24 --dump tree
		expect_status 0
		cp "$SCRATCH/out" "$SCRATCH/en"
		for pair in "Incidents:incidents" \
		    "Government bodies affected:government_bodies" \
		    "Incidents notified:notified" "Replies received:replied" \
		    "of which formalistic:formalistic" \
		    "of which substantive:substantive" \
		    "Notifications unanswered:unanswered"; do
			label=${pair%%:*} key=${pair##*:}
			got=$(cell "$SCRATCH/en" 2 "$label")
			want=$(json "$SCRATCH/json" "$key")
			[ "$got" = "$want" ] ||
			    fail "$label: briefing says [$got], figures [$want]"
		done
		# The charts agree with the figures: the months sum to the
		# incidents; the donut (when there is one) is unanswered,
		# formalistic, substantive.
		got=$(awk '/^  chart columns/ { on = 1; next }
		    on && /^  [a-z]/ { on = 0 }
		    on && /^    point / { s += $NF } END { print s + 0 }' \
		    "$SCRATCH/en")
		want=$(json "$SCRATCH/json" incidents)
		[ "$got" = "$want" ] ||
		    fail "months chart sums to [$got], figures [$want]"
		got=$(awk '/^    chart donut/ { on = 1; next }
		    on && /^    [a-z]/ { on = 0 }
		    on && /^      point / { printf "%s ", $NF }' "$SCRATCH/en")
		want="$(json "$SCRATCH/json" unanswered) $(json "$SCRATCH/json" \
		    formalistic) $(json "$SCRATCH/json" substantive) "
		[ -z "$got" ] || [ "$got" = "$want" ] ||
		    fail "donut shows [$got], figures [$want]"
		got=$(cell "$SCRATCH/en" 2 "Median time to reply" | sed 's/days\?$//')
		want=$(json "$SCRATCH/json" median_days_to_reply)
		[ "$want" = null ] && want=—
		[ "$got" = "$want" ] ||
		    fail "median: briefing says [$got], figures [$want]"

		run --db "$db" render --country "$cc" --from "$from" --to "$to" \
		    --date 2026-11-24 --dump tree --lang ru
		expect_status 0
		cp "$SCRATCH/out" "$SCRATCH/ru"
		# The same tree: node types line by line.
		diff <(awk '{print $1}' "$SCRATCH/en") \
		    <(awk '{print $1}' "$SCRATCH/ru") >"$SCRATCH/diff" ||
		    fail "en and ru differ in shape: $(head -5 "$SCRATCH/diff")"
		# The same numbers in every table and chart (1,234.5 and
		# 1 234,5 both read 1234 5; dates 14/01/2019 and 14.01.2019),
		# row by row; rows sorted, since names sort by language.
		numbers() {
			grep -E '^ *(row|point) ' | while read -r line; do
				echo "$line" | grep -oE '[0-9]+' | tr '\n' ' '
				echo
			done | sort
		}
		tr -d , <"$SCRATCH/en" | numbers >"$SCRATCH/en.n"
		sed 's/\xc2\xa0//g' "$SCRATCH/ru" | tr , . | numbers >"$SCRATCH/ru.n"
		cmp -s "$SCRATCH/en.n" "$SCRATCH/ru.n" ||
		    fail "en and ru tables or charts differ in numbers"
		end
	done
done

begin "the shipped templates run the same SQL"
for lang in en ru; do
	xmllint --xpath '//*[local-name()="param" or local-name()="query"]' \
	    "$TOP/templates/briefing.$lang.xml" >"$SCRATCH/sql.$lang" 2>&1
done
cmp -s "$SCRATCH/sql.en" "$SCRATCH/sql.ru" ||
    fail "the queries of briefing.en.xml and briefing.ru.xml differ"
[ -s "$SCRATCH/sql.en" ] || fail "no queries found"
end

finish
