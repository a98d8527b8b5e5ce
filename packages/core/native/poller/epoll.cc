// epoll: edge-triggered, registered once per descriptor for both directions, so
// arming a wait costs no syscall. Its descriptor can sit under libuv's own poll.
#ifdef __linux__

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>

#include "poller.h"

namespace sockport {

namespace {

class EpollPoller final : public Poller {
 public:
  explicit EpollPoller(int epfd) : epfd_(epfd) {}
  ~EpollPoller() override { close(epfd_); }

  const char* name() const override { return "epoll"; }
  int pollable_fd() const override { return epfd_; }
  bool edge_triggered() const override { return true; }

  int add(int fd, uint64_t token, uint32_t interest) override {
    return Control(EPOLL_CTL_ADD, fd, token, interest);
  }
  int modify(int fd, uint64_t token, uint32_t interest) override {
    return Control(EPOLL_CTL_MOD, fd, token, interest);
  }
  int remove(int fd) override {
    epoll_event ev{};  // non-null for kernels before 2.6.9
    return epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, &ev) == 0 ? 0 : -errno;
  }

  int wait(PollEvent* out, int capacity, int timeout_ms) override {
    if (capacity > kMaxEvents) capacity = kMaxEvents;
    int n = epoll_wait(epfd_, events_, capacity, timeout_ms);
    if (n < 0) return -errno;
    for (int i = 0; i < n; i++) {
      uint32_t e = events_[i].events;
      uint32_t ready = 0;
      if (e & EPOLLIN) ready |= kReadable;
      // Urgent data alone is not readable (select(2) counts it as an exception).
      if (e & EPOLLPRI) ready |= kUrgent;
      if (e & EPOLLOUT) ready |= kWritable;
      if (e & EPOLLRDHUP) ready |= kReadable | kHangup;
      if (e & EPOLLHUP) ready |= kReadable | kWritable | kHangup;
      if (e & EPOLLERR) ready |= kReadable | kWritable;
      out[i] = PollEvent{events_[i].data.u64, ready};
    }
    return n;
  }

 private:
  static constexpr int kMaxEvents = 1024;

  int Control(int op, int fd, uint64_t token, uint32_t interest) {
    epoll_event ev{};
    ev.events = EPOLLET | EPOLLRDHUP | ((interest & kReadable) ? EPOLLIN | EPOLLPRI : 0u) |
                ((interest & kWritable) ? EPOLLOUT : 0u);
    ev.data.u64 = token;
    return epoll_ctl(epfd_, op, fd, &ev) == 0 ? 0 : -errno;
  }

  int epfd_;
  epoll_event events_[kMaxEvents];
};

}  // namespace

std::unique_ptr<Poller> MakeEpollPoller(int* error) {
  int epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) {
    *error = errno;
    return nullptr;
  }
  return std::make_unique<EpollPoller>(epfd);
}

std::unique_ptr<Poller> AdoptEpollPoller(int epfd) { return std::make_unique<EpollPoller>(epfd); }

}  // namespace sockport

#endif  // __linux__
