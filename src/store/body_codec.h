/*
 * body_codec.h - message bodies as the outbox stored them before pack
 * dictionaries (a run packs with store/dict_codec.h since database
 * version 16; these read as they always did, and a message added
 * without packing by its caller is still packed so).
 *
 * A rendered message repeats most of the text of the templates it was
 * rendered with, and those templates are stored anyway (its template
 * set, kept for reproduction). So a body is stored as a zstd frame
 * compressed with its template set's source as a raw-content dictionary:
 * only what differs from the templates (names, numbers, amounts) takes
 * room, about a tenth of the body. The empty body is stored as zero
 * bytes.
 *
 * The codec keeps one compression and one decompression dictionary per
 * set id it was given; the caller loads a set's source once
 * (body_codec_add) before using its id.
 */
#ifndef DUN_STORE_BODY_CODEC_H
#define DUN_STORE_BODY_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/sbuf.h"

#define BODY_CODEC_MAX (16u << 20) /* bytes a body may unpack to */

struct body_codec;

struct body_codec *body_codec_new(void);
void body_codec_free(struct body_codec *c);

/* Has set id been added? */
int body_codec_has(const struct body_codec *c, int64_t id);
/* Use source (len bytes, copied) as the dictionary of set id. */
void body_codec_add(struct body_codec *c, int64_t id, const void *source,
                    size_t len);

/* Pack n bytes of text with set id's dictionary into out (reset first). */
int body_codec_pack(struct body_codec *c, int64_t id, const char *text,
                    size_t n, struct sbuf *out, struct dun_err *err);

/* Unpack n stored bytes into out (reset first; NUL-terminated). -1 with
 * err DUN_E_INPUT if they are not a frame made with that dictionary or
 * would exceed BODY_CODEC_MAX. */
int body_codec_unpack(struct body_codec *c, int64_t id, const void *packed,
                      size_t n, struct sbuf *out, struct dun_err *err);

#endif
