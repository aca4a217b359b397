/*
 * evidence.h - proof that a message went out or arrived, attached by a
 * person: a certified, registered or courier letter's tracking
 * reference, or a receipt; with a scan of it, kept in the database with
 * its SHA-256. The customer's timeline shows each (app/timeline.h).
 *
 * Not thread-safe: one app per thread.
 */
#ifndef DUN_APP_EVIDENCE_H
#define DUN_APP_EVIDENCE_H

#include <stdint.h>

#include "app/app.h"
#include "core/err.h"

#define EVIDENCE_REF_MAX 200               /* bytes of a reference */
#define EVIDENCE_FILE_MAX (20 * 1024 * 1024) /* bytes of a scan */

struct evidence_added {
    int n;                       /* its number on the message */
    char sha256_hex[65];         /* of the file, "" without one */
    int64_t file_len;
};

/* Attach evidence of kind ("certified", "registered", "courier",
 * "receipt") with reference ref, and the file at path (NULL: none), to
 * message seq, at app->now by app->actor. DUN_E_INPUT for a kind not
 * known, a reference that is empty, too long or not plain text, a file
 * that cannot be read or is larger than EVIDENCE_FILE_MAX;
 * DUN_E_NOTFOUND for no such message. Nothing is stored then. */
int evidence_add(struct app *app, int64_t seq, const char *kind,
                 const char *ref, const char *path,
                 struct evidence_added *out, struct dun_err *err);

#endif
