/*
 * body_codec.c - zstd with template-set dictionaries; see body_codec.h.
 */
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "core/xalloc.h"
#include "store/body_codec.h"

/* Fast over small: bodies are a few KB and a run packs thousands. With
 * the dictionary, level -1 keeps a one-invoice reminder (text and HTML)
 * at ~700 bytes, level 1 at ~620, but packs it ~25% faster. */
#define LEVEL (-1)

struct dict {
    int64_t id;
    ZSTD_CDict *cdict;
    ZSTD_DDict *ddict;
};

struct body_codec {
    ZSTD_CCtx *cctx;
    ZSTD_DCtx *dctx;
    struct dict *v;
    size_t n, cap;
};

struct body_codec *
body_codec_new(void)
{
    struct body_codec *c = xcalloc(1, sizeof(*c));

    c->cctx = ZSTD_createCCtx();
    c->dctx = ZSTD_createDCtx();
    if (c->cctx == NULL || c->dctx == NULL)
        xalloc_oom(0);
    /* A checksum in each frame: a body unpacked with the wrong dictionary
     * or from damaged bytes is refused, never returned as garbage. */
    ZSTD_CCtx_setParameter(c->cctx, ZSTD_c_checksumFlag, 1);
    return c;
}

void
body_codec_free(struct body_codec *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++) {
        ZSTD_freeCDict(c->v[i].cdict);
        ZSTD_freeDDict(c->v[i].ddict);
    }
    free(c->v);
    ZSTD_freeCCtx(c->cctx);
    ZSTD_freeDCtx(c->dctx);
    free(c);
}

static struct dict *
find(const struct body_codec *c, int64_t id)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].id == id)
            return &c->v[i];
    return NULL;
}

int
body_codec_has(const struct body_codec *c, int64_t id)
{
    return find(c, id) != NULL;
}

void
body_codec_add(struct body_codec *c, int64_t id, const void *source,
               size_t len)
{
    struct dict d = { id, NULL, NULL };

    if (find(c, id) != NULL)
        return;
    /* A source never starts with zstd's dictionary magic ("dun-
     * templates"), so both sides take it as raw content. */
    d.cdict = ZSTD_createCDict(source, len, LEVEL);
    d.ddict = ZSTD_createDDict(source, len);
    if (d.cdict == NULL || d.ddict == NULL)
        xalloc_oom(0);
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
    }
    c->v[c->n++] = d;
}

static int
no_dict(struct dun_err *err, int64_t id)
{
    return dun_err_set(err, DUN_E_INTERNAL, "template set %lld not loaded",
                       (long long)id);
}

int
body_codec_pack(struct body_codec *c, int64_t id, const char *text,
                size_t n, struct sbuf *out, struct dun_err *err)
{
    struct dict *d = find(c, id);
    size_t bound = ZSTD_compressBound(n), z;

    sbuf_reset(out);
    if (n == 0)
        return 0;
    if (d == NULL)
        return no_dict(err, id);
    if (n > BODY_CODEC_MAX)
        return dun_err_set(err, DUN_E_INPUT, "message body of %zu bytes "
                           "is too large", n);
    if (sbuf_reserve(out, bound) < 0)
        return dun_err_set(err, DUN_E_INTERNAL, "out of memory");
    ZSTD_CCtx_refCDict(c->cctx, d->cdict);
    z = ZSTD_compress2(c->cctx, out->buf, bound, text, n);
    if (ZSTD_isError(z))
        return dun_err_set(err, DUN_E_INTERNAL, "compress: %s",
                           ZSTD_getErrorName(z));
    out->len = z;
    return 0;
}

int
body_codec_unpack(struct body_codec *c, int64_t id, const void *packed,
                  size_t n, struct sbuf *out, struct dun_err *err)
{
    struct dict *d = find(c, id);
    unsigned long long size;
    size_t got;

    sbuf_reset(out);
    if (n == 0)
        return 0;
    if (d == NULL)
        return no_dict(err, id);
    size = ZSTD_getFrameContentSize(packed, n);
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
        size > BODY_CODEC_MAX)
        return dun_err_set(err, DUN_E_INPUT, "stored message body is not "
                           "a frame of at most %u bytes", BODY_CODEC_MAX);
    if (sbuf_reserve(out, (size_t)size) < 0)
        return dun_err_set(err, DUN_E_INTERNAL, "out of memory");
    got = ZSTD_decompress_usingDDict(c->dctx, out->buf, (size_t)size + 1,
                                     packed, n, d->ddict);
    if (ZSTD_isError(got) || got != size) {
        sbuf_reset(out);
        return dun_err_set(err, DUN_E_INPUT, "stored message body does not "
                           "unpack: %s", ZSTD_isError(got)
                               ? ZSTD_getErrorName(got) : "wrong size");
    }
    out->len = got;
    out->buf[got] = '\0';
    return 0;
}
