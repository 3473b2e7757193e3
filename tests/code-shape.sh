#!/bin/sh
# code-shape.sh - rules of the source tree that a reader relies on, read
# from the text of src/ and plugins/ (no build needed):
#   - no function is longer than 80 lines, counted from the line naming it
#     to its closing brace; at most two may be, each with a comment above
#     it saying "longer than 80 lines" and why;
#   - only the program's front end (src/cli/: main.c, its commands and
#     their option parsing), the diagnostics (diag.c) and the progress
#     line (show_progress in cases.c) write to stderr: the library, every
#     other file of src/, records in the caller's diag_list;
#   - the core stays acyclic: expr.h and expr.c do not include model.h,
#     model.h does not include <pcre2.h>, results.h does not include the
#     plugin ABI header.

. "$top_srcdir/tests/tap.sh"
tap_tmp shape

src=$top_srcdir/src
plugins=$top_srcdir/plugins

# Functions: with the project's brace style (.clang-format, Linux) a
# function's body opens with '{' alone at the start of a line and closes
# with '}' there; its first line is the last line before the '{' that
# starts in column 0.  A comment between the previous function and this
# one saying "longer than 80 lines" marks it as meant.
long_functions() {
    awk -v max=80 '
        FNR == 1 { depth = 0; head = 0; excused = 0 }
        depth == 0 && /^[A-Za-z_]/ && !/^(typedef|struct|enum|union)/ { head = FNR; name = $0 }
        depth == 0 && /longer than 80 lines/ { excused = 1 }
        /^\{/ && depth == 0 { depth = 1; next }
        /^\}/ && depth == 1 {
            depth = 0
            n = FNR - head + 1
            sub(/\(.*/, "", name)
            sub(/.*[ *]/, "", name)
            if (n > max)
                printf "%s %d %s:%d %s\n", excused ? "excused" : "long", n, FILENAME, head, name
            excused = 0
        }
    ' "$@"
}

# The counter itself: a function of 80 lines passes, one of 81 does not,
# and the comment excuses it.
body() {
    echo "static int $1(void)"
    echo "{"
    i=3
    while [ $i -lt "$2" ]; do
        echo "    x++;"
        i=$((i + 1))
    done
    echo "}"
}
{ body fits 80; echo; body over 81; echo "/* longer than 80 lines: a test */"; body meant 81; } \
    >"$tmp/sample.c"
long_functions "$tmp/sample.c" >"$tmp/sample"
printf 'long 81 %s:82 over\nexcused 81 %s:164 meant\n' "$tmp/sample.c" "$tmp/sample.c" >"$tmp/want"
cmp -s "$tmp/sample" "$tmp/want"
report $? "the line counter: 80 lines pass, 81 do not, the comment excuses" "$tmp/sample"

long_functions "$src"/*.c "$src"/cli/*.c "$plugins"/*.c >"$tmp/long"
sed 's/^/# /' "$tmp/long"
grep '^long ' "$tmp/long" >"$tmp/bad"
[ ! -s "$tmp/bad" ]
report $? "no function over 80 lines without a comment saying why" "$tmp/bad"
excused=$(grep -c '^excused ' "$tmp/long")
[ "$excused" -le 2 ]
report $? "at most two functions over 80 lines ($excused)" "$tmp/long"

# Writes to stderr outside the front end, the diagnostics and the progress
# line.
: >"$tmp/stderr"
for f in "$src"/*.c; do
    case $(basename "$f") in
    diag.c) continue ;;
    esac
    awk '
        /^[A-Za-z_].*\(/ { fn = $0; sub(/\(.*/, "", fn); sub(/.*[ *]/, "", fn) }
        /stderr|perror *\(/ && !(FILENAME ~ /\/cases\.c$/ && fn == "show_progress") {
            print FILENAME ":" FNR ": " $0
        }
    ' "$f" >>"$tmp/stderr"
done
[ ! -s "$tmp/stderr" ]
report $? "only the front end, diag.c and the progress line write to stderr" "$tmp/stderr"

# Includes that would make the core a cycle or leak a library's header,
# followed through every header included (the preprocessor's list).
deps() {
    printf '#include "%s"\n' "$1" >"$tmp/inc.c"
    ${CC:-cc} -M -I"$top_builddir" -I"$src" -I"$top_srcdir/include" "$tmp/inc.c" >"$tmp/dep" \
        2>&1 || echo "cannot list what $1 includes" >>"$tmp/inc"
    tr ' \\' '\n\n' <"$tmp/dep" | sed -n 's|.*/||p'
}
: >"$tmp/inc"
# the control: the list does follow includes (pattern.c uses PCRE2)
deps pattern.c | grep -qx pcre2.h || echo "the include list misses pcre2.h in pattern.c" >>"$tmp/inc"
for pair in expr.h:model.h expr.c:model.h model.h:pcre2.h results.h:plugin.h; do
    deps "${pair%%:*}" | grep -qx "${pair#*:}" && echo "${pair%%:*} includes ${pair#*:}" >>"$tmp/inc"
done
[ ! -s "$tmp/inc" ]
report $? "expr does not include model.h, model.h not pcre2.h, results.h not the plugin ABI" \
    "$tmp/inc"

tap_done
