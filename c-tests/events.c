/* Domain events through the C API with the caller's own event loop (virEventRegisterImpl): a
 * poll(2) loop of this program's, timers only, run in a thread of its own. A suspend and a
 * resume done by a second connection arrive as SUSPENDED/PAUSED then RESUMED/UNPAUSED within
 * 2 s each, in the loop's thread, with a domain handle the callback may keep; the reboot
 * callback's registration, callback ids, freecb on deregistration and libvirt's argument
 * errors. Without any event loop, registering fails as libvirt's. Needs ESX_TLS_ADDR
 * (tools/test-env.sh); leaves the VMs as found.
 */
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include "check.h"

static int callback(virConnectCredentialPtr cred, unsigned int ncred, void *data)
{
    (void)data;
    for (unsigned int i = 0; i < ncred; i++) {
        const char *answer = cred[i].type == VIR_CRED_AUTHNAME ? "root" : "secret";
        cred[i].result = strdup(answer);
        cred[i].resultlen = strlen(answer);
    }
    return 0;
}

static void quiet(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}

/* ---- the program's own event loop: timers only (the library adds no handles) ---- */

#define MAX_TIMERS 16
static struct timer {
    int id, interval, removed;
    long long due_ms;
    virEventTimeoutCallback cb;
    void *opaque;
    virFreeCallback ff;
} timers[MAX_TIMERS];
static int ntimers, next_timer = 1, stop_loop;
static pthread_mutex_t loop_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t loop_thread;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int add_handle(int fd, int events, virEventHandleCallback cb, void *opaque, virFreeCallback ff)
{
    (void)fd, (void)events, (void)cb, (void)opaque, (void)ff;
    return -1;
}
static void update_handle(int watch, int events) { (void)watch, (void)events; }
static int remove_handle(int watch) { (void)watch; return -1; }

static int add_timeout(int interval, virEventTimeoutCallback cb, void *opaque, virFreeCallback ff)
{
    pthread_mutex_lock(&loop_lock);
    int id = -1;
    if (ntimers < MAX_TIMERS) {
        id = next_timer++;
        timers[ntimers++] = (struct timer){id, interval, 0, now_ms() + (interval > 0 ? interval : 0),
                                           cb, opaque, ff};
    }
    pthread_mutex_unlock(&loop_lock);
    return id;
}

static void update_timeout(int id, int interval)
{
    pthread_mutex_lock(&loop_lock);
    for (int i = 0; i < ntimers; i++)
        if (timers[i].id == id && !timers[i].removed) {
            timers[i].interval = interval;
            timers[i].due_ms = now_ms() + (interval > 0 ? interval : 0);
        }
    pthread_mutex_unlock(&loop_lock);
}

static int remove_timeout(int id)
{
    int rc = -1;
    pthread_mutex_lock(&loop_lock);
    for (int i = 0; i < ntimers; i++)
        if (timers[i].id == id && !timers[i].removed) {
            timers[i].removed = 1;
            rc = 0;
        }
    pthread_mutex_unlock(&loop_lock);
    return rc;
}

static void *run_loop(void *arg)
{
    (void)arg;
    while (!stop_loop) {
        poll(NULL, 0, 10);
        pthread_mutex_lock(&loop_lock);
        for (int i = 0; i < ntimers; i++) {
            struct timer t = timers[i];
            if (t.removed || t.interval < 0 || t.due_ms > now_ms())
                continue;
            timers[i].due_ms = now_ms() + t.interval;
            pthread_mutex_unlock(&loop_lock);
            t.cb(t.id, t.opaque);
            pthread_mutex_lock(&loop_lock);
        }
        pthread_mutex_unlock(&loop_lock);
    }
    return NULL;
}

/* ---- what the callbacks saw ---- */

static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static int seen_event[8], seen_detail[8], nseen, wrong_thread;
static virDomainPtr kept;

static int on_lifecycle(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    (void)conn, (void)opaque;
    pthread_mutex_lock(&seen_lock);
    if (!pthread_equal(pthread_self(), loop_thread))
        wrong_thread++;
    if (nseen < 8) {
        seen_event[nseen] = event;
        seen_detail[nseen] = detail;
        nseen++;
    }
    if (!kept && virDomainRef(dom) == 0)
        kept = dom;
    pthread_mutex_unlock(&seen_lock);
    return 0;
}

static void on_reboot(virConnectPtr conn, virDomainPtr dom, void *opaque)
{
    (void)conn, (void)dom, (void)opaque;
}

static void on_free(void *opaque)
{
    (*(int *)opaque)++;
}

/* wait up to 2 s for the n-th event */
static int wait_event(int n)
{
    for (int i = 0; i < 200; i++) {
        pthread_mutex_lock(&seen_lock);
        int have = nseen;
        pthread_mutex_unlock(&seen_lock);
        if (have > n)
            return 1;
        poll(NULL, 0, 10);
    }
    return 0;
}

int main(void)
{
    const char *addr = getenv("ESX_TLS_ADDR");
    char uri[512];
    int credtypes[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};
    virConnectAuth auth = {credtypes, 2, callback, NULL};

    if (!addr) {
        printf("ESX_TLS_ADDR is not set: run tools/test-env.sh start\n");
        return 1;
    }
    virSetErrorFunc(NULL, quiet);
    snprintf(uri, sizeof(uri), "esx://%s/?no_verify=1", addr);
    virConnectPtr conn = virConnectOpenAuth(uri, &auth, 0);
    virConnectPtr other = virConnectOpenAuth(uri, &auth, 0);
    CHECK(conn && other, "open: %s", virGetLastErrorMessage());
    if (!conn || !other)
        return DONE("events");

    /* no event loop yet: as libvirt, the registration fails */
    CHECK(virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                           VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), NULL, NULL) == -1 &&
          strcmp(virGetLastErrorMessage(), "internal error: could not initialize domain event timer") == 0,
          "no loop: %s", virGetLastErrorMessage());

    virEventRegisterImpl(add_handle, update_handle, remove_handle, add_timeout, update_timeout, remove_timeout);
    pthread_create(&loop_thread, NULL, run_loop, NULL);

    CHECK(virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LAST,
                                           VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), NULL, NULL) == -1 &&
          virGetLastErrorCode() == VIR_ERR_INVALID_ARG, "eventID too large");
    CHECK(virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE, NULL, NULL, NULL) == -1 &&
          virGetLastErrorCode() == VIR_ERR_INVALID_ARG, "NULL callback");
    int frees = 0;
    int life = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), &frees, on_free);
    int reboot = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_REBOOT,
                                                  VIR_DOMAIN_EVENT_CALLBACK(on_reboot), &frees, on_free);
    CHECK(life > 0 && reboot > life, "callback ids %d %d", life, reboot);

    virDomainPtr d = virDomainLookupByName(other, "ha-host_VM1");
    CHECK(d && virDomainSuspend(d) == 0, "suspend: %s", virGetLastErrorMessage());
    CHECK(wait_event(0) && seen_event[0] == VIR_DOMAIN_EVENT_SUSPENDED &&
          seen_detail[0] == VIR_DOMAIN_EVENT_SUSPENDED_PAUSED, "suspended event %d/%d", seen_event[0],
          seen_detail[0]);
    CHECK(d && virDomainResume(d) == 0, "resume: %s", virGetLastErrorMessage());
    CHECK(wait_event(1) && seen_event[1] == VIR_DOMAIN_EVENT_RESUMED &&
          seen_detail[1] == VIR_DOMAIN_EVENT_RESUMED_UNPAUSED, "resumed event %d/%d", seen_event[1],
          seen_detail[1]);
    CHECK(wrong_thread == 0, "callbacks run in the loop's thread");
    CHECK(kept && strcmp(virDomainGetName(kept), "ha-host_VM1") == 0, "the callback's domain can be kept");

    CHECK(virConnectDomainEventDeregisterAny(conn, life) == 0 &&
          virConnectDomainEventDeregisterAny(conn, reboot) == 0 && frees == 2, "deregistered, freecb run");
    CHECK(virConnectDomainEventDeregisterAny(conn, life) == -1 && virGetLastErrorCode() == VIR_ERR_INVALID_ARG,
          "deregistering twice");
    CHECK(virConnectIsAlive(conn) == 1, "alive");

    if (kept)
        virDomainFree(kept);
    if (d)
        virDomainFree(d);
    CHECK(virConnectClose(other) == 0 && virConnectClose(conn) == 0, "closed, no reference left");
    stop_loop = 1;
    pthread_join(loop_thread, NULL);
    return DONE("events");
}
