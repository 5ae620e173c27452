/* Storage pool and volume handles through the C API: lookups, names, UUIDs, keys and paths,
 * reference counts (a pool and a volume each hold their connection), and NULL, freed and
 * foreign pointers as invalid objects. Needs ESX_TLS_ADDR (tools/test-env.sh); changes nothing
 * on the server. (Not for Debian's libvirt: it has no virConnectListAllStoragePools for ESX,
 * and cannot tell a freed or foreign pointer from a handle.)
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

/* the last error is (code, domain) */
static int last_is(int code, int domain)
{
    virErrorPtr e = virGetLastError();
    if (!e || e->code != code || e->domain != domain) {
        printf("  (got code=%d domain=%d '%s', expected code=%d domain=%d)\n", e ? e->code : -1,
               e ? e->domain : -1, e && e->message ? e->message : "(null)", code, domain);
        return 0;
    }
    return 1;
}

/* a sink that takes everything */
static int sink(virStreamPtr st, const char *data, size_t n, void *opaque)
{
    (void)st;
    (void)data;
    (void)opaque;
    return (int)n;
}

int main(void)
{
    const char *addr = getenv("ESX_TLS_ADDR");
    if (!addr) {
        printf("storage: ESX_TLS_ADDR not set\n");
        return 1;
    }
    virSetErrorFunc(NULL, quiet);
    char uri[256];
    snprintf(uri, sizeof(uri), "esx://%s/?no_verify=1", addr);
    int types[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};
    virConnectAuth auth = {types, 2, callback, NULL};
    virConnectPtr conn = virConnectOpenAuth(uri, &auth, 0);
    CHECK(conn != NULL, "open %s", uri);
    if (!conn)
        return DONE("storage");

    /* a pool: name, UUID (string and bytes), lookups by both, its connection */
    virStoragePoolPtr pool = virStoragePoolLookupByName(conn, "LocalDS_0");
    CHECK(pool != NULL, "pool LocalDS_0");
    if (!pool)
        return DONE("storage");
    CHECK(strcmp(virStoragePoolGetName(pool), "LocalDS_0") == 0, "name");
    char uuid[VIR_UUID_STRING_BUFLEN];
    unsigned char raw[VIR_UUID_BUFLEN];
    CHECK(virStoragePoolGetUUIDString(pool, uuid) == 0 && strlen(uuid) == 36, "uuid string");
    CHECK(virStoragePoolGetUUID(pool, raw) == 0, "uuid");
    virStoragePoolPtr again = virStoragePoolLookupByUUIDString(conn, uuid);
    CHECK(again && strcmp(virStoragePoolGetName(again), "LocalDS_0") == 0, "by uuid string");
    virStoragePoolPtr again2 = virStoragePoolLookupByUUID(conn, raw);
    CHECK(again2 && strcmp(virStoragePoolGetName(again2), "LocalDS_0") == 0, "by uuid");
    CHECK(again != pool && again2 != again, "each lookup is a handle of its own");
    virStoragePoolFree(again);
    virStoragePoolFree(again2);
    CHECK(virStoragePoolGetConnect(pool) == conn, "pool's connection");
    CHECK(virStoragePoolIsActive(pool) == 1 && virStoragePoolIsPersistent(pool) == 1, "active");
    int autostart = -1;
    CHECK(virStoragePoolGetAutostart(pool, &autostart) == 0 && autostart == 1, "autostart");
    virStoragePoolInfo pinfo;
    CHECK(virStoragePoolGetInfo(pool, &pinfo) == 0 && pinfo.state == VIR_STORAGE_POOL_RUNNING &&
              pinfo.capacity > 0 && pinfo.allocation + pinfo.available == pinfo.capacity,
          "pool info");
    CHECK(virStoragePoolGetUUIDString(pool, NULL) == -1 &&
              last_is(VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE),
          "NULL buffer");
    CHECK(virStoragePoolLookupByUUIDString(conn, "nope") == NULL &&
              last_is(VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE),
          "malformed uuid string");
    CHECK(virStoragePoolLookupByName(conn, "nope") == NULL &&
              last_is(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_ESX),
          "missing pool");

    /* the pool list */
    int n = virConnectNumOfStoragePools(conn);
    CHECK(n >= 2, "pools: %d", n);
    char *names[16];
    int got = virConnectListStoragePools(conn, names, 1);
    CHECK(got == 1 && strcmp(names[0], "LocalDS_0") == 0, "list capped at maxnames");
    for (int i = 0; i < got; i++)
        free(names[i]);
    virStoragePoolPtr *all = NULL;
    got = virConnectListAllStoragePools(conn, &all, 0);
    CHECK(got == n && all && all[got] == NULL, "list all: %d of %d", got, n);
    for (int i = 0; all && i < got; i++)
        virStoragePoolFree(all[i]);
    free(all);
    CHECK(virConnectListAllStoragePools(conn, NULL, VIR_CONNECT_LIST_STORAGE_POOLS_DIR) == 1,
          "count of dir pools");

    /* a volume: name, key, path; by path and key; its pool */
    virStorageVolPtr vol = virStorageVolLookupByName(pool, "ha-host_VM0/disk1.vmdk");
    CHECK(vol != NULL, "volume");
    if (!vol)
        return DONE("storage");
    CHECK(strcmp(virStorageVolGetName(vol), "ha-host_VM0/disk1.vmdk") == 0, "volume name");
    const char *key = virStorageVolGetKey(vol);
    CHECK(key && strlen(key) == 36, "volume key %s", key ? key : "(null)");
    char *path = virStorageVolGetPath(vol);
    CHECK(path && strcmp(path, "[LocalDS_0] ha-host_VM0/disk1.vmdk") == 0, "path");
    virStorageVolPtr by_path = virStorageVolLookupByPath(conn, path);
    CHECK(by_path && strcmp(virStorageVolGetKey(by_path), key) == 0, "by path");
    virStorageVolPtr by_key = virStorageVolLookupByKey(conn, key);
    CHECK(by_key && strcmp(virStorageVolGetName(by_key), "ha-host_VM0/disk1.vmdk") == 0, "by key");
    free(path);
    virStorageVolFree(by_path);
    virStorageVolFree(by_key);
    virStorageVolInfo vinfo;
    CHECK(virStorageVolGetInfo(vol, &vinfo) == 0 && vinfo.type == VIR_STORAGE_VOL_FILE &&
              vinfo.capacity == 1048576,
          "volume info");
    virStoragePoolPtr owner = virStoragePoolLookupByVolume(vol);
    CHECK(owner && strcmp(virStoragePoolGetName(owner), "LocalDS_0") == 0, "volume's pool");
    virStoragePoolFree(owner);
    CHECK(virStorageVolGetConnect(vol) == conn, "volume's connection");

    /* streams: the disk's data (its flat extent, empty on the simulator) through RecvAll, and
     * the checks before any transfer: stream, volume, same connection, flags */
    virStreamPtr st = virStreamNew(conn, 0);
    CHECK(st && virStorageVolDownload(vol, st, 0, 0, 0) == 0, "download");
    CHECK(virStreamRecvAll(st, sink, NULL) == 0 && virStreamFinish(st) == 0, "recv all");
    CHECK(virStorageVolDownload(vol, NULL, 0, 0, 0) == -1 &&
              last_is(VIR_ERR_INVALID_STREAM, VIR_FROM_STREAMS),
          "download into a NULL stream");
    CHECK(virStorageVolUpload(vol, (virStreamPtr)vol, 0, 0, 0) == -1 &&
              last_is(VIR_ERR_INVALID_STREAM, VIR_FROM_STREAMS),
          "upload from a volume as a stream");
    CHECK(virStorageVolDownload(NULL, st, 0, 0, 0) == -1 &&
              last_is(VIR_ERR_INVALID_STORAGE_VOL, VIR_FROM_STORAGE),
          "download of a NULL volume");
    CHECK(virStorageVolUpload((virStorageVolPtr)st, st, 0, 0, 0) == -1 &&
              last_is(VIR_ERR_INVALID_STORAGE_VOL, VIR_FROM_STORAGE),
          "upload to a stream as a volume");
    virConnectPtr other = virConnectOpenAuth(uri, &auth, 0);
    virStreamPtr foreign = other ? virStreamNew(other, 0) : NULL;
    CHECK(foreign && virStorageVolDownload(vol, foreign, 0, 0, 0) == -1 &&
              last_is(VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE) &&
              strstr(virGetLastErrorMessage(), "must match connection of volume"),
          "another connection's stream");
    CHECK(foreign && virStorageVolUpload(vol, foreign, 0, 0, 0) == -1 &&
              last_is(VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE),
          "upload: another connection's stream");
    if (foreign)
        virStreamFree(foreign);
    if (other)
        virConnectClose(other);
    CHECK(virStorageVolDownload(vol, st, 0, 0, VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM) == -1 &&
              last_is(VIR_ERR_INVALID_ARG, VIR_FROM_ESX),
          "sparse download");
    CHECK(virStorageVolUpload(vol, st, 0, 0, VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM) == -1 &&
              last_is(VIR_ERR_INVALID_ARG, VIR_FROM_ESX),
          "sparse upload");
    virStreamFree(st);

    /* references: Ref adds one, Free drops one; the handles keep the connection alive */
    CHECK(virStoragePoolRef(pool) == 0 && virStoragePoolFree(pool) == 0, "pool ref + free");
    CHECK(strcmp(virStoragePoolGetName(pool), "LocalDS_0") == 0, "pool still alive");
    CHECK(virStorageVolRef(vol) == 0 && virStorageVolFree(vol) == 0, "volume ref + free");
    CHECK(virConnectClose(conn) > 0, "close leaves the connection to its pool and volume");
    CHECK(strcmp(virStorageVolGetName(vol), "ha-host_VM0/disk1.vmdk") == 0 &&
              virStorageVolGetInfo(vol, &vinfo) == 0,
          "a volume works after its connection was closed");
    CHECK(virStoragePoolNumOfVolumes(pool) >= 1, "so does a pool");
    CHECK(virStoragePoolFree(pool) == 0, "last pool free");
    CHECK(virStoragePoolGetName(pool) == NULL &&
              last_is(VIR_ERR_INVALID_STORAGE_POOL, VIR_FROM_STORAGE),
          "a freed pool is an invalid pool");
    CHECK(virStorageVolFree(vol) == 0, "last volume free releases the connection");
    CHECK(virStorageVolGetKey(vol) == NULL &&
              last_is(VIR_ERR_INVALID_STORAGE_VOL, VIR_FROM_STORAGE),
          "a freed volume is an invalid volume");
    CHECK(virConnectClose(conn) == -1 && virGetLastErrorCode() == VIR_ERR_INVALID_CONN,
          "the connection went with its last handle");

    /* NULL and foreign pointers */
    CHECK(virStoragePoolGetName(NULL) == NULL &&
              last_is(VIR_ERR_INVALID_STORAGE_POOL, VIR_FROM_STORAGE),
          "NULL pool");
    CHECK(virStorageVolGetPath(NULL) == NULL &&
              last_is(VIR_ERR_INVALID_STORAGE_VOL, VIR_FROM_STORAGE),
          "NULL volume");
    static char not_a_pool[64];
    CHECK(virStoragePoolFree((virStoragePoolPtr)not_a_pool) == -1 &&
              last_is(VIR_ERR_INVALID_STORAGE_POOL, VIR_FROM_STORAGE),
          "free of a foreign pointer");
    CHECK(virStorageVolRef((virStorageVolPtr)not_a_pool) == -1 &&
              last_is(VIR_ERR_INVALID_STORAGE_VOL, VIR_FROM_STORAGE),
          "ref of a foreign pointer");
    return DONE("storage");
}
