/* fuzz_scan.c - libFuzzer harness: the CSV scanner (src/scan.c) against
 * libcsv, its oracle (tests/scan_oracle.c).
 *
 * The first byte of the input picks the delimiter and the size of the
 * reads (1 to 4096 bytes, so that records cross buffers as they do in
 * src/cases.c); the rest is the CSV.  Any difference in the records, their
 * cells, their lines or the unclosed-quote error aborts.  Build with
 * tests/fuzz/build.sh; tests/fuzz/cases.dict is a good dictionary.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "scan_oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const char delims[] = {',', ';', '\t', '|', ' ', 'a', ',', ','};
    char delim = delims[data[0] & 7];
    size_t chunk = (size_t)1 << (data[0] >> 3 & 7); /* 1..128 */
    if (data[0] >> 6 == 3)
        chunk = 4096;
    const char *diff = scan_oracle_diff((const char *)data + 1, size - 1, delim, chunk);
    if (diff) {
        fprintf(stderr, "fuzz_scan: %s (delimiter %d, reads of %zu bytes)\n", diff, delim, chunk);
        abort();
    }
    return 0;
}
