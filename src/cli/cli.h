/*
 * cli.h - what every command gets: global options and the app context.
 *
 * A command parses its arguments, calls one use case of src/app with
 * cli->app and renders the result. It never reaches the store: no file of
 * src/cli includes a store/ header (tests/layers.sh checks).
 */
#ifndef DUN_CLI_CLI_H
#define DUN_CLI_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/app.h"
#include "core/err.h"

enum cli_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

struct cli {
    const char *db;       /* --db, $DUN_DB or ./dun.db */
    const char *argv0;    /* how dun was started, for hints that work */
    enum cli_format format;
    struct app app;       /* as_of: --as-of, else today (local date);
                             open when the command has CLI_OPEN_DB */
    FILE *out;
};

enum {
    CLI_OPEN_DB = 1 << 0, /* open the database before running */
    CLI_CREATE_DB = 1 << 1,
};

struct cli_cmd {
    const char *name;
    int (*run)(struct cli *cli, int argc, char **argv);
    unsigned flags;
    const char *usage;
    const char *help;
};

/* Exit codes (DESIGN.md section 5). */
#define EXIT_OK 0
#define EXIT_FAILED 1
#define EXIT_USAGE 2

/* Print "dun: MSG" for a failed operation; returns EXIT_FAILED. */
int cli_fail(const struct dun_err *err);
/* Print the command's usage line; returns EXIT_USAGE. */
int cli_usage(const struct cli_cmd *cmd);
const struct cli_cmd *cli_find(const char *name);
/* The command table, in the order 'dun help' lists it. */
const struct cli_cmd *cli_commands(size_t *n);
/* 'dun help --man' (dun(1) in roff) and '--commands' (the names, one a
 * line): EXIT_OK, or -1 if what is neither. */
int cli_help_extra(struct cli *cli, const char *what);

/* Write a CSV field (quoted when needed) / a table cell padded to width. */
void cli_csv_field(FILE *out, const char *s, int last);
/* Format minor units of currency as a decimal into buf (>= 32). */
const char *cli_amount(int64_t minor, const char *currency, char *buf);

#endif
