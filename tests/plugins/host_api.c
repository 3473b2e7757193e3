/* host_api.c - a test plugin that uses each service of the host table
 * the way a pilot would, for tests/test_plugins.c (pilot: host-api).
 *
 *   host-api:
 *     amount: amount     # a number column, summed
 *     flag: flag         # a yes/no column, counted by "yes"
 *     mistake: none      # or: add_row_count, chart_id, late_base, enum_value,
 *                        # bad_text (texts a workbook cannot hold),
 *                        # start_note, stop_note (a note in start, in stop)
 *
 * check() reports an error naming any node function that does not answer
 * as documented for an absent node, so a clean check is a test passed.
 * Rows are grouped by the derived enum `size` ("small" under 100, else
 * "large").  `mistake` makes the plugin misuse one service, whose error
 * must fail the run rather than give a wrong table.
 */
#include <math.h>
#include <string.h>

#include <thrive/plugin.h>

typedef struct group {
    long long rows, flagged;
    double amount;
} group;

typedef struct api {
    long amount, flag, f_size;
    const char *mistake; /* the model's text: valid until stop */
    group g[2];          /* small, large */
} api;

static const char *const sizes[] = {"small", "large"};

/* Every node function on an absent node (NULL), as documented. */
static void check_none(thrive_ctx *ctx, const thrive_host *host, const thrive_node *sec)
{
    const thrive_node *none = host->node_get(sec, "absent");
    int line = -1, col = -1;
    host->node_pos(none, &line, &col);
    if (none || host->node_kind(none) != THRIVE_NODE_NONE || host->node_text(none) ||
        host->node_count(none) || host->node_item(none, 0) || host->node_key(none, 0) ||
        host->node_get(none, "x") || line != 0 || col != 0)
        host->error(ctx, sec, "node functions: an absent node is not 'none'");
    if (host->node_kind(sec) != THRIVE_NODE_MAP ||
        host->node_kind(host->node_get(sec, "flag")) != THRIVE_NODE_SCALAR)
        host->error(ctx, sec, "node functions: wrong kinds");
    if (host->key_field(ctx, sec, "absent", THRIVE_ANY_TYPE, THRIVE_OPTIONAL) != -1)
        host->error(ctx, sec, "key_field: an absent optional key is not -1");
}

static int check(thrive_ctx *ctx, const thrive_host *host)
{
    api *s = host->state(ctx);
    const thrive_node *sec = host->section(ctx);
    static const char *const keys[] = {"amount", "flag", "mistake"};
    host->check_keys(ctx, sec, keys, 3, "the host-api section");
    check_none(ctx, host, sec);
    s->amount = host->key_field(ctx, sec, "amount", THRIVE_NUMERIC, THRIVE_REQUIRED);
    s->flag = host->key_flag(ctx, sec, "flag", "yes", THRIVE_REQUIRED);
    s->mistake = host->node_text(host->node_get(sec, "mistake"));
    if (!s->mistake)
        s->mistake = "none";
    s->f_size = host->derive_enum(ctx, "size", sizes, 2);
    return 0;
}

static void row(thrive_ctx *ctx, const thrive_host *host, thrive_row *r)
{
    api *s = host->state(ctx);
    double amount = host->number(r, s->amount);
    int large = amount >= 100;
    group *g = &s->g[large];
    g->rows++;
    g->flagged += strcmp(host->text(r, s->flag), "yes") == 0;
    g->amount += isnan(amount) ? 0 : amount;
    bool bad = strcmp(s->mistake, "enum_value") == 0 && large;
    host->set_text(r, s->f_size, bad ? "medium" : sizes[large]);
}

static void finish_measures(thrive_ctx *ctx, const thrive_host *host, const api *s)
{
    long long rows = s->g[0].rows + s->g[1].rows, flagged = s->g[0].flagged + s->g[1].flagged;
    bool bad = strcmp(s->mistake, "bad_text") == 0;
    host->measure(ctx, "rows", bad ? "Rows\x01" : "Rows", (double)rows, THRIVE_FMT_COUNT);
    host->measure(ctx, "flagged", "Rows flagged", (double)flagged, THRIVE_FMT_COUNT);
    host->measure_of(ctx, "amount_total", "Amount", s->g[0].amount + s->g[1].amount,
                     THRIVE_FMT_CURRENCY, (double)rows);
    host->measure_ratio(ctx, "share_flagged", "Rows flagged, share", "flagged", "rows",
                        THRIVE_FMT_PERCENT);
    host->measure_cost_per(ctx, "cost_per_flagged", "Cost per row flagged", "flagged");
    host->measure_per_cost(ctx, "amount_per_pound", "Amount per pound spent", "amount_total",
                           THRIVE_FMT_NUMBER);
}

static void finish_table(thrive_ctx *ctx, const thrive_host *host, const api *s)
{
    bool late = strcmp(s->mistake, "late_base") == 0;
    const thrive_column cols[] = {
        THRIVE_COLUMN("size", "Size", THRIVE_FMT_TEXT),
        THRIVE_COLUMN("rows", "Rows", THRIVE_FMT_COUNT),
        THRIVE_COLUMN("flagged", "Flagged", THRIVE_FMT_COUNT),
        THRIVE_RATE_COLUMN("share", "Flagged, share", THRIVE_FMT_PERCENT, "flagged",
                           late ? "per_flagged" : "rows"),
        THRIVE_COLUMN_OF("amount", "Amount", THRIVE_FMT_CURRENCY, "rows"),
        THRIVE_RATE_COLUMN("per_flagged", "Amount per row flagged", THRIVE_FMT_CURRENCY, "amount",
                           "flagged"),
    };
    bool bad = strcmp(s->mistake, "bad_text") == 0;
    int t = host->table(ctx, "by_size", "Rows by size", cols, sizeof cols / sizeof *cols);
    bool short_row = strcmp(s->mistake, "add_row_count") == 0;
    for (int i = 0; i < 2; i++) {
        const group *g = &s->g[i];
        /* the rates' values are worked out by the host: these are ignored */
        double v[5] = {(double)g->rows, (double)g->flagged, -1, g->amount, -1};
        host->add_row(ctx, t, bad && i ? "large \xff" : sizes[i], v, short_row ? 4 : 5);
    }
    const char *chart[] = {"rows", strcmp(s->mistake, "chart_id") == 0 ? "nope" : "flagged"};
    host->chart(ctx, t, THRIVE_CHART_COLUMN, bad ? "Rows \xef\xbf\xbe by size" : "Rows by size",
                chart, 2);
}

static int start(thrive_ctx *ctx, const thrive_host *host)
{
    const api *s = host->state(ctx);
    if (strcmp(s->mistake, "start_note") == 0)
        host->note(ctx, NULL, "started without a list of diagnostics");
    return 0;
}

static int finish(thrive_ctx *ctx, const thrive_host *host)
{
    const api *s = host->state(ctx);
    finish_measures(ctx, host, s);
    finish_table(ctx, host, s);
    return 0;
}

static void stop(thrive_ctx *ctx, const thrive_host *host)
{
    const api *s = host->state(ctx);
    if (s->mistake && strcmp(s->mistake, "stop_note") == 0)
        host->note(ctx, NULL, "stopped");
}

THRIVE_PLUGIN_EXPORT(host_api) = {
    .abi = THRIVE_PLUGIN_ABI,
    .name = "host-api",
    .version = "0.0.1",
    .title = "Every host service, used as a pilot would (test)",
    .state_size = sizeof(api),
    .check = check,
    .start = start,
    .row = row,
    .finish = finish,
    .stop = stop,
};
