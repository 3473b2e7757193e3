/* draft.c - the draft logic model of `thrive init` (see draft.h).
 *
 * Everything the draft asserts is written as YAML the model loader reads;
 * everything it only suggests is a comment.  Text taken from the data (a
 * header name, an enum value) is always quoted and escaped: the draft must
 * load whatever the file held.
 */
#include "draft.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "cell.h"

/* The data's text in double quotes, with YAML escapes; bytes that are not
 * valid UTF-8 (only possible in a header name) as \xHH. */
static void put_quoted(FILE *out, const char *s)
{
    static const field text = {.type = FIELD_TEXT};
    cell c;
    bool utf8 = cell_check(&text, s, strlen(s), &c) == NULL;
    fputc('"', out);
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if (*u == '"' || *u == '\\')
            fprintf(out, "\\%c", *u);
        else if (*u == '\n')
            fputs("\\n", out);
        else if (*u == '\t')
            fputs("\\t", out);
        else if (*u < 0x20 || *u == 0x7f || (*u >= 0x80 && !utf8))
            fprintf(out, "\\x%02X", *u);
        else
            fputc(*u, out);
    }
    fputc('"', out);
}

/* "line 4", "lines 4 and 9", "lines 4, 9, 12 and 2 more". */
static void put_lines(FILE *out, const infer_lines *l)
{
    long long kept = l->count < INFER_LINES_KEPT ? l->count : INFER_LINES_KEPT;
    fputs(l->count == 1 ? "line " : "lines ", out);
    for (long long i = 0; i < kept; i++) {
        bool last = i == kept - 1 && l->count == kept;
        fprintf(out, "%s%lld", i == 0 ? "" : last ? " and " : ", ", l->lines[i]);
    }
    if (l->count > kept)
        fprintf(out, " and %lld more", l->count - kept);
}

static const char *const misfit_reason[INFER_AS_COUNT] = {"not an integer", "not a number",
                                                          "not a date", "not valid UTF-8 text"};
static const char *const numeric_plural[3] = {"integers", "numbers", "dates"};
static const char *const numeric_type[3] = {"an integer", "a number", "a date"};

static int misfit_kind(const infer_column *col)
{
    return (int)(col->misfits - col->misfit);
}

void draft_model_id(const char *data_file, char *out, size_t size)
{
    const char *base = strrchr(data_file, '/');
    base = base ? base + 1 : data_file;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot > base ? (size_t)(dot - base) : strlen(base), n = 0;
    for (size_t i = 0; i < len && n + 1 < size; i++) {
        unsigned char c = (unsigned char)tolower((unsigned char)base[i]);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out[n++] = (char)c;
        else if (n > 0 && out[n - 1] != '-')
            out[n++] = '-';
    }
    while (n > 0 && out[n - 1] == '-')
        n--;
    out[n] = '\0';
    if (n == 0)
        snprintf(out, size, "draft");
}

/* ---- the header comment ---- */

static bool any_rejected(const infer_profile *p)
{
    if (p->ragged.count > 0)
        return true;
    for (size_t c = 0; c < p->n_columns; c++)
        if (!p->columns[c].unusable && p->columns[c].misfits->count > 0)
            return true;
    return false;
}

static void put_rejections(FILE *out, const infer_profile *p)
{
    if (!any_rejected(p)) {
        fputs("# Every row of the file fits these fields as drafted.\n", out);
        return;
    }
    fputs("# As the file stands, these rows will be rejected (listed with their line\n"
          "# and reason on the workbook's Data quality sheet):\n",
          out);
    for (size_t c = 0; c < p->n_columns; c++) {
        const infer_column *col = &p->columns[c];
        if (col->unusable || col->misfits->count == 0)
            continue;
        fprintf(out, "#   %s: %lld %s (%s): ", col->name, col->misfits->count,
                col->misfits->count == 1 ? "row" : "rows", misfit_reason[misfit_kind(col)]);
        put_lines(out, col->misfits);
        fputc('\n', out);
    }
    if (p->ragged.count > 0) {
        fprintf(out, "#   %lld %s with the wrong number of cells: ", p->ragged.count,
                p->ragged.count == 1 ? "row" : "rows");
        put_lines(out, &p->ragged);
        fputc('\n', out);
    }
}

/* Records whose every cell is empty are not rows (they are counted as
 * blank records, never rejected): said, so that the count is no surprise. */
static void put_blank(FILE *out, const infer_profile *p)
{
    if (p->blank.count == 0)
        return;
    fprintf(out, "# %lld %s with every cell empty %s not %s, only counted: ", p->blank.count,
            p->blank.count == 1 ? "record" : "records", p->blank.count == 1 ? "is" : "are",
            p->blank.count == 1 ? "a row" : "rows");
    put_lines(out, &p->blank);
    fputc('\n', out);
}

static void put_header(FILE *out, const infer_profile *p, const draft_options *o)
{
    const char *target = o->model_file ? o->model_file : "MODEL.yaml";
    fprintf(out,
            "# A draft logic model for %s, made by thrive init %s.\n"
            "#\n"
            "# data.fields below is read from the file (%lld %s, %zu %s): the\n"
            "# types, values and ranges are what the file holds, not what it should\n"
            "# hold, so check them.  Every other section is a skeleton: fill in the\n"
            "# parts marked FILL IN.  The manual's chapter \"The logic model\" (and\n"
            "# man thrive-model) explains every key.  When it is done:\n"
            "#\n"
            "#     thrive validate %s --data %s\n"
            "#\n",
            p->file, o->version, p->rows, diag_plural(p->rows, "row", "rows"), p->n_columns,
            diag_plural((long long)p->n_columns, "column", "columns"), target, o->data_file);
    put_rejections(out, p);
    put_blank(out, p);
    fputc('\n', out);
}

/* ---- the sections the evaluator fills in ---- */

/* A field and value to show in the example outcome: the first enum that
 * is not personal, else none. */
static const infer_column *example_enum(const infer_profile *p)
{
    for (size_t c = 0; c < p->n_columns; c++)
        if (!p->columns[c].unusable && p->columns[c].type == FIELD_ENUM)
            return &p->columns[c];
    return NULL;
}

static void put_top(FILE *out, const infer_profile *p, const draft_options *o)
{
    char id[64];
    draft_model_id(o->data_file, id, sizeof id);
    fprintf(out, "model: %s\n", id);
    fputs("title: ", out);
    char title[512];
    snprintf(title, sizeof title, "FILL IN: the intervention evaluated with %s", o->data_file);
    put_quoted(out, title);
    fputs("\npilot: generic        # the plugin that evaluates it: generic = this model alone\n"
          "                      # (thrive plugins lists the others)\n",
          out);
    if (p->date_column >= 0) {
        const infer_column *d = &p->columns[p->date_column];
        int y0, m0, d0, y1, m1, d1;
        field_civil_from_days((long)d->lo[INFER_AS_DATE], &y0, &m0, &d0);
        field_civil_from_days((long)d->hi[INFER_AS_DATE], &y1, &m1, &d1);
        fprintf(out,
                "# period: { start: %04d-%02d-%02d, end: %04d-%02d-%02d }   # the first and last "
                "%s\n",
                y0, m0, d0, y1, m1, d1, d->name);
    } else {
        fputs("# period: { start: 2009-10-01, end: 2011-03-31 }\n", out);
    }
    fputs("currency: GBP\n"
          "# rationale: >\n"
          "#   FILL IN: why the activities should lead to the outcomes.\n"
          "# target_group: FILL IN: who the intervention is for.\n\n",
          out);
}

static void put_chain(FILE *out, const infer_profile *p)
{
    fputs("# Inputs: the resources, each with its cost.  FILL IN: one item per input.\n"
          "inputs:\n"
          "  - id: resources\n"
          "    label: \"FILL IN: staff, funding, premises, equipment, in kind\"\n"
          "    kind: other         # funding | staff | premises | equipment | in_kind | other\n"
          "    cost: 0             # a number, or { fte: 2, annual_cost: 30000, years: 1.5 }\n\n"
          "# Activities: what the inputs pay for.  FILL IN.\n"
          "activities:\n"
          "  - id: delivery\n"
          "    label: \"FILL IN: what the project does\"\n"
          "    uses: [resources]   # input ids\n\n"
          "# Outputs: what the activities produce, counted in the case data.\n"
          "outputs:\n"
          "  - id: cases\n"
          "    label: Cases in the data\n"
          "    from: [delivery]    # activity ids\n"
          "    count: all          # an expression, or all (every accepted row)\n"
          "    # target: 100\n\n"
          "# Outcomes: what changes for the people served.  FILL IN, for example:\n"
          "#  - id: achieved_something\n"
          "#    label: FILL IN\n"
          "#    horizon: short     # short | medium | long\n"
          "#    from: [cases]      # output ids\n"
          "#    strategy: financial_support  # or employment_skills, life_chances, place\n",
          out);
    const infer_column *e = example_enum(p);
    if (e) {
        fprintf(out, "#    achieved: %s == ", e->name);
        put_quoted(out, e->values[0].text);
        fputs("   # an expression over data.fields\n", out);
    } else {
        fputs("#    achieved: some_field == \"yes\"   # an expression over data.fields\n", out);
    }
    fputs("#    eligible: all      # who could achieve it (the default)\n"
          "#    target: 0.5        # a rate\n"
          "#    value: 1500        # financial proxy, per outcome per year\n"
          "#    duration: 3        # years the value lasts (default 1)\n"
          "#    drop_off: 0.25     # yearly decline after the first year (default 0)\n"
          "outcomes: []\n\n"
          "# impacts:\n"
          "#   - id: fewer_children_in_poverty\n"
          "#     label: Fewer children living in poverty\n"
          "#     from: [achieved_something]   # outcome ids\n\n"
          "# assumptions: [\"FILL IN\"]\n"
          "# external_factors: [\"FILL IN\"]\n\n"
          "# adjustments:            # the counterfactual; each defaults to 0\n"
          "#   deadweight: 0.2       # share that would have happened anyway\n"
          "#   displacement: 0       # share displaced from elsewhere\n"
          "#   attribution: 0.1      # share due to others\n"
          "#   optimism_bias: 0.15   # uplift on the costs\n"
          "#   discount_rate: 0.035  # per year\n\n",
          out);
}

/* ---- data ---- */

/* Two enum values that differ only in case or spaces ("Planned",
 * "planned "): likely one a typing mistake. */
static bool same_but_case(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a++) != tolower((unsigned char)*b++))
            return false;
    }
}

static void put_enum_notes(FILE *out, const infer_column *col)
{
    fputs("    # rows per value:", out);
    for (size_t v = 0; v < col->n_values; v++) {
        fputc(' ', out);
        put_quoted(out, col->values[v].text);
        fprintf(out, " %lld%s", col->values[v].count, v + 1 < col->n_values ? "," : "\n");
    }
    /* a value in under 1% of the rows may be a typing mistake */
    for (size_t v = 0; v < col->n_values; v++)
        if (col->values[v].count * 100 < col->n_present) {
            fputs("    # ", out);
            put_quoted(out, col->values[v].text);
            fprintf(out,
                    " is in %lld %s only (%s line %lld): if it is a mistake, drop it from\n"
                    "    # values and %s will be rejected\n",
                    col->values[v].count, col->values[v].count == 1 ? "row" : "rows",
                    col->values[v].count == 1 ? "at" : "first at", col->values[v].first_line,
                    col->values[v].count == 1 ? "that row" : "those rows");
        }
    for (size_t v = 0; v < col->n_values; v++)
        for (size_t w = v + 1; w < col->n_values; w++)
            if (same_but_case(col->values[v].text, col->values[w].text)) {
                const infer_value *rare = col->values[w].count <= col->values[v].count
                                              ? &col->values[w]
                                              : &col->values[v];
                fputs("    # ", out);
                put_quoted(out, col->values[v].text);
                fputs(" and ", out);
                put_quoted(out, col->values[w].text);
                fprintf(out,
                        " differ only in case or spaces: if one is a mistake, correct it\n"
                        "    # in the data (first at line %lld) or drop it from values\n",
                        rare->first_line);
            }
}

/* What the draft says about a field, above it. */
static void put_field_notes(FILE *out, const infer_column *col)
{
    if (col->personal)
        fprintf(out, "    # personal: it looks like %s, so no output ever shows it\n",
                col->personal);
    if (col->n_present == 0)
        fputs("    # every cell is empty: declared as text; give it its real type\n", out);
    if (col->misfits->count > 0) {
        fprintf(out, "    # %lld %s will be rejected (%s): ", col->misfits->count,
                col->misfits->count == 1 ? "row" : "rows", misfit_reason[misfit_kind(col)]);
        put_lines(out, col->misfits);
        fputc('\n', out);
    }
    int best = col->best_numeric;
    if ((col->type == FIELD_TEXT || col->type == FIELD_ENUM) && best >= 0 &&
        col->fit[best] * 2 >= col->n_present) {
        fprintf(out, "    # %lld of %lld cells are %s; if the others are mistakes (",
                col->fit[best], col->n_present, numeric_plural[best]);
        put_lines(out, &col->misfit[best]);
        fprintf(out, "),\n    # correct them and declare it %s\n", numeric_type[best]);
    }
    if (col->type == FIELD_ENUM)
        put_enum_notes(out, col);
}

/* A bound as the file wrote it: bare when it is a plain decimal, which
 * YAML reads as that number; quoted otherwise, so its text is kept. */
static void put_bound(FILE *out, const char *text)
{
    size_t i = text[0] == '-';
    size_t digits = strspn(text + i, "0123456789");
    bool plain = digits > 0 &&
                 (text[i + digits] == '\0' ||
                  (text[i + digits] == '.' && text[i + digits + 1] &&
                   strspn(text + i + digits + 1, "0123456789") == strlen(text + i + digits + 1)));
    if (plain)
        fputs(text, out);
    else
        put_quoted(out, text);
}

static void put_bounds(FILE *out, const infer_column *col)
{
    if (col->type == FIELD_INTEGER)
        fprintf(out, ", min: %.0f, max: %.0f", col->lo[INFER_AS_INTEGER],
                col->hi[INFER_AS_INTEGER]);
    else if (col->type == FIELD_NUMBER) {
        fputs(", min: ", out);
        put_bound(out, col->lo_text[INFER_AS_NUMBER]);
        fputs(", max: ", out);
        put_bound(out, col->hi_text[INFER_AS_NUMBER]);
    } else if (col->type == FIELD_DATE) {
        int y, m, d;
        field_civil_from_days((long)col->lo[INFER_AS_DATE], &y, &m, &d);
        fprintf(out, ", min: %04d-%02d-%02d", y, m, d);
        field_civil_from_days((long)col->hi[INFER_AS_DATE], &y, &m, &d);
        fprintf(out, ", max: %04d-%02d-%02d", y, m, d);
    }
}

static void put_field(FILE *out, const infer_profile *p, size_t c)
{
    const infer_column *col = &p->columns[c];
    if (col->unusable) {
        fprintf(out, "    # column %zu, ", c + 1);
        put_quoted(out, col->name);
        if (col->repeats)
            fprintf(out, ", is not declared: the header repeats its name (column %ld)\n",
                    col->repeats);
        else
            fprintf(out, ", is not declared: %s;\n    # rename it in the header to use it\n",
                    col->unusable);
        return;
    }
    put_field_notes(out, col);
    fprintf(out, "    %s: { type: %s", col->name, field_type_name(col->type));
    if (col->type == FIELD_ENUM) {
        fputs(", values: [", out);
        for (size_t v = 0; v < col->n_values; v++) {
            put_quoted(out, col->values[v].text);
            fputs(v + 1 < col->n_values ? ", " : "]", out);
        }
    }
    /* the range of a personal field, or of the ids, says nothing worth a
     * rule and may say something about a person */
    if (!col->personal && (long)c != p->id_column && col->n_present > 0)
        put_bounds(out, col);
    if (col->required)
        fputs(", required: true", out);
    if (col->personal)
        fputs(", personal: true", out);
    fputs(" }\n", out);
}

/* Spaces to put a comment after USED columns at column 24 (one at least). */
static int pad(int used)
{
    return used < 23 ? 23 - used : 1;
}

static void put_data(FILE *out, const infer_profile *p)
{
    const infer_column *id = &p->columns[p->id_column];
    int used = fprintf(out, "# The case data's dictionary: one field per column.\ndata:\n  id: %s",
                       id->name) -
               (int)strlen("# The case data's dictionary: one field per column.\ndata:\n");
    if (p->id_unique)
        fprintf(out, "%*s# never empty and never repeated: the case id\n", pad(used), "");
    else
        fprintf(out,
                "\n  # FILL IN: %s is empty or repeated on some rows; if it does not identify\n"
                "  # a case, name the column that does (a row repeating the id of an\n"
                "  # accepted row is rejected, and so is an empty id when it is required)\n",
                id->name);
    if (p->date_column >= 0)
        fprintf(out, "  date: %s%*s# a date field: enables the quarterly tables\n",
                p->columns[p->date_column].name,
                pad((int)strlen(p->columns[p->date_column].name) + 8), "");
    fputs("  fields:\n"
          "    # min and max are the smallest and largest values in the file, and\n"
          "    # required means no cell is empty: widen or drop them as the data allow\n",
          out);
    for (size_t c = 0; c < p->n_columns; c++)
        put_field(out, p, c);
    fputc('\n', out);
}

/* ---- suggestions ---- */

/* Baseline and review columns of one soft-outcome scale, by the ends of
 * their names: money_start and money_review, wellbeing_entry and
 * wellbeing_exit. */
static const char *const baseline_ends[] = {"_start", "_baseline", "_entry", "_before", "_pre"};
static const char *const review_ends[] = {"_review", "_end",  "_exit",
                                          "_after",  "_post", "_followup"};

static size_t stem_len(const char *name, const char *const *ends, size_t n_ends)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < n_ends; i++) {
        size_t e = strlen(ends[i]);
        if (len > e && strcmp(name + len - e, ends[i]) == 0)
            return len - e;
    }
    return 0;
}

/* The review column paired with baseline column B, or -1: both integer. */
static long review_of(const infer_profile *p, size_t b)
{
    const infer_column *col = &p->columns[b];
    if (col->unusable || col->type != FIELD_INTEGER || col->n_present == 0)
        return -1;
    size_t stem = stem_len(col->name, baseline_ends, sizeof baseline_ends / sizeof *baseline_ends);
    if (stem == 0)
        return -1;
    for (size_t c = 0; c < p->n_columns; c++) {
        const infer_column *r = &p->columns[c];
        if (c == b || r->unusable || r->type != FIELD_INTEGER || r->n_present == 0)
            continue;
        if (stem_len(r->name, review_ends, sizeof review_ends / sizeof *review_ends) == stem &&
            strncmp(r->name, col->name, stem) == 0)
            return (long)c;
    }
    return -1;
}

static void put_distance(FILE *out, const infer_profile *p)
{
    bool any = false;
    double lo = 0, hi = 0;
    for (size_t b = 0; b < p->n_columns; b++) {
        long r = review_of(p, b);
        if (r < 0)
            continue;
        const infer_column *bc = &p->columns[b], *rc = &p->columns[r];
        double l = bc->lo[INFER_AS_INTEGER] < rc->lo[INFER_AS_INTEGER] ? bc->lo[INFER_AS_INTEGER]
                                                                       : rc->lo[INFER_AS_INTEGER];
        double h = bc->hi[INFER_AS_INTEGER] > rc->hi[INFER_AS_INTEGER] ? bc->hi[INFER_AS_INTEGER]
                                                                       : rc->hi[INFER_AS_INTEGER];
        lo = !any || l < lo ? l : lo;
        hi = !any || h > hi ? h : hi;
        any = true;
    }
    fputs("# distance_travelled:     # soft-outcome scales, baseline against review\n", out);
    if (!any) {
        fputs("#   scale: { min: 1, max: 10 }\n"
              "#   areas:\n"
              "#     - { id: confidence, label: Confidence, baseline: confidence_start, "
              "review: confidence_review }\n\n",
              out);
        return;
    }
    fprintf(out,
            "#   scale: { min: %.0f, max: %.0f }   # the lowest and highest scores in the file\n"
            "#   areas:\n",
            lo, hi);
    for (size_t b = 0; b < p->n_columns; b++) {
        long r = review_of(p, b);
        if (r < 0)
            continue;
        const char *name = p->columns[b].name;
        size_t stem = stem_len(name, baseline_ends, sizeof baseline_ends / sizeof *baseline_ends);
        fprintf(out, "#     - { id: %.*s, label: FILL IN, baseline: %s, review: %s }\n", (int)stem,
                name, name, p->columns[r].name);
    }
    fputc('\n', out);
}

/* Enum fields are what a breakdown tabulates by; never a personal one. */
static void put_breakdowns(FILE *out, const infer_profile *p)
{
    size_t n = 0;
    fputs("# breakdowns: [", out);
    for (size_t c = 0; c < p->n_columns && n < 4; c++) {
        const infer_column *col = &p->columns[c];
        if (col->unusable || col->type != FIELD_ENUM || col->personal)
            continue;
        fprintf(out, "%s%s", n++ ? ", " : "", col->name);
    }
    if (n == 0)
        fputs("some_field", out);
    fputs("]   # the output and outcome tables again, per value of each field\n", out);
}

thrive_error draft_write(const infer_profile *p, const draft_options *o, FILE *out)
{
    put_header(out, p, o);
    put_top(out, p, o);
    put_chain(out, p);
    put_data(out, p);
    put_distance(out, p);
    put_breakdowns(out, p);
    return fflush(out) == 0 && !ferror(out) ? THRIVE_OK : THRIVE_ERROR_OUTPUT;
}
