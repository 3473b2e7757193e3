/* debt_advice.c - a thrive plugin for a new intervention type: debt advice.
 *
 * A template to copy.  It shows every part of the plugin contract:
 *
 *   check   read and check the model's own section (`debt-advice:`), look
 *           up the columns it names, declare a derived field
 *   row     once per accepted row: count, sum, fill a small fixed table,
 *           set the derived field (rows are streamed; keep no rows)
 *   finish  add headline measures and a table with a chart
 *
 * The plugin includes <thrive/plugin.h> and nothing else from thrive, and
 * links against no thrive symbol: everything comes through `host`.
 *
 * Build it out of tree (see the Makefile):
 *   cc -std=c11 -shared -fPIC $(pkg-config --cflags thrive-plugin) -o debt_advice.so debt_advice.c
 *
 * Its section of the logic model:
 *   debt-advice:
 *     debt: debt_at_entry             # number: the client's total debt at the first appointment
 *     rescheduled: amount_rescheduled # number: debt put under a repayment plan or written off
 *     resolved: debt_resolved         # yes/no column: the debt problem is resolved or managed
 */
#include <math.h>
#include <string.h>

#include <thrive/plugin.h>

/* Debt bands for the table: a fixed, small table, whatever the rows. */
#define BANDS 4
static const double band_from[BANDS] = {0, 1000, 5000, 10000};
static const char *const band_label[BANDS] = {"Under 1,000", "1,000 to 4,999", "5,000 to 9,999",
                                              "10,000 and over"};

typedef struct band {
    long long clients, resolved;
    double debt, rescheduled;
} band;

/* The plugin's state: the host allocates it (zeroed) before check and
 * frees it after stop.  Keep field indexes and counters here. */
typedef struct state {
    long debt, rescheduled, resolved; /* field indexes, from check */
    long f_share;                     /* derived field: share of the debt rescheduled */
    long long clients, with_debt, resolved_count;
    double debt_total, rescheduled_total;
    band bands[BANDS];
} state;

/* Divisions by zero give THRIVE_NA: "n/a" in the workbook, null in JSON. */
static double ratio(double a, double b)
{
    return b != 0 ? a / b : THRIVE_NA;
}

/* A required setting naming a column of one of TYPES; -1 after an error. */
static long column(thrive_ctx *ctx, const thrive_host *host, const thrive_node *section,
                   const char *key, unsigned types)
{
    const thrive_node *n = host->node_get(section, key);
    if (!n) {
        host->error(ctx, section, "the debt-advice section needs '%s'", key);
        return -1;
    }
    return host->field(ctx, n, types); /* reports unknown fields and wrong types */
}

static int check(thrive_ctx *ctx, const thrive_host *host)
{
    state *s = host->state(ctx);
    const thrive_node *section = host->section(ctx);
    if (!section || host->node_kind(section) != THRIVE_NODE_MAP) {
        /* With a NULL node the error points at the model's `pilot:` line. */
        host->error(ctx, section,
                    "the debt-advice plugin needs a 'debt-advice' section naming "
                    "the debt, rescheduled and resolved columns");
        return 1;
    }
    static const char *const keys[] = {"debt", "rescheduled", "resolved"};
    host->check_keys(ctx, section, keys, 3, "the debt-advice section");
    s->debt = column(ctx, host, section, "debt", THRIVE_NUMERIC);
    s->rescheduled = column(ctx, host, section, "rescheduled", THRIVE_NUMERIC);
    s->resolved = column(ctx, host, section, "resolved", THRIVE_TEXTUAL);
    /* A derived field can be used by the model's expressions, e.g.
     * `achieved: share_rescheduled >= 0.5`. */
    s->f_share = host->derive(ctx, "share_rescheduled", THRIVE_NUMBER);
    return 0;
}

static void row(thrive_ctx *ctx, const thrive_host *host, thrive_row *r)
{
    state *s = host->state(ctx);
    s->clients++;
    double debt = host->number(r, s->debt); /* NAN when the cell is empty */
    double resched = host->number(r, s->rescheduled);
    bool resolved = strcmp(host->text(r, s->resolved), "yes") == 0;
    s->resolved_count += resolved;
    if (isnan(debt) || debt <= 0)
        return;
    s->with_debt++;
    s->debt_total += debt;
    if (!isnan(resched))
        s->rescheduled_total += resched;
    int b = BANDS - 1;
    while (b > 0 && debt < band_from[b])
        b--;
    s->bands[b].clients++;
    s->bands[b].resolved += resolved;
    s->bands[b].debt += debt;
    s->bands[b].rescheduled += isnan(resched) ? 0 : resched;
    host->set_number(r, s->f_share, isnan(resched) ? THRIVE_NA : resched / debt);
}

static int finish(thrive_ctx *ctx, const thrive_host *host)
{
    state *s = host->state(ctx);
    double cost = host->total_cost(ctx);
    host->measure(ctx, "clients_with_debt", "Clients with debt at the first appointment",
                  (double)s->with_debt, THRIVE_FMT_COUNT);
    host->measure(ctx, "debt_at_entry", "Total debt at the first appointment", s->debt_total,
                  THRIVE_FMT_CURRENCY);
    host->measure(ctx, "amount_rescheduled", "Debt rescheduled or written off",
                  s->rescheduled_total, THRIVE_FMT_CURRENCY);
    /* A rate, mean or cost per unit says how many rows it is built on, so
     * that `--suppress N` hides it when a count of that size would be. */
    double with_debt = (double)s->with_debt, resolved = (double)s->resolved_count;
    host->measure_of(ctx, "pct_debt_rescheduled", "Share of the debt rescheduled or written off",
                     ratio(s->rescheduled_total, s->debt_total), THRIVE_FMT_PERCENT, with_debt);
    host->measure(ctx, "debts_resolved", "Clients whose debt problem is resolved or managed",
                  resolved, THRIVE_FMT_COUNT);
    host->measure_of(ctx, "pct_debts_resolved", "Debts resolved, share of clients",
                     ratio(resolved, (double)s->clients), THRIVE_FMT_PERCENT, (double)s->clients);
    /* The total cost over a count measure: a live formula in the workbook,
     * which follows a change of cost on the Costs sheet. */
    host->measure_cost_per(ctx, "cost_per_debt_resolved", "Cost per debt resolved",
                           "debts_resolved");
    host->measure_of(ctx, "rescheduled_per_pound", "Debt rescheduled per pound spent",
                     ratio(s->rescheduled_total, cost), THRIVE_FMT_NUMBER, with_debt);

    /* A table becomes a sheet of the workbook and a list in the summary's
     * "plugin_measures"; column 0 holds the row labels. */
    static const char *const ids[] = {"band", "clients",     "resolved",
                                      "debt", "rescheduled", "pct_rescheduled"};
    static const char *const labels[] = {"Debt at entry", "Clients",     "Resolved",
                                         "Debt",          "Rescheduled", "Share rescheduled"};
    static const thrive_format formats[] = {THRIVE_FMT_TEXT,     THRIVE_FMT_COUNT,
                                            THRIVE_FMT_COUNT,    THRIVE_FMT_CURRENCY,
                                            THRIVE_FMT_CURRENCY, THRIVE_FMT_PERCENT};
    int t = host->table(ctx, "debt_bands", "Clients by debt at entry", 6, ids, labels, formats);
    for (int b = 0; b < BANDS; b++) {
        const band *d = &s->bands[b];
        double values[5] = {(double)d->clients, (double)d->resolved, d->debt, d->rescheduled,
                            ratio(d->rescheduled, d->debt)};
        host->add_row(ctx, t, band_label[b], values);
    }
    for (size_t col = 3; col <= 5; col++) /* sums and shares over these clients */
        host->column_basis(ctx, t, col, 1);
    static const size_t chart_cols[] = {1, 2};
    host->chart(ctx, t, THRIVE_CHART_COLUMN, "Clients and debts resolved, by debt at entry",
                chart_cols, 2);
    return 0;
}

/* The descriptor: the module is debt_advice.so, so the symbol is
 * debt_advice_LTX_thrive_plugin, and the model says `pilot: debt-advice`. */
THRIVE_PLUGIN_EXPORT(debt_advice) = {
    .abi = THRIVE_PLUGIN_ABI,
    .name = "debt-advice",
    .version = "0.1.0",
    .title = "Debt advice: debts resolved and amounts rescheduled (template)",
    .state_size = sizeof(state),
    .check = check,
    .row = row,
    .finish = finish,
};
