#!/usr/bin/env bash
# `render --chart N`: one chart of the sample briefing alone, as PNG and
# SVG, read back with independent tools (od for the PNG header, xmllint
# for the SVG): the image's size (from the chart's rectangle in
# `--dump layout`, never written here), --dpi and --width, byte-identical
# output, the usage errors (N out of range, a wrong extension, options
# that do not go with it), and the atomic output file.
. "$(dirname "$0")/lib.sh"

unset SOURCE_DATE_EPOCH
db=$SCRATCH/sample.db
sample_register "$db"
sample=(--db "$db" render --country DE --from 2019-01 --to 2020-05)
out=$SCRATCH/out.d
mkdir "$out"

# stderr without valgrind's own report (its "possibly lost" lines from
# Pango's interned languages are not errors and do not change the status).
errors() {
	grep -v '^==[0-9]*==' "$SCRATCH/err"
}

expect_errors() {
	[ "$(errors)" = "$1" ] || fail "stderr was [$(errors)], expected [$1]"
}

# png_size FILE: "WIDTHxHEIGHT" from the PNG's IHDR, or "not a PNG".
png_size() {
	local magic
	magic=$(od -An -tx1 -N8 "$1" 2>/dev/null | tr -d ' \n')
	[ "$magic" = 89504e470d0a1a0a ] || { echo "not a PNG"; return; }
	od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d\n",
	    (($1 * 256 + $2) * 256 + $3) * 256 + $4,
	    (($5 * 256 + $6) * 256 + $7) * 256 + $8 }'
}

# px PT DPI: points at DPI in whole pixels, as the renderer rounds them.
px() {
	awk -v pt="$1" -v dpi="$2" 'BEGIN { printf "%d", pt * dpi / 72 + 0.5 }'
}

expect_no_temps() {
	local t
	t=$(find "$out" -maxdepth 1 -name '.*' ! -name . -printf '%f ')
	[ -z "$t" ] || fail "temporary files left: $t"
}

# The charts' rectangles, in document order, from the layout dump:
# "W H" per line (the dump rounds to 0.1 pt).
run "${sample[@]}" --dump layout
sed -n 's/^ *chart [0-9.]* [0-9.]* \([0-9.]*\)x\([0-9.]*\) .*/\1 \2/p' \
    "$SCRATCH/out" >"$SCRATCH/rects"
ncharts=$(wc -l <"$SCRATCH/rects")

begin "the sample briefing has three charts"
[ "$ncharts" = 3 ] || fail "--dump layout shows $ncharts charts"
end

for lang in en ru; do
	for ((n = 1; n <= ncharts; n++)); do
		begin "--chart $n --lang $lang: a PNG of the chart's rectangle at 100 dpi"
		read -r w h < <(sed -n "${n}p" "$SCRATCH/rects")
		run "${sample[@]}" --lang "$lang" --chart "$n" -o "$out/$lang-$n.png"
		expect_status 0
		expect_errors ""
		expect_out ""
		size=$(png_size "$out/$lang-$n.png")
		# The dump's 0.1 pt rounding may move the pixel count by one.
		ww=$(px "$w" 100)
		hh=$(px "$h" 100)
		case $size in
		"$ww"x"$hh" | "$((ww - 1))"x* | "$((ww + 1))"x*) ;;
		*) fail "size $size, expected about ${ww}x$hh" ;;
		esac
		case $size in
		*x"$hh" | *x"$((hh - 1))" | *x"$((hh + 1))") ;;
		*) fail "size $size, expected about ${ww}x$hh" ;;
		esac
		expect_no_temps
		end
	done
done

begin "the three charts differ, and en from ru"
for ((n = 1; n <= ncharts; n++)); do
	cmp -s "$out/en-$n.png" "$out/ru-$n.png" && fail "chart $n: en and ru the same"
done
cmp -s "$out/en-1.png" "$out/en-2.png" && fail "charts 1 and 2 the same"
end

begin "a PNG twice: byte-identical"
run "${sample[@]}" --chart 1 -o "$out/again.png"
expect_status 0
cmp -s "$out/en-1.png" "$out/again.png" || fail "the second PNG differs"
end

begin "--dpi 200: twice the pixels"
run "${sample[@]}" --chart 2 --dpi 200 -o "$out/dpi.png"
expect_status 0
read -r w h < <(sed -n 2p "$SCRATCH/rects")
ww=$(px "$w" 200)
size=$(png_size "$out/dpi.png")
case $size in
"$ww"x* | "$((ww - 1))"x* | "$((ww + 1))"x*) ;;
*) fail "size $size, expected ${ww} wide" ;;
esac
end

begin "--width 100: 100 mm wide, the height following"
run "${sample[@]}" --chart 1 --width 100 -o "$out/narrow.png"
expect_status 0
size=$(png_size "$out/narrow.png")
[ "${size%x*}" = "$(px 283.46 100)" ] || fail "size $size, expected 394 wide"
[ "${size#*x}" -lt "$(png_size "$out/en-1.png" | sed 's/.*x//')" ] ||
    fail "size $size: not shorter than the frame-wide chart"
end

begin "--chart 1 -o OUT.svg: SVG in points, well-formed, byte-identical twice"
run "${sample[@]}" --chart 1 -o "$out/c1.svg"
expect_status 0
expect_errors ""
read -r w h < <(sed -n 1p "$SCRATCH/rects")
svgsize=$(head -c 400 "$out/c1.svg" |
    sed -n 's/^<svg[^>]* width="\([0-9.]*\)pt" height="\([0-9.]*\)pt".*/\1 \2/p')
awk -v s="$svgsize" -v w="$w" -v h="$h" 'BEGIN { split(s, a, " ")
    d1 = a[1] - w; d2 = a[2] - h
    exit !(s != "" && d1 * d1 < 0.0025 && d2 * d2 < 0.0025) }' ||
    fail "not an SVG of ${w}x${h} pt: $(head -c 300 "$out/c1.svg")"
xmllint --noout "$out/c1.svg" 2>"$SCRATCH/xmllint" ||
    fail "xmllint: $(head -3 "$SCRATCH/xmllint")"
run "${sample[@]}" --chart 1 -o "$out/c1-again.SVG"
expect_status 0
cmp -s "$out/c1.svg" "$out/c1-again.SVG" || fail "the second SVG differs"
expect_no_temps
end

begin "a template without charts: 64, saying so"
run "${sample[@]}" --template "$TOP/tests/bind/formats-en.xml" --chart 1 -o "$out/none.png"
expect_status 64
expect_errors "briefgen: usage: --chart 1: the briefing has no charts"
[ -e "$out/none.png" ] && fail "none.png written"
end

begin "--chart 4: 64, saying how many there are; the file there unchanged"
echo "before" >"$out/keep.png"
cp "$out/keep.png" "$SCRATCH/keep.before"
run "${sample[@]}" --chart 4 -o "$out/keep.png"
expect_status 64
expect_errors "briefgen: usage: --chart 4: the briefing has 3 charts"
expect_same_file "$out/keep.png" "$SCRATCH/keep.before"
expect_no_temps
end

# usage ERR ARGS...: render with ARGS fails with 64 and exactly ERR.
usage() {
	local want=$1
	shift
	run "${sample[@]}" "$@"
	expect_status 64
	expect_errors "briefgen: usage: $want"
}

begin "usage errors"
usage "-o $out/c.pdf: --chart writes .png or .svg; give -o OUT.png or -o OUT.svg" \
    --chart 1 -o "$out/c.pdf"
usage "-o $out/c: --chart writes .png or .svg; give -o OUT.png or -o OUT.svg" \
    --chart 1 -o "$out/c"
usage "no output: --chart writes .png or .svg; give -o OUT.png or -o OUT.svg" \
    --chart 1
usage "--chart 0: give the chart's number, from 1" --chart 0 -o "$out/c.png"
usage "--chart -1: give the chart's number, from 1" --chart -1 -o "$out/c.png"
usage "--chart two: give the chart's number, from 1" --chart two -o "$out/c.png"
usage "--width is the width of a chart alone: give --chart N too" \
    --width 100 -o "$out/c.pdf"
usage "--width 5: give millimetres, 20 to 1000" --chart 1 --width 5 -o "$out/c.png"
usage "--width 1e9: give millimetres, 20 to 1000" --chart 1 --width 1e9 -o "$out/c.png"
usage "--width wide: give millimetres, 20 to 1000" --chart 1 --width wide -o "$out/c.png"
usage "--chart writes one chart as -o OUT.png or OUT.svg; it takes no --format" \
    --chart 1 --format png -o "$out/c.png"
usage "--chart writes one chart as -o OUT.png or OUT.svg; it takes no --dump" \
    --chart 1 --dump layout
usage "--dpi 1200: the chart would be 47244x5333 pixels; at most 10000 a side" \
    --chart 1 --dpi 1200 --width 1000 -o "$out/c.png"
[ -z "$(ls -A "$out" | grep '^c\.\|^c$')" ] || fail "files written: $(ls -A "$out")"
expect_no_temps
end

begin "output in a missing directory: 73"
run "${sample[@]}" --chart 1 -o "$SCRATCH/missing/c.png"
expect_status 73
end

finish
