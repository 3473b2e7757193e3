/* words.c - names written in a model made readable (see words.h). */
#include "words.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

const char *humanize(char *buf, size_t n, const char *id)
{
    if (n == 0)
        return "";
    buf[0] = '\0'; /* always written: callers may use BUF rather than the result */
    if (!id)
        return buf;
    size_t o = 0;
    for (const char *p = id; *p && o + 1 < n; p++)
        buf[o++] = *p == '_' || *p == '-' ? ' ' : *p;
    buf[o] = '\0';
    if (o > 0)
        buf[0] = (char)toupper((unsigned char)buf[0]);
    return buf;
}

const char *model_agency_label(char *buf, size_t n, const char *agency)
{
    size_t len = strlen(agency);
    bool letters = len > 0 && len <= 4;
    for (size_t i = 0; letters && i < len; i++)
        letters = isalpha((unsigned char)agency[i]);
    if (!letters)
        return humanize(buf, n, agency);
    for (size_t i = 0; i <= len && i < n; i++)
        buf[i] = (char)toupper((unsigned char)agency[i]);
    buf[n - 1] = '\0';
    return buf;
}
