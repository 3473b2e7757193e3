/* test_infer.c - `thrive init`'s profile of the case data and its draft
 * (src/infer.c, src/draft.c).
 *
 * Each test writes a small CSV file, profiles it, and checks the types,
 * ranges and lines against what the CSV text says: line 1 is the header and
 * every '\n' starts a new physical line, inside quotes or not.  The draft
 * tests then load the drafted model with the model loader and read the same
 * file with the case-data check (cases_read), as `thrive validate --data`
 * does: the model must be valid and the rows rejected must be exactly the
 * rows the draft listed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "cunit_tap.h"
#include "diag.h"
#include "draft.h"
#include "infer.h"
#include "model.h"
#include "results.h"
#include "testlib.h"

/* Profile TEXT (written as NAME); the diags are kept in *DL. */
static thrive_error profile_text(const char *name, const char *text, infer_profile *p)
{
    diag_list dl;
    diag_init(&dl);
    thrive_error e = infer_profile_file(testlib_write(name, text), p, &dl);
    diag_free(&dl);
    return e;
}

static const infer_column *column(const infer_profile *p, const char *name)
{
    for (size_t c = 0; c < p->n_columns; c++)
        if (strcmp(p->columns[c].name, name) == 0)
            return &p->columns[c];
    CU_FAIL_FATAL("no such column");
    return NULL;
}

/* The draft of P, as text (free it). */
static char *draft_text(const infer_profile *p, const char *data_file)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    CU_ASSERT_FATAL(out != NULL);
    draft_options o = {.data_file = data_file, .model_file = "draft.yaml", .version = "test"};
    CU_ASSERT(draft_write(p, &o, out) == THRIVE_OK);
    fclose(out);
    return buf;
}

/* ---- types ---- */

/* Every cell of a column fits: integer (signs), number (fraction,
 * exponent), dates in either format and mixed, enum, text. */
static void test_types(void)
{
    infer_profile p;
    CU_ASSERT_FATAL(profile_text("types.csv",
                                 "id,i,n,iso,uk,mixed,e,t\n"
                                 "1,-3,1.5,2010-04-01,01/04/2010,2010-04-01,a,apple\n"
                                 "2,+12,-2,2009-12-31,31/12/2009,15/06/2011,b,pear\n"
                                 "3,0,.5,2011-02-28,28/02/2011,2009-01-02,a,plum\n"
                                 "4,7,3e-2,2010-10-10,10/10/2010,2010-10-10,b,fig\n",
                                 &p) == THRIVE_OK);
    CU_ASSERT_EQUAL(p.rows, 4);
    CU_ASSERT_EQUAL(column(&p, "i")->type, FIELD_INTEGER);
    CU_ASSERT_EQUAL(column(&p, "n")->type, FIELD_NUMBER);
    CU_ASSERT_EQUAL(column(&p, "iso")->type, FIELD_DATE);
    CU_ASSERT_EQUAL(column(&p, "uk")->type, FIELD_DATE);
    CU_ASSERT_EQUAL(column(&p, "mixed")->type, FIELD_DATE);
    CU_ASSERT_EQUAL(column(&p, "e")->type, FIELD_ENUM);
    CU_ASSERT_EQUAL(column(&p, "t")->type, FIELD_TEXT);
    for (size_t c = 0; c < p.n_columns; c++) {
        CU_ASSERT_EQUAL(p.columns[c].misfits->count, 0);
        CU_ASSERT(p.columns[c].required);
    }
    char *d = draft_text(&p, "types.csv");
    /* the ranges, read off the rows above: -3..+12; -2..1.5 (as written);
     * 2009-01-02 is 02/01/2009, the earliest of the mixed column */
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "    i: { type: integer, min: -3, max: 12, required: true }"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "    n: { type: number, min: -2, max: 1.5,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "    iso: { type: date, min: 2009-12-31, max: 2011-02-28,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "    uk: { type: date, min: 2009-12-31, max: 2011-02-28,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "    mixed: { type: date, min: 2009-01-02, max: 2011-06-15,"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(d, "    e: { type: enum, values: [\"a\", \"b\"], required: true }"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "    t: { type: text, required: true }"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "  date: iso "));
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "# Every row of the file fits these fields as drafted."));
    free(d);
    infer_profile_free(&p);
}

/* 100 rows: a column with one cell that is not an integer is an integer,
 * and that row is listed; one with ten is not (90% < 98%).  A column of
 * integers and one decimal is a number: the type that fits most wins. */
static void test_nearly_all(void)
{
    char *csv = malloc(100 * 64 + 64);
    CU_ASSERT_FATAL(csv != NULL);
    size_t len = (size_t)sprintf(csv, "id,one_bad,ten_bad,one_decimal\n");
    for (int i = 0; i < 100; i++) /* row i is on line i + 2 */
        len += (size_t)sprintf(csv + len, "%d,%s,%s,%s\n", i, i == 41 ? "abc" : "5",
                               i % 10 == 3 ? "n/a" : "7", i == 70 ? "2.5" : "8");
    infer_profile p;
    CU_ASSERT_FATAL(profile_text("nearly.csv", csv, &p) == THRIVE_OK);
    const infer_column *a = column(&p, "one_bad");
    CU_ASSERT_EQUAL(a->type, FIELD_INTEGER);
    CU_ASSERT_EQUAL(a->misfits->count, 1);
    CU_ASSERT_EQUAL(a->misfits->lines[0], 43);
    const infer_column *b = column(&p, "ten_bad");
    CU_ASSERT_NOT_EQUAL(b->type, FIELD_INTEGER);
    CU_ASSERT_EQUAL(b->type, FIELD_ENUM); /* two values, "7" and "n/a", repeated */
    CU_ASSERT_EQUAL(b->misfits->count, 0);
    const infer_column *c = column(&p, "one_decimal");
    CU_ASSERT_EQUAL(c->type, FIELD_NUMBER);
    CU_ASSERT_EQUAL(c->misfits->count, 0);
    char *d = draft_text(&p, "nearly.csv");
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "#   one_bad: 1 row (not an integer): line 43\n"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(d, "    # 1 row will be rejected (not an integer): line 43\n"
                  "    one_bad: { type: integer, min: 5, max: 5, required: true }"));
    /* lines 5, 15, ... 95 + 2: ten of them, all kept */
    CU_ASSERT_PTR_NOT_NULL(strstr(d,
                                  "    # 90 of 100 cells are integers; if the others are mistakes "
                                  "(lines 5, 15, 25, 35, 45, 55, 65, 75, 85 and 95),\n"));
    free(d);
    infer_profile_free(&p);
    free(csv);
}

/* A small file with one typo: from INFER_FIT_ONE_MISS (20) cells on, one
 * misfit is allowed whatever its share (1 of 30 is 3.3%, over the 2% the
 * share rule allows); under 20 cells, one misfit in 19 (5.3%) is too many for an integer. */
static void test_one_typo_small_file(void)
{
    char csv[4096];
    size_t len = (size_t)sprintf(csv, "id,date30,int19\n");
    for (int i = 0; i < 30; i++) /* row i is on line i + 2 */
        len += (size_t)sprintf(csv + len, "%d,%s,%s\n", i, i == 7 ? "3/2/2025" : "2025-02-03",
                               i >= 19 ? "" : i == 4 ? "x" : "12");
    infer_profile p;
    CU_ASSERT_FATAL(profile_text("small.csv", csv, &p) == THRIVE_OK);
    const infer_column *a = column(&p, "date30");
    CU_ASSERT_EQUAL(a->type, FIELD_DATE);
    CU_ASSERT_EQUAL(a->misfits->count, 1);
    CU_ASSERT_EQUAL(a->misfits->lines[0], 9);
    const infer_column *b = column(&p, "int19"); /* 18 of 19: too few cells for the allowance */
    CU_ASSERT_NOT_EQUAL(b->type, FIELD_INTEGER);
    infer_profile_free(&p);
}

/* Few distinct values make an enum; more than INFER_ENUM_MAX, a value
 * longer than INFER_VALUE_MAX, or values that hardly repeat make text. */
static void test_enum_limits(void)
{
    char csv[8192];
    size_t len = (size_t)sprintf(csv, "id,twelve,thirteen,long,unique3\n");
    for (int i = 0; i < 26; i++)
        len += (size_t)sprintf(
            csv + len, "%d,v%d,w%d,%s,%s\n", i, i % 12, i % 13,
            i == 0 ? "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" : "short",
            i < 3 ? (i == 0   ? "a"
                     : i == 1 ? "b"
                              : "c")
                  : "");
    infer_profile p;
    CU_ASSERT_FATAL(profile_text("enum.csv", csv, &p) == THRIVE_OK);
    CU_ASSERT_EQUAL(column(&p, "twelve")->type, FIELD_ENUM);
    CU_ASSERT_EQUAL(column(&p, "twelve")->n_values, 12);
    CU_ASSERT_EQUAL(column(&p, "thirteen")->type, FIELD_TEXT);
    CU_ASSERT_EQUAL(column(&p, "long")->type, FIELD_TEXT); /* 65 bytes in row 0 */
    CU_ASSERT_EQUAL(column(&p, "unique3")->type, FIELD_TEXT);
    CU_ASSERT_FALSE(column(&p, "unique3")->required);
    infer_profile_free(&p);
}

/* An empty column: text, not required, and said so. */
static void test_empty_column(void)
{
    infer_profile p;
    CU_ASSERT_FATAL(profile_text("empty.csv", "id,nothing,x\n1,,a\n2,,\n3,,a\n", &p) == THRIVE_OK);
    const infer_column *n = column(&p, "nothing");
    CU_ASSERT_EQUAL(n->type, FIELD_TEXT);
    CU_ASSERT_EQUAL(n->n_present, 0);
    CU_ASSERT_EQUAL(n->n_empty, 3);
    CU_ASSERT_FALSE(n->required);
    CU_ASSERT_FALSE(column(&p, "x")->required); /* empty on line 3 */
    CU_ASSERT(column(&p, "id")->required);
    char *d = draft_text(&p, "empty.csv");
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "    # every cell is empty: declared as text; give it its "
                                     "real type\n    nothing: { type: text }\n"));
    free(d);
    infer_profile_free(&p);
}

/* A byte-order mark is not part of the first column's name. */
static void test_bom(void)
{
    infer_profile p;
    CU_ASSERT_FATAL(profile_text("bom.csv",
                                 "\xEF\xBB\xBF"
                                 "case_id,n\nC1,1\nC2,2\n",
                                 &p) == THRIVE_OK);
    CU_ASSERT_STRING_EQUAL(p.columns[0].name, "case_id");
    CU_ASSERT_EQUAL(p.id_column, 0);
    CU_ASSERT(p.id_unique);
    infer_profile_free(&p);
}

/* A quoted cell spanning lines: the record's line is where it starts, and
 * the lines after it count every newline. */
static void test_quoted_newlines(void)
{
    infer_profile p;
    CU_ASSERT_FATAL(profile_text("quoted.csv",
                                 "id,note,n\n"                   /* line 1 */
                                 "1,\"two\nlines\",5\n"          /* lines 2-3 */
                                 "2,\"a \"\"quote\"\"\",x\n"     /* line 4: n is not an integer */
                                 "3,\"three\nmore\nlines\",6\n", /* lines 5-7 */
                                 &p) == THRIVE_OK);
    /* one misfit in three is not "nearly all": n is not an integer... */
    CU_ASSERT_EQUAL(column(&p, "n")->fit[INFER_AS_INTEGER], 2);
    CU_ASSERT_EQUAL(column(&p, "n")->misfit[INFER_AS_INTEGER].lines[0], 4);
    infer_profile_free(&p);

    char csv[4096];
    size_t len = (size_t)sprintf(csv, "id,note,n\n");
    for (int i = 0; i < 60; i++) /* each row takes two lines: row i starts on 2i + 2 */
        len += (size_t)sprintf(csv + len, "%d,\"line one\nline two\",%s\n", i, i == 30 ? "x" : "1");
    CU_ASSERT_FATAL(profile_text("quoted60.csv", csv, &p) == THRIVE_OK);
    const infer_column *n = column(&p, "n");
    CU_ASSERT_EQUAL(n->type, FIELD_INTEGER); /* 59 of 60 */
    CU_ASSERT_EQUAL(n->misfits->count, 1);
    CU_ASSERT_EQUAL(n->misfits->lines[0], 62);
    const infer_column *note = column(&p, "note");
    CU_ASSERT_EQUAL(note->type, FIELD_ENUM);
    CU_ASSERT_STRING_EQUAL(note->values[0].text, "line one\nline two");
    char *d = draft_text(&p, "quoted60.csv");
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "values: [\"line one\\nline two\"]"));
    free(d);
    infer_profile_free(&p);
}

/* Ragged rows and blank records: the first are rows the check rejects,
 * the second are not rows at all. */
static void test_ragged_and_blank(void)
{
    infer_profile p;
    CU_ASSERT_FATAL(profile_text("ragged.csv", "id,a,b\n1,x,y\n2,x\n,,\n3,x,y,z\n4,x,y\n", &p) ==
                    THRIVE_OK);
    CU_ASSERT_EQUAL(p.rows, 5);
    CU_ASSERT_EQUAL(p.blank.count, 1);
    CU_ASSERT_EQUAL(p.blank.lines[0], 4);
    CU_ASSERT_EQUAL(p.ragged.count, 2);
    CU_ASSERT_EQUAL(p.ragged.lines[0], 3);
    CU_ASSERT_EQUAL(p.ragged.lines[1], 5);
    CU_ASSERT(column(&p, "b")->required); /* the ragged rows do not count */
    infer_profile_free(&p);
}

/* Header names that cannot be fields are left out, with the reason. */
static void test_unusable_names(void)
{
    infer_profile p;
    CU_ASSERT_FATAL(profile_text("names.csv", "id,Family ID,,x,x,2nd,ok\n1,a,b,c,d,e,f\n", &p) ==
                    THRIVE_OK);
    CU_ASSERT_PTR_NULL(p.columns[0].unusable);
    CU_ASSERT_PTR_NOT_NULL(p.columns[1].unusable); /* a space */
    CU_ASSERT_PTR_NOT_NULL(p.columns[2].unusable); /* empty */
    CU_ASSERT_EQUAL(p.columns[3].repeats, 5);
    CU_ASSERT_EQUAL(p.columns[4].repeats, 4);
    CU_ASSERT_PTR_NOT_NULL(p.columns[5].unusable); /* starts with a digit */
    CU_ASSERT_PTR_NULL(p.columns[6].unusable);
    char *d = draft_text(&p, "names.csv");
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "    # column 2, \"Family ID\", is not declared"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "    # column 4, \"x\", is not declared: the header repeats "
                                     "its name (column 5)"));
    free(d);
    infer_profile_free(&p);

    /* no usable column at all */
    diag_list dl;
    diag_init(&dl);
    CU_ASSERT_EQUAL(infer_profile_file(testlib_write("none.csv", "1a,b c\n1,2\n"), &p, &dl),
                    THRIVE_ERROR_DATA);
    CU_ASSERT_EQUAL(dl.n_errors, 1);
    diag_free(&dl);
    infer_profile_free(&p);
}

/* Files that are not CSV: the error and its line. */
static void test_not_csv(void)
{
    static const struct {
        const char *name, *text;
        size_t len;
        int line;
        const char *says;
    } cases[] = {
        {"empty.csv", "", 0, 1, "the file is empty"},
        {"nul.csv", "id,x\n1,\0\n", 9, 0, "binary data"},
        {"open.csv", "id,x\n1,a\n2,\"never\nclosed\n", 24, 3, "never closed"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        diag_list dl;
        diag_init(&dl);
        infer_profile p;
        const char *f = testlib_write_bytes(cases[i].name, cases[i].text, cases[i].len);
        CU_ASSERT_EQUAL(infer_profile_file(f, &p, &dl), THRIVE_ERROR_DATA);
        CU_ASSERT_EQUAL_FATAL(dl.n, 1);
        CU_ASSERT_EQUAL(dl.items[0].line, cases[i].line);
        CU_ASSERT_PTR_NOT_NULL(strstr(dl.items[0].msg, cases[i].says));
        diag_free(&dl);
        infer_profile_free(&p);
    }
    diag_list dl;
    diag_init(&dl);
    infer_profile p;
    CU_ASSERT_EQUAL(infer_profile_file("/nonexistent/cases.csv", &p, &dl), THRIVE_ERROR_DATA);
    diag_free(&dl);
    infer_profile_free(&p);
}

/* ---- names ---- */

static void test_personal_names(void)
{
    static const struct {
        const char *name, *looks_like; /* NULL: not personal */
    } cases[] = {
        {"name", "a person's name"},
        {"first_name", "a person's name"},
        {"Surname", "a person's name"},
        {"FullName", "a person's name"},
        {"client_name", "a person's name"},
        {"forenames", "a person's name"},
        {"school_name", NULL},
        {"site_name", NULL},
        {"postcode", "a postcode"},
        {"Post Code", "a postcode"},
        {"post_code", "a postcode"},
        {"home_postcode", "a postcode"},
        {"zip", "a postcode"},
        {"dob", "a date of birth"},
        {"DOB", "a date of birth"},
        {"date_of_birth", "a date of birth"},
        {"DateOfBirth", "a date of birth"},
        {"birth_date", "a date of birth"},
        {"address", "an address"},
        {"address_line_1", "an address"},
        {"HomeAddress", "an address"},
        {"street", "an address"},
        {"phone", "a phone number"},
        {"telephone", "a phone number"},
        {"mobile_number", "a phone number"},
        {"PhoneNo", "a phone number"},
        {"tel", "a phone number"},
        {"email", "an email address"},
        {"e_mail", "an email address"},
        {"EmailAddress", "an email address"},
        {"nhs_number", "an NHS number"},
        {"NHSNo", "an NHS number"},
        {"nhs", "an NHS number"},
        {"ni_number", "a National Insurance number"},
        {"NINO", "a National Insurance number"},
        {"national_insurance_no", "a National Insurance number"},
        {"family_id", NULL},
        {"referral_date", NULL},
        {"children", NULL},
        {"notes", NULL},
        {"nhs_referral", NULL},
        {"tenancy_6m", NULL},
        {"engaged", NULL},
        {"age", NULL},
        {"site", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = infer_personal(cases[i].name);
        if (!cases[i].looks_like != !got || (got && strcmp(got, cases[i].looks_like) != 0)) {
            fprintf(stderr, "# %s: expected %s, got %s\n", cases[i].name,
                    cases[i].looks_like ? cases[i].looks_like : "not personal",
                    got ? got : "not personal");
            CU_FAIL("personal-data heuristic");
        }
    }
}

/* A personal column is never an enum (its values would be written into
 * the model) and its range is not drafted. */
static void test_personal_fields(void)
{
    infer_profile p;
    CU_ASSERT_FATAL(profile_text("personal.csv",
                                 "id,first_name,dob,score\n1,Ann,2001-05-01,3\n2,Ann,1999-02-03,4\n"
                                 "3,Bob,2001-05-01,3\n4,Bob,1999-02-03,4\n",
                                 &p) == THRIVE_OK);
    CU_ASSERT_EQUAL(column(&p, "first_name")->type, FIELD_TEXT);
    CU_ASSERT_EQUAL(column(&p, "dob")->type, FIELD_DATE);
    CU_ASSERT_EQUAL(p.date_column, -1); /* a date of birth is not the case's date */
    char *d = draft_text(&p, "personal.csv");
    CU_ASSERT_PTR_NOT_NULL(
        strstr(d, "    # personal: it looks like a person's name, so no output "
                  "ever shows it\n"
                  "    first_name: { type: text, required: true, personal: true }\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "    dob: { type: date, required: true, personal: true }\n"));
    CU_ASSERT_PTR_NULL(strstr(d, "Ann"));
    CU_ASSERT_PTR_NULL(strstr(d, "1999"));
    free(d);
    infer_profile_free(&p);
}

static void test_id_choice(void)
{
    static const struct {
        const char *what, *csv;
        long id;
        bool unique;
    } cases[] = {
        {"the first column, unique", "a,b\n1,x\n2,x\n3,y\n", 0, true},
        {"an id-like name, unique, before the first column", "site,client_ref\nA,1\nA,2\nB,3\n", 1,
         true},
        {"the first column when the id-like name repeats", "n,case_id\n1,C1\n2,C1\n3,C2\n", 0,
         true},
        {"the id-like name, not unique, when nothing is", "site,case_id\nA,C1\nA,C1\n", 1, false},
        {"an empty id is not unique", "case_id,x\nC1,a\n,b\n", 0, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        infer_profile p;
        CU_ASSERT_FATAL(profile_text("id.csv", cases[i].csv, &p) == THRIVE_OK);
        if (p.id_column != cases[i].id || p.id_unique != cases[i].unique) {
            fprintf(stderr, "# %s: id column %ld (unique %d)\n", cases[i].what, p.id_column,
                    p.id_unique);
            CU_FAIL("id candidate");
        }
        infer_profile_free(&p);
    }
    static const struct {
        const char *name;
        bool id;
    } names[] = {{"case_id", true},   {"ClientRef", true}, {"id", true},      {"URN", true},
                 {"identity", false}, {"paid", false},     {"nhs_id", false}, {"valid", false}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        CU_ASSERT_EQUAL(infer_id_like(names[i].name), names[i].id);
}

static void test_model_id(void)
{
    static const struct {
        const char *file, *id;
    } cases[] = {
        {"cases.csv", "cases"},
        {"data/Cases 2010.csv", "cases-2010"},
        {"../x/FIP_referrals.v2.csv", "fip-referrals-v2"},
        {"__.csv", "draft"},
        {".csv", "csv"},
        {"plain", "plain"},
    };
    char id[64];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        draft_model_id(cases[i].file, id, sizeof id);
        CU_ASSERT_STRING_EQUAL(id, cases[i].id);
    }
}

/* ---- the draft against the loader and the data check ---- */

static void ignore_row(void *ctx, cell *row)
{
    (void)ctx;
    (void)row;
}

/* Draft a model from NAME's TEXT, load it as validate does, read the data
 * with it, and check that the rows rejected are the rows listed. */
static void check_round_trip(const char *name, const char *text, long long expect_rejected)
{
    const char *data = testlib_write(name, text);
    char data_path[512], model_path[600];
    snprintf(data_path, sizeof data_path, "%s", data);
    snprintf(model_path, sizeof model_path, "%s.yaml", data_path);
    infer_profile p;
    diag_list dl;
    diag_init(&dl);
    CU_ASSERT_FATAL(infer_profile_file(data_path, &p, &dl) == THRIVE_OK);
    FILE *out = fopen(model_path, "w");
    CU_ASSERT_FATAL(out != NULL);
    draft_options o = {.data_file = data_path, .model_file = model_path, .version = "test"};
    CU_ASSERT(draft_write(&p, &o, out) == THRIVE_OK);
    fclose(out);

    model *m = model_load(model_path, &dl);
    CU_ASSERT_FATAL(m != NULL);
    model_resolve(m, &dl);
    if (dl.n_errors)
        diag_print(&dl, stderr);
    CU_ASSERT_EQUAL(dl.n_errors, 0);
    results r = {.m = m};
    cases_options copt = {0};
    CU_ASSERT_EQUAL(cases_read(data_path, m, &copt, ignore_row, NULL, &r, &dl), THRIVE_OK);
    CU_ASSERT_EQUAL(r.rows_rejected, expect_rejected);
    CU_ASSERT_EQUAL(r.dq.blank_records, p.blank.count); /* not rows: never rejected */
    /* each rejection is at a line the draft listed */
    for (size_t i = 0; i < r.n_rejections; i++) {
        bool listed = false;
        for (long long k = 0; k < p.ragged.count && k < INFER_LINES_KEPT; k++)
            listed |= p.ragged.lines[k] == r.rejections[i].line;
        for (size_t c = 0; c < p.n_columns; c++) {
            const infer_lines *l = p.columns[c].misfits;
            for (long long k = 0; !p.columns[c].unusable && k < l->count && k < INFER_LINES_KEPT;
                 k++)
                listed |= l->lines[k] == r.rejections[i].line;
        }
        CU_ASSERT(listed);
    }
    results_free(&r);
    model_free(m);
    diag_free(&dl);
    infer_profile_free(&p);
}

static void test_round_trip(void)
{
    /* nothing to reject */
    check_round_trip("clean.csv", "id,n,d\n1,5,2010-01-01\n2,6,02/01/2010\n", 0);
    /* a record of empty cells is not a row, even when a field is required */
    check_round_trip("blank.csv", "id,n\n1,5\n,\n2,6\n", 0);
    /* a misfit, a ragged row, an enum value that needs quoting, an
     * unusable name, a personal column and a quoted newline */
    char csv[16384];
    size_t len = (size_t)sprintf(csv, "\xEF\xBB\xBF"
                                      "case_id,Full Name,postcode,n,kind,when,note\n");
    for (int i = 0; i < 120; i++)
        len += (size_t)sprintf(csv + len, "C%d,Person %d,TH%d 1AB,%s,%s,%s,\"a\nb\"\n", i, i, i % 7,
                               i == 17 ? "seven" : "7", i % 2 ? "\"yes \"\"maybe\"\"\"" : "no",
                               i == 50 ? "31/02/2010" : "2010-03-01");
    len += (size_t)sprintf(csv + len, "C999,x\n");
    check_round_trip("mixed.csv", csv, 3); /* n on row 17, when on row 50, the ragged row */
}

int main(void)
{
    static const CU_TestInfo tests[] = {
        {"each type, with its range", test_types},
        {"a type fits when nearly all cells do; misfits listed", test_nearly_all},
        {"one typo in a small file keeps the type", test_one_typo_small_file},
        {"enum only for a few repeated values", test_enum_limits},
        {"an empty column", test_empty_column},
        {"a byte-order mark", test_bom},
        {"quoted newlines and line numbers", test_quoted_newlines},
        {"ragged rows and blank records", test_ragged_and_blank},
        {"header names that cannot be fields", test_unusable_names},
        {"files that are not CSV", test_not_csv},
        {"names that suggest personal data", test_personal_names},
        {"personal fields: no values, no range", test_personal_fields},
        {"the id candidate", test_id_choice},
        {"the model id from the file name", test_model_id},
        {"the draft loads; the check rejects exactly the rows listed", test_round_trip},
        CU_TEST_INFO_NULL,
    };
    cunit_tap_add("infer", tests);
    return cunit_tap_run();
}
