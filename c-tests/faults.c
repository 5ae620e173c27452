/* Faults on the wire through the C API: the launcher's fault front (tools/vcsim/faults.go) on
 * the FAULTS simulator of tools/test-env.sh breaks the next requests; each call must fail with
 * a clear message (a stall: within the timeout=2 of the URI) and the connection must answer
 * right once the fault is gone. tests/python/test_faults.py tries every kind on every entry
 * point; this is the same contract seen from C. Needs FAULTS_ADDR, FAULTS_CA, FAULTS_PASS. */
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include "check.h"

static const char *addr, *ca, *pass;

static int callback(virConnectCredentialPtr cred, unsigned int ncred, void *data)
{
    (void)data;
    for (unsigned int i = 0; i < ncred; i++) {
        const char *a = cred[i].type == VIR_CRED_AUTHNAME ? "root" : pass;
        cred[i].result = strdup(a);
        cred[i].resultlen = strlen(a);
    }
    return 0;
}

static virConnectPtr open_conn(void)
{
    char uri[512];
    int credtypes[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};
    virConnectAuth auth = {credtypes, 2, callback, NULL};
    snprintf(uri, sizeof(uri), "esx://root@%s/?cacert=%s&timeout=2", addr, ca);
    return virConnectOpenAuth(uri, &auth, 0);
}

/* The front's endpoint, through python3 (the server's CA is trusted there too). */
static int front(const char *verb, const char *query)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd),
             "python3 -c 'import ssl, sys, urllib.request as u; "
             "u.urlopen(u.Request(sys.argv[1], method=sys.argv[2]), "
             "context=ssl.create_default_context(cafile=sys.argv[3])).read()' "
             "'https://%s/_fault%s' %s '%s'",
             addr, query, verb, ca);
    return system(cmd);
}

static int arm(const char *params)
{
    char q[256];
    snprintf(q, sizeof(q), "?count=2&%s", params);
    return front("POST", q);
}

static int clear(void)
{
    return front("DELETE", "");
}

/* An error was reported, and it says something. */
static int clear_error(void)
{
    const char *m = virGetLastErrorMessage();
    return m && strlen(m) > 10 && !strstr(m, "unknown cause");
}

int main(void)
{
    static const char *kinds[] = {"kind=close", "kind=cut&bytes=100", "kind=stall&seconds=30",
                                  "kind=http503", "kind=soapfault&fault=SystemError",
                                  "kind=garbage", "kind=missing"};
    const int nkinds = sizeof(kinds) / sizeof(kinds[0]);
    int tried = 0, survived = 0;
    addr = getenv("FAULTS_ADDR");
    ca = getenv("FAULTS_CA");
    pass = getenv("FAULTS_PASS");
    if (!addr || !ca || !pass) {
        printf("FAULTS_ADDR, FAULTS_CA, FAULTS_PASS are not set: run tools/test-env.sh start\n");
        return 1;
    }
    CHECK(clear() == 0, "the fault front answers");
    virConnectPtr conn = open_conn();
    CHECK(conn != NULL, "open: %s", virGetLastErrorMessage());
    if (!conn)
        return DONE("faults");
    virDomainPtr *all = NULL;
    int ndoms = virConnectListAllDomains(conn, &all, 0);
    CHECK(ndoms >= 1, "domains: %d", ndoms);
    char name[64] = "";
    if (ndoms >= 1)
        snprintf(name, sizeof(name), "%s", virDomainGetName(all[0]));
    for (int i = 0; i < ndoms; i++)
        virDomainFree(all[i]);
    free(all);

    for (int k = 0; k < nkinds; k++) {
        /* open */
        arm(kinds[k]);
        virConnectPtr c = open_conn();
        int ok = c == NULL && clear_error();
        CHECK(ok, "open under %s: %s", kinds[k], c ? "opened" : virGetLastErrorMessage());
        if (c)
            virConnectClose(c);
        clear();
        c = open_conn();
        CHECK(c != NULL, "open after %s: %s", kinds[k], virGetLastErrorMessage());
        ok = ok && c;
        if (c)
            virConnectClose(c);
        tried++, survived += ok;

        /* a list */
        arm(kinds[k]);
        int n = virConnectListAllDomains(conn, &all, 0);
        ok = (n == -1 && clear_error()) || n == ndoms;
        CHECK(ok, "list under %s: %d: %s", kinds[k], n, virGetLastErrorMessage());
        for (int i = 0; i < n; i++)
            virDomainFree(all[i]);
        if (n > 0)
            free(all);
        clear();
        n = virConnectListAllDomains(conn, &all, 0);
        CHECK(n == ndoms, "list after %s: %d", kinds[k], n);
        ok = ok && n == ndoms;
        for (int i = 0; i < n; i++)
            virDomainFree(all[i]);
        if (n > 0)
            free(all);
        tried++, survived += ok;

        /* a lookup and a query */
        virDomainPtr d = virDomainLookupByName(conn, name);
        virDomainInfo info;
        arm(kinds[k]);
        int r = d ? virDomainGetInfo(d, &info) : -2;
        ok = (r == -1 && clear_error()) || (r == 0 && info.maxMem > 0);
        CHECK(ok, "info under %s: %d: %s", kinds[k], r, virGetLastErrorMessage());
        clear();
        r = d ? virDomainGetInfo(d, &info) : -2;
        CHECK(r == 0 && info.maxMem > 0, "info after %s: %s", kinds[k], virGetLastErrorMessage());
        ok = ok && r == 0;
        if (d)
            virDomainFree(d);
        tried++, survived += ok;
    }

    /* a fault a caller can act on */
    virDomainPtr d = virDomainLookupByName(conn, name);
    arm("kind=soapfault&fault=NoPermission&method=PowerOffVM_Task");
    CHECK(d && virDomainDestroy(d) == -1 && virGetLastErrorCode() == VIR_ERR_OPERATION_DENIED,
          "NoPermission: %d %s", virGetLastErrorCode(), virGetLastErrorMessage());
    clear();
    CHECK(d && virDomainIsActive(d) == 1, "the domain still runs");
    if (d)
        virDomainFree(d);

    printf("faults: %d faults tried through the C API, %d survived\n", tried, survived);
    CHECK(tried == survived, "%d of %d survived", survived, tried);
    CHECK(virConnectClose(conn) == 0, "close");
    return DONE("faults");
}
