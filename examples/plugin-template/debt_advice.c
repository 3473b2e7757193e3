/* debt_advice.c - a thrive plugin for a new intervention type: debt advice.
 *
 * A template to copy (plugin ABI 3).  It shows every part of the plugin
 * contract, and the habits that keep a plugin's figures right:
 *
 *   check   read and check the model's own section (`debt-advice:`), look
 *           up the columns it names (a column counted by "yes" must be able
 *           to hold "yes"), declare a derived field
 *   row     once per accepted row: count, sum, fill a small fixed table,
 *           set the derived field (rows are streamed; keep no rows)
 *   finish  add headline measures, shares and costs as live formulas of
 *           the counts they come from, and a table with a chart whose
 *           shares name both their columns
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

static int check(thrive_ctx *ctx, const thrive_host *host)
{
    state *s = host->state(ctx);
    /* The model's `debt-advice:` section: a mapping of these keys (an
     * unknown key is an error at its line, with a "did you mean" hint).
     * NULL, after an error, when the model has no such mapping. */
    static const char *const keys[] = {"debt", "rescheduled", "resolved"};
    const thrive_node *section =
        host->settings(ctx, keys, 3, "the debt, rescheduled and resolved columns");
    if (!section)
        return 1;
    /* key_field: the key must be there and name a declared field of these
     * types; otherwise an error at the right line, and -1. */
    s->debt = host->key_field(ctx, section, "debt", THRIVE_NUMERIC, THRIVE_REQUIRED);
    s->rescheduled = host->key_field(ctx, section, "rescheduled", THRIVE_NUMERIC, THRIVE_REQUIRED);
    /* key_flag: rows are counted by "yes", so the field must be able to
     * hold "yes" (an enum of Yes/No would count none, in silence). */
    s->resolved = host->key_flag(ctx, section, "resolved", "yes", THRIVE_REQUIRED);
    /* A derived field can be used by the model's expressions, e.g.
     * `achieved: share_rescheduled >= 0.5`. */
    s->f_share = host->derive(ctx, "share_rescheduled", THRIVE_NUMBER);
    return 0;
}

static void row(thrive_ctx *ctx, const thrive_host *host, thrive_row *r)
{
    state *s = host->state(ctx);
    s->clients++;
    double debt = host->number(r, s->debt); /* THRIVE_NA when the cell is empty */
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

static void finish_measures(thrive_ctx *ctx, const thrive_host *host, const state *s)
{
    double with_debt = (double)s->with_debt;
    host->measure(ctx, "clients", "Clients", (double)s->clients, THRIVE_FMT_COUNT);
    host->measure(ctx, "clients_with_debt", "Clients with debt at the first appointment", with_debt,
                  THRIVE_FMT_COUNT);
    /* A sum, mean or median says how many rows it is built on, so that
     * `--suppress N` hides it when a count of that size would be. */
    host->measure_of(ctx, "debt_at_entry", "Total debt at the first appointment", s->debt_total,
                     THRIVE_FMT_CURRENCY, with_debt);
    host->measure_of(ctx, "amount_rescheduled", "Debt rescheduled or written off",
                     s->rescheduled_total, THRIVE_FMT_CURRENCY, with_debt);
    host->measure(ctx, "debts_resolved", "Clients whose debt problem is resolved or managed",
                  (double)s->resolved_count, THRIVE_FMT_COUNT);
    /* Shares and costs are ratios of measures above: live formulas in the
     * workbook (a reader who changes a cost sees every figure follow),
     * n/a on a division by zero, hidden with either part. */
    host->measure_ratio(ctx, "pct_debt_rescheduled", "Share of the debt rescheduled or written off",
                        "amount_rescheduled", "debt_at_entry", THRIVE_FMT_PERCENT);
    host->measure_ratio(ctx, "pct_debts_resolved", "Debts resolved, share of clients",
                        "debts_resolved", "clients", THRIVE_FMT_PERCENT);
    host->measure_cost_per(ctx, "cost_per_debt_resolved", "Cost per debt resolved",
                           "debts_resolved");
    host->measure_per_cost(ctx, "rescheduled_per_pound", "Debt rescheduled per pound spent",
                           "amount_rescheduled", THRIVE_FMT_NUMBER);
}

static void finish_bands(thrive_ctx *ctx, const thrive_host *host, const state *s)
{
    /* A table becomes a sheet of the workbook and a list in the summary's
     * "plugin_measures"; column 0 holds the row labels.  Sums name the count
     * of clients they cover; the share names both its columns, and the host
     * works it out from them. */
    static const thrive_column cols[] = {
        THRIVE_COLUMN("band", "Debt at entry", THRIVE_FMT_TEXT),
        THRIVE_COLUMN("clients", "Clients", THRIVE_FMT_COUNT),
        THRIVE_COLUMN("resolved", "Resolved", THRIVE_FMT_COUNT),
        THRIVE_COLUMN_OF("debt", "Debt", THRIVE_FMT_CURRENCY, "clients"),
        THRIVE_COLUMN_OF("rescheduled", "Rescheduled", THRIVE_FMT_CURRENCY, "clients"),
        THRIVE_RATE_COLUMN("pct_rescheduled", "Share rescheduled", THRIVE_FMT_PERCENT,
                           "rescheduled", "debt"),
    };
    int t = host->table(ctx, "debt_bands", "Clients by debt at entry", cols,
                        sizeof cols / sizeof *cols);
    for (int b = 0; b < BANDS; b++) {
        const band *d = &s->bands[b];
        /* one value per column after the label; the rate's is worked out */
        double values[5] = {(double)d->clients, (double)d->resolved, d->debt, d->rescheduled,
                            THRIVE_NA};
        host->add_row(ctx, t, band_label[b], values, 5);
    }
    static const char *const chart[] = {"clients", "resolved"};
    host->chart(ctx, t, THRIVE_CHART_COLUMN, "Clients and debts resolved, by debt at entry", chart,
                2);
}

static int finish(thrive_ctx *ctx, const thrive_host *host)
{
    const state *s = host->state(ctx);
    finish_measures(ctx, host, s);
    finish_bands(ctx, host, s);
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
