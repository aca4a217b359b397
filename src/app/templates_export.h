/*
 * templates_export.h - the built-in message templates written out as
 * files (DIR/LANG/NAME.PART.mustache, partials _NAME.mustache): every
 * language, every stage, the partials; the starting point for a
 * business's own (docs/templates.md).
 */
#ifndef DUN_APP_TEMPLATES_EXPORT_H
#define DUN_APP_TEMPLATES_EXPORT_H

#include <stdint.h>

#include "core/err.h"

/* Write every built-in template under dir (created, 0700, with a
 * directory per language), each file whole (io/textfile.h). *written
 * counts the files written, also on failure. -1 with err naming the
 * file or directory that could not be written. */
int templates_export(const char *dir, int64_t *written, struct dun_err *err);

#endif
