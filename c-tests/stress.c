/* Long runs and threads: 8 threads share one connection and 8 more have a connection each; every
 * thread makes STRESS_CALLS mixed calls (300 by default; tools/test-long.sh: 10,000) - lookups,
 * queries, lists, and suspend/resume of a VM of its own - and checks every answer. The process's
 * resident memory after the first 1,000 calls and at the end is printed; it may grow by less
 * than 5 MiB (STRESS_RSS_CHECK=0 skips that, under valgrind). Needs STRESS_ADDR (tools/
 * test-env.sh: an ESX host over http with 16 VMs), or a whole STRESS_URI. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include "check.h"

#define SHARED 8
#define OWN 8
#define THREADS (SHARED + OWN)

static char uri[256];
static virConnectPtr shared;
static int ndoms;
static char names[THREADS][64];
static char uuids[THREADS][VIR_UUID_STRING_BUFLEN];
static virDomainInfo infos[THREADS];
static char *hostname;
static int calls = 300;
static atomic_int done_calls;
static long rss_first = -1;

struct worker {
    int index;
    virConnectPtr conn;
    int ok, bad;
};

static int callback(virConnectCredentialPtr cred, unsigned int ncred, void *data)
{
    (void)data;
    for (unsigned int i = 0; i < ncred; i++) {
        const char *a = cred[i].type == VIR_CRED_AUTHNAME ? "root" : "secret";
        cred[i].result = strdup(a);
        cred[i].resultlen = strlen(a);
    }
    return 0;
}

static virConnectPtr open_conn(void)
{
    int credtypes[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};
    virConnectAuth auth = {credtypes, 2, callback, NULL};
    return virConnectOpenAuth(uri, &auth, 0);
}

/* VmRSS of this process, in KiB. */
static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof(line), f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kib = atol(line + 6);
    if (f)
        fclose(f);
    return kib;
}

static void count_call(void)
{
    if (atomic_fetch_add(&done_calls, 1) + 1 == 1000)
        rss_first = rss_kib();
}

/* One call of a random kind; whether its answer was right. */
static int one_call(struct worker *w, unsigned int *seed, int *own_state)
{
    virConnectPtr c = w->conn;
    int i = rand_r(seed) % ndoms;
    int kind = rand_r(seed) % 8;
    int good = 0;
    virDomainPtr d = NULL;
    if (kind == 0) {
        char u[VIR_UUID_STRING_BUFLEN];
        d = virDomainLookupByName(c, names[i]);
        good = d && virDomainGetUUIDString(d, u) == 0 && strcmp(u, uuids[i]) == 0;
    } else if (kind == 1) {
        virDomainInfo info;
        d = virDomainLookupByUUIDString(c, uuids[i]);
        good = d && virDomainGetInfo(d, &info) == 0 && info.maxMem == infos[i].maxMem &&
               info.nrVirtCpu == infos[i].nrVirtCpu;
    } else if (kind == 2) {
        char *h = virConnectGetHostname(c);
        good = h && strcmp(h, hostname) == 0;
        free(h);
    } else if (kind == 3) {
        virDomainPtr *all = NULL;
        int n = virConnectListAllDomains(c, &all, 0);
        good = n == ndoms;
        for (int k = 0; k < n; k++)
            virDomainFree(all[k]);
        free(all);
    } else if (kind == 4) {
        virNodeInfo ni;
        good = virNodeGetInfo(c, &ni) == 0 && ni.cpus > 0;
    } else if (kind == 5) {
        char *xml;
        d = virDomainLookupByName(c, names[i]);
        xml = d ? virDomainGetXMLDesc(d, 0) : NULL;
        good = xml && strstr(xml, names[i]) != NULL;
        free(xml);
    } else {
        /* its own VM: suspend or resume it, and see the state it must be in */
        int state = -1, reason = -1;
        d = virDomainLookupByName(c, names[w->index]);
        if (d && *own_state == VIR_DOMAIN_RUNNING && virDomainSuspend(d) == 0)
            *own_state = VIR_DOMAIN_PAUSED;
        else if (d && *own_state == VIR_DOMAIN_PAUSED && virDomainResume(d) == 0)
            *own_state = VIR_DOMAIN_RUNNING;
        else
            *own_state = -1;
        good = d && virDomainGetState(d, &state, &reason, 0) == 0 && state == *own_state;
    }
    if (d)
        virDomainFree(d);
    return good;
}

static void *run(void *arg)
{
    struct worker *w = arg;
    unsigned int seed = 7919u * (unsigned int)(w->index + 1);
    int own_state = VIR_DOMAIN_RUNNING;
    if (!w->conn) {
        w->bad = calls;
        return NULL;
    }
    for (int q = 0; q < calls; q++) {
        if (one_call(w, &seed, &own_state)) {
            w->ok++;
        } else {
            w->bad++;
            if (w->bad < 4)
                printf("thread %d call %d failed: %s\n", w->index, q, virGetLastErrorMessage());
            if (own_state < 0)
                break; /* its VM is in an unknown state: the rest would fail too */
        }
        count_call();
    }
    return NULL;
}

int main(void)
{
    const char *addr = getenv("STRESS_ADDR");
    int rss_check = !getenv("STRESS_RSS_CHECK") || atoi(getenv("STRESS_RSS_CHECK")) != 0;
    if (!addr && !getenv("STRESS_URI")) {
        printf("STRESS_ADDR is not set: run tools/test-env.sh start\n");
        return 1;
    }
    if (getenv("STRESS_CALLS"))
        calls = atoi(getenv("STRESS_CALLS"));
    snprintf(uri, sizeof(uri), "esx://%s/?transport=http", addr ? addr : "");
    if (getenv("STRESS_URI"))
        snprintf(uri, sizeof(uri), "%s", getenv("STRESS_URI"));
    shared = open_conn();
    CHECK(shared != NULL, "open: %s", virGetLastErrorMessage());
    if (!shared)
        return DONE("stress");
    hostname = virConnectGetHostname(shared);
    virDomainPtr *all = NULL;
    ndoms = virConnectListAllDomains(shared, &all, 0);
    CHECK(ndoms >= THREADS, "a VM for each of the %d threads: %d", THREADS, ndoms);
    for (int i = 0; i < ndoms; i++) {
        if (i < THREADS) {
            snprintf(names[i], sizeof(names[i]), "%s", virDomainGetName(all[i]));
            virDomainGetUUIDString(all[i], uuids[i]);
            virDomainGetInfo(all[i], &infos[i]);
            /* each thread's VM starts running (an earlier run may have left it paused) */
            if (infos[i].state == VIR_DOMAIN_PAUSED)
                virDomainResume(all[i]);
            else if (infos[i].state != VIR_DOMAIN_RUNNING)
                virDomainCreate(all[i]);
        }
        virDomainFree(all[i]);
    }
    free(all);
    if (ndoms < THREADS)
        return DONE("stress");
    ndoms = THREADS; /* the VMs the threads know */

    pthread_t t[THREADS];
    struct worker w[THREADS];
    memset(w, 0, sizeof(w));
    for (int i = 0; i < THREADS; i++) {
        w[i].index = i;
        w[i].conn = i < SHARED ? shared : open_conn();
        pthread_create(&t[i], NULL, run, &w[i]);
    }
    int ok = 0, bad = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        ok += w[i].ok;
        bad += w[i].bad;
        if (i >= SHARED && w[i].conn)
            CHECK(virConnectClose(w[i].conn) == 0, "closing connection %d", i);
    }
    long rss_end = rss_kib();
    printf("stress: %d threads (%d on one connection, %d with their own), %d calls each: "
           "%d right, %d wrong\n", THREADS, SHARED, OWN, calls, ok, bad);
    if (rss_first > 0)
        printf("stress: RSS after 1,000 calls %ld KiB, at the end %ld KiB (%+ld KiB)\n", rss_first,
               rss_end, rss_end - rss_first);
    CHECK(ok == THREADS * calls && bad == 0, "%d right, %d wrong of %d", ok, bad, THREADS * calls);
    if (rss_check && rss_first > 0)
        CHECK(rss_end - rss_first < 5 * 1024, "RSS grew by %ld KiB", rss_end - rss_first);
    free(hostname);
    CHECK(virConnectClose(shared) == 0, "the last close releases the connection");
    return DONE("stress");
}
