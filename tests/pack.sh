#!/usr/bin/env bash
# End to end for `pack`: the sample register's DE, NL and FR over
# 2019-01..2020-05 as one PDF, in en and ru, read back with independent
# tools (pdfinfo, pdftotext, qpdf --json read by python3) against each
# part rendered alone with `render` and against `briefgen figures`: the
# page count, one contents, the outline (a branch per part, the part's
# sections beneath), pages numbered through, each part's running header
# and key figures, unique destinations, the structure tree, qpdf
# --check, the same bytes twice; and the usage and data errors, which
# leave no file. Under $BRIEFGEN_WRAP (valgrind) the second run of a
# pair compared byte for byte runs without it.
. "$(dirname "$0")/lib.sh"

unset SOURCE_DATE_EPOCH
db=$SCRATCH/sample.db
sample_register "$db"
parts="DE NL FR"
period=(--from 2019-01 --to 2020-05 --date 2020-06-01)
pack=(--db "$db" pack --countries DE,NL,FR "${period[@]}")

errors() {
	grep -v '^==[0-9]*==' "$SCRATCH/err"
}

expect_no_errors() {
	[ -z "$(errors)" ] || fail "stderr: $(errors)"
}

# outline PDF: the outline, one entry a line: depth (from 1), the page
# (from 1) and the title, tab-separated, in order.
outline() {
	qpdf --json --json-key=outlines "$1" | python3 -c '
import json, sys
def walk(entries, depth):
    for e in entries:
        print("%d\t%s\t%s" % (depth, e["destpageposfrom1"], e["title"]))
        walk(e["kids"], depth + 1)
walk(json.load(sys.stdin)["outlines"], 1)'
}

# pages PDF: its page count, by pdfinfo.
pages() {
	pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'
}

# spaces: thin and no-break spaces (ICU's, in periods and numbers) made
# plain, runs of white space squeezed to one space, lines trimmed, so
# that pdftotext's text and briefgen's own compare.
spaces() {
	LC_ALL=C sed 's/\xe2\x80\x89/ /g; s/\xc2\xa0/ /g; s/\xe2\x80\xaf/ /g' |
	    sed 's/[[:space:]]\{1,\}/ /g; s/^ //; s/ $//'
}

# split PDF PREFIX N: pdftotext -layout of each page into PREFIX.1 ..
# PREFIX.N, through spaces.
split() {
	local p
	for ((p = 1; p <= $3; p++)); do
		pdftotext -layout -f "$p" -l "$p" "$1" - 2>/dev/null | spaces >"$2.$p"
	done
}

has_line() {
	grep -qxF -- "$2" "$1"
}

# tree_meta LANG CC KEY: a document information line of the part's tree.
tree_meta() {
	sed -n "s/^$3 \"\\(.*\\)\"\$/\\1/p" "$SCRATCH/$1-$2.tree" | spaces
}

for lang in en ru; do
	case $lang in
	en)	heading=Contents word=Page of=of ;;
	ru)	heading=Содержание word=Стр. of=из ;;
	esac

	# Each part alone: its pages, the page of its first section (the
	# pages before it, but the cover, are its contents), its outline.
	expected=1
	for cc in $parts; do
		run --db "$db" render --country "$cc" "${period[@]}" --lang "$lang" \
		    -o "$SCRATCH/$lang-$cc.pdf"
		[ "$status" = 0 ] || { echo "pack: cannot render $cc alone: $(cat "$SCRATCH/err")" >&2; exit 1; }
		run --db "$db" render --country "$cc" "${period[@]}" --lang "$lang" \
		    --dump tree
		cp "$SCRATCH/out" "$SCRATCH/$lang-$cc.tree"
		outline "$SCRATCH/$lang-$cc.pdf" >"$SCRATCH/$lang-$cc.outline"
		n=$(pages "$SCRATCH/$lang-$cc.pdf")
		first=$(head -1 "$SCRATCH/$lang-$cc.outline" | cut -f2)
		expected=$((expected + n - (first - 2)))
	done

	begin "$lang: the pack is written, nothing on stderr"
	run "${pack[@]}" --lang "$lang" -o "$SCRATCH/pack-$lang.pdf"
	expect_status 0
	expect_no_errors
	[ -s "$SCRATCH/pack-$lang.pdf" ] || fail "no pack written"
	end
	# Nothing more to read in this language without it.
	[ -s "$SCRATCH/pack-$lang.pdf" ] || continue

	pdf=$SCRATCH/pack-$lang.pdf
	outline "$pdf" >"$SCRATCH/pack-$lang.outline"
	N=$(pages "$pdf")
	split "$pdf" "$SCRATCH/$lang" "$N"
	for ((p = 1; p <= N; p++)); do cat "$SCRATCH/$lang.$p"; done >"$SCRATCH/$lang.all"
	# The parts' first pages, from the outline's top level.
	starts=$(awk -F'\t' '$1 == 1 { print $2 }' "$SCRATCH/pack-$lang.outline" | tr '\n' ' ')
	set -- $starts
	toc_pages=$((${1:-3} - 2))

	begin "$lang: pages: the cover, the contents and each part but its contents"
	[ "$N" = $((expected + toc_pages)) ] ||
	    fail "$N pages, expected $((expected + toc_pages)) (the parts alone, less their contents, and the pack's cover and $toc_pages contents page(s))"
	run "${pack[@]}" --lang "$lang" --dump layout
	expect_status 0
	[ "$(head -1 "$SCRATCH/out" | sed -n 's/.* pages=//p')" = "$N" ] ||
	    fail "--dump layout: $(head -1 "$SCRATCH/out"), the PDF has $N pages"
	cp "$SCRATCH/out" "$SCRATCH/pack-$lang.layout"
	end

	begin "$lang: one contents, on the pages after the cover"
	[ "$(grep -cxF -- "$heading" "$SCRATCH/$lang.all")" = 1 ] ||
	    fail "the heading [$heading] is on $(grep -cxF -- "$heading" "$SCRATCH/$lang.all") lines"
	has_line "$SCRATCH/$lang.2" "$heading" || fail "page 2 is not the contents"
	end

	begin "$lang: each contents entry's page number is the page its heading is on"
	pdftotext -layout -f 2 -l $((1 + toc_pages)) "$pdf" - 2>/dev/null |
	    python3 -c '
import re, sys
n = 0
for line in sys.stdin:
    m = re.match(r"^\s*(?:(?:\d+(?:\.\d+)*|\S+ [A-Z])\s{2,})?(\S.*?\S)\s{2,}(\d+)\s*$", line)
    if m:
        print(m.group(2) + "\t" + m.group(1))
        n += 1
if n == 0:
    sys.exit("no entries")
' >"$SCRATCH/$lang.entries" || fail "no contents entries read"
	while IFS=$'\t' read -r pg title; do
		tr '\n' ' ' <"$SCRATCH/$lang.$pg" | tr -s ' ' | grep -qF -- "$title" ||
		    fail "[$title] is not on page $pg, where the contents says it is"
	done <"$SCRATCH/$lang.entries"
	[ "$(wc -l <"$SCRATCH/$lang.entries")" -ge 21 ] ||
	    fail "$(wc -l <"$SCRATCH/$lang.entries") contents entries read: $(cat "$SCRATCH/$lang.entries")"
	end

	begin "$lang: the cover: the pack's title, the parts' names, the period, the date"
	title=$(pdfinfo "$pdf" | sed -n 's/^Title: *//p')
	case $lang in
	en)	want="Briefing pack" names="Germany, Netherlands and France"
		when="Period under review: January 2019 – May 2020" issued="Issued 1 June 2020" ;;
	ru)	want="Подборка материалов" names="Германия, Нидерланды и Франция"
		when="Отчётный период: январь 2019 г. – май 2020 г." issued="Дата подготовки: 1 июня 2020 г." ;;
	esac
	[ "$title" = "$want" ] || fail "title [$title], expected [$want]"
	has_line "$SCRATCH/$lang.1" "$want" || fail "the cover has no line [$want]"
	flat=$(tr '\n' ' ' <"$SCRATCH/$lang.1")
	for s in "$names" "$when" "$issued"; do
		case $flat in *"$s"*) ;; *) fail "the cover lacks [$s]" ;; esac
	done
	end

	begin "$lang: the outline: a branch per part, the part's sections beneath"
	[ "$(awk -F'\t' '$1 == 1' "$SCRATCH/pack-$lang.outline" | wc -l)" = 3 ] ||
	    fail "top level: $(awk -F'\t' '$1 == 1 { printf "[%s] ", $3 }' "$SCRATCH/pack-$lang.outline")"
	i=0
	for cc in $parts; do
		i=$((i + 1))
		# The part's branch: its title, then its own outline a level down.
		awk -F'\t' -v k=$i '$1 == 1 { n++ } n == k' "$SCRATCH/pack-$lang.outline" >"$SCRATCH/branch"
		[ "$(head -1 "$SCRATCH/branch" | cut -f3)" = "$(tree_meta "$lang" "$cc" title)" ] ||
		    fail "part $i is [$(head -1 "$SCRATCH/branch" | cut -f3)], not $cc's title"
		tail -n +2 "$SCRATCH/branch" | awk -F'\t' '{ print $1 - 1 "\t" $3 }' >"$SCRATCH/got"
		cut -f1,3 "$SCRATCH/$lang-$cc.outline" >"$SCRATCH/want"
		[ "$(wc -l <"$SCRATCH/want")" -ge 7 ] || fail "$cc alone: an outline of $(wc -l <"$SCRATCH/want") entries"
		cmp -s "$SCRATCH/got" "$SCRATCH/want" ||
		    fail "$cc's sections: $(diff "$SCRATCH/want" "$SCRATCH/got" | tr '\n\t' '  ')"
		# Each entry goes to the page where its heading is.
		while IFS=$'\t' read -r depth page t; do
			[ "$depth" = 2 ] || continue
			has_line "$SCRATCH/$lang.$page" "$t" || fail "[$t]: not on page $page"
		done <"$SCRATCH/branch"
	done
	end

	begin "$lang: pages numbered 1..$N through, one folio a page"
	for ((p = 1; p <= N; p++)); do
		grep -qF -- "$word $p $of $N" "$SCRATCH/$lang.$p" || fail "page $p lacks [$word $p $of $N]"
		[ "$(grep -oE -- "$word [0-9]+ $of [0-9]+" "$SCRATCH/$lang.$p" | wc -l)" = 1 ] ||
		    fail "page $p: more than one folio"
	done
	end

	begin "$lang: each part: its cover first, its running header on its other pages"
	set -- $starts $((N + 1))
	for cc in $parts; do
		from=$1 upto=$(($2 - 1))
		shift
		short=$(tree_meta "$lang" "$cc" short-title)
		part_title=$(sed -n 's/^  line title //p' "$SCRATCH/$lang-$cc.tree" | head -1)
		grep -qF -- "$short" "$SCRATCH/$lang.$from" && fail "$cc's cover (page $from) has a running header"
		for ((p = from + 1; p <= upto; p++)); do
			grep -qF -- "$short" "$SCRATCH/$lang.$p" || fail "page $p lacks $cc's header [$short]"
		done
		# Another part's header on none of them.
		for other in $parts; do
			[ "$other" = "$cc" ] && continue
			o=$(tree_meta "$lang" "$other" short-title)
			for ((p = from; p <= upto; p++)); do
				grep -qF -- "$o" "$SCRATCH/$lang.$p" && fail "page $p has $other's header"
			done
		done
		[ -n "$part_title" ] || fail "$cc: no cover title in its tree"
	done
	end

	begin "$lang: each part's key figures are briefgen figures'"
	set -- $starts $((N + 1))
	for cc in $parts; do
		from=$1 upto=$(($2 - 1))
		shift
		for ((p = from; p <= upto; p++)); do cat "$SCRATCH/$lang.$p"; done >"$SCRATCH/part"
		run --db "$db" figures --country "$cc" --from 2019-01 --to 2020-05 --format json
		unset incidents
		eval "$(python3 -c '
import json, sys
f = json.load(sys.stdin)
for k in ("incidents", "government_bodies", "notified", "replied",
          "formalistic", "substantive", "unanswered"):
    print("%s=%d" % (k, f[k]))
m = f["median_days_to_reply"]
print("median=%s" % ("" if m is None else ("%g" % m)))' <"$SCRATCH/out")"
		[ -n "${incidents:-}" ] || fail "$cc: no figures: $(cat "$SCRATCH/err")"
		case $lang in
		en)	rows="Incidents $incidents|Government bodies affected $government_bodies|Incidents notified $notified|Replies received $replied|of which formalistic $formalistic|of which substantive $substantive|Notifications unanswered $unanswered"
			[ -n "$median" ] && rows="$rows|Median time to reply $median days" ;;
		ru)	rows="Компьютерные инциденты $incidents|Затронутые государственные органы $government_bodies|Уведомления, оставшиеся без ответа $unanswered" ;;
		esac
		IFS='|' read -ra want <<<"$rows"
		for row in "${want[@]}"; do
			grep -qE -- "^$row( |\$)" "$SCRATCH/part" ||
			    fail "$cc (pages $from-$upto): no row [$row]"
		done
	done
	end

	begin "$lang: destinations: unique, each part's prefixed with its code"
	sed -n "s/^  tag cairo.dest \"name='\\([^']*\\)'.*/\\1/p" "$SCRATCH/pack-$lang.layout" >"$SCRATCH/dests"
	[ "$(sort "$SCRATCH/dests" | uniq -d)" = "" ] || fail "given twice: $(sort "$SCRATCH/dests" | uniq -d | tr '\n' ' ')"
	for cc in $parts; do
		grep -qx "$cc" "$SCRATCH/dests" || fail "no destination [$cc]"
		grep -qx "$cc-key-figures" "$SCRATCH/dests" || fail "no destination [$cc-key-figures]"
	done
	[ "$(grep -cvE '^(DE|NL|FR)(-|$)' "$SCRATCH/dests")" = 0 ] ||
	    fail "not a part's: $(grep -vE '^(DE|NL|FR)(-|$)' "$SCRATCH/dests" | tr '\n' ' ')"
	end

	begin "$lang: the structure tree: one Document, a Part per part, no errors"
	pdfinfo -struct "$pdf" >"$SCRATCH/struct" 2>"$SCRATCH/struct.err" ||
	    fail "pdfinfo -struct: $(head -3 "$SCRATCH/struct.err")"
	[ -s "$SCRATCH/struct.err" ] && fail "pdfinfo -struct: $(head -3 "$SCRATCH/struct.err")"
	[ "$(grep -c '^Document' "$SCRATCH/struct")" = 1 ] || fail "$(grep -c '^Document' "$SCRATCH/struct") Documents"
	[ "$(grep -c '^[^ ]' "$SCRATCH/struct")" = 1 ] || fail "more than one root"
	[ "$(grep -cx '  Part' "$SCRATCH/struct")" = 3 ] || fail "$(grep -cx '  Part' "$SCRATCH/struct") Parts under the Document"
	[ "$(grep -cx '  TOC' "$SCRATCH/struct")" = 1 ] || fail "not one TOC under the Document"
	end

	begin "$lang: qpdf --check"
	qpdf --check "$pdf" >"$SCRATCH/qpdf" 2>&1 || fail "qpdf --check exit $?: $(tail -5 "$SCRATCH/qpdf")"
	grep -q "No syntax or stream encoding errors" "$SCRATCH/qpdf" || fail "qpdf --check: $(tail -5 "$SCRATCH/qpdf")"
	end

	begin "$lang: the same bytes twice"
	BRIEFGEN_WRAP= run "${pack[@]}" --lang "$lang" -o "$SCRATCH/again.pdf"
	expect_status 0
	cmp -s "$pdf" "$SCRATCH/again.pdf" || fail "a second run differs"
	end
done

begin "dump tree: the cover's <parts/>, the parts, their blocks without contents"
run "${pack[@]}" --dump tree
expect_status 0
grep -q '^  line subtitle .*{Germany, Netherlands and France}$' "$SCRATCH/out" || fail "no subtitle with the parts' names"
[ "$(grep -c '^part #' "$SCRATCH/out")" = 3 ] || fail "not 3 parts"
[ "$(grep -c '^contents' "$SCRATCH/out")" = 1 ] || fail "not one contents"
grep -q '^  section 1 #NL-key-figures$' "$SCRATCH/out" || fail "NL's first section not prefixed"
end

# ---------------------------------------------------------------------
# Errors: status, message, and nothing written.

# refused STATUS MESSAGE ARGS...: pack ARGS -o x.pdf fails so, writing
# nothing, leaving an existing file as it was.
refused() {
	local want=$1 msg=$2
	shift 2
	rm -f "$SCRATCH/x.pdf"
	run --db "$db" pack "$@" -o "$SCRATCH/x.pdf"
	expect_status "$want"
	expect_err "$msg"
	[ -e "$SCRATCH/x.pdf" ] && fail "x.pdf written"
	echo old >"$SCRATCH/x.pdf"
	run --db "$db" pack "$@" -o "$SCRATCH/x.pdf"
	[ "$(cat "$SCRATCH/x.pdf")" = old ] || fail "an existing x.pdf changed"
	[ -z "$(find "$SCRATCH" -maxdepth 1 -name '.x.pdf.*')" ] || fail "a temporary file is left"
	rm -f "$SCRATCH/x.pdf"
}

begin "unknown countries: 65, each named, with the register's codes"
refused 65 "briefgen: $db: country not in the register: XX (it has CN, DE, FR, GB, NL, PL, UA, US)
briefgen: $db: country not in the register: ZZ (it has CN, DE, FR, GB, NL, PL, UA, US)" \
    --countries DE,XX,ZZ "${period[@]}"
end

begin "a code given twice: 64"
refused 64 "briefgen: usage: --countries DE,NL,de: DE is given twice" \
    --countries DE,NL,de "${period[@]}"
end

begin "a bad list: 64"
refused 64 "briefgen: usage: --countries DE,,NL: an empty code; give CC,CC..." \
    --countries DE,,NL "${period[@]}"
refused 64 "briefgen: usage: --countries DE,NLD: NLD is not a two-letter ISO 3166 code" \
    --countries DE,NLD "${period[@]}"
refused 64 "briefgen: usage: --countries names no country: give CC,CC... (ISO 3166 alpha-2)" \
    --countries "" "${period[@]}"
refused 64 "briefgen: usage: --countries is required: give CC,CC... (ISO 3166 alpha-2)" \
    "${period[@]}"
end

begin "a template in another language than --lang: 64"
refused 64 "briefgen: usage: --lang en, but $TOP/templates/briefing.ru.xml is in ru" \
    --countries DE,NL --template "$TOP/templates/briefing.ru.xml" --lang en "${period[@]}"
end

begin "a template without <pack>: 65, at its root's line"
python3 - "$TOP/templates/briefing.en.xml" "$SCRATCH/nopack.xml" <<'EOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
a = s.index("  <pack>")
b = s.index("</pack>") + len("</pack>\n")
open(sys.argv[2], "w", encoding="utf-8").write(s[:a] + s[b:])
EOF
refused 65 "briefgen: $SCRATCH/nopack.xml:9: no <pack> element: the template makes no pack" \
    --countries DE --template "$SCRATCH/nopack.xml" "${period[@]}"
end

begin "a missing directory: 73"
run --db "$db" pack --countries DE "${period[@]}" -o "$SCRATCH/no/such/x.pdf"
expect_status 73
[ -e "$SCRATCH/no" ] && fail "the directory was made"
end

finish
