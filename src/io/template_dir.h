/*
 * template_dir.h - read a directory of template files as
 * 'dun templates export' writes it (DIR/LANG/NAME.PART.mustache): every
 * entry, in byte order, for the caller to check by name.
 */
#ifndef DUN_IO_TEMPLATE_DIR_H
#define DUN_IO_TEMPLATE_DIR_H

#include <stddef.h>

#include "core/err.h"

/*
 * One entry: rel is its path under the directory ("de/notice.text
 * .mustache"), path the whole path ("DIR/de/notice.text.mustache").
 * For a file that was read, text (NUL-terminated, borrowed for the call)
 * and len; else text NULL and why says why it was not read: "a directory"
 * (a directory inside a language's), "not in a language's directory" (a
 * file directly under DIR), "not a regular file", or the read's failure
 * ("larger than N bytes", "cannot open: WHY"). Return -1 with err to
 * stop.
 */
typedef int template_dir_cb(void *ctx, const char *rel, const char *path,
                            const char *text, size_t len, const char *why,
                            struct dun_err *err);

/* Call cb for each entry of dir's directories (and each thing beside
 * them), names in byte order, reading files of at most max bytes. -1
 * with err "DIR: cannot open: WHY" if dir cannot be read, or cb's. */
int template_dir_read(const char *dir, size_t max, template_dir_cb *cb,
                      void *ctx, struct dun_err *err);

#endif
