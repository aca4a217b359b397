/*
 * sha256.h - SHA-256 (FIPS 180-4), for the digests that make stored
 * records tamper-evident and content-addressed (template sets).
 * Pure: no I/O.
 */
#ifndef DUN_CORE_SHA256_H
#define DUN_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

struct sha256 {
    uint32_t h[8];
    uint64_t total; /* bytes hashed so far */
    unsigned char block[64];
    size_t fill;    /* bytes waiting in block */
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *p, size_t n);
void sha256_final(struct sha256 *c, unsigned char out[SHA256_LEN]);

/* The digest of one buffer. */
void sha256(const void *p, size_t n, unsigned char out[SHA256_LEN]);

/* The digest as 64 lowercase hex digits and a NUL, into hex. */
void sha256_hex(const unsigned char digest[SHA256_LEN], char hex[65]);

#endif
