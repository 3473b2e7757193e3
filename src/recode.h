/* recode.h - case data in another encoding (--encoding), converted to
 * UTF-8 with iconv as it is read, block by block. */
#ifndef THRIVE_RECODE_H
#define THRIVE_RECODE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct recoder recoder;

/* A converter from ENCODING (any name iconv knows, e.g. WINDOWS-1252) to
 * UTF-8; NULL with errno set (EINVAL: iconv does not know ENCODING;
 * ENOMEM). */
recoder *recode_open(const char *encoding);

/* Whether iconv can convert from ENCODING. */
bool recode_known(const char *encoding);

/* Convert the next LEN bytes of the file at IN.  *OUT (owned by the
 * recoder, valid until the next call) gets the UTF-8 of every whole
 * character, *OUT_LEN bytes; a character cut at the end of IN waits for
 * the next call.  Returns 0; -1 when a byte is not a character of the
 * encoding (*OUT then holds what came before it); -2 out of memory. */
int recode_block(recoder *rc, const char *in, size_t len, const char **out, size_t *out_len);

/* Whether bytes of an unfinished character are left (at the end of the
 * file: an error). */
bool recode_pending(const recoder *rc);

void recode_close(recoder *rc);

#endif
