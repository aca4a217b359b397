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
#include "render/output.h"

struct cli {
    const char *db;       /* --db, $DUN_DB or ./dun.db */
    const char *argv0;    /* how dun was started, for hints that work */
    enum out_format format; /* --format: table (default), csv, json, jsonl */
    struct app app;       /* as_of: --as-of, else today (local date);
                             open when the command has CLI_OPEN_DB */
    FILE *out;
};

enum {
    CLI_OPEN_DB = 1 << 0, /* open the database before running */
    CLI_CREATE_DB = 1 << 1,
    CLI_HUGE_PAGES = 1 << 2, /* touches much memory: huge_pages.c */
};

/* Start dun again (argv as main had it) with glibc asking for huge
 * pages, where that helps and the user set no GLIBC_TUNABLES; returns
 * only if it did not (huge_pages.c). */
void cli_restart_with_huge_pages(char **argv);

/* Let the heap keep what it frees and grow in large steps (huge_pages.c):
 * for a command that takes and frees much memory. */
void cli_keep_heap(void);

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
/* A date given as option: 0 and *day, or -1 after printing "dun:
 * OPTION: not a date (YYYY-MM-DD, 1900 to 2199): 'S'". */
int cli_date(const char *option, const char *s, int32_t *day);
/* Print the command's usage line; returns EXIT_USAGE. */
int cli_usage(const struct cli_cmd *cmd);
const struct cli_cmd *cli_find(const char *name);
/* The command table, in the order 'dun help' lists it. */
const struct cli_cmd *cli_commands(size_t *n);
/* 'dun help --man' (dun(1) in roff) and '--commands' (the names, one a
 * line): EXIT_OK, or -1 if what is neither. */
int cli_help_extra(struct cli *cli, const char *what);

/* The command's output document on cli->out in --format (render/output.h),
 * escaping control characters when cli->out is a terminal. */
struct out *cli_out(struct cli *cli);
/* A document that is one streamed list: begin it, let scan(cli, o, ctx,
 * err) write the rows, end it and finish. The exit status. */
int cli_list(struct cli *cli, const char *key, const char *title,
             const struct out_col *cols, size_t ncols,
             int (*scan)(struct cli *cli, struct out *o, void *ctx,
                         struct dun_err *err),
             void *ctx);
/* Finish and free o: EXIT_OK, or EXIT_FAILED after saying why the output
 * could not be written. */
int cli_out_done(struct out *o);
/* Text meant to be read as it is (a message body, a policy file, errors
 * quoting a file's rows): on a terminal, control characters other than
 * line feed and tab are shown escaped (out_escape_text), never obeyed. */
void cli_print_safe(FILE *fp, const char *text);

#endif
