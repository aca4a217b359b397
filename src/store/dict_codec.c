/*
 * dict_codec.c - LZ4 frames with sample dictionaries; see dict_codec.h.
 */
#include <stdlib.h>
#include <string.h>

/* The dictionary calls are in liblz4's stable ABI (exported by
 * Debian's liblz4-1), declared under this guard. */
#define LZ4F_STATIC_LINKING_ONLY
#include <lz4frame.h>

#include "core/sha256.h"
#include "core/xalloc.h"
#include "store/dict_codec.h"

struct dict {
    int64_t id;
    void *bytes; /* the window LZ4 uses, for unpacking */
    size_t len;
    unsigned tag; /* the frames' dictID: names these bytes */
    LZ4F_CDict *cdict;
};

/* The first 32 bits of the bytes' SHA-256, never 0 (a frame's "no
 * dictionary"): a frame carries it, and a frame read with other bytes
 * is refused before it is decoded into garbage. */
static unsigned
tag_of(const void *bytes, size_t len)
{
    unsigned char d[SHA256_LEN];
    unsigned t;

    sha256(bytes, len, d);
    t = (unsigned)d[0] << 24 | (unsigned)d[1] << 16 | (unsigned)d[2] << 8 |
        d[3];
    return t ? t : 1;
}

struct dict_codec {
    LZ4F_cctx *cctx;
    LZ4F_dctx *dctx;
    struct dict *v;
    size_t n, cap;
};

struct dict_codec *
dict_codec_new(void)
{
    struct dict_codec *c = xcalloc(1, sizeof(*c));

    if (LZ4F_isError(LZ4F_createCompressionContext(&c->cctx,
                                                   LZ4F_VERSION)) ||
        LZ4F_isError(LZ4F_createDecompressionContext(&c->dctx,
                                                     LZ4F_VERSION)))
        xalloc_oom(0);
    return c;
}

void
dict_codec_free(struct dict_codec *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++) {
        LZ4F_freeCDict(c->v[i].cdict);
        free(c->v[i].bytes);
    }
    free(c->v);
    LZ4F_freeCompressionContext(c->cctx);
    LZ4F_freeDecompressionContext(c->dctx);
    free(c);
}

static struct dict *
find(const struct dict_codec *c, int64_t id)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].id == id)
            return &c->v[i];
    return NULL;
}

int
dict_codec_has(const struct dict_codec *c, int64_t id)
{
    return find(c, id) != NULL;
}

void
dict_codec_add(struct dict_codec *c, int64_t id, const void *dict,
               size_t len)
{
    struct dict d = { id, NULL, 0, 0, NULL };

    if (find(c, id) != NULL)
        return;
    /* Both sides must use the same bytes: the tail LZ4 can reach. */
    if (len > DICT_CODEC_WINDOW) {
        dict = (const char *)dict + (len - DICT_CODEC_WINDOW);
        len = DICT_CODEC_WINDOW;
    }
    d.len = len;
    d.bytes = xmalloc(len ? len : 1);
    memcpy(d.bytes, dict, len);
    d.tag = tag_of(d.bytes, len);
    if ((d.cdict = LZ4F_createCDict(d.bytes, len)) == NULL)
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
    return dun_err_set(err, DUN_E_INTERNAL, "pack dictionary %lld not "
                       "loaded", (long long)id);
}

int
dict_codec_pack(struct dict_codec *c, int64_t id, const char *text,
                size_t n, struct sbuf *out, struct dun_err *err)
{
    struct dict *d = find(c, id);
    LZ4F_preferences_t prefs;
    size_t bound, z;

    sbuf_reset(out);
    if (n == 0)
        return 0;
    if (d == NULL)
        return no_dict(err, id);
    if (n > DICT_CODEC_MAX)
        return dun_err_set(err, DUN_E_INPUT, "message body of %zu bytes "
                           "is too large", n);
    /* The size, so that unpacking allocates once and refuses a frame that
     * claims too much; the dictionary's tag, so that a frame read with
     * other bytes is refused; a checksum of each block, so that damaged
     * bytes are. (A checksum of the content would cost a third of the
     * packing and tell nothing more.) Independent blocks: linked ones
     * make LZ4 copy its history after every frame. */
    memset(&prefs, 0, sizeof(prefs));
    prefs.frameInfo.contentSize = n;
    prefs.frameInfo.dictID = d->tag;
    prefs.frameInfo.blockMode = LZ4F_blockIndependent;
    prefs.frameInfo.blockChecksumFlag = LZ4F_blockChecksumEnabled;
    bound = LZ4F_compressFrameBound(n, &prefs);
    if (sbuf_reserve(out, bound) < 0)
        return dun_err_set(err, DUN_E_INTERNAL, "out of memory");
    z = LZ4F_compressFrame_usingCDict(c->cctx, out->buf, bound, text, n,
                                      d->cdict, &prefs);
    if (LZ4F_isError(z))
        return dun_err_set(err, DUN_E_INTERNAL, "compress: %s",
                           LZ4F_getErrorName(z));
    out->len = z;
    return 0;
}

static int
not_a_frame(struct sbuf *out, struct dun_err *err, const char *why)
{
    sbuf_reset(out);
    return dun_err_set(err, DUN_E_INPUT, "stored message body does not "
                       "unpack: %s", why);
}

int
dict_codec_unpack(struct dict_codec *c, int64_t id, const void *packed,
                  size_t n, struct sbuf *out, struct dun_err *err)
{
    struct dict *d = find(c, id);
    LZ4F_frameInfo_t info;
    size_t head = n, rest, got, r;

    sbuf_reset(out);
    if (n == 0)
        return 0;
    if (d == NULL)
        return no_dict(err, id);
    LZ4F_resetDecompressionContext(c->dctx);
    r = LZ4F_getFrameInfo(c->dctx, &info, packed, &head);
    if (LZ4F_isError(r))
        return not_a_frame(out, err, LZ4F_getErrorName(r));
    if (info.contentSize == 0 || info.contentSize > DICT_CODEC_MAX)
        return dun_err_set(err, DUN_E_INPUT, "stored message body is not "
                           "a frame of at most %u bytes", DICT_CODEC_MAX);
    if (info.dictID != d->tag || info.blockChecksumFlag !=
                                     LZ4F_blockChecksumEnabled)
        return not_a_frame(out, err, info.dictID != d->tag
                                         ? "packed with another dictionary"
                                         : "blocks without checksums");
    if (sbuf_reserve(out, (size_t)info.contentSize) < 0)
        return dun_err_set(err, DUN_E_INTERNAL, "out of memory");
    got = (size_t)info.contentSize;
    rest = n - head;
    /* One call: the whole frame, its end and its checksums (r == 0),
     * every stored byte used, exactly the size it announced. */
    r = LZ4F_decompress_usingDict(c->dctx, out->buf, &got,
                                  (const char *)packed + head, &rest,
                                  d->bytes, d->len, NULL);
    if (LZ4F_isError(r))
        return not_a_frame(out, err, LZ4F_getErrorName(r));
    if (r != 0 || rest != n - head || got != info.contentSize)
        return not_a_frame(out, err, "truncated or trailing bytes");
    out->len = got;
    out->buf[got] = '\0';
    return 0;
}
