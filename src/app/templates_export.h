/*
 * templates_export.h - the message templates in force (app/templates.h:
 * the latest version loaded, else the built-in ones) written out as
 * files (DIR/LANG/NAME.PART.mustache, partials _NAME.mustache): every
 * language, every stage, the partials; the starting point for a
 * business's own (docs/templates.md), and what 'dun templates load'
 * reads back.
 */
#ifndef DUN_APP_TEMPLATES_EXPORT_H
#define DUN_APP_TEMPLATES_EXPORT_H

#include <stdint.h>

#include "app/app.h"
#include "core/err.h"

/* Write every template in force for app (NULL, or not open on a
 * database: the built-in ones) under dir (created, 0700, with a
 * directory per language), each file whole (io/textfile.h). *written
 * counts the files written, also on failure. -1 with err naming the
 * file or directory that could not be written. */
int templates_export(struct app *app, const char *dir, int64_t *written,
                     struct dun_err *err);

#endif
