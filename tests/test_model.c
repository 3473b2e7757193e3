/* test_model.c - what the logic-model loader computes and resolves
 * (src/model.c; docs/manual/logic-model.md and case-data.md): costs, defaults, references resolved to
 * the right items, fields, and derived fields declared by a plugin.
 *
 * The rules that make a model invalid are tested by the corpus in
 * tests/models/broken (tests/cli/broken-models.sh); here, the figures.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cell.h"
#include "cunit_tap.h"
#include "diag.h"
#include "diagram.h"
#include "expr.h"
#include "model.h"
#include "model_text.h"

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        char msg_[1024];                                                                           \
        snprintf(msg_, sizeof msg_, __VA_ARGS__);                                                  \
        CU_assertImplementation((cond) ? CU_TRUE : CU_FALSE, __LINE__, msg_, __FILE__, "",         \
                                CU_FALSE);                                                         \
    } while (0)

/* Load and resolve, expecting no error at all. */
static model *load_ok(const char *yaml)
{
    diag_list dl;
    model *m = model_from_text(yaml, &dl, true);
    CHECK(m != NULL, "the model did not load");
    for (size_t i = 0; i < dl.n; i++)
        CHECK(0, "unexpected error %d:%d: %s", dl.items[i].line, dl.items[i].col, dl.items[i].msg);
    diag_free(&dl);
    return m;
}

static const char full_model[] =
    "model: figures\n"                                               /* 1 */
    "title: Figures\n"                                               /* 2 */
    "pilot: generic\n"                                               /* 3 */
    "inputs:\n"                                                      /* 4 */
    "  - id: keyworkers\n"                                           /* 5 */
    "    kind: staff\n"                                              /* 6 */
    "    cost: { fte: 4, annual_cost: 34000, years: 1.5 }\n"         /* 7 */
    "  - id: manager\n"                                              /* 8 */
    "    kind: staff\n"                                              /* 9 */
    "    cost: { fte: 0.5, annual_cost: 42000 }\n"                   /* 10 */
    "  - id: fund\n"                                                 /* 11 */
    "    kind: funding\n"                                            /* 12 */
    "    cost: 15000\n"                                              /* 13 */
    "  - id: rooms\n"                                                /* 14 */
    "    kind: in_kind\n"                                            /* 15 */
    "    cost: 2.5e3\n"                                              /* 16 */
    "activities:\n"                                                  /* 17 */
    "  - id: keywork\n"                                              /* 18 */
    "    uses: [rooms, keyworkers]\n"                                /* 19 */
    "  - id: groups\n"                                               /* 20 */
    "    uses: fund\n"                                               /* 21 */
    "outputs:\n"                                                     /* 22 */
    "  - id: referred\n"                                             /* 23 */
    "    from: [groups]\n"                                           /* 24 */
    "    count: all\n"                                               /* 25 */
    "  - id: engaged\n"                                              /* 26 */
    "    from: [keywork, groups]\n"                                  /* 27 */
    "    count: plan == \"yes\"\n"                                   /* 28 */
    "    target: 60\n"                                               /* 29 */
    "outcomes:\n"                                                    /* 30 */
    "  - id: debt\n"                                                 /* 31 */
    "    horizon: medium\n"                                          /* 32 */
    "    from: [engaged]\n"                                          /* 33 */
    "    achieved: debt_exit == \"no\"\n"                            /* 34 */
    "  - id: work\n"                                                 /* 35 */
    "    horizon: long\n"                                            /* 36 */
    "    from: [referred, engaged]\n"                                /* 37 */
    "    strategy: employment_skills\n"                              /* 38 */
    "    eligible: plan == \"yes\"\n"                                /* 39 */
    "    achieved: job is present\n"                                 /* 40 */
    "    target: 0.25\n"                                             /* 41 */
    "    value: 4500\n"                                              /* 42 */
    "    duration: 3\n"                                              /* 43 */
    "    drop_off: 0.3\n"                                            /* 44 */
    "impacts:\n"                                                     /* 45 */
    "  - id: income\n"                                               /* 46 */
    "    from: [work, debt]\n"                                       /* 47 */
    "adjustments:\n"                                                 /* 48 */
    "  attribution: 0.1\n"                                           /* 49 */
    "data:\n"                                                        /* 50 */
    "  id: family\n"                                                 /* 51 */
    "  date: referral\n"                                             /* 52 */
    "  fields:\n"                                                    /* 53 */
    "    family: { type: text, required: true }\n"                   /* 54 */
    "    referral: { type: date }\n"                                 /* 55 */
    "    plan: { type: enum, values: [yes, no] }\n"                  /* 56 */
    "    debt_exit: { type: enum, values: [yes, no] }\n"             /* 57 */
    "    job: { type: date, personal: true }\n"                      /* 58 */
    "    s1: { type: integer, min: 1, max: 10 }\n"                   /* 59 */
    "    s2: { type: integer, min: 1, max: 10 }\n"                   /* 60 */
    "    w1: { type: integer }\n"                                    /* 61 */
    "    w2: { type: integer }\n"                                    /* 62 */
    "distance_travelled:\n"                                          /* 63 */
    "  scale: { min: 0, max: 10 }\n"                                 /* 64 */
    "  areas:\n"                                                     /* 65 */
    "    - { id: skills, baseline: s1, review: s2 }\n"               /* 66 */
    "    - { id: worry, baseline: w1, review: w2, better: lower }\n" /* 67 */
    "breakdowns: [plan, debt_exit]\n";                               /* 68 */

static void test_costs(void)
{
    model *m = load_ok(full_model);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL_FATAL(m->n_inputs, 4);
    const input *in = m->inputs;
    /* keyworkers: 4 fte * 34000 a year * 1.5 years = 204000 */
    CU_ASSERT_STRING_EQUAL(in[0].id, "keyworkers");
    CU_ASSERT_TRUE(in[0].cost_is_fte);
    CU_ASSERT_EQUAL(in[0].fte, 4);
    CU_ASSERT_EQUAL(in[0].annual_cost, 34000);
    CU_ASSERT_EQUAL(in[0].years, 1.5);
    CU_ASSERT_EQUAL(in[0].cost, 204000);
    CU_ASSERT_EQUAL(in[0].kind, INPUT_STAFF);
    /* manager: years defaults to 1: 0.5 * 42000 * 1 = 21000 */
    CU_ASSERT_TRUE(in[1].cost_is_fte);
    CU_ASSERT_EQUAL(in[1].years, 1);
    CU_ASSERT_EQUAL(in[1].cost, 21000);
    /* a plain number */
    CU_ASSERT_FALSE(in[2].cost_is_fte);
    CU_ASSERT_EQUAL(in[2].cost, 15000);
    CU_ASSERT_EQUAL(in[2].kind, INPUT_FUNDING);
    /* 2.5e3 = 2500 */
    CU_ASSERT_EQUAL(in[3].cost, 2500);
    CU_ASSERT_EQUAL(in[3].kind, INPUT_IN_KIND);
    /* positions: the item (its first key) and the cost value */
    CU_ASSERT_EQUAL(in[1].line, 8);
    CU_ASSERT_EQUAL(in[1].col, 5);
    CU_ASSERT_EQUAL(in[1].cost_line, 10);
    CU_ASSERT_EQUAL(in[1].cost_col, 11);
    model_free(m);
}

static void test_defaults(void)
{
    model *m = load_ok(full_model);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    /* adjustments: only attribution given; the others default to 0 */
    CU_ASSERT_EQUAL(m->adj.attribution, 0.1);
    CU_ASSERT_EQUAL(m->adj.deadweight, 0);
    CU_ASSERT_EQUAL(m->adj.displacement, 0);
    CU_ASSERT_EQUAL(m->adj.optimism_bias, 0);
    CU_ASSERT_EQUAL(m->adj.discount_rate, 0);
    CU_ASSERT_STRING_EQUAL(m->currency, "GBP");
    CU_ASSERT_PTR_NULL(m->period_start);
    CU_ASSERT_EQUAL_FATAL(m->n_outcomes, 2);
    /* debt: no duration, drop_off, target, value, strategy or eligible */
    const outcome *debt = &m->outcomes[0];
    CU_ASSERT_EQUAL(debt->duration, 1);
    CU_ASSERT_EQUAL(debt->drop_off, 0);
    CU_ASSERT_FALSE(debt->has_target);
    CU_ASSERT_FALSE(debt->has_value);
    CU_ASSERT_EQUAL(debt->strategy, STRATEGY_NONE);
    CU_ASSERT_EQUAL(debt->horizon, HORIZON_MEDIUM);
    CU_ASSERT_PTR_NULL(debt->eligible.src); /* all are eligible */
    CU_ASSERT_PTR_NULL(debt->eligible.tree);
    CU_ASSERT_PTR_NOT_NULL(debt->achieved.tree);
    /* work: everything given */
    const outcome *work = &m->outcomes[1];
    CU_ASSERT_EQUAL(work->duration, 3);
    CU_ASSERT_EQUAL(work->drop_off, 0.3);
    CU_ASSERT_TRUE(work->has_target);
    CU_ASSERT_EQUAL(work->target, 0.25);
    CU_ASSERT_TRUE(work->has_value);
    CU_ASSERT_EQUAL(work->value, 4500);
    CU_ASSERT_EQUAL(work->strategy, STRATEGY_EMPLOYMENT_SKILLS);
    CU_ASSERT_EQUAL(work->horizon, HORIZON_LONG);
    CU_ASSERT_PTR_NOT_NULL(work->eligible.tree);
    /* outputs: count all = no expression; target optional */
    CU_ASSERT_EQUAL_FATAL(m->n_outputs, 2);
    CU_ASSERT_PTR_NULL(m->outputs[0].count.src);
    CU_ASSERT_PTR_NULL(m->outputs[0].count.tree);
    CU_ASSERT_FALSE(m->outputs[0].has_target);
    CU_ASSERT_PTR_NOT_NULL(m->outputs[1].count.tree);
    CU_ASSERT_TRUE(m->outputs[1].has_target);
    CU_ASSERT_EQUAL(m->outputs[1].target, 60);
    model_free(m);

    /* No adjustments section at all: every adjustment is 0. */
    static const char bare[] =
        "model: bare\ntitle: Bare\npilot: generic\n"
        "inputs: [{ id: i, kind: other, cost: 1 }]\n"
        "activities: [{ id: a, uses: [i] }]\n"
        "outputs: [{ id: o, from: [a], count: all }]\n"
        "outcomes: [{ id: c, horizon: short, from: [o], achieved: f is present }]\n"
        "data: { id: f, fields: { f: { type: text } } }\n";
    m = load_ok(bare);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->adj.deadweight, 0);
    CU_ASSERT_EQUAL(m->adj.displacement, 0);
    CU_ASSERT_EQUAL(m->adj.attribution, 0);
    CU_ASSERT_EQUAL(m->adj.optimism_bias, 0);
    CU_ASSERT_EQUAL(m->adj.discount_rate, 0);
    CU_ASSERT_EQUAL(m->outcomes[0].duration, 1);
    CU_ASSERT_EQUAL(m->n_impacts, 0);
    CU_ASSERT_EQUAL(m->n_areas, 0);
    CU_ASSERT_FALSE(m->has_scale);
    CU_ASSERT_EQUAL(m->n_breakdowns, 0);
    CU_ASSERT_EQUAL(m->date_field, -1);
    CU_ASSERT_EQUAL(m->id_field, 0);
    model_free(m);
}

/* Each reference resolves to the index of the item it names, in the order
 * written, whatever the order of the target section. */
static void test_references(void)
{
    model *m = load_ok(full_model);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL_FATAL(m->n_activities, 2);
    /* keywork uses [rooms, keyworkers] = inputs 3 and 0 */
    const ref_list *u = &m->activities[0].uses;
    CU_ASSERT_EQUAL_FATAL(u->n, 2);
    CU_ASSERT_EQUAL(u->index[0], 3);
    CU_ASSERT_EQUAL(u->index[1], 0);
    CU_ASSERT_STRING_EQUAL(u->ids[0], "rooms");
    /* positions of the ids in "    uses: [rooms, keyworkers]": '[' is
     * column 11, rooms 12, keyworkers 12 + 7 = 19 */
    CU_ASSERT_EQUAL(u->lines[1], 19);
    CU_ASSERT_EQUAL(u->cols[0], 12);
    CU_ASSERT_EQUAL(u->cols[1], 19);
    /* groups uses fund (a single id, not a list) = input 2 */
    u = &m->activities[1].uses;
    CU_ASSERT_EQUAL_FATAL(u->n, 1);
    CU_ASSERT_EQUAL(u->index[0], 2);
    /* outputs from activities: referred [groups] = [1];
     * engaged [keywork, groups] = [0, 1] */
    CU_ASSERT_EQUAL_FATAL(m->outputs[0].from.n, 1);
    CU_ASSERT_EQUAL(m->outputs[0].from.index[0], 1);
    CU_ASSERT_EQUAL_FATAL(m->outputs[1].from.n, 2);
    CU_ASSERT_EQUAL(m->outputs[1].from.index[0], 0);
    CU_ASSERT_EQUAL(m->outputs[1].from.index[1], 1);
    /* outcomes from outputs: debt [engaged] = [1]; work [referred, engaged]
     * = [0, 1] */
    CU_ASSERT_EQUAL_FATAL(m->outcomes[0].from.n, 1);
    CU_ASSERT_EQUAL(m->outcomes[0].from.index[0], 1);
    CU_ASSERT_EQUAL_FATAL(m->outcomes[1].from.n, 2);
    CU_ASSERT_EQUAL(m->outcomes[1].from.index[0], 0);
    CU_ASSERT_EQUAL(m->outcomes[1].from.index[1], 1);
    /* impacts from outcomes: income [work, debt] = [1, 0] */
    CU_ASSERT_EQUAL_FATAL(m->n_impacts, 1);
    CU_ASSERT_EQUAL_FATAL(m->impacts[0].from.n, 2);
    CU_ASSERT_EQUAL(m->impacts[0].from.index[0], 1);
    CU_ASSERT_EQUAL(m->impacts[0].from.index[1], 0);
    model_free(m);
}

/* Fields: declared in file order; data.id, data.date, areas and breakdowns
 * resolved to their indexes:
 *   0 family, 1 referral, 2 plan, 3 debt_exit, 4 job, 5 s1, 6 s2, 7 w1, 8 w2 */
static void test_fields(void)
{
    model *m = load_ok(full_model);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL_FATAL(m->n_fields, 9);
    CU_ASSERT_EQUAL(model_field_index(m, "family"), 0);
    CU_ASSERT_EQUAL(model_field_index(m, "w2"), 8);
    CU_ASSERT_EQUAL(model_field_index(m, "nope"), -1);
    CU_ASSERT_EQUAL(m->id_field, 0);
    CU_ASSERT_EQUAL(m->date_field, 1);
    CU_ASSERT_TRUE(m->fields[0].required);
    CU_ASSERT_FALSE(m->fields[1].required);
    CU_ASSERT_TRUE(m->fields[4].personal);
    CU_ASSERT_FALSE(m->fields[0].personal);
    CU_ASSERT_EQUAL(m->fields[1].type, FIELD_DATE);
    CU_ASSERT_EQUAL(m->fields[2].type, FIELD_ENUM);
    CU_ASSERT_EQUAL(m->fields[5].type, FIELD_INTEGER);
    /* values: [yes, no] are the strings "yes" and "no" */
    CU_ASSERT_EQUAL_FATAL(m->fields[2].n_values, 2);
    CU_ASSERT_STRING_EQUAL(m->fields[2].values[0], "yes");
    CU_ASSERT_STRING_EQUAL(m->fields[2].values[1], "no");
    CU_ASSERT_TRUE(m->fields[5].has_min && m->fields[5].has_max);
    CU_ASSERT_EQUAL(m->fields[5].min, 1);
    CU_ASSERT_EQUAL(m->fields[5].max, 10);
    CU_ASSERT_FALSE(m->fields[7].has_min || m->fields[7].has_max);
    CU_ASSERT_FALSE(m->fields[0].derived);
    /* the position of a field is its key: "    plan:" on line 56 */
    CU_ASSERT_EQUAL(m->fields[2].line, 56);
    CU_ASSERT_EQUAL(m->fields[2].col, 5);
    /* distance travelled */
    CU_ASSERT_TRUE(m->has_scale);
    CU_ASSERT_EQUAL(m->scale_min, 0);
    CU_ASSERT_EQUAL(m->scale_max, 10);
    CU_ASSERT_EQUAL_FATAL(m->n_areas, 2);
    CU_ASSERT_EQUAL(m->areas[0].baseline, 5);
    CU_ASSERT_EQUAL(m->areas[0].review, 6);
    CU_ASSERT_FALSE(m->areas[0].lower_is_better); /* better: higher by default */
    CU_ASSERT_EQUAL(m->areas[1].baseline, 7);
    CU_ASSERT_EQUAL(m->areas[1].review, 8);
    CU_ASSERT_TRUE(m->areas[1].lower_is_better);
    /* breakdowns [plan, debt_exit] = fields 2 and 3 */
    CU_ASSERT_EQUAL_FATAL(m->n_breakdowns, 2);
    CU_ASSERT_EQUAL(m->breakdowns[0].field, 2);
    CU_ASSERT_EQUAL(m->breakdowns[1].field, 3);
    model_free(m);
}

/* A model whose expression uses a field no data column provides. */
static const char derived_model[] =
    "model: derived\ntitle: Derived\npilot: generic\n"
    "inputs: [{ id: i, kind: other, cost: 1 }]\n"
    "activities: [{ id: a, uses: [i] }]\n"
    "outputs: [{ id: o, from: [a], count: risk >= 3 and flag == \"yes\" }]\n"
    "outcomes: [{ id: c, horizon: short, from: [o], achieved: risk is present }]\n"
    "data:\n"
    "  id: case_id\n"
    "  fields:\n"
    "    case_id: { type: text }\n"
    "    flag: { type: enum, values: [yes, no] }\n";

static void test_derived_field(void)
{
    diag_list dl;
    model *m = model_from_text(derived_model, &dl, false);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(dl.n_errors, 0);
    diag_free(&dl);
    /* A plugin declares `risk` before the model is resolved. */
    CU_ASSERT_EQUAL(model_add_field(m, "risk", FIELD_INTEGER), 2);
    /* A name already taken is refused, declared or derived. */
    CU_ASSERT_EQUAL(model_add_field(m, "flag", FIELD_TEXT), -1);
    CU_ASSERT_EQUAL(model_add_field(m, "risk", FIELD_NUMBER), -1);
    CU_ASSERT_EQUAL_FATAL(m->n_fields, 3);
    CU_ASSERT_TRUE(m->fields[2].derived);
    CU_ASSERT_EQUAL(m->fields[2].type, FIELD_INTEGER);
    CU_ASSERT_EQUAL(model_field_index(m, "risk"), 2);
    diag_init(&dl);
    model_resolve(m, &dl);
    for (size_t i = 0; i < dl.n; i++)
        CHECK(0, "unexpected error %d:%d: %s", dl.items[i].line, dl.items[i].col, dl.items[i].msg);
    diag_free(&dl);
    const expr *count = m->outputs[0].count.tree;
    CU_ASSERT_PTR_NOT_NULL_FATAL(count);
    /* Rows: case_id, flag, risk (the plugin's value). */
    static const struct {
        const char *flag, *risk;
        bool want;
    } rows[] = {
        {"yes", "3", true},  /* 3 >= 3 and yes */
        {"yes", "2", false}, /* 2 < 3 */
        {"no", "5", false},  /* flag is no */
        {"yes", "", false},  /* risk missing: the test is false */
    };
    for (size_t k = 0; k < sizeof rows / sizeof *rows; k++) {
        const char *text[3] = {"C1", rows[k].flag, rows[k].risk};
        cell row[3];
        for (int f = 0; f < 3; f++)
            CU_ASSERT_PTR_NULL(cell_check(&m->fields[f], text[f], strlen(text[f]), &row[f]));
        CHECK(expr_eval(count, row) == rows[k].want, "flag=%s risk=%s: expected %s", rows[k].flag,
              rows[k].risk, rows[k].want ? "true" : "false");
    }
    model_free(m);

    /* Without the plugin's declaration the same model does not resolve, and
     * the error points at `risk` in each expression: line 6, after
     * "outputs: [{ id: o, from: [a], count: " (37 characters), column 38;
     * line 7, after "outcomes: [{ id: c, horizon: short, from: [o], achieved: "
     * (57 characters), column 58. */
    m = model_from_text(derived_model, &dl, true);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(dl.n_errors, 2);
    if (dl.n == 2) {
        CU_ASSERT_EQUAL(dl.items[0].line, 6);
        CU_ASSERT_EQUAL(dl.items[0].col, 38);
        CU_ASSERT_STRING_EQUAL(dl.items[0].msg, "in the count of output 'o': unknown field "
                                                "'risk': fields must be declared in "
                                                "data.fields");
        CU_ASSERT_EQUAL(dl.items[1].line, 7);
        CU_ASSERT_EQUAL(dl.items[1].col, 58);
    }
    diag_free(&dl);
    model_free(m);
}

/* Errors positions inside expressions written over several lines. */
static void test_expression_positions(void)
{
    static const char yaml[] = "model: pos\ntitle: Positions\npilot: generic\n"    /* 1-3 */
                               "inputs: [{ id: i, kind: other, cost: 1 }]\n"       /* 4 */
                               "activities: [{ id: a, uses: [i] }]\n"              /* 5 */
                               "outputs:\n"                                        /* 6 */
                               "  - id: o\n"                                       /* 7 */
                               "    from: [a]\n"                                   /* 8 */
                               "    count: f == \"x\" and\n"                       /* 9 */
                               "      zz == 1\n"                                   /* 10 */
                               "  - id: o2\n"                                      /* 11 */
                               "    from: [a]\n"                                   /* 12 */
                               "    count: \"f==\\\"x\\\"and zz==1\"\n"            /* 13 */
                               "  - id: o3\n"                                      /* 14 */
                               "    from: [a]\n"                                   /* 15 */
                               "    count: 'f==\"it''s\"and zz==1'\n"              /* 16 */
                               "outcomes:\n"                                       /* 17 */
                               "  - id: c\n"                                       /* 18 */
                               "    horizon: short\n"                              /* 19 */
                               "    from: [o]\n"                                   /* 20 */
                               "    eligible: |\n"                                 /* 21 */
                               "      f == \"x\"\n"                                /* 22 */
                               "       or f ~ \"y\"\n"                             /* 23 */
                               "    achieved: \"f == \\\"x\\\" and f =~ /a/q\"\n"  /* 24 */
                               "data: { id: f, fields: { f: { type: text } } }\n"; /* 25 */
    diag_list dl;
    model *m = model_from_text(yaml, &dl, true);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(dl.n_errors, 5);
    static const struct {
        int line, col;
        const char *msg;
    } want[] = {
        /* the plain scalar folds line 10 into "f == "x" and zz == 1"; zz
         * is at column 7 of line 10 */
        {10, 7,
         "in the count of output 'o': unknown field 'zz': fields must be declared "
         "in data.fields"},
        /* line 13, "    count: "f==\"x\"and zz==1"": the value
         * f=="x"and zz==1 has zz at offset 10; the quote is at column 12, so
         * the value starts at 13, and the two escapes (\") written before
         * zz add a character each: 13 + 10 + 2 = 25 */
        {13, 25,
         "in the count of output 'o2': unknown field 'zz': fields must be declared "
         "in data.fields"},
        /* line 16, single-quoted: the value f=="it's"and zz==1 has zz at
         * offset 13; '' is one quote: 13 + 13 + 1 = 27 */
        {16, 27,
         "in the count of output 'o3': unknown field 'zz': fields must be declared "
         "in data.fields"},
        /* the literal block keeps line 23 as " or f ~ ..." (one more space
         * than the block's indentation of 6); after 7 spaces and "or f ",
         * '~' is at column 13 */
        {23, 13, "in 'eligible' of outcome 'c': unexpected character '~'"},
        /* in the double-quoted scalar, the value "f == "x" and f =~ /a/q"
         * has the flag q at offset 21; the scalar opens at column 15, so
         * the value starts at 16, and two escapes (\") add a character
         * each: 16 + 21 + 2 = 39 */
        {24, 39,
         "in 'achieved' of outcome 'c': unknown regex flag 'q': only 'i' (caseless) "
         "is allowed"},
    };
    for (size_t k = 0; k < sizeof want / sizeof *want && k < dl.n; k++) {
        CHECK(dl.items[k].line == want[k].line && dl.items[k].col == want[k].col,
              "error %zu: expected %d:%d, got %d:%d", k, want[k].line, want[k].col,
              dl.items[k].line, dl.items[k].col);
        CHECK(strcmp(dl.items[k].msg, want[k].msg) == 0, "error %zu: expected \"%s\", got \"%s\"",
              k, want[k].msg, dl.items[k].msg);
    }
    diag_free(&dl);
    model_free(m);
}

/* A file of zero bytes, or of white space only, is no model; the error is
 * at 1:1.  (The corpus cannot hold such a file: its expectations are in
 * comments.) */
static void test_empty_file(void)
{
    static const char *const texts[] = {"", "\n\n   \n"};
    for (size_t k = 0; k < 2; k++) {
        diag_list dl;
        model *m = model_from_text(texts[k], &dl, false);
        CHECK(m == NULL, "text %zu: a model was returned", k);
        model_free(m);
        CHECK(dl.n_errors == 1 && dl.n == 1, "text %zu: %zu errors", k, dl.n_errors);
        if (dl.n == 1) {
            CU_ASSERT_EQUAL(dl.items[0].line, 1);
            CU_ASSERT_EQUAL(dl.items[0].col, 1);
            CU_ASSERT_STRING_EQUAL(dl.items[0].msg,
                                   "the model is empty: expected a mapping with 'model', "
                                   "'inputs', 'outcomes' and the other sections");
        }
        diag_free(&dl);
    }
}

/* A plugin may add a top-level section named after it (docs/manual/logic-model.md): the
 * loader accepts the pilot's section, and only that one. */
static void test_plugin_section(void)
{
    static const char yaml[] =
        "model: p\ntitle: P\npilot: fip\n"
        "inputs: [{ id: i, kind: other, cost: 1 }]\n"
        "activities: [{ id: a, uses: [i] }]\n"
        "outputs: [{ id: o, from: [a], count: all }]\n"
        "outcomes: [{ id: c, horizon: short, from: [o], achieved: f is present }]\n"
        "data: { id: f, fields: { f: { type: text } } }\n"
        "fip:\n" /* 9 */
        "  anything: [the, plugin, checks, it]\n"
        "school-gates: { school: f }\n"; /* 11 */
    diag_list dl;
    model *m = model_from_text(yaml, &dl, true);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(dl.n_errors, 1);
    if (dl.n == 1) {
        CU_ASSERT_EQUAL(dl.items[0].line, 11);
        CU_ASSERT_EQUAL(dl.items[0].col, 1);
        CU_ASSERT_STRING_EQUAL(dl.items[0].msg,
                               "unknown key 'school-gates' in the model (the only plugin "
                               "section allowed is 'fip:', named after the pilot)");
    }
    CU_ASSERT_STRING_EQUAL(m->pilot, "fip");
    /* the section stays in the tree for the plugin */
    const ynode *sec = ynode_get(m->root, "fip");
    CU_ASSERT_PTR_NOT_NULL(sec);
    CU_ASSERT_EQUAL(sec ? sec->kind : YNODE_SCALAR, YNODE_MAP);
    diag_free(&dl);
    model_free(m);
}

/* thrive diagram: the five columns as clusters in order (each of the same
 * rank), every item a node labelled with its label (or its id), every
 * reference an edge left to right, quotes and backslashes escaped.  The
 * whole text, as a golden file would hold it. */
/* Labels are wrapped at spaces so that no line passes 28 bytes: "Rooms lent
 * by the children's" is 28, " centres" would make 36. */
static void test_diagram(void)
{
    static const char yaml[] =
        "model: tiny\n"
        "title: A \"tiny\" model\n"
        "pilot: generic\n"
        "inputs:\n"
        "  - { id: staff, label: Key workers, kind: staff, cost: 10 }\n"
        "  - { id: rooms, label: Rooms lent by the children's centres, kind: in_kind, cost: 1 }\n"
        "  - { id: fund, kind: funding, cost: 5 }\n"
        "activities:\n"
        "  - { id: work, label: 'Key work \\ support', uses: [staff, fund] }\n"
        "outputs:\n"
        "  - { id: seen, from: [work], count: all }\n"
        "outcomes:\n"
        "  - { id: a, horizon: short, from: [seen], achieved: flag == \"y\" }\n"
        "  - { id: b, horizon: long, from: [seen], achieved: flag == \"n\" }\n"
        "impacts:\n"
        "  - { id: better, label: Better lives, from: [a, b] }\n"
        "data:\n"
        "  id: case_id\n"
        "  fields:\n"
        "    case_id: { type: text }\n"
        "    flag: { type: enum, values: [y, n] }\n";
    static const char want[] =
        "digraph logic_model {\n"
        "  rankdir=LR;\n"
        "  newrank=true;\n"
        "  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=Helvetica];\n"
        "  label=\"A \\\"tiny\\\" model\"; labelloc=t; fontname=Helvetica;\n"
        "  subgraph cluster_inputs {\n"
        "    label=\"Inputs\"; style=filled; color=\"#dbe9f6\"; rank=same;\n"
        "    \"inputs:staff\" [label=\"Key workers\"];\n"
        "    \"inputs:rooms\" [label=\"Rooms lent by the children's\\ncentres\"];\n"
        "    \"inputs:fund\" [label=\"fund\"];\n"
        "  }\n"
        "  subgraph cluster_activities {\n"
        "    label=\"Activities\"; style=filled; color=\"#e3f1dc\"; rank=same;\n"
        "    \"activities:work\" [label=\"Key work \\\\ support\"];\n"
        "  }\n"
        "  subgraph cluster_outputs {\n"
        "    label=\"Outputs\"; style=filled; color=\"#fdf1d6\"; rank=same;\n"
        "    \"outputs:seen\" [label=\"seen\"];\n"
        "  }\n"
        "  subgraph cluster_outcomes {\n"
        "    label=\"Outcomes\"; style=filled; color=\"#f9dfd6\"; rank=same;\n"
        "    \"outcomes:a\" [label=\"a\"];\n"
        "    \"outcomes:b\" [label=\"b\"];\n"
        "  }\n"
        "  subgraph cluster_impacts {\n"
        "    label=\"Impacts\"; style=filled; color=\"#e9ddf2\"; rank=same;\n"
        "    \"impacts:better\" [label=\"Better lives\"];\n"
        "  }\n"
        "  \"inputs:staff\" -> \"activities:work\";\n"
        "  \"inputs:fund\" -> \"activities:work\";\n"
        "  \"activities:work\" -> \"outputs:seen\";\n"
        "  \"outputs:seen\" -> \"outcomes:a\";\n"
        "  \"outputs:seen\" -> \"outcomes:b\";\n"
        "  \"outcomes:a\" -> \"impacts:better\";\n"
        "  \"outcomes:b\" -> \"impacts:better\";\n"
        "}\n";
    model *m = model_from_text_ok(yaml);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    FILE *out = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(diagram_write(m, out), 0);
    char got[4096];
    rewind(out);
    size_t n = fread(got, 1, sizeof got - 1, out);
    got[n] = '\0';
    fclose(out);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "# got:\n%s", got);
    CU_ASSERT_STRING_EQUAL(got, want);
    model_free(m);
}

/* model_open and model_resolve return what went wrong: OK for a valid
 * model; MODEL with the model still returned for a broken rule (so that
 * validate goes on to the expressions); MODEL and no model when the file
 * cannot be read; MODEL from model_resolve for a bad expression only. */
static void test_status(void)
{
    static const char *const yaml[] = {
        /* valid */
        "model: s\ntitle: S\npilot: generic\n"
        "inputs: [{ id: i, kind: other, cost: 1 }]\n"
        "activities: [{ id: a, uses: [i] }]\n"
        "outputs: [{ id: o, from: [a], count: all }]\n"
        "outcomes: [{ id: c, horizon: short, from: [o], achieved: f is present }]\n"
        "data: { id: f, fields: { f: { type: text } } }\n",
        /* a rule broken (cost below 0), and an expression on no field */
        "model: s\ntitle: S\npilot: generic\n"
        "inputs: [{ id: i, kind: other, cost: -1 }]\n"
        "activities: [{ id: a, uses: [i] }]\n"
        "outputs: [{ id: o, from: [a], count: all }]\n"
        "outcomes: [{ id: c, horizon: short, from: [o], achieved: g is present }]\n"
        "data: { id: f, fields: { f: { type: text } } }\n",
        /* only the expression is wrong */
        "model: s\ntitle: S\npilot: generic\n"
        "inputs: [{ id: i, kind: other, cost: 1 }]\n"
        "activities: [{ id: a, uses: [i] }]\n"
        "outputs: [{ id: o, from: [a], count: all }]\n"
        "outcomes: [{ id: c, horizon: short, from: [o], achieved: g is present }]\n"
        "data: { id: f, fields: { f: { type: text } } }\n",
        /* a key twice: an error of the YAML tree, which loads on (found by
         * fuzz_model: model_open said OK with that error recorded) */
        "model: s\ntitle: S\ntitle: T\npilot: generic\n"
        "inputs: [{ id: i, kind: other, cost: 1 }]\n"
        "activities: [{ id: a, uses: [i] }]\n"
        "outputs: [{ id: o, from: [a], count: all }]\n"
        "outcomes: [{ id: c, horizon: short, from: [o], achieved: f is present }]\n"
        "data: { id: f, fields: { f: { type: text } } }\n",
    };
    static const thrive_error want_open[] = {THRIVE_OK, THRIVE_ERROR_MODEL, THRIVE_OK,
                                             THRIVE_ERROR_MODEL};
    static const thrive_error want_resolve[] = {THRIVE_OK, THRIVE_ERROR_MODEL, THRIVE_ERROR_MODEL,
                                                THRIVE_OK};
    const char *tmpdir = getenv("TMPDIR");
    for (size_t k = 0; k < sizeof yaml / sizeof *yaml; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/thrive-status-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
        int fd = mkstemp(path);
        CU_ASSERT_FATAL(fd >= 0);
        CU_ASSERT_FATAL(write(fd, yaml[k], strlen(yaml[k])) == (ssize_t)strlen(yaml[k]));
        close(fd);
        diag_list dl;
        diag_init(&dl);
        model *m;
        thrive_error e = model_open(path, &dl, &m);
        unlink(path);
        CHECK(e == want_open[k], "model %zu: model_open gave %s", k, thrive_strerror(e));
        CHECK(m != NULL, "model %zu: no model returned", k);
        if (m) {
            size_t before = dl.n_errors;
            e = model_resolve(m, &dl);
            CHECK(e == want_resolve[k], "model %zu: model_resolve gave %s", k, thrive_strerror(e));
            CHECK((e == THRIVE_OK) == (dl.n_errors == before),
                  "model %zu: model_resolve's answer and its errors disagree", k);
        }
        model_free(m);
        diag_free(&dl);
    }
    diag_list dl;
    diag_init(&dl);
    model *m = (model *)&dl; /* must be set to NULL */
    thrive_error e = model_open("/nonexistent/thrive/model.yaml", &dl, &m);
    CU_ASSERT_EQUAL(e, THRIVE_ERROR_MODEL);
    CU_ASSERT_PTR_NULL(m);
    CU_ASSERT_EQUAL(dl.n_errors, 1);
    diag_free(&dl);
}

/* The plugin-name rule of the model, which the plugin host uses too. */
static void test_pilot_names(void)
{
    static const struct {
        const char *name;
        bool ok;
    } cases[] = {
        {"fip", true},  {"school-gates", true},   {"teen_parent_2", true}, {"", false},
        {"FIP", false}, {"../etc/passwd", false}, {"school gates", false}, {"caf\xc3\xa9", false}};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        CHECK(model_pilot_valid(cases[k].name) == cases[k].ok, "'%s': expected %s", cases[k].name,
              cases[k].ok ? "valid" : "refused");
    CU_ASSERT_FALSE(model_pilot_valid(NULL));
}

int main(void)
{
    static CU_TestInfo loader[] = {
        {"costs", test_costs},
        {"defaults", test_defaults},
        {"references", test_references},
        {"fields", test_fields},
        {"plugin section", test_plugin_section},
        {"empty file", test_empty_file},
        {"model_open and model_resolve say what went wrong", test_status},
        {"plugin names", test_pilot_names},
        CU_TEST_INFO_NULL,
    };
    static CU_TestInfo resolve[] = {
        {"derived field", test_derived_field},
        {"expression error positions", test_expression_positions},
        {"the diagram: five ranked columns, every link, escaped labels", test_diagram},
        CU_TEST_INFO_NULL,
    };
    cunit_tap_add("loader", loader);
    cunit_tap_add("resolve", resolve);
    return cunit_tap_run();
}
