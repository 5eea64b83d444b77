#!/usr/bin/env bash
# The monthly run and the archive (README, "The archive"): what a run
# renders and records, that a second run renders nothing, the lock, one
# failing briefing among good ones, verify naming every missing, changed
# or unlisted file, and verify --rerender. Files are read with
# sha256sum, xmllint, pdfinfo and sqlite3, not with briefgen.
. "$(dirname "$0")/lib.sh"

db=$SCRATCH/r.db
sample_register "$db"
arch=$SCRATCH/arch
may=$arch/2020/05

# Everything under the archive but its lock, with each file's hash.
snapshot() {
	(cd "$arch" && find . -type f ! -name .lock | LC_ALL=C sort |
	    xargs sha256sum)
}

begin "monthly renders every counterpart with incidents that month, in both languages"
run --db "$db" monthly --archive "$arch" --month 2020-05 --date 2020-06-01
expect_status 0
want=$(sqlite3 "$db" "SELECT DISTINCT country FROM incident WHERE detected
    BETWEEN '2020-05-01' AND '2020-05-31' ORDER BY country" |
    while read -r cc; do echo "$cc-en.pdf"; echo "$cc-ru.pdf"; done)
have=$(cd "$may" && ls *.pdf | LC_ALL=C sort)
[ "$have" = "$want" ] || fail "files [$have], expected [$want]"
[ "$(grep -c ': rendered, [0-9]* pages$' "$SCRATCH/out")" = "$(echo "$want" | wc -l)" ] ||
    fail "stdout: $(cat "$SCRATCH/out")"
tail -1 "$SCRATCH/out" | grep -q '^2020/05: 12 rendered, 0 restored, 0 up to date, 0 failed$' ||
    fail "summary: $(tail -1 "$SCRATCH/out")"
end

begin "sha256sum -c accepts the month, the manifest included"
(cd "$may" && sha256sum -c --strict SHA256SUMS) >"$SCRATCH/sums" 2>&1 ||
    fail "sha256sum -c: $(cat "$SCRATCH/sums")"
grep -q '^manifest.xml: OK$' "$SCRATCH/sums" || fail "manifest.xml not checked"
[ "$(grep -c ': OK$' "$SCRATCH/sums")" = 13 ] || fail "$(cat "$SCRATCH/sums")"
end

begin "the manifest is valid by data/archive.xsd and true of every file"
xmllint --noout --schema "$TOP/data/archive.xsd" "$may/manifest.xml" 2>"$SCRATCH/xl" ||
    fail "xmllint: $(cat "$SCRATCH/xl")"
for f in "$may"/*.pdf; do
	n=$(basename "$f")
	line=$(tr '\n' ' ' <"$may/manifest.xml" | grep -o "<file name=\"$n\"[^>]*>")
	get() { echo "$line" | sed -n "s/.* $1=\"\\([^\"]*\\)\".*/\\1/p"; }
	[ "$(get sha256)" = "$(sha256sum "$f" | cut -d' ' -f1)" ] || fail "$n: sha256"
	[ "$(get bytes)" = "$(stat -c %s "$f")" ] || fail "$n: bytes"
	[ "$(get pages)" = "$(pdfinfo "$f" | sed -n 's/^Pages: *//p')" ] || fail "$n: pages"
	[ "$(get country)-$(get lang).pdf" = "$n" ] || fail "$n: country, lang"
	[ "$(get from) $(get to) $(get issued)" = "2020-05-01 2020-05-31 2020-06-01" ] ||
	    fail "$n: period or issue"
	[ "$(get template-sha256)" = "$(sha256sum "$TOP/templates/briefing.$(get lang).xml" | cut -d' ' -f1)" ] ||
	    fail "$n: template hash"
	[ "$(get version)" = "$("$BRIEFGEN" --version | cut -d' ' -f2)" ] || fail "$n: version"
	[ "$(get created)" = "2020-06-01T00:00:00Z" ] || fail "$n: created"
done
end

begin "what is archived is PDF/A-2b: XMP, output intent, /ID, /Lang"
for f in "$may/DE-en.pdf" "$may/NL-ru.pdf"; do
	pdfinfo -meta "$f" >"$SCRATCH/meta" 2>&1 || fail "$f: pdfinfo -meta"
	grep -q '<pdfaid:part>2</pdfaid:part>' "$SCRATCH/meta" || fail "$f: no pdfaid:part 2"
	grep -q '<pdfaid:conformance>B</pdfaid:conformance>' "$SCRATCH/meta" ||
	    fail "$f: no pdfaid:conformance B"
	qpdf --show-object=trailer "$f" | grep -q '/ID \[ <[0-9a-f]\{32\}> <[0-9a-f]\{32\}> \]' ||
	    fail "$f: no /ID"
	qpdf --json --json-key=qpdf "$f" >"$SCRATCH/json" 2>/dev/null || fail "$f: qpdf --json"
	grep -q '"/S": "/GTS_PDFA1"' "$SCRATCH/json" || fail "$f: no PDF/A output intent"
	grep -q '"/OutputConditionIdentifier": "u:sRGB IEC61966-2.1"' "$SCRATCH/json" ||
	    fail "$f: output intent not sRGB"
	lang=${f%.pdf}; lang=${lang##*-}
	grep -q "\"/Lang\": \"u:$lang\"" "$SCRATCH/json" || fail "$f: no /Lang $lang"
done
end

begin "the register's render table holds the same record"
rows=$(sqlite3 "$db" "SELECT sha256 || '  ' || substr(file, 9) FROM render
    WHERE archive = '$(cd "$arch" && pwd -P)' ORDER BY file")
[ "$rows" = "$(grep -v ' manifest.xml$' "$may/SHA256SUMS")" ] ||
    fail "render table [$rows]"
end

begin "what the archive holds is what render gives for the same parameters"
"$BRIEFGEN" --db "$db" render --country DE --from 2020-05 --to 2020-05 \
    --lang ru --date 2020-06-01 -o "$SCRATCH/de.pdf" || fail "render"
cmp -s "$SCRATCH/de.pdf" "$may/DE-ru.pdf" || fail "DE-ru.pdf differs from render"
end

before=$(snapshot)
begin "a second run on another day renders nothing, and says so"
run --db "$db" monthly --archive "$arch" --month 2020-05 --date 2020-06-05
expect_status 0
tail -1 "$SCRATCH/out" | grep -q '^2020/05: 12 briefings up to date; nothing rendered$' ||
    fail "stdout: $(cat "$SCRATCH/out")"
[ "$(snapshot)" = "$before" ] || fail "the archive changed"
end

begin "verify and verify --rerender accept the archive"
run --db "$db" verify "$arch"
expect_status 0
expect_out "$arch: 13 files as archived, in 1 month"
run --db "$db" verify --rerender "$arch"
expect_status 0
[ "$(grep -c ': rendered again, the same bytes$' "$SCRATCH/out")" = 12 ] ||
    fail "stdout: $(cat "$SCRATCH/out")"
run --db "$db" verify "$may"
expect_status 0
end

begin "the lock keeps a second run out, and the archive as it was"
flock "$arch/.lock" "$BRIEFGEN" --db "$db" monthly --archive "$arch" \
    --month 2020-05 --force >"$SCRATCH/out" 2>"$SCRATCH/err"
status=$?
expect_status 75
expect_err "briefgen: $arch: another briefgen run is writing this archive; try again later"
[ "$(snapshot)" = "$before" ] || fail "the archive changed"
end

begin "verify names a flipped byte, and monthly will not overwrite it"
cp "$may/NL-en.pdf" "$SCRATCH/nl.pdf"
printf '\x01' | dd of="$may/NL-en.pdf" bs=1 seek=3000 conv=notrunc 2>/dev/null
run --db "$db" verify "$arch"
expect_status 65
grep -q "^briefgen: $may/NL-en.pdf: changed since it was archived: sha256 [0-9a-f]*, SHA256SUMS says $(sha256sum "$SCRATCH/nl.pdf" | cut -d' ' -f1)$" \
    "$SCRATCH/err" || fail "stderr: $(cat "$SCRATCH/err")"
[ "$(wc -l <"$SCRATCH/err")" = 1 ] || fail "stderr: $(cat "$SCRATCH/err")"
run --db "$db" monthly --archive "$arch" --month 2020-05 --lang en --date 2020-06-05
expect_status 65
grep -q "^briefgen: $may/NL-en.pdf: changed since it was archived: .*not overwritten" \
    "$SCRATCH/err" || fail "stderr: $(cat "$SCRATCH/err")"
grep -q '^2020/05/NL-en.pdf: failed; the archive keeps what it had$' "$SCRATCH/out" ||
    fail "stdout: $(cat "$SCRATCH/out")"
cp "$SCRATCH/nl.pdf" "$may/NL-en.pdf"
end

begin "verify names a missing and an unlisted file; monthly restores the missing one as issued"
rm "$may/US-ru.pdf"
echo note >"$may/notes.txt"
# What a run killed at the wrong moment leaves: the next run sweeps it.
echo part >"$may/.GB-en.pdf.pending"
run --db "$db" verify "$arch"
expect_status 66
expect_err "briefgen: $may/US-ru.pdf: listed in the archive but missing
briefgen: $may/.GB-en.pdf.pending: not listed in the archive
briefgen: $may/notes.txt: not listed in the archive"
rm "$may/notes.txt"
run --db "$db" monthly --archive "$arch" --month 2020-05 --date 2020-07-01
expect_status 0
grep -q '^2020/05/US-ru.pdf: restored, the same bytes as issued$' "$SCRATCH/out" ||
    fail "stdout: $(cat "$SCRATCH/out")"
[ "$(snapshot)" = "$before" ] || fail "the archive is not as it was"
end

begin "one failing briefing does not stop the others, and the status says so"
run --db "$db" monthly --archive "$arch" --month 2020-06 --countries DE,XX,NL \
    --lang en --date 2020-07-01
expect_status 65
expect_err "briefgen: $db: country not in the register: XX (it has CN, DE, FR, GB, NL, PL, UA, US)"
expect_out "2020/06/DE-en.pdf: rendered, $(pdfinfo "$arch/2020/06/DE-en.pdf" | sed -n 's/^Pages: *//p') pages
2020/06/XX-en.pdf: failed; the archive keeps what it had
2020/06/NL-en.pdf: rendered, $(pdfinfo "$arch/2020/06/NL-en.pdf" | sed -n 's/^Pages: *//p') pages
2020/06: 2 rendered, 0 restored, 0 up to date, 1 failed"
(cd "$arch/2020/06" && ls) >"$SCRATCH/ls"
[ "$(cat "$SCRATCH/ls")" = "DE-en.pdf
NL-en.pdf
SHA256SUMS
manifest.xml" ] || fail "2020/06 holds $(cat "$SCRATCH/ls")"
run --db "$db" verify "$arch"
expect_status 0
expect_out "$arch: 16 files as archived, in 2 months"
end

begin "a file in the way is reported and left alone; the rest go in"
mkdir -p "$arch/2020/04"
echo mine >"$arch/2020/04/DE-en.pdf"
run --db "$db" monthly --archive "$arch" --month 2020-04 --countries DE,NL --lang en --date 2020-05-01
expect_status 65
expect_err "briefgen: $arch/2020/04/DE-en.pdf: not listed in the archive: not overwritten; move it away and run again"
[ "$(cat "$arch/2020/04/DE-en.pdf")" = mine ] || fail "overwritten"
[ -f "$arch/2020/04/NL-en.pdf" ] || fail "NL-en.pdf not rendered"
rm -r "$arch/2020/04"
end

begin "a late reply: verify --rerender sees the register changed, monthly supersedes"
cat >"$SCRATCH/late.xml" <<'EOF'
<register xmlns="urn:briefgen:register:1">
  <incident ref="NCCCI-2020-0056" detected="2020-05-07" source-country="DE" target="rosstat" type="ddos" severity="2">
    <notification sent="2020-05-09" recipient="Federal Foreign Office of Germany">
      <reply received="2020-05-30" quality="substantive"/>
    </notification>
  </incident>
</register>
EOF
"$BRIEFGEN" --db "$db" import "$SCRATCH/late.xml" >/dev/null || fail "import"
run --db "$db" verify --rerender "$may"
expect_status 65
grep -q "^briefgen: $may/DE-en.pdf: rendering it again does not give the archived file: the register's content for it has changed since" \
    "$SCRATCH/err" || fail "stderr: $(cat "$SCRATCH/err")"
cp "$may/DE-en.pdf" "$SCRATCH/de-issued.pdf"
run --db "$db" monthly --archive "$arch" --month 2020-05 --date 2020-07-02
expect_status 0
grep -q '^2020/05/DE-en.pdf: rendered again, [0-9]* pages; the file it replaces is 2020/05/superseded/DE-en.2020-06-01.pdf$' \
    "$SCRATCH/out" || fail "stdout: $(cat "$SCRATCH/out")"
grep -q '^2020/05: 2 rendered, 0 restored, 10 up to date, 0 failed$' "$SCRATCH/out" ||
    fail "stdout: $(cat "$SCRATCH/out")"
cmp -s "$SCRATCH/de-issued.pdf" "$may/superseded/DE-en.2020-06-01.pdf" ||
    fail "the superseded file is not the one issued"
pdftotext "$may/DE-en.pdf" - | grep -q "Issued 2 July 2020" || fail "new issue date"
(cd "$may" && sha256sum -c --quiet --strict SHA256SUMS) || fail "sha256sum -c"
grep -q 'name="superseded/DE-en.2020-06-01.pdf".*' "$may/manifest.xml" || fail "manifest"
tr '\n' ' ' <"$may/manifest.xml" | grep -q 'name="superseded/DE-en.2020-06-01.pdf"[^>]*superseded="2020-07-02"' ||
    fail "manifest: no superseded day"
[ "$(sqlite3 "$db" "SELECT superseded FROM render WHERE file = '2020/05/superseded/DE-en.2020-06-01.pdf'")" = 2020-07-02 ] ||
    fail "render table: superseded"
run --db "$db" verify --rerender "$may"
expect_status 0
# The June briefing compares with May: it read the reply too.
run --db "$db" verify --rerender "$arch"
expect_status 65
expect_err "$(grep "^briefgen: $arch/2020/06/DE-en.pdf: rendering it again does not give the archived file: the register's content for it has changed since" "$SCRATCH/err")"
[ -n "$(cat "$SCRATCH/err")" ] || fail "June not named"
end

begin "--force renders again; the same inputs and day give the same bytes"
before=$(snapshot)
run --db "$db" monthly --archive "$arch" --month 2020-06 --lang en --countries NL --date 2020-07-01 --force
expect_status 0
expect_out "2020/06/NL-en.pdf: rendered again, the same bytes as archived
2020/06: 1 briefing up to date; nothing rendered"
[ "$(snapshot)" = "$before" ] || fail "the archive changed"
end

begin "without --month, the month before the date of issue"
run --db "$db" monthly --archive "$arch" --lang en --countries NL --date 2020-07-15
expect_status 0
expect_out "2020/06/NL-en.pdf: up to date
2020/06: 1 briefing up to date; nothing rendered"
run --db "$db" monthly --archive "$SCRATCH/jan" --lang en --countries NL --date 2021-01-03
expect_status 0
[ -f "$SCRATCH/jan/2020/12/NL-en.pdf" ] || fail "not in 2020/12"
end

begin "a month without incidents renders nothing"
run --db "$db" monthly --archive "$arch" --month 2016-02
expect_status 0
expect_out "2016/02: no incidents in 2016-02; nothing to render"
[ ! -e "$arch/2016" ] || fail "2016/ made"
end

begin "usage errors"
run --db "$db" monthly --month 2020-05
expect_status 64
expect_err "briefgen: usage: --archive DIR is required"
run --db "$db" monthly --archive "$arch" --month 2020-13
expect_status 64
expect_err "briefgen: usage: --month 2020-13: not a month; write YYYY-MM"
run --db "$db" monthly --archive "$arch" --lang en,fr
expect_status 64
expect_err "briefgen: usage: --lang: 'fr' is not a language of the shipped templates; use en or ru"
run --db "$db" monthly --archive "$arch" --countries DE,de
expect_status 64
expect_err "briefgen: usage: --countries DE,de: DE is given twice"
run --db "$db" verify
expect_status 64
expect_err "briefgen: usage: verify needs the archive DIR"
run --db "$db" monthly --archive "$SCRATCH/no/such/dir" --month 2020-05
expect_status 73
expect_err "briefgen: $SCRATCH/no/such/dir: cannot create: No such file or directory"
end

begin "verify: no archive, and a broken manifest named with its line"
mkdir "$SCRATCH/empty"
run verify "$SCRATCH/empty"
expect_status 66
expect_err "briefgen: $SCRATCH/empty: no archive here (no manifest.xml in it or below)"
cp -r "$arch/2020/06" "$SCRATCH/june"
sed -i 's/pages="\([0-9]*\)"/pages="many"/' "$SCRATCH/june/manifest.xml"
run verify "$SCRATCH/june"
expect_status 65
grep -q "^briefgen: $SCRATCH/june/manifest.xml:[0-9]*: not a valid archive manifest: .*pages.*many" "$SCRATCH/err" ||
    fail "stderr: $(cat "$SCRATCH/err")"
grep -q "^briefgen: $SCRATCH/june/manifest.xml: changed since it was archived" "$SCRATCH/err" ||
    fail "stderr: $(cat "$SCRATCH/err")"
end

begin "a run stopped between its renames: the next one puts the issued file back"
a2=$SCRATCH/arch2
cp -a "$arch" "$a2"
m2=$a2/2020/06
mkdir -p "$m2/superseded"
mv "$m2/NL-en.pdf" "$m2/superseded/NL-en.2020-07-01.pdf"
run --db "$db" monthly --archive "$a2" --month 2020-06 --countries NL --lang en --date 2020-07-20
expect_status 0
expect_out "2020/06/NL-en.pdf: put back from 2020/06/superseded/NL-en.2020-07-01.pdf, where a run stopped midway left it
2020/06/NL-en.pdf: up to date
2020/06: 1 briefing up to date; nothing rendered"
run verify "$a2"
expect_status 0
end

begin "a file missing whose inputs changed is not silently replaced; --force issues a new one"
rm "$m2/DE-en.pdf"
run --db "$db" monthly --archive "$a2" --month 2020-06 --countries DE --lang en --date 2020-07-20
expect_status 66
expect_err "briefgen: $m2/DE-en.pdf: listed in the archive but missing: what it was rendered from has changed since, so the issued file cannot be rendered again; put it back from a copy, or run with --force to issue a new one (the record of the lost one stays)"
[ ! -e "$m2/DE-en.pdf" ] || fail "a file was put there"
run --db "$db" monthly --archive "$a2" --month 2020-06 --countries DE --lang en --date 2020-07-20 --force
expect_status 0
grep -q '^2020/06/DE-en.pdf: rendered again, [0-9]* pages; the file it replaces was missing, its record is 2020/06/superseded/DE-en.2020-07-01.pdf$' "$SCRATCH/out" ||
    fail "stdout: $(cat "$SCRATCH/out")"
run verify "$a2"
expect_status 66
expect_err "briefgen: $m2/superseded/DE-en.2020-07-01.pdf: listed in the archive but missing"
end

begin "monthly will not build on a record that contradicts itself"
sed -i '0,/pages="[0-9]*"/s//pages="99"/' "$arch/2020/06/manifest.xml"
cp -a "$arch/2020/06" "$SCRATCH/june-before"
run --db "$db" monthly --archive "$arch" --month 2020-06 --countries FR --lang en --date 2020-07-20
expect_status 65
expect_err "briefgen: $arch/2020/06/SHA256SUMS: manifest.xml and SHA256SUMS disagree: it does not list manifest.xml as it is
briefgen: $arch/2020/06/SHA256SUMS: manifest.xml and SHA256SUMS disagree: nothing rendered for 2020/06 (see 'briefgen verify')"
diff -r "$SCRATCH/june-before" "$arch/2020/06" >/dev/null || fail "the month changed"
mv "$arch/2020/06/SHA256SUMS" "$SCRATCH/sums-june"
run --db "$db" monthly --archive "$arch" --month 2020-06 --countries FR --lang en --date 2020-07-20
expect_status 66
expect_err "briefgen: $arch/2020/06/SHA256SUMS: listed in the archive but missing: the month's record is incomplete; nothing rendered for 2020/06 (see 'briefgen verify')"
mv "$SCRATCH/sums-june" "$arch/2020/06/SHA256SUMS"
rm -r "$arch/2020/06"
cp -a "$SCRATCH/june-before" "$arch/2020/06"
sed -i '0,/pages="99"/s//pages="'"$(pdfinfo "$arch/2020/06/DE-en.pdf" | sed -n 's/^Pages: *//p')"'"/' "$arch/2020/06/manifest.xml"
run verify "$arch"
expect_status 0
end

begin "verify reads SHA256SUMS with CRLF as sha256sum does, and a bad line alone"
cp -a "$arch/2020/05" "$SCRATCH/crlf"
sed -i 's/$/\r/' "$SCRATCH/crlf/SHA256SUMS"
(cd "$SCRATCH/crlf" && sha256sum -c --quiet SHA256SUMS) || fail "sha256sum -c"
run verify "$SCRATCH/crlf"
expect_status 0
printf '\r\n' >>"$SCRATCH/crlf/SHA256SUMS"
run verify "$SCRATCH/crlf"
expect_status 65
expect_err "briefgen: $SCRATCH/crlf/SHA256SUMS:$(wc -l <"$SCRATCH/crlf/SHA256SUMS"): not a valid SHA256SUMS line: a blank line"
end

begin "verify --rerender does not call a changed file the same"
cp "$may/GB-en.pdf" "$SCRATCH/gb.pdf"
printf '\x01' | dd of="$may/GB-en.pdf" bs=1 seek=2000 conv=notrunc 2>/dev/null
run --db "$db" verify --rerender "$may"
expect_status 65
grep -q "GB-en.pdf: rendered again" "$SCRATCH/out" && fail "stdout: $(cat "$SCRATCH/out")"
grep -q "^$may: 11 files rendered again, the same bytes$" "$SCRATCH/out" ||
    fail "stdout: $(cat "$SCRATCH/out")"
cp "$SCRATCH/gb.pdf" "$may/GB-en.pdf"
end

begin "the shipped systemd unit and crontab line run as written"
# Their paths, the site's, become the scratch directory's.
sub() {
	sed -e "s|/usr/local/bin/briefgen|$BRIEFGEN|" -e "s|/var/lib/briefgen|$SCRATCH/site|g"
}
mkdir -p "$SCRATCH/site"
cp "$db" "$SCRATCH/site/register.db"
unit=$TOP/dist/briefgen-monthly.service
env=$(sed -n 's/^Environment=//p' "$unit" | sub)
cmd=$(sed -n 's/^ExecStart=//p' "$unit" | sub)
[ -n "$env" ] && [ -n "$cmd" ] || fail "no Environment= or ExecStart= in $unit"
env "$env" $cmd --date 2020-06-01 --lang en >"$SCRATCH/out" 2>"$SCRATCH/err" ||
    fail "ExecStart: $(cat "$SCRATCH/err")"
grep -q '^2020/05: 6 rendered, 0 restored, 0 up to date, 0 failed$' "$SCRATCH/out" ||
    fail "ExecStart: $(cat "$SCRATCH/out")"
grep -q '^OnCalendar=\*-\*-01 ' "$TOP/dist/briefgen-monthly.timer" ||
    fail "the timer does not run on the first of the month"
# minute hour day month weekday user command, as /etc/cron.d has it
read -r mi ho dm mo dw user cron <<<"$(grep '^[0-9]' "$TOP/dist/briefgen.cron" | sub)"
[ "$mi $ho $dm $mo $dw" = "0 6 1 * *" ] || fail "cron schedule [$mi $ho $dm $mo $dw]"
[ "$user" = briefgen ] || fail "cron user [$user]"
(cd "$SCRATCH" && sh -c "$cron --date 2020-06-01 --lang en") >"$SCRATCH/out" 2>&1 ||
    fail "cron command: $(cat "$SCRATCH/out")"
grep -q '^2020/05: 6 briefings up to date; nothing rendered$' "$SCRATCH/out" ||
    fail "cron command: $(cat "$SCRATCH/out")"
# Where systemd is installed, its own checker reads the units too.
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir "$SCRATCH/units"
	sub <"$unit" >"$SCRATCH/units/briefgen-monthly.service"
	cp "$TOP/dist/briefgen-monthly.timer" "$SCRATCH/units/"
	systemd-analyze verify "$SCRATCH/units/briefgen-monthly.service" \
	    "$SCRATCH/units/briefgen-monthly.timer" >"$SCRATCH/sa" 2>&1 ||
	    fail "systemd-analyze: $(cat "$SCRATCH/sa")"
	[ ! -s "$SCRATCH/sa" ] || fail "systemd-analyze: $(cat "$SCRATCH/sa")"
fi
end

finish
