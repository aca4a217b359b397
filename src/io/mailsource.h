/*
 * mailsource.h - the e-mail messages stored at a path, one at a time: a
 * Maildir, an mbox file or a file holding one message (.eml).
 *
 * Reads only; never moves, flags or deletes a message. Holds one message
 * (and, for an mbox, a read buffer) in memory at a time, whatever the
 * size of the mailbox. No global state; scans are independent.
 */
#ifndef DUN_IO_MAILSOURCE_H
#define DUN_IO_MAILSOURCE_H

#include <stddef.h>

#include "core/err.h"

/* A bigger message is an error (the same cap as DSN_MAX_SIZE). */
#define MAIL_MAX_MESSAGE (64u << 20)
/* Files in a Maildir's new/ and cur/ together; more are an error. */
#define MAIL_MAX_FILES 1000000

/*
 * Called once per message, in order. where names it: the Maildir file's
 * path ("PATH/cur/NAME"), "PATH:N" for the Nth message (from 1) of an
 * mbox, or PATH for a single message. msg[0..len) is the message, its
 * line ends as stored (msg[len] is a NUL, for convenience); where and
 * msg are valid during the call only. Returns 0 to go on, or -1 with err
 * set to stop the scan.
 */
typedef int mail_source_cb(void *ctx, const char *where, const char *msg,
                           size_t len, struct dun_err *err);

/*
 * Hand each message at path to cb. What path is decides how it is read:
 *
 * - A directory is a Maildir: the files in its new/ and cur/ (tmp/ holds
 *   messages still being delivered), in order of file name (Maildir names
 *   start with the time of delivery), a name in both in new/ first. Names
 *   starting with '.' are skipped, and so is anything that is not a
 *   regular file, symbolic links included, so that a link cannot lead the
 *   scan out of the Maildir; new/ or cur/ itself being a link counts as
 *   absent. A file removed or moved (new/ to cur/, by a mail reader)
 *   between the listing and its reading is skipped.
 * - A file starting with "From " is an mbox: each message begins with a
 *   "From " line at the start of the file or after an empty line; that
 *   line is not part of the message, nor is the empty line before the
 *   next one. ">From " quoting is undone as mboxrd writes it: one '>' is
 *   taken off any line that is '>'s and then "From ".
 * - Any other file is one message, as it is.
 *
 * Returns 0 once every message went to cb; -1 when cb returned -1 (err
 * as cb left it) or on a failure of its own, which names the file:
 * DUN_E_IO "PATH: cannot read: WHY", DUN_E_INPUT "PATH: not a Maildir:
 * no new/ or cur/ directory", "PATH: message larger than N bytes" (for
 * an mbox "PATH:N: ..."), "PATH: more than N files". Messages before the
 * failure have been handed on.
 */
int mail_source_scan(const char *path, mail_source_cb *cb, void *ctx,
                     struct dun_err *err);

#endif
