/* The reaper of reaper.py in C: the same arguments, behaviour and report, without the
 * interpreter's start-up time that every test would pay. Compiled once per host by
 * native.py; reaper.py stays the reference and the fallback.
 *
 *   reaper LIMITS WALL FD ARGV...
 *
 * LIMITS is "name=value,..." (RLIMIT names in lower case), WALL the wall-clock limit in
 * seconds, FD the pipe for the report "S status utime stime maxrss timed_out" or "E why".
 *
 *   reaper --as UID ARGV...    (as root: become UID:UID without groups, then exec ARGV)
 *   reaper --key               (print the key of the source it was built from)
 *
 * "--as" lets a root worker spawn the sandbox with vfork: Python's subprocess forks the
 * whole worker instead when it must change the uid itself, which costs milliseconds.
 *
 * No signal handler is installed: as pid 1 of a sandbox, a signal the program sends with
 * the default disposition is dropped by the kernel, so the program can neither interrupt
 * nor fool the reaper. SIGCHLD is blocked and waited for; a stray one only wakes it early.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef REAPER_KEY
#define REAPER_KEY "unknown"
#endif

static const struct { const char *name; int resource; } RLIMITS[] = {
    {"cpu", RLIMIT_CPU},     {"fsize", RLIMIT_FSIZE}, {"nproc", RLIMIT_NPROC},
    {"stack", RLIMIT_STACK}, {"nofile", RLIMIT_NOFILE}, {"core", RLIMIT_CORE},
    {"as", RLIMIT_AS},       {"data", RLIMIT_DATA},   {"memlock", RLIMIT_MEMLOCK},
};

static void write_all(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        buf += n;
        len -= (size_t)n;
    }
}

/* In the child: report why the program could not start, on the pipe to the parent. */
static void fail(int pipe_fd, const char *what, const char *detail) {
    char msg[300];
    int n = snprintf(msg, sizeof msg, "%s %s: %s", what, detail, strerror(errno));
    write_all(pipe_fd, msg, n < 0 ? 0 : (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
    _exit(127);
}

static void set_limits(int pipe_fd, char *spec) {
    for (char *save = NULL, *kv = strtok_r(spec, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        char *end;
        size_t i;
        errno = EINVAL;
        if (!eq) fail(pipe_fd, "limit", kv);
        *eq = '\0';
        for (i = 0; i < sizeof RLIMITS / sizeof *RLIMITS; i++)
            if (strcmp(RLIMITS[i].name, kv) == 0) break;
        if (i == sizeof RLIMITS / sizeof *RLIMITS) fail(pipe_fd, "unknown limit", kv);
        errno = 0;
        unsigned long long value = strtoull(eq + 1, &end, 10);
        if (errno || *end || end == eq + 1) {
            errno = EINVAL;
            fail(pipe_fd, "limit", kv);
        }
        /* CPU: the hard limit a second above, so a program that catches SIGXCPU still dies. */
        struct rlimit lim = {value, RLIMITS[i].resource == RLIMIT_CPU ? value + 1 : value};
        if (setrlimit(RLIMITS[i].resource, &lim) != 0) fail(pipe_fd, "setrlimit", kv);
    }
}

/* Mark every descriptor from ``low`` up close-on-exec: the program gets stdio only. */
static void cloexec_from(int low) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned)low, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */) == 0) return;
#endif
    DIR *dir = opendir("/proc/self/fd"); /* kernels before 5.11 */
    if (!dir) return;
    for (struct dirent *entry; (entry = readdir(dir));) {
        int fd = atoi(entry->d_name);
        if (fd >= low && fd != dirfd(dir)) fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    closedir(dir);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Drop to uid and gid ``id`` for good (no supplementary groups), then exec argv. */
static int become(const char *exe, const char *id_arg, char **argv) {
    char *end;
    errno = 0;
    unsigned long id = strtoul(id_arg, &end, 10);
    if (errno || *end || end == id_arg || id == 0 || id > 0xfffffffeUL) {
        fputs("reaper: bad uid\n", stderr);
        return 126;
    }
    if (setgroups(0, NULL) != 0 || setresgid(id, id, id) != 0 || setresuid(id, id, id) != 0) {
        perror("reaper: dropping privileges");
        return 126;
    }
    uid_t r, e, s;
    if (getresuid(&r, &e, &s) != 0 || r != id || e != id || s != id || getegid() != id) {
        fputs("reaper: privileges not dropped\n", stderr);
        return 126;
    }
    /* Not even this binary's descriptor (how it was started) goes further. */
    int self;
    if (sscanf(exe, "/proc/self/fd/%d", &self) == 1) fcntl(self, F_SETFD, FD_CLOEXEC);
    execvp(argv[0], argv);
    perror("reaper: exec");
    return 127;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--key") == 0) {
        puts(REAPER_KEY); /* which source this binary was built from */
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "--as") == 0) return become(argv[0], argv[2], argv + 3);
    if (argc < 5) {
        fputs("usage: reaper LIMITS WALL FD ARGV...\n", stderr);
        return 2;
    }
    char *end;
    double wall = strtod(argv[2], &end);
    int fd = atoi(argv[3]);
    if (*end || wall <= 0 || fd < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
        fputs("reaper: bad WALL or FD\n", stderr);
        return 2;
    }
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    signal(SIGINT, SIG_DFL);
    int err[2];
    if (pipe2(err, O_CLOEXEC) != 0) {
        dprintf(fd, "E pipe: %s\n", strerror(errno));
        return 1;
    }
    double deadline = now() + wall;
    pid_t pid = fork();
    if (pid < 0) {
        dprintf(fd, "E fork: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        close(err[0]);
        cloexec_from(3);
        signal(SIGPIPE, SIG_DFL);
        signal(SIGXFSZ, SIG_DFL);
        sigprocmask(SIG_SETMASK, &old, NULL);
        set_limits(err[1], argv[1]);
        execvp(argv[4], argv + 4);
        fail(err[1], "execvp", argv[4]);
    }
    close(err[1]);
    char why[400];
    ssize_t got;
    while ((got = read(err[0], why, sizeof why - 1)) < 0 && errno == EINTR) {
    }
    int status = 0, timed_out = 0;
    struct rusage ru;
    for (;;) {
        pid_t done = wait4(pid, &status, WNOHANG, &ru);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) {
            dprintf(fd, "E wait4: %s\n", strerror(errno));
            return 1;
        }
        double left = deadline - now();
        if (left <= 0) {
            if (kill(pid, SIGKILL) == 0) timed_out = 1;
            while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
            }
            break;
        }
        struct timespec ts = {(time_t)left, (long)((left - (double)(time_t)left) * 1e9)};
        sigtimedwait(&chld, NULL, &ts);
    }
    char line[512];
    int n;
    if (got > 0) {
        why[got] = '\0';
        for (char *c = why; *c; c++)
            if (*c == '\n') *c = ' ';
        n = snprintf(line, sizeof line, "E %s\n", why);
    } else {
        n = snprintf(line, sizeof line, "S %d %ld.%06ld %ld.%06ld %ld %d\n", status,
                     (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec,
                     (long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec, ru.ru_maxrss, timed_out);
    }
    write_all(fd, line, n < 0 ? 0 : (size_t)n);
    return 0;
}
