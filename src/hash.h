/* hash.h - SHA-256 (nettle) of input files, for provenance; FNV-1a of
 * strings, for hash tables. */
#ifndef THRIVE_HASH_H
#define THRIVE_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "error.h"

#define HASH_HEX_SIZE 65

/* Hex of a digest: OUT holds 2 * N + 1 characters. */
void hash_hex(const uint8_t *digest, size_t n, char *out);

/* SHA-256 of the raw bytes of FILE as hex into OUT.  THRIVE_OK, or
 * THRIVE_ERROR_DATA (NOMEM for ENOMEM) after a diag in DL saying why it
 * could not be read; OUT is then "". */
thrive_error hash_file_sha256(const char *file, char out[HASH_HEX_SIZE], diag_list *dl);

/* 64-bit FNV-1a of the LEN bytes at S: quick, well spread in its low bits
 * for short keys (a table of groups or ids masks them).  Not for anything
 * an adversary could collide on purpose. */
uint64_t hash_fnv1a(const void *s, size_t len);

#endif
