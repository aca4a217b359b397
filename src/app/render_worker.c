/*
 * render_worker.c - see render_worker.h.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/render_worker.h"
#include "core/xalloc.h"
#include "render/template_set.h"
#include "render/utf8.h"
#include "store/dict_codec.h"

/* One thread's own: the compiled templates and the dictionaries, one
 * per template set it rendered with (a run meets a handful). */
struct render_thread {
    struct render_worker *w;
    pthread_t thread;
    int started;
    struct letter letter;
    struct dict_codec *codec;
    struct pack_sample sets[32];
    size_t nsets;
};

struct render_worker {
    pthread_mutex_t lock;
    pthread_cond_t work, done;
    struct render_job *head, *tail; /* submitted, not yet taken */
    int stopping;
    int waiting;                    /* the run waits for a job */
    struct render_thread t[RENDER_THREADS_MAX];
    size_t nthreads;
    /* The run's own thread, when it would wait for a job: it renders
     * one still queued instead (render_worker_wait). */
    struct render_thread own;
};

void
render_job_init(struct render_job *j)
{
    memset(j, 0, sizeof(*j));
    j->arena = (struct arena)ARENA_INIT;
    j->err = (struct dun_err)DUN_ERR_INIT;
    sbuf_init(&j->subject, 0);
    sbuf_init(&j->packed_text, 0);
    sbuf_init(&j->packed_html, 0);
    sbuf_init(&j->packed_letter, 0);
    sbuf_init(&j->packed_inputs, 0);
}

void
render_job_release(struct render_job *j)
{
    arena_release(&j->arena);
    sbuf_release(&j->subject);
    sbuf_release(&j->packed_text);
    sbuf_release(&j->packed_html);
    sbuf_release(&j->packed_letter);
    sbuf_release(&j->packed_inputs);
}

static const char *
copy_str(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void
render_job_copy(struct render_job *j, const struct letter_input *in)
{
    struct arena *a = &j->arena;
    struct customer *cu;
    struct dun_decision *d;
    struct dun_item *items;

    arena_reset(a);
    j->in = *in;
    cu = arena_alloc(a, sizeof(*cu));
    *cu = *in->customer;
    cu->id = copy_str(a, cu->id);
    cu->name = copy_str(a, cu->name);
    cu->email = copy_str(a, cu->email);
    cu->phone = copy_str(a, cu->phone);
    cu->address = copy_str(a, cu->address);
    cu->city = copy_str(a, cu->city);
    cu->postal_code = copy_str(a, cu->postal_code);
    cu->country = copy_str(a, cu->country);
    cu->region = copy_str(a, cu->region);
    cu->language = copy_str(a, cu->language);
    cu->contact_name = copy_str(a, cu->contact_name);
    j->in.customer = cu;
    d = arena_alloc(a, sizeof(*d));
    *d = *in->d;
    d->in_message = arena_alloc(a, in->nitems ? in->nitems : 1);
    memcpy(d->in_message, in->d->in_message, in->nitems);
    j->in.d = d;
    items = arena_alloc(a, (in->nitems ? in->nitems : 1) * sizeof(*items));
    for (size_t i = 0; i < in->nitems; i++) {
        items[i] = in->items[i];
        items[i].number = copy_str(a, in->items[i].number);
    }
    j->in.items = items;
    if (in->broken_promise) {
        struct letter_promise *p = arena_alloc(a, sizeof(*p));

        *p = *in->broken_promise;
        j->in.broken_promise = p;
    }
    if (in->plan_missed) {
        struct letter_plan *p = arena_alloc(a, sizeof(*p));
        struct plan_installment *inst;
        const char **inv;

        *p = *in->plan_missed;
        inst = arena_alloc(a, (p->n ? p->n : 1) * sizeof(*inst));
        memcpy(inst, in->plan_missed->inst, p->n * sizeof(*inst));
        p->inst = inst;
        inv = arena_alloc(a, (p->ninvoices ? p->ninvoices : 1) *
                                 sizeof(*inv));
        for (size_t i = 0; i < p->ninvoices; i++)
            inv[i] = copy_str(a, in->plan_missed->invoices[i]);
        p->invoices = inv;
        j->in.plan_missed = p;
    }
    /* Stage, template and tone names are the policy's, the tenant is the
     * run's: both outlive the job. */
}

/* The codec's key for the set job j was rendered with: its place in
 * w->sets, building its sample dictionary the first time (*built 1: the
 * sample was rendered in w->letter, over the message). */
static int64_t
set_key(struct render_thread *w, const struct render_job *j, int *built)
{
    struct pack_sample *ps;

    *built = 0;
    for (size_t i = 0; i < w->nsets; i++)
        if (w->sets[i].set == j->set)
            return (int64_t)i + 1;
    if (w->nsets == sizeof(w->sets) / sizeof(w->sets[0]))
        return 0;
    ps = &w->sets[w->nsets++];
    pack_sample_build(ps, j->set, j->language, &j->in, &w->letter);
    dict_codec_add(w->codec, (int64_t)w->nsets, ps->bytes, ps->len);
    *built = 1;
    return (int64_t)w->nsets;
}

static int
copy_out(struct sbuf *to, const struct sbuf *from)
{
    sbuf_reset(to);
    return sbuf_add(to, from->buf, from->len);
}

/* Render and pack one job, in one of the worker's threads. */
static void
render(struct render_thread *w, struct render_job *j)
{
    struct letter *l = &w->letter;
    int64_t key;
    int built;

    j->rc = letter_render(&j->in, l, &j->err);
    if (j->rc < 0)
        return;
    memcpy(j->language, l->language, sizeof(j->language));
    j->set = l->set;
    if ((key = set_key(w, j, &built)) == 0) {
        j->rc = dun_err_set(&j->err, DUN_E_INTERNAL,
                            "render: more template sets than it keeps");
        return;
    }
    /* The set's first message in this thread: its sample was rendered
     * over it (with the same compiled templates and formats), so the
     * message again. */
    if (built && (j->rc = letter_render(&j->in, l, &j->err)) < 0)
        return;
    /* The bodies and data leave packed: only the subject goes as it is
     * (a column of its own). */
    if (copy_out(&j->subject, &l->subject) < 0) {
        j->rc = dun_err_set(&j->err, DUN_E_INTERNAL, "out of memory");
        return;
    }
    j->dict = &w->sets[key - 1];
    if (dict_codec_pack(w->codec, key, l->text.buf, l->text.len,
                        &j->packed_text, &j->err) < 0 ||
        dict_codec_pack(w->codec, key, l->html.buf, l->html.len,
                        &j->packed_html, &j->err) < 0 ||
        dict_codec_pack(w->codec, key, l->letter.buf, l->letter.len,
                        &j->packed_letter, &j->err) < 0 ||
        dict_codec_pack(w->codec, key, l->inputs.buf, l->inputs.len,
                        &j->packed_inputs, &j->err) < 0)
        j->rc = -1;
}

/* The next job nobody has taken, off the queue; NULL if there is none.
 * Under the lock. */
static struct render_job *
take(struct render_worker *w)
{
    struct render_job *j = w->head;

    if (j) {
        w->head = j->next;
        if (w->head == NULL)
            w->tail = NULL;
    }
    return j;
}

static void *
loop(void *arg)
{
    struct render_thread *t = arg;
    struct render_worker *w = t->w;

    pthread_mutex_lock(&w->lock);
    for (;;) {
        struct render_job *j;

        while (w->head == NULL && !w->stopping)
            pthread_cond_wait(&w->work, &w->lock);
        if ((j = take(w)) == NULL)
            break;
        pthread_mutex_unlock(&w->lock);
        render(t, j);
        pthread_mutex_lock(&w->lock);
        j->done = 1;
        /* Wake the run only when it waits: most jobs are done before it
         * asks for them, and a wake-up per job costs a system call. */
        if (w->waiting)
            pthread_cond_broadcast(&w->done);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

static void
thread_init(struct render_thread *t, struct render_worker *w)
{
    t->w = w;
    letter_init(&t->letter);
    t->codec = dict_codec_new();
}

static void
thread_release(struct render_thread *t)
{
    dict_codec_free(t->codec);
    letter_release(&t->letter);
    for (size_t k = 0; k < t->nsets; k++)
        pack_sample_release(&t->sets[k]);
}

/* Free what render_worker_start made, once the threads are gone. */
static void
worker_free(struct render_worker *w)
{
    pthread_cond_destroy(&w->done);
    pthread_cond_destroy(&w->work);
    pthread_mutex_destroy(&w->lock);
    for (size_t i = 0; i < w->nthreads; i++)
        thread_release(&w->t[i]);
    thread_release(&w->own);
    free(w);
}

/* A thread for each core but one: the run's own thread decides and
 * writes, and renders too whenever it would otherwise wait
 * (render_worker_wait), so the cores are kept busy without more threads
 * than cores taking turns on them (bench/run_cycle.sh on 2 cores: a full
 * run 0.98 s with two threads, 0.90 s with one and the run's helping).
 * DUN_RENDER_THREADS (1..RENDER_THREADS_MAX) overrides it, for tests
 * that the number changes nothing and for measuring. */
static size_t
thread_count(void)
{
    const char *e = getenv("DUN_RENDER_THREADS");
    long n = e && *e ? strtol(e, NULL, 10)
                     : sysconf(_SC_NPROCESSORS_ONLN) - 1;

    if (n < 1)
        return 1;
    return n > RENDER_THREADS_MAX ? RENDER_THREADS_MAX : (size_t)n;
}

struct render_worker *
render_worker_start(void)
{
    struct render_worker *w = xcalloc(1, sizeof(*w));
    size_t n = thread_count();

    utf8_prepare(); /* the threads measure table cells */
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->work, NULL);
    pthread_cond_init(&w->done, NULL);
    thread_init(&w->own, w);
    for (size_t i = 0; i < n; i++) {
        struct render_thread *t = &w->t[i];

        thread_init(t, w);
        w->nthreads = i + 1;
        if (pthread_create(&t->thread, NULL, loop, t) != 0) {
            render_worker_stop(w);
            return NULL;
        }
        t->started = 1;
    }
    return w;
}

void
render_worker_submit(struct render_worker *w, struct render_job *j)
{
    pthread_mutex_lock(&w->lock);
    j->done = 0;
    j->next = NULL;
    if (w->tail)
        w->tail->next = j;
    else
        w->head = j;
    w->tail = j;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->lock);
}

void
render_worker_wait(struct render_worker *w, struct render_job *j)
{
    pthread_mutex_lock(&w->lock);
    while (!j->done) {
        struct render_job *q = take(w);

        /* Rather than sleep while jobs wait, the run's thread renders
         * the oldest of them (j itself, if no thread has taken it):
         * the cores stay busy without a thread more than they have. */
        if (q) {
            pthread_mutex_unlock(&w->lock);
            render(&w->own, q);
            pthread_mutex_lock(&w->lock);
            q->done = 1;
            continue;
        }
        w->waiting = 1;
        pthread_cond_wait(&w->done, &w->lock);
        w->waiting = 0;
    }
    pthread_mutex_unlock(&w->lock);
}

void
render_worker_stop(struct render_worker *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = 1;
    pthread_cond_broadcast(&w->work);
    pthread_mutex_unlock(&w->lock);
    for (size_t i = 0; i < w->nthreads; i++)
        if (w->t[i].started)
            pthread_join(w->t[i].thread, NULL);
    worker_free(w);
}
