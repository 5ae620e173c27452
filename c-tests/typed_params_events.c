/*
 * Tests of the typed-parameter helpers (virTypedParams*) and the event loop (virEvent*) of a
 * libvirt.so.0, through the C API only.
 *
 * Build and run against this library (from the repository root, after `cargo build --release`):
 *   gcc -Wall -Werror -I/usr/include c-tests/typed_params_events.c -o /tmp/tpe \
 *       -Ltarget/release -lvirt -lpthread
 *   LD_LIBRARY_PATH=target/release /tmp/tpe
 * The same program passes against Debian's libvirt 9.0, the reference:
 *   gcc -Wall -Werror c-tests/typed_params_events.c -o /tmp/tpe-ref \
 *       $(pkg-config --libs libvirt) -lpthread && /tmp/tpe-ref
 *
 * Prints a FAIL line per failed check and ends with "N passed, M failed"; exits non-zero on
 * failure. The event-loop tests run in child processes, since an implementation, once
 * registered, cannot be replaced within a process.
 */
#include <errno.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* counters shared with the child processes */
static int *passed, *failed;

#define CHECK(cond, ...)                                            \
    do {                                                            \
        if (cond) {                                                 \
            __sync_fetch_and_add(passed, 1);                        \
        } else {                                                    \
            __sync_fetch_and_add(failed, 1);                        \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);             \
            printf(__VA_ARGS__);                                    \
            printf("\n");                                           \
            fflush(stdout);                                         \
        }                                                           \
    } while (0)

static void quiet(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}

/* the last error is exactly (code, domain, message); message NULL: no error at all */
static int last_error_is(int code, int domain, const char *message)
{
    virErrorPtr e = virGetLastError();
    if (!message)
        return e == NULL;
    if (!e) {
        printf("  (no error, expected '%s')\n", message);
        return 0;
    }
    if (e->code != code || e->domain != domain || !e->message || strcmp(e->message, message)) {
        printf("  (got code=%d domain=%d '%s', expected code=%d domain=%d '%s')\n", e->code,
               e->domain, e->message ? e->message : "(null)", code, domain, message);
        return 0;
    }
    return e->level == VIR_ERR_ERROR;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* ---- typed parameters ------------------------------------------------------------------- */

static void test_growth(void)
{
    virTypedParameterPtr p = NULL;
    int n = 0, max = 0;
    const int expect[] = {1, 2, 3, 4, 6, 6, 9, 9, 9, 13};
    for (int i = 0; i < 10; i++) {
        char name[16];
        snprintf(name, sizeof(name), "k%d", i);
        CHECK(virTypedParamsAddInt(&p, &n, &max, name, i * 10) == 0, "AddInt %d", i);
        CHECK(n == i + 1 && max == expect[i], "after add %d: n=%d max=%d (want %d)", i, n, max,
              expect[i]);
    }
    for (int i = 0; i < 10; i++) {
        char name[16];
        int v = -1;
        snprintf(name, sizeof(name), "k%d", i);
        CHECK(virTypedParamsGetInt(p, n, name, &v) == 1 && v == i * 10, "GetInt %s=%d", name, v);
        CHECK(strcmp(p[i].field, name) == 0 && p[i].type == VIR_TYPED_PARAM_INT, "field %d", i);
    }
    virTypedParamsFree(p, n);
}

static void test_add_get_each_type(void)
{
    virTypedParameterPtr p = NULL;
    int n = 0, max = 0;
    CHECK(virTypedParamsAddInt(&p, &n, &max, "i", -5) == 0, "AddInt");
    CHECK(virTypedParamsAddUInt(&p, &n, &max, "ui", 4000000000U) == 0, "AddUInt");
    CHECK(virTypedParamsAddLLong(&p, &n, &max, "l", -9000000000LL) == 0, "AddLLong");
    CHECK(virTypedParamsAddULLong(&p, &n, &max, "ul", 18000000000000000000ULL) == 0, "AddULLong");
    CHECK(virTypedParamsAddDouble(&p, &n, &max, "d", 2.5) == 0, "AddDouble");
    CHECK(virTypedParamsAddBoolean(&p, &n, &max, "b", 42) == 0, "AddBoolean");
    CHECK(virTypedParamsAddBoolean(&p, &n, &max, "b0", 0) == 0, "AddBoolean 0");
    char text[] = "hello";
    CHECK(virTypedParamsAddString(&p, &n, &max, "s", text) == 0, "AddString");
    CHECK(virTypedParamsAddString(&p, &n, &max, "snull", NULL) == 0, "AddString NULL");
    CHECK(n == 9 && last_error_is(0, 0, NULL), "n=%d, no error", n);

    int i = 0, b = -1;
    unsigned int ui = 0;
    long long l = 0;
    unsigned long long ul = 0;
    double d = 0;
    const char *s = NULL;
    CHECK(virTypedParamsGetInt(p, n, "i", &i) == 1 && i == -5, "GetInt %d", i);
    CHECK(virTypedParamsGetUInt(p, n, "ui", &ui) == 1 && ui == 4000000000U, "GetUInt %u", ui);
    CHECK(virTypedParamsGetLLong(p, n, "l", &l) == 1 && l == -9000000000LL, "GetLLong %lld", l);
    CHECK(virTypedParamsGetULLong(p, n, "ul", &ul) == 1 && ul == 18000000000000000000ULL,
          "GetULLong %llu", ul);
    CHECK(virTypedParamsGetDouble(p, n, "d", &d) == 1 && d == 2.5, "GetDouble %g", d);
    CHECK(virTypedParamsGetBoolean(p, n, "b", &b) == 1 && b == 1, "GetBoolean %d", b);
    CHECK(p[5].value.b == 1, "boolean stored as 1");
    CHECK(virTypedParamsGetBoolean(p, n, "b0", &b) == 1 && b == 0, "GetBoolean 0: %d", b);
    CHECK(virTypedParamsGetString(p, n, "s", &s) == 1 && s && strcmp(s, "hello") == 0,
          "GetString");
    CHECK(s != text, "AddString copies its value");
    CHECK(virTypedParamsGetString(p, n, "snull", &s) == 1 && s && strcmp(s, "") == 0,
          "AddString NULL stores an empty string");
    CHECK(last_error_is(0, 0, NULL), "getters leave no error");

    /* absent, NULL arguments */
    i = 77;
    CHECK(virTypedParamsGetInt(p, n, "nope", &i) == 0 && i == 77, "absent: 0, untouched");
    CHECK(virTypedParamsGetInt(NULL, n, "i", &i) == 0, "NULL params: 0");
    CHECK(virTypedParamsGetInt(p, n, NULL, &i) == 0, "NULL name: 0");
    CHECK(virTypedParamsGetInt(p, n, "i", NULL) == 1, "NULL value: 1");
    CHECK(virTypedParamsGetInt(p, 0, "i", &i) == 0, "nparams 0: 0");
    CHECK(last_error_is(0, 0, NULL), "no error from absent lookups");

    /* virTypedParamsGet */
    CHECK(virTypedParamsGet(p, n, "l") == &p[2], "Get returns the element");
    CHECK(virTypedParamsGet(p, n, "zz") == NULL, "Get absent");
    CHECK(virTypedParamsGet(NULL, n, "l") == NULL, "Get NULL params");
    CHECK(virTypedParamsGet(p, n, NULL) == NULL, "Get NULL name");
    CHECK(virTypedParamsGet(p, 2, "l") == NULL, "Get beyond nparams");

    /* type mismatches */
    CHECK(virTypedParamsGetUInt(p, n, "i", &ui) == -1 &&
              last_error_is(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                            "invalid argument: Invalid type 'uint' requested for parameter 'i', "
                            "actual type is 'int'"),
          "GetUInt on int");
    CHECK(virTypedParamsGetString(p, n, "d", &s) == -1 &&
              last_error_is(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                            "invalid argument: Invalid type 'string' requested for parameter "
                            "'d', actual type is 'double'"),
          "GetString on double");
    CHECK(virTypedParamsGetInt(p, n, "s", &i) == -1 &&
              last_error_is(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                            "invalid argument: Invalid type 'int' requested for parameter 's', "
                            "actual type is 'string'"),
          "GetInt on string");
    CHECK(virTypedParamsGetBoolean(p, n, "ul", &b) == -1 &&
              last_error_is(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                            "invalid argument: Invalid type 'boolean' requested for parameter "
                            "'ul', actual type is 'ullong'"),
          "GetBoolean on ullong");
    CHECK(virTypedParamsGetLLong(p, n, "b", &l) == -1 &&
              last_error_is(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                            "invalid argument: Invalid type 'llong' requested for parameter 'b', "
                            "actual type is 'boolean'"),
          "GetLLong on boolean");
    CHECK(virTypedParamsGetULLong(p, n, "l", &ul) == -1, "GetULLong on llong");
    CHECK(virTypedParamsGetDouble(p, n, "ui", &d) == -1, "GetDouble on uint");
    /* a successful call resets the last error */
    CHECK(virTypedParamsGetInt(p, n, "i", &i) == 1 && last_error_is(0, 0, NULL),
          "success resets the error");

    /* duplicates are allowed; lookups find the first */
    CHECK(virTypedParamsAddInt(&p, &n, &max, "i", 99) == 0 && n == 10, "duplicate name added");
    CHECK(virTypedParamsGetInt(p, n, "i", &i) == 1 && i == -5, "first duplicate wins: %d", i);

    /* Clear frees strings and leaves the array */
    virTypedParamsClear(p, n);
    CHECK(p[7].value.s == NULL && p[8].value.s == NULL, "Clear NULLs the strings");
    CHECK(p[0].value.i == -5, "Clear keeps other values");
    virTypedParamsClear(NULL, 3);
    virTypedParamsFree(p, n);
    virTypedParamsFree(NULL, 0);
}

static void test_names_and_strings(void)
{
    virTypedParameterPtr p = NULL;
    int n = 0, max = 0;
    char name[VIR_TYPED_PARAM_FIELD_LENGTH + 1];
    char msg[256];

    memset(name, 'x', sizeof(name));
    name[VIR_TYPED_PARAM_FIELD_LENGTH - 1] = '\0'; /* 79 characters: fits */
    CHECK(virTypedParamsAddInt(&p, &n, &max, name, 1) == 0 && n == 1, "79-char name");
    name[VIR_TYPED_PARAM_FIELD_LENGTH - 1] = 'x';
    name[VIR_TYPED_PARAM_FIELD_LENGTH] = '\0'; /* 80: too long */
    snprintf(msg, sizeof(msg), "internal error: Field name '%s' too long", name);
    CHECK(virTypedParamsAddInt(&p, &n, &max, name, 1) == -1 &&
              last_error_is(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE, msg),
          "80-char name");
    CHECK(n == 1 && max == 2, "failed add: n=%d, array still grown: max=%d", n, max);
    CHECK(virTypedParamsAddString(&p, &n, &max, name, "v") == -1 && n == 1,
          "AddString with a long name");
    CHECK(virTypedParamsAddDouble(&p, &n, &max, name, 1.0) == -1, "AddDouble long name");
    CHECK(virTypedParamsAddUInt(&p, &n, &max, name, 1) == -1, "AddUInt long name");
    CHECK(virTypedParamsAddLLong(&p, &n, &max, name, 1) == -1, "AddLLong long name");
    CHECK(virTypedParamsAddULLong(&p, &n, &max, name, 1) == -1, "AddULLong long name");
    CHECK(virTypedParamsAddBoolean(&p, &n, &max, name, 1) == -1, "AddBoolean long name");
    CHECK(virTypedParamsAddInt(&p, &n, &max, "ok", 1) == 0 && last_error_is(0, 0, NULL),
          "a successful add resets the error");

    /* string lists */
    const char *two[] = {"a", "b", NULL};
    const char *none[] = {NULL};
    CHECK(virTypedParamsAddStringList(&p, &n, &max, "list", two) == 0 && n == 4,
          "AddStringList of two: n=%d", n);
    CHECK(strcmp(p[2].field, "list") == 0 && strcmp(p[2].value.s, "a") == 0 &&
              strcmp(p[3].value.s, "b") == 0 && p[3].type == VIR_TYPED_PARAM_STRING,
          "list entries");
    CHECK(virTypedParamsAddStringList(&p, &n, &max, "list", NULL) == 0 && n == 4,
          "AddStringList NULL: 0");
    CHECK(virTypedParamsAddStringList(&p, &n, &max, "list", none) == -1 && n == 4 &&
              last_error_is(0, 0, NULL),
          "AddStringList empty: -1 without an error");
    CHECK(virTypedParamsAddStringList(&p, &n, &max, name, two) == -1 && n == 4 &&
              last_error_is(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE, msg),
          "AddStringList long name");
    virTypedParamsFree(p, n);
}

static void test_from_string(void)
{
    virTypedParameterPtr p = NULL;
    int n = 0, max = 0;
    CHECK(virTypedParamsAddFromString(&p, &n, &max, "i", VIR_TYPED_PARAM_INT, "-12") == 0 &&
              p[0].type == VIR_TYPED_PARAM_INT && p[0].value.i == -12,
          "FromString int");
    CHECK(virTypedParamsAddFromString(&p, &n, &max, "u", VIR_TYPED_PARAM_UINT, "-1") == 0 &&
              p[1].value.ui == 4294967295U,
          "FromString uint -1");
    CHECK(virTypedParamsAddFromString(&p, &n, &max, "l", VIR_TYPED_PARAM_LLONG,
                                      "-9223372036854775808") == 0 &&
              p[2].value.l == (-9223372036854775807LL - 1),
          "FromString llong");
    CHECK(virTypedParamsAddFromString(&p, &n, &max, "ul", VIR_TYPED_PARAM_ULLONG,
                                      "18446744073709551615") == 0 &&
              p[3].value.ul == 18446744073709551615ULL,
          "FromString ullong");
    CHECK(virTypedParamsAddFromString(&p, &n, &max, "d", VIR_TYPED_PARAM_DOUBLE, " 1.25") == 0 &&
              p[4].value.d == 1.25,
          "FromString double");
    CHECK(virTypedParamsAddFromString(&p, &n, &max, "b", VIR_TYPED_PARAM_BOOLEAN, "TrUe") == 0 &&
              p[5].value.b == 1,
          "FromString boolean true");
    CHECK(virTypedParamsAddFromString(&p, &n, &max, "b", VIR_TYPED_PARAM_BOOLEAN, "0") == 0 &&
              p[6].value.b == 0,
          "FromString boolean 0");
    CHECK(virTypedParamsAddFromString(&p, &n, &max, "s", VIR_TYPED_PARAM_STRING, "txt") == 0 &&
              strcmp(p[7].value.s, "txt") == 0,
          "FromString string");
    CHECK(n == 8 && last_error_is(0, 0, NULL), "8 added");

    struct {
        int type;
        const char *value;
        int code;
        const char *message;
    } bad[] = {
        {VIR_TYPED_PARAM_INT, NULL, VIR_ERR_INVALID_ARG, "invalid argument: NULL value for field 'f'"},
        {VIR_TYPED_PARAM_INT, "12x", VIR_ERR_INVALID_ARG,
         "invalid argument: Invalid value for field 'f': expected int"},
        {VIR_TYPED_PARAM_INT, "4294967296", VIR_ERR_INVALID_ARG,
         "invalid argument: Invalid value for field 'f': expected int"},
        {VIR_TYPED_PARAM_INT, "", VIR_ERR_INVALID_ARG,
         "invalid argument: Invalid value for field 'f': expected int"},
        {VIR_TYPED_PARAM_UINT, "4294967296", VIR_ERR_INVALID_ARG,
         "invalid argument: Invalid value for field 'f': expected unsigned int"},
        {VIR_TYPED_PARAM_LLONG, "9223372036854775808", VIR_ERR_INVALID_ARG,
         "invalid argument: Invalid value for field 'f': expected long long"},
        {VIR_TYPED_PARAM_ULLONG, "x", VIR_ERR_INVALID_ARG,
         "invalid argument: Invalid value for field 'f': expected unsigned long long"},
        {VIR_TYPED_PARAM_DOUBLE, "1,5", VIR_ERR_INVALID_ARG,
         "invalid argument: Invalid value for field 'f': expected double"},
        {VIR_TYPED_PARAM_BOOLEAN, "yes", VIR_ERR_INVALID_ARG,
         "invalid argument: Invalid boolean value for field 'f'"},
        {99, "1", VIR_ERR_INTERNAL_ERROR, "internal error: unexpected type 99 for field f"},
        {0, "1", VIR_ERR_INTERNAL_ERROR, "internal error: unexpected type 0 for field f"},
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        int rc = virTypedParamsAddFromString(&p, &n, &max, "f", bad[k].type, bad[k].value);
        CHECK(rc == -1 && n == 8 && last_error_is(bad[k].code, VIR_FROM_NONE, bad[k].message),
              "FromString bad case %zu (type %d, '%s'): rc=%d", k, bad[k].type,
              bad[k].value ? bad[k].value : "NULL", rc);
    }
    virTypedParamsFree(p, n);
}

/* ---- event loop ------------------------------------------------------------------------- */

static int handle_calls, handle_last_watch, handle_last_fd, handle_last_events;
static void *handle_last_opaque;
static int timer_calls, timer_last_id;
static int freed;
static void *freed_opaque;

static void on_handle(int watch, int fd, int events, void *opaque)
{
    handle_calls++;
    handle_last_watch = watch;
    handle_last_fd = fd;
    handle_last_events = events;
    handle_last_opaque = opaque;
    char buf[16];
    if (events & VIR_EVENT_HANDLE_READABLE)
        (void)!read(fd, buf, sizeof(buf));
}

static void on_timer(int timer, void *opaque)
{
    (void)opaque;
    timer_calls++;
    timer_last_id = timer;
}

static void on_free(void *opaque)
{
    freed++;
    freed_opaque = opaque;
}

/* a handle callback that removes its own watch; the free callback must not run inside it */
static int self_remove_freed_inside = -1;
static void on_handle_remove_self(int watch, int fd, int events, void *opaque)
{
    (void)fd;
    (void)events;
    (void)opaque;
    int before = freed;
    virEventRemoveHandle(watch);
    self_remove_freed_inside = freed - before;
}

static void on_guard(int timer, void *opaque)
{
    (void)timer;
    (void)opaque;
}

/* run the default loop for about `ms` milliseconds (a guard timer keeps iterations short) */
static void run_for(int ms)
{
    int guard = virEventAddTimeout(5, on_guard, NULL, NULL);
    double end = now_ms() + ms;
    while (now_ms() < end)
        virEventRunDefaultImpl();
    virEventRemoveTimeout(guard);
    virEventRunDefaultImpl(); /* runs the guard's removal */
}

static void test_default_loop(void)
{
    int fds[2];
    CHECK(virEventRegisterDefaultImpl() == 0, "RegisterDefaultImpl");
    CHECK(last_error_is(0, 0, NULL), "no error");
    CHECK(pipe(fds) == 0, "pipe");

    /* a pipe handle firing */
    int opaque_marker;
    int watch = virEventAddHandle(fds[0], VIR_EVENT_HANDLE_READABLE, on_handle, &opaque_marker,
                                  on_free);
    CHECK(watch == 1, "first watch id is 1 (got %d)", watch);
    CHECK(write(fds[1], "x", 1) == 1, "write");
    CHECK(virEventRunDefaultImpl() == 0, "RunDefaultImpl");
    CHECK(handle_calls == 1 && handle_last_watch == watch && handle_last_fd == fds[0] &&
              handle_last_events == VIR_EVENT_HANDLE_READABLE &&
              handle_last_opaque == &opaque_marker,
          "handle callback (calls=%d events=%d)", handle_calls, handle_last_events);

    /* events 0: not polled; back to readable: fires */
    virEventUpdateHandle(watch, 0);
    CHECK(write(fds[1], "y", 1) == 1, "write");
    run_for(30);
    CHECK(handle_calls == 1, "disabled handle does not fire (calls=%d)", handle_calls);
    virEventUpdateHandle(watch, VIR_EVENT_HANDLE_READABLE);
    CHECK(virEventRunDefaultImpl() == 0 && handle_calls == 2, "re-enabled handle fires");

    /* removal: the free callback runs in a later iteration */
    CHECK(virEventRemoveHandle(watch) == 0, "RemoveHandle");
    CHECK(freed == 0, "free callback deferred");
    CHECK(virEventRemoveHandle(watch) == -1, "second RemoveHandle: -1");
    virEventUpdateHandle(watch, VIR_EVENT_HANDLE_READABLE); /* ignored */
    CHECK(virEventRunDefaultImpl() == 0, "RunDefaultImpl");
    CHECK(freed == 1 && freed_opaque == &opaque_marker, "free callback ran once (freed=%d)",
          freed);
    CHECK(virEventRemoveHandle(12345) == -1, "unknown watch: -1");

    /* watch ids keep counting */
    int w2 = virEventAddHandle(fds[1], 0, on_handle, NULL, NULL);
    CHECK(w2 == watch + 1, "next watch id (got %d)", w2);

    /* hang-up is reported even when only readable is asked for */
    int w3 = virEventAddHandle(fds[0], VIR_EVENT_HANDLE_READABLE, on_handle, NULL, NULL);
    close(fds[1]);
    handle_calls = 0;
    CHECK(virEventRunDefaultImpl() == 0, "RunDefaultImpl");
    CHECK(handle_calls == 1 && handle_last_watch == w3 &&
              (handle_last_events & VIR_EVENT_HANDLE_HANGUP),
          "hang-up dispatched (events=%d)", handle_last_events);
    virEventRemoveHandle(w3);
    virEventRemoveHandle(w2);
    virEventRunDefaultImpl();
    close(fds[0]);

    /* a callback removing its own handle */
    CHECK(pipe(fds) == 0, "pipe");
    freed = 0;
    int w4 = virEventAddHandle(fds[0], VIR_EVENT_HANDLE_READABLE, on_handle_remove_self, NULL,
                               on_free);
    CHECK(write(fds[1], "z", 1) == 1, "write");
    virEventRunDefaultImpl();
    CHECK(self_remove_freed_inside == 0, "free callback not run inside the removing callback");
    virEventRunDefaultImpl();
    CHECK(freed == 1, "then run by the loop (freed=%d)", freed);
    CHECK(virEventRemoveHandle(w4) == -1, "already removed");
    close(fds[0]);
    close(fds[1]);

    /* a timer firing */
    int t1 = virEventAddTimeout(30, on_timer, NULL, on_free);
    CHECK(t1 == 2, "second timer id is 2, after run_for's guard (got %d)", t1);
    double start = now_ms();
    timer_calls = 0;
    while (timer_calls == 0 && now_ms() - start < 2000)
        virEventRunDefaultImpl();
    double took = now_ms() - start;
    CHECK(timer_calls == 1 && timer_last_id == t1, "timer fired (calls=%d)", timer_calls);
    CHECK(took >= 29 && took < 500, "after about 30 ms (%.1f ms)", took);

    /* disabled with -1 */
    virEventUpdateTimeout(t1, -1);
    timer_calls = 0;
    run_for(80);
    CHECK(timer_calls == 0, "disabled timer does not fire (calls=%d)", timer_calls);

    /* 0 fires on every iteration */
    virEventUpdateTimeout(t1, 0);
    timer_calls = 0;
    for (int k = 0; k < 5; k++)
        virEventRunDefaultImpl();
    CHECK(timer_calls == 5, "0 ms timer fires every iteration (calls=%d)", timer_calls);

    /* removal, with the free callback deferred */
    freed = 0;
    CHECK(virEventRemoveTimeout(t1) == 0, "RemoveTimeout");
    CHECK(freed == 0, "timer free deferred");
    CHECK(virEventRemoveTimeout(t1) == -1, "second RemoveTimeout: -1");
    timer_calls = 0;
    virEventRunDefaultImpl();
    CHECK(freed == 1 && timer_calls == 0, "timer free ran, timer did not (freed=%d calls=%d)",
          freed, timer_calls);
    int t2 = virEventAddTimeout(-1, on_timer, NULL, NULL);
    CHECK(t2 > t1, "timer ids keep counting (%d)", t2);
    virEventRemoveTimeout(t2);
    virEventRunDefaultImpl();
}

/* ---- dispatch order and priorities, as libvirt's glib loop ---- */

static char trace[256];
static int order_wB;

static void trace_add(const char *what)
{
    strncat(trace, what, sizeof(trace) - strlen(trace) - 1);
}
static void on_order_handle(int watch, int fd, int events, void *opaque)
{
    (void)watch;
    (void)fd;
    (void)events;
    trace_add(opaque);
    if (strcmp(opaque, "A") == 0) /* a changed watch is skipped for this iteration */
        virEventUpdateHandle(order_wB, VIR_EVENT_HANDLE_READABLE | VIR_EVENT_HANDLE_WRITABLE);
}
static void on_order_timer(int timer, void *opaque)
{
    (void)timer;
    trace_add(opaque);
}
static void on_order_free(void *opaque)
{
    trace_add("~");
    trace_add(opaque);
}

static void test_dispatch_order(void)
{
    int p1[2], p2[2];
    CHECK(virEventRegisterDefaultImpl() == 0, "RegisterDefaultImpl");
    CHECK(pipe(p1) == 0 && pipe(p2) == 0, "pipes");
    CHECK(write(p1[1], "x", 1) == 1 && write(p2[1], "x", 1) == 1, "writes");
    /* data is never read: the handles stay ready */
    int tz = virEventAddTimeout(0, on_order_timer, "Z", on_order_free);
    int wa = virEventAddHandle(p1[0], VIR_EVENT_HANDLE_READABLE, on_order_handle, "A",
                               on_order_free);
    order_wB = virEventAddHandle(p2[0], VIR_EVENT_HANDLE_READABLE, on_order_handle, "B",
                                 on_order_free);
    int wc = virEventAddHandle(p2[1], VIR_EVENT_HANDLE_WRITABLE, on_order_handle, "C",
                               on_order_free);
    trace[0] = '\0';
    virEventRunDefaultImpl();
    CHECK(strcmp(trace, "ZAC") == 0, "creation order, updated B skipped: '%s'", trace);
    trace[0] = '\0';
    virEventRunDefaultImpl();
    CHECK(strcmp(trace, "ZACB") == 0, "re-created B comes last: '%s'", trace);
    /* a removed handle's free callback makes an iteration of its own */
    virEventRemoveHandle(wc);
    trace[0] = '\0';
    virEventRunDefaultImpl();
    CHECK(strcmp(trace, "~C") == 0, "handle free first, alone: '%s'", trace);
    /* a removed timer's free callback waits while anything else is ready */
    virEventRemoveTimeout(tz);
    trace[0] = '\0';
    virEventRunDefaultImpl();
    virEventRunDefaultImpl();
    CHECK(strcmp(trace, "ABAB") == 0, "timer free starved by ready handles: '%s'", trace);
    virEventRemoveHandle(order_wB);
    virEventRemoveHandle(wa);
    trace[0] = '\0';
    virEventRunDefaultImpl();
    virEventRunDefaultImpl();
    CHECK(strcmp(trace, "~B~A~Z") == 0, "then all is freed, in removal order: '%s'", trace);
    close(p1[0]);
    close(p1[1]);
    close(p2[0]);
    close(p2[1]);
}

/* ---- another thread adding a timer while the loop polls ---- */

static volatile int loop_done;
static int wake_timer = -1;

static void on_wake_timer(int timer, void *opaque)
{
    (void)opaque;
    loop_done = 1;
    virEventRemoveTimeout(timer);
}

static void *loop_thread(void *arg)
{
    (void)arg;
    while (!loop_done)
        virEventRunDefaultImpl();
    return NULL;
}

static void test_cross_thread_wakeup(void)
{
    pthread_t th;
    int fds[2];
    CHECK(virEventRegisterDefaultImpl() == 0, "RegisterDefaultImpl");
    /* something to poll that never fires, so the loop thread blocks */
    CHECK(pipe(fds) == 0, "pipe");
    int w = virEventAddHandle(fds[0], VIR_EVENT_HANDLE_READABLE, on_handle, NULL, NULL);
    CHECK(pthread_create(&th, NULL, loop_thread, NULL) == 0, "thread");
    usleep(100 * 1000);
    double start = now_ms();
    wake_timer = virEventAddTimeout(0, on_wake_timer, NULL, NULL);
    CHECK(wake_timer > 0, "AddTimeout from another thread");
    pthread_join(th, NULL);
    double took = now_ms() - start;
    CHECK(loop_done && took < 1000, "blocked loop woke up and ran the timer (%.1f ms)", took);
    virEventRemoveHandle(w);
    virEventRunDefaultImpl();
    close(fds[0]);
    close(fds[1]);
}

/* ---- an application's implementation ---- */

static int app_calls[6];
static int app_add_handle(int fd, int events, virEventHandleCallback cb, void *opaque,
                          virFreeCallback ff)
{
    (void)fd;
    (void)events;
    (void)cb;
    (void)opaque;
    (void)ff;
    app_calls[0]++;
    return 100 + app_calls[0];
}
static void app_update_handle(int watch, int events)
{
    (void)watch;
    (void)events;
    app_calls[1]++;
}
static int app_remove_handle(int watch)
{
    app_calls[2]++;
    return watch == 101 ? 0 : -1;
}
static int app_add_timeout(int timeout, virEventTimeoutCallback cb, void *opaque,
                           virFreeCallback ff)
{
    (void)timeout;
    (void)cb;
    (void)opaque;
    (void)ff;
    app_calls[3]++;
    return 200 + app_calls[3];
}
static void app_update_timeout(int timer, int timeout)
{
    (void)timer;
    (void)timeout;
    app_calls[4]++;
}
static int app_remove_timeout(int timer)
{
    app_calls[5]++;
    return timer == 201 ? 0 : -1;
}

static void test_no_impl_then_app_impl(void)
{
    /* nothing registered: -1 and no error */
    virResetLastError();
    CHECK(virEventAddHandle(0, VIR_EVENT_HANDLE_READABLE, on_handle, NULL, NULL) == -1,
          "AddHandle without an implementation");
    CHECK(virEventAddTimeout(10, on_timer, NULL, NULL) == -1, "AddTimeout without one");
    CHECK(virEventRemoveHandle(1) == -1, "RemoveHandle without one");
    CHECK(virEventRemoveTimeout(1) == -1, "RemoveTimeout without one");
    virEventUpdateHandle(1, 0);
    virEventUpdateTimeout(1, 0);
    CHECK(last_error_is(0, 0, NULL), "no error reported");

    virEventRegisterImpl(app_add_handle, app_update_handle, app_remove_handle, app_add_timeout,
                         app_update_timeout, app_remove_timeout);
    CHECK(virEventAddHandle(0, VIR_EVENT_HANDLE_READABLE, on_handle, NULL, NULL) == 101,
          "AddHandle goes to the application");
    virEventUpdateHandle(101, VIR_EVENT_HANDLE_WRITABLE);
    CHECK(virEventRemoveHandle(101) == 0 && virEventRemoveHandle(5) == -1, "RemoveHandle");
    CHECK(virEventAddTimeout(10, on_timer, NULL, NULL) == 201, "AddTimeout");
    virEventUpdateTimeout(201, 5);
    CHECK(virEventRemoveTimeout(201) == 0, "RemoveTimeout");
    CHECK(app_calls[0] == 1 && app_calls[1] == 1 && app_calls[2] == 2 && app_calls[3] == 1 &&
              app_calls[4] == 1 && app_calls[5] == 1,
          "each call reached the application once");

    /* a registered implementation is not replaced */
    CHECK(virEventRegisterDefaultImpl() == 0, "RegisterDefaultImpl still returns 0");
    CHECK(virEventAddHandle(0, VIR_EVENT_HANDLE_READABLE, on_handle, NULL, NULL) == 102,
          "but the application's stays");
    virEventRegisterImpl(NULL, NULL, NULL, NULL, NULL, NULL);
    CHECK(virEventAddTimeout(10, on_timer, NULL, NULL) == 202, "so does a second RegisterImpl");
}

static void in_child(void (*test)(void))
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(20); /* a hung loop fails rather than blocks */
        test();
        fflush(stdout);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child process ended cleanly (%d)",
          status);
}

int main(void)
{
    passed = mmap(NULL, 2 * sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1,
                  0);
    if (passed == MAP_FAILED)
        return 2;
    failed = passed + 1;
    virInitialize(); /* Debian's libvirt needs it before its error functions */
    virSetErrorFunc(NULL, quiet);

    test_growth();
    test_add_get_each_type();
    test_names_and_strings();
    test_from_string();
    in_child(test_default_loop);
    in_child(test_dispatch_order);
    in_child(test_cross_thread_wakeup);
    in_child(test_no_impl_then_app_impl);

    printf("%d passed, %d failed\n", *passed, *failed);
    return *failed ? 1 : 0;
}
