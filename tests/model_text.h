/* model_text.h - a logic model from YAML text, for the tests and the
 * fuzzers (the loader reads files: the text goes through a temporary one). */
#ifndef THRIVE_TEST_MODEL_TEXT_H
#define THRIVE_TEST_MODEL_TEXT_H

#include <stdbool.h>

#include "diag.h"
#include "model.h"

/* Write YAML to a temporary file (in TMPDIR) and load it; *DL is
 * initialised and receives the diags.  RESOLVE: also model_resolve.  NULL
 * when the file cannot be written or the model not loaded. */
model *model_from_text(const char *yaml, diag_list *dl, bool resolve);

/* Load and resolve YAML that must be a valid model: every diag is printed
 * on stderr, and NULL is returned if any is an error. */
model *model_from_text_ok(const char *yaml);

#endif
