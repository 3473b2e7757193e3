#!/bin/sh
# install.sh - what `make install` puts where the manual says (TAP).
#
# `make install DESTDIR=...` of this build; then the man pages, the
# manual, the plugin guide, the bash completion, the bundled models and
# the example data must be where docs/manual/index.md says, and an
# installed example, copied as the manual's "Getting started" says, must
# evaluate with the installed models.
# top_srcdir and top_builddir come from the environment.

. "$top_srcdir/tests/tap.sh"
: "${top_builddir:?top_builddir must name the build tree}"
tap_tmp install-docs

# The installation directories, as this build's Makefile has them.
var() {
    printf 'thrive-print-var:\n\t@echo $(%s)\n' "$1" |
        env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top_builddir" -f Makefile -f - \
            thrive-print-var
}
dest=$tmp/dest
# The jobserver of an enclosing `make check` is not ours to use.
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$top_builddir" install DESTDIR="$dest" \
    >"$tmp/log" 2>&1; then
    echo "Bail out! make install DESTDIR=$dest failed"
    sed 's/^/# /' "$tmp/log" | tail -20
    exit 1
fi
bindir=$dest$(var bindir)
pkgdatadir=$dest$(var pkgdatadir)
docdir=$dest$(var docdir)
mandir=$dest$(var mandir)
bashcompletiondir=$dest$(var bashcompletiondir)

for page in man1/thrive.1 man1/thrive-init.1 man1/thrive-validate.1 man1/thrive-evaluate.1 \
    man1/thrive-diagram.1 man1/thrive-plugins.1 man5/thrive-model.5; do
    check "the man page $page is installed" test -s "$mandir/$page"
done
for chapter in index getting-started commands logic-model expressions case-data outputs \
    compare methods plugins; do
    check "the manual's $chapter.md is installed in DOCDIR/manual" test -s "$docdir/manual/$chapter.md"
done
check "the plugin author's guide is installed in DOCDIR" test -s "$docdir/writing-plugins.md"
check "the bash completion is installed where bash-completion looks" \
    test -s "$bashcompletiondir/thrive"
for model in "$top_srcdir"/logic-models/*.yaml; do
    name=$(basename "$model")
    check "the bundled model $name is installed in PKGDATADIR/logic-models" \
        cmp -s "$model" "$pkgdatadir/logic-models/$name"
done
for data in "$top_srcdir"/examples/*/cases.csv; do
    name=${data#"$top_srcdir"/}
    check "the example data $name is installed in PKGDATADIR" cmp -s "$data" "$pkgdatadir/$name"
done
check "the plugin template is installed in PKGDATADIR/examples" \
    test -s "$pkgdatadir/examples/plugin-template/debt_advice.c"

# The manual's "Getting started", step 2, with the installed files.  The
# installed program looks for its plugins in the final plugin directory,
# which under DESTDIR is not there yet: point it at them.
plugindir=$dest$(var plugindir)
cp -r "$pkgdatadir/examples/fip" "$tmp/fip" && cp "$pkgdatadir/logic-models/fip.yaml" "$tmp/fip/"
(cd "$tmp/fip" && THRIVE_PLUGIN_PATH=$plugindir "$bindir/thrive" evaluate fip.yaml \
    --data cases.csv -o fip.xlsx --summary fip.json --quiet) 2>"$tmp/err"
check "an installed example, copied as 'Getting started' says, evaluates" \
    test -s "$tmp/fip/fip.xlsx" -a -s "$tmp/fip/fip.json"

# And nothing is left behind by make uninstall.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$top_builddir" uninstall DESTDIR="$dest" \
    >"$tmp/log" 2>&1
left=$(find "$dest" -type f | sed "s|^$dest||" | head -5)
check "make uninstall removes every file${left:+ (left: $left)}" test -z "$left"

tap_done
