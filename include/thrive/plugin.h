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
 * handed to each callback.
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
 * histograms, never rows.  Strings given to the host are copied.
 *
 * Naming: the plugin called "school-gates" (the model's `pilot:` value) is
 * the module file `school_gates.la` or `school_gates.so`, and exports
 * THRIVE_PLUGIN_EXPORT(school_gates).  Build one out of tree with
 *
 *     cc -shared -fPIC $(pkg-config --cflags thrive-plugin) -o school_gates.so school_gates.c
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

/** The plugin ABI number; bumped on every incompatible change. */
#define THRIVE_PLUGIN_ABI 2

/** The symbol every plugin exports (see THRIVE_PLUGIN_EXPORT). */
#define THRIVE_PLUGIN_SYMBOL "thrive_plugin"

/**
 * Define the descriptor of module MODULE (its file name without extension,
 * with '-' written as '_').  libltdl looks up `MODULE_LTX_thrive_plugin`
 * first, so several plugins can be preloaded into one binary.
 */
#define THRIVE_PLUGIN_EXPORT(module)                                                               \
    extern __attribute__((visibility("default"))) const thrive_plugin module##_LTX_thrive_plugin;  \
    const thrive_plugin module##_LTX_thrive_plugin

/** Opaque: the host's context for one plugin in one run. */
typedef struct thrive_ctx thrive_ctx;
/** Opaque: one accepted row of case data. */
typedef struct thrive_row thrive_row;
/** Opaque: a node of the model's YAML (mapping, list or scalar). */
typedef struct ynode thrive_node;

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

/** Not a number: "not defined" (n/a in the workbook, null in the summary). */
#define THRIVE_NA (__builtin_nan(""))

/** Kinds of model node. */
typedef enum { THRIVE_NODE_SCALAR, THRIVE_NODE_MAP, THRIVE_NODE_LIST } thrive_node_kind;

/** A mask of field types for thrive_host.field(): THRIVE_TYPES(THRIVE_DATE). */
#define THRIVE_TYPES(t) (1u << (t))
/** Any type of field. */
#define THRIVE_ANY_TYPE 0u
/** Integer or number fields. */
#define THRIVE_NUMERIC (THRIVE_TYPES(THRIVE_INTEGER) | THRIVE_TYPES(THRIVE_NUMBER))
/** Enum or text fields (flags such as yes/no). */
#define THRIVE_TEXTUAL (THRIVE_TYPES(THRIVE_ENUM) | THRIVE_TYPES(THRIVE_TEXT))

/**
 * The host's services.  New members are added at the end only, so a plugin
 * built against an older header keeps working within one ABI number; a
 * plugin built against a newer one tests THRIVE_HOST_HAS(host, member)
 * before it calls a member an older thrive of the same ABI may lack.
 *
 * Field indexes (`long field`) come from field() or derive() in check and
 * are valid for every row.  Every node function accepts NULL and then
 * returns NULL, 0 or THRIVE_NODE_SCALAR.
 */
typedef struct thrive_host {
    /** sizeof(thrive_host) in the thrive that hands it over. */
    size_t size;
    /** The plugin's zeroed state block of `state_size` bytes (from check on). */
    void *(*state)(thrive_ctx *ctx);

    /* ---- the model (in check) ---- */
    /** The plugin's own top-level section, or NULL when the model has none. */
    const thrive_node *(*section)(thrive_ctx *ctx);
    /** The whole model document (a mapping), e.g. to read `period`. */
    const thrive_node *(*root)(thrive_ctx *ctx);
    /** What NODE is: scalar, mapping or list. */
    thrive_node_kind (*node_kind)(const thrive_node *node);
    /** Value of KEY in mapping NODE, or NULL. */
    const thrive_node *(*node_get)(const thrive_node *node, const char *key);
    /** Text of a scalar node, or NULL for a mapping or list. */
    const char *(*node_text)(const thrive_node *node);
    /** Number of items of a list (or pairs of a mapping); 0 for a scalar. */
    size_t (*node_count)(const thrive_node *node);
    /** Item I of a list (or the value of pair I of a mapping), or NULL. */
    const thrive_node *(*node_item)(const thrive_node *node, size_t i);
    /** Key of pair I of a mapping, or NULL. */
    const char *(*node_key)(const thrive_node *node, size_t i);
    /** Line and column (1-based) of NODE in the model file; 0 when unknown. */
    void (*node_pos)(const thrive_node *node, int *line, int *col);
    /**
     * Report a model error at NODE (or at the section, or at `pilot:`, when
     * NODE is NULL).  In check it becomes a model error (exit 3); later it
     * is printed at once and the run fails (exit 5).
     */
    void (*error)(thrive_ctx *ctx, const thrive_node *node, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
    /** A note (not an error) at NODE, printed with the model's messages. */
    void (*note)(thrive_ctx *ctx, const thrive_node *node, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
    /**
     * Check that every key of mapping NODE is one of the N names ALLOWED;
     * each other key is reported at its own line and column, with a "did you
     * mean" hint.  WHERE names the mapping in messages ("the fip section").
     * Returns the number of unknown keys.
     */
    size_t (*check_keys)(thrive_ctx *ctx, const thrive_node *node, const char *const *allowed,
                         size_t n, const char *where);
    /**
     * The field named by scalar NODE, which must be declared with one of the
     * TYPES (a mask such as THRIVE_TYPES(THRIVE_DATE); THRIVE_ANY_TYPE = any).
     * Returns the field's index, or -1 after reporting an error at NODE.
     */
    long (*field)(thrive_ctx *ctx, const thrive_node *node, unsigned types);
    /** Index of the field called NAME, or -1 (no error reported). */
    long (*find_field)(thrive_ctx *ctx, const char *name);
    /** Type of field FIELD. */
    thrive_type (*field_type)(thrive_ctx *ctx, long field);
    /**
     * Declare a derived field the plugin sets per row, usable in the
     * model's expressions and breakdowns like a column of the data.
     * Returns its index, or -1 after reporting an error (the name is taken).
     */
    long (*derive)(thrive_ctx *ctx, const char *name, thrive_type type);
    /**
     * A condition: the text of scalar NODE as an expression (docs/manual/expressions.md), e.g.
     * `exit_type == "planned"`.  Parsed when check returns (so it may use
     * derived fields); errors point inside NODE.  Returns a handle for
     * holds(), or -1.
     */
    int (*condition)(thrive_ctx *ctx, const thrive_node *node);
    /** Parse TEXT as a date (YYYY-MM-DD or DD/MM/YYYY) into days since
     * 1970-01-01; false when it is not a real calendar date. */
    bool (*parse_date)(const char *text, double *days);
    /** The model's total cost (sum of input costs), from start on. */
    double (*total_cost)(thrive_ctx *ctx);

    /* ---- a row (in row) ---- */
    /** True when the cell of FIELD is not empty. */
    bool (*present)(const thrive_row *row, long field);
    /** Integer, number or date (days since 1970-01-01) value; NAN if missing
     * or the field is text or enum. */
    double (*number)(const thrive_row *row, long field);
    /** Text as written, "" if missing. */
    const char *(*text)(const thrive_row *row, long field);
    /** True when condition COND (from condition()) holds for this row. */
    bool (*holds)(const thrive_row *row, int cond);
    /** Set a numeric derived field for this row (NAN = missing).  Derived
     * fields are missing at the start of every row. */
    void (*set_number)(thrive_row *row, long field, double value);
    /** Set a text or enum derived field for this row; TEXT must stay valid
     * until the next row (a string literal or the plugin's state). */
    void (*set_text)(thrive_row *row, long field, const char *text);

    /* ---- results (in finish) ---- */
    /**
     * A headline measure of the plugin.  ID is unique among its measures,
     * [a-z0-9_]; VALUE is THRIVE_NA when not defined (a division by zero).
     */
    void (*measure)(thrive_ctx *ctx, const char *id, const char *label, double value,
                    thrive_format format);
    /**
     * Start a table (a sheet in the workbook) with N_COLS columns; each
     * column is given by ids[i], labels[i], formats[i]; column 0 holds the
     * row labels (THRIVE_FMT_TEXT).  Returns a table number for add_row, or
     * -1.  Strings are copied.
     */
    int (*table)(thrive_ctx *ctx, const char *id, const char *title, size_t n_cols,
                 const char *const *ids, const char *const *labels, const thrive_format *formats);
    /** Add a row: LABEL (the first column's text) and N_COLS - 1 numbers. */
    void (*add_row)(thrive_ctx *ctx, int table, const char *label, const double *values);
    /** Draw a chart of columns VALUE_COLS (indexes >= 1) by row label. */
    void (*chart)(thrive_ctx *ctx, int table, thrive_chart kind, const char *title,
                  const size_t *value_cols, size_t n_value_cols);

    /* ---- disclosure control (in finish) ---- */
    /**
     * Like measure(), for a rate, share, mean, median or cost per unit built
     * on N rows (its denominator).  Under `--suppress S` it is hidden when
     * 1 <= N < S, as a count of N would be.
     */
    void (*measure_of)(thrive_ctx *ctx, const char *id, const char *label, double value,
                       thrive_format format, double n);
    /**
     * Declare that column COL of TABLE holds rates or means built on the
     * count in column BASIS_COL (a THRIVE_FMT_COUNT column) of the same row:
     * each is hidden under `--suppress` when its count is.
     */
    void (*column_basis)(thrive_ctx *ctx, int table, size_t col, size_t basis_col);

    /* ---- live measures (in finish) ---- */
    /**
     * The model's total cost divided by the earlier measure COUNT_ID (a
     * THRIVE_FMT_COUNT measure): a cost per unit, THRIVE_NA when the count
     * is 0.  In the workbook it is a formula over the Costs sheet's total
     * and the count's cell, so it follows a change of cost; under
     * `--suppress` it is hidden when the count is.  Prefer it to
     * measure_of() with total_cost() for every cost per unit.
     */
    void (*measure_cost_per)(thrive_ctx *ctx, const char *id, const char *label,
                             const char *count_id);
    /**
     * The earlier measure NUM_ID divided by the earlier measure DEN_ID (a
     * share, THRIVE_FMT_PERCENT, or a mean, THRIVE_FMT_NUMBER), THRIVE_NA
     * when DEN_ID is 0.  A formula over the two cells in the workbook;
     * hidden under `--suppress` when either is.
     */
    void (*measure_ratio)(thrive_ctx *ctx, const char *id, const char *label, const char *num_id,
                          const char *den_id, thrive_format format);

    /* ---- the data dictionary, continued ---- */
    /**
     * True when FIELD is `personal: true` in data.fields.  Its values must
     * never reach an output: never use them as a table's row labels (a
     * plugin grouping by a field should refuse a personal one in check).
     */
    bool (*field_personal)(thrive_ctx *ctx, long field);
    /**
     * True when VALUE can occur in FIELD: when a cell holding it would be
     * accepted (an enum's `values`, a text field's `pattern`, the type).  A plugin that counts rows by
     * fixed values ("planned") checks with it that the model's enum has
     * them, rather than counting none.
     */
    bool (*field_allows)(thrive_ctx *ctx, long field, const char *value);
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
    /** Free what the plugin allocated; called once, whatever happened. */
    void (*stop)(thrive_ctx *ctx, const thrive_host *host);

    void *reserved[8]; /**< zero; room to grow within one ABI */
} thrive_plugin;

#ifdef __cplusplus
}
#endif

#endif
