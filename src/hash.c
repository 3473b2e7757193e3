/* hash.c - SHA-256 of files with nettle, FNV-1a of strings (see hash.h). */
#include "hash.h"

#include <nettle/sha2.h>
#include <stdio.h>

void hash_hex(const uint8_t *digest, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 15];
    }
    out[2 * n] = '\0';
}

int hash_file_sha256(const char *file, char out[HASH_HEX_SIZE])
{
    FILE *fp = fopen(file, "rb");
    if (!fp)
        return -1;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    uint8_t buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
        sha256_update(&ctx, got, buf);
    int rc = ferror(fp) ? -1 : 0;
    fclose(fp);
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    hash_hex(digest, sizeof digest, out);
    return rc;
}

uint64_t hash_fnv1a(const void *s, size_t len)
{
    const unsigned char *p = s;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}
