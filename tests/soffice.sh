# soffice.sh - LibreOffice for the tests that recalculate workbooks
# (tests/recalc/books.sh, tests/compare/compare-book.sh), sourced after
# tests/tap.sh and tap_tmp.
#
#   soffice_recalc OUTDIR FILE...
#       one soffice run loads every FILE, recalculating each formula
#       whatever value it caches (a throwaway profile in $tmp/profile
#       says so), and saves each sheet of each as CSV,
#       OUTDIR/NAME-SHEET.csv: every value quoted, UTF-8, all sheets.
#       CSV, not xlsx: LibreOffice saves it in a third of the time, and
#       tests/book_xlsx.py reads it back (Recalculated).  soffice's output
#       goes to $tmp/soffice.log, for a test that finds a file missing.
soffice_recalc() {
    outdir=$1
    shift
    if [ ! -f "$tmp/profile/user/registrymodifications.xcu" ]; then
        mkdir -p "$tmp/profile/user"
        # OOXMLRecalcMode and ODFRecalcMode 0: recalculate on load, always
        cat >"$tmp/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
    fi
    mkdir -p "$outdir"
    soffice -env:UserInstallation="file://$tmp/profile" --headless --norestore \
        --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,false,false,false,false,-1' \
        --outdir "$outdir" "$@" >"$tmp/soffice.log" 2>&1
}
