#!/usr/bin/python3
"""book_xlsx.py - read, compare and edit thrive workbooks, standard library only.

Used by tests/recalc/ (books.sh), tests/compare/compare_book.py and
tests/render-book.sh:

  book_xlsx.py compare ORIG.xlsx RECALC
      every formula cell of ORIG (its cached value, written by thrive) must
      hold the same value in RECALC (the same workbook recalculated by
      LibreOffice): numbers to 1e-9 relative, text exactly.  RECALC, here
      and below, is an .xlsx or the prefix of a CSV export of every sheet
      (RECALC-SHEET.csv, every value quoted; see Recalculated).
  book_xlsx.py for-recalc ORIG.xlsx OUT.xlsx
      copy ORIG without its print titles, which hold no figure and slow
      LibreOffice's loading.
  book_xlsx.py set-cost ORIG.xlsx OUT.xlsx DELTA
      copy ORIG (as for-recalc), adding DELTA to the first input cost on
      the Costs sheet that is a plain number (an input, not a formula).
  book_xlsx.py check-shift ORIG.xlsx RECALC DELTA
      after set-cost DELTA and a recalculation, the total cost, the costs
      per participant, output, outcome and net outcome and the NPV must
      have moved by exactly what the definitions say.
  book_xlsx.py set-value ORIG.xlsx OUT.xlsx DELTA
      copy ORIG (as for-recalc), adding DELTA to the first value a year
      that is an input: a part of a split value on the Value for money
      sheet, else an outcome's value on the Outcomes sheet.
  book_xlsx.py check-value ORIG.xlsx RECALC DELTA
      after set-value DELTA and a recalculation, the outcome's present
      value, the NPV, SROI ratio, BCR, fiscal return (when the part is
      fiscal), each year's discounted benefits and the payback year must
      have moved as the definitions say.
  book_xlsx.py compare-json BOOK.xlsx SUMMARY.json
      every figure of the JSON summary equals the workbook's (numbers to
      1e-9 relative, null as n/a or [c]): costs (total, adjusted, by kind,
      per participant), the data row counts (Data quality and About), the
      About sheet's files, hashes and versions, outputs and outcomes with
      their targets, value for money, the Summary sheet's headline figures,
      every distance-travelled statistic, every breakdown and quarter group
      (participants, output counts, outcome eligible, achieved and rate),
      and the plugin's measures (Summary sheet) and tables (its sheets);
      the workbook lists exactly the summary's kinds, outputs, outcomes,
      areas, groups and plugin figures.
  book_xlsx.py only-sheet ORIG.xlsx OUT.xlsx SHEET
      copy ORIG with every other sheet hidden, for rendering one sheet.
  book_xlsx.py golden BOOK.xlsx GOLDEN-DIR LABEL
      every part of BOOK (each sheet, the shared strings, the charts, the
      styles...), normalised, equals its copy under GOLDEN-DIR (the part's
      path inside the zip), and GOLDEN-DIR has no part BOOK lacks: one
      "PASS LABEL: what" or "FAIL LABEL: what" line each, a failure followed
      by the start of a unified diff.  Normalised: the times (run time,
      document dates), the versions of thrive and libxlsxwriter, the source
      tree's path (top_srcdir in the environment) as @top_srcdir@; a
      sheet's shared-string cells hold their text (<ss>text</ss>, not the
      string's number); one XML tag a line, so the copies read and diff well.  With
      THRIVE_GOLDEN_UPDATE=1 in the environment, GOLDEN-DIR is rewritten
      from BOOK instead (then review it with git diff).

Exit status 0 when the check holds, 1 when it does not (with the reasons on
stdout), 2 on a usage error.
"""
import csv
import difflib
import json
import math
import os
import re
import shutil
import sys
import zipfile
import xml.etree.ElementTree as ET

def humanize(name):
    """A name written in a model as the workbook shows it (humanize() in
    src/model.c): "referral_route" -> "Referral route"."""
    words = name.replace("_", " ").replace("-", " ")
    return words[:1].upper() + words[1:]


NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
REL_ID = "{%s}id" % NS["r"]


def sheet_parts(zf):
    """[(name, part)] in workbook order."""
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = {}
    for rel in rels.findall("rel:Relationship", NS):
        t = rel.get("Target")
        t = t.lstrip("/") if t.startswith("/") else "xl/" + t
        target[rel.get("Id")] = t
    return [(s.get("name"), target[s.get(REL_ID)])
            for s in wb.find("m:sheets", NS).findall("m:sheet", NS)]


def shared_strings(zf):
    try:
        root = ET.fromstring(zf.read("xl/sharedStrings.xml"))
    except KeyError:
        return []
    return ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))
            for si in root.findall("m:si", NS)]


class Cell:
    def __init__(self, formula, value):
        self.formula = formula  # text of <f>, "" for a shared formula, None
        self.value = value      # float, str, or None (blank)

    def __repr__(self):
        return "Cell(%r, %r)" % (self.formula, self.value)


def read_cells(zf, part, sst):
    """{ref: Cell} of one worksheet."""
    root = ET.fromstring(zf.read(part))
    out = {}
    for c in root.iter("{%s}c" % NS["m"]):
        f = c.find("m:f", NS)
        v = c.find("m:v", NS)
        t = c.get("t", "n")
        if t == "inlineStr":
            value = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
        elif v is None:
            value = None
        elif t == "s":
            value = sst[int(v.text)]
        elif t in ("str", "e"):
            value = v.text or ""
        elif t == "b":
            value = float(v.text)
        else:
            value = float(v.text)
        out[c.get("r")] = Cell(None if f is None else (f.text or ""), value)
    return out


class Book:
    def __init__(self, path):
        self.path = path
        with zipfile.ZipFile(path) as zf:
            sst = shared_strings(zf)
            self.order = [name for name, _ in sheet_parts(zf)]
            self.sheets = {name: read_cells(zf, part, sst) for name, part in sheet_parts(zf)}

    def get(self, sheet, ref):
        c = self.sheets.get(sheet, {}).get(ref)
        return c.value if c else None

    def column(self, sheet, header, row=1):
        """Column letter of HEADER in ROW of SHEET, or None."""
        for ref, c in self.sheets.get(sheet, {}).items():
            col, r = split_ref(ref)
            if r == row and c.value == header:
                return col
        return None

    def rows_labelled(self, sheet, first=2):
        """{row: label} of the rows of SHEET from FIRST on whose column A is text,
        until the first blank one."""
        out = {}
        row = first
        while True:
            v = self.get(sheet, "A%d" % row)
            if not isinstance(v, str) or v == "":
                return out
            out[row] = v
            row += 1

    def find_label(self, sheet, label):
        """Row whose column A is LABEL."""
        for ref, c in self.sheets.get(sheet, {}).items():
            col, r = split_ref(ref)
            if col == "A" and c.value == label:
                return r
        return None


def csv_cell(text, like):
    """A cell of LibreOffice's CSV export (every value quoted, so its type
    is not in the file), typed with the help of LIKE, the value thrive
    wrote in the same place: text where it is LIKE's text unchanged, else
    a number where it reads as one (a percent format's "12.5%" is 0.125;
    TRUE and FALSE are 1 and 0 where LIKE is a number), else text; None
    when blank."""
    if text == "":
        return "" if like == "" else None  # a formula's empty text stays text
    if isinstance(like, str) and text == like:
        return text
    percent = text.endswith("%")
    try:
        value = float(text[:-1] if percent else text)
    except ValueError:
        if isinstance(like, float):
            return {"TRUE": 1.0, "FALSE": 0.0}.get(text, text)
        return text
    return value / 100 if percent else value


class Recalculated(Book):
    """A workbook LibreOffice recalculated and exported as CSV, a file a
    sheet (PREFIX-SHEET.csv, LibreOffice's names), read as a Book with
    LIKE's sheets, each value typed as LIKE's (csv_cell).  Saving as CSV
    takes LibreOffice a third of the time saving as xlsx takes; the values
    keep 15 significant digits, within the 1e-9 the comparisons allow."""

    def __init__(self, prefix, like):
        self.path = prefix
        self.order = [name for name in like.order
                      if os.path.exists("%s-%s.csv" % (prefix, name))]
        self.sheets = {}
        for name in self.order:
            cells, like_cells = {}, like.sheets[name]
            with open("%s-%s.csv" % (prefix, name), newline="", encoding="utf-8") as f:
                for r, row in enumerate(csv.reader(f), 1):
                    for c, text in enumerate(row):
                        ref = "%s%d" % (col_letter(c), r)
                        old = like_cells.get(ref)
                        value = csv_cell(text, old.value if old else None)
                        if value is not None:
                            cells[ref] = Cell(None, value)
            self.sheets[name] = cells


def recalculated(path, like):
    """The recalculated copy of LIKE at PATH: an .xlsx, or the prefix of
    LibreOffice's CSV export (Recalculated)."""
    return Book(path) if path.endswith(".xlsx") else Recalculated(path, like)


VFM = "Value for money"


def value_input(book):
    """(sheet, ref, outcome label, part type or None) of the first value a
    year that is an input: a part on the Value for money sheet, else an
    outcome's value on the Outcomes sheet."""
    head = book.find_label(VFM, "Who benefits, outcome by outcome")
    if head:
        col = book.column(VFM, "Value a year", head)
        type_col = book.column(VFM, "Type", head)
        for row, label in sorted(book.rows_labelled(VFM, head + 1).items()):
            c = book.sheets[VFM].get("%s%d" % (col, row))
            if c and c.formula is None and isinstance(c.value, float) and c.value > 0:
                return VFM, "%s%d" % (col, row), label, book.get(VFM, "%s%d" % (type_col, row))
    col = book.column("Outcomes", "Value a year")
    for row, label in sorted(book.rows_labelled("Outcomes").items()):
        c = book.sheets["Outcomes"].get("%s%d" % (col, row))
        if c and c.formula is None and isinstance(c.value, float) and c.value > 0:
            return "Outcomes", "%s%d" % (col, row), label, None
    return None, None, None, None


def copy_for_recalc(orig_path, out_path, edit=None):
    """Copy ORIG for LibreOffice to recalculate, without its print titles
    (the _xlnm.Print_Titles names): they hold no figure, and LibreOffice
    7.4 spends about a second a workbook on them when it loads one (three
    thrive workbooks converted in 4.5 s with them, 1.5 s without).  EDIT,
    when given, is (sheet, ref, number): that cell's value becomes number."""
    with zipfile.ZipFile(orig_path) as zf:
        part = dict(sheet_parts(zf))[edit[0]] if edit else None
        with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as out:
            for item in zf.infolist():
                data = zf.read(item.filename)
                if item.filename == "xl/workbook.xml":
                    data = re.sub(rb'<definedName name="_xlnm\.Print_Titles"[^>]*>[^<]*</definedName>',
                                  b"", data)
                    data = data.replace(b"<definedNames></definedNames>", b"")
                elif item.filename == part:
                    _, ref, number = edit
                    text, n = re.subn(r'(<c r="%s"[^>]*>\s*<v>)([^<]*)(</v>)' % ref,
                                      lambda m: m.group(1) + repr(number) + m.group(3),
                                      data.decode("utf-8"))
                    if n != 1:
                        print("cannot find the cell %s in %s" % (ref, part))
                        return 1
                    data = text.encode("utf-8")
                out.writestr(item, data)
    return 0


def cmd_set_value(orig_path, out_path, delta):
    book = Book(orig_path)
    sheet, ref, label, _ = value_input(book)
    if ref is None:
        print("no value a year that is an input")
        return 1
    value = book.get(sheet, ref)
    if copy_for_recalc(orig_path, out_path, (sheet, ref, value + delta)) != 0:
        return 1
    print("%s!%s (%s): %r -> %r" % (sheet, ref, label, value, value + delta))
    return 0


def cmd_check_value(orig_path, recalc_path, delta):
    """The outcome's value v grows by DELTA, so its present value by
    PV x DELTA / v, and so do the total, the NPV and (for a fiscal part)
    the fiscal present value; year t's benefits grow by DELTA x net x
    (1 - drop-off)^(t-1) x factor(t) while t <= duration."""
    orig = Book(orig_path)
    new = recalculated(recalc_path, orig)
    sheet, ref, label, kind = value_input(orig)
    head = orig.find_label(VFM, "Present value by outcome")
    if ref is None or head is None:
        print("no value a year that is an input, or no Present value by outcome table")
        return 1
    rows = {v: r for r, v in orig.rows_labelled(VFM, head + 1).items()}
    col = {h: orig.column(VFM, h, head) for h in ("Present value", "Net outcomes",
                                                  "Value a year", "Duration (years)",
                                                  "Drop-off a year")}
    at = lambda h: "%s%d" % (col[h], rows[label])
    pv, v = orig.get(VFM, at("Present value")), orig.get(VFM, at("Value a year"))
    net, years = orig.get(VFM, at("Net outcomes")), orig.get(VFM, at("Duration (years)"))
    drop = orig.get(VFM, at("Drop-off a year"))
    shift = pv * delta / v
    problems, checked = [], []

    def expect(what, label_a, want):
        row = orig.find_label(VFM, label_a)
        got = new.get(VFM, "B%d" % row) if row else None
        checked.append(what)
        if not isinstance(got, float) or not math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-6):
            problems.append("%s: now %r, expected %r" % (what, got, want))

    def was(label_a):
        return orig.get(VFM, "B%d" % orig.find_label(VFM, label_a))

    cost = was("Adjusted cost")
    expect("outcome's present value", label, pv + shift)
    expect("present value", "Present value of outcomes", was("Present value of outcomes") + shift)
    expect("net present value", "Net present value", was("Net present value") + shift)
    expect("SROI ratio", "SROI ratio", (was("Present value of outcomes") + shift) / cost)
    expect("BCR", "Benefit-cost ratio (BCR)", (was("Present value of outcomes") + shift) / cost)
    if kind == "Fiscal":
        expect("fiscal return", "Fiscal return", was("Fiscal return") + shift / cost)
    year_row = orig.find_label(VFM, "Year")
    if year_row:
        total, paid = 0.0, None
        for t in range(1, 1001):
            r = year_row + t
            b0, f = orig.get(VFM, "B%d" % r), orig.get(VFM, "D%d" % r)
            if not isinstance(b0, float):
                break
            want = b0 + (delta * net * (1 - drop) ** (t - 1) * f if t <= years else 0)
            got = new.get(VFM, "B%d" % r)
            checked.append("benefits of year %d" % t)
            if not isinstance(got, float) or not math.isclose(got, want, rel_tol=1e-9,
                                                              abs_tol=1e-6):
                problems.append("benefits of year %d: now %r, expected %r" % (t, got, want))
            total += want
            if paid is None and total >= cost:
                paid = t
        row = orig.find_label(VFM, "Pays back in year")
        got = new.get(VFM, "B%d" % row)
        checked.append("payback year")
        if (float(paid) if paid else "n/a") != got:
            problems.append("payback year: now %r, expected %r" % (got, paid))
    print("%d figures checked: %s" % (len(checked), ", ".join(checked)))
    for p in problems:
        print(p)
    return 1 if problems else 0


def split_ref(ref):
    m = re.match(r"([A-Z]+)([0-9]+)$", ref)
    return m.group(1), int(m.group(2))


def same(a, b, rel=1e-9):
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)
    return a == b


def cmd_compare(orig_path, recalc_path):
    orig = Book(orig_path)
    recalc = recalculated(recalc_path, orig)
    problems, checked = [], 0
    if orig.order != recalc.order:
        problems.append("sheets differ: %s vs %s" % (orig.order, recalc.order))
    for sheet in orig.order:
        for ref, c in sorted(orig.sheets[sheet].items()):
            if c.formula is None:
                continue
            checked += 1
            got = recalc.get(sheet, ref)
            if not same(c.value, got):
                problems.append("%s!%s =%s: thrive cached %r, LibreOffice computed %r"
                                % (sheet, ref, c.formula, c.value, got))
    print("%d formula cells compared" % checked)
    for p in problems:
        print(p)
    return 1 if problems or checked == 0 else 0


def cost_input(book):
    """(ref, value) of the first input cost on the Costs sheet that is a number."""
    col = book.column("Costs", "Cost")
    for row in sorted(book.rows_labelled("Costs")):
        c = book.sheets["Costs"].get("%s%d" % (col, row))
        if c and c.formula is None and isinstance(c.value, float):
            return "%s%d" % (col, row), c.value
    return None, None


def cmd_set_cost(orig_path, out_path, delta):
    book = Book(orig_path)
    ref, value = cost_input(book)
    if ref is None:
        print("no input cost that is a plain number on the Costs sheet")
        return 1
    if copy_for_recalc(orig_path, out_path, ("Costs", ref, value + delta)) != 0:
        return 1
    print("Costs!%s: %r -> %r" % (ref, value, value + delta))
    return 0


def cmd_check_shift(orig_path, recalc_path, delta):
    orig = Book(orig_path)
    new = recalculated(recalc_path, orig)
    problems, checked = [], []

    def expect(sheet, ref, shift, what):
        a, b = orig.get(sheet, ref), new.get(sheet, ref)
        if not isinstance(a, float):
            return  # n/a or [c]: nothing to move
        checked.append(what)
        if not isinstance(b, float) or not math.isclose(b, a + shift, rel_tol=1e-9,
                                                        abs_tol=1e-6):
            problems.append("%s (%s!%s): was %r, now %r, expected %r"
                            % (what, sheet, ref, a, b, a + shift))

    def cell_right_of(sheet, label, col):
        row = orig.find_label(sheet, label)
        return None if row is None else "%s%d" % (col, row)

    cost_col = orig.column("Costs", "Cost")
    total_ref = cell_right_of("Costs", "Total cost", cost_col)
    n_ref = cell_right_of("Costs", "Participants (accepted rows)", cost_col)
    ob_ref = cell_right_of("Costs", "Optimism bias (uplift on costs)", cost_col)
    if not (total_ref and n_ref and ob_ref):
        print("the Costs sheet lacks its total, participants or optimism bias")
        return 1
    expect("Costs", total_ref, delta, "total cost")
    ob = orig.get("Costs", ob_ref)
    n = orig.get("Costs", n_ref)
    if isinstance(n, float) and n > 0:
        per = cell_right_of("Costs", "Cost per participant (total cost / participants)", cost_col)
        expect("Costs", per, delta / n, "cost per participant")

    count_col = orig.column("Outputs", "Count")
    cpo_col = orig.column("Outputs", "Cost per output (total cost)")
    for row in orig.rows_labelled("Outputs"):
        k = orig.get("Outputs", "%s%d" % (count_col, row))
        if isinstance(k, float) and k > 0:
            expect("Outputs", "%s%d" % (cpo_col, row), delta / k, "cost per output, row %d" % row)

    a_col = orig.column("Outcomes", "Achieved")
    net_col = orig.column("Outcomes", "Net outcomes")
    c_col = orig.column("Outcomes", "Cost per outcome (total cost)")
    cn_col = orig.column("Outcomes", "Cost per net outcome (total cost)")
    ca_col = orig.column("Outcomes", "Cost per net outcome (adjusted cost)")
    outcomes = 0
    for row in orig.rows_labelled("Outcomes"):
        a = orig.get("Outcomes", "%s%d" % (a_col, row))
        net = orig.get("Outcomes", "%s%d" % (net_col, row))
        if isinstance(a, float) and a > 0:
            outcomes += 1
            expect("Outcomes", "%s%d" % (c_col, row), delta / a, "cost per outcome, row %d" % row)
        if isinstance(net, float) and net > 0:
            expect("Outcomes", "%s%d" % (cn_col, row), delta / net,
                   "cost per net outcome, row %d" % row)
            expect("Outcomes", "%s%d" % (ca_col, row), delta * (1 + ob) / net,
                   "cost per net outcome on the adjusted cost, row %d" % row)

    # A plugin's cost per unit on the Summary is total / count, so it moves
    # by delta / count = delta x value / total: found by its formula, which
    # divides the Costs sheet's total.
    total = orig.get("Costs", total_ref)
    costs_total = "'Costs'!$%s$%s" % split_ref(total_ref)
    for ref, c in sorted(orig.sheets.get("Summary", {}).items()):
        if c.formula and costs_total + "/" in c.formula and isinstance(c.value, float):
            label = orig.get("Summary", "A%d" % split_ref(ref)[1])
            expect("Summary", ref, delta * c.value / total, "plugin: %s" % label)

    npv_ref = cell_right_of("Value for money", "Net present value", "B")
    if npv_ref:
        expect("Value for money", npv_ref, -delta * (1 + ob), "net present value")

    print("%d figures checked: %s" % (len(checked), ", ".join(checked)))
    for p in problems:
        print(p)
    if outcomes == 0:
        print("no outcome with a cost per outcome to check")
        return 1
    return 1 if problems else 0


GROUP_PARTS = ("eligible", "achieved", "rate", "rate 95% CI low", "rate 95% CI high")


def wilson(a, n, z=1.959963984540054):
    """The Wilson score interval of A successes in N trials, written out here
    from its textbook formula (Wilson 1927) rather than taken from thrive."""
    if n == 0:
        return None, None
    p = a / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    # at a = 0 (a = n) the low (high) end is exactly 0 (1); rounding aside
    return (0.0 if a == 0 else centre - half), (1.0 if a == n else centre + half)


def group_headings(lead, output_labels, outcome_labels):
    """The column headings of the Breakdowns (LEAD = Breakdown, Value) and
    Quarters (LEAD = Quarter) sheets: participants, each output's count, each
    outcome's eligible, achieved, rate and the rate's 95% interval, made
    unique without regard to case by a " (2)", " (3)"... as an Excel table
    requires."""
    heads = list(lead) + ["Participants"] + list(output_labels)
    for label in outcome_labels:
        heads += ["%s: %s" % (label, part) for part in GROUP_PARTS]
    out = []
    for h in heads:
        name, k = h, 2
        while any(name.lower() == o.lower() for o in out):
            name, k = "%s (%d)" % (h, k), k + 1
        out.append(name)
    return out


def cmd_compare_json(book_path, json_path):
    """The JSON summary and the workbook show the same figures."""
    book = Book(book_path)
    with open(json_path, encoding="utf-8") as f:
        s = json.load(f)
    problems, checked = [], [0]

    def eq(what, sheet, ref, want, blank=False):
        """SHEET!REF shows WANT: a number to 1e-9 relative, text exactly, and
        null as n/a or [c] (or, with BLANK, an empty cell: a missing input)."""
        got = book.get(sheet, ref)
        checked[0] += 1
        if want is None:
            ok = got in ("n/a", "[c]") or (blank and got is None)
        elif isinstance(want, bool):
            ok = False
        elif isinstance(want, (int, float)):
            # relative only: a Wilcoxon p of 1e-28 is checked as closely as a cost
            ok = isinstance(got, float) and math.isclose(got, float(want), rel_tol=1e-9,
                                                         abs_tol=1e-300)
        else:
            ok = got == want
        if not ok:
            problems.append("%s: summary %r, workbook %s!%s %r" % (what, want, sheet, ref, got))

    def same_set(what, book_has, summary_has):
        checked[0] += 1
        if book_has != summary_has:
            problems.append("%s: the summary has %s, the workbook %s"
                            % (what, summary_has, book_has))

    def labelled(sheet, label, col):
        row = book.find_label(sheet, label)
        return "%s%d" % (col, row) if row else "?"

    def block(sheet, title, count=None):
        """[(row, label)] of the rows under the row whose column A is TITLE,
        up to the first without text in column A (at most COUNT of them)."""
        row = book.find_label(sheet, title)
        if row is None:
            return None
        return sorted(book.rows_labelled(sheet, row + 1).items())[:count]

    cost_col = book.column("Costs", "Cost")
    costs = s["costs"]
    eq("costs.total", "Costs", labelled("Costs", "Total cost", cost_col), costs["total"])
    eq("costs.adjusted", "Costs",
       labelled("Costs", "Adjusted cost (total x (1 + optimism bias))", cost_col),
       costs["adjusted"])
    eq("costs.per_participant", "Costs",
       labelled("Costs", "Cost per participant (total cost / participants)", cost_col),
       costs["per_participant"])
    eq("participants", "Costs", labelled("Costs", "Participants (accepted rows)", cost_col),
       s["participants"])
    # costs.by_kind: the "Cost by kind" table, one row per kind with an input
    kinds = block("Costs", "Cost by kind")
    if kinds is None:
        problems.append("the Costs sheet has no Cost by kind table")
        kinds = []
    # the summary keys the kinds as the model writes them; the sheet shows words
    kind_words = {"funding": "Funding", "staff": "Staff", "premises": "Premises",
                  "equipment": "Equipment", "in_kind": "In kind", "other": "Other"}
    same_set("costs.by_kind kinds", sorted(label for _, label in kinds),
             sorted(kind_words.get(k, k) for k in costs["by_kind"]))
    kind_of = {kind_words.get(k, k): k for k in costs["by_kind"]}
    for row, word in kinds:
        kind = kind_of.get(word)
        if kind in costs["by_kind"]:
            eq("costs.by_kind.%s" % kind, "Costs", "%s%d" % (cost_col, row),
               costs["by_kind"][kind])

    # data: the row counts on the Data quality and About sheets, and About's
    # files, hashes and versions
    data = s["data"]
    for key, label in (("rows_read", "Rows read"), ("rows_accepted", "Rows accepted"),
                       ("rows_rejected", "Rows rejected")):
        for sheet in ("Data quality", "About"):
            eq("data.%s" % key, sheet, labelled(sheet, label, "B"), data[key])
    for what, label, want in (
            ("data.file", "Data file", data["file"]),
            ("data.sha256", "Data SHA-256", data["sha256"]),
            ("model.file", "Model file", s["model"]["file"]),
            ("model.sha256", "Model SHA-256", s["model"]["sha256"]),
            ("model.id, model.title", "Logic model",
             "%s: %s" % (s["model"]["id"], s["model"]["title"])),
            ("plugin.name, plugin.version", "Plugin",
             "%s %s" % (s["plugin"]["name"], s["plugin"]["version"])),
            ("plugin_abi", "Plugin ABI", str(s["plugin_abi"])),
            ("thrive_version", "Written by", "thrive %s" % s["thrive_version"])):
        eq(what, "About", labelled("About", label, "B"), want)
    control = book.get("About", labelled("About", "Disclosure control", "B"))
    checked[0] += 1
    if not isinstance(control, str) or not control.startswith(
            "--suppress %d:" % s["suppress"] if "suppress" in s else "off"):
        problems.append("suppress: the summary has %r, About!Disclosure control %r"
                        % (s.get("suppress"), control))
    subtitle = book.get("Summary", "A2")
    checked[0] += 1
    if not isinstance(subtitle, str) or ("the logic model %s (pilot: %s)"
                                         % (s["model"]["id"], s["model"]["pilot"])
                                         not in subtitle):
        problems.append("model.id, model.pilot: Summary!A2 is %r" % subtitle)

    def by_id(sheet):
        col = book.column(sheet, "Id")
        return {book.get(sheet, "%s%d" % (col, row)): row for row in book.rows_labelled(sheet)}

    output_label, outcome_label = {}, {}
    rows = by_id("Outputs")
    same_set("outputs", sorted(rows), sorted(o["id"] for o in s["outputs"]))
    for o in s["outputs"]:
        row = rows.get(o["id"])
        if row is None:
            problems.append("output %s is not on the Outputs sheet" % o["id"])
            continue
        output_label[o["id"]] = book.get("Outputs", "A%d" % row)
        for key, header in (("count", "Count"), ("pct_of_target", "% of target"),
                            ("cost_per_output", "Cost per output (total cost)")):
            eq("outputs.%s.%s" % (o["id"], key), "Outputs",
               "%s%d" % (book.column("Outputs", header), row), o[key])
        eq("outputs.%s.target" % o["id"], "Outputs",
           "%s%d" % (book.column("Outputs", "Target"), row), o["target"], blank=True)
    rows = by_id("Outcomes")
    same_set("outcomes", sorted(rows), sorted(o["id"] for o in s["outcomes"]))
    for o in s["outcomes"]:
        row = rows.get(o["id"])
        if row is None:
            problems.append("outcome %s is not on the Outcomes sheet" % o["id"])
            continue
        outcome_label[o["id"]] = book.get("Outcomes", "A%d" % row)
        for key, header in (("eligible", "Eligible"), ("achieved", "Achieved"), ("rate", "Rate"),
                            ("net", "Net outcomes"),
                            ("cost_per_outcome", "Cost per outcome (total cost)"),
                            ("cost_per_net_outcome", "Cost per net outcome (total cost)"),
                            ("present_value", "Present value")):
            eq("outcomes.%s.%s" % (o["id"], key), "Outcomes",
               "%s%d" % (book.column("Outcomes", header), row), o[key])
        eq("outcomes.%s.target" % o["id"], "Outcomes",
           "%s%d" % (book.column("Outcomes", "Target rate"), row), o["target"], blank=True)
        lo, hi = o["rate_ci95"]
        eq("outcomes.%s.rate_ci95[0]" % o["id"], "Outcomes",
           "%s%d" % (book.column("Outcomes", "95% CI low"), row), lo)
        eq("outcomes.%s.rate_ci95[1]" % o["id"], "Outcomes",
           "%s%d" % (book.column("Outcomes", "95% CI high"), row), hi)
    vfm = s["value_for_money"]
    eq("value_for_money.present_value", "Value for money",
       labelled("Value for money", "Present value of outcomes", "B"), vfm["present_value"])
    eq("value_for_money.npv", "Value for money",
       labelled("Value for money", "Net present value", "B"), vfm["npv"])
    eq("value_for_money.sroi_ratio", "Value for money",
       labelled("Value for money", "SROI ratio", "B"), vfm["sroi_ratio"])
    eq("costs.adjusted", "Value for money",
       labelled("Value for money", "Adjusted cost", "B"), costs["adjusted"])
    # value for money in depth (when the summary has it)
    vfm_labels = (("bcr", "Benefit-cost ratio (BCR)"), ("fiscal_roi", "Fiscal return"),
                  ("payback_year", "Pays back in year"))
    for key, label in vfm_labels:
        if key in vfm:
            eq("value_for_money." + key, VFM, labelled(VFM, label, "B"), vfm[key])
    for end, word in enumerate(("low", "high")):
        if "sroi_bounds" in vfm:
            eq("value_for_money.sroi_bounds[%d]" % end, VFM,
               labelled(VFM, "SROI ratio, rates at the %s ends of their 95%% CIs" % word, "B"),
               vfm["sroi_bounds"][end])
    for t in ("fiscal", "economic", "social"):
        if t in vfm.get("by_type", {}):
            eq("value_for_money.by_type." + t, VFM, labelled(VFM, t.capitalize(), "B"),
               vfm["by_type"][t])
    for agency, v in vfm.get("by_agency", {}).items():
        # the sheet names an agency as readers do: "DWP", "Local authority"
        words = agency.upper() if len(agency) <= 4 and agency.isalpha() else humanize(agency)
        eq("value_for_money.by_agency." + agency, VFM, labelled(VFM, "Fiscal: " + words, "B"), v)
    head = book.find_label(VFM, "One-way sensitivity (widest swing first)")
    if "sensitivity" in vfm and head:
        rows = sorted(book.rows_labelled(VFM, head + 1))
        same_set("sensitivity items", len(rows), len(vfm["sensitivity"]))
        for key, col in (("npv_low", "NPV at low"), ("npv_high", "NPV at high"),
                         ("switching_value", "Switching value (NPV = 0)")):
            c = book.column(VFM, col, head)
            got = sorted(str(book.get(VFM, "%s%d" % (c, r))) for r in rows)
            want = [it[key] for it in vfm["sensitivity"]]
            checked[0] += 1
            if len(got) != len(want) or any(
                    not (isinstance(book.get(VFM, "%s%d" % (c, r)), float) and any(
                        w is not None and math.isclose(book.get(VFM, "%s%d" % (c, r)), w,
                                                       rel_tol=1e-9) for w in want))
                    and book.get(VFM, "%s%d" % (c, r)) not in ("n/a", "[c]") for r in rows):
                problems.append("sensitivity %s: the workbook has %s, the summary %s"
                                % (key, got, want))
    # present value by outcome: the outcomes with a value, in model order
    value_col, rows = book.column("Outcomes", "Value a year"), by_id("Outcomes")
    with_value = [o for o in s["outcomes"] if o["id"] in rows and
                  book.get("Outcomes", "%s%d" % (value_col, rows[o["id"]])) is not None]
    pv_rows = block("Value for money", "Present value by outcome") or []
    same_set("outcomes listed under Present value by outcome",
             [label for _, label in pv_rows], [outcome_label.get(o["id"]) for o in with_value])
    for (row, _), o in zip(pv_rows, with_value):
        eq("outcomes.%s.present_value" % o["id"], "Value for money", "B%d" % row,
           o["present_value"])

    # the Summary sheet's headline figures, output counts and outcome rates
    headline = (("participants", "Rows accepted (the participants)", s["participants"]),
                ("data.rows_read", "Rows read", data["rows_read"]),
                ("data.rows_rejected", "Rows rejected", data["rows_rejected"]),
                ("costs.total", "Total cost", costs["total"]),
                ("costs.adjusted", "Adjusted cost (with optimism bias)", costs["adjusted"]),
                ("costs.per_participant", "Cost per participant (total cost / participants)",
                 costs["per_participant"]),
                ("value_for_money.present_value", "Present value of outcomes",
                 vfm["present_value"]),
                ("value_for_money.npv", "Net present value (present value - adjusted cost)",
                 vfm["npv"]),
                ("value_for_money.sroi_ratio", "SROI ratio (present value / adjusted cost)",
                 vfm["sroi_ratio"]))
    for what, label, want in headline:
        eq(what + " (Summary)", "Summary", labelled("Summary", label, "B"), want)
    for section, items, labels, figures in (
            ("Outputs", s["outputs"], output_label,
             (("count", "B"), ("target", "F"), ("pct_of_target", "G"))),
            ("Outcome rates (achieved among eligible)", s["outcomes"], outcome_label,
             (("rate", "B"), ("eligible", "C"), ("target", "F")))):
        rows = block("Summary", section, len(items)) or []
        same_set("Summary: %s" % section, [label for _, label in rows],
                 [labels.get(o["id"]) for o in items])
        for (row, _), o in zip(rows, items):
            for key, col in figures:
                eq("%s.%s (Summary)" % (o["id"], key), "Summary", "%s%d" % (col, row), o[key],
                   blank=key == "target")
            for end, col in enumerate("DE" if "rate_ci95" in o else ""):
                eq("%s.rate_ci95[%d] (Summary)" % (o["id"], end), "Summary", "%s%d" % (col, row),
                   o["rate_ci95"][end])

    rows = by_id("Distance travelled")
    same_set("distance_travelled", sorted(rows), sorted(a["id"] for a in s["distance_travelled"]))
    for a in s.get("distance_travelled", []):
        row = rows.get(a["id"])
        if row is None:
            problems.append("area %s is not on the Distance travelled sheet" % a["id"])
            continue
        for key, header in (("n", "Pairs (n)"), ("n_missing_review", "Missing review"),
                            ("mean_baseline", "Mean baseline"), ("mean_review", "Mean review"),
                            ("mean_change", "Mean change"), ("sd_change", "SD of change"),
                            ("effect_size_dz", "Effect size dz"),
                            ("pct_improved", "% improved"), ("pct_same", "% same"),
                            ("pct_worse", "% worse"), ("wilcoxon_p", "Wilcoxon p")):
            eq("distance_travelled.%s.%s" % (a["id"], key), "Distance travelled",
               "%s%d" % (book.column("Distance travelled", header), row), a[key])
        for i, header in enumerate(("95% CI low", "95% CI high")):
            eq("distance_travelled.%s.ci95[%d]" % (a["id"], i), "Distance travelled",
               "%s%d" % (book.column("Distance travelled", header), row), a["ci95"][i])

    # breakdowns and quarters: one row per group, the columns by heading
    out_ids = [o["id"] for o in s["outputs"]]
    oc_ids = [o["id"] for o in s["outcomes"]]

    def group(what, sheet, row, heads, g):
        def cell(k):
            col = book.column(sheet, heads[k])
            return "%s%d" % (col, row) if col else "?"
        k = len(heads) - 1 - len(out_ids) - len(GROUP_PARTS) * len(oc_ids)  # Participants
        eq("%s.participants" % what, sheet, cell(k), g["participants"])
        for i, oid in enumerate(out_ids):
            eq("%s.outputs.%s.count" % (what, oid), sheet, cell(k + 1 + i),
               g["outputs"][oid]["count"])
        for i, oid in enumerate(oc_ids):
            c = k + 1 + len(out_ids) + len(GROUP_PARTS) * i
            el, ach = g["outcomes"][oid]["eligible"], g["outcomes"][oid]["achieved"]
            eq("%s.outcomes.%s.eligible" % (what, oid), sheet, cell(c), el)
            eq("%s.outcomes.%s.achieved" % (what, oid), sheet, cell(c + 1), ach)
            rate = None if el is None or ach is None or el == 0 else ach / el
            eq("%s.outcomes.%s rate (achieved / eligible)" % (what, oid), sheet, cell(c + 2),
               rate)
            lo, hi = (None, None) if rate is None else wilson(ach, el)
            eq("%s.outcomes.%s rate 95%% CI low (Wilson)" % (what, oid), sheet, cell(c + 3), lo)
            eq("%s.outcomes.%s rate 95%% CI high (Wilson)" % (what, oid), sheet, cell(c + 4), hi)
            # the summary carries the same rate and interval as the sheet
            if "rate" in g["outcomes"][oid]:
                eq("%s.outcomes.%s.rate" % (what, oid), sheet, cell(c + 2),
                   g["outcomes"][oid]["rate"])
                for end in (0, 1):
                    eq("%s.outcomes.%s.rate_ci95[%d]" % (what, oid, end), sheet,
                       cell(c + 3 + end), g["outcomes"][oid]["rate_ci95"][end])

    out_labels = [output_label.get(i, i) for i in out_ids]
    oc_labels = [outcome_label.get(i, i) for i in oc_ids]
    heads = group_headings(["Breakdown", "Value"], out_labels, oc_labels)
    rows = {}
    for row in book.rows_labelled("Breakdowns"):
        rows[(book.get("Breakdowns", "A%d" % row), book.get("Breakdowns", "B%d" % row))] = row
    bd = s.get("breakdowns", {})
    # the sheet shows each group under its label (the value when none), the
    # breakdown's name as words ("Referral route")
    same_set("breakdowns (field, label)", sorted(rows),
             sorted((humanize(f), g.get("label", v)) for f in bd for v, g in bd[f].items()))
    # and lists the groups in the summary's order
    same_set("breakdowns, in order", [k for _, k in sorted((r, k) for k, r in rows.items())],
             [(humanize(f), g.get("label", v)) for f in bd for v, g in bd[f].items()])
    for field, values in bd.items():
        for value, g in values.items():
            if (humanize(field), g.get("label", value)) in rows:
                group("breakdowns.%s.%s" % (field, value), "Breakdowns",
                      rows[(humanize(field), g.get("label", value))], heads, g)
    if "quarters" in s or "Quarters" in book.sheets:
        heads = group_headings(["Quarter"], out_labels, oc_labels)
        rows = sorted(book.rows_labelled("Quarters").items())
        quarters = {q["quarter"]: q for q in s.get("quarters", [])}
        listed = [label for _, label in rows]
        same_set("quarters, in order (the summary's among the workbook's)",
                 [x for x in listed if x in quarters], [q["quarter"] for q in s.get("quarters", [])])
        # a quarter of the period without rows is shown with every count 0
        nothing = {"participants": 0, "outputs": {i: {"count": 0} for i in out_ids},
                   "outcomes": {i: {"eligible": 0, "achieved": 0} for i in oc_ids}}
        for row, label in rows:
            group("quarters.%s" % label, "Quarters", row, heads, quarters.get(label, nothing))

    # plugin_measures: the measures, in order, under "Measures of the ...
    # plugin" on the Summary sheet; each table on its own sheet, the sheets
    # in order after Breakdowns and Quarters
    pm = s.get("plugin_measures", {})
    measures = [(k, v) for k, v in pm.items() if not isinstance(v, list)]
    tables = [(k, v) for k, v in pm.items() if isinstance(v, list)]
    rows = block("Summary", "Measures of the %s plugin" % s["plugin"]["name"])
    if rows is None:
        rows = []
        if measures:
            problems.append("the Summary sheet has no Measures of the %s plugin"
                            % s["plugin"]["name"])
    checked[0] += 1
    if len(rows) != len(measures):
        problems.append("plugin_measures: %d measures in the summary, %d on the Summary sheet"
                        % (len(measures), len(rows)))
    for (row, _), (key, value) in zip(rows, measures):
        eq("plugin_measures.%s" % key, "Summary", "B%d" % row, value)
    order = book.order
    last_fixed = max(order.index(n) for n in ("Breakdowns", "Quarters") if n in order)
    sheets = order[last_fixed + 1:order.index("Data quality")]
    checked[0] += 1
    if len(sheets) != len(tables):
        problems.append("plugin_measures: %d tables in the summary, %d plugin sheets (%s)"
                        % (len(tables), len(sheets), ", ".join(sheets)))
    for sheet, (key, table) in zip(sheets, tables):
        labels = book.rows_labelled(sheet)
        checked[0] += 1
        if len(labels) != len(table):
            problems.append("plugin_measures.%s: %d rows, sheet %s %d"
                            % (key, len(table), sheet, len(labels)))
        for i, item in enumerate(table):
            for c, (col_id, value) in enumerate(item.items()):
                # column A holds the row label (text), the next ones the figures
                eq("plugin_measures.%s[%d].%s" % (key, i, col_id), sheet,
                   "%s%d" % (col_letter(c), i + 2), value)
    print("%d figures compared with the summary" % checked[0])
    for p in problems:
        print(p)
    return 1 if problems else 0


def col_letter(c):
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def cmd_only_sheet(orig_path, out_path, sheet):
    with zipfile.ZipFile(orig_path) as zf:
        names = [name for name, _ in sheet_parts(zf)]
        if sheet not in names:
            print("no sheet %r in %s" % (sheet, orig_path))
            return 1
        active = names.index(sheet)
        with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as out:
            for item in zf.infolist():
                data = zf.read(item.filename)
                if item.filename == "xl/workbook.xml":
                    text = data.decode("utf-8")

                    def hide(m):
                        tag = m.group(0)
                        name = re.search(r'name="([^"]*)"', tag).group(1)
                        name = name.replace("&amp;", "&").replace("&apos;", "'")
                        if name == sheet or 'state="' in tag:
                            return tag
                        return tag.replace("<sheet ", '<sheet state="hidden" ', 1)

                    text = re.sub(r"<sheet [^>]*/>", hide, text)
                    text = re.sub(r'activeTab="[0-9]+"', 'activeTab="%d"' % active, text)
                    if "activeTab=" not in text:
                        text = text.replace("<workbookView ",
                                            '<workbookView activeTab="%d" ' % active, 1)
                    data = text.encode("utf-8")
                out.writestr(item, data)
    return 0


VOLATILE = [
    (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"), "@TIME@"),
    (re.compile(r"\b(thrive|libxlsxwriter) [0-9]+\.[0-9]+\.[0-9]+"), r"\1 @VERSION@"),
]


SHARED_CELL = re.compile(r'(<c [^>]*t="s"[^>]*>)<v>([0-9]+)</v>')


def raw_shared_strings(zf):
    """The shared strings as they are written (XML-escaped), in order."""
    try:
        xml = zf.read("xl/sharedStrings.xml").decode("utf-8")
    except KeyError:
        return []
    return ["".join(re.findall(r"<t(?: [^>]*)?>(.*?)</t>", si, re.S))
            for si in re.findall(r"<si>(.*?)</si>", xml, re.S)]


def normalise_part(data, sst=None):
    """A part's text with what changes from run to run replaced, a tag a
    line; in a sheet (SST given) a shared-string cell holds its text, as
    <ss>text</ss>, rather than its number in the table."""
    text = data.decode("utf-8")
    if sst is not None:
        text = SHARED_CELL.sub(lambda m: "%s<ss>%s</ss>" % (m.group(1), sst[int(m.group(2))]),
                               text)
    top = os.environ.get("top_srcdir", "").rstrip("/")
    if top:
        text = text.replace(top + "/", "@top_srcdir@/")
    for rx, rep in VOLATILE:
        text = rx.sub(rep, text)
    return text.replace("><", ">\n<").rstrip("\n") + "\n"


def golden_files(root):
    """The parts under a golden directory, as zip paths."""
    found = set()
    for d, _, files in os.walk(root):
        for f in files:
            found.add(os.path.relpath(os.path.join(d, f), root).replace(os.sep, "/"))
    return found


def cmd_golden(book_path, golden_dir, label):
    update = os.environ.get("THRIVE_GOLDEN_UPDATE") == "1"
    with zipfile.ZipFile(book_path) as zf:
        names = {part: "sheet '%s' (%s)" % (name, part) for name, part in sheet_parts(zf)}
        sst = raw_shared_strings(zf)
        parts = {i.filename: normalise_part(zf.read(i.filename),
                                            sst if i.filename in names else None)
                 for i in zf.infolist()}
    stale = golden_files(golden_dir) - set(parts) if os.path.isdir(golden_dir) else set()
    failed = 0
    for part in sorted(stale):
        if update:
            os.remove(os.path.join(golden_dir, part))
            print("PASS %s: %s removed (no longer in the workbook)" % (label, part))
        else:
            failed += 1
            print("FAIL %s: %s is in %s but not in the workbook" % (label, part, golden_dir))
    for part in sorted(parts):
        what = "%s: %s" % (label, names.get(part, part))
        path = os.path.join(golden_dir, part)
        if update:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(parts[part])
            print("PASS %s (golden copy written)" % what)
            continue
        try:
            with open(path, encoding="utf-8", newline="") as f:
                want = f.read()
        except OSError:
            failed += 1
            print("FAIL %s: no golden copy %s (THRIVE_GOLDEN_UPDATE=1 writes it)" % (what, path))
            continue
        if want == parts[part]:
            print("PASS %s is as its golden copy" % what)
            continue
        failed += 1
        print("FAIL %s differs from %s (THRIVE_GOLDEN_UPDATE=1 rewrites it):" % (what, path))
        diff = difflib.unified_diff(want.splitlines(), parts[part].splitlines(),
                                    "golden", "workbook", n=2, lineterm="")
        for line in list(diff)[:40]:
            print("  " + line)
    return 1 if failed else 0


def main(argv):
    commands = {
        "compare": (cmd_compare, 2), "set-cost": (cmd_set_cost, 3),
        "check-shift": (cmd_check_shift, 3), "compare-json": (cmd_compare_json, 2),
        "only-sheet": (cmd_only_sheet, 3), "golden": (cmd_golden, 3),
        "set-value": (cmd_set_value, 3), "check-value": (cmd_check_value, 3),
        "for-recalc": (copy_for_recalc, 2),
    }
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        sys.stderr.write(__doc__)
        return 2
    fn, _ = commands[argv[1]]
    args = argv[2:]
    if argv[1] in ("set-cost", "check-shift", "set-value", "check-value"):
        args[2] = float(args[2])
    return fn(*args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
