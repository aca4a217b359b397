/*
 * format.h - how a CSV layout maps onto dun's canonical records.
 *
 * The canonical layout (DESIGN.md section 5, docs/formats.md) is the
 * identity mapping with ISO dates and '.' decimals. A mapping file (INI)
 * names, per canonical field, the source column, plus date and number
 * formats; see docs/formats.md for the keys.
 */
#ifndef DUN_IO_FORMAT_H
#define DUN_IO_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/model.h"

enum record_kind { REC_CUSTOMERS, REC_INVOICES, REC_PAYMENTS };

/* Canonical fields of all kinds; each kind uses a subset (see format.c). */
enum field {
    F_ID, F_NAME, F_EMAIL, F_PHONE, F_ADDRESS, F_CITY, F_POSTAL_CODE,
    F_COUNTRY, F_LANGUAGE, F_TERMS_DAYS, F_CREDIT_LIMIT, F_REGION, F_KIND,
    F_NUMBER, F_CUSTOMER_ID, F_ISSUE_DATE, F_DUE_DATE, F_TOTAL,
    F_DESCRIPTION, F_TYPE, F_APPLIES_TO, F_AMOUNT_PAID, F_AMOUNT_DUE,
    F_LINE_AMOUNT, F_TERMS,
    F_DATE, F_INVOICE_NUMBER, F_AMOUNT, F_METHOD, F_REFERENCE,
    F_CURRENCY, F_CONTACT_NAME,
    F_COUNT
};

#define FORMAT_MAX_DATE 24
#define FORMAT_MAX_RULES 16

/* [types]: an export's document type value and what it is to dun. */
struct format_type {
    char *value;
    enum invoice_type type;
};

/* [skip]: rows whose column holds one of these values are not records
 * (drafts, voided invoices). values is a comma-separated list. */
struct format_skip {
    char *column;
    char *values;
};

struct format {
    enum record_kind kind;
    int canonical;                 /* 1: canonical layout, strict header */
    char *column[F_COUNT];         /* source header name, NULL if unused */
    char *fixed[F_COUNT];          /* constant value when no column */
    char date_format[FORMAT_MAX_DATE]; /* "YYYY-MM-DD", "DD/MM/YYYY"... */
    char decimal;                  /* '.' or ',' */
    char thousands;                /* 0, ',', '.', ' ' or '\'' */
    char delimiter;                /* ',' or ';' or '\t' */
    int group_lines;   /* rows sharing an invoice number are its lines */
    int create_customers; /* unknown customers are created by name */
    char new_customer_currency[4]; /* theirs when the row names none */
    char *path;        /* mapping file, for messages; NULL if canonical */
    struct format_type types[FORMAT_MAX_RULES];
    size_t ntypes;
    struct format_skip skip[FORMAT_MAX_RULES];
    size_t nskip;
};

/* The kind named by s ("customers", "invoices", "payments"), or -1. */
int format_kind(const char *s);
const char *format_kind_name(enum record_kind kind);

/* Canonical name of a field ("due_date"). */
const char *format_field_name(enum field f);
/* 1 if kind uses field f, 2 if it is required in the canonical layout. */
int format_field_use(enum record_kind kind, enum field f);

void format_canonical(struct format *fmt, enum record_kind kind);

/* Load a mapping file for kind; errors are "FILE:LINE: key: reason". */
int format_load(struct format *fmt, enum record_kind kind, const char *path,
                struct dun_err *err);
void format_release(struct format *fmt);

/* Parse a date written in fmt->date_format. Tokens: YYYY, MM, M, DD, D,
 * MMM (Jan..Dec, English); any other character must match itself. */
int format_parse_date(const struct format *fmt, const char *s, size_t len,
                      int32_t *day);

/* Rewrite an amount in fmt's number style as a canonical decimal into
 * out (size >= 64): "1.234,50" -> "1234.50". -1 if it cannot be one. */
int format_normalize_amount(const struct format *fmt, const char *s,
                            size_t len, char *out, size_t *outlen);

#endif
