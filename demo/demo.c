/* The README's demo: a plain libvirt program, built with pkg-config against this tree, that
 * connects to an ESX host (credentials from libvirt's auth.conf, through
 * virConnectAuthPtrDefault) and prints what libvirt's virsh would show about it. */
#include <stdio.h>
#include <stdlib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

int main(int argc, char **argv)
{
    unsigned long version = 0, hv = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s URI\n", argv[0]);
        return 2;
    }
    if (virGetVersion(&version, NULL, NULL) < 0)
        return 1;
    printf("libvirt library version %lu.%lu.%lu\n", version / 1000000, version / 1000 % 1000,
           version % 1000);

    virConnectPtr conn = virConnectOpenAuth(argv[1], virConnectAuthPtrDefault, 0);
    if (!conn) {
        printf("open %s failed: %s\n", argv[1], virGetLastErrorMessage());
        return 1;
    }
    virConnectGetVersion(conn, &hv);
    char *host = virConnectGetHostname(conn);
    printf("connected to %s: %s %lu.%lu.%lu on %s\n", argv[1], virConnectGetType(conn),
           hv / 1000000, hv / 1000 % 1000, hv % 1000, host ? host : "?");
    free(host);

    virNodeInfo ni;
    if (virNodeGetInfo(conn, &ni) == 0)
        printf("node: %s, %u CPUs at %u MHz, %lu KiB memory, %llu bytes free\n", ni.model, ni.cpus,
               ni.mhz, ni.memory, virNodeGetFreeMemory(conn));

    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(conn, &doms, 0);
    printf("%d domains:\n", n);
    for (int i = 0; i < n; i++) {
        virDomainInfo info;
        char uuid[VIR_UUID_STRING_BUFLEN];
        virDomainGetInfo(doms[i], &info);
        virDomainGetUUIDString(doms[i], uuid);
        printf("  %-4d %-16s %s  state %d, %u vCPUs, %lu KiB\n", (int)virDomainGetID(doms[i]),
               virDomainGetName(doms[i]), uuid, info.state, info.nrVirtCpu, info.maxMem);
        virDomainFree(doms[i]);
    }
    free(doms);
    virConnectClose(conn);
    return 0;
}
