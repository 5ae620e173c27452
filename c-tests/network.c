/* Network (virtual switch) and interface (physical NIC) handles through the C API: lists,
 * lookups, names, UUIDs and MAC addresses as C reads them, reference counts (a handle keeps its
 * connection open), freed, NULL and foreign pointers as invalid objects, a handle that outlives
 * its switch, read-only connections, and handles used from several threads at once. Needs
 * ESX_TLS_ADDR (tools/test-env.sh); defines the switch cnet and undefines it again. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include "check.h"

static const char *UUID0 = "2f467347-8b4e-8655-e7d6-c4c3fb968009";

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

static int last_is(int code, int domain)
{
    virErrorPtr e = virGetLastError();
    if (!e || e->code != code || e->domain != domain) {
        printf("  (got code=%d domain=%d '%s', expected code=%d domain=%d)\n",
               e ? e->code : -1, e ? e->domain : -1, e && e->message ? e->message : "", code,
               domain);
        return 0;
    }
    return 1;
}

static void test_networks(virConnectPtr conn)
{
    char *names[4] = {NULL};
    CHECK(virConnectNumOfNetworks(conn) == 1, "one switch");
    CHECK(virConnectListNetworks(conn, names, 0) == 0, "no room, no names");
    CHECK(virConnectListNetworks(conn, names, 4) == 1 && strcmp(names[0], "vSwitch0") == 0,
          "vSwitch0");
    free(names[0]);
    CHECK(virConnectNumOfDefinedNetworks(conn) == 0, "none inactive");
    CHECK(virConnectListNetworks(conn, NULL, 1) == -1 && last_is(VIR_ERR_INVALID_ARG,
          VIR_FROM_NETWORK), "NULL names");

    virNetworkPtr *nets = (virNetworkPtr *)0x1;
    CHECK(virConnectListAllNetworks(NULL, &nets, 0) == -1 && nets == NULL,
          "the array is cleared before the connection is checked");
    CHECK(virConnectListAllNetworks(conn, NULL, 0) == 1, "count only");
    CHECK(virConnectListAllNetworks(conn, &nets, 0) == 1 && nets[1] == NULL, "one, NULL-ended");
    virNetworkPtr n = nets[0];
    free(nets);
    CHECK(strcmp(virNetworkGetName(n), "vSwitch0") == 0, "name");
    char uuid[VIR_UUID_STRING_BUFLEN];
    unsigned char raw[VIR_UUID_BUFLEN];
    CHECK(virNetworkGetUUIDString(n, uuid) == 0 && strcmp(uuid, UUID0) == 0, "uuid %s", uuid);
    CHECK(virNetworkGetUUID(n, raw) == 0 && raw[0] == 0x2f && raw[15] == 0x09, "raw uuid");
    CHECK(virNetworkGetUUIDString(n, NULL) == -1 &&
          last_is(VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK), "NULL buffer");
    CHECK(virNetworkGetConnect(n) == conn, "its connection");
    int autostart = -1;
    CHECK(virNetworkGetAutostart(n, &autostart) == 0 && autostart == 1, "autostart");
    CHECK(virNetworkIsActive(n) == 1 && virNetworkIsPersistent(n) == 1, "active, persistent");
    char *bridge = virNetworkGetBridgeName(n);
    CHECK(bridge && strcmp(bridge, "vSwitch0") == 0, "bridge %s", bridge ? bridge : "");
    free(bridge);
    char *xml = virNetworkGetXMLDesc(n, 0);
    CHECK(xml && strstr(xml, "<forward dev='vmnic0' mode='bridge'>"), "xml %s", xml ? xml : "");
    free(xml);

    virNetworkPtr byuuid = virNetworkLookupByUUID(conn, raw);
    CHECK(byuuid && byuuid != n && strcmp(virNetworkGetName(byuuid), "vSwitch0") == 0,
          "a lookup is a handle of its own");
    virNetworkFree(byuuid);
    CHECK(virNetworkLookupByName(conn, "nope") == NULL &&
          last_is(VIR_ERR_NO_NETWORK, VIR_FROM_ESX), "missing");
    CHECK(virNetworkLookupByUUIDString(conn, "xyz") == NULL &&
          last_is(VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK), "bad uuid string");

    /* reference counts */
    CHECK(virNetworkRef(n) == 0, "ref");
    CHECK(virNetworkFree(n) == 0, "free with a reference left");
    CHECK(virNetworkGetName(n) != NULL, "still usable");
    CHECK(virNetworkFree(n) == 0, "last free");
    CHECK(virNetworkGetName(n) == NULL && last_is(VIR_ERR_INVALID_NETWORK, VIR_FROM_NETWORK),
          "a freed network is an invalid network");
    CHECK(virNetworkFree(n) == -1, "double free refused");
    CHECK(virNetworkGetXMLDesc(NULL, 0) == NULL &&
          last_is(VIR_ERR_INVALID_NETWORK, VIR_FROM_NETWORK), "NULL network");
    char foreign[64];
    memset(foreign, 0x5a, sizeof(foreign));
    CHECK(virNetworkGetUUIDString((virNetworkPtr)foreign, uuid) == -1 &&
          last_is(VIR_ERR_INVALID_NETWORK, VIR_FROM_NETWORK), "foreign pointer");
    CHECK(virInterfaceFree((virInterfacePtr)foreign) == -1 &&
          last_is(VIR_ERR_INVALID_INTERFACE, VIR_FROM_INTERFACE), "foreign interface");
}

static void test_define(virConnectPtr conn, virConnectPtr ro)
{
    const char *xml = "<network><name>cnet</name><portgroup name='cpg'/></network>";
    CHECK(virNetworkDefineXML(ro, xml) == NULL &&
          last_is(VIR_ERR_OPERATION_DENIED, VIR_FROM_NETWORK), "read-only define");
    virNetworkPtr n = virNetworkDefineXML(conn, xml);
    CHECK(n != NULL, "define: %s", virGetLastErrorMessage());
    if (!n)
        return;
    virNetworkPtr same = virNetworkLookupByName(ro, "cnet");
    CHECK(same && virNetworkUndefine(same) == -1 &&
          last_is(VIR_ERR_OPERATION_DENIED, VIR_FROM_NETWORK), "read-only undefine");
    virNetworkFree(same);
    CHECK(virNetworkDefineXML(conn, xml) == NULL && last_is(VIR_ERR_INTERNAL_ERROR, VIR_FROM_ESX),
          "defined twice");
    CHECK(virNetworkUndefine(n) == 0, "undefine: %s", virGetLastErrorMessage());
    CHECK(strcmp(virNetworkGetName(n), "cnet") == 0, "the handle outlives its switch");
    CHECK(virNetworkGetXMLDesc(n, 0) == NULL && last_is(VIR_ERR_NO_NETWORK, VIR_FROM_ESX),
          "but the switch is gone");
    CHECK(virNetworkFree(n) == 0, "free");
}

static void test_interfaces(virConnectPtr conn)
{
    CHECK(virConnectNumOfInterfaces(conn) == 2, "two NICs");
    CHECK(virConnectNumOfDefinedInterfaces(conn) == 0, "none inactive");
    virInterfacePtr *ifaces = NULL;
    CHECK(virConnectListAllInterfaces(conn, &ifaces, 0) == 2 && ifaces[2] == NULL, "two");
    CHECK(virConnectListAllInterfaces(conn, NULL, VIR_CONNECT_LIST_INTERFACES_INACTIVE) == 0,
          "no inactive ones");
    CHECK(virConnectListAllInterfaces(conn, NULL, 1 << 5) == -1 &&
          last_is(VIR_ERR_INVALID_ARG, VIR_FROM_ESX), "unknown flag");
    if (!ifaces)
        return;
    virInterfacePtr i1 = ifaces[1];
    virInterfaceFree(ifaces[0]);
    free(ifaces);
    CHECK(strcmp(virInterfaceGetName(i1), "vmnic1") == 0, "name");
    CHECK(strcmp(virInterfaceGetMACString(i1), "00:0c:29:81:d8:aa") == 0, "mac");
    CHECK(virInterfaceGetConnect(i1) == conn, "its connection");
    CHECK(virInterfaceIsActive(i1) == 1, "active");
    char *xml = virInterfaceGetXMLDesc(i1, VIR_INTERFACE_XML_INACTIVE);
    CHECK(xml && strstr(xml, "<interface type='ethernet' name='vmnic1'>"), "xml");
    free(xml);
    CHECK(virInterfaceGetXMLDesc(i1, 4) == NULL && last_is(VIR_ERR_INVALID_ARG, VIR_FROM_ESX),
          "unknown flag");
    virInterfacePtr byname = virInterfaceLookupByName(conn, "vmnic1");
    CHECK(byname && strcmp(virInterfaceGetMACString(byname), "00:0c:29:81:d8:aa") == 0,
          "by name");
    virInterfaceFree(byname);
    virInterfacePtr bymac = virInterfaceLookupByMACString(conn, "00:0C:29:81:D8:A0");
    CHECK(bymac && strcmp(virInterfaceGetName(bymac), "vmnic0") == 0, "by MAC, any case");
    virInterfaceFree(bymac);
    CHECK(virInterfaceLookupByMACString(conn, NULL) == NULL &&
          last_is(VIR_ERR_INVALID_ARG, VIR_FROM_INTERFACE), "NULL MAC");
    CHECK(virInterfaceRef(i1) == 0 && virInterfaceFree(i1) == 0, "ref, free");
    CHECK(virInterfaceGetName(i1) != NULL, "still usable");
    CHECK(virInterfaceFree(i1) == 0, "last free");
    CHECK(virInterfaceGetMACString(i1) == NULL &&
          last_is(VIR_ERR_INVALID_INTERFACE, VIR_FROM_INTERFACE), "freed interface");
}

static void *worker(void *arg)
{
    virConnectPtr conn = arg;
    long ok = 0;
    for (int k = 0; k < 10; k++) {
        virNetworkPtr n = virNetworkLookupByName(conn, "vSwitch0");
        virInterfacePtr i = virInterfaceLookupByName(conn, "vmnic0");
        char *x = n ? virNetworkGetXMLDesc(n, 0) : NULL;
        ok += n && i && x && strcmp(virInterfaceGetName(i), "vmnic0") == 0;
        free(x);
        virNetworkFree(n);
        virInterfaceFree(i);
    }
    return (void *)ok;
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
    virConnectPtr ro = virConnectOpenAuth(uri, &auth, VIR_CONNECT_RO);
    CHECK(conn && ro, "open: %s", virGetLastErrorMessage());
    if (!conn || !ro)
        return DONE("network");
    test_networks(conn);
    test_define(conn, ro);
    test_interfaces(conn);

    pthread_t t[4];
    for (int k = 0; k < 4; k++)
        pthread_create(&t[k], NULL, worker, conn);
    long total = 0;
    for (int k = 0; k < 4; k++) {
        void *r;
        pthread_join(t[k], &r);
        total += (long)r;
    }
    CHECK(total == 40, "threads: %ld of 40", total);

    /* a network keeps its connection open */
    virNetworkPtr n = virNetworkLookupByName(conn, "vSwitch0");
    virInterfacePtr i = virInterfaceLookupByName(conn, "vmnic0");
    CHECK(virConnectClose(conn) == 1, "close while handles hold it");
    CHECK(virNetworkGetConnect(n) == conn && virConnectIsAlive(conn) == 1, "still open");
    char *xml = virNetworkGetXMLDesc(n, 0);
    CHECK(xml != NULL, "usable: %s", virGetLastErrorMessage());
    free(xml);
    CHECK(virNetworkFree(n) == 0 && virConnectIsAlive(conn) == 1, "the interface holds it");
    CHECK(virInterfaceFree(i) == 0, "last handle");
    CHECK(virConnectIsAlive(conn) == -1 && virGetLastErrorCode() == VIR_ERR_INVALID_CONN,
          "released with its last handle");
    virConnectClose(ro);
    return DONE("network");
}
