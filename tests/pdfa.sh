#!/usr/bin/env bash
# PDF/A-2b (ISO 19005-2, level B) for `render`: the sample case (DE,
# 2019-01..2020-05) in English and Russian, and a template with no
# subject, author or keywords, read back with tools that share nothing
# with briefgen's writer: qpdf (--check, --json through tests/pdfa.py,
# --show-object), pdfinfo (-meta for the XMP), pdffonts, xmllint, md5sum,
# and Apache PDFBox's Preflight where it is installed. One check per rule
# briefgen keeps, named by its clause of ISO 19005-2. Debian has no
# PDF/A-2 validator (no veraPDF); Preflight validates PDF/A-1b, so its
# findings that PDF/A-2 dropped are expected (see preflight below).
. "$(dirname "$0")/lib.sh"

unset SOURCE_DATE_EPOCH
db=$SCRATCH/sample.db
sample_register "$db"
sample=(--db "$db" render --country DE --from 2019-01 --to 2020-05 --date 2020-06-01)
icc=$TOP/data/icc/sRGB.icc

# stderr without valgrind's own report (its "possibly lost" lines from
# Pango's interned languages are not errors), as render.sh has it.
errors() {
	grep -v '^==[0-9]*==' "$SCRATCH/err"
}

expect_no_errors() {
	[ -z "$(errors)" ] || fail "stderr: $(errors)"
}

# pdfa CHECK PDF [ARG...]: tests/pdfa.py's check, its reason a failure.
pdfa() {
	local why
	why=$(python3 "$TOP/tests/pdfa.py" "$@" 2>&1) || fail "$why"
}

# xmp_is_info PDF: its XMP is well-formed XML (xmllint) and says what
# its Info dictionary says (6.6.2.3.1).
xmp_is_info() {
	pdfinfo -meta "$1" >"$SCRATCH/xmp" 2>/dev/null
	pdfinfo -isodates "$1" >"$SCRATCH/info" 2>/dev/null
	xmllint --noout --nonet "$SCRATCH/xmp" 2>/dev/null || fail "not well-formed"
	pdfa xmp-info "$1" "$SCRATCH/xmp" "$SCRATCH/info"
}

# rules PDF LANG: every check of one rendered file.
rules() {
	local pdf=$1 lang=$2 n

	begin "$lang: qpdf --check is clean"
	qpdf --check "$pdf" >"$SCRATCH/check" 2>&1 || fail "qpdf --check: $(tail -3 "$SCRATCH/check")"
	grep -q '^No syntax or stream encoding errors found' "$SCRATCH/check" &&
	    ! grep -qi 'warning' "$SCRATCH/check" || fail "qpdf --check: $(head -5 "$SCRATCH/check")"
	end

	begin "$lang: 6.1.2 header %PDF-1.7 and a binary comment"
	pdfa binary-header "$pdf"
	end
	begin "$lang: 6.1.3 trailer has an /ID and no /Encrypt"
	pdfa trailer-id "$pdf"
	end
	begin "$lang: 6.1.3 /ID is the MD5 of the bytes before the xref stream"
	pdfa id-md5 "$pdf"
	end
	begin "$lang: 6.1.7.1 stream and endstream on lines of their own, /Length bytes apart"
	pdfa stream-keywords "$pdf"
	end
	begin "$lang: 6.1.7.1 no stream has /F, /FFilter or /FDecodeParms"
	pdfa stream-dicts "$pdf"
	end
	begin "$lang: 6.1.7.2 no LZWDecode filter"
	pdfa no-lzw "$pdf"
	end
	begin "$lang: 6.1.9 obj and endobj keywords on lines of their own"
	pdfa obj-keywords "$pdf"
	end
	begin "$lang: 6.1.13 implementation limits (integers, reals, names, strings, q depth)"
	pdfa limits "$pdf"
	end

	begin "$lang: 6.2.3 one output intent, GTS_PDFA1, sRGB IEC61966-2.1"
	pdfa output-intent "$pdf"
	end
	begin "$lang: 6.2.3 the output profile has /N 3 and is data/icc/sRGB.icc"
	pdfa profile "$pdf" "$icc"
	n=$(python3 "$TOP/tests/pdfa.py" output-intent "$pdf")
	# The same bytes again, through qpdf's own decoding.
	qpdf --show-object="$n" --filtered-stream-data "$pdf" >"$SCRATCH/icc" 2>/dev/null
	cmp -s "$SCRATCH/icc" "$icc" || fail "qpdf --show-object=$n --filtered-stream-data differs from $icc"
	end
	begin "$lang: 6.2.4.3 device colour only as DeviceRGB and DeviceGray (the RGB output intent)"
	pdfa colour "$pdf"
	end
	begin "$lang: 6.2.10 no transparency (no SMask, group, ExtGState, alpha)"
	pdfa transparency "$pdf"
	end

	begin "$lang: 6.2.11.3.2 every CIDFontType2 has a /CIDToGIDMap"
	pdfa cidtogid "$pdf"
	end
	begin "$lang: 6.2.11.4.1 every font embedded (pdffonts)"
	pdffonts "$pdf" >"$SCRATCH/fonts" 2>&1 || fail "pdffonts failed"
	n=$(tail -n +3 "$SCRATCH/fonts" | wc -l)
	[ "$n" -gt 0 ] || fail "no fonts"
	tail -n +3 "$SCRATCH/fonts" | awk '$(NF-4) != "yes" { exit 1 }' ||
	    fail "not embedded: $(tail -n +3 "$SCRATCH/fonts" | awk '$(NF-4) != "yes"')"
	end
	begin "$lang: 6.2.11.5 /W and /DW widths are the embedded font's advances"
	pdfa widths "$pdf"
	end
	begin "$lang: 6.2.11.8 no text shows .notdef (glyph 0)"
	pdfa notdef "$pdf"
	end

	begin "$lang: 6.3.2 annotations are links with /F 4 (printed, never hidden)"
	pdfa annots "$pdf"
	end
	begin "$lang: 6.5.1 no actions, JavaScript, Launch or forms"
	pdfa no-actions "$pdf"
	end

	begin "$lang: 6.6.2.1 catalog /Metadata: /Type/Metadata/Subtype/XML, no Filter"
	pdfa metadata-stream "$pdf"
	n=$(python3 "$TOP/tests/pdfa.py" metadata-stream "$pdf")
	# qpdf's raw bytes: what a reader that knows no filter sees.
	qpdf --show-object="$n" --raw-stream-data "$pdf" >"$SCRATCH/xmp.raw" 2>/dev/null
	grep -q 'pdfaid:part' "$SCRATCH/xmp.raw" || fail "the raw metadata stream is not XMP text"
	end
	begin "$lang: 6.6.2.1 xpacket header (begin=BOM, id) and trailer"
	pdfa xpacket "$pdf"
	end
	pdfinfo -meta "$pdf" >"$SCRATCH/xmp" 2>/dev/null
	pdfinfo -isodates "$pdf" >"$SCRATCH/info" 2>/dev/null
	begin "$lang: 6.6.2.1 the XMP is well-formed XML (xmllint)"
	xmllint --noout --nonet "$SCRATCH/xmp" 2>"$SCRATCH/lint" || fail "$(head -3 "$SCRATCH/lint")"
	end
	begin "$lang: 6.6.2.3.1 XMP equals Info (title, author, subject, keywords, creator, producer, dates)"
	pdfa xmp-info "$pdf" "$SCRATCH/xmp" "$SCRATCH/info"
	end
	begin "$lang: 6.6.4 pdfaid:part 2, pdfaid:conformance B"
	pdfa pdfaid "$pdf" "$SCRATCH/xmp"
	end
}

for lang in en ru; do
	pdf=$SCRATCH/briefing.$lang.pdf
	begin "$lang: render"
	run "${sample[@]}" --lang "$lang" -o "$pdf"
	expect_status 0
	expect_no_errors
	end
	[ -s "$pdf" ] || continue
	rules "$pdf" "$lang"

	begin "$lang: catalog /Lang $lang"
	pdfa lang "$pdf" "$lang"
	end
	begin "$lang: a second render is the same bytes"
	BRIEFGEN_WRAP= run "${sample[@]}" --lang "$lang" -o "$SCRATCH/again.pdf"
	cmp -s "$pdf" "$SCRATCH/again.pdf" || fail "the two renders differ"
	end
done

# The figures' alternate text, against the register and `figures`.
peak=$(sqlite3 "$db" "SELECT count(*) || ' ' || substr(detected, 1, 7) AS m
    FROM incident WHERE country = 'DE' AND detected BETWEEN '2019-01-01' AND
    '2020-05-31' GROUP BY substr(detected, 1, 7) ORDER BY count(*) DESC, m LIMIT 1")
peak_n=${peak% *}
peak_m=${peak#* }
months_en=(January February March April May June July August September October November December)
months_ru=(январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь)
m=$((10#${peak_m#*-} - 1))
run --db "$db" figures --country DE --from 2019-01 --to 2020-05 --format json
unanswered=$(sed -n 's/.*"unanswered": \([0-9]*\).*/\1/p' "$SCRATCH/out")
for lang in en ru; do
	pdf=$SCRATCH/briefing.$lang.pdf
	begin "$lang: every Figure has an /Alt (3), the first with the register's peak"
	python3 "$TOP/tests/pdfa.py" figure-alt "$pdf" >"$SCRATCH/alt" || fail "$(cat "$SCRATCH/alt")"
	[ "$(wc -l <"$SCRATCH/alt")" = 3 ] || fail "$(wc -l <"$SCRATCH/alt") figures with /Alt, expected 3"
	if [ "$lang" = en ]; then
		want="peak $peak_n in ${months_en[$m]} ${peak_m%-*}"
		want2="largest: No reply, $unanswered ("
	else
		# ICU writes "г." after a narrow no-break space.
		want="максимум — $peak_n (${months_ru[$m]} ${peak_m%-*}$(printf '\342\200\257')г.)"
		want2="больше всего: Ответ не получен — $unanswered ("
	fi
	sed -n 1p "$SCRATCH/alt" | grep -qF -- "$want" || fail "first /Alt [$(sed -n 1p "$SCRATCH/alt")], wanted [$want]"
	sed -n 3p "$SCRATCH/alt" | grep -qF -- "$want2" || fail "third /Alt [$(sed -n 3p "$SCRATCH/alt")], wanted [$want2]"
	end
done

begin "ru: the XMP title is the Cyrillic one"
grep -q '<rdf:li xml:lang="x-default">Компьютерные инциденты' <(pdfinfo -meta "$SCRATCH/briefing.ru.pdf" 2>/dev/null) ||
    fail "no Cyrillic dc:title"
end

# A template without subject, author or keywords, and a title that needs
# escaping: what Info lacks, the XMP lacks.
cat >"$SCRATCH/bare.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<briefing xmlns="urn:briefgen:template:1" lang="en" locale="en_GB">
  <title>Tom &amp; Jerry &lt;draft&gt; "1"</title>
  <figure-alt largest="{title}; largest: {label}, {value} ({share})"/>
  <query name="q">SELECT 'O''Brien \ Sons' AS name, 3 AS n UNION ALL SELECT 'Ltd', 1</query>
  <section>
    <heading>Only</heading>
    <p>Nothing.</p>
    <chart kind="bars" query="q" label="name">
      <title>Who's who</title>
      <series column="n">N</series>
    </chart>
  </section>
</briefing>
EOF
pdf=$SCRATCH/bare.pdf
begin "bare: render"
run "${sample[@]}" --template "$SCRATCH/bare.xml" -o "$pdf"
expect_status 0
expect_no_errors
end
if [ -s "$pdf" ]; then
	pdfinfo -meta "$pdf" >"$SCRATCH/xmp" 2>/dev/null
	pdfinfo -isodates "$pdf" >"$SCRATCH/info" 2>/dev/null
	begin "bare: 6.6.2.1 the escaped XMP is well-formed XML (xmllint)"
	xmllint --noout --nonet "$SCRATCH/xmp" 2>"$SCRATCH/lint" || fail "$(head -3 "$SCRATCH/lint")"
	end
	begin "bare: 6.6.2.3.1 XMP equals Info, absent where Info is"
	pdfa xmp-info "$pdf" "$SCRATCH/xmp" "$SCRATCH/info"
	grep -q 'dc:creator\|dc:description\|pdf:Keywords' "$SCRATCH/xmp" &&
	    fail "the XMP has what Info has not: $(grep 'dc:creator\|dc:description\|pdf:Keywords' "$SCRATCH/xmp")"
	grep -qF 'Tom &amp; Jerry &lt;draft&gt;' "$SCRATCH/xmp" || fail "title not escaped"
	end
	begin "bare: an /Alt with a quote and a backslash comes through whole"
	python3 "$TOP/tests/pdfa.py" figure-alt "$pdf" >"$SCRATCH/alt" || fail "$(cat "$SCRATCH/alt")"
	want="Who's who; largest: O'Brien \\ Sons, 3 (75%)"
	[ "$(cat "$SCRATCH/alt")" = "$want" ] || fail "/Alt [$(cat "$SCRATCH/alt")], wanted [$want]"
	end
fi

# A chart without rows: the template's <empty> words.
begin "en: a chart of zeros has its <empty> words as /Alt"
run --db "$db" render --country DE --from 2010-01 --to 2010-12 --date 2020-06-01 --lang en -o "$SCRATCH/empty.pdf"
expect_status 0
python3 "$TOP/tests/pdfa.py" figure-alt "$SCRATCH/empty.pdf" >"$SCRATCH/alt" || fail "$(cat "$SCRATCH/alt")"
# (The briefing keeps the other two charts out when there is nothing;
# ICU's period has thin spaces round its dash.)
[ "$(sed 's/January.*2010/PERIOD/' "$SCRATCH/alt")" = "Incidents per month, PERIOD: No incidents in this period." ] ||
    fail "/Alt: $(cat "$SCRATCH/alt")"
end

# --author with markup in it: escaped in the XMP, the same as Info.
pdf=$SCRATCH/author.pdf
begin "author: 6.6.2.3.1 an --author of <, & and quotes is the XMP's dc:creator"
run "${sample[@]}" --lang en --author "O'Brien & <Sons> \"Ltd\"" -o "$pdf"
expect_status 0
xmp_is_info "$pdf"
end

# An --author with control characters (the command line refuses bad UTF-8):
# Info and XMP say the same, and the XMP is still XML.
pdf=$SCRATCH/author2.pdf
begin "author: 6.6.2.3.1 an --author with control characters is the same in Info and XMP"
run "${sample[@]}" --lang en --author "$(printf 'Tab\there\001 end')" -o "$pdf"
expect_status 0
xmp_is_info "$pdf"
end

# An --author with the two characters XML has no place for, and one
# longer than a PDF/A string may be: still XML, the same in both, within
# the limits, cut with an ellipsis.
pdf=$SCRATCH/author3.pdf
begin "author: 6.6.2.3.1 and 6.1.13 an --author with U+FFFF, and one of 17,000 characters"
run "${sample[@]}" --lang en --author "$(printf 'non\357\277\277char')" -o "$pdf"
expect_status 0
xmp_is_info "$pdf"
long=$(printf 'Ж%.0s' $(seq 17000))
run "${sample[@]}" --lang en --author "$long" -o "$pdf"
expect_status 0
pdfa limits "$pdf"
xmp_is_info "$pdf"
pdfinfo "$pdf" | grep -q '^Author: *ЖЖЖ.*…$' || fail "the long author is not cut with an ellipsis"
end

# A glyph standing for many characters (the ellipsis of a cut name in
# the NL briefing's tables) shows with /ActualText, and its ToUnicode
# entry stays what readers take: poppler warns of nothing.
pdf=$SCRATCH/nl.pdf
begin "ru: ToUnicode entries poppler reads without a warning, cut names extracted whole"
run --db "$db" render --country NL --from 2019-01 --to 2020-05 --lang ru --date 2020-06-01 -o "$pdf"
expect_status 0
pdftotext "$pdf" "$SCRATCH/nl.txt" 2>"$SCRATCH/warn" || fail "pdftotext"
[ ! -s "$SCRATCH/warn" ] || fail "pdftotext: $(sort -u "$SCRATCH/warn")"
end

# The profile is a data file: without it, a diagnostic and no output.
# The program is copied, so that its own directory (the last place
# datadir looks) has no profile either.
begin "no profile: exit 66, a diagnostic, no output"
if [ -e /usr/local/share/briefgen/data/icc/sRGB.icc ]; then
	echo "pdfa: skipped the missing profile: one is installed" >&2
else
	mkdir -p "$SCRATCH/tree/data" "$SCRATCH/tree/bin"
	ln -s "$TOP/fonts" "$TOP/templates" "$SCRATCH/tree/"
	for f in "$TOP"/data/*; do
		[ "$(basename "$f")" = icc ] || ln -s "$f" "$SCRATCH/tree/data/"
	done
	cp "$BRIEFGEN" "$SCRATCH/tree/bin/briefgen"
	BRIEFGEN_DATADIR=$SCRATCH/tree ${BRIEFGEN_WRAP:-} "$SCRATCH/tree/bin/briefgen" \
	    "${sample[@]}" --lang en -o "$SCRATCH/none.pdf" >"$SCRATCH/out" 2>"$SCRATCH/err"
	status=$?
	expect_status 66
	[ "$(errors)" = "briefgen: data/icc/sRGB.icc: briefgen data file not found (set BRIEFGEN_DATADIR)" ] ||
	    fail "stderr: $(errors)"
	[ -e "$SCRATCH/none.pdf" ] && fail "output written"
	[ -z "$(find "$SCRATCH" -maxdepth 1 -name '.none.pdf*')" ] || fail "temporary file left"
fi
end

# Apache PDFBox Preflight (Debian's libpdfbox2-java) validates PDF/A-1b:
# what it finds must be only what PDF/A-2 allows and PDF/A-1 does not
# (1.4: cross-reference streams, of PDF 1.5; 3.1.11: a CIDSet, which
# PDF/A-2 made optional; 7.11.2: pdfaid:part 2 rather than 1).
jars=/usr/share/java
cp="$jars/preflight.jar:$jars/pdfbox2.jar:$jars/fontbox2.jar:$jars/xmpbox.jar:$jars/commons-logging.jar:$jars/javax.activation.jar:$jars/jaxb-api.jar"
for lang in en ru; do
	pdf=$SCRATCH/briefing.$lang.pdf
	begin "$lang: PDFBox Preflight finds nothing but PDF/A-1-only rules"
	if ! command -v java >/dev/null || [ ! -e "$jars/preflight.jar" ] ||
	    [ ! -e "$jars/jaxb-api.jar" ] || [ ! -e "$jars/javax.activation.jar" ]; then
		echo "pdfa: Preflight skipped: java or libpdfbox2-java missing" >&2
	else
		java -cp "$cp" org.apache.pdfbox.preflight.Validator_A1b "$pdf" >"$SCRATCH/pre" 2>&1
		grep -q 'is not a valid PDF/A-1b file\|is a valid PDF/A-1b file' "$SCRATCH/pre" ||
		    fail "Preflight did not run: $(head -3 "$SCRATCH/pre")"
		grep -v 'is not a valid PDF/A-1b file' "$SCRATCH/pre" |
		    grep -v '^1\.4 : Trailer Syntax error, /XRef cross reference streams are not allowed$' |
		    grep -v '^3\.1\.11 : Invalid Font definition, [A-Z]\{6\}+[A-Za-z-]*: The CIDSet entry is missing for the Composite Subset$' |
		    grep -v '^7\.11\.2 : Error on MetaData, part must be 1$' |
		    grep -v 'is a valid PDF/A-1b file' | grep -v '^[[:space:]]*$' >"$SCRATCH/pre.rest"
		[ -s "$SCRATCH/pre.rest" ] && fail "$(head -5 "$SCRATCH/pre.rest")"
	fi
	end
done

finish
