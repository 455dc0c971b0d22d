#define _GNU_SOURCE
#include "CB9Linux.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>
#include <linux/hidraw.h>
#include <linux/lp.h>

const unsigned long CB9Linux_TIOCEXCL = TIOCEXCL;
const unsigned long CB9Linux_TIOCNXCL = TIOCNXCL;
const unsigned long CB9Linux_TIOCMGET = TIOCMGET;
const unsigned long CB9Linux_TIOCMBIS = TIOCMBIS;
const unsigned long CB9Linux_TIOCMBIC = TIOCMBIC;
const unsigned long CB9Linux_TIOCOUTQ = TIOCOUTQ;
const unsigned long CB9Linux_FIONREAD = FIONREAD;
const int CB9Linux_TIOCM_DTR = TIOCM_DTR;
const int CB9Linux_TIOCM_RTS = TIOCM_RTS;
const int CB9Linux_TIOCM_CTS = TIOCM_CTS;
const int CB9Linux_TIOCM_DSR = TIOCM_DSR;
const int CB9Linux_TIOCM_CD = TIOCM_CD;

const unsigned long CB9Linux_EVIOCGRAB = EVIOCGRAB;
const unsigned long CB9Linux_EVIOCGID = EVIOCGID;
const unsigned long CB9Linux_EVIOCGNAME_256 = EVIOCGNAME(256);

const unsigned long CB9Linux_HIDIOCGRAWINFO = HIDIOCGRAWINFO;
const unsigned long CB9Linux_HIDIOCGRAWNAME_256 = HIDIOCGRAWNAME(256);

/* usblp: LPGETSTATUS is 0x060b in linux/lp.h. */
const unsigned long CB9Linux_LPGETSTATUS = LPGETSTATUS;

const size_t CB9Linux_input_event_size = sizeof(struct input_event);

int CB9Linux_open_pty_master(int flags) {
    int fd = posix_openpt(flags);
    if (fd < 0) {
        return -1;
    }
    if (grantpt(fd) != 0 || unlockpt(fd) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int CB9Linux_ptsname(int master_fd, char *buffer, size_t length) {
    return ptsname_r(master_fd, buffer, length);
}

int CB9Linux_ioctl_none(int fd, unsigned long request) {
    return ioctl(fd, request);
}

int CB9Linux_ioctl_int(int fd, unsigned long request, int value) {
    return ioctl(fd, request, value);
}

int CB9Linux_ioctl_ptr(int fd, unsigned long request, void *argument) {
    return ioctl(fd, request, argument);
}

_Static_assert(sizeof(CB9Linux_ucred) == sizeof(struct ucred), "CB9Linux_ucred must match struct ucred");
_Static_assert(offsetof(CB9Linux_ucred, uid) == offsetof(struct ucred, uid), "CB9Linux_ucred must match struct ucred");
_Static_assert(offsetof(CB9Linux_ucred, gid) == offsetof(struct ucred, gid), "CB9Linux_ucred must match struct ucred");

int CB9Linux_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid) {
    struct ucred credentials;
    socklen_t length = sizeof(credentials);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) {
        return -1;
    }
    *pid = credentials.pid;
    *uid = credentials.uid;
    *gid = credentials.gid;
    return 0;
}

int CB9Linux_wake_descriptor(void) {
    return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

int CB9Linux_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC | O_NONBLOCK);
}

int CB9Linux_epoll_refusal(int fd) {
    int probe = epoll_create1(EPOLL_CLOEXEC);
    if (probe < 0) return 0; /* cannot tell; let the event loop find out */
    struct epoll_event event = { .events = EPOLLIN };
    int refusal = 0;
    if (epoll_ctl(probe, EPOLL_CTL_ADD, fd, &event) != 0) {
        refusal = errno;
    } else {
        epoll_ctl(probe, EPOLL_CTL_DEL, fd, &event);
    }
    close(probe);
    return refusal;
}
