#ifndef CB9LINUX_H
#define CB9LINUX_H

/*
 * CB9Linux: the few Linux facilities that Swift's Glibc module hides or cannot express.
 *
 * - function-like ioctl request macros (_IOR/_IOW based) exported as constants;
 * - posix_openpt/grantpt/unlockpt/ptsname_r, which need _GNU_SOURCE;
 * - non-variadic ioctl wrappers;
 * - SO_PEERCRED credentials (struct ucred needs _GNU_SOURCE).
 *
 * Every symbol is prefixed CB9Linux_ so it never collides with libc.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/input.h>

/* Terminal and modem-line requests (asm-generic/ioctls.h). */
extern const unsigned long CB9Linux_TIOCEXCL;
extern const unsigned long CB9Linux_TIOCNXCL;
extern const unsigned long CB9Linux_TIOCMGET;
extern const unsigned long CB9Linux_TIOCMBIS;
extern const unsigned long CB9Linux_TIOCMBIC;
extern const unsigned long CB9Linux_TIOCOUTQ;
extern const unsigned long CB9Linux_FIONREAD;
extern const int CB9Linux_TIOCM_DTR;
extern const int CB9Linux_TIOCM_RTS;
extern const int CB9Linux_TIOCM_CTS;
extern const int CB9Linux_TIOCM_DSR;
extern const int CB9Linux_TIOCM_CD;

/* evdev (linux/input.h). */
extern const unsigned long CB9Linux_EVIOCGRAB;
extern const unsigned long CB9Linux_EVIOCGID;
/* EVIOCGNAME(len) for a 256-byte buffer. */
extern const unsigned long CB9Linux_EVIOCGNAME_256;

/* hidraw (linux/hidraw.h). */
extern const unsigned long CB9Linux_HIDIOCGRAWINFO;
extern const unsigned long CB9Linux_HIDIOCGRAWNAME_256;

/* USB printer class (linux/lp.h, drivers/usb/class/usblp.c). */
extern const unsigned long CB9Linux_LPGETSTATUS;

/* Size of one struct input_event record on this ABI (24 bytes on 64-bit Linux). */
extern const size_t CB9Linux_input_event_size;

/* Pseudo-terminal master: posix_openpt + grantpt + unlockpt. Returns the fd or -1 (errno set). */
int CB9Linux_open_pty_master(int flags);
/* ptsname_r. Returns 0 or an errno value. */
int CB9Linux_ptsname(int master_fd, char *buffer, size_t length);

/* Non-variadic ioctl forms. Return what ioctl returns (errno set on -1). */
int CB9Linux_ioctl_none(int fd, unsigned long request);
int CB9Linux_ioctl_int(int fd, unsigned long request, int value);
int CB9Linux_ioctl_ptr(int fd, unsigned long request, void *argument);

/* An eventfd (close-on-exec, non-blocking) that wakes a thread waiting in poll(2).
   Returns the fd or -1 (errno set). */
int CB9Linux_wake_descriptor(void);

/* pipe2(fds, O_CLOEXEC | O_NONBLOCK): a pipe no child process inherits. Returns 0 or -1 (errno set). */
int CB9Linux_pipe_cloexec(int fds[2]);

/* Whether epoll can watch fd for input: 0 when it can, else the errno epoll_ctl gave (EPERM for
   regular files and nodes whose driver has no poll). */
int CB9Linux_epoll_refusal(int fd);

/* SO_PEERCRED of a connected unix socket. Returns 0 or -1 (errno set). */
int CB9Linux_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid);

/* The layout of struct ucred, for reading SO_PEERCRED through an API that takes the option's
 * value type instead of a file descriptor (SwiftNIO's SocketOptionProvider). */
typedef struct CB9Linux_ucred {
    pid_t pid;
    uid_t uid;
    gid_t gid;
} CB9Linux_ucred;

#endif
