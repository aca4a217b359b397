/*
 * loader.c - modules loaded on first use; see loader.h.
 */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "modules/loader.h"

#ifndef DUN_MODULE_DIR
#define DUN_MODULE_DIR "."
#endif

/* The modules loaded, by name; a failure is kept too, so that it is
 * told again without another search. */
#define MAX_MODULES 4

static struct loaded {
    const char *name;
    const void *table;
    struct dun_err err;
} loaded[MAX_MODULES];
static size_t nloaded;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int
exe_path(char *buf, size_t n)
{
    ssize_t len = readlink("/proc/self/exe", buf, n - 1);

    if (len <= 0) {
        buf[0] = '\0';
        return -1;
    }
    buf[len] = '\0';
    return 0;
}

/* The directory of the running executable into dir ("" if unknown). */
static void
exe_dir(char *dir, size_t n)
{
    char *slash;

    if (exe_path(dir, n) == 0 && (slash = strrchr(dir, '/')) != NULL)
        *slash = '\0';
}

/* Open module name from the places loader.h names: NULL with err. */
static void *
open_module(const char *name, struct dun_err *err)
{
    char dir[PATH_MAX], path[PATH_MAX + 64], first[PATH_MAX + 64];
    const char *why = "";
    void *h;

    exe_dir(dir, sizeof(dir));
    snprintf(first, sizeof(first), "%s/%s.so", dir, name);
    if (DUN_MODULE_DIR[0] == '/')
        snprintf(path, sizeof(path), "%s/%s.so", DUN_MODULE_DIR, name);
    else
        snprintf(path, sizeof(path), "%s/%s/%s.so", dir, DUN_MODULE_DIR,
                 name);
    /* RTLD_NOW: a module that cannot be bound fails here, not midway. */
    if (access(first, F_OK) == 0) {
        if ((h = dlopen(first, RTLD_NOW | RTLD_LOCAL)) != NULL)
            return h;
        why = dlerror();
    } else if (access(path, F_OK) == 0) {
        if ((h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) != NULL)
            return h;
        why = dlerror();
    } else {
        why = "no such file";
    }
    dun_err_set(err, DUN_E_INTERNAL, "cannot load %s.so (from %s or %s): "
                "%s; reinstall dun", name, first, path, why ? why : "");
    return NULL;
}

static const void *
load(const char *name, const char *entry, size_t size, struct dun_err *err)
{
    void *h = open_module(name, err);
    const void *(*get)(void);
    const struct module_head *head;

    if (h == NULL)
        return NULL;
    /* POSIX: a function's address comes from dlsym as a void *. */
    *(void **)&get = dlsym(h, entry);
    if (get == NULL) {
        dun_err_set(err, DUN_E_INTERNAL, "%s.so has no %s: reinstall dun",
                    name, entry);
        dlclose(h);
        return NULL;
    }
    head = get();
    if (strcmp(head->abi, MODULE_ENTRY_ABI) != 0 || head->size != size) {
        dun_err_set(err, DUN_E_INTERNAL, "%s.so is of dun %s, not of this "
                    "dun %s: reinstall dun", name, head->abi,
                    MODULE_ENTRY_ABI);
        dlclose(h);
        return NULL;
    }
    /* Never closed: its functions may be called until the process ends. */
    return head;
}

const void *
module_table(const char *name, const char *entry, size_t size,
             struct dun_err *err)
{
    struct loaded *m = NULL;
    const void *table;

    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nloaded; i++)
        if (strcmp(loaded[i].name, name) == 0)
            m = &loaded[i];
    if (m == NULL && nloaded < MAX_MODULES) {
        m = &loaded[nloaded++];
        m->name = name;
        m->err = (struct dun_err)DUN_ERR_INIT;
        m->table = load(name, entry, size, &m->err);
    }
    table = m ? m->table : NULL;
    if (table == NULL && err)
        *err = m ? m->err
                 : (struct dun_err){ DUN_E_INTERNAL, "too many modules" };
    pthread_mutex_unlock(&lock);
    return table;
}

const void *
module_loaded(const char *name)
{
    const void *table = NULL;

    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nloaded; i++)
        if (strcmp(loaded[i].name, name) == 0)
            table = loaded[i].table;
    pthread_mutex_unlock(&lock);
    return table;
}
