#!/bin/sh
# diagram.sh - `thrive diagram -T dot|png|svg` (docs/manual/commands.md) and
# the picture on the workbook's Logic model sheet:
#   - -T dot (the default) is the DOT text, to stdout or -o, the same bytes;
#   - with Graphviz: -T png writes a PNG, -T svg an SVG naming the model's
#     items, the format follows -o's extension, the same model draws the
#     same bytes twice; a failing dot (THRIVE_DOT=/bin/false) is exit 6;
#   - without it (THRIVE_DOT=): exit 6 naming graphviz, and an existing
#     output is left as it was;
#   - -T gif, and -o naming the model: exit 2, the model unchanged;
#   - evaluate puts the PNG on the Logic model sheet (xl/media, linked from
#     that sheet's drawing) with Graphviz, and without it says how to draw it.
. "$top_srcdir/tests/tap.sh"
tap_need unzip unzip
tap_tmp diagram
model=$top_srcdir/logic-models/fip.yaml
data=$top_srcdir/examples/fip/cases.csv

$VG "$THRIVE" diagram "$model" >"$tmp/a.dot" 2>"$tmp/err"
s1=$?
$VG "$THRIVE" diagram "$model" -T dot -o "$tmp/b.dot" 2>>"$tmp/err"
s2=$?
[ $s1 -eq 0 ] && [ $s2 -eq 0 ] && head -n 1 "$tmp/a.dot" | grep -q '^digraph logic_model {$' &&
    cmp -s "$tmp/a.dot" "$tmp/b.dot"
report $? "-T dot: the DOT text, the same on stdout and in -o FILE" "$tmp/err"

# Without Graphviz, first (this needs no dot).
echo "an old picture" >"$tmp/keep.png"
THRIVE_DOT='' $VG "$THRIVE" diagram "$model" -o "$tmp/keep.png" 2>"$tmp/err"
s=$?
[ $s -eq 6 ] && grep -q 'graphviz' "$tmp/err" && [ "$(cat "$tmp/keep.png")" = "an old picture" ]
report $? "without Graphviz: -o x.png is exit 6 naming graphviz, the old file kept" "$tmp/err"

$VG "$THRIVE" diagram "$model" -T gif >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "unknown format 'gif'" "$tmp/err"
report $? "-T gif: exit 2, the formats named" "$tmp/err"

cp "$model" "$tmp/model.yaml"
$VG "$THRIVE" diagram "$tmp/model.yaml" -T png -o "$tmp/model.yaml" 2>"$tmp/err"
[ $? -eq 2 ] && cmp -s "$model" "$tmp/model.yaml"
report $? "-o naming the model: exit 2, the model unchanged" "$tmp/err"

# The workbook without Graphviz: no picture, the way to draw it said.
THRIVE_DOT='' $VG "$THRIVE" evaluate "$model" --data "$data" -o "$tmp/none.xlsx" --quiet \
    2>"$tmp/err"
s=$?
[ $s -eq 0 ] && ! unzip -l "$tmp/none.xlsx" | grep -q 'xl/media/' &&
    unzip -p "$tmp/none.xlsx" xl/sharedStrings.xml | grep -q 'thrive diagram MODEL.yaml -o model.png'
report $? "evaluate without Graphviz: no picture; the Logic model sheet says how to draw it" \
    "$tmp/err"

if ! command -v dot >/dev/null 2>&1; then
    for what in "-T png" "-T svg" "the format from -o" "the same bytes twice" "a failing dot" \
        "the picture on the Logic model sheet"; do
        skip "$what" "Graphviz's dot is not installed (apt-get install graphviz)"
    done
    tap_done
fi

$VG "$THRIVE" diagram "$model" -T png -o "$tmp/a.png" 2>"$tmp/err" &&
    [ "$(head -c 8 "$tmp/a.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
report $? "-T png: a PNG image" "$tmp/err"

$VG "$THRIVE" diagram "$model" -T svg >"$tmp/a.svg" 2>"$tmp/err" && grep -q '<svg' "$tmp/a.svg" &&
    grep -q 'Family key workers' "$tmp/a.svg" && grep -q 'Fewer children living in' "$tmp/a.svg"
report $? "-T svg: an SVG naming the model's inputs and impacts" "$tmp/err"

$VG "$THRIVE" diagram "$model" -o "$tmp/b.png" 2>"$tmp/err" && cmp -s "$tmp/a.png" "$tmp/b.png" &&
    $VG "$THRIVE" diagram "$model" -o "$tmp/b.svg" 2>>"$tmp/err" && grep -q '<svg' "$tmp/b.svg"
report $? "the format from -o: x.png draws a PNG, x.svg an SVG" "$tmp/err"

$VG "$THRIVE" diagram "$model" -T png -o "$tmp/c.png" 2>"$tmp/err" &&
    cmp -s "$tmp/a.png" "$tmp/c.png"
report $? "the same model draws the same bytes twice" "$tmp/err"

THRIVE_DOT=/bin/false $VG "$THRIVE" diagram "$model" -T svg -o "$tmp/d.svg" 2>"$tmp/err"
[ $? -eq 6 ] && grep -q 'failed' "$tmp/err" && [ ! -e "$tmp/d.svg" ]
report $? "a failing dot: exit 6, no file written" "$tmp/err"

# The workbook with Graphviz: the PNG that diagram draws, on the Logic
# model sheet (sheet2, the second sheet).
$VG "$THRIVE" evaluate "$model" --data "$data" -o "$tmp/with.xlsx" --quiet 2>"$tmp/err" &&
    unzip -p "$tmp/with.xlsx" xl/media/image1.png >"$tmp/image1.png" &&
    cmp -s "$tmp/image1.png" "$tmp/a.png" &&
    drawing=$(unzip -p "$tmp/with.xlsx" xl/worksheets/_rels/sheet2.xml.rels |
        sed -n 's|.*Target="../drawings/\(drawing[0-9]*\.xml\)".*|\1|p') &&
    [ -n "$drawing" ] &&
    unzip -p "$tmp/with.xlsx" "xl/drawings/_rels/$drawing.rels" | grep -q 'media/image1.png'
report $? "evaluate with Graphviz: the model's PNG on the Logic model sheet" "$tmp/err"
tap_done
