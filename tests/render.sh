#!/usr/bin/env bash
# End to end for `render`: the sample case (DE, 2019-01..2020-05) as PDF and
# PNG, read back with independent tools (pdfinfo, pdffonts, qpdf,
# pdftotext, sqlite3, od): metadata, fonts, page count and numbering,
# figures, contents and links, the annex, byte-identical output, and the
# atomic output file (nothing left behind by a failure or a signal).
# Page counts are never written here: they come from `--dump layout`.
# Under $BRIEFGEN_WRAP (valgrind) the kill tests are skipped, and the
# second render of each pair compared byte for byte runs without it.
. "$(dirname "$0")/lib.sh"

unset SOURCE_DATE_EPOCH
wrapped=${BRIEFGEN_WRAP:+1}
db=$SCRATCH/sample.db
sample_register "$db"
cp "$db" "$SCRATCH/pristine.db"
sample=(--db "$db" render --country DE --from 2019-01 --to 2020-05)
ids="key-figures over-time bodies notifications talking-points background incidents"

# stderr without valgrind's own report (its "possibly lost" lines from
# Pango's interned languages are not errors and do not change the status).
errors() {
	grep -v '^==[0-9]*==' "$SCRATCH/err"
}

# again ARGS...: runs briefgen again, not under $BRIEFGEN_WRAP: for the
# second of two renders compared byte for byte, whose code valgrind has
# already seen run.
again() {
	BRIEFGEN_WRAP= run "$@"
}

expect_no_errors() {
	[ -z "$(errors)" ] || fail "stderr: $(errors)"
}

# temps DIR: the temporary files (.NAME.XXXXXX) left in DIR.
temps() {
	find "$1" -maxdepth 1 -name '.*' ! -name . -printf '%f ' 2>/dev/null
}

expect_no_temps() {
	[ -z "$(temps "$1")" ] || fail "temporary files left in $1: $(temps "$1")"
}

# info PDF FIELD: one field of pdfinfo -isodates.
info() {
	pdfinfo -isodates "$1" 2>/dev/null | sed -n "s/^$2: *//p"
}

# split PDF PREFIX N: pdftotext -layout of each page into PREFIX.1 ..
# PREFIX.N, runs of white space squeezed to one space, lines trimmed.
split() {
	local p
	for ((p = 1; p <= $3; p++)); do
		pdftotext -layout -f "$p" -l "$p" "$1" - 2>/dev/null |
		    sed 's/[[:space:]]\{1,\}/ /g; s/^ //; s/ $//' >"$2.$p"
	done
}

# has_line FILE TEXT: FILE has a line that is exactly TEXT.
has_line() {
	grep -qxF -- "$2" "$1"
}

# ---------------------------------------------------------------------
# The layout dump: the page counts every later check uses.

# layout LANG [ARGS]: runs --dump layout and sets pages to its page count.
layout() {
	local lang=$1
	shift
	run "${sample[@]}" --lang "$lang" --dump layout "$@"
	expect_status 0
	expect_no_errors
	pages=$(sed -n '1s/^layout [0-9.]*x[0-9.]* pages=\([0-9]\{1,\}\)$/\1/p' "$SCRATCH/out")
	[ -n "$pages" ] || { fail "first line of --dump layout: $(head -1 "$SCRATCH/out")"; pages=0; }
}

begin "dump layout: en"
layout en
n_en=$pages
[ "$(head -1 "$SCRATCH/out")" = "layout 595.3x841.9 pages=$n_en" ] ||
    fail "not A4: $(head -1 "$SCRATCH/out")"
got=$(sed -n 's/^outline 1 #\([^ ]*\) .*/\1/p' "$SCRATCH/out" | tr '\n' ' ')
[ "$got" = "$ids " ] || fail "outline ids [$got], expected [$ids]"
# The section titles as the outline gives them, in order.
sed -n 's/^outline 1 #[^ ]* "\(.*\)"$/\1/p' "$SCRATCH/out" >"$SCRATCH/titles.en"
end

begin "dump layout: ru"
layout ru
n_ru=$pages
sed -n 's/^outline 1 #[^ ]* "\(.*\)"$/\1/p' "$SCRATCH/out" >"$SCRATCH/titles.ru"
[ "$(wc -l <"$SCRATCH/titles.ru")" = 7 ] || fail "$(wc -l <"$SCRATCH/titles.ru") outline entries"
end

# ---------------------------------------------------------------------
# The two briefings, dated.

mkdir "$SCRATCH/pdf"
for lang in en ru; do
	begin "render $lang"
	run "${sample[@]}" --lang "$lang" --date 2026-11-24 -o "$SCRATCH/pdf/$lang.pdf"
	expect_status 0
	expect_no_errors
	[ -s "$SCRATCH/out" ] && fail "stdout: $(head -3 "$SCRATCH/out")"
	[ -s "$SCRATCH/pdf/$lang.pdf" ] || fail "no $lang.pdf"
	expect_no_temps "$SCRATCH/pdf"
	end
done
en=$SCRATCH/pdf/en.pdf
ru=$SCRATCH/pdf/ru.pdf

for lang in en ru; do
	begin "cells laid out from their words are as Pango lays them out: $lang"
	BRIEFGEN_CHECK_CELLS=1 again "${sample[@]}" --lang "$lang" --date 2026-11-24 -o "$SCRATCH/check-$lang.pdf"
	expect_status 0
	expect_no_errors
	end
done

begin "pdfinfo: en"
version=$("$BRIEFGEN" --version)
[ "$(info "$en" Title)" = "Cyber incidents from the Internet segment of Germany" ] ||
    fail "Title [$(info "$en" Title)]"
[ "$(info "$en" Author)" = "National Coordination Centre for Computer Incidents" ] ||
    fail "Author [$(info "$en" Author)]"
thin=$'\xe2\x80\x89'	# U+2009 THIN SPACE, either side of the dash of a period
[ "$(info "$en" Subject)" = "Incidents, notifications and replies, January 2019$thin–${thin}May 2020" ] ||
    fail "Subject [$(info "$en" Subject)]"
[ "$(info "$en" Keywords)" = "cyber incidents; Germany; notifications; briefing" ] ||
    fail "Keywords [$(info "$en" Keywords)]"
case $version in
"briefgen "[0-9]*) ;;
*) fail "--version printed [$version]" ;;
esac
[ "$(info "$en" Creator)" = "$version" ] || fail "Creator [$(info "$en" Creator)], expected [$version]"
[ "$(info "$en" Tagged)" = yes ] || fail "Tagged [$(info "$en" Tagged)]"
[ "$(info "$en" Pages)" = "$n_en" ] || fail "Pages [$(info "$en" Pages)], --dump layout says $n_en"
[ "$(info "$en" 'Page size')" = "595.276 x 841.89 pts (A4)" ] ||
    fail "Page size [$(info "$en" 'Page size')]"
[ "$(info "$en" CreationDate)" = "2026-11-24T00:00:00Z" ] ||
    fail "CreationDate [$(info "$en" CreationDate)], expected 2026-11-24T00:00:00Z"
end

begin "pdfinfo: ru"
[ "$(info "$ru" Title)" = "Компьютерные инциденты из национального сегмента сети Интернет (Германия)" ] ||
    fail "Title [$(info "$ru" Title)]"
[ "$(info "$ru" Author)" = "Национальный координационный центр по компьютерным инцидентам" ] ||
    fail "Author [$(info "$ru" Author)]"
[ "$(info "$ru" Creator)" = "$version" ] || fail "Creator [$(info "$ru" Creator)]"
[ "$(info "$ru" Tagged)" = yes ] || fail "Tagged [$(info "$ru" Tagged)]"
[ "$(info "$ru" Pages)" = "$n_ru" ] || fail "Pages [$(info "$ru" Pages)], --dump layout says $n_ru"
[ "$(info "$ru" CreationDate)" = "2026-11-24T00:00:00Z" ] ||
    fail "CreationDate [$(info "$ru" CreationDate)]"
end

for lang in en ru; do
	begin "pdffonts: $lang: embedded subsets of PT Sans and PT Serif, with ToUnicode"
	pdffonts "$SCRATCH/pdf/$lang.pdf" >"$SCRATCH/fonts" 2>&1 || fail "pdffonts: $(cat "$SCRATCH/fonts")"
	# Skip the two heading lines; the type may be two words, so read
	# emb, sub, uni from the end.
	bad=$(awk 'NR > 2 && !($1 ~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+PT(Sans|Serif)-/ &&
	    $(NF-4) == "yes" && $(NF-3) == "yes" && $(NF-2) == "yes")' "$SCRATCH/fonts")
	[ -z "$bad" ] || fail "fonts not embedded subsets of PT Sans/Serif with ToUnicode: $bad"
	[ "$(awk 'NR > 2' "$SCRATCH/fonts" | wc -l)" -ge 2 ] || fail "fonts: $(cat "$SCRATCH/fonts")"
	grep -q '+PTSans-' "$SCRATCH/fonts" || fail "no PT Sans"
	grep -q '+PTSerif-' "$SCRATCH/fonts" || fail "no PT Serif"
	end

	begin "qpdf --check: $lang"
	qpdf --check "$SCRATCH/pdf/$lang.pdf" >"$SCRATCH/qpdf" 2>&1 ||
	    fail "qpdf --check exit $?: $(tail -5 "$SCRATCH/qpdf")"
	grep -q "No syntax or stream encoding errors" "$SCRATCH/qpdf" ||
	    fail "qpdf --check: $(tail -5 "$SCRATCH/qpdf")"
	end
done

for lang in en ru; do
	begin "structure tree: $lang: read without errors, one Document over the tags"
	pdfinfo -struct "$SCRATCH/pdf/$lang.pdf" >"$SCRATCH/struct" 2>"$SCRATCH/struct.err" ||
	    fail "pdfinfo -struct: $(head -3 "$SCRATCH/struct.err")"
	[ -s "$SCRATCH/struct.err" ] && fail "pdfinfo -struct: $(head -3 "$SCRATCH/struct.err")"
	[ "$(head -1 "$SCRATCH/struct")" = Document ] || fail "root [$(head -1 "$SCRATCH/struct")]"
	count() { sed 's/^ *//' "$SCRATCH/struct" | awk -v t="$1" '$1 == t' | wc -l; }
	[ "$(count Document)" = 1 ] || fail "$(count Document) Document elements"
	[ "$(count TOCI)" = 7 ] || fail "$(count TOCI) TOCI, expected 7"
	[ "$(count Link)" -ge 7 ] || fail "$(count Link) Link elements"
	[ "$(count Figure)" = 3 ] || fail "$(count Figure) Figure elements, expected 3"
	[ "$(count TD)" -gt "$(count TR)" ] || fail "$(count TD) TD in $(count TR) TR"
	end
done

# ---------------------------------------------------------------------
# The text, page by page.

split "$en" "$SCRATCH/en" "$n_en"
split "$ru" "$SCRATCH/ru" "$n_ru"
for ((p = 1; p <= n_en; p++)); do cat "$SCRATCH/en.$p"; done >"$SCRATCH/en.all"
for ((p = 1; p <= n_ru; p++)); do cat "$SCRATCH/ru.$p"; done >"$SCRATCH/ru.all"

begin "pdftotext: en: the key figures"
for row in "Incidents 75 37 +38" "Government bodies affected 53 25 +28" \
    "Incidents notified 75 37 +38" "Replies received 7 7 0" \
    "of which formalistic 7" "of which substantive 0" \
    "Notifications unanswered 68 30 +38" "Median time to reply 54 days"; do
	has_line "$SCRATCH/en.all" "$row" || fail "no table row [$row]"
done
flat=$(tr '\n' ' ' <"$SCRATCH/en.all")
for s in "the register recorded 75 computer incidents" \
    "They affected 53 government bodies" "54 days" \
    "68 notifications remain unanswered" "A reply came on 7 of them"; do
	case $flat in *"$s"*) ;; *) fail "text lacks [$s]" ;; esac
done
end

begin "pdftotext: ru: the key figures"
for row in "Компьютерные инциденты 75 37 +38" "Затронутые государственные органы 53 25 +28" \
    "Уведомления, оставшиеся без ответа 68 30 +38" "Медианный срок получения ответа 54 дня"; do
	has_line "$SCRATCH/ru.all" "$row" || fail "no table row [$row]"
done
flat=$(tr '\n' ' ' <"$SCRATCH/ru.all")
for s in "зарегистрировано 75 компьютерных" "54 дня" "Без ответа остаются 68 уведомлений"; do
	case $flat in *"$s"*) ;; *) fail "text lacks [$s]" ;; esac
done
end

# pages_numbered LANG N MARKING PAGE OF: each page has the marking and
# its number ("PAGE p OF n"), and no other page number.
pages_numbered() {
	local lang=$1 n=$2 mark=$3 word=$4 of=$5 p
	for ((p = 1; p <= n; p++)); do
		grep -qF -- "$word $p $of $n" "$SCRATCH/$lang.$p" || fail "page $p lacks [$word $p $of $n]"
		[ "$(grep -oE -- "$word [0-9]+ $of [0-9]+" "$SCRATCH/$lang.$p" | wc -l)" = 1 ] ||
		    fail "page $p: more than one page number"
		grep -qF -- "$mark" "$SCRATCH/$lang.$p" || fail "page $p lacks the marking [$mark]"
	done
}

begin "pdftotext: en: page numbers and marking on every page"
pages_numbered en "$n_en" "FOR OFFICIAL USE ONLY" Page of
# The cover carries the marking on a line of its own.
has_line "$SCRATCH/en.1" "FOR OFFICIAL USE ONLY" || fail "cover: no marking line"
has_line "$SCRATCH/en.1" "Cyber incidents from the Internet segment of" || fail "page 1 is not the cover"
end

begin "pdftotext: ru: page numbers and marking on every page"
pages_numbered ru "$n_ru" "ДЛЯ СЛУЖЕБНОГО ПОЛЬЗОВАНИЯ" Стр. из
has_line "$SCRATCH/ru.1" "ДЛЯ СЛУЖЕБНОГО ПОЛЬЗОВАНИЯ" || fail "cover: no marking line"
end

# heading_page LANG N TITLE FIRST: the first page from FIRST on with a
# line that is exactly TITLE, or nothing.
heading_page() {
	local p
	for ((p = $4; p <= $2; p++)); do
		has_line "$SCRATCH/$1.$p" "$3" && { echo "$p"; return; }
	done
}

# contents LANG N HEADING: for each outline title, the contents page
# lists it with the page where the heading is; sets heads (one page per
# title, in order) and annex (the annex's first page).
contents() {
	local lang=$1 n=$2 toc= p title listed at
	heads=
	for ((p = 1; p <= n; p++)); do
		has_line "$SCRATCH/$lang.$p" "$3" && { toc=$p; break; }
	done
	[ -n "$toc" ] || { fail "no page has the heading [$3]"; toc=$n; }
	while IFS= read -r title; do
		listed=$(awk -v t="$title" 'index($0, t " ") == 1 &&
		    substr($0, length(t) + 2) ~ /^[0-9]+$/ { print substr($0, length(t) + 2) }' \
		    "$SCRATCH/$lang.$toc")
		at=$(heading_page "$lang" "$n" "$title" $((toc + 1)))
		[ -n "$listed" ] || fail "contents (page $toc) does not list [$title]"
		[ -n "$at" ] || { fail "no page after the contents has the heading [$title]"; at=0; }
		[ "$listed" = "$at" ] || fail "contents gives page [$listed] for [$title], the heading is on page $at"
		heads="$heads $at"
	done <"$SCRATCH/titles.$lang"
	annex=$at
}

begin "contents: en: page numbers match the headings"
contents en "$n_en" Contents
heads_en=$heads
annex_en=$annex
end

begin "contents: ru: page numbers match the headings"
contents ru "$n_ru" Содержание
heads_ru=$heads
annex_ru=$annex
end

# The incidents of the case, from the register itself.
sqlite3 -readonly "$SCRATCH/pristine.db" "SELECT ref FROM incident WHERE country = 'DE'
    AND detected BETWEEN '2019-01-01' AND '2020-05-31' ORDER BY ref" >"$SCRATCH/refs"

# annex LANG N FIRST HEADERS...: every page from FIRST to N has each
# header, and the annex holds every incident of the case exactly once.
annex_check() {
	local lang=$1 n=$2 first=$3 p h
	shift 3
	[ "$first" -ge 1 ] 2>/dev/null || { fail "no annex page"; return; }
	: >"$SCRATCH/annex.$lang"
	for ((p = first; p <= n; p++)); do
		for h in "$@"; do
			grep -qF -- "$h" "$SCRATCH/$lang.$p" || fail "annex page $p lacks the header [$h]"
		done
		cat "$SCRATCH/$lang.$p" >>"$SCRATCH/annex.$lang"
	done
	[ "$(wc -l <"$SCRATCH/refs")" = 75 ] || fail "sqlite3 finds $(wc -l <"$SCRATCH/refs") incidents, not 75"
	grep -o 'NCCCI-[0-9]\{4\}-[0-9]\{4\}' "$SCRATCH/annex.$lang" | sort >"$SCRATCH/got"
	[ "$(sort -u "$SCRATCH/got" | wc -l)" = 75 ] ||
	    fail "$(sort -u "$SCRATCH/got" | wc -l) distinct references in the annex, not 75"
	[ -z "$(uniq -d "$SCRATCH/got")" ] ||
	    fail "references more than once: $(uniq -d "$SCRATCH/got" | tr '\n' ' ')"
	cmp -s "$SCRATCH/got" "$SCRATCH/refs" ||
	    fail "annex references differ from the register: $(diff "$SCRATCH/refs" "$SCRATCH/got" | head -5 | tr '\n' ' ')"
}

begin "annex: en: header row on every page, each incident once"
annex_check en "$n_en" "$annex_en" Incident Detected "Government body or organisation" \
    Severity Notified Reply
has_line "$SCRATCH/en.$annex_en" "Annex A Incidents in the period" ||
    fail "page $annex_en: no annex heading"
end

begin "annex: ru: header row on every page, each incident once"
annex_check ru "$n_ru" "$annex_ru" Инцидент Выявлен "Государственный орган" Ответ
end

# ---------------------------------------------------------------------
# Destinations, links, outline.

# dests QDF: "name page" for each named destination of a QDF file.
dests() {
	awk '/^%% Page [0-9]+$/ { pg = $3; next }
	    pg != "" && /^[0-9]+ 0 obj$/ { page[$1] = pg; pg = ""; next }
	    /^ *\([a-z-]+\)$/ { name = $1; gsub(/[()]/, "", name); want = 2; next }
	    want == 2 && /^ *\[$/ { want = 1; next }
	    want == 1 && /^ *[0-9]+ 0 R$/ { d[name] = $1; want = 0; next }
	    { want = 0 }
	    END { for (k in d) print k, page[d[k]] }' "$1" | sort
}

for lang in en ru; do
	begin "destinations, links and outline: $lang"
	pdf=$SCRATCH/pdf/$lang.pdf
	eval "heads=\$heads_$lang"
	qpdf --qdf --object-streams=disable "$pdf" "$SCRATCH/$lang.qdf" 2>"$SCRATCH/qerr" ||
	    fail "qpdf --qdf: $(cat "$SCRATCH/qerr")"
	dests "$SCRATCH/$lang.qdf" >"$SCRATCH/dests"
	# The destination of each section is the page of its heading.
	set -- $heads
	for id in $ids; do
		got=$(sed -n "s/^$id //p" "$SCRATCH/dests")
		[ -n "$got" ] || fail "no named destination [$id] (have: $(cut -d' ' -f1 "$SCRATCH/dests" | tr '\n' ' '))"
		[ -z "$got" ] || [ "$got" = "${1:-}" ] || fail "destination [$id] on page $got, its heading on page ${1:-?}"
		shift
		grep -aq "^ */Dest ($id)\$" "$SCRATCH/$lang.qdf" || fail "no link to [$id]"
	done
	links=$(grep -ac '^ */Subtype /Link$' "$SCRATCH/$lang.qdf")
	[ "$links" -ge 7 ] || fail "$links link annotations, expected at least 7"
	# Every link goes to a destination that exists.
	for d in $(sed -n 's/^ *\/Dest (\(.*\))$/\1/p' "$SCRATCH/$lang.qdf" | sort -u); do
		grep -q "^$d " "$SCRATCH/dests" || fail "link to a missing destination [$d]"
	done
	# The outline: 7 entries without children, the titles of the
	# layout, each to its heading's page.
	qpdf --json --json-key=outlines "$pdf" >"$SCRATCH/outlines.json" 2>&1 ||
	    fail "qpdf --json: $(head -3 "$SCRATCH/outlines.json")"
	sed -n 's/^ *"title": "\(.*\)"$/\1/p' "$SCRATCH/outlines.json" >"$SCRATCH/otitles"
	cmp -s "$SCRATCH/otitles" "$SCRATCH/titles.$lang" ||
	    fail "outline titles: $(diff "$SCRATCH/titles.$lang" "$SCRATCH/otitles" | tr '\n' ' ')"
	[ "$(grep -c '"kids": \[\]' "$SCRATCH/outlines.json")" = 7 ] ||
	    fail "expected 7 outline entries without children"
	got=$(sed -n 's/^ *"destpageposfrom1": \([0-9]*\),$/\1/p' "$SCRATCH/outlines.json" | tr '\n' ' ')
	[ "$got" = "${heads# } " ] || fail "outline pages [$got], headings on [${heads# }]"
	end
done

# ---------------------------------------------------------------------
# The same bytes every time.

begin "reproducible: --date, en (and --date wins over SOURCE_DATE_EPOCH)"
SOURCE_DATE_EPOCH=1700000000 again "${sample[@]}" --date 2026-11-24 -o "$SCRATCH/pdf/en2.pdf"
expect_status 0
cmp -s "$en" "$SCRATCH/pdf/en2.pdf" || fail "two renders with --date 2026-11-24 differ: $(cmp "$en" "$SCRATCH/pdf/en2.pdf")"
end

begin "reproducible: --date, ru"
again "${sample[@]}" --lang ru --date 2026-11-24 -o "$SCRATCH/pdf/ru2.pdf"
expect_status 0
cmp -s "$ru" "$SCRATCH/pdf/ru2.pdf" || fail "two renders with --date 2026-11-24 differ: $(cmp "$ru" "$SCRATCH/pdf/ru2.pdf")"
end

for lang in en ru; do
	begin "reproducible: SOURCE_DATE_EPOCH, $lang"
	SOURCE_DATE_EPOCH=1700000000 run "${sample[@]}" --lang "$lang" -o "$SCRATCH/pdf/sde-$lang-1.pdf"
	expect_status 0
	SOURCE_DATE_EPOCH=1700000000 again "${sample[@]}" --lang "$lang" -o "$SCRATCH/pdf/sde-$lang-2.pdf"
	expect_status 0
	cmp -s "$SCRATCH/pdf/sde-$lang-1.pdf" "$SCRATCH/pdf/sde-$lang-2.pdf" ||
	    fail "two renders with SOURCE_DATE_EPOCH=1700000000 differ"
	got=$(info "$SCRATCH/pdf/sde-$lang-1.pdf" CreationDate)
	[ "$got" = "2023-11-14T22:13:20Z" ] || fail "CreationDate [$got], expected 2023-11-14T22:13:20Z"
	end
done

# /ID: the MD5 of the file's bytes before its cross-reference stream,
# so that two files have one /ID only when their content is the same.
begin "trailer /ID: the digest of the file"
for f in "$en" "$ru" "$SCRATCH/pdf/sde-en-1.pdf"; do
	id=$(qpdf --show-object=trailer "$f" |
	    sed -n 's/.*\/ID \[ <\([0-9a-f]*\)> <\([0-9a-f]*\)> \].*/\1 \2/p')
	xref=$(tail -c 64 "$f" | sed -n '/^startxref$/{n;p;}')
	want=$(head -c "$xref" "$f" | md5sum | cut -d' ' -f1)
	[ "$id" = "$want $want" ] || fail "$f: /ID [$id], the MD5 of its first $xref bytes is $want"
done
end

begin "--paper letter, --author"
layout en --paper letter
n_letter=$pages
run "${sample[@]}" --date 2026-11-24 --paper letter --author "Jane Q. Doe — Desk" -o "$SCRATCH/pdf/letter.pdf"
expect_status 0
got=$(info "$SCRATCH/pdf/letter.pdf" 'Page size')
[ "$got" = "612 x 792 pts (letter)" ] || fail "Page size [$got]"
got=$(info "$SCRATCH/pdf/letter.pdf" Author)
[ "$got" = "Jane Q. Doe — Desk" ] || fail "Author [$got]"
got=$(info "$SCRATCH/pdf/letter.pdf" Pages)
[ "$got" = "$n_letter" ] || fail "Pages [$got], --dump layout says $n_letter"
end

# ---------------------------------------------------------------------
# PNG pages.

# png_size FILE: "WIDTH HEIGHT" from the IHDR, or nothing if FILE is not a PNG.
png_size() {
	[ "$(od -An -tx1 -N16 "$1" | tr -d ' \n')" = 89504e470d0a1a0a0000000d49484452 ] || return 0
	od -An -tu1 -j16 -N8 "$1" |
	    awk '{ print ($1 * 16777216 + $2 * 65536 + $3 * 256 + $4), ($5 * 16777216 + $6 * 65536 + $7 * 256 + $8) }'
}

# png_names PREFIX N: the names of a series of N pages, one a line.
png_names() {
	local i
	for ((i = 1; i <= $2; i++)); do
		printf '%s-%0*d.png\n' "$1" ${#2} "$i"
	done
}

begin "png: --dpi 50, one A4 page a file"
mkdir "$SCRATCH/png"
run "${sample[@]}" --date 2026-11-24 --format png --dpi 50 -o "$SCRATCH/png/x.png"
expect_status 0
expect_no_errors
ls -A "$SCRATCH/png" >"$SCRATCH/got"
png_names x "$n_en" >"$SCRATCH/want"
cmp -s "$SCRATCH/got" "$SCRATCH/want" ||
    fail "files: $(tr '\n' ' ' <"$SCRATCH/got"), expected $(tr '\n' ' ' <"$SCRATCH/want")"
for f in $(cat "$SCRATCH/got"); do
	got=$(png_size "$SCRATCH/png/$f")
	[ "$got" = "413 585" ] || fail "$f: [${got:-not a PNG}], expected 413x585"
done
end

begin "png: -o without .png names the series the same"
mkdir "$SCRATCH/png2"
again "${sample[@]}" --date 2026-11-24 --format png --dpi 50 -o "$SCRATCH/png2/x"
expect_status 0
ls -A "$SCRATCH/png2" >"$SCRATCH/got"
cmp -s "$SCRATCH/got" "$SCRATCH/want" || fail "files: $(tr '\n' ' ' <"$SCRATCH/got")"
for f in $(cat "$SCRATCH/want"); do
	cmp -s "$SCRATCH/png/$f" "$SCRATCH/png2/$f" || fail "$f differs from the first series"
done
end

# ---------------------------------------------------------------------
# Failures: the exit status, and nothing written or left behind.

mkdir "$SCRATCH/o"
o=$SCRATCH/o
sed 's/<query name="months"><!\[CDATA\[/&\n    SELEKT broken/' "$TOP/templates/briefing.en.xml" >"$SCRATCH/bad.xml"

begin "bad template: 65, no output, no temporary file"
cmp -s "$SCRATCH/bad.xml" "$TOP/templates/briefing.en.xml" && fail "could not break the template"
run "${sample[@]}" --template "$SCRATCH/bad.xml" -o "$o/out.pdf"
expect_status 65
errors | grep -qF "bad.xml" || fail "message does not name the template: $(errors)"
[ -e "$o/out.pdf" ] && fail "out.pdf written"
expect_no_temps "$o"
end

begin "bad template: an existing output stays as it was"
cp "$en" "$o/out.pdf"
run "${sample[@]}" --template "$SCRATCH/bad.xml" -o "$o/out.pdf"
expect_status 65
expect_same_file "$o/out.pdf" "$en"
expect_no_temps "$o"
end

# A write that fails half-way (the file size limit, SIGXFSZ ignored so
# that write(2) returns EFBIG): 74, the old file kept, the temporary gone.
for fmt in pdf png; do
	begin "write error ($fmt): 74, the existing output kept, no temporary file"
	out=$o/out.pdf
	[ "$fmt" = png ] && { out=$o/out; cp "$en" "$o/out-01.png"; }
	(trap '' XFSZ; ulimit -f 16; run "${sample[@]}" --format "$fmt" -o "$out"; exit "$status")
	status=$?
	expect_status 74
	errors | grep -qF "File too large" || fail "message: $(errors)"
	expect_same_file "$o/out.pdf" "$en"
	if [ "$fmt" = png ]; then
		expect_same_file "$o/out-01.png" "$en"
		[ "$(ls -A "$o" | grep -c '^out-')" = 1 ] || fail "pages written: $(ls -A "$o" | tr '\n' ' ')"
		rm -f "$o/out-01.png"
	fi
	expect_no_temps "$o"
	end
done

begin "output in a missing directory: 73, naming the path"
run "${sample[@]}" -o "$SCRATCH/nodir/x.pdf"
expect_status 73
errors | grep -qF "$SCRATCH/nodir/x.pdf" || fail "message does not name the path: $(errors)"
[ -e "$SCRATCH/nodir" ] && fail "$SCRATCH/nodir created"
end

if [ "$(id -u)" = 0 ]; then
	echo "render: skipped as root: output in a read-only directory"
else
	begin "output in a read-only directory: 73"
	mkdir "$SCRATCH/ro"
	chmod 555 "$SCRATCH/ro"
	run "${sample[@]}" -o "$SCRATCH/ro/x.pdf"
	expect_status 73
	errors | grep -qF "$SCRATCH/ro/x.pdf" || fail "message does not name the path: $(errors)"
	[ -z "$(ls -A "$SCRATCH/ro")" ] || fail "written: $(ls -A "$SCRATCH/ro")"
	chmod 755 "$SCRATCH/ro"
	end
fi

begin "output is a directory: 73, the directory untouched"
mkdir "$o/somedir"
echo keep >"$o/somedir/keep"
ls -lA --time-style=full-iso "$o/somedir" >"$SCRATCH/before"
run "${sample[@]}" -o "$o/somedir"
expect_status 73
errors | grep -qF "$o/somedir" || fail "message does not name the path: $(errors)"
[ -d "$o/somedir" ] || fail "somedir is no longer a directory"
ls -lA --time-style=full-iso "$o/somedir" >"$SCRATCH/after"
cmp -s "$SCRATCH/before" "$SCRATCH/after" || fail "somedir changed: $(diff "$SCRATCH/before" "$SCRATCH/after")"
expect_no_temps "$o"
end

# -o DIR/ names no file: the pages must not become DIR/-1.png ...
begin "png: -o DIR/ is refused, nothing written"
mkdir "$o/pngdir"
run "${sample[@]}" --format png --dpi 50 -o "$o/pngdir/"
if [ "$status" != 64 ] && [ "$status" != 73 ]; then
	fail "exit status $status, expected 64 or 73; files written: $(ls -A "$o/pngdir" | head -3 | tr '\n' ' ')..."
elif [ -n "$(ls -A "$o/pngdir")" ]; then
	fail "files written: $(ls -A "$o/pngdir" | head -3 | tr '\n' ' ')..."
fi
rm -rf "$o/pngdir"
end

# usage CASE ARGS...: 64, a message, nothing on stdout, nothing in $o.
usage() {
	local name=$1
	shift
	begin "usage: $name"
	ls -A "$o" >"$SCRATCH/before"
	run "${sample[@]}" "$@"
	expect_status 64
	[ -n "$(errors)" ] || fail "no message"
	[ -s "$SCRATCH/out" ] && fail "stdout: $(head -3 "$SCRATCH/out")"
	ls -A "$o" >"$SCRATCH/after"
	cmp -s "$SCRATCH/before" "$SCRATCH/after" || fail "files written: $(diff "$SCRATCH/before" "$SCRATCH/after")"
	end
}
usage "no -o"
usage "--format bad" --format bad -o "$o/a.pdf"
usage "--paper bad" --paper bad -o "$o/a.pdf"
usage "--dump layout with -o" --dump layout -o "$o/a.pdf"
usage "--dpi 0" --format png --dpi 0 -o "$o/a"

# ---------------------------------------------------------------------
# Killed in the middle: no temporary file, and either nothing or the
# whole output. Not under valgrind (slow, and the timing means nothing).

# killed DIR PREFIX N: after a render into DIR was killed, checks what is left.
killed_png() {
	local dir=$1 n=$2 f
	expect_no_temps "$dir"
	ls -A "$dir" >"$SCRATCH/got"
	if [ -s "$SCRATCH/got" ]; then
		png_names x "$n" >"$SCRATCH/want"
		cmp -s "$SCRATCH/got" "$SCRATCH/want" ||
		    fail "partial output: $(tr '\n' ' ' <"$SCRATCH/got")"
		for f in $(cat "$SCRATCH/got"); do
			[ -n "$(png_size "$dir/$f")" ] || fail "$f is not a PNG"
		done
	fi
}

if [ -z "$wrapped" ]; then
	begin "kill -TERM during a PNG render at 600 dpi"
	dir=$SCRATCH/kill-png
	mkdir "$dir"
	"$BRIEFGEN" "${sample[@]}" --format png --dpi 600 -o "$dir/x.png" \
	    >/dev/null 2>"$SCRATCH/err" &
	pid=$!
	# Wait (up to 10 s) for the first temporary page, so that the
	# signal lands while one exists; then a little more.
	for ((i = 0; i < 200; i++)); do
		[ -n "$(temps "$dir")" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	[ -n "$(temps "$dir")" ] || echo "render: note: no temporary file seen before the kill"
	sleep 0.2
	kill -TERM "$pid" 2>/dev/null
	wait "$pid"
	st=$?
	[ "$st" = 143 ] || [ "$st" = 0 ] || fail "exit status $st (stderr: $(cat "$SCRATCH/err"))"
	[ "$st" = 143 ] && [ -n "$(ls -A "$dir")" ] && fail "killed, yet left $(ls -A "$dir" | tr '\n' ' ')"
	killed_png "$dir" "$n_en"
	end

	# A PDF render is short: a few delays put the signal before, during
	# and after the write. Each outcome must be nothing or a whole PDF.
	begin "kill -TERM during a PDF render"
	for delay in 0.01 0.03 0.05 0.08 0.12 0.2; do
		dir=$SCRATCH/kill-pdf-$delay
		mkdir "$dir"
		"$BRIEFGEN" "${sample[@]}" -o "$dir/x.pdf" >/dev/null 2>"$SCRATCH/err" &
		pid=$!
		sleep "$delay"
		kill -TERM "$pid" 2>/dev/null
		wait "$pid"
		st=$?
		[ "$st" = 143 ] || [ "$st" = 0 ] || fail "after $delay s: exit status $st (stderr: $(cat "$SCRATCH/err"))"
		expect_no_temps "$dir"
		left=$(ls -A "$dir")
		if [ -n "$left" ]; then
			[ "$left" = x.pdf ] || fail "after $delay s: left $left"
			qpdf --check "$dir/x.pdf" >/dev/null 2>&1 || fail "after $delay s: x.pdf fails qpdf --check"
			[ "$(info "$dir/x.pdf" Pages)" = "$n_en" ] || fail "after $delay s: x.pdf is incomplete"
		fi
	done
	end
fi

begin "the register is unchanged by rendering"
expect_same_file "$db" "$SCRATCH/pristine.db"
end

finish
