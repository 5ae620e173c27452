/* Domain statistics through the C API: virConnectGetAllDomainStats and virDomainListGetStats
 * with libvirt's field names and typed-parameter types, records freed with
 * virDomainStatsRecordListFree; the per-domain calls with the caller's (possibly older, shorter)
 * structs; libvirt's argument errors. Needs ESX_TLS_ADDR (tools/test-env.sh); changes nothing.
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

static int failed_with(int rc, int code, const char *message)
{
    virErrorPtr e = virGetLastError();
    if (rc != -1 || !e || e->code != code || !e->message || strcmp(e->message, message) != 0) {
        printf("  (got rc=%d code=%d '%s')\n", rc, e ? e->code : -1,
               e && e->message ? e->message : "(null)");
        return 0;
    }
    return 1;
}

/* the type of field `name` in a record, -1 if absent */
static int type_of(virDomainStatsRecordPtr r, const char *name)
{
    for (int i = 0; i < r->nparams; i++)
        if (strcmp(r->params[i].field, name) == 0)
            return r->params[i].type;
    return -1;
}

static const struct {
    const char *name;
    int type;
} fields[] = {
    {"state.state", VIR_TYPED_PARAM_INT},        {"state.reason", VIR_TYPED_PARAM_INT},
    {"cpu.time", VIR_TYPED_PARAM_ULLONG},        {"balloon.current", VIR_TYPED_PARAM_ULLONG},
    {"balloon.maximum", VIR_TYPED_PARAM_ULLONG}, {"balloon.rss", VIR_TYPED_PARAM_ULLONG},
    {"vcpu.current", VIR_TYPED_PARAM_UINT},      {"vcpu.maximum", VIR_TYPED_PARAM_UINT},
    {"vcpu.0.state", VIR_TYPED_PARAM_INT},       {"vcpu.0.time", VIR_TYPED_PARAM_ULLONG},
    {"net.count", VIR_TYPED_PARAM_UINT},         {"net.0.name", VIR_TYPED_PARAM_STRING},
    {"net.0.rx.bytes", VIR_TYPED_PARAM_ULLONG},  {"net.0.tx.pkts", VIR_TYPED_PARAM_ULLONG},
    {"block.count", VIR_TYPED_PARAM_UINT},       {"block.0.name", VIR_TYPED_PARAM_STRING},
    {"block.0.path", VIR_TYPED_PARAM_STRING},    {"block.0.rd.bytes", VIR_TYPED_PARAM_ULLONG},
    {"block.0.wr.reqs", VIR_TYPED_PARAM_ULLONG}, {"block.0.capacity", VIR_TYPED_PARAM_ULLONG},
    {"block.0.allocation", VIR_TYPED_PARAM_ULLONG}, {"block.0.physical", VIR_TYPED_PARAM_ULLONG},
};

static void test_bulk(virConnectPtr conn)
{
    virDomainStatsRecordPtr *recs = (virDomainStatsRecordPtr *)1;
    int n = virConnectGetAllDomainStats(conn, 0, &recs, 0);
    CHECK(n == 2 && recs && recs[2] == NULL, "two records, NULL-terminated: %d", n);
    for (int i = 0; i < n; i++) {
        for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
            CHECK(type_of(recs[i], fields[f].name) == fields[f].type, "%s of %s: type %d",
                  fields[f].name, virDomainGetName(recs[i]->dom), type_of(recs[i], fields[f].name));
        const char *disk = NULL;
        unsigned long long cap = 0;
        CHECK(virTypedParamsGetString(recs[i]->params, recs[i]->nparams, "block.0.name", &disk) == 1 &&
              strcmp(disk, "sda") == 0, "block.0.name");
        CHECK(virTypedParamsGetULLong(recs[i]->params, recs[i]->nparams, "block.0.capacity", &cap) == 1 &&
              cap > 0, "block.0.capacity %llu", cap);
    }

    /* the records hold their own domain handles: usable after a list of them is freed */
    virDomainPtr doms[3] = {n == 2 ? recs[1]->dom : NULL, n == 2 ? recs[0]->dom : NULL, NULL};
    if (n == 2) {
        virDomainRef(doms[0]);
        virDomainRef(doms[1]);
    }
    virDomainStatsRecordListFree(recs);
    virDomainStatsRecordListFree(NULL);
    if (n != 2)
        return;

    virDomainStatsRecordPtr *two = NULL;
    int m = virDomainListGetStats(doms, VIR_DOMAIN_STATS_STATE, &two, 0);
    CHECK(m == 2 && two[0]->dom && strcmp(virDomainGetName(two[0]->dom), virDomainGetName(doms[0])) == 0 &&
          two[0]->nparams == 2, "domainListGetStats: caller's order, state only (%d)", m);
    if (m > 0)
        virDomainStatsRecordListFree(two);

    /* per-domain calls, with libvirt's older (shorter) structs too */
    virDomainBlockStatsStruct bs;
    memset(&bs, 0x7f, sizeof(bs));
    CHECK(virDomainBlockStats(doms[0], "sda", &bs, sizeof(bs)) == 0 && bs.rd_bytes >= 0 && bs.errs == -1,
          "blockStats %lld %lld", bs.rd_bytes, bs.errs);
    memset(&bs, 0x7f, sizeof(bs));
    CHECK(virDomainBlockStats(doms[0], "sda", &bs, 2 * sizeof(long long)) == 0 &&
          bs.wr_req == 0x7f7f7f7f7f7f7f7fLL, "blockStats fills only the caller's size");
    CHECK(failed_with(virDomainBlockStats(doms[0], "sda", &bs, sizeof(bs) + 8), VIR_ERR_INVALID_ARG,
                      "size in virDomainBlockStats must not exceed 40"), "size too large");
    virDomainBlockInfo bi;
    CHECK(virDomainGetBlockInfo(doms[0], "sda", &bi, 0) == 0 && bi.capacity > 0, "blockInfo");
    virDomainMemoryStatStruct mem[VIR_DOMAIN_MEMORY_STAT_NR];
    int nm = virDomainMemoryStats(doms[0], mem, VIR_DOMAIN_MEMORY_STAT_NR, 0);
    CHECK(nm == 2 && mem[0].tag == VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON &&
          mem[1].tag == VIR_DOMAIN_MEMORY_STAT_RSS, "memoryStats %d", nm);
    CHECK(virDomainMemoryStats(doms[0], mem, 1, 0) == 1, "memoryStats stops at nr_stats");
    virTypedParameter cpu[1];
    CHECK(virDomainGetCPUStats(doms[0], NULL, 0, -1, 1, 0) == 1, "getCPUStats: one total parameter");
    CHECK(virDomainGetCPUStats(doms[0], cpu, 1, -1, 1, 0) == 1 && strcmp(cpu[0].field, "cpu_time") == 0 &&
          cpu[0].type == VIR_TYPED_PARAM_ULLONG && cpu[0].value.ul > 0, "getCPUStats cpu_time");
    CHECK(failed_with(virDomainGetCPUStats(doms[0], cpu, 1, -1, 2, 0), VIR_ERR_INVALID_ARG,
                      "ncpus in virDomainGetCPUStats must be 1 when start_cpu is -1"),
          "getCPUStats ncpus");
    virVcpuInfo vi[4];
    unsigned char maps[4];
    CHECK(virDomainGetVcpus(doms[0], vi, 4, maps, 1) == 1 && vi[0].state == VIR_VCPU_RUNNING && maps[0] == 0xff,
          "getVcpus");
    virDomainFree(doms[0]);
    virDomainFree(doms[1]);
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
        return DONE("stats");
    test_bulk(conn);

    virDomainStatsRecordPtr *recs = (virDomainStatsRecordPtr *)1;
    CHECK(failed_with(virConnectGetAllDomainStats(conn, 0, NULL, 0), VIR_ERR_INVALID_ARG,
                      "retStats in virConnectGetAllDomainStats must not be NULL"),
          "NULL retStats");
    virDomainPtr none[1] = {NULL};
    CHECK(failed_with(virDomainListGetStats(none, 0, &recs, 0), VIR_ERR_INVALID_ARG,
                      "invalid argument: doms array in virDomainListGetStats must contain at least one domain") &&
          recs == NULL, "empty doms array");
    CHECK(failed_with(virConnectGetAllDomainStats(conn, VIR_DOMAIN_STATS_PERF, &recs,
                                                  VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS),
                      VIR_ERR_ARGUMENT_UNSUPPORTED,
                      "argument unsupported: Stats types bits 0x40 are not supported by this daemon"),
          "ENFORCE_STATS");
    virConnectClose(conn);
    return DONE("stats");
}
