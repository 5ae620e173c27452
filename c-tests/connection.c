/* A libvirt program on a real connection: the credential callback, reference counts, errors
 * copied to the connection, and a good number of entry points. Needs ESX_TLS_ADDR (see
 * tools/test-env.sh). */
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include "check.h"

static char challenge[256];
static int asked;

static int callback(virConnectCredentialPtr cred, unsigned int ncred, void *data)
{
    (void)data;
    for (unsigned int i = 0; i < ncred; i++) {
        asked++;
        snprintf(challenge, sizeof(challenge), "%s", cred[i].challenge ? cred[i].challenge : "");
        const char *answer = cred[i].type == VIR_CRED_AUTHNAME ? "root" : "secret";
        cred[i].result = strdup(answer);
        cred[i].resultlen = strlen(answer);
    }
    return 0;
}

static int conn_handled;

static void conn_handler(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
    conn_handled++;
}

static void quiet(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
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
    CHECK(conn != NULL, "open: %s", virGetLastErrorMessage());
    if (!conn)
        return DONE("connection");
    CHECK(asked == 2, "asked %d", asked);
    CHECK(strcmp(challenge, "127.0.0.1") == 0, "challenge %s", challenge);

    /* host queries */
    unsigned long ver = 0, libver = 0;
    CHECK(strcmp(virConnectGetType(conn), "ESX") == 0, "type");
    CHECK(virConnectGetVersion(conn, &ver) == 0 && ver == 6005000, "version %lu", ver);
    CHECK(virConnectGetLibVersion(conn, &libver) == 0 && libver == 9000000, "lib version");
    char *s = virConnectGetHostname(conn);
    CHECK(s && strcmp(s, "localhost.localdomain") == 0, "hostname %s", s);
    free(s);
    s = virConnectGetURI(conn);
    CHECK(s && strcmp(s, uri) == 0, "uri %s", s);
    free(s);
    s = virConnectGetCapabilities(conn);
    CHECK(s && strstr(s, "<domain type='vmware'/>"), "capabilities");
    free(s);
    virNodeInfo info;
    CHECK(virNodeGetInfo(conn, &info) == 0 && info.cpus == 2 && info.memory > 0, "node info");
    CHECK(VIR_NODEINFO_MAXCPUS(info) == 2, "maxcpus");
    CHECK(virNodeGetFreeMemory(conn) > 0, "free memory");
    CHECK(virConnectIsEncrypted(conn) == 1 && virConnectIsSecure(conn) == 1, "encrypted");
    CHECK(virConnectIsAlive(conn) == 1, "alive");

    /* an unsupported function: libvirt's error, copied to the connection, its handler called */
    virConnSetErrorFunc(conn, NULL, conn_handler);
    CHECK(virNodeGetCellsFreeMemory(conn, NULL, 0, 1) == -1, "cells: invalid arg first");
    CHECK(virGetLastErrorCode() == VIR_ERR_INVALID_ARG, "code %d", virGetLastErrorCode());
    unsigned long long cells[1];
    CHECK(virNodeGetCellsFreeMemory(conn, cells, 0, 1) == -1, "cells");
    CHECK(virGetLastErrorCode() == VIR_ERR_NO_SUPPORT, "code %d", virGetLastErrorCode());
    CHECK(strcmp(virGetLastErrorMessage(),
                 "this function is not supported by the connection driver: virNodeGetCellsFreeMemory") == 0,
          "%s", virGetLastErrorMessage());
    CHECK(conn_handled == 2, "connection handler called %d", conn_handled);
    virErrorPtr ce = virConnGetLastError(conn);
    CHECK(ce && ce->code == VIR_ERR_NO_SUPPORT, "connection error");
    virError copy;
    CHECK(virConnCopyLastError(conn, &copy) == VIR_ERR_NO_SUPPORT, "conn copy");
    virResetError(&copy);
    virConnResetLastError(conn);
    CHECK(virConnGetLastError(conn) == NULL, "conn reset");

    /* typed parameters on the side */
    virTypedParameterPtr params = NULL;
    int nparams = 0, maxparams = 0, iv = 0;
    CHECK(virTypedParamsAddInt(&params, &nparams, &maxparams, "shares", 42) == 0, "add");
    CHECK(virTypedParamsGetInt(params, nparams, "shares", &iv) == 1 && iv == 42, "get");
    virTypedParamsFree(params, nparams);

    /* a domain holds a reference on its connection */
    virDomainPtr *doms = NULL;
    int ndoms = virConnectListAllDomains(conn, &doms, 0);
    CHECK(ndoms == 2, "two domains, %d", ndoms);
    virDomainPtr dom = ndoms > 0 ? doms[0] : NULL;
    for (int i = 1; i < ndoms; i++)
        virDomainFree(doms[i]);
    free(doms);
    CHECK(dom && virDomainRef(dom) == 0, "domain ref");
    CHECK(dom && virDomainFree(dom) == 0, "domain free with a reference left");
    CHECK(dom && virDomainGetName(dom) != NULL, "still usable");
    CHECK(virDomainGetConnect(dom) == conn, "its connection");

    /* reference counts: the last close releases, a later use is an invalid connection */
    CHECK(virConnectRef(conn) == 0, "ref");
    CHECK(virConnectClose(conn) == 1, "close with a reference left");
    CHECK(virConnectIsAlive(conn) == 1, "still usable");
    CHECK(virConnectClose(conn) == 1, "close while a domain holds a reference");
    CHECK(virConnectIsAlive(conn) == 1, "the domain keeps it open");
    CHECK(virDomainFree(dom) == 0, "last domain free releases the connection too");
    CHECK(virDomainGetName(dom) == NULL && virGetLastErrorCode() == VIR_ERR_INVALID_DOMAIN,
          "a freed domain is an invalid domain");
    CHECK(virConnectClose(conn) == -1 && virGetLastErrorCode() == VIR_ERR_INVALID_CONN,
          "close after release");
    CHECK(virConnectGetType(conn) == NULL, "type after release");

    /* read-only connections refuse changes */
    virConnectPtr ro = virConnectOpenAuth(uri, &auth, VIR_CONNECT_RO);
    CHECK(ro != NULL, "read-only open");
    CHECK(virDomainCreateXML(ro, "<domain/>", 0) == NULL &&
          virGetLastErrorCode() == VIR_ERR_OPERATION_DENIED, "read-only refuses %d",
          virGetLastErrorCode());
    virConnectClose(ro);
    return DONE("connection");
}
