#!/bin/sh
# special-files.sh - outputs to special files (docs/manual/commands.md,
# "Outputs"), as TAP, in a private mount namespace (unshare -m) with a
# tmpfs of its own on /dev, so that the real /dev is never touched:
#   - a character device (/dev/null, /dev/full) and a FIFO are written
#     through, never replaced: they are still a device and a FIFO after;
#   - /dev/stdout as root writes to standard output and stays a link;
#   - a block device is refused (exit 6);
#   - all or none: when the summary fails (a full file system, or
#     /dev/full), the old workbook is still there, byte for byte.
# Skipped where a mount namespace cannot be made (not root, or a container
# without the right).
. "$top_srcdir/tests/tap.sh"

if [ "${THRIVE_IN_NAMESPACE:-}" != 1 ]; then
    if ! command -v unshare >/dev/null || ! unshare -m true 2>/dev/null; then
        echo "1..0 # SKIP no private mount namespace here (unshare -m needs root)"
        exit 0
    fi
    THRIVE_IN_NAMESPACE=1 exec unshare -m --propagation private sh "$0"
fi

tap_tmp safety-special
fip=$top_srcdir/logic-models/fip.yaml
cp "$fip" "$tmp/fip.yaml"
cp "$top_srcdir/examples/fip/cases.csv" "$tmp/cases.csv"
ev() { "$THRIVE" evaluate "$tmp/fip.yaml" --data "$tmp/cases.csv" --quiet "$@"; }
ev --summary "$tmp/s.json" 2>/dev/null || exit 99

# a /dev of our own: only what the tests need
mount -t tmpfs -o mode=755 thrive-dev /dev || exit 99
mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/full c 1 7 &&
    mknod -m 600 /dev/nodev b 240 0 && ln -s /proc/self/fd/1 /dev/stdout || exit 99

ev -o /dev/null --summary /dev/null 2>"$tmp/err"
got=$?
[ "$got" = 0 ] && [ -c /dev/null ] && [ "$(ls /dev | wc -l)" = 4 ]
report $? "-o /dev/null --summary /dev/null: exit 0 (got $got), still a device, /dev as it was" \
    "$tmp/err"
ev --summary /dev/stdout >"$tmp/root-stdout.json" 2>"$tmp/err"
got=$?
[ "$got" = 0 ] && [ -L /dev/stdout ] && cmp -s "$tmp/root-stdout.json" "$tmp/s.json"
report $? "--summary /dev/stdout as root: the summary on stdout, /dev/stdout still a link" \
    "$tmp/err"
ev --summary /dev/nodev 2>"$tmp/err"
got=$?
[ "$got" = 6 ] && grep -q "neither a file nor a stream" "$tmp/err" && [ -b /dev/nodev ]
report $? "--summary naming a block device: exit 6 (got $got), left alone" "$tmp/err"

mkfifo "$tmp/fifo"
timeout 60 cat "$tmp/fifo" >"$tmp/from-fifo" &
reader=$!
ev --summary "$tmp/fifo" 2>"$tmp/err"
got=$?
wait "$reader"
[ "$got" = 0 ] && [ -p "$tmp/fifo" ] && cmp -s "$tmp/from-fifo" "$tmp/s.json"
report $? "--summary FIFO: written through (got $got), still a FIFO" "$tmp/err"

# all or none
echo old-book >"$tmp/old.xlsx"
ev -o "$tmp/old.xlsx" --summary /dev/full 2>"$tmp/err"
got=$?
[ "$got" = 6 ] && [ "$(cat "$tmp/old.xlsx")" = old-book ] && [ -c /dev/full ] &&
    [ "$(ls "$tmp" | grep -c 'old\.xlsx\.')" = 0 ]
report $? "--summary /dev/full: exit 6 (got $got), the old workbook put back, no file left" \
    "$tmp/err"
mkdir "$tmp/full"
mount -t tmpfs -o size=4k thrive-full "$tmp/full" || exit 99
head -c 4096 /dev/zero >"$tmp/full/filler" 2>/dev/null
echo old-summary >"$tmp/old.json"
ev -o "$tmp/old.xlsx" --summary "$tmp/full/s.json" --html "$tmp/old.html" 2>"$tmp/err"
got=$?
[ "$got" = 6 ] && [ "$(cat "$tmp/old.xlsx")" = old-book ] && [ ! -e "$tmp/old.html" ] &&
    [ "$(ls "$tmp" | grep -c '\.tmp')" = 0 ]
report $? "summary on a full file system: exit 6 (got $got), old workbook kept, no report" \
    "$tmp/err"
umount "$tmp/full"

tap_done
