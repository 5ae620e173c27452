/* Domain resources through the C API and the typed-parameter helpers: the scheduler's
 * allocation (reservation, limit, shares), memory parameters (min_guarantee), vCPUs, memory and
 * autostart, with libvirt 9.0's answers and errors. Needs ESX_TLS_ADDR (tools/test-env.sh);
 * changes ha-host_VM0's scheduler parameters, memory reservation and vCPUs and sets them back.
 *
 * The same program passes against Debian's libvirt 9.0, the reference:
 *   gcc -Wall -Werror c-tests/resources.c -o /tmp/res-ref $(pkg-config --libs libvirt) && \
 *       ESX_TLS_ADDR=... /tmp/res-ref
 */
#include <stdlib.h>
#include <string.h>
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

/* the call failed with exactly (code, domain, message) */
static int failed_with(int rc, int code, int domain, const char *message)
{
    virErrorPtr e = virGetLastError();
    if (rc != -1) {
        printf("  (returned %d, expected -1)\n", rc);
        return 0;
    }
    if (!e || e->code != code || e->domain != domain || !e->message ||
        strcmp(e->message, message)) {
        printf("  (got code=%d domain=%d '%s', expected code=%d domain=%d '%s')\n",
               e ? e->code : -1, e ? e->domain : -1, e && e->message ? e->message : "(null)",
               code, domain, message);
        return 0;
    }
    return 1;
}

struct sched {
    long long reservation, limit;
    int shares;
};

/* the three scheduler parameters, read with virDomainGetSchedulerParameters */
static int get_sched(virDomainPtr d, struct sched *s)
{
    virTypedParameter params[3];
    int n = 3;
    memset(params, 0, sizeof(params));
    if (virDomainGetSchedulerParameters(d, params, &n) < 0 || n != 3)
        return -1;
    if (virTypedParamsGetLLong(params, n, VIR_DOMAIN_SCHEDULER_RESERVATION, &s->reservation) != 1 ||
        virTypedParamsGetLLong(params, n, VIR_DOMAIN_SCHEDULER_LIMIT, &s->limit) != 1 ||
        virTypedParamsGetInt(params, n, VIR_DOMAIN_SCHEDULER_SHARES, &s->shares) != 1)
        return -1;
    return 0;
}

/* set all three with virDomainSetSchedulerParameters(Flags), params built by virTypedParamsAdd* */
static int set_sched(virDomainPtr d, const struct sched *s, int with_flags)
{
    virTypedParameterPtr p = NULL;
    int n = 0, max = 0, rc = -1;
    if (virTypedParamsAddLLong(&p, &n, &max, VIR_DOMAIN_SCHEDULER_RESERVATION, s->reservation) < 0 ||
        virTypedParamsAddLLong(&p, &n, &max, VIR_DOMAIN_SCHEDULER_LIMIT, s->limit) < 0 ||
        virTypedParamsAddInt(&p, &n, &max, VIR_DOMAIN_SCHEDULER_SHARES, s->shares) < 0)
        goto out;
    rc = with_flags ? virDomainSetSchedulerParametersFlags(d, p, n, 0)
                    : virDomainSetSchedulerParameters(d, p, n);
out:
    virTypedParamsFree(p, n);
    return rc;
}

static void test_scheduler(virDomainPtr d)
{
    int n = -7;
    char *type = virDomainGetSchedulerType(d, &n);
    CHECK(type && strcmp(type, "allocation") == 0 && n == 3, "type %s, %d", type ? type : "", n);
    free(type);
    type = virDomainGetSchedulerType(d, NULL);
    CHECK(type && strcmp(type, "allocation") == 0, "type without nparams");
    free(type);

    struct sched orig, got;
    CHECK(get_sched(d, &orig) == 0, "get: %s", virGetLastErrorMessage());

    /* fewer slots than parameters: the first ones only */
    virTypedParameter one[1];
    memset(one, 0, sizeof(one));
    n = 1;
    CHECK(virDomainGetSchedulerParameters(d, one, &n) == 0 && n == 1 &&
              one[0].field[0] != 0, "one slot: %d", n);
    n = 0;
    CHECK(failed_with(virDomainGetSchedulerParameters(d, one, &n), VIR_ERR_INVALID_ARG,
                      VIR_FROM_DOMAIN,
                      "*nparams in virDomainGetSchedulerParameters must be greater than zero"),
          "zero slots");
    CHECK(failed_with(virDomainGetSchedulerParameters(d, NULL, &n), VIR_ERR_INVALID_ARG,
                      VIR_FROM_DOMAIN, "params in virDomainGetSchedulerParameters must not be NULL"),
          "NULL params");
    n = 3;
    virTypedParameter three[3];
    CHECK(failed_with(virDomainGetSchedulerParametersFlags(d, three, &n, 0), VIR_ERR_INVALID_ARG,
                      VIR_FROM_ESX,
                      "unsupported flags (0x4) in function esxDomainGetSchedulerParametersFlags"),
          "libvirt 9.0's ESX driver refuses the flag libvirt adds");
    CHECK(failed_with(virDomainGetSchedulerParametersFlags(
                          d, three, &n, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG),
                      VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                      "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually "
                      "exclusive"),
          "live|config");

    struct sched want = {50, 500, 1500};
    CHECK(set_sched(d, &want, 0) == 0, "set: %s", virGetLastErrorMessage());
    CHECK(get_sched(d, &got) == 0 && got.reservation == 50 && got.limit == 500 &&
              got.shares == 1500, "read back %lld %lld %d", got.reservation, got.limit, got.shares);
    struct sched levels[] = {{0, -1, -1}, {0, -1, -2}, {0, -1, -3}, {7, 7, 0}};
    for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
        CHECK(set_sched(d, &levels[i], 1) == 0, "set flags: %s", virGetLastErrorMessage());
        CHECK(get_sched(d, &got) == 0 && got.shares == levels[i].shares &&
                  got.limit == levels[i].limit && got.reservation == levels[i].reservation,
              "level %d: %d", levels[i].shares, got.shares);
    }

    /* values the driver refuses, named as libvirt names them */
    struct {
        struct sched s;
        const char *message;
    } bad[] = {
        {{-5, -1, 0}, "invalid argument: Could not set reservation to -5 MHz, expecting positive value"},
        {{0, -2, 0}, "invalid argument: Could not set limit to -2 MHz, expecting positive value or "
                     "-1 (unlimited)"},
        {{0, -1, -4}, "invalid argument: Could not set shares to -4, expecting positive value or -1 "
                      "(low), -2 (normal) or -3 (high)"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK(failed_with(set_sched(d, &bad[i].s, 0), VIR_ERR_INVALID_ARG, VIR_FROM_ESX,
                          bad[i].message), "bad %zu", i);
    CHECK(get_sched(d, &got) == 0 && got.reservation == 7 && got.shares == 0, "unchanged");

    /* parameters virTypedParamsValidate refuses */
    virTypedParameterPtr p = NULL;
    int np = 0, max = 0;
    virTypedParamsAddInt(&p, &np, &max, "bogus", 1);
    CHECK(failed_with(virDomainSetSchedulerParameters(d, p, np), VIR_ERR_ARGUMENT_UNSUPPORTED,
                      VIR_FROM_NONE, "argument unsupported: parameter 'bogus' not supported"),
          "unknown");
    virTypedParamsFree(p, np);
    p = NULL, np = 0, max = 0;
    virTypedParamsAddInt(&p, &np, &max, VIR_DOMAIN_SCHEDULER_LIMIT, 1);
    CHECK(failed_with(virDomainSetSchedulerParameters(d, p, np), VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                      "invalid argument: invalid type 'int' for parameter 'limit', expected 'llong'"),
          "type");
    virTypedParamsFree(p, np);
    p = NULL, np = 0, max = 0;
    virTypedParamsAddLLong(&p, &np, &max, VIR_DOMAIN_SCHEDULER_LIMIT, 1);
    virTypedParamsAddLLong(&p, &np, &max, VIR_DOMAIN_SCHEDULER_LIMIT, 2);
    CHECK(failed_with(virDomainSetSchedulerParameters(d, p, np), VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                      "invalid argument: parameter 'limit' occurs multiple times"),
          "twice");
    CHECK(failed_with(virDomainSetSchedulerParametersFlags(d, p, np, VIR_DOMAIN_AFFECT_LIVE),
                      VIR_ERR_INVALID_ARG, VIR_FROM_ESX,
                      "unsupported flags (0x1) in function esxDomainSetSchedulerParametersFlags"),
          "flags first");
    CHECK(failed_with(virDomainSetSchedulerParameters(d, p, -1), VIR_ERR_INVALID_ARG,
                      VIR_FROM_DOMAIN,
                      "nparams in virDomainSetSchedulerParameters must be zero or greater"),
          "negative count");
    virTypedParamsFree(p, np);
    virTypedParameter raw[1];
    memset(raw, 0, sizeof(raw));
    strcpy(raw[0].field, "shares");
    raw[0].type = VIR_TYPED_PARAM_STRING;
    raw[0].value.s = NULL;
    CHECK(failed_with(virDomainSetSchedulerParameters(d, raw, 1), VIR_ERR_INVALID_ARG,
                      VIR_FROM_NONE, "NULL string parameter 'shares'"), "NULL string");
    memset(raw[0].field, 'x', VIR_TYPED_PARAM_FIELD_LENGTH);
    raw[0].type = VIR_TYPED_PARAM_INT;
    char msg[200];
    snprintf(msg, sizeof(msg), "string parameter name '%.*s' too long",
             VIR_TYPED_PARAM_FIELD_LENGTH, raw[0].field);
    CHECK(failed_with(virDomainSetSchedulerParameters(d, raw, 1), VIR_ERR_INVALID_ARG,
                      VIR_FROM_NONE, msg), "long name");

    CHECK(set_sched(d, &orig, 0) == 0, "restore: %s", virGetLastErrorMessage());
    CHECK(get_sched(d, &got) == 0 && got.reservation == orig.reservation &&
              got.limit == orig.limit && got.shares == orig.shares, "restored");
}

static void test_memory_parameters(virDomainPtr d)
{
    virTypedParameter params[1];
    int n = 0;
    CHECK(failed_with(virDomainGetMemoryParameters(d, NULL, &n, 0), VIR_ERR_INVALID_ARG,
                      VIR_FROM_ESX,
                      "unsupported flags (0x4) in function esxDomainGetMemoryParameters"),
          "libvirt 9.0's ESX driver refuses the flag libvirt adds");
    n = -1;
    CHECK(failed_with(virDomainGetMemoryParameters(d, params, &n, 0), VIR_ERR_INVALID_ARG,
                      VIR_FROM_DOMAIN,
                      "*nparams in virDomainGetMemoryParameters must be zero or greater"),
          "negative");
    n = 1;
    CHECK(failed_with(virDomainGetMemoryParameters(d, NULL, &n, 0), VIR_ERR_INVALID_ARG,
                      VIR_FROM_DOMAIN, "params in virDomainGetMemoryParameters must not be NULL"),
          "NULL params");

    virTypedParameterPtr p = NULL;
    int np = 0, max = 0;
    virTypedParamsAddULLong(&p, &np, &max, VIR_DOMAIN_MEMORY_MIN_GUARANTEE, 1025);
    CHECK(virDomainSetMemoryParameters(d, p, np, 0) == 0, "set: %s", virGetLastErrorMessage());
    CHECK(failed_with(virDomainSetMemoryParameters(d, p, np, VIR_DOMAIN_AFFECT_CONFIG),
                      VIR_ERR_INVALID_ARG, VIR_FROM_ESX,
                      "unsupported flags (0x2) in function esxDomainSetMemoryParameters"),
          "flags");
    CHECK(failed_with(virDomainSetMemoryParameters(d, p, 0, 0), VIR_ERR_INVALID_ARG,
                      VIR_FROM_DOMAIN,
                      "nparams in virDomainSetMemoryParameters must be greater than zero"),
          "none");
    virTypedParamsFree(p, np);
    p = NULL, np = 0, max = 0;
    virTypedParamsAddLLong(&p, &np, &max, VIR_DOMAIN_MEMORY_MIN_GUARANTEE, 1);
    CHECK(failed_with(virDomainSetMemoryParameters(d, p, np, 0), VIR_ERR_INVALID_ARG,
                      VIR_FROM_NONE,
                      "invalid argument: invalid type 'llong' for parameter 'min_guarantee', "
                      "expected 'ullong'"),
          "type");
    virTypedParamsFree(p, np);
    p = NULL, np = 0, max = 0;
    virTypedParamsAddULLong(&p, &np, &max, VIR_DOMAIN_MEMORY_HARD_LIMIT, 1);
    CHECK(failed_with(virDomainSetMemoryParameters(d, p, np, 0), VIR_ERR_ARGUMENT_UNSUPPORTED,
                      VIR_FROM_NONE, "argument unsupported: parameter 'hard_limit' not supported"),
          "hard_limit");
    virTypedParamsFree(p, np);
    p = NULL, np = 0, max = 0;
    virTypedParamsAddULLong(&p, &np, &max, VIR_DOMAIN_MEMORY_MIN_GUARANTEE, 0);
    CHECK(virDomainSetMemoryParameters(d, p, np, 0) == 0, "restore: %s",
          virGetLastErrorMessage());
    virTypedParamsFree(p, np);
}

static void test_vcpus_memory_autostart(virConnectPtr conn, virDomainPtr d)
{
    virDomainInfo info;
    CHECK(virDomainGetInfo(d, &info) == 0, "info");
    unsigned int orig = info.nrVirtCpu;
    int max = virDomainGetMaxVcpus(d);
    CHECK(max == 128, "max vcpus %d", max);
    CHECK(virDomainSetVcpusFlags(d, 2, VIR_DOMAIN_AFFECT_LIVE) == 0, "set vcpus: %s",
          virGetLastErrorMessage());
    CHECK(virDomainGetInfo(d, &info) == 0 && info.nrVirtCpu == 2, "2 vcpus: %d", info.nrVirtCpu);
    CHECK(failed_with(virDomainSetVcpus(d, 129), VIR_ERR_INVALID_ARG, VIR_FROM_ESX,
                      "invalid argument: Requested number of virtual CPUs is greater than max "
                      "allowable number of virtual CPUs for the domain: 129 > 128"),
          "too many");
    CHECK(failed_with(virDomainSetVcpusFlags(d, 1, VIR_DOMAIN_AFFECT_CONFIG), VIR_ERR_INVALID_ARG,
                      VIR_FROM_ESX, "unsupported flags (0x2) in function esxDomainSetVcpusFlags"),
          "config");
    CHECK(virDomainSetVcpus(d, orig) == 0, "restore vcpus: %s", virGetLastErrorMessage());
    CHECK(virDomainGetInfo(d, &info) == 0 && info.nrVirtCpu == orig, "restored vcpus");

    CHECK(failed_with(virDomainSetMaxMemory(d, 1 << 20), VIR_ERR_OPERATION_INVALID, VIR_FROM_ESX,
                      "Requested operation is not valid: Domain is not powered off"),
          "max memory of a running domain");
    CHECK(failed_with(virDomainSetMemory(d, 0), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                      "memory in virDomainSetMemory must not be zero"), "zero memory");
    CHECK(failed_with(virDomainSetMemoryFlags(d, 1024, VIR_DOMAIN_AFFECT_LIVE), VIR_ERR_INVALID_ARG,
                      VIR_FROM_ESX, "unsupported flags (0x1) in function esxDomainSetMemoryFlags"),
          "memory flags");
    CHECK(failed_with(virDomainSetMemory(d, 9007199254740991UL), VIR_ERR_OVERFLOW,
                      VIR_FROM_DOMAIN, "numerical overflow: input too large: 9007199254740991"),
          "too large");

    int autostart = 7;
    CHECK(virDomainGetAutostart(d, &autostart) == 0 && autostart == 0, "autostart %d", autostart);
    CHECK(failed_with(virDomainGetAutostart(d, NULL), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                      "autostart in virDomainGetAutostart must not be NULL"), "NULL autostart");
    (void)conn;
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
        return DONE("resources");
    virDomainPtr d = virDomainLookupByName(conn, "ha-host_VM0");
    CHECK(d != NULL, "lookup: %s", virGetLastErrorMessage());
    if (d) {
        test_scheduler(d);
        test_memory_parameters(d);
        test_vcpus_memory_autostart(conn, d);
        virDomainFree(d);
    }

    /* a read-only connection changes nothing */
    virConnectPtr ro = virConnectOpenAuth(uri, &auth, VIR_CONNECT_RO);
    CHECK(ro != NULL, "open read-only");
    if (ro) {
        virDomainPtr r = virDomainLookupByName(ro, "ha-host_VM0");
        struct sched s = {0, -1, -2};
        CHECK(r && failed_with(set_sched(r, &s, 0), VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                               "operation forbidden: read only access prevents "
                               "virDomainSetSchedulerParameters"), "read-only scheduler");
        CHECK(r && failed_with(virDomainSetAutostart(r, 1), VIR_ERR_OPERATION_DENIED,
                               VIR_FROM_DOMAIN,
                               "operation forbidden: read only access prevents "
                               "virDomainSetAutostart"), "read-only autostart");
        CHECK(r && get_sched(r, &s) == 0, "read-only reads");
        if (r)
            virDomainFree(r);
        virConnectClose(ro);
    }
    virConnectClose(conn);
    return DONE("resources");
}
