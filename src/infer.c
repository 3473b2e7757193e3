/* infer.c - profile the columns of a CSV file in one pass (see infer.h). */
#include "infer.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "cell.h"
#include "ids.h"

#define BLOCK_SIZE    (64 * 1024)
#define ID_CANDIDATES 2 /* the first column and the first id-like name */

typedef struct profiler {
    infer_profile *p;
    diag_list *dl;
    thrive_error status;
    long long line;     /* physical line being parsed (1-based) */
    long long rec_line; /* where the record being parsed started */
    bool header_done;
    /* the cells of the record being parsed */
    char **cells;
    size_t *lens;
    size_t n_cells, cap_cells;
    /* id candidates: column indexes and their hash spills */
    long cand[ID_CANDIDATES];
    ids *cand_ids[ID_CANDIDATES];
} profiler;

static void fail(profiler *pr, thrive_error e, long long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fail(profiler *pr, thrive_error e, long long line, const char *fmt, ...)
{
    if (pr->status != THRIVE_OK)
        return;
    pr->status = e;
    va_list ap;
    va_start(ap, fmt);
    diag_verror(pr->dl, pr->p->file, (int)line, 0, fmt, ap);
    va_end(ap);
}

static void note_line(infer_lines *l, long long line)
{
    if (l->count < INFER_LINES_KEPT)
        l->lines[l->count] = line;
    l->count++;
}

/* ---- names ---- */

/* Split NAME into lower-case words at anything but letters and digits,
 * between letters and digits, and at camelCase humps (DateOfBirth,
 * NHSNo).  Returns the number of words written into WORDS. */
static size_t split_words(const char *name, char words[][32], size_t max)
{
    size_t n = 0, len = 0;
    for (const char *s = name; *s; s++) {
        unsigned char c = (unsigned char)*s, prev = s > name ? (unsigned char)s[-1] : 0;
        unsigned char next = (unsigned char)s[1];
        bool alnum = isalnum(c) != 0;
        bool hump = len > 0 && alnum &&
                    ((isupper(c) && (islower(prev) || isdigit(prev))) ||
                     (isupper(c) && isupper(prev) && islower(next)) ||
                     (isdigit(c) != 0) != (isdigit(prev) != 0));
        if ((!alnum || hump) && len > 0) {
            words[n][len] = '\0';
            if (++n == max)
                return n;
            len = 0;
        }
        if (alnum && len < 31)
            words[n][len++] = (char)tolower(c);
    }
    if (len > 0)
        words[n++][len] = '\0';
    return n;
}

static bool word_in(const char *w, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(w, *set) == 0)
            return true;
    return false;
}

static bool any_word_in(char words[][32], size_t n, const char *const *set)
{
    for (size_t i = 0; i < n; i++)
        if (word_in(words[i], set))
            return true;
    return false;
}

/* The words run together, for names written as one word (firstname). */
static void joined(char words[][32], size_t n, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        strncat(out, words[i], size - strlen(out) - 1);
}

static bool contains_any(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (strstr(s, *set))
            return true;
    return false;
}

/* A name, unless the words before "name" say it names a place, a service
 * or an organisation (school_name, site_name): those are not personal. */
static bool person_name(char words[][32], size_t n, const char *all)
{
    static const char *const compounds[] = {
        "surname",    "forename",   "firstname",  "lastname",      "fullname", "givenname",
        "middlename", "maidenname", "familyname", "christianname", NULL};
    static const char *const not_people[] = {
        "school",      "site",     "centre",  "center",       "team",
        "project",     "service",  "org",     "organisation", "organization",
        "provider",    "course",   "scheme",  "programme",    "program",
        "area",        "ward",     "council", "authority",    "agency",
        "company",     "employer", "group",   "venue",        "file",
        "product",     "pilot",    "strand",  "region",       "district",
        "town",        "city",     "county",  "country",      "hospital",
        "practice",    "surgery",  "college", "nursery",      "setting",
        "office",      "branch",   "field",   "column",       "sheet",
        "partner_org", "model",    "outcome", "activity",     "benefit",
        NULL};
    static const char *const name_word[] = {"name", "names", NULL};
    if (contains_any(all, compounds))
        return true;
    if (n == 0 || !word_in(words[n - 1], name_word))
        return false;
    for (size_t i = 0; i + 1 < n; i++)
        if (word_in(words[i], not_people))
            return false;
    return true;
}

const char *infer_personal(const char *name)
{
    char words[16][32], all[256];
    size_t n = split_words(name, words, 16);
    joined(words, n, all, sizeof all);
    static const char *const number_words[] = {"number", "no", "num", "nr", NULL};
    bool numbered = any_word_in(words, n, number_words);
    static const char *const nhs[] = {"nhs", NULL};
    if (strstr(all, "nhsnumber") || strstr(all, "nhsno") ||
        (any_word_in(words, n, nhs) && (numbered || n == 1 || strcmp(words[n - 1], "id") == 0)))
        return "an NHS number";
    static const char *const ni[] = {"ni", "nin", NULL};
    static const char *const nino[] = {"nino", "nationalinsurance", NULL};
    if (contains_any(all, nino) || (any_word_in(words, n, ni) && numbered))
        return "a National Insurance number";
    static const char *const dob[] = {"dateofbirth", "birthdate", "birthday", "dob", NULL};
    static const char *const birth[] = {"birth", "dob", NULL};
    if (contains_any(all, dob) || any_word_in(words, n, birth))
        return "a date of birth";
    static const char *const postcode[] = {"postcode", "zipcode", "postalcode", NULL};
    static const char *const zip[] = {"zip", "postal", NULL};
    if (contains_any(all, postcode) || any_word_in(words, n, zip))
        return "a postcode";
    if (strstr(all, "email"))
        return "an email address";
    static const char *const phone[] = {"phone",    "telephone", "tel", "mobile",
                                        "landline", "fax",       NULL};
    if (strstr(all, "phone") || any_word_in(words, n, phone))
        return "a phone number";
    static const char *const address[] = {"address", "addr", "street", "addressline", NULL};
    if (strstr(all, "address") || any_word_in(words, n, address))
        return "an address";
    if (person_name(words, n, all))
        return "a person's name";
    return NULL;
}

bool infer_id_like(const char *name)
{
    char words[16][32];
    size_t n = split_words(name, words, 16);
    static const char *const id[] = {"id", "ref", "reference", "uid", "uuid", "key", "urn", NULL};
    return n > 0 && word_in(words[n - 1], id) && !infer_personal(name);
}

/* ---- the header ---- */

static bool read_header(profiler *pr)
{
    infer_profile *p = pr->p;
    p->n_columns = pr->n_cells;
    p->columns = calloc(pr->n_cells ? pr->n_cells : 1, sizeof *p->columns);
    if (!p->columns) {
        fail(pr, THRIVE_ERROR_NOMEM, 1, "out of memory");
        return false;
    }
    for (size_t c = 0; c < pr->n_cells; c++) {
        infer_column *col = &p->columns[c];
        col->name = strdup(pr->cells[c]);
        if (!col->name) {
            fail(pr, THRIVE_ERROR_NOMEM, 1, "out of memory");
            return false;
        }
        col->best_numeric = -1;
        col->lo[0] = col->lo[1] = col->lo[2] = 0;
        if (pr->lens[c] == 0)
            col->unusable = "its header cell is empty";
        else if (strlen(col->name) != pr->lens[c] || !field_name_valid(col->name))
            col->unusable = "a field name starts with a letter or '_' and has only letters, "
                            "digits and '_'";
        for (size_t e = 0; !col->unusable && e < c; e++)
            if (strcmp(p->columns[e].name, col->name) == 0) {
                col->unusable = "the header repeats its name";
                col->repeats = (long)e + 1;
                /* the data check refuses a declared name that is repeated */
                if (!p->columns[e].unusable) {
                    p->columns[e].unusable = "the header repeats its name";
                    p->columns[e].repeats = (long)c + 1;
                }
            }
    }
    /* The id candidates: the first usable column, and the first other one
     * whose name looks like an id. */
    pr->cand[0] = pr->cand[1] = -1;
    for (size_t c = 0; c < p->n_columns; c++) {
        if (p->columns[c].unusable)
            continue;
        if (pr->cand[0] < 0)
            pr->cand[0] = (long)c;
        else if (infer_id_like(p->columns[c].name)) {
            pr->cand[1] = (long)c;
            break;
        }
    }
    for (size_t i = 0; i < ID_CANDIDATES; i++)
        if (pr->cand[i] >= 0 && !(pr->cand_ids[i] = ids_new())) {
            fail(pr, THRIVE_ERROR_NOMEM, 1, "out of memory");
            return false;
        }
    return true;
}

/* ---- the cells ---- */

static void note_value(infer_column *col, const char *s, size_t len, long long line)
{
    if (col->too_many_values)
        return;
    for (size_t i = 0; i < col->n_values; i++)
        if (strlen(col->values[i].text) == len && memcmp(col->values[i].text, s, len) == 0) {
            col->values[i].count++;
            return;
        }
    if (col->n_values == INFER_ENUM_MAX || len > INFER_VALUE_MAX) {
        col->too_many_values = true;
        return;
    }
    char *t = malloc(len + 1);
    if (!t) {
        col->too_many_values = true; /* text, rather than an enum short of a value */
        return;
    }
    memcpy(t, s, len);
    t[len] = '\0';
    col->values[col->n_values++] = (infer_value){t, 1, line};
}

static void keep_bound(infer_column *col, int as, double x, const char *s, size_t len)
{
    bool first = col->fit[as] == 1;
    bool lower = first || x < col->lo[as], higher = first || x > col->hi[as];
    if (lower)
        col->lo[as] = x;
    if (higher)
        col->hi[as] = x;
    if (as == INFER_AS_DATE)
        return;
    if (lower) {
        memcpy(col->lo_text[as], s, len);
        col->lo_text[as][len] = '\0';
    }
    if (higher) {
        memcpy(col->hi_text[as], s, len);
        col->hi_text[as][len] = '\0';
    }
}

static void profile_cell(infer_column *col, const char *s, size_t len, long long line)
{
    if (len == 0) {
        col->n_empty++;
        return;
    }
    col->n_present++;
    /* Valid text: what the check asks of a text cell, and no NUL byte. */
    static const field text = {.type = FIELD_TEXT};
    cell c;
    bool is_text = !memchr(s, '\0', len) && cell_check(&text, s, len, &c) == NULL;
    double x[3];
    bool ok[3] = {is_text && field_parse_integer(s, len, &x[0]),
                  is_text && field_parse_number(s, len, &x[1]),
                  is_text && field_parse_date(s, len, &x[2])};
    for (int as = 0; as < 3; as++) {
        if (!ok[as]) {
            note_line(&col->misfit[as], line);
            continue;
        }
        col->fit[as]++;
        keep_bound(col, as, x[as], s, len);
    }
    if (is_text) {
        col->fit[INFER_AS_TEXT]++;
        note_value(col, s, len, line);
    } else {
        note_line(&col->misfit[INFER_AS_TEXT], line);
    }
}

static void profile_record(profiler *pr)
{
    infer_profile *p = pr->p;
    bool blank = true;
    for (size_t c = 0; c < pr->n_cells && blank; c++)
        blank = pr->lens[c] == 0;
    p->rows++;
    if (blank) {
        note_line(&p->blank, pr->rec_line);
        return;
    }
    if (pr->n_cells != p->n_columns) {
        note_line(&p->ragged, pr->rec_line);
        return;
    }
    for (size_t c = 0; c < pr->n_cells; c++)
        profile_cell(&p->columns[c], pr->cells[c], pr->lens[c], pr->rec_line);
    for (size_t i = 0; i < ID_CANDIDATES; i++) {
        long c = pr->cand[i];
        if (c >= 0 && pr->lens[c] > 0)
            ids_note(pr->cand_ids[i], pr->cells[c], pr->lens[c]);
    }
}

/* libcsv callbacks: a field ended, a record ended. */
static void on_field(void *s, size_t len, void *data)
{
    profiler *pr = data;
    if (pr->status != THRIVE_OK)
        return;
    if (pr->n_cells == 0)
        pr->rec_line = cases_record_line(pr->line, s, len);
    if (pr->n_cells == pr->cap_cells) {
        size_t cap = pr->cap_cells ? pr->cap_cells * 2 : 64;
        char **cells = realloc(pr->cells, cap * sizeof *cells);
        if (cells)
            pr->cells = cells;
        size_t *lens = realloc(pr->lens, cap * sizeof *lens);
        if (lens)
            pr->lens = lens;
        if (!cells || !lens) {
            fail(pr, THRIVE_ERROR_NOMEM, pr->line, "out of memory");
            return;
        }
        for (size_t i = pr->cap_cells; i < cap; i++)
            pr->cells[i] = NULL;
        pr->cap_cells = cap;
    }
    /* libcsv reuses its buffer: copy the cell until the record ends */
    char *copy = realloc(pr->cells[pr->n_cells], len + 1);
    if (!copy) {
        fail(pr, THRIVE_ERROR_NOMEM, pr->line, "out of memory");
        return;
    }
    memcpy(copy, s, len);
    copy[len] = '\0';
    pr->cells[pr->n_cells] = copy;
    pr->lens[pr->n_cells++] = len;
}

static void on_record(int terminator, void *data)
{
    profiler *pr = data;
    (void)terminator;
    if (pr->status != THRIVE_OK)
        return;
    if (pr->n_cells == 0)
        pr->rec_line = pr->line;
    if (!pr->header_done) {
        pr->header_done = true;
        read_header(pr);
    } else {
        profile_record(pr);
    }
    pr->n_cells = 0;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0; /* cells are taken exactly as written: never trim */
}

/* ---- the pass ---- */

/* Feed FP to libcsv one physical line at a time, so that records carry
 * their line numbers (as the case-data check counts them). */
static void parse(profiler *pr, FILE *fp)
{
    char *block = malloc(BLOCK_SIZE);
    struct csv_parser csv;
    if (!block || csv_init(&csv, CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(block);
        fail(pr, THRIVE_ERROR_NOMEM, 0, "out of memory");
        return;
    }
    csv_set_space_func(&csv, no_space);
    csv_set_blk_size(&csv, BLOCK_SIZE);
    bool first = true;
    size_t got;
    while (pr->status == THRIVE_OK && (got = fread(block, 1, BLOCK_SIZE, fp)) > 0) {
        size_t pos = 0;
        if (first) {
            first = false;
            if (got >= 3 && memcmp(block, "\xEF\xBB\xBF", 3) == 0)
                pos = 3; /* a byte-order mark is not part of the first name */
            if (memchr(block, '\0', got)) {
                fail(pr, THRIVE_ERROR_DATA, 0,
                     "not a CSV file: it contains binary data (a NUL byte); export the case "
                     "data as CSV");
                break;
            }
        }
        while (pos < got && pr->status == THRIVE_OK) {
            const char *nl = memchr(block + pos, '\n', got - pos);
            size_t end = nl ? (size_t)(nl - block) + 1 : got;
            if (csv_parse(&csv, block + pos, end - pos, on_field, on_record, pr) != end - pos)
                fail(pr, THRIVE_ERROR_DATA, pr->line, "not valid CSV: %s",
                     csv_strerror(csv_error(&csv)));
            if (nl)
                pr->line++;
            pos = end;
        }
    }
    if (pr->status == THRIVE_OK && ferror(fp))
        fail(pr, THRIVE_ERROR_DATA, 0, "cannot read the case data: %s", strerror(errno));
    if (pr->status == THRIVE_OK) {
        long long open_line = pr->line;
        for (size_t i = 0; i < csv.entry_pos; i++)
            open_line -= csv.entry_buf[i] == '\n';
        csv_set_opts(&csv, (unsigned char)(csv_get_opts(&csv) | CSV_STRICT));
        if (csv_fini(&csv, on_field, on_record, pr) != 0)
            fail(pr, THRIVE_ERROR_DATA, open_line,
                 "not valid CSV: a quoted field that starts here is never closed");
    }
    if (pr->status == THRIVE_OK && !pr->header_done)
        fail(pr, THRIVE_ERROR_DATA, 1,
             "the file is empty: expected a header row naming the columns");
    csv_free(&csv);
    free(block);
}

/* The type a column should declare: the numeric type (integer, number or
 * date) that most cells fit, when nearly all do; else an enum when a few
 * values repeat (never for a personal column: its values would be written
 * into the model); else text. */
/* FIT of PRESENT non-empty cells parse as a type: enough to choose it.  In
 * a small file one typo is a larger share than INFER_FIT_PERCENT allows,
 * so from INFER_FIT_ONE_MISS cells on, one misfit is allowed whatever the
 * share: it is listed as a row to be rejected, not a reason to call the
 * column text. */
static bool fits(long long fit, long long present)
{
    return fit * 100 >= present * INFER_FIT_PERCENT ||
           (present >= INFER_FIT_ONE_MISS && present - fit <= 1);
}

static void conclude_column(infer_column *col, long long rows)
{
    col->personal = col->unusable ? NULL : infer_personal(col->name);
    col->required = rows > 0 && col->n_empty == 0;
    col->type = FIELD_TEXT;
    col->misfits = &col->misfit[INFER_AS_TEXT];
    if (col->n_present == 0)
        return;
    long long best_fit = 0;
    if (col->fit[INFER_AS_NUMBER] > 0) {
        col->best_numeric = col->fit[INFER_AS_INTEGER] == col->fit[INFER_AS_NUMBER]
                                ? INFER_AS_INTEGER
                                : INFER_AS_NUMBER;
        best_fit = col->fit[INFER_AS_NUMBER];
    }
    if (col->fit[INFER_AS_DATE] > best_fit) {
        col->best_numeric = INFER_AS_DATE;
        best_fit = col->fit[INFER_AS_DATE];
    }
    if (col->best_numeric >= 0 && fits(best_fit, col->n_present)) {
        static const field_type types[] = {FIELD_INTEGER, FIELD_NUMBER, FIELD_DATE};
        col->type = types[col->best_numeric];
        col->misfits = &col->misfit[col->best_numeric];
        return;
    }
    if (!col->too_many_values && !col->personal && col->n_values > 0 &&
        col->n_present >= 2 * (long long)col->n_values)
        col->type = FIELD_ENUM;
}

/* The id: a candidate never empty and never repeated, the id-like name
 * first; else the id-like name, else the first column (duplicates will be
 * rejected, and the draft says so). */
static void choose_id(profiler *pr)
{
    infer_profile *p = pr->p;
    bool unique[ID_CANDIDATES] = {false};
    for (size_t i = 0; i < ID_CANDIDATES; i++) {
        if (pr->cand[i] < 0)
            continue;
        ids_scan_done(pr->cand_ids[i]);
        const infer_column *col = &p->columns[pr->cand[i]];
        unique[i] = col->n_present > 0 && col->n_empty == 0 && ids_all_unique(pr->cand_ids[i]);
    }
    for (size_t i = ID_CANDIDATES; i-- > 0;)
        if (unique[i]) {
            p->id_column = pr->cand[i];
            p->id_unique = true;
            return;
        }
    p->id_column = pr->cand[1] >= 0 ? pr->cand[1] : pr->cand[0];
}

thrive_error infer_profile_file(const char *file, infer_profile *p, diag_list *dl)
{
    memset(p, 0, sizeof *p);
    p->id_column = p->date_column = -1;
    p->file = strdup(file);
    profiler pr = {.p = p, .dl = dl, .line = 1, .cand = {-1, -1}};
    if (!p->file)
        return THRIVE_ERROR_NOMEM;
    FILE *fp = fopen(file, "rb");
    if (!fp) {
        fail(&pr, THRIVE_ERROR_DATA, 0, "cannot read the case data: %s", strerror(errno));
        return pr.status;
    }
    parse(&pr, fp);
    fclose(fp);
    for (size_t c = 0; c < pr.cap_cells; c++)
        free(pr.cells[c]);
    free(pr.cells);
    free(pr.lens);
    if (pr.status == THRIVE_OK) {
        long long rows = p->rows - p->ragged.count - p->blank.count;
        for (size_t c = 0; c < p->n_columns; c++)
            conclude_column(&p->columns[c], rows);
        if (pr.cand[0] < 0)
            fail(&pr, THRIVE_ERROR_DATA, 1,
                 "no column can be declared as a field: name the columns in the header row "
                 "with letters, digits and '_' (starting with a letter)");
        else
            choose_id(&pr);
        for (size_t c = 0; c < p->n_columns && p->date_column < 0; c++)
            if (!p->columns[c].unusable && !p->columns[c].personal &&
                p->columns[c].type == FIELD_DATE)
                p->date_column = (long)c;
    }
    for (size_t i = 0; i < ID_CANDIDATES; i++)
        ids_free(pr.cand_ids[i]);
    return pr.status;
}

void infer_profile_free(infer_profile *p)
{
    for (size_t c = 0; c < p->n_columns; c++) {
        free(p->columns[c].name);
        for (size_t v = 0; v < p->columns[c].n_values; v++)
            free(p->columns[c].values[v].text);
    }
    free(p->columns);
    free(p->file);
    memset(p, 0, sizeof *p);
}
