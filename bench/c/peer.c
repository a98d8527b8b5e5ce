/*
 * The C epoll peer of the benchmarks: a load-generating client for every workload, and
 * a reference server for each (the ceiling a Node server can aim for). Plain epoll,
 * level-triggered, one thread, loopback only.
 *
 *   peer server <echo|line|sink|source|churn|idle> <port>      prints "listening <port>"
 *   peer client pingpong <port> <connections> <seconds>         64-byte round trips
 *   peer client line <port> <connections> <seconds> <batch>     pipelined line batches
 *   peer client bulk <port> <megabytes>                         upload to a sink
 *   peer client download <port>                                 download from a source
 *   peer client churn <port> <count>                            connect, EOF, close
 *   peer client idle <port> <connections> <hold-seconds>        holds idle connections
 *
 * Clients print one JSON line with their measurement.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MSG 64
#define MAXEV 512
#define BUFSZ (256 * 1024)
#define SOURCE_BYTES (1024LL * 1024 * 1024)

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what) {
  perror(what);
  exit(1);
}

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

static int connect_to(int port, int nonblock) {
  int fd = socket(AF_INET, SOCK_STREAM | (nonblock ? SOCK_NONBLOCK : 0), 0);
  if (fd < 0) die("socket");
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct sockaddr_in a = loopback(port);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0 && errno != EINPROGRESS) die("connect");
  return fd;
}

static void add(int ep, int fd, uint32_t events) {
  struct epoll_event ev = {.events = events, .data.fd = fd};
  if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
}

static void send_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w > 0) {
      p += w;
      n -= (size_t)w;
    } else if (w < 0 && errno == EAGAIN) {
      struct epoll_event ev;
      int ep = epoll_create1(0);
      add(ep, fd, EPOLLOUT);
      epoll_wait(ep, &ev, 1, 1000);
      close(ep);
    } else {
      return;
    }
  }
}

/* ---------------------------------------------------------------- server */

struct conn {
  long long sent;  /* source mode: bytes written so far */
  int pending;     /* line mode: partial line bytes carried over */
};

static void server(const char *mode, int port) {
  signal(SIGPIPE, SIG_IGN);
  int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = loopback(port);
  if (bind(l, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
  if (listen(l, 4096) < 0) die("listen");
  socklen_t len = sizeof a;
  getsockname(l, (struct sockaddr *)&a, &len);
  printf("listening %d\n", ntohs(a.sin_port));
  fflush(stdout);

  int ep = epoll_create1(0);
  add(ep, l, EPOLLIN);
  static char buf[BUFSZ];
  static char out[BUFSZ];
  struct conn *conns = calloc(65536, sizeof *conns);
  struct epoll_event evs[MAXEV];
  for (;;) {
    int n = epoll_wait(ep, evs, MAXEV, -1);
    for (int i = 0; i < n; i++) {
      int fd = evs[i].data.fd;
      if (fd == l) {
        for (;;) {
          int c = accept4(l, NULL, NULL, SOCK_NONBLOCK);
          if (c < 0) break;
          if (!strcmp(mode, "churn")) {
            close(c);
            continue;
          }
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          memset(&conns[c], 0, sizeof conns[c]);
          add(ep, c, !strcmp(mode, "source") ? EPOLLOUT : EPOLLIN);
        }
        continue;
      }
      if (!strcmp(mode, "source")) {
        struct conn *k = &conns[fd];
        while (k->sent < SOURCE_BYTES) {
          long long left = SOURCE_BYTES - k->sent;
          ssize_t w = send(fd, buf, left < BUFSZ ? (size_t)left : BUFSZ, MSG_NOSIGNAL);
          if (w <= 0) break;
          k->sent += w;
        }
        if (k->sent >= SOURCE_BYTES || (evs[i].events & (EPOLLERR | EPOLLHUP))) close(fd);
        continue;
      }
      ssize_t r = recv(fd, buf, BUFSZ, 0);
      if (r <= 0) {
        if (r == 0 || errno != EAGAIN) {
          if (!strcmp(mode, "sink") && r == 0) send_all(fd, "done\n", 5);
          close(fd);
        }
        continue;
      }
      if (!strcmp(mode, "echo")) {
        send_all(fd, buf, (size_t)r);
      } else if (!strcmp(mode, "line")) {
        /* One reply line per request line, all of a read's replies in one send. */
        size_t o = 0;
        for (ssize_t j = 0; j < r; j++) {
          if (buf[j] != '\n') continue;
          memcpy(out + o, "+OK\n", 4);
          o += 4;
        }
        if (o) send_all(fd, out, o);
      }
      /* sink and idle: consume */
    }
  }
}

/* ---------------------------------------------------------------- clients */

static void pingpong(int port, int nconn, double seconds) {
  int ep = epoll_create1(0);
  int *got = calloc(65536, sizeof(int));
  char msg[MSG];
  memset(msg, 'x', MSG - 1);
  msg[MSG - 1] = '\n';
  for (int i = 0; i < nconn; i++) {
    int fd = connect_to(port, 0);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    add(ep, fd, EPOLLIN);
    send_all(fd, msg, MSG);
  }
  long long count = 0, counted = 0;
  double start = now(), warm = start + 0.5, end = warm + seconds;
  struct epoll_event evs[MAXEV];
  char buf[4096];
  for (;;) {
    double t = now();
    if (t >= end) break;
    if (t >= warm && counted == 0 && count > 0) {
      counted = count; /* mark: count from here */
      start = t;
    }
    int n = epoll_wait(ep, evs, MAXEV, 100);
    for (int i = 0; i < n; i++) {
      int fd = evs[i].data.fd;
      ssize_t r = recv(fd, buf, sizeof buf, 0);
      if (r <= 0) {
        if (r == 0) die("server closed");
        continue;
      }
      got[fd] += (int)r;
      while (got[fd] >= MSG) {
        got[fd] -= MSG;
        count++;
        send_all(fd, msg, MSG);
      }
    }
  }
  double elapsed = now() - start;
  printf("{\"roundtrips_per_s\": %.1f, \"total\": %lld}\n", (count - counted) / elapsed, count);
}

static void line(int port, int nconn, double seconds, int batch) {
  int ep = epoll_create1(0);
  int *waiting = calloc(65536, sizeof(int));
  char *req = malloc((size_t)batch * 32);
  for (int i = 0; i < batch; i++) {
    memcpy(req + i * 32, "SET key:000000 value-0123456789\n", 32);
  }
  for (int i = 0; i < nconn; i++) {
    int fd = connect_to(port, 0);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    add(ep, fd, EPOLLIN);
    send_all(fd, req, (size_t)batch * 32);
    waiting[fd] = batch;
  }
  long long lines = 0, counted = 0;
  double start = now(), warm = start + 0.5, end = warm + seconds;
  struct epoll_event evs[MAXEV];
  static char buf[BUFSZ];
  for (;;) {
    double t = now();
    if (t >= end) break;
    if (t >= warm && counted == 0 && lines > 0) {
      counted = lines;
      start = t;
    }
    int n = epoll_wait(ep, evs, MAXEV, 100);
    for (int i = 0; i < n; i++) {
      int fd = evs[i].data.fd;
      ssize_t r = recv(fd, buf, sizeof buf, 0);
      if (r <= 0) {
        if (r == 0) die("server closed");
        continue;
      }
      for (ssize_t j = 0; j < r; j++)
        if (buf[j] == '\n') {
          lines++;
          if (--waiting[fd] == 0) {
            waiting[fd] = batch;
            send_all(fd, req, (size_t)batch * 32);
          }
        }
    }
  }
  double elapsed = now() - start;
  printf("{\"lines_per_s\": %.1f, \"total\": %lld}\n", (lines - counted) / elapsed, lines);
}

static void bulk(int port, long long megabytes) {
  int fd = connect_to(port, 0);
  static char buf[BUFSZ];
  memset(buf, 'b', sizeof buf);
  long long total = megabytes * 1024 * 1024, sent = 0;
  double start = now();
  while (sent < total) {
    long long left = total - sent;
    ssize_t w = send(fd, buf, left < BUFSZ ? (size_t)left : BUFSZ, MSG_NOSIGNAL);
    if (w <= 0) die("send");
    sent += w;
  }
  shutdown(fd, SHUT_WR);
  char ack[16];
  ssize_t r = recv(fd, ack, sizeof ack, MSG_WAITALL);
  double elapsed = now() - start;
  if (r < 5) die("no ack from the sink");
  printf("{\"megabytes_per_s\": %.1f}\n", (double)megabytes / elapsed);
  close(fd);
}

static void download(int port) {
  int fd = connect_to(port, 0);
  static char buf[BUFSZ];
  long long got = 0;
  double start = now();
  for (;;) {
    ssize_t r = recv(fd, buf, sizeof buf, 0);
    if (r <= 0) break;
    got += r;
  }
  double elapsed = now() - start;
  if (got != SOURCE_BYTES) {
    fprintf(stderr, "download: got %lld bytes\n", got);
    exit(1);
  }
  printf("{\"megabytes_per_s\": %.1f}\n", (double)got / (1024 * 1024) / elapsed);
  close(fd);
}

static void churn(int port, int count) {
  char b;
  double start = now();
  for (int i = 0; i < count; i++) {
    int fd = connect_to(port, 0);
    /* The server accepts and closes: wait for its FIN, then close. */
    if (recv(fd, &b, 1, 0) != 0) die("churn: expected EOF");
    close(fd);
  }
  double elapsed = now() - start;
  printf("{\"connections_per_s\": %.1f}\n", count / elapsed);
}

static void idle(int port, int nconn, double hold) {
  int *fds = malloc(sizeof(int) * (size_t)nconn);
  for (int i = 0; i < nconn; i++) fds[i] = connect_to(port, 0);
  /* One byte each: every connection is accepted and has been read once. */
  for (int i = 0; i < nconn; i++) send(fds[i], "h", 1, MSG_NOSIGNAL);
  printf("{\"connected\": %d}\n", nconn);
  fflush(stdout);
  usleep((useconds_t)(hold * 1e6));
  for (int i = 0; i < nconn; i++) close(fds[i]);
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  if (argc >= 4 && !strcmp(argv[1], "server")) server(argv[2], atoi(argv[3]));
  else if (argc >= 6 && !strcmp(argv[2], "pingpong")) pingpong(atoi(argv[3]), atoi(argv[4]), atof(argv[5]));
  else if (argc >= 7 && !strcmp(argv[2], "line")) line(atoi(argv[3]), atoi(argv[4]), atof(argv[5]), atoi(argv[6]));
  else if (argc >= 5 && !strcmp(argv[2], "bulk")) bulk(atoi(argv[3]), atoll(argv[4]));
  else if (argc >= 4 && !strcmp(argv[2], "download")) download(atoi(argv[3]));
  else if (argc >= 5 && !strcmp(argv[2], "churn")) churn(atoi(argv[3]), atoi(argv[4]));
  else if (argc >= 6 && !strcmp(argv[2], "idle")) idle(atoi(argv[3]), atoi(argv[4]), atof(argv[5]));
  else {
    fprintf(stderr, "usage: see the comment at the top of peer.c\n");
    return 2;
  }
  return 0;
}
