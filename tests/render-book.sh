#!/bin/sh
# render-book.sh - render sheets of a thrive workbook to PNG, to look at.
#
#   tests/render-book.sh BOOK.xlsx OUTDIR [SHEET...]
#
# Renders each SHEET (default: "Summary" and "Distance travelled") with
# LibreOffice (soffice --headless --convert-to pdf, a throwaway profile)
# and pdftoppm, as OUTDIR/<sheet>-<page>.png (the sheet name with spaces
# as '-').  Needs soffice (libreoffice-calc-nogui), pdftoppm
# (poppler-utils) and python3.
set -eu
if [ $# -lt 2 ]; then
    echo "usage: $0 BOOK.xlsx OUTDIR [SHEET...]" >&2
    exit 2
fi
book=$1
out=$2
shift 2
[ $# -gt 0 ] || set -- "Summary" "Distance travelled"
here=$(cd "$(dirname "$0")" && pwd)
for tool in soffice pdftoppm python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$0: $tool is not installed" >&2; exit 1; }
done
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/thrive-render.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/profile/user"
cat > "$work/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
for sheet in "$@"; do
    slug=$(printf '%s' "$sheet" | tr ' /' '--')
    # A copy with every other sheet hidden prints only this one.
    python3 "$here/book_xlsx.py" only-sheet "$book" "$work/$slug.xlsx" "$sheet"
    soffice -env:UserInstallation="file://$work/profile" --headless --norestore \
        --convert-to pdf --outdir "$work" "$work/$slug.xlsx" >"$work/soffice.log" 2>&1 || {
        cat "$work/soffice.log" >&2
        exit 1
    }
    pdftoppm -png -r ${RENDER_DPI:-110} "$work/$slug.pdf" "$out/$slug"
    ls "$out/$slug"*.png
done
