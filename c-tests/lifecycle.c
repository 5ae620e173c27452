/* Domain lifecycle through the C API: create, destroy, suspend, resume, shutdown, reboot, the
 * id a handle answers after each, wrong states and flags, VMware tools missing then running,
 * host name and interface addresses (the array freed with virDomainInterfaceFree), and
 * questions blocking a power-on with auto_answer=0 and 1. Needs LIFE_TLS_ADDR (the lifecycle
 * tests' own simulator, see tools/test-env.sh), else ESX_TLS_ADDR; leaves the VMs as found
 * (powered on, tools not running). Drives the simulator's test endpoints with curl. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include "check.h"

static const char *addr;

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

static virConnectPtr open_conn(const char *params, unsigned int flags)
{
    char uri[512];
    int credtypes[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};
    virConnectAuth auth = {credtypes, 2, callback, NULL};
    snprintf(uri, sizeof(uri), "esx://%s/?no_verify=1%s", addr, params);
    return virConnectOpenAuth(uri, &auth, flags);
}

/* POST to one of the simulator's test endpoints */
static int sim(const char *path)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "curl -skf -o /dev/null -X POST 'https://%s%s'", addr, path);
    return system(cmd);
}

/* the last error is `code` in `domain` and its message contains `text` */
static int failed_with(int code, int domain, const char *text)
{
    virErrorPtr e = virGetLastError();
    int ok = e && e->code == code && e->domain == domain && e->message && strstr(e->message, text);
    if (!ok)
        printf("  last error: %d %d %s\n", e ? e->code : -1, e ? e->domain : -1,
               e && e->message ? e->message : "(none)");
    return ok;
}

static int state_of(virDomainPtr d)
{
    int state = -1, reason = -1;
    if (virDomainGetState(d, &state, &reason, 0) < 0)
        return -1;
    return state;
}

#define NOT_ON "Requested operation is not valid: Domain is not powered on"
#define TOOLS "Cannot complete operation because VMware Tools is not running in this virtual machine."

int main(void)
{
    addr = getenv("LIFE_TLS_ADDR");
    if (!addr)
        addr = getenv("ESX_TLS_ADDR");
    if (!addr) {
        printf("LIFE_TLS_ADDR/ESX_TLS_ADDR is not set: run tools/test-env.sh start\n");
        return 1;
    }
    virSetErrorFunc(NULL, quiet);
    virConnectPtr conn = open_conn("", 0);
    CHECK(conn != NULL, "open: %s", virGetLastErrorMessage());
    if (!conn)
        return DONE("lifecycle");
    virDomainPtr d = virDomainLookupByName(conn, "ha-host_VM0");
    CHECK(d != NULL, "lookup");
    if (!d)
        return DONE("lifecycle");
    int id = (int)virDomainGetID(d);
    CHECK(id > 0 && state_of(d) == VIR_DOMAIN_RUNNING, "running, id %d", id);

    /* wrong states and flags on a running domain */
    CHECK(virDomainCreate(d) == -1 &&
          failed_with(VIR_ERR_OPERATION_INVALID, VIR_FROM_ESX, "Domain is not powered off"), "create running");
    CHECK(virDomainResume(d) == -1 &&
          failed_with(VIR_ERR_OPERATION_INVALID, VIR_FROM_ESX, "Domain is not suspended"), "resume running");
    CHECK(virDomainCreateWithFlags(d, 1) == -1 &&
          failed_with(VIR_ERR_INVALID_ARG, VIR_FROM_ESX,
                      "unsupported flags (0x1) in function esxDomainCreateWithFlags"), "create flags");
    CHECK(virDomainDestroyFlags(d, 2) == -1 &&
          failed_with(VIR_ERR_INVALID_ARG, VIR_FROM_ESX,
                      "unsupported flags (0x2) in function esxDomainDestroyFlags"), "destroy flags");
    CHECK(virDomainShutdownFlags(d, 1) == -1 &&
          failed_with(VIR_ERR_INVALID_ARG, VIR_FROM_ESX, "esxDomainShutdownFlags"), "shutdown flags");
    CHECK(virDomainReboot(d, 1) == -1 &&
          failed_with(VIR_ERR_INVALID_ARG, VIR_FROM_ESX, "esxDomainReboot"), "reboot flags");

    /* tools not running */
    CHECK(virDomainShutdown(d) == -1 &&
          failed_with(VIR_ERR_INTERNAL_ERROR, VIR_FROM_ESX,
                      "internal error: HTTP response code 500 for call to 'ShutdownGuest'. "
                      "Fault: ServerFaultCode - " TOOLS), "shutdown without tools");
    CHECK(virDomainReboot(d, 0) == -1 &&
          failed_with(VIR_ERR_INTERNAL_ERROR, VIR_FROM_ESX, TOOLS), "reboot without tools");
    CHECK(virDomainGetHostname(d, 0) == NULL &&
          failed_with(VIR_ERR_OPERATION_INVALID, VIR_FROM_ESX,
                      "hostName field not available (missing VMware Tools?)"), "hostname");

    /* interface addresses: the array and each interface from malloc */
    virDomainInterfacePtr *ifaces = (virDomainInterfacePtr *)&ifaces;
    int n = virDomainInterfaceAddresses(d, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0);
    CHECK(n == 1 && ifaces != NULL, "addresses %d", n);
    if (n == 1 && ifaces) {
        CHECK(strcmp(ifaces[0]->name, "VM Network") == 0, "name %s", ifaces[0]->name);
        CHECK(ifaces[0]->hwaddr && strlen(ifaces[0]->hwaddr) == 17, "hwaddr");
        CHECK(ifaces[0]->naddrs == 0 && ifaces[0]->addrs == NULL, "no addresses without tools");
    }
    for (int i = 0; i < n; i++)
        virDomainInterfaceFree(ifaces[i]);
    free(ifaces);
    ifaces = (virDomainInterfacePtr *)&ifaces;
    CHECK(virDomainInterfaceAddresses(d, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0) == -1 &&
          ifaces == NULL &&
          failed_with(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_ESX, "Unknown IP address data source 0"),
          "lease source");
    CHECK(virDomainInterfaceAddresses(d, NULL, 1, 0) == -1 &&
          failed_with(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "ifaces in virDomainInterfaceAddresses must not be NULL"),
          "NULL ifaces");

    /* suspend, resume */
    CHECK(virDomainSuspend(d) == 0 && state_of(d) == VIR_DOMAIN_PAUSED, "suspend");
    CHECK((int)virDomainGetID(d) == id, "id kept while suspended");
    CHECK(virDomainSuspend(d) == -1 && failed_with(VIR_ERR_OPERATION_INVALID, VIR_FROM_ESX, NOT_ON),
          "suspend suspended");
    CHECK(virDomainDestroy(d) == -1 && failed_with(VIR_ERR_OPERATION_INVALID, VIR_FROM_ESX, NOT_ON),
          "destroy suspended");
    CHECK(virDomainShutdown(d) == -1 && failed_with(VIR_ERR_OPERATION_INVALID, VIR_FROM_ESX, NOT_ON),
          "shutdown suspended");
    CHECK(virDomainResume(d) == 0 && state_of(d) == VIR_DOMAIN_RUNNING, "resume");

    /* destroy, create: the handle's id follows */
    CHECK(virDomainDestroy(d) == 0 && state_of(d) == VIR_DOMAIN_SHUTOFF, "destroy");
    CHECK(virDomainGetID(d) == (unsigned int)-1, "id after destroy");
    CHECK(virDomainDestroy(d) == -1 && failed_with(VIR_ERR_OPERATION_INVALID, VIR_FROM_ESX, NOT_ON),
          "destroy off");
    CHECK(virDomainReboot(d, 0) == -1 && failed_with(VIR_ERR_OPERATION_INVALID, VIR_FROM_ESX, NOT_ON),
          "reboot off");
    CHECK(virDomainInterfaceAddresses(d, &ifaces, 1, 0) == -1 &&
          failed_with(VIR_ERR_OPERATION_INVALID, VIR_FROM_ESX, NOT_ON), "addresses off");
    CHECK(virDomainCreate(d) == 0 && state_of(d) == VIR_DOMAIN_RUNNING, "create");
    CHECK((int)virDomainGetID(d) == id, "id after create %d", (int)virDomainGetID(d));
    CHECK(virDomainDestroyFlags(d, 0) == 0 && virDomainCreateWithFlags(d, 0) == 0 &&
          (int)virDomainGetID(d) == id, "destroy and create with flags");

    /* read-only */
    virConnectPtr ro = open_conn("", VIR_CONNECT_RO);
    virDomainPtr rd = ro ? virDomainLookupByName(ro, "ha-host_VM0") : NULL;
    CHECK(rd != NULL, "read-only lookup");
    if (rd) {
        CHECK(virDomainDestroy(rd) == -1 &&
              failed_with(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                          "operation forbidden: read only access prevents virDomainDestroy"), "read-only destroy");
        CHECK(virDomainInterfaceAddresses(rd, &ifaces, 1, 0) == -1 &&
              failed_with(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN, "virDomainInterfaceAddresses"),
              "read-only agent addresses");
        virDomainFree(rd);
    }
    if (ro)
        virConnectClose(ro);

    /* tools running: reboot and shutdown work */
    CHECK(sim("/_tools?vm=ha-host_VM0&running=true") == 0, "tools on");
    CHECK(sim("/_tools?vm=ha-host_VM0&hostname=guest0.example&ip=192.168.1.10/24,fe80::2/64") == 0,
          "tools data");
    char *host = virDomainGetHostname(d, 0);
    CHECK(host && strcmp(host, "guest0.example") == 0, "hostname %s", host ? host : "(null)");
    free(host);
    n = virDomainInterfaceAddresses(d, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0);
    CHECK(n == 1 && ifaces && ifaces[0]->naddrs == 2, "addresses with tools %d", n);
    if (n == 1 && ifaces && ifaces[0]->naddrs == 2) {
        virDomainIPAddressPtr a = ifaces[0]->addrs;
        CHECK(a[0].type == VIR_IP_ADDR_TYPE_IPV4 && strcmp(a[0].addr, "192.168.1.10") == 0 &&
              a[0].prefix == 24, "ipv4 %s/%u", a[0].addr, a[0].prefix);
        CHECK(a[1].type == VIR_IP_ADDR_TYPE_IPV6 && strcmp(a[1].addr, "fe80::2") == 0 &&
              a[1].prefix == 64, "ipv6 %s/%u", a[1].addr, a[1].prefix);
    }
    for (int i = 0; i < n; i++)
        virDomainInterfaceFree(ifaces[i]);
    if (n > 0)
        free(ifaces);
    CHECK(virDomainReboot(d, 0) == 0 && state_of(d) == VIR_DOMAIN_RUNNING, "reboot with tools");
    CHECK(virDomainShutdown(d) == 0, "shutdown with tools: %s", virGetLastErrorMessage());
    for (int i = 0; i < 50 && state_of(d) != VIR_DOMAIN_SHUTOFF; i++)
        usleep(100000);
    CHECK(state_of(d) == VIR_DOMAIN_SHUTOFF, "shut down");
    CHECK(virDomainCreate(d) == 0, "create after shutdown");
    CHECK(sim("/_tools?vm=ha-host_VM0&running=false&hostname=&ip=") == 0, "tools off");
    virDomainFree(d);

    /* a question blocking a power-on: reported without auto_answer, answered with it */
    virDomainPtr q = virDomainLookupByName(conn, "ha-host_VM1");
    virConnectPtr ca = open_conn("&auto_answer=1", 0);
    virDomainPtr qa = ca ? virDomainLookupByName(ca, "ha-host_VM1") : NULL;
    CHECK(q && qa, "question VM");
    if (q && qa) {
        CHECK(virDomainDestroy(q) == 0, "destroy for question");
        CHECK(sim("/_question?vm=ha-host_VM1") == 0, "arm");
        CHECK(virDomainCreate(q) == -1 &&
              failed_with(VIR_ERR_INTERNAL_ERROR, VIR_FROM_ESX,
                          "Pending question blocks virtual machine execution, question is "
                          "'msg.uuid.altered:This virtual machine might have been moved or copied."),
              "question reported");
        CHECK(failed_with(VIR_ERR_INTERNAL_ERROR, VIR_FROM_ESX,
                          "', possible answers are 'Cancel', 'I _Moved It', 'I _Copied It'"),
              "choices reported");
        CHECK(virDomainGetID(q) == (unsigned int)-1, "no id after a blocked create");
        /* the blocked power-on's question is answered by the next call with auto_answer */
        virDomainCreate(qa);
        for (int i = 0; i < 50 && state_of(qa) != VIR_DOMAIN_RUNNING; i++)
            usleep(100000);
        CHECK(state_of(qa) == VIR_DOMAIN_RUNNING, "answered");
        CHECK(virDomainDestroy(qa) == 0, "destroy again");
        CHECK(sim("/_question?vm=ha-host_VM1") == 0, "arm again");
        CHECK(virDomainCreate(qa) == 0, "create answers: %s", virGetLastErrorMessage());
        CHECK(state_of(qa) == VIR_DOMAIN_RUNNING && (int)virDomainGetID(qa) > 0, "running after answer");
    }
    if (q)
        virDomainFree(q);
    if (qa)
        virDomainFree(qa);
    if (ca)
        virConnectClose(ca);
    virConnectClose(conn);
    return DONE("lifecycle");
}
