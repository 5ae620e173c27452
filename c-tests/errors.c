/* The error API: per-thread and per-call errors, copies, handlers, the default handler's line.
 * Runs without a server. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include "check.h"

static int handled;
static int handled_code;
static void *handled_data;

static void handler(void *data, virErrorPtr err)
{
    handled++;
    handled_code = err ? err->code : -1;
    handled_data = data;
}

static void *other_thread(void *arg)
{
    (void)arg;
    /* a fresh thread starts with no error, whatever the others have */
    int *ok = malloc(sizeof(int));
    *ok = virGetLastError() == NULL && virGetLastErrorCode() == VIR_ERR_OK;
    virDomainGetID(NULL);
    *ok = *ok && virGetLastErrorCode() == VIR_ERR_INVALID_DOMAIN;
    return ok;
}

/* what the default handler prints, read back through a pipe on stderr */
static void default_line(char *buf, size_t len)
{
    int fds[2];
    int saved = dup(2);
    if (pipe(fds) != 0)
        return;
    dup2(fds[1], 2);
    virConnectClose(NULL);
    fflush(stderr);
    dup2(saved, 2);
    close(fds[1]);
    ssize_t n = read(fds[0], buf, len - 1);
    buf[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    close(saved);
}

int main(void)
{
    char line[512];
    virError copy;
    virErrorPtr saved;
    int marker = 0;

    CHECK(virInitialize() == 0, "virInitialize");
    CHECK(virGetLastError() == NULL, "no error at start");
    CHECK(strcmp(virGetLastErrorMessage(), "no error") == 0, "%s", virGetLastErrorMessage());

    /* the default handler prints libvirt's line */
    default_line(line, sizeof(line));
    CHECK(strcmp(line, "libvirt:  error : invalid connection pointer in virConnectClose\n") == 0,
          "[%s]", line);

    virSetErrorFunc(&marker, handler);

    /* an invalid object */
    CHECK(virDomainGetName(NULL) == NULL, "GetName(NULL)");
    CHECK(handled == 1 && handled_code == VIR_ERR_INVALID_DOMAIN && handled_data == &marker,
          "handler %d %d", handled, handled_code);
    virErrorPtr e = virGetLastError();
    CHECK(e != NULL, "an error is set");
    CHECK(e && e->code == VIR_ERR_INVALID_DOMAIN && e->domain == VIR_FROM_DOM, "%d %d",
          e->code, e->domain);
    CHECK(e && strcmp(e->message, "invalid domain pointer in virDomainGetName") == 0, "%s",
          e->message);
    CHECK(e && e->level == VIR_ERR_ERROR, "level");
    CHECK(e && e->str1 && strcmp(e->str1, "invalid domain pointer in %s") == 0, "str1");
    CHECK(e && e->str2 && strcmp(e->str2, "virDomainGetName") == 0, "str2");
    CHECK(virGetLastErrorCode() == VIR_ERR_INVALID_DOMAIN, "code");
    CHECK(virGetLastErrorDomain() == VIR_FROM_DOM, "domain");

    /* a foreign pointer is no crash, just an invalid object */
    char not_a_domain[64];
    memset(not_a_domain, 0x5a, sizeof(not_a_domain));
    CHECK(virDomainFree((virDomainPtr)not_a_domain) == -1, "free of a foreign pointer");
    CHECK(virGetLastErrorCode() == VIR_ERR_INVALID_DOMAIN, "code");
    CHECK(virConnectClose((virConnectPtr)not_a_domain) == -1, "close of a foreign pointer");
    CHECK(virGetLastErrorCode() == VIR_ERR_INVALID_CONN, "code");
    CHECK(virNetworkFree((virNetworkPtr)not_a_domain) == -1, "network free");
    CHECK(virGetLastErrorCode() == VIR_ERR_INVALID_NETWORK, "code %d", virGetLastErrorCode());

    /* copies */
    memset(&copy, 0xff, sizeof(copy));
    CHECK(virCopyLastError(&copy) == VIR_ERR_INVALID_NETWORK, "copy code");
    CHECK(copy.message && strstr(copy.message, "virNetworkFree") != NULL, "copy message");
    CHECK(copy.message != virGetLastError()->message, "deep copy");
    virResetError(&copy);
    CHECK(copy.code == 0 && copy.message == NULL, "reset");
    saved = virSaveLastError();
    CHECK(saved && saved->code == VIR_ERR_INVALID_NETWORK, "saved");
    virResetLastError();
    CHECK(virGetLastError() == NULL, "reset last");
    CHECK(saved && saved->code == VIR_ERR_INVALID_NETWORK, "saved survives the reset");
    virFreeError(saved);
    CHECK(virCopyLastError(&copy) == 0 && copy.code == 0, "copy of no error");
    CHECK(virCopyLastError(NULL) == -1, "copy to NULL");

    /* a successful call clears the last error */
    unsigned long ver = 0;
    virDomainGetID(NULL);
    CHECK(virGetVersion(&ver, NULL, NULL) == 0 && ver == 9000000, "version %lu", ver);
    CHECK(virGetLastError() == NULL, "cleared by a successful call");
    CHECK(virGetVersion(NULL, NULL, NULL) == -1, "version without a place to put it");

    /* argument checks come after the object check, in libvirt's words */
    CHECK(virConnectGetLibVersion(NULL, &ver) == -1, "lib version");
    CHECK(virGetLastErrorCode() == VIR_ERR_INVALID_CONN &&
          strcmp(virGetLastErrorMessage(), "invalid connection pointer in virConnectGetLibVersion") == 0,
          "%s", virGetLastErrorMessage());

    /* an unknown scheme */
    CHECK(virConnectOpen("nosuch:///") == NULL, "open of an unknown scheme");
    CHECK(virGetLastErrorCode() == VIR_ERR_NO_CONNECT, "%d %s", virGetLastErrorCode(),
          virGetLastErrorMessage());

    /* per-thread errors */
    pthread_t t;
    void *res = NULL;
    virDomainGetName(NULL);
    pthread_create(&t, NULL, other_thread, NULL);
    pthread_join(t, &res);
    CHECK(res && *(int *)res, "thread saw its own errors only");
    free(res);
    CHECK(virGetLastErrorCode() == VIR_ERR_INVALID_DOMAIN, "this thread's error unchanged");

    /* no handler: back to the default */
    virSetErrorFunc(NULL, NULL);
    handled = 0;
    default_line(line, sizeof(line));
    CHECK(handled == 0 && line[0] != '\0', "default handler again");

    virConnResetLastError(NULL);
    CHECK(virConnGetLastError(NULL) == NULL, "conn error of NULL");
    CHECK(virConnCopyLastError(NULL, &copy) == -1, "conn copy of NULL");
    return DONE("errors");
}
