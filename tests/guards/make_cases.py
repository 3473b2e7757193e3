#!/usr/bin/env python3
"""make_cases.py CASES.csv OUTDIR - copies of the FIP example data with the
mistakes evaluators make every week, for tests/guards/guards.sh:

  missing.csv   the column action_plan deleted
  near.csv      headers 'Action_plan' and 'site ' (case, a trailing space)
  blank.csv     three all-empty records at the end
  semi.csv      separated by semicolons;  tab.csv: by tabs
  cp1252.csv    WINDOWS-1252 with semicolons and CRLF, a note on line 6
                holding 'Café – good' (0xE9 and 0x96 in WINDOWS-1252)
  cp1252-utf8.csv  the same text in UTF-8 with commas (the control)
  dense.csv     notes dense with multi-byte characters, over 200 KB;
                dense1252.csv: the same in WINDOWS-1252 with semicolons
  us.csv        every ISO date rewritten MM/DD/YYYY
  us1.csv       the same without leading zeros (M/D/YYYY: 9/15/2009)
  enum.csv      debt_referral 'Yes' on line 4 and 'y' on line 5
  bounds.csv    children 0 on line 3 (the field's min is 1)
  period.csv    line 2's referral_date moved before the model's period

and prints, for the checks, the number of values of us.csv that are not
DD/MM/YYYY dates but are MM/DD/YYYY ones, per column, as JSON (in rows
that are not ragged, whose cells are checked); under "us1:COLUMN" the
same count for us1.csv, those not D/M/YYYY dates but M/D/YYYY ones.  Only the
standard library is used.
"""
import csv
import datetime
import json
import os
import re
import sys


def write(path, rows, delimiter=",", encoding="utf-8", terminator="\n"):
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter, lineterminator=terminator).writerows(rows)


def real(d, m, y):
    try:
        datetime.date(y, m, d)
        return True
    except ValueError:
        return False


def main():
    src, out = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    h = rows[0]
    j = lambda name: os.path.join(out, name)

    i = h.index("action_plan")
    write(j("missing.csv"), [r[:i] + r[i + 1:] for r in rows])
    write(j("near.csv"), [[{"action_plan": "Action_plan", "site": "site "}.get(x, x)
                           for x in h]] + rows[1:])
    write(j("blank.csv"), rows + [[""] * len(h)] * 3)
    write(j("semi.csv"), rows, delimiter=";")
    write(j("tab.csv"), rows, delimiter="\t")
    noted = [list(r) for r in rows]
    noted[5][h.index("notes")] = "Caf\u00e9 \u2013 good"
    write(j("cp1252.csv"), noted, delimiter=";", encoding="cp1252", terminator="\r\n")
    write(j("cp1252-utf8.csv"), noted, terminator="\r\n")
    # notes dense with 2- and 3-byte characters over 200 KB: some character
    # is cut by the end of each 64 KB block the reader takes
    dense = [list(r) for r in rows]
    for r in dense[1:]:
        if len(r) == len(h):
            r[h.index("notes")] = "Caf\u00e9 \u2013 \u00a3 \u20ac " * 60
    write(j("dense.csv"), dense)
    write(j("dense1252.csv"), dense, delimiter=";", encoding="cp1252")

    american = {}

    def us(name, x, whole, form):
        m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", x)
        if not m:
            return x
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        text = form % (mo, d, y)
        # read day first it is day MO of month D
        # (a ragged row is rejected before its cells are looked at)
        if whole and not real(mo, d, y) and real(d, mo, y):
            key = name if form.startswith("%02d") else "us1:" + name
            american[key] = american.get(key, 0) + 1
        return text

    for path, form in (("us.csv", "%02d/%02d/%04d"), ("us1.csv", "%d/%d/%04d")):
        write(j(path), [h] + [[us(h[k], x, len(r) == len(h), form) for k, x in enumerate(r)]
                              for r in rows[1:]])
    bad = [list(r) for r in rows]
    bad[3][h.index("debt_referral")] = "Yes"
    bad[4][h.index("debt_referral")] = "y"
    write(j("enum.csv"), bad)
    low = [list(r) for r in rows]
    low[2][h.index("children")] = "0"
    write(j("bounds.csv"), low)
    early = [list(r) for r in rows]
    early[1][h.index("referral_date")] = "2008-01-15"
    write(j("period.csv"), early)
    print(json.dumps(american))


if __name__ == "__main__":
    main()
