/* Migration through vCenter from C: a domain of one clustered host moved to another and back,
 * and the errors libvirt's dispatch gives. Needs VPX_ADDR (see tools/test-env.sh). */
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include "check.h"

static int callback(virConnectCredentialPtr cred, unsigned int ncred, void *data)
{
    (void)data;
    for (unsigned int i = 0; i < ncred; i++) {
        const char *a = cred[i].type == VIR_CRED_AUTHNAME ? "administrator" : "secret";
        cred[i].result = strdup(a);
        cred[i].resultlen = strlen(a);
    }
    return 0;
}

static void quiet(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}

static virConnectPtr open_host(const char *addr, const char *path)
{
    char uri[512];
    int credtypes[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};
    virConnectAuth auth = {credtypes, 2, callback, NULL};
    snprintf(uri, sizeof(uri), "vpx://%s/%s?no_verify=1", addr, path);
    return virConnectOpenAuth(uri, &auth, 0);
}

static int count(virConnectPtr c)
{
    return virConnectNumOfDomains(c) + virConnectNumOfDefinedDomains(c);
}

int main(void)
{
    const char *addr = getenv("VPX_ADDR");
    if (!addr) {
        printf("VPX_ADDR is not set: run tools/test-env.sh start\n");
        return 1;
    }
    virSetErrorFunc(NULL, quiet);
    virConnectPtr a = open_host(addr, "F0/DC0/F0/DC0_C0/DC0_C0_H1");
    virConnectPtr b = open_host(addr, "F0/DC0/F0/DC0_C0/DC0_C0_H2");
    CHECK(a && b, "open: %s", virGetLastErrorMessage());
    if (!a || !b)
        return DONE("migrate");
    int na = count(a), nb = count(b);
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(a, &doms, 0);
    CHECK(n > 0, "a domain to move");
    if (n <= 0)
        return DONE("migrate");
    virDomainPtr dom = doms[0];
    for (int i = 1; i < n; i++)
        virDomainFree(doms[i]);
    free(doms);
    char name[128];
    snprintf(name, sizeof(name), "%s", virDomainGetName(dom));

    CHECK(virDomainMigrate(dom, b, 0, "renamed", NULL, 0) == NULL &&
              virGetLastErrorCode() == VIR_ERR_INVALID_ARG,
          "rename refused: %s", virGetLastErrorMessage());
    CHECK(virDomainMigrate(dom, NULL, 0, NULL, NULL, 0) == NULL &&
              virGetLastErrorCode() == VIR_ERR_INVALID_CONN,
          "no destination: %s", virGetLastErrorMessage());
    CHECK(virDomainMigrate(dom, b, VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_NON_SHARED_INC, NULL,
                           NULL, 0) == NULL &&
              virGetLastErrorCode() == VIR_ERR_INVALID_ARG,
          "exclusive flags: %s", virGetLastErrorMessage());

    virDomainPtr moved = virDomainMigrate(dom, b, VIR_MIGRATE_LIVE, NULL, NULL, 0);
    CHECK(moved != NULL, "migrate: %s", virGetLastErrorMessage());
    CHECK(moved && virDomainGetConnect(moved) == b, "the new domain belongs to the destination");
    CHECK(moved && strcmp(virDomainGetName(moved), name) == 0, "same name");
    CHECK(count(a) == na - 1 && count(b) == nb + 1, "listing per host after the move");
    virDomainPtr back = moved ? virDomainMigrate(moved, a, VIR_MIGRATE_LIVE, NULL, NULL, 0) : NULL;
    CHECK(back != NULL, "migrate back: %s", virGetLastErrorMessage());
    CHECK(count(a) == na && count(b) == nb, "listing per host after the move back");
    if (back)
        virDomainFree(back);
    if (moved)
        virDomainFree(moved);
    virDomainFree(dom);
    virConnectClose(a);
    virConnectClose(b);
    return DONE("migrate");
}
