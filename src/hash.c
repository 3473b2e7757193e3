/* hash.c - SHA-256 of files with nettle, FNV-1a of strings (see hash.h). */
#include "hash.h"

#include <nettle/sha2.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

void hash_hex(const uint8_t *digest, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 15];
    }
    out[2 * n] = '\0';
}

thrive_error hash_file_sha256(const char *file, char out[HASH_HEX_SIZE], diag_list *dl)
{
    out[0] = '\0';
    FILE *fp = fopen(file, "rb");
    if (!fp) {
        int e = errno;
        diag_error(dl, file, 0, 0, "cannot read the file for its SHA-256: %s", strerror(e));
        return thrive_error_from_errno(e, THRIVE_ERROR_DATA);
    }
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    uint8_t buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
        sha256_update(&ctx, got, buf);
    int e = ferror(fp) ? errno : 0;
    fclose(fp);
    if (e) {
        diag_error(dl, file, 0, 0, "cannot read the file for its SHA-256: %s", strerror(e));
        return thrive_error_from_errno(e, THRIVE_ERROR_DATA);
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    hash_hex(digest, sizeof digest, out);
    return THRIVE_OK;
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
