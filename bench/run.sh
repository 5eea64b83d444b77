#!/usr/bin/env bash
# The briefgen benchmark: import and render three registers of growing
# size and hold the times and memory against the budgets in DESIGN.md.
#
# Run from the top of the tree after make has built the program and the
# two helpers:  bash bench/run.sh
# The results go to stdout and to build/bench/results.txt. The exit
# status is 0 even when a budget fails, since this measures rather than
# tests; it is non-zero only when a command itself fails.
set -euo pipefail

BRIEFGEN=${BRIEFGEN:-./briefgen}
GEN=${GEN:-build/bench-gen}
MEASURE=${MEASURE:-build/bench-measure}
W=build/bench

# Render runs per case; the median of an odd number is one real run.
RUNS=5

for prog in "$BRIEFGEN" "$GEN" "$MEASURE"; do
	if [[ ! -x "$prog" ]]; then
		echo "bench: $prog is missing; run make first" >&2
		exit 1
	fi
done
if ! command -v pdfinfo >/dev/null; then
	echo "bench: pdfinfo (poppler-utils) is needed to count pages" >&2
	exit 1
fi
mkdir -p "$W"

# Progress goes to stderr so that stdout carries the table alone.
say() {
	printf 'bench: %s\n' "$*" >&2
}

# The value of key NAME in a "key=value key=value" line from measure.
field() {
	printf '%s\n' "$2" | sed -n "s/^\\(.* \\)*$1=\\([^ ]*\\).*/\\2/p"
}

# Arithmetic on decimals, which bash cannot do: calc FORMAT EXPR VARS...
calc() {
	local fmt=$1 expr=$2
	shift 2
	awk "$@" "BEGIN { printf \"$fmt\", $expr }"
}

# Exit status 0 when the awk condition holds: holds EXPR VARS...
holds() {
	local expr=$1
	shift
	awk "$@" "BEGIN { exit !($expr) }"
}

# Run measure and keep only its own line: the command's stdout passes
# through measure into the same pipe, and the import talks on stdout.
measure() {
	local out line
	out=$("$MEASURE" "$@")
	line=$(printf '%s\n' "$out" | grep '^median_ms=' | tail -n 1)
	if [[ -z "$line" ]]; then
		echo "bench: no result from $MEASURE $*" >&2
		exit 1
	fi
	printf '%s\n' "$line"
}

# Generate register NAME with COUNT incidents unless it is there already
# and newer than the generator: 1,000,000 incidents are 240 MB that need
# not be written again on every run. .done is written last, so that an
# interrupted run starts over.
generate() {
	local name=$1 count=$2 dir="$W/$1"
	if [[ -f "$dir/.done" && "$dir/.done" -nt "$GEN" ]]; then
		say "register $name: up to date"
		return
	fi
	say "register $name: generating $count incidents"
	rm -rf "$dir"
	"$GEN" "$count" "$dir"
	touch "$dir/.done"
}

# Import the files into a fresh DB once (a second run would find the
# incidents there already and measure something else). Sets the globals
# imp_n, imp_ms, imp_rss for case NAME.
declare -A imp_n imp_ms imp_rss
import() {
	local name=$1 db=$2 line
	shift 2
	say "import $name"
	rm -f "$db" "$db-journal" "$db-wal" "$db-shm"
	"$BRIEFGEN" --db "$db" init >/dev/null
	line=$(measure 1 "$BRIEFGEN" --db "$db" import "$@")
	# One <incident per line in the exchange files both generators write.
	imp_n[$name]=$(cat "$@" | grep -c '<incident ')
	imp_ms[$name]=$(field median_ms "$line")
	imp_rss[$name]=$(field max_rss_kib "$line")
}

# Render case NAME from DB for FROM..TO: one warm-up run so that the
# register is in the page cache, then RUNS measured runs. Sets the
# globals ren_* for the case.
declare -A ren_n ren_pages ren_ms ren_rss ren_bytes
render() {
	local name=$1 db=$2 from=$3 to=$4 pdf="$W/$1.pdf" line json
	local -a args=(--db "$db" render --country DE --from "$from" --to "$to"
	    --date 2026-01-01 -o "$pdf")
	say "render $name ($from to $to)"
	"$BRIEFGEN" "${args[@]}" >/dev/null
	line=$(measure "$RUNS" "$BRIEFGEN" "${args[@]}")
	ren_ms[$name]=$(field median_ms "$line")
	ren_rss[$name]=$(field max_rss_kib "$line")
	ren_pages[$name]=$(pdfinfo "$pdf" | sed -n 's/^Pages: *\([0-9]*\).*/\1/p')
	if [[ -z "${ren_pages[$name]}" || "${ren_pages[$name]}" -eq 0 ]]; then
		echo "bench: $pdf: pdfinfo found no pages" >&2
		exit 1
	fi
	ren_bytes[$name]=$(wc -c <"$pdf" | tr -d ' ')
	json=$("$BRIEFGEN" --db "$db" figures --country DE --from "$from" \
	    --to "$to" --format json)
	ren_n[$name]=$(printf '%s\n' "$json" |
	    sed -n 's/.*"incidents": *\([0-9][0-9]*\).*/\1/p')
	if [[ -z "${ren_n[$name]}" ]]; then
		echo "bench: no incidents in figures output: $json" >&2
		exit 1
	fi
}

generate M 200000
generate L 1000000

import S "$W/S.db" data/register/*.xml
import M "$W/M.db" "$W"/M/*.xml
import L "$W/L.db" "$W"/L/*.xml

render S "$W/S.db" 2019-01 2020-05
render M "$W/M.db" 2024-01 2024-12
render L "$W/L.db" 2019-01 2020-05

mib() {
	calc '%.1f' 'k / 1024' -v k="$1"
}

ms_per_page() {
	calc '%.2f' 'ms / p' -v ms="${ren_ms[$1]}" -v p="${ren_pages[$1]}"
}

# The failed parts of case NAME's render budget, or PASS.
render_verdict() {
	local name=$1 max_ms=$2 max_mib=$3
	local -a fails=()
	holds 'ms < max' -v ms="${ren_ms[$name]}" -v max="$max_ms" ||
	    fails+=(time)
	holds 'k / 1024 < max' -v k="${ren_rss[$name]}" -v max="$max_mib" ||
	    fails+=(RSS)
	if [[ "$name" == L ]]; then
		holds 'l / lp <= m / mp' -v l="${ren_ms[L]}" \
		    -v lp="${ren_pages[L]}" -v m="${ren_ms[M]}" \
		    -v mp="${ren_pages[M]}" || fails+=(ms/page)
		holds 'b / 1048576 <= 2.1' -v b="${ren_bytes[L]}" ||
		    fails+=(PDF)
	fi
	if ((${#fails[@]} == 0)); then
		echo PASS
	else
		echo "FAIL (${fails[*]})"
	fi
}

report() {
	local name budget verdict
	echo "briefgen benchmark: $("$BRIEFGEN" --version 2>&1 | head -n 1)"
	echo
	echo "Render (DE; median of $RUNS warm runs)"
	printf '%-4s %9s %5s %9s %8s %12s %9s %8s  %-44s %s\n' case incidents \
	    pages 'median ms' ms/page 'peak RSS MiB' 'PDF bytes' 'PDF MiB' \
	    budget result
	for name in S M L; do
		case $name in
		S) budget='<20 ms, <25 MiB'
		   verdict=$(render_verdict S 20 25) ;;
		M) budget='<100 ms, <48 MiB'
		   verdict=$(render_verdict M 100 48) ;;
		L) budget='<500 ms, <64 MiB, ms/page<=M, PDF<=2.1 MiB'
		   verdict=$(render_verdict L 500 64) ;;
		esac
		printf '%-4s %9s %5s %9s %8s %12s %9s %8s  %-44s %s\n' \
		    "$name" "${ren_n[$name]}" "${ren_pages[$name]}" \
		    "${ren_ms[$name]}" "$(ms_per_page "$name")" \
		    "$(mib "${ren_rss[$name]}")" "${ren_bytes[$name]}" \
		    "$(calc '%.2f' 'b / 1048576' -v b="${ren_bytes[$name]}")" \
		    "$budget" "$verdict"
	done
	echo
	echo "Import (fresh register, one run)"
	printf '%-4s %9s %8s %11s %12s  %-20s %s\n' case incidents seconds \
	    incidents/s 'peak RSS MiB' budget result
	for name in S M L; do
		if [[ "$name" == S ]]; then
			budget='-'
			verdict='-'
		else
			budget='>=100000 incidents/s'
			if holds 'n / (ms / 1000) >= 100000' \
			    -v n="${imp_n[$name]}" -v ms="${imp_ms[$name]}"; then
				verdict=PASS
			else
				verdict=FAIL
			fi
		fi
		printf '%-4s %9s %8s %11s %12s  %-20s %s\n' "$name" \
		    "${imp_n[$name]}" \
		    "$(calc '%.2f' 'ms / 1000' -v ms="${imp_ms[$name]}")" \
		    "$(calc '%.0f' 'n / (ms / 1000)' -v n="${imp_n[$name]}" \
			-v ms="${imp_ms[$name]}")" \
		    "$(mib "${imp_rss[$name]}")" "$budget" "$verdict"
	done
}

# Write the file first and show it, so that both say exactly the same.
report >"$W/results.txt"
cat "$W/results.txt"
