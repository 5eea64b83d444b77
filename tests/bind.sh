#!/usr/bin/env bash
# The template regression corpus (tests/bind/): each case renders the
# sample register with `render --dump tree` and compares with its
# expected file, NAME.tree (the document tree) or NAME.err (the
# diagnostics, then the exit status). A case is NAME.xml (a template, run
# on the sample case DE 2019-01..2020-05) or NAME.args (the arguments:
# a shipped template, another period, another counterpart), or both.
# Every case also checks that the register was not touched.
# BRIEFGEN_REGEN=1 rewrites the expected files from what the program does.
. "$(dirname "$0")/lib.sh"

db=$SCRATCH/sample.db
sample_register "$db"
cp "$db" "$SCRATCH/pristine.db"

cd "$TOP/tests/bind" || exit 1
for f in *.xml *.args; do
	name=${f%.*}
	[ "$f" = "$name.xml" ] && [ -e "$name.args" ] && continue
	args=(--country DE --from 2019-01 --to 2020-05)
	[ -e "$name.args" ] && read -r -a args <"$name.args"
	[ -e "$name.xml" ] && args+=(--template "$name.xml")
	begin "$name"
	run --db "$db" render --date 2026-11-24 --dump tree "${args[@]}"
	if [ "${BRIEFGEN_REGEN:-}" = 1 ]; then
		rm -f "$name.tree" "$name.err"
		if [ "$status" = 0 ]; then
			cp "$SCRATCH/out" "$name.tree"
		else
			{ cat "$SCRATCH/err"; echo "exit $status"; } >"$name.err"
		fi
	fi
	if [ -e "$name.tree" ]; then
		expect_status 0
		expect_err ""
		cmp -s "$SCRATCH/out" "$name.tree" ||
		    fail "tree differs: $(diff "$name.tree" "$SCRATCH/out" | head -20)"
	elif [ -e "$name.err" ]; then
		[ -s "$SCRATCH/out" ] && fail "output on error: $(head -3 "$SCRATCH/out")"
		{ cat "$SCRATCH/err"; echo "exit $status"; } >"$SCRATCH/got"
		cmp -s "$SCRATCH/got" "$name.err" ||
		    fail "diagnostics differ: $(diff "$name.err" "$SCRATCH/got")"
	else
		fail "no $name.tree or $name.err"
	fi
	expect_same_file "$db" "$SCRATCH/pristine.db"
	end
done
finish
