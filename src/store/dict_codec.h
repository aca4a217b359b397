/*
 * dict_codec.h - message bodies packed against a sample of their own
 * kind, as a run stores them.
 *
 * body_codec.h packs a body against its template set's source: the
 * templates, with their tags between the words. A dictionary that also
 * holds a message rendered from that set (its plain text, HTML and data,
 * for a sample customer) matches far longer runs of a real message, so
 * a fast LZ4 coder packs it smaller than zstd did, in about a third of
 * the time: the run packs thousands of messages and this is its largest
 * cost after rendering. The outbox keeps each dictionary once, by its
 * SHA-256 (app/render_worker.c builds them; table pack_dict).
 *
 * A body is one LZ4 frame (lz4frame.h) of independent blocks, each with
 * its checksum, with its content size and the dictionary's tag (the
 * first 32 bits of its SHA-256, as the frame's dictID), made with the
 * dictionary's last DICT_CODEC_WINDOW bytes (all LZ4 can refer to); the
 * empty body is zero bytes. The codec keeps one
 * compression dictionary per id it was given; the caller adds an id's
 * bytes once (dict_codec_add) before using it.
 */
#ifndef DUN_STORE_DICT_CODEC_H
#define DUN_STORE_DICT_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/sbuf.h"

#define DICT_CODEC_WINDOW 65536u  /* bytes of a dictionary LZ4 uses */
#define DICT_CODEC_MAX (16u << 20) /* bytes a body may unpack to */

struct dict_codec;

struct dict_codec *dict_codec_new(void);
void dict_codec_free(struct dict_codec *c);

/* Has dictionary id been added? */
int dict_codec_has(const struct dict_codec *c, int64_t id);
/* Use dict (len bytes, copied; only the last DICT_CODEC_WINDOW count) as
 * dictionary id. */
void dict_codec_add(struct dict_codec *c, int64_t id, const void *dict,
                    size_t len);

/* Pack n bytes of text with dictionary id into out (reset first). */
int dict_codec_pack(struct dict_codec *c, int64_t id, const char *text,
                    size_t n, struct sbuf *out, struct dun_err *err);

/* Unpack n stored bytes into out (reset first; NUL-terminated). -1 with
 * err DUN_E_INPUT if they are not one whole frame made with that
 * dictionary (its tag tells), a block fails its checksum, or it would
 * exceed DICT_CODEC_MAX. */
int dict_codec_unpack(struct dict_codec *c, int64_t id, const void *packed,
                      size_t n, struct sbuf *out, struct dun_err *err);

#endif
