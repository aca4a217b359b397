/*
 * render_worker.h - threads that render a run's messages and pack
 * their bodies, while the run's own thread decides and writes.
 *
 * Rendering (the template data, Mustache) and packing (LZ4 with a
 * sample of the template set as dictionary, app/pack_sample.h) are most
 * of a full run's work and touch
 * no database, so the other cores can do them: a thread for each core
 * but one (DUN_RENDER_THREADS overrides), each with its own compiled
 * templates. Jobs are taken in the order they were submitted, by
 * whichever thread is free, the run's own included: while it waits for a
 * job it renders the next one queued. The run waits for each in the
 * order submitted, so what is written, and in what order, is the same as
 * if it had rendered them itself. A job owns copies of everything it
 * renders from: the run's buffers move on to the next customer while it
 * waits.
 */
#ifndef DUN_APP_RENDER_WORKER_H
#define DUN_APP_RENDER_WORKER_H

#include <stddef.h>

#include "app/letters.h"
#include "app/pack_sample.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/sbuf.h"

struct render_job {
    /* In: the input and what it points to, copied into arena by
     * render_job_copy (the tenant is the run's: read-only meanwhile). */
    struct letter_input in;
    struct arena arena;
    /* Out, once done. rc -1: err says why the customer's data could not
     * be rendered. */
    int rc;
    struct dun_err err;
    char language[3];
    const struct template_set *set; /* the worker's; read-only, lives as
                                       long as the worker */
    struct sbuf subject;
    /* The bodies as the outbox keeps them (store_packed): the e-mail's
     * text and HTML, the letter's text, each packed with dict (the
     * worker's; read-only, lives as long as the worker). */
    struct sbuf packed_text, packed_html, packed_letter;
    struct sbuf packed_inputs; /* the data, packed alike */
    const struct pack_sample *dict;
    int done;       /* under the worker's lock */
    struct render_job *next;
};

void render_job_init(struct render_job *j);
void render_job_release(struct render_job *j);
/* Copy in and everything it points to into j (reset first). */
void render_job_copy(struct render_job *j, const struct letter_input *in);

struct render_worker;

#define RENDER_THREADS_MAX 8

/* Start the threads; NULL if the system refuses one. */
struct render_worker *render_worker_start(void);
/* Queue j (the worker renders it when the ones before it are done). */
void render_worker_submit(struct render_worker *w, struct render_job *j);
/* Wait until j is done, rendering jobs still queued (j first, if no
 * thread has taken it) meanwhile. Only the thread that submits. */
void render_worker_wait(struct render_worker *w, struct render_job *j);
/* Stop the threads once the queue is empty, and free w. */
void render_worker_stop(struct render_worker *w);

#endif
