/* csv_parse.c - the "bare CSV parse" peer of the timing run.
 *
 * Parses a CSV file with libcsv, the library thrive uses, with the same
 * options (CSV_STRICT_FINI | CSV_APPEND_NULL, no space trimming) and the
 * same 64 KiB reads, and counts fields and records: nothing else.  It is
 * the floor that `thrive evaluate` is measured against.
 *
 *   cc -O2 -o csv_parse bench/csv_parse.c -lcsv
 *   ./csv_parse FILE.csv      -> "RECORDS records, FIELDS fields"
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_file.h"

typedef struct counts {
    unsigned long long fields, records, bytes;
} counts;

static void on_field(void *s, size_t len, void *data)
{
    counts *c = data;
    (void)s;
    c->fields++;
    c->bytes += len;
}

static void on_record(int terminator, void *data)
{
    counts *c = data;
    (void)terminator;
    c->records++;
}

static int no_space(unsigned char ch)
{
    (void)ch;
    return 0;
}

int main(int argc, char **argv)
{
    FILE *fp = bench_open(argc, argv);
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return 1;
    csv_set_space_func(&p, no_space);
    static char buf[64 * 1024];
    counts c = {0, 0, 0};
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
        if (csv_parse(&p, buf, got, on_field, on_record, &c) != got) {
            fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            return 1;
        }
    if (csv_fini(&p, on_field, on_record, &c) != 0) {
        fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
        return 1;
    }
    csv_free(&p);
    fclose(fp);
    bench_counts(c.records, c.fields, c.bytes);
    return 0;
}
