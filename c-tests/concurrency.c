/* Eight threads sharing one connection, each making a mix of queries (CONCURRENCY_QUERIES each,
 * 1000 by default) and checking every answer against what one thread saw first. Needs
 * ESX_TLS_ADDR (see tools/test-env.sh), or a whole CONCURRENCY_URI; tools/test-all.sh also runs
 * it under valgrind, with fewer queries over plain http (valgrind takes ring's hand-written TLS
 * code for uninitialised reads), for leaks. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include "check.h"

#define THREADS 8
#define MAX_DOMS 16

static virConnectPtr conn;
static int ndoms;
static char names[MAX_DOMS][64];
static char uuids[MAX_DOMS][VIR_UUID_STRING_BUFLEN];
static virDomainInfo infos[MAX_DOMS];
static char *hostname;
static int queries = 1000;

struct result {
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

static void *worker(void *arg)
{
    struct result *r = arg;
    unsigned int seed = (unsigned int)(uintptr_t)arg;
    for (int q = 0; q < queries; q++) {
        int i = rand_r(&seed) % ndoms;
        int kind = rand_r(&seed) % 6;
        int good = 0;
        virDomainPtr d = NULL;
        if (kind == 0) {
            d = virDomainLookupByName(conn, names[i]);
            char u[VIR_UUID_STRING_BUFLEN];
            good = d && virDomainGetUUIDString(d, u) == 0 && strcmp(u, uuids[i]) == 0;
        } else if (kind == 1) {
            d = virDomainLookupByUUIDString(conn, uuids[i]);
            virDomainInfo info;
            good = d && virDomainGetInfo(d, &info) == 0 && info.state == infos[i].state &&
                   info.maxMem == infos[i].maxMem && info.nrVirtCpu == infos[i].nrVirtCpu;
        } else if (kind == 2) {
            d = virDomainLookupByName(conn, names[i]);
            int state = -1, reason = -1;
            good = d && virDomainGetState(d, &state, &reason, 0) == 0 && state == infos[i].state;
        } else if (kind == 3) {
            char *h = virConnectGetHostname(conn);
            good = h && strcmp(h, hostname) == 0;
            free(h);
        } else if (kind == 4) {
            virDomainPtr *all = NULL;
            int n = virConnectListAllDomains(conn, &all, 0);
            good = n == ndoms;
            for (int k = 0; k < n; k++)
                virDomainFree(all[k]);
            free(all);
        } else {
            virNodeInfo ni;
            good = virNodeGetInfo(conn, &ni) == 0 && ni.cpus > 0;
        }
        if (d)
            virDomainFree(d);
        if (good) {
            r->ok++;
        } else {
            r->bad++;
            if (r->bad < 5)
                printf("query %d kind %d failed: %s\n", q, kind, virGetLastErrorMessage());
        }
    }
    return NULL;
}

int main(void)
{
    const char *addr = getenv("ESX_TLS_ADDR");
    const char *q = getenv("CONCURRENCY_QUERIES");
    char uri[256];
    int credtypes[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};
    virConnectAuth auth = {credtypes, 2, callback, NULL};
    if (!addr) {
        printf("ESX_TLS_ADDR is not set: run tools/test-env.sh start\n");
        return 1;
    }
    if (q)
        queries = atoi(q);
    snprintf(uri, sizeof(uri), "esx://%s/?no_verify=1", addr);
    if (getenv("CONCURRENCY_URI"))
        snprintf(uri, sizeof(uri), "%s", getenv("CONCURRENCY_URI"));
    conn = virConnectOpenAuth(uri, &auth, 0);
    CHECK(conn != NULL, "open: %s", virGetLastErrorMessage());
    if (!conn)
        return DONE("concurrency");
    hostname = virConnectGetHostname(conn);
    virDomainPtr *all = NULL;
    ndoms = virConnectListAllDomains(conn, &all, 0);
    CHECK(ndoms > 0 && ndoms <= MAX_DOMS, "domains %d", ndoms);
    for (int i = 0; i < ndoms && i < MAX_DOMS; i++) {
        snprintf(names[i], sizeof(names[i]), "%s", virDomainGetName(all[i]));
        virDomainGetUUIDString(all[i], uuids[i]);
        virDomainGetInfo(all[i], &infos[i]);
        virDomainFree(all[i]);
    }
    free(all);

    pthread_t t[THREADS];
    struct result r[THREADS];
    memset(r, 0, sizeof(r));
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, &r[i]);
    int ok = 0, bad = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        ok += r[i].ok;
        bad += r[i].bad;
    }
    CHECK(ok == THREADS * queries && bad == 0, "%d right, %d wrong of %d", ok, bad, THREADS * queries);
    free(hostname);
    CHECK(virConnectClose(conn) == 0, "the last close releases the connection");
    return DONE("concurrency");
}
