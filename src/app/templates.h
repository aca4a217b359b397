/*
 * templates.h - a business's own message templates: check a directory
 * of them (DIR/LANG/NAME.PART.mustache, as 'dun templates export' writes
 * it), store it as a new version, list and show the versions, and the
 * library in force (the latest version, else the compiled-in defaults)
 * that the run and the policy check use.
 */
#ifndef DUN_APP_TEMPLATES_H
#define DUN_APP_TEMPLATES_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/sbuf.h"
#include "render/template_library.h"

/* One version of the templates, for listing. */
struct templates_version {
    int64_t version;    /* 0: the compiled-in templates */
    int32_t loaded_on;  /* the as-of date of the load; DATE_INVALID: 0 */
    const char *origin; /* the directory it came from, or "built-in" */
    int64_t files;
    char sha256[65];    /* of its canonical source, hex */
    int in_force;
};

/* What a check found: one line a problem ("FILE:LINE: reason" or
 * "FILE: reason"), each once. */
struct templates_report {
    size_t checked;   /* template files read */
    size_t problems;  /* lines in problems */
    struct sbuf lines;
};

void templates_report_init(struct templates_report *r);
void templates_report_release(struct templates_report *r);

/*
 * The library in force (caller frees) and its version (0: compiled-in):
 * the latest version loaded when app is open on a database that has
 * one, else the compiled-in templates (app NULL or not open too).
 */
int templates_in_force(struct app *app, struct template_library **out,
                       int64_t *version, struct dun_err *err);

/*
 * The words of the templates in force for language (their LL/_labels,
 * render/labels.h: a business may have edited them) as a value map in
 * a, or *out NULL when they have none for it. Documents that keep no
 * template set (statements, the print cover) say these, and
 * labels_get()'s for a word they lack. 0, or -1 with err.
 */
int templates_words(struct app *app, const char *language, struct arena *a,
                    struct value **out, struct dun_err *err);

/*
 * Check the templates in dir: each file's name and text, every
 * template's syntax and the partials it names, the parts each language
 * needs (English, every customer's fallback, all of them; another
 * language all the parts of each template it has), and every template
 * of every language rendered against sample data for every stage, with
 * what a firm or final message must carry (app/contents.h). Problems go
 * to r, one a line, naming the file. Writes nothing anywhere.
 *
 * 0 with r filled (and, when r->problems is 0 and out is not NULL, the
 * library in *out, caller frees); -1 with err if dir cannot be read.
 */
int templates_check_dir(const char *dir, struct templates_report *r,
                        struct template_library **out, struct dun_err *err);

/*
 * Check dir as templates_check_dir does and, if there is no problem,
 * store it as a new version loaded on app->as_of, its number in
 * *version; *unchanged set (nothing stored, *version the one in force)
 * when it is the version in force already. -1 with err (DUN_E_INPUT
 * "DIR: not loaded" after problems in r), nothing stored.
 */
int templates_load_dir(struct app *app, const char *dir,
                       struct templates_report *r, int64_t *version,
                       int *unchanged, struct dun_err *err);

typedef int templates_version_cb(void *ctx, const struct templates_version *v,
                                 struct dun_err *err);
/* Every stored version, oldest first, the one in force marked; the
 * compiled-in templates as version 0 when none is stored. */
int templates_list(struct app *app, templates_version_cb *cb, void *ctx,
                   struct dun_err *err);

/*
 * Version (TEMPLATES_IN_FORCE: the one in force; 0: the compiled-in
 * templates) into *out (strings in a) and its library into *lib (caller
 * frees). -1 with DUN_E_NOTFOUND "no templates version N".
 */
#define TEMPLATES_IN_FORCE (-1)
int templates_show(struct app *app, int64_t version,
                   struct templates_version *out,
                   struct template_library **lib, struct arena *a,
                   struct dun_err *err);

#endif
