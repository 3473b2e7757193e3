/* bench_file.h - what the two parse-only peers (csv_parse.c, scan_parse.c)
 * share: the one argument, opened, and the counts printed as run.sh reads
 * them. */
#ifndef BENCH_FILE_H
#define BENCH_FILE_H

#include <stdio.h>

/* The file named by the one argument, open for reading; exits otherwise. */
static FILE *bench_open(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.csv\n", argv[0]);
        exit(2);
    }
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) {
        perror(argv[1]);
        exit(1);
    }
    return fp;
}

static void bench_counts(unsigned long long records, unsigned long long fields,
                         unsigned long long bytes)
{
    printf("%llu records, %llu fields, %llu bytes of cells\n", records, fields, bytes);
}

#endif
