/**
 * @file thrive/plugin.h
 * @brief The whole plugin API of thrive: one intervention type per plugin.
 *
 * A plugin is a loadable module (a libtool module built with
 * `-module -avoid-version`, or any shared object) that exports one
 * descriptor, a `thrive_plugin`, under the symbol `thrive_plugin` (written
 * with THRIVE_PLUGIN_EXPORT so that it is `<module>_LTX_thrive_plugin` for
 * libltdl, which looks for that name first).  A plugin includes this header
 * and nothing else from thrive; it links against no thrive symbol: every
 * service of the host comes through the function table `thrive_host`
 * handed to each callback.  The small helpers at the end of this header
 * (thrive_ratio, thrive_hist_*) are inline: they need no host.
 *
 * Lifecycle, in order, each callback optional:
 *
 *   check(ctx)      read the plugin's own model section (the top-level key
 *                   named after the plugin), check it, look up the fields
 *                   it needs and declare derived fields; report problems
 *                   with host->error() (they become model errors, exit 3)
 *   start(ctx)      before the first row
 *   row(ctx, row)   once per accepted row, streamed: set derived fields,
 *                   accumulate counts (never keep all rows)
 *   finish(ctx)     after the last row: add measures and tables; each table
 *                   becomes a sheet of the workbook and an entry of
 *                   "plugin_measures" in the JSON summary
 *   stop(ctx)       free the plugin's state (also called after errors)
 *
 * The plugin keeps its state behind host->state(ctx), a zeroed block of
 * `state_size` bytes owned by the host, allocated before check (so check
 * can keep the field indexes it looked up) and freed after stop.
 *
 * Memory: rows are streamed, so a plugin keeps counts, bounded tables and
 * histograms, never rows.
 *
 * Strings, both ways:
 *  - every string a plugin gives the host (ids, labels, titles, messages,
 *    enum values) is copied before the call returns, except the text given
 *    to set_text(), which must stay valid until the next row (a string
 *    literal, or a buffer in the plugin's state);
 *  - strings the host hands out from the model (node_text(), node_key())
 *    are valid until stop() returns: a plugin may keep them in its state
 *    for the whole run, and must not free or change them;
 *  - strings the host hands out from a row (text()) are valid only until
 *    the row callback returns: copy what you keep.
 *
 * Naming: the plugin called "school-gates" (the model's `pilot:` value) is
 * the module file `school_gates.la` or `school_gates.so`, and exports
 * THRIVE_PLUGIN_EXPORT(school_gates).  Build one out of tree with
 *
 *     cc -std=c11 -shared -fPIC $(pkg-config --cflags thrive-plugin) -o school_gates.so school_gates.c
 *
 * `pkg-config --variable=abi thrive-plugin` prints the plugin ABI of the
 * installed thrive.
 *
 * @code
 * #include <thrive/plugin.h>
 *
 * struct counts { long rows; };
 *
 * static void on_row(thrive_ctx *ctx, const thrive_host *host, thrive_row *row)
 * {
 *     struct counts *c = host->state(ctx);
 *     (void)row;
 *     c->rows++;
 * }
 *
 * static int on_finish(thrive_ctx *ctx, const thrive_host *host)
 * {
 *     struct counts *c = host->state(ctx);
 *     host->measure(ctx, "rows_seen", "Rows seen", (double)c->rows, THRIVE_FMT_COUNT);
 *     return 0;
 * }
 *
 * THRIVE_PLUGIN_EXPORT(example) = {
 *     .abi = THRIVE_PLUGIN_ABI, .name = "example", .version = "1.0.0",
 *     .title = "An example", .state_size = sizeof(struct counts),
 *     .row = on_row, .finish = on_finish,
 * };
 * @endcode
 */
#ifndef THRIVE_PLUGIN_H
#define THRIVE_PLUGIN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The plugin ABI number; bumped on every incompatible change.  A plugin
 * built for another number is refused, with both numbers in the message.
 *
 * ABI 3 (thrive 0.1): opaque model nodes with a "none" kind, tables
 * declared as columns addressed by id (rates naming both their bases),
 * add_row() with a count, key_field(), measure_per_cost(),
 * derive_enum(), and the inline helpers.
 */
#define THRIVE_PLUGIN_ABI 3

/** The symbol every plugin exports (see THRIVE_PLUGIN_EXPORT). */
#define THRIVE_PLUGIN_SYMBOL "thrive_plugin"

/* Compiler specifics, each with a plain fallback. */
#ifdef __GNUC__
#define THRIVE_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define THRIVE_VISIBLE           __attribute__((visibility("default")))
#define THRIVE_NA                (__builtin_nan(""))
#else
#include <math.h>
#define THRIVE_PRINTF(fmt, args)
#define THRIVE_VISIBLE
#define THRIVE_NA ((double)NAN)
#endif
/** THRIVE_NA, "not a number", means "not defined": n/a in the workbook,
 * null in the summary (a division by zero, a median of nothing). */

/**
 * Define the descriptor of module MODULE (its file name without extension,
 * with '-' written as '_').  libltdl looks up `MODULE_LTX_thrive_plugin`
 * first, so several plugins can be preloaded into one binary.
 */
#define THRIVE_PLUGIN_EXPORT(module)                                                               \
    extern THRIVE_VISIBLE const thrive_plugin module##_LTX_thrive_plugin;                          \
    const thrive_plugin module##_LTX_thrive_plugin

/**
 * Define the descriptor of module MODULE with its ABI set: the members
 * after `abi` as designated initializers, e.g.
 *
 *     THRIVE_PLUGIN(school_gates, .name = "school-gates", .version = "1.0.0",
 *                   .title = "School Gates Employment Initiative", .state_size = sizeof(sg),
 *                   .check = check, .row = row, .finish = finish, .stop = stop);
 */
#define THRIVE_PLUGIN(module, ...)                                                                 \
    THRIVE_PLUGIN_EXPORT(module) = {.abi = THRIVE_PLUGIN_ABI, __VA_ARGS__}

/** Opaque: the host's context for one plugin in one run. */
typedef struct thrive_ctx thrive_ctx;
/** Opaque: one accepted row of case data. */
typedef struct thrive_row thrive_row;
/** Opaque: a node of the model's YAML (mapping, list or scalar).  NULL
 * stands for an absent node: every node function accepts it. */
typedef struct thrive_node thrive_node;

/** Field types, as in the model's data.fields. */
typedef enum { THRIVE_TEXT, THRIVE_INTEGER, THRIVE_NUMBER, THRIVE_DATE, THRIVE_ENUM } thrive_type;

/** How a measure or table column is shown. */
typedef enum {
    THRIVE_FMT_COUNT,    /**< whole number, thousands separated; subject to --suppress */
    THRIVE_FMT_NUMBER,   /**< decimal number */
    THRIVE_FMT_PERCENT,  /**< a fraction shown as a percentage (0.25 = 25%) */
    THRIVE_FMT_CURRENCY, /**< money in the model's currency */
    THRIVE_FMT_DAYS,     /**< a number of days */
    THRIVE_FMT_TEXT      /**< a label */
} thrive_format;

/** A chart drawn from a table on the plugin's sheet. */
typedef enum { THRIVE_CHART_NONE, THRIVE_CHART_BAR, THRIVE_CHART_COLUMN } thrive_chart;

/** Kinds of model node.  THRIVE_NODE_NONE is the kind of an absent node
 * (NULL: a key the model does not have), so that
 * `host->node_kind(host->node_get(sec, "x")) == THRIVE_NODE_NONE` tests
 * for a missing key. */
typedef enum {
    THRIVE_NODE_NONE,
    THRIVE_NODE_SCALAR,
    THRIVE_NODE_MAP,
    THRIVE_NODE_LIST
} thrive_node_kind;

/** Whether key_field() reports an absent key. */
typedef enum { THRIVE_OPTIONAL, THRIVE_REQUIRED } thrive_need;

/** A mask of field types for field() and key_field(): THRIVE_TYPES(THRIVE_DATE). */
#define THRIVE_TYPES(t) (1u << (t))
/** Any type of field. */
#define THRIVE_ANY_TYPE 0u
/** Integer or number fields. */
#define THRIVE_NUMERIC (THRIVE_TYPES(THRIVE_INTEGER) | THRIVE_TYPES(THRIVE_NUMBER))
/** Enum or text fields (flags such as yes/no). */
#define THRIVE_TEXTUAL (THRIVE_TYPES(THRIVE_ENUM) | THRIVE_TYPES(THRIVE_TEXT))

/**
 * One column of a plugin table (see thrive_host.table).  Columns are
 * addressed by their ids: in `num`, `den` and chart().
 *
 * A rate names both its bases, so that `--suppress` hides it whenever
 * either count is hidden (else rate x denominator would give a hidden
 * numerator away):
 *  - `num` and `den` both set: the column is NUM / DEN of the same row,
 *    computed by the host (THRIVE_NA when DEN is 0): the value add_row()
 *    gets for it is ignored.  Both name earlier numeric columns;
 *  - only `den` set: the plugin's value (a mean, a median, a share whose
 *    numerator is not a column) is built on the rows counted in column DEN,
 *    an earlier THRIVE_FMT_COUNT column, and is hidden when that count is;
 *  - neither: a plain figure; a count is hidden by its own size.
 * A column whose base is hidden is hidden too, however deep.
 */
typedef struct thrive_column {
    const char *id;       /**< [a-z0-9_], unique in the table: the summary's key */
    const char *label;    /**< the column's heading in the workbook */
    thrive_format format; /**< column 0 holds the row labels: THRIVE_FMT_TEXT */
    const char *num;      /**< a rate's numerator column, or NULL */
    const char *den;      /**< a rate's denominator, or the count a figure is built on, or NULL */
} thrive_column;

/** A plain column: THRIVE_COLUMN("parents", "Parents", THRIVE_FMT_COUNT). */
#define THRIVE_COLUMN(id, label, format)                                                           \
    {                                                                                              \
        (id), (label), (format), NULL, NULL                                                        \
    }
/** A column built on the rows counted in the earlier count column DEN (a
 * mean, a median, a share whose numerator is not a column). */
#define THRIVE_COLUMN_OF(id, label, format, den)                                                   \
    {                                                                                              \
        (id), (label), (format), NULL, (den)                                                       \
    }
/** A rate: column NUM / column DEN of the same row, worked out by the host;
 * FORMAT is THRIVE_FMT_PERCENT for a share. */
#define THRIVE_RATE_COLUMN(id, label, format, num, den)                                            \
    {                                                                                              \
        (id), (label), (format), (num), (den)                                                      \
    }

/**
 * The host's services (ABI 3).  New members are added at the end only, so
 * a plugin built against an older header keeps working within one ABI
 * number; a plugin built against a newer one tests
 * THRIVE_HOST_HAS(host, member) before it calls a member that an older
 * thrive of the same ABI may lack.  Each member says since when it is
 * there; "since ABI 3" means in every thrive of ABI 3.
 *
 * Field indexes (`long field`) come from field(), key_field(), derive()
 * or derive_enum() in check and are valid for every row.  Every node
 * function accepts NULL (an absent node) and then returns NULL, 0 or
 * THRIVE_NODE_NONE.
 */
typedef struct thrive_host {
    /** sizeof(thrive_host) in the thrive that hands it over.  Since ABI 3. */
    size_t size;
    /** The plugin's zeroed state block of `state_size` bytes (from check
     * on).  Since ABI 3. */
    void *(*state)(thrive_ctx *ctx);

    /* ---- the model (in check) ---- */
    /** The plugin's own top-level section, or NULL when the model has
     * none.  Since ABI 3. */
    const thrive_node *(*section)(thrive_ctx *ctx);
    /**
     * The plugin's own section as its settings: the section, when it is a
     * mapping whose keys are all among the N ALLOWED (each other key is an
     * error at its line, with a hint, as check_keys() reports it for "the
     * fip section"); NULL, after an error at the section (or at `pilot:`
     * when the model has none), when it is not a mapping: "the fip plugin
     * needs a 'fip' section (a mapping) naming NAMING".  Since ABI 3.
     */
    const thrive_node *(*settings)(thrive_ctx *ctx, const char *const *allowed, size_t n,
                                   const char *naming);
    /** The whole model document (a mapping), e.g. to read `period`.
     * Since ABI 3. */
    const thrive_node *(*root)(thrive_ctx *ctx);
    /** What NODE is: none (NULL), scalar, mapping or list.  Since ABI 3. */
    thrive_node_kind (*node_kind)(const thrive_node *node);
    /** Value of KEY in mapping NODE, or NULL.  Since ABI 3. */
    const thrive_node *(*node_get)(const thrive_node *node, const char *key);
    /** Text of a scalar node, or NULL for none, a mapping or a list; valid
     * until stop() returns.  Since ABI 3. */
    const char *(*node_text)(const thrive_node *node);
    /** Number of items of a list (or pairs of a mapping); 0 for a scalar or
     * none.  Since ABI 3. */
    size_t (*node_count)(const thrive_node *node);
    /** Item I of a list (or the value of pair I of a mapping), or NULL.
     * Since ABI 3. */
    const thrive_node *(*node_item)(const thrive_node *node, size_t i);
    /** Key of pair I of a mapping, or NULL; valid until stop() returns.
     * Since ABI 3. */
    const char *(*node_key)(const thrive_node *node, size_t i);
    /** Line and column (1-based) of NODE in the model file; 0 when unknown.
     * Since ABI 3. */
    void (*node_pos)(const thrive_node *node, int *line, int *col);
    /**
     * Report a model error at NODE (or at the section, or at `pilot:`, when
     * NODE is NULL).  In check it becomes a model error (exit 3); later the
     * run fails (exit 5) with it.  The message is copied.  Since ABI 3.
     */
    void (*error)(thrive_ctx *ctx, const thrive_node *node, const char *fmt, ...)
        THRIVE_PRINTF(3, 4);
    /** A note (not an error) at NODE, shown with the model's messages.
     * Since ABI 3. */
    void (*note)(thrive_ctx *ctx, const thrive_node *node, const char *fmt, ...)
        THRIVE_PRINTF(3, 4);
    /**
     * Check that every key of mapping NODE is one of the N names ALLOWED;
     * each other key is reported at its own line and column, with a "did you
     * mean" hint.  WHERE names the mapping in messages ("the fip section").
     * Returns the number of unknown keys.  Since ABI 3.
     */
    size_t (*check_keys)(thrive_ctx *ctx, const thrive_node *node, const char *const *allowed,
                         size_t n, const char *where);

    /* ---- the data dictionary (in check) ---- */
    /**
     * The field named by scalar NODE, which must be declared with one of the
     * TYPES (a mask such as THRIVE_TYPES(THRIVE_DATE); THRIVE_ANY_TYPE = any).
     * Returns the field's index, or -1 after reporting an error at NODE
     * (NULL included).  Since ABI 3.
     */
    long (*field)(thrive_ctx *ctx, const thrive_node *node, unsigned types);
    /**
     * The field named by KEY of mapping MAP (a plugin's setting such as
     * `start: referral_date`): field() of its value.  An absent key is -1,
     * after an error at MAP ("the fip section needs 'start'") when NEED is
     * THRIVE_REQUIRED, silently when THRIVE_OPTIONAL.  Since ABI 3.
     */
    long (*key_field)(thrive_ctx *ctx, const thrive_node *map, const char *key, unsigned types,
                      thrive_need need);
    /**
     * key_field() for a column the plugin counts rows by VALUE of (a yes/no
     * flag counted by "yes", an exit type counted by "planned"): a text or
     * enum field that can hold VALUE (see field_allows), else -1 after an
     * error at the key's value naming the field's values.  Since ABI 3.
     */
    long (*key_flag)(thrive_ctx *ctx, const thrive_node *map, const char *key, const char *value,
                     thrive_need need);
    /**
     * True when FIELD can hold each of the N VALUES a plugin counts rows by;
     * otherwise false after an error at NODE in the words of its arguments:
     * "the WHAT field's values must include 'planned' and 'unplanned': the
     * fip plugin counts COUNTED by them".  False, with no error, for a FIELD
     * of -1 (already reported).  Since ABI 3.
     */
    bool (*check_values)(thrive_ctx *ctx, const thrive_node *node, long field,
                         const char *const *values, size_t n, const char *what,
                         const char *counted);
    /** Index of the field called NAME, or -1 (no error reported).
     * Since ABI 3. */
    long (*find_field)(thrive_ctx *ctx, const char *name);
    /** Type of field FIELD.  Since ABI 3. */
    thrive_type (*field_type)(thrive_ctx *ctx, long field);
    /**
     * True when FIELD is `personal: true` in data.fields.  Its values must
     * never reach an output: never use them as a table's row labels (a
     * plugin grouping by a field refuses a personal one in check).
     * Since ABI 3.
     */
    bool (*field_personal)(thrive_ctx *ctx, long field);
    /**
     * True when VALUE can occur in FIELD: when a cell holding it would be
     * accepted (an enum's `values`, a text field's `pattern`, the type).  A
     * plugin that counts rows by fixed values ("planned", "yes") checks
     * with it that the model's field can hold them, rather than counting
     * none.  Since ABI 3.
     */
    bool (*field_allows)(thrive_ctx *ctx, long field, const char *value);
    /**
     * Declare a derived field the plugin sets per row, usable in the
     * model's expressions and breakdowns like a column of the data; TYPE is
     * not THRIVE_ENUM (see derive_enum).  Returns its index, or -1 after
     * reporting an error (the name is taken).  Since ABI 3.
     */
    long (*derive)(thrive_ctx *ctx, const char *name, thrive_type type);
    /**
     * Declare a derived enum field with its N allowed VALUES (copied): the
     * model's expressions comparing it with another value are refused, as
     * for a declared enum, and set_text() accepts only these values.
     * Returns its index, or -1 after reporting an error.  Since ABI 3.
     */
    long (*derive_enum)(thrive_ctx *ctx, const char *name, const char *const *values, size_t n);
    /**
     * A condition: the text of scalar NODE as an expression of the model's
     * language (docs/manual/expressions.md), e.g. `exit_type == "planned"`.  Parsed when check returns
     * (so it may use derived fields); errors point inside NODE.  Returns a
     * handle for holds(), or -1.  Since ABI 3.
     */
    int (*condition)(thrive_ctx *ctx, const thrive_node *node);
    /** Parse TEXT as a date (YYYY-MM-DD or DD/MM/YYYY) into days since
     * 1970-01-01; false when it is not a real calendar date.  Since ABI 3. */
    bool (*parse_date)(const char *text, double *days);
    /** The model's total cost (sum of input costs), from start on.  For a
     * figure that depends on the cost prefer measure_cost_per() or
     * measure_per_cost(), which stay live in the workbook.  Since ABI 3. */
    double (*total_cost)(thrive_ctx *ctx);

    /* ---- a row (in row) ---- */
    /** True when the cell of FIELD is not empty.  Since ABI 3. */
    bool (*present)(const thrive_row *row, long field);
    /** Integer, number or date (days since 1970-01-01) value; THRIVE_NA if
     * missing or the field is text or enum.  Since ABI 3. */
    double (*number)(const thrive_row *row, long field);
    /** Text as written, "" if missing; valid until the row callback
     * returns.  Since ABI 3. */
    const char *(*text)(const thrive_row *row, long field);
    /** True when condition COND (from condition()) holds for this row.
     * Since ABI 3. */
    bool (*holds)(const thrive_row *row, int cond);
    /** Set a numeric derived field for this row (THRIVE_NA = missing).
     * Derived fields are missing at the start of every row.  Since ABI 3. */
    void (*set_number)(thrive_row *row, long field, double value);
    /** Set a text or enum derived field for this row ("" or NULL =
     * missing); TEXT must stay valid until the next row (a string literal
     * or the plugin's state).  An enum's value must be one of its values.
     * Since ABI 3. */
    void (*set_text)(thrive_row *row, long field, const char *text);

    /* ---- results (in finish) ---- */
    /**
     * A headline measure of the plugin.  ID is unique among its measures
     * and tables, [a-z0-9_]; VALUE is THRIVE_NA when not defined.  A count
     * (THRIVE_FMT_COUNT) is hidden under `--suppress` by its size.
     * Since ABI 3.
     */
    void (*measure)(thrive_ctx *ctx, const char *id, const char *label, double value,
                    thrive_format format);
    /**
     * Like measure(), for a rate, share, mean, median or cost per unit built
     * on N rows (its denominator).  Under `--suppress S` it is hidden when
     * 1 <= N < S, as a count of N would be.  Prefer measure_ratio() when
     * both parts are measures.  Since ABI 3.
     */
    void (*measure_of)(thrive_ctx *ctx, const char *id, const char *label, double value,
                       thrive_format format, double n);
    /**
     * The earlier measure NUM_ID divided by the earlier measure DEN_ID (a
     * share, THRIVE_FMT_PERCENT, or a mean, THRIVE_FMT_NUMBER), THRIVE_NA
     * when DEN_ID is 0.  A formula over the two cells in the workbook;
     * hidden under `--suppress` when either is.  Since ABI 3.
     */
    void (*measure_ratio)(thrive_ctx *ctx, const char *id, const char *label, const char *num_id,
                          const char *den_id, thrive_format format);
    /**
     * The model's total cost divided by the earlier measure COUNT_ID (a
     * THRIVE_FMT_COUNT measure): a cost per unit, THRIVE_NA when the count
     * is 0.  In the workbook it is a formula over the Costs sheet's total
     * and the count's cell, so it follows a change of cost; under
     * `--suppress` it is hidden when the count is.  Since ABI 3.
     */
    void (*measure_cost_per)(thrive_ctx *ctx, const char *id, const char *label,
                             const char *count_id);
    /**
     * The earlier measure MEASURE_ID divided by the model's total cost: a
     * figure "per pound spent" (e.g. debt rescheduled per pound),
     * THRIVE_NA when the cost is 0.  In the workbook a formula over the
     * measure's cell and the Costs sheet's total; hidden under `--suppress`
     * when the measure is.  Since ABI 3.
     */
    void (*measure_per_cost)(thrive_ctx *ctx, const char *id, const char *label,
                             const char *measure_id, thrive_format format);
    /**
     * Start a table (a sheet in the workbook) of N_COLS columns COLS
     * (copied); column 0 holds the row labels.  Returns a table number for
     * add_row() and chart(), or -1 after an error.  Since ABI 3.
     */
    int (*table)(thrive_ctx *ctx, const char *id, const char *title, const thrive_column *cols,
                 size_t n_cols);
    /**
     * Add a row to TABLE: LABEL (the first column's text; copied) and the
     * N_VALUES numbers of the other columns, in order: N_VALUES must be the
     * table's columns minus one (an error otherwise).  Since ABI 3.
     */
    void (*add_row)(thrive_ctx *ctx, int table, const char *label, const double *values,
                    size_t n_values);
    /**
     * Draw a chart of the N columns named COL_IDS (numeric columns of
     * TABLE), by row label; KIND THRIVE_CHART_NONE removes it.
     * Since ABI 3.
     */
    void (*chart)(thrive_ctx *ctx, int table, thrive_chart kind, const char *title,
                  const char *const *col_ids, size_t n);

    /* ---- added within ABI 3: test THRIVE_HOST_HAS(host, member) ---- */
    /**
     * key_field() for a column whose values label the rows of a table (the
     * schools, the centres): a text or enum field that is not `personal`,
     * else -1 after an error at the key's value: "the KEY field is
     * personal: its values would label the rows of TABLE; name a field that
     * is not" (TABLE such as "the per-school table").  Since thrive 0.1,
     * ABI 3.
     */
    long (*key_group)(thrive_ctx *ctx, const thrive_node *map, const char *key, const char *table,
                      thrive_need need);
    /**
     * What readers see for VALUE of FIELD: its label when FIELD is an enum
     * whose model gives VALUE one (`values: {non_resident: Non-resident
     * parent}`), else VALUE itself.  Use it for the row labels of a table
     * keyed by a field's values (key_group()).  Valid as long as the model.
     * Since thrive 0.1, ABI 3.
     */
    const char *(*value_label)(thrive_ctx *ctx, long field, const char *value);
} thrive_host;

/** True when HOST has MEMBER (a function added to thrive_host after
 * the plugin's oldest supported thrive of this ABI). */
#define THRIVE_HOST_HAS(host, member)                                                              \
    ((host)->size >= offsetof(thrive_host, member) + sizeof((host)->member))

/** The descriptor a plugin exports. */
typedef struct thrive_plugin {
    /** THRIVE_PLUGIN_ABI when the plugin was built.  Always the first
     * member, in every ABI, so the host can read it before trusting the
     * rest. */
    int abi;
    const char *name;    /**< the model's `pilot:` value, e.g. "school-gates" */
    const char *version; /**< the plugin's own version, "x.y.z" */
    const char *title;   /**< one line for `thrive plugins` */
    size_t state_size;   /**< bytes of state the host allocates */

    /** Check the model; 0 when it suits the plugin.  Report each problem
     * with host->error(); a non-zero return with no error reported is
     * reported as "the plugin rejected the model". */
    int (*check)(thrive_ctx *ctx, const thrive_host *host);
    /** Before the first row; non-zero fails the run (exit 5). */
    int (*start)(thrive_ctx *ctx, const thrive_host *host);
    /** Once per accepted row, before the generic measures see it. */
    void (*row)(thrive_ctx *ctx, const thrive_host *host, thrive_row *row);
    /** After the last row: add measures and tables; non-zero fails the run. */
    int (*finish)(thrive_ctx *ctx, const thrive_host *host);
    /** Free what the plugin allocated; called once, whatever happened.  The
     * run is over: an error() or note() said here is not shown. */
    void (*stop)(thrive_ctx *ctx, const thrive_host *host);

    void *reserved[8]; /**< zero; room to grow within one ABI */
} thrive_plugin;

/* ---- inline helpers: no host needed ---- */

/** A / B, or THRIVE_NA when B is 0 (a share of nothing is not defined). */
static inline double thrive_ratio(double a, double b)
{
    return b != 0 ? a / b : THRIVE_NA;
}

/**
 * A histogram of whole numbers 0 .. max (days, hours, pounds) in the
 * plugin's state, for a median without keeping rows.  The bins are an
 * array of the plugin's (max + 1 counters):
 *
 *     long long days_bins[3651];
 *     thrive_hist days;
 *     ...in check:   thrive_hist_init(&s->days, s->days_bins, 3650);
 *     ...in row:     thrive_hist_add(&s->days, end - start);
 *     ...in finish:  thrive_hist_median(&s->days)
 *
 * The fraction of a value is dropped; a value above max counts as max
 * (`capped` says how many); a negative value or THRIVE_NA is left out
 * (`negative` counts the negative ones).
 */
typedef struct thrive_hist {
    long long *bins;    /**< bins[v]: how many values v; max + 1 of them */
    size_t max;         /**< the largest value kept as itself */
    long long n;        /**< values counted */
    long long capped;   /**< values above max, counted as max */
    long long negative; /**< values below 0, left out */
} thrive_hist;

/** Start H over BINS[0 .. MAX] (zeroed by the host with the state). */
static inline void thrive_hist_init(thrive_hist *h, long long *bins, size_t max)
{
    h->bins = bins;
    h->max = max;
    h->n = h->capped = h->negative = 0;
}

/** Count V; false when it is left out (negative, or not a number). */
static inline bool thrive_hist_add(thrive_hist *h, double v)
{
    if (!(v >= 0)) {
        h->negative += v < 0;
        return false;
    }
    size_t bin = h->max;
    if (v > (double)h->max)
        h->capped++;
    else
        bin = (size_t)v;
    h->bins[bin]++;
    h->n++;
    return true;
}

/** The median of the values counted (the mean of the two middle ones when
 * their number is even); THRIVE_NA when there are none. */
static inline double thrive_hist_median(const thrive_hist *h)
{
    if (h->n <= 0)
        return THRIVE_NA;
    long long lo = (h->n - 1) / 2, hi = h->n / 2, seen = 0; /* 0-based ranks */
    double vlo = -1;
    for (size_t v = 0; v <= h->max; v++) {
        seen += h->bins[v];
        if (vlo < 0 && seen > lo)
            vlo = (double)v;
        if (seen > hi)
            return (vlo + (double)v) / 2;
    }
    return THRIVE_NA; /* not reached while n matches the bins */
}

#ifdef __cplusplus
}
#endif

#endif
