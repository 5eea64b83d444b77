# Shared by the shell tests: a scratch directory, assertions, a tally.
# Each test file sources this, calls its cases, then `finish`.

set -u
: "${BRIEFGEN:=./briefgen}"
BRIEFGEN=$(cd "$(dirname "$BRIEFGEN")" && pwd)/$(basename "$BRIEFGEN")
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export BRIEFGEN_DATADIR=$TOP
unset BRIEFGEN_DB
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/briefgen-test.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
passed=0
failed=0

fail() {
	echo "FAIL: $case: $*" >&2
	failed=$((failed + 1))
	ok=0
}

# run CMD...: runs briefgen (under $BRIEFGEN_WRAP, e.g. valgrind, when
# set), keeping stdout, stderr and status.
run() {
	${BRIEFGEN_WRAP:-} "$BRIEFGEN" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
	status=$?
}

begin() {
	case=$1
	ok=1
}

end() {
	[ "$ok" = 1 ] && passed=$((passed + 1))
}

expect_status() {
	[ "$status" = "$1" ] || fail "exit status $status, expected $1 (stderr: $(cat "$SCRATCH/err"))"
}

expect_err() {
	local want=$1
	[ "$(cat "$SCRATCH/err")" = "$want" ] ||
	    fail "stderr was [$(cat "$SCRATCH/err")], expected [$want]"
}

expect_out() {
	local want=$1
	[ "$(cat "$SCRATCH/out")" = "$want" ] ||
	    fail "stdout was [$(cat "$SCRATCH/out")], expected [$want]"
}

expect_same_file() {
	cmp -s "$1" "$2" || fail "$1 changed"
}

# sample_register DB: the sample register in DB (not under $BRIEFGEN_WRAP:
# the tests that call it are about what comes after), or the script ends.
sample_register() {
	"$BRIEFGEN" --db "$1" init >/dev/null &&
	    "$BRIEFGEN" --db "$1" import "$TOP"/data/register/*.xml >/dev/null ||
	    { echo "$(basename "$0" .sh): cannot build the sample register" >&2
	      exit 1; }
}

finish() {
	echo "$(basename "$0" .sh): $passed passed, $failed failed"
	[ "$failed" = 0 ]
}
