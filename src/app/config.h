/*
 * config.h - the business's settings for sending: where the mail server
 * is and how to log in, who the messages are from, how fast and how
 * often to try; and for printed letters: their paper and logo. Each value is checked when it is set; a secret is never
 * stored, printed or logged: dun keeps the path of a file that holds the
 * password, readable by its owner only, and reads it when it sends.
 *
 * Keys (docs/sending.md):
 *   smtp.url            smtp://HOST[:PORT] (STARTTLS as smtp.starttls
 *                       says) or smtps://HOST[:PORT] (TLS from the start)
 *   smtp.starttls       required | optional (default) | never
 *   smtp.user           the login name, if the server wants one
 *   smtp.password_file  absolute path of a file only its owner may read
 *   smtp.ca_file        the certificates to trust (PEM; default: the
 *                       system's)
 *   mail.from           one bare address (default: the business's e-mail)
 *   mail.reply_to       one bare address
 *   mail.bcc            one bare address that gets a copy of each message
 *   send.rate           messages per minute, 1 to 60000 (default 60)
 *   send.max_attempts   tries of one message, 1 to 20 (default 5)
 *   send.retry_after    seconds before the first retry, 1 to 14400
 *                       (default 300; doubling after, at most 4 hours)
 *   letter.paper        auto (default: by the customer's country) |
 *                       a4-din | a4-uk | us-letter
 *   letter.logo         set to a PNG file's path: the file is read,
 *                       checked (core/png.h; at most CONFIG_LOGO_MAX
 *                       bytes) and its bytes kept in the database, so
 *                       that letters reproduce from it alone; its value
 *                       reads "PNG WxH, N bytes, sha256 PREFIX" (the first
 *                       12 hex digits of the file's SHA-256)
 *
 * Not thread-safe: one app per thread.
 */
#ifndef DUN_APP_CONFIG_H
#define DUN_APP_CONFIG_H

#include <stddef.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/sbuf.h"

/* The largest logo letter.logo keeps, in bytes (1 MiB). */
#define CONFIG_LOGO_MAX 1048576

/* The paper a letter is laid out for: A4 as DIN 5008 places the address
 * (the default), A4 as UK window envelopes want it, US Letter. */
enum letter_paper {
    LETTER_PAPER_A4_DIN,
    LETTER_PAPER_A4_UK,
    LETTER_PAPER_US_LETTER,
};

/* One setting as config_list gives it. */
struct config_entry {
    const char *key;
    const char *value;    /* "" when neither set nor defaulted */
    int is_set;           /* 0: the default (or nothing) */
    const char *about;    /* a phrase saying what it is (static) */
};

typedef int config_cb(void *ctx, const struct config_entry *e,
                      struct dun_err *err);

/* Check value for key and store it. DUN_E_INPUT naming the key and the
 * reason when the key is unknown or the value unfit; nothing changes. */
int config_set(struct app *app, const char *key, const char *value,
               struct dun_err *err);

/* Remove key's value: its default applies again. DUN_E_INPUT for an
 * unknown key. */
int config_unset(struct app *app, const char *key, struct dun_err *err);

/* The value of key (set or default) into *e (strings in a).
 * DUN_E_INPUT for an unknown key. */
int config_get(struct app *app, const char *key, struct config_entry *e,
               struct arena *a, struct dun_err *err);

/* Every key, in the order above, with its value. */
int config_list(struct app *app, config_cb *cb, void *ctx,
                struct dun_err *err);

/* The settings a sender needs, defaults applied (strings in a). */
struct send_config {
    const char *smtp_url;      /* "" when not set */
    int starttls;              /* 0 never, 1 optional, 2 required */
    const char *smtp_user;     /* "" when not set */
    const char *password_file; /* "" when not set */
    const char *ca_file;       /* "" when not set: the system's */
    const char *from, *reply_to, *bcc; /* "" when not set */
    int rate;                  /* per minute */
    int max_attempts;
    int retry_after;           /* seconds */
};

int config_send_load(struct app *app, struct send_config *out,
                     struct arena *a, struct dun_err *err);

/* Read the password from path into buf (size bytes, the first line, its
 * end of line dropped): refused, naming the file and what to do, unless
 * it is a regular file owned by this user that no one else may read. The
 * password itself never appears in err. */
int config_read_password(const char *path, char *buf, size_t size,
                         struct dun_err *err);

/* The paper of a letter to a customer in country (ISO 3166-1 alpha-2,
 * "" or NULL when not known) into *out: letter.paper if it names one,
 * else (auto, or not set) config_paper_for_country's. */
int config_letter_paper(struct app *app, const char *country,
                        enum letter_paper *out, struct dun_err *err);

/* letter.paper's auto: US Letter for the US and its territories,
 * Canada, Mexico, the Philippines and the Latin American countries that
 * print on it; A4 for UK window envelopes for GB, IE, IM, JE, GG; else
 * (and for "" or NULL) A4 as DIN 5008 has it. Pure. */
enum letter_paper config_paper_for_country(const char *country);

/* The word letter.paper uses for p ("a4-din", "a4-uk", "us-letter"). */
const char *config_paper_name(enum letter_paper p);

/* Append the logo's PNG bytes (letter.logo) to png; nothing when none is
 * set. png's max, if any, must allow CONFIG_LOGO_MAX bytes more: else
 * DUN_E_INTERNAL and png as it was. */
int config_letter_logo(struct app *app, struct sbuf *png,
                       struct dun_err *err);

#endif
