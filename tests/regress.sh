#!/usr/bin/env bash
# The command line as a user meets it: exit statuses, messages, and a
# register that every failure leaves byte for byte as it was.
. "$(dirname "$0")/lib.sh"

db=$SCRATCH/r.db
cd "$TOP/tests/import" || exit 1

begin "init creates, then leaves alone"
run --db "$db" init
expect_status 0
expect_out "$db: register created (schema version 4)"
run --db "$db" init
expect_status 0
expect_out "$db: register already at schema version 4"
run --db "$db" import base.xml
expect_status 0
expect_out "base.xml: 1 country, 1 organisation, 1 incident, 1 notification; 8 rows written"
end

begin "no command"
run
expect_status 64
expect_err "briefgen: usage: no command; see 'briefgen --help'"
end

begin "unknown command"
run --db "$db" fly
expect_status 64
expect_err "briefgen: usage: unknown command 'fly'; see 'briefgen --help'"
end

begin "unknown option"
run --db "$db" figures --colour red
expect_status 64
expect_err "briefgen: usage: Unknown option --colour; see 'briefgen figures --help'"
end

begin "figures needs a country"
run --db "$db" figures --from 2019-01 --to 2019-12
expect_status 64
expect_err "briefgen: usage: --country is required"
end

begin "figures: dates that are not, each said what is wrong with it"
run --db "$db" figures --country DE --from 2019-02-30 --to 2019-12
expect_status 64
expect_err "briefgen: usage: --from 2019-02-30: no such day"
run --db "$db" figures --country DE --from 2019-01 --to 2020-13
expect_status 64
expect_err "briefgen: usage: --to 2020-13: no such month"
run --db "$db" figures --country DE --from 31.05.2020 --to 2020-05
expect_status 64
expect_err "briefgen: usage: --from 31.05.2020: not a date; write YYYY-MM-DD or YYYY-MM"
end

begin "--db after the command, and an empty --db refused"
run figures --country DE --from 2019-01 --to 2019-01 --db "$db"
expect_status 0
run --db /nonexistent/other.db figures --db "$db" --country DE --from 2019-01 --to 2019-01
expect_status 0
(cd "$SCRATCH" && "$BRIEFGEN" --db "" init >out 2>err; echo $? >status)
[ "$(cat "$SCRATCH/status")" = 64 ] || fail "--db '' gave status $(cat "$SCRATCH/status")"
[ "$(cat "$SCRATCH/err")" = "briefgen: usage: --db names no file" ] || fail "stderr: $(cat "$SCRATCH/err")"
[ -e "$SCRATCH/briefgen.db" ] && fail "--db '' created ./briefgen.db"
end

begin "figures: a period that ends before it starts"
run --db "$db" figures --country DE --from 2020-01 --to 2019-12
expect_status 64
expect_err "briefgen: usage: the period ends (2019-12-31) before it starts (2020-01-01)"
end

begin "figures: unknown format"
run --db "$db" figures --country DE --from 2019-01 --to 2019-12 --format xml
expect_status 64
expect_err "briefgen: usage: --format xml: use text or json"
end

begin "figures: a country the register does not know"
run --db "$db" figures --country FR --from 2019-01 --to 2019-12
expect_status 65
expect_err "briefgen: $db: country not in the register: FR (it has DE)"
end

begin "figures: lower-case code, month forms, JSON"
run --db "$db" figures --country de --from 2019-01 --to 2019-01 --format json
expect_status 0
expect_out '{"country": "DE", "from": "2019-01-01", "to": "2019-01-31", "incidents": 1, "government_bodies": 1, "notified": 1, "replied": 0, "formalistic": 0, "substantive": 0, "unanswered": 1, "median_days_to_reply": null}'
end

begin "BRIEFGEN_DB names the register"
BRIEFGEN_DB=$db run figures --country DE --from 2019-01-14 --to 2019-01-14
expect_status 0
grep -q '^  incidents  *1$' "$SCRATCH/out" || fail "no incident counted"
end

begin "import needs a file"
run --db "$db" import
expect_status 64
expect_err "briefgen: usage: import needs at least one FILE"
end

begin "a missing register is not created by import or figures"
run --db "$SCRATCH/none.db" import base.xml
expect_status 66
expect_err "briefgen: $SCRATCH/none.db: no register here; create one with 'briefgen init'"
[ -e "$SCRATCH/none.db" ] && fail "import created a register"
run --db "$SCRATCH/none.db" figures --country DE --from 2019-01 --to 2019-12
expect_status 66
[ -e "$SCRATCH/none.db" ] && fail "figures created a register"
end

begin "init where no file can be made"
run --db "$SCRATCH/no/such/dir/r.db" init
expect_status 73
expect_err "briefgen: $SCRATCH/no/such/dir/r.db: cannot create: no directory $SCRATCH/no/such/dir"
run --db "$SCRATCH" init
expect_status 65
expect_err "briefgen: $SCRATCH: not an SQLite database: it is a directory"
end

begin "init that cannot find its schema leaves no register behind"
mkdir -p "$SCRATCH/bin" "$SCRATCH/empty"
cp "$BRIEFGEN" "$SCRATCH/bin/briefgen"
BRIEFGEN_DATADIR=$SCRATCH/empty "$SCRATCH/bin/briefgen" --db "$SCRATCH/new.db" init \
    >"$SCRATCH/out" 2>"$SCRATCH/err"
status=$?
if [ -e /usr/local/share/briefgen/data/schema.sql ]; then
	echo "skipped: briefgen is installed in /usr/local" >&2
else
	expect_status 66
	expect_err "briefgen: data/schema.sql: briefgen data file not found (set BRIEFGEN_DATADIR)"
	[ -e "$SCRATCH/new.db" ] && fail "init left $SCRATCH/new.db behind"
fi
end

begin "CDATA, character references and non-ASCII text arrive intact"
cat >"$SCRATCH/text.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<register xmlns="urn:briefgen:register:1">
  <country code="AT">
    <name xml:lang="en"><![CDATA[Austria <AT>]]> &amp; co</name>
    <name xml:lang="ru">Австрия&#160;(АТ)</name>
  </country>
</register>
XML
run --db "$db" import "$SCRATCH/text.xml"
expect_status 0
[ "$(sqlite3 "$db" "SELECT name FROM country_name WHERE country = 'AT' AND lang = 'en'")" = "Austria <AT> & co" ] ||
    fail "English name: $(sqlite3 "$db" "SELECT name FROM country_name WHERE country = 'AT'")"
[ "$(sqlite3 "$db" "SELECT name FROM country_name WHERE country = 'AT' AND lang = 'ru'")" = "$(printf 'Австрия\302\240(АТ)')" ] ||
    fail "Russian name: $(sqlite3 "$db" "SELECT name FROM country_name WHERE country = 'AT' AND lang = 'ru'")"
end

begin "a 5,000-character name imports whole"
long=$(head -c 5000 /dev/zero | tr '\0' 'x')
printf '<register xmlns="urn:briefgen:register:1"><organisation id="long" kind="other" government="no"><name xml:lang="en">%s</name></organisation></register>\n' "$long" >"$SCRATCH/long.xml"
run --db "$db" import "$SCRATCH/long.xml"
expect_status 0
[ "$(sqlite3 "$db" "SELECT length(name) FROM organisation_name WHERE organisation = 'long'")" = 5000 ] ||
    fail "name not stored whole"
end

begin "a missing input file"
cp "$db" "$SCRATCH/before.db"
run --db "$db" import no-such-file.xml
expect_status 66
expect_err "briefgen: no-such-file.xml: cannot open: No such file or directory"
expect_same_file "$db" "$SCRATCH/before.db"
end

begin "bad files through the command line: status 65, register unchanged"
for f in malformed severity-out-of-range impossible-date entity-bomb \
    ten-good-one-bad not-utf8; do
	run --db "$db" import "$f.xml"
	expect_status 65
	expect_err "$(cat "$f.err")"
	expect_same_file "$db" "$SCRATCH/before.db"
done
[ -e "$db-journal" ] && fail "a journal was left behind"
end

begin "5,000 incidents with one fault at the end: nothing of them goes in"
# Far more than one batch of the import's reader: the ones written before
# the fault is met are rolled back with the rest.
big() {
	echo '<register xmlns="urn:briefgen:register:1">'
	for i in $(seq 5000); do
		printf '<incident ref="B-%d" detected="2019-04-01" source-country="DE" target="minfin" type="malware" severity="1"><notification sent="2019-04-02" recipient="BSI"/></incident>\n' "$i"
	done
	printf '<incident ref="B-x" detected="2019-04-01" source-country="DE" target="%s" type="malware" severity="1"/>\n' "$1"
	echo '</register>'
}
big minfni >"$SCRATCH/big.xml"
cp "$db" "$SCRATCH/before.db"
run --db "$db" import "$SCRATCH/big.xml"
expect_status 65
expect_err "briefgen: $SCRATCH/big.xml:5002: unknown organisation: minfni"
expect_same_file "$db" "$SCRATCH/before.db"
[ -e "$db-journal" ] && fail "a journal was left behind"
big minfin >"$SCRATCH/big.xml"
run --db "$db" import "$SCRATCH/big.xml"
expect_status 0
grep -q "^$SCRATCH/big.xml: 5001 incidents, 5000 notifications; [0-9]* rows written\$" "$SCRATCH/out" ||
    fail "stdout: $(cat "$SCRATCH/out")"
[ "$(sqlite3 "$db" "SELECT count(*) FROM incident WHERE ref GLOB 'B-*'")" = 5001 ] ||
    fail "not every incident written"
cp "$db" "$SCRATCH/before.db"
run --db "$db" import "$SCRATCH/big.xml"
expect_status 0
expect_out "$SCRATCH/big.xml: 5001 incidents, 5000 notifications; register unchanged"
expect_same_file "$db" "$SCRATCH/before.db"
end

begin "several files: the good ones imported, the bad one not"
printf '<register xmlns="urn:briefgen:register:1"><country code="NL"><name xml:lang="en">Netherlands</name></country></register>\n' > "$SCRATCH/nl.xml"
run --db "$db" import "$SCRATCH/nl.xml" unknown-country.xml
expect_status 65
expect_out "$SCRATCH/nl.xml: 1 country; 2 rows written"
expect_err "$(cat unknown-country.err)"
run --db "$db" figures --country NL --from 2019-01 --to 2019-12
expect_status 0
end

begin "a register that is not an SQLite database"
printf 'incident register, 2019\n' > "$SCRATCH/text.db"
cp "$SCRATCH/text.db" "$SCRATCH/text.orig"
for cmd in init "import base.xml" "figures --country DE --from 2019-01 --to 2019-12"; do
	run --db "$SCRATCH/text.db" $cmd
	expect_status 65
	expect_err "briefgen: $SCRATCH/text.db: not an SQLite database: file is not a database"
	expect_same_file "$SCRATCH/text.db" "$SCRATCH/text.orig"
done
end

begin "an SQLite database of something else"
sqlite3 "$SCRATCH/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
cp "$SCRATCH/other.db" "$SCRATCH/other.orig"
run --db "$SCRATCH/other.db" init
expect_status 65
expect_err "briefgen: $SCRATCH/other.db: an SQLite database, but not a briefgen register"
run --db "$SCRATCH/other.db" import base.xml
expect_status 65
expect_same_file "$SCRATCH/other.db" "$SCRATCH/other.orig"
end

begin "a register from a newer briefgen"
cp "$db" "$SCRATCH/newer.db"
sqlite3 "$SCRATCH/newer.db" "PRAGMA user_version = 5"
cp "$SCRATCH/newer.db" "$SCRATCH/newer.orig"
for cmd in init "import base.xml" "figures --country DE --from 2019-01 --to 2019-12"; do
	run --db "$SCRATCH/newer.db" $cmd
	expect_status 65
	expect_err "briefgen: $SCRATCH/newer.db: register made by a newer briefgen: schema version 5, this program reads 4"
done
expect_same_file "$SCRATCH/newer.db" "$SCRATCH/newer.orig"
end

begin "a register locked by a writer"
cp "$db" "$SCRATCH/before.db"
# sqlite3 holds the write lock until its input, a FIFO, is closed.
mkfifo "$SCRATCH/fifo"
sqlite3 "$db" <"$SCRATCH/fifo" >"$SCRATCH/locker" &
locker=$!
exec 3>"$SCRATCH/fifo"
echo "BEGIN EXCLUSIVE; SELECT 'locked';" >&3
for _ in $(seq 50); do
	grep -q locked "$SCRATCH/locker" 2>/dev/null && break
	sleep 0.1
done
run --db "$db" import base.xml
expect_status 75
expect_err "briefgen: $db: register is locked by another process; try again later"
run --db "$db" figures --country DE --from 2019-01 --to 2019-12
expect_status 75
exec 3>&-
wait "$locker"
expect_same_file "$db" "$SCRATCH/before.db"
end


begin "a version-1 register is upgraded, and its incidents keep their first dates"
v1="$SCRATCH/v1.db"
sqlite3 "$v1" <"$TOP/tests/migrate/schema-1.sql"
sqlite3 "$v1" "
INSERT INTO country VALUES ('DE');
INSERT INTO organisation VALUES ('minfin', 'federal-ministry', 1);
INSERT INTO incident VALUES (1, 'A-1', '2019-01-10', 'DE', 'minfin', 'ddos', 2),
    (2, 'A-2', '2019-01-11', 'DE', 'minfin', 'malware', 1),
    (3, 'A-3', '2019-01-12', 'DE', 'minfin', 'other', 3);
INSERT INTO notification VALUES (1, 1, '2019-01-15', 'BSI'), (2, 1, '2019-01-12', 'AA'),
    (3, 2, '2019-01-13', 'BSI');
INSERT INTO reply VALUES (1, 1, '2019-02-01', 'formalistic'),
    (2, 2, '2019-03-01', 'substantive'), (3, 3, '2019-02-20', 'formalistic');"
run --db "$v1" init
expect_status 0
expect_out "$v1: register upgraded from schema version 1 to 4"
[ "$(sqlite3 "$v1" "SELECT group_concat(id || ' ' || ifnull(first_sent, '-') || ' ' ||
    ifnull(first_reply, '-') || ' ' || substantive, ', ') FROM incident")" = \
    "1 2019-01-12 2019-02-01 1, 2 2019-01-13 2019-02-20 0, 3 - - 0" ] ||
	fail "first dates after the upgrade: $(sqlite3 "$v1" "SELECT * FROM incident")"
# From now on the triggers keep them: an earlier notification, a reply.
sqlite3 "$v1" "INSERT INTO notification VALUES (4, 2, '2019-01-11', 'AA');
    INSERT INTO notification VALUES (5, 3, '2019-01-14', 'BSI');
    INSERT INTO reply VALUES (4, 5, '2019-01-20', 'substantive')"
[ "$(sqlite3 "$v1" "SELECT group_concat(id || ' ' || ifnull(first_sent, '-') || ' ' ||
    ifnull(first_reply, '-') || ' ' || substantive, ', ') FROM incident")" = \
    "1 2019-01-12 2019-02-01 1, 2 2019-01-11 2019-02-20 0, 3 2019-01-14 2019-01-20 1" ] ||
	fail "first dates after inserts: $(sqlite3 "$v1" "SELECT * FROM incident")"
run --db "$v1" figures --country DE --from 2019-01 --to 2019-01 --format json
expect_status 0
grep -q '"incidents": 3, "government_bodies": 1, "notified": 3, "replied": 3, "formalistic": 1, "substantive": 2, "unanswered": 0' "$SCRATCH/out" ||
	fail "figures after the upgrade: $(cat "$SCRATCH/out")"
# Version 4 adds the render table, empty, and changes nothing else.
[ "$(sqlite3 "$v1" "SELECT count(*) FROM render")" = 0 ] ||
	fail "no render table after the upgrade"
[ "$(sqlite3 "$v1" .schema | grep -v '^CREATE TABLE sqlite_' | sed -n '/CREATE TABLE render/,/^);/p' | tr -s ' \t\n' ' ')" = \
  "$(sed -n '/CREATE TABLE render/,/^);/p' "$TOP/data/schema.sql" | tr -s ' \t\n' ' ')" ] ||
	fail "the upgraded render table is not data/schema.sql's"
end

finish
