/* scan_parse.c - thrive's own CSV scanner (src/scan.c) alone, the peer of
 * csv_parse.c: the same file read in 128 KiB blocks as src/cases.c reads
 * it, records and cells found and rewritten in place, counted, nothing
 * else (no SHA-256, no UTF-8 check, no checks of the cells).
 *
 *   cc -O2 -Isrc -o scan_parse bench/scan_parse.c src/scan.c
 *   ./scan_parse FILE.csv      -> "RECORDS records, FIELDS fields, BYTES bytes of cells"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_file.h"
#include "scan.h"

#define READ_SIZE (128 * 1024)

int main(int argc, char **argv)
{
    FILE *fp = bench_open(argc, argv);
    char *buf = NULL;
    size_t carry = 0;
    unsigned long long records = 0, fields = 0, bytes = 0;
    scan_out out = {0};
    scan_state at = {.delim = ',', .line = 1};
    for (;;) {
        size_t want = carry > READ_SIZE ? carry : READ_SIZE;
        char *grown = realloc(buf, carry + want + 1);
        if (!grown)
            return 1;
        buf = grown;
        size_t got = fread(buf + carry, 1, want, fp), n = carry + got;
        at.pos = 0;
        scan_status st = scan_block(buf, n, got == 0, &at, &out);
        if (st != SCAN_OK) {
            fprintf(stderr, "%s: %s\n", argv[1], st == SCAN_NOMEM ? "out of memory" : "not CSV");
            return 1;
        }
        records += out.n_recs;
        fields += out.n_cells;
        for (size_t i = 0; i < out.n_cells; i++)
            bytes += out.lengths[i];
        scan_out_clear(&out);
        if (got == 0)
            break;
        carry = n - at.pos;
        memmove(buf, buf + at.pos, carry);
    }
    free(buf);
    scan_out_free(&out);
    fclose(fp);
    bench_counts(records, fields, bytes);
    return 0;
}
