/* Snapshot and stream handles through the C API: reference counts (Ref/Free), a freed handle is
 * an invalid-object error, a snapshot keeps its domain (and connection) alive after the caller
 * freed them, the list-all arrays; a screenshot read with virStreamRecv and virStreamRecvAll (the
 * same PNG both ways), the ...All helpers' callback errors and the stream aborted after them.
 * Needs SNAP_OURS_ADDR (see tools/test-env.sh); uses ha-host_VM1 (powered on) and leaves it
 * without snapshots. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
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

static virConnectPtr open_conn(void)
{
    char uri[512];
    int credtypes[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};
    virConnectAuth auth = {credtypes, 2, callback, NULL};
    snprintf(uri, sizeof(uri), "esx://%s/?no_verify=1", addr);
    return virConnectOpenAuth(uri, &auth, 0);
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

/* bytes a sink collects */
struct buf {
    char *data;
    size_t len;
    int fail_after; /* fail (errno EPIPE) once this many calls were made; 0: never */
    int calls;
};

static int sink(virStreamPtr st, const char *data, size_t n, void *opaque)
{
    struct buf *b = opaque;
    (void)st;
    if (b->fail_after && ++b->calls >= b->fail_after) {
        errno = EPIPE;
        return -1;
    }
    b->data = realloc(b->data, b->len + n);
    memcpy(b->data + b->len, data, n);
    b->len += n;
    return (int)n;
}

static int source(virStreamPtr st, char *data, size_t n, void *opaque)
{
    (void)st;
    (void)opaque;
    memset(data, 'x', n < 10 ? n : 10);
    return n < 10 ? (int)n : 10;
}

static void snapshot_handles(void)
{
    virConnectPtr conn = open_conn();
    virDomainPtr dom = virDomainLookupByName(conn, "ha-host_VM1");
    CHECK(dom != NULL, "lookup");
    virDomainSnapshotPtr s = virDomainSnapshotCreateXML(
        dom, "<domainsnapshot><name>c-one</name><description>from C</description></domainsnapshot>", 0);
    CHECK(s != NULL, "create");
    CHECK(strcmp(virDomainSnapshotGetName(s), "c-one") == 0, "name");
    CHECK(virDomainSnapshotGetDomain(s) == dom, "its domain is the caller's handle");
    CHECK(virDomainSnapshotGetConnect(s) == conn, "its connection");
    virDomainSnapshotPtr child = virDomainSnapshotCreateXML(
        dom, "<domainsnapshot><name>c-two</name></domainsnapshot>",
        VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY);
    CHECK(child != NULL, "create a child");

    /* reference counts */
    CHECK(virDomainSnapshotRef(s) == 0, "ref");
    CHECK(virDomainSnapshotFree(s) == 0, "free one of two references");
    CHECK(strcmp(virDomainSnapshotGetName(s), "c-one") == 0, "alive with one reference left");
    CHECK(virDomainSnapshotIsCurrent(s, 0) == 0, "c-one is not current");
    CHECK(virDomainSnapshotIsCurrent(child, 0) == 1, "c-two is current");
    virDomainSnapshotPtr parent = virDomainSnapshotGetParent(child, 0);
    CHECK(parent && parent != s && strcmp(virDomainSnapshotGetName(parent), "c-one") == 0,
          "the parent is a new handle of its own");
    CHECK(virDomainSnapshotFree(parent) == 0, "free the parent's handle");
    CHECK(virDomainSnapshotFree(s) == 0, "free the last reference");
    CHECK(virDomainSnapshotGetName(s) == NULL &&
              failed_with(VIR_ERR_INVALID_DOMAIN_SNAPSHOT, VIR_FROM_DOMAIN_SNAPSHOT,
                          "virDomainSnapshotGetName"),
          "a freed snapshot is an invalid object");
    CHECK(virDomainSnapshotFree(s) == -1 &&
              failed_with(VIR_ERR_INVALID_DOMAIN_SNAPSHOT, VIR_FROM_DOMAIN_SNAPSHOT, "virDomainSnapshotFree"),
          "freeing twice");
    CHECK(virDomainSnapshotGetXMLDesc(NULL, 0) == NULL &&
              failed_with(VIR_ERR_INVALID_DOMAIN_SNAPSHOT, VIR_FROM_DOMAIN_SNAPSHOT, "virDomainSnapshotGetXMLDesc"),
          "NULL");
    CHECK(virDomainSnapshotGetName((virDomainSnapshotPtr)dom) == NULL &&
              failed_with(VIR_ERR_INVALID_DOMAIN_SNAPSHOT, VIR_FROM_DOMAIN_SNAPSHOT, "virDomainSnapshotGetName"),
          "a domain is not a snapshot");

    /* the list-all arrays */
    virDomainSnapshotPtr *snaps = NULL;
    int n = virDomainListAllSnapshots(dom, &snaps, 0);
    CHECK(n == 2 && snaps && snaps[2] == NULL, "listAll: %d", n);
    for (int i = 0; i < n; i++) {
        CHECK(virDomainSnapshotGetDomain(snaps[i]) == dom, "listed %d holds the domain", i);
        virDomainSnapshotFree(snaps[i]);
    }
    free(snaps);
    CHECK(virDomainListAllSnapshots(dom, NULL, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS) == 1, "count only");
    snaps = (virDomainSnapshotPtr *)&n; /* cleared even when the domain is invalid */
    CHECK(virDomainListAllSnapshots(NULL, &snaps, 0) == -1 && snaps == NULL, "cleared first");

    /* the domain outlives its snapshots: freed by the caller, kept by the snapshot */
    CHECK(virDomainFree(dom) == 0, "free the domain");
    CHECK(virDomainSnapshotGetDomain(child) == dom, "the snapshot's domain");
    CHECK(strcmp(virDomainGetName(dom), "ha-host_VM1") == 0, "still usable through the snapshot");
    char *xml = virDomainSnapshotGetXMLDesc(child, 0);
    CHECK(xml && strstr(xml, "<name>c-two</name>") && strstr(xml, "<state>shutoff</state>") &&
              strstr(xml, "<name>c-one</name>"),
          "xml: %s", xml ? xml : "(null)");
    free(xml);
    /* and so does the connection */
    CHECK(virConnectClose(conn) == 1, "a connection with a live snapshot stays open");
    CHECK(virDomainSnapshotGetConnect(child) == conn, "the snapshot's connection");
    CHECK(virDomainSnapshotDelete(child, 0) == 0, "delete c-two");
    virDomainSnapshotPtr one = virDomainSnapshotLookupByName(dom, "c-one", 0);
    CHECK(one != NULL, "lookup c-one");
    CHECK(virDomainSnapshotDelete(one, VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN) == 0, "delete c-one");
    virDomainSnapshotFree(one);
    CHECK(virDomainSnapshotGetXMLDesc(child, 0) == NULL &&
              failed_with(VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_FROM_ESX, "Could not find snapshot with name 'c-two'"),
          "a deleted snapshot's handle stays valid, the snapshot is gone");
    CHECK(virDomainSnapshotFree(child) == 0, "free the last snapshot");
    CHECK(virDomainGetName(dom) == NULL && failed_with(VIR_ERR_INVALID_DOMAIN, VIR_FROM_DOM, "virDomainGetName"),
          "the domain went with its last snapshot");
    CHECK(virConnectGetURI(conn) == NULL && failed_with(VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN, "virConnectGetURI"),
          "and the connection with its last domain");
}

static void streams(virConnectPtr conn)
{
    virDomainPtr dom = virDomainLookupByName(conn, "ha-host_VM1");
    virStreamPtr st = virStreamNew(conn, 0);
    CHECK(st != NULL, "new");
    CHECK(virStreamRef(st) == 0 && virStreamFree(st) == 0, "ref and free");
    char *mime = virDomainScreenshot(dom, st, 0, 0);
    CHECK(mime && strcmp(mime, "image/png") == 0, "mime %s", mime ? mime : "(null)");
    free(mime);
    struct buf first = {0};
    char piece[4096];
    int got, reads = 0;
    while ((got = virStreamRecv(st, piece, sizeof(piece))) > 0) {
        sink(st, piece, got, &first);
        reads++;
    }
    CHECK(got == 0 && reads > 100, "read to the end in %d pieces", reads);
    CHECK(first.len > 500000 && memcmp(first.data, "\x89PNG\r\n\x1a\n", 8) == 0, "a PNG of %zu bytes", first.len);
    CHECK(virStreamFinish(st) == 0, "finish");
    CHECK(virStreamRecv(st, piece, 1) == -1 && failed_with(VIR_ERR_INTERNAL_ERROR, VIR_FROM_ESX, "Stream is not open"),
          "closed");

    /* the same again with virStreamRecvAll, on the same stream */
    mime = virDomainScreenshot(dom, st, 0, 0);
    free(mime);
    struct buf second = {0};
    CHECK(virStreamRecvAll(st, sink, &second) == 0, "recvAll");
    CHECK(second.len == first.len && memcmp(first.data, second.data, first.len) == 0, "the same image");
    CHECK(virStreamFinish(st) == 0, "finish again");

    /* a failing sink: libvirt's system error, and the stream aborted */
    free(virDomainScreenshot(dom, st, 0, 0));
    struct buf failing = {0};
    failing.fail_after = 2;
    CHECK(virStreamRecvAll(st, sink, &failing) == -1 &&
              failed_with(VIR_ERR_SYSTEM_ERROR, VIR_FROM_STREAMS, "recv handler failed: Broken pipe"),
          "failing sink");
    CHECK(virStreamRecv(st, piece, 1) == -1 && failed_with(VIR_ERR_INTERNAL_ERROR, VIR_FROM_ESX, "Stream is not open"),
          "aborted after the failure");
    /* sending into a download */
    free(virDomainScreenshot(dom, st, 0, 0));
    CHECK(virStreamSendAll(st, source, NULL) == -1 &&
              failed_with(VIR_ERR_INVALID_ARG, VIR_FROM_ESX, "Not an upload stream"),
          "sendAll into a download");
    CHECK(virStreamFinish(st) == 0, "aborted by sendAll");
    free(virDomainScreenshot(dom, st, 0, 0));
    CHECK(virStreamRecvFlags(st, piece, 1, VIR_STREAM_RECV_STOP_AT_HOLE) == -1 &&
              failed_with(VIR_ERR_INVALID_ARG, VIR_FROM_ESX, "esxStreamRecvFlags"),
          "no holes");
    CHECK(virStreamRecvFlags(st, piece, 8, 0) == 8 && memcmp(piece, "\x89PNG", 4) == 0, "recvFlags 0");
    CHECK(virStreamRecvAll(st, NULL, NULL) == -1 &&
              failed_with(VIR_ERR_INVALID_ARG, VIR_FROM_STREAMS, "handler in virStreamRecvAll must not be NULL"),
          "no handler");
    CHECK(virStreamRecv(st, piece, 1) == -1, "aborted by the missing handler");
    /* freeing a stream in the middle of a transfer */
    free(virDomainScreenshot(dom, st, 0, 0));
    CHECK(virStreamRecv(st, piece, 100) == 100, "started");
    CHECK(virStreamFree(st) == 0, "free while open");
    CHECK(virStreamRecv(st, piece, 1) == -1 && failed_with(VIR_ERR_INVALID_STREAM, VIR_FROM_STREAMS, "virStreamRecv"),
          "a freed stream is an invalid object");
    CHECK(virStreamAbort(NULL) == -1 && failed_with(VIR_ERR_INVALID_STREAM, VIR_FROM_STREAMS, "virStreamAbort"), "NULL");

    /* an unused stream: libvirt has no stream driver for it yet */
    virStreamPtr unused = virStreamNew(conn, 0);
    CHECK(virStreamSendAll(unused, source, NULL) == -1 &&
              failed_with(VIR_ERR_NO_SUPPORT, VIR_FROM_STREAMS, "virStreamSend"),
          "sendAll on an unused stream");
    CHECK(virStreamAbort(unused) == 0 && virStreamFree(unused) == 0, "abort and free unused");
    virStreamPtr nonblocking = virStreamNew(conn, VIR_STREAM_NONBLOCK);
    struct buf none = {0};
    CHECK(virStreamRecvAll(nonblocking, sink, &none) == -1 &&
              failed_with(VIR_ERR_OPERATION_INVALID, VIR_FROM_STREAMS, "data sinks cannot be used for non-blocking streams"),
          "recvAll on a non-blocking stream");
    virStreamFree(nonblocking);
    virDomainFree(dom);
    free(first.data);
    free(second.data);
    free(failing.data);
}

int main(void)
{
    addr = getenv("SNAP_OURS_ADDR");
    if (!addr) {
        printf("SNAP_OURS_ADDR is not set: run tools/test-env.sh start\n");
        return 1;
    }
    virSetErrorFunc(NULL, quiet);
    virConnectPtr conn = open_conn();
    if (!conn) {
        printf("cannot connect to %s\n", addr);
        return 1;
    }
    snapshot_handles();
    streams(conn);
    CHECK(virConnectClose(conn) == 0, "the connection closes with nothing left on it");
    return DONE("snapshots");
}
