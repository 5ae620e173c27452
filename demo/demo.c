/* The README's demo: a plain libvirt program, built with pkg-config against this tree. */
#include <stdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static void quiet(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}

int main(int argc, char **argv)
{
    unsigned long version = 0;
    const char *uri = argc > 1 ? argv[1] : "esx://127.0.0.1/?no_verify=1";

    virSetErrorFunc(NULL, quiet);
    if (virGetVersion(&version, NULL, NULL) < 0)
        return 1;
    printf("libvirt library version %lu.%lu.%lu\n", version / 1000000, version / 1000 % 1000,
           version % 1000);

    virConnectPtr conn = virConnectOpenAuth(uri, virConnectAuthPtrDefault, 0);
    if (!conn) {
        printf("open %s: error %d (domain %d): %s\n", uri, virGetLastErrorCode(),
               virGetLastErrorDomain(), virGetLastErrorMessage());
        return 0;
    }
    printf("connected to %s\n", uri);
    virConnectClose(conn);
    return 0;
}
