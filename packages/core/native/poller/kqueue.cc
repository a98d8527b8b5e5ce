// kqueue (macOS and the BSDs), level-triggered: one read and one write filter per
// descriptor, enabled by interest. A kqueue nested under libuv's own kqueue is
// unreliable on some systems, so the reactor drives this one from its helper thread.
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__) || defined(__DragonFly__)

#include <sys/event.h>
#include <sys/time.h>
#include <unistd.h>
#include <fcntl.h>

#include <cerrno>
#include <cstdint>

#include "poller.h"

namespace sockport {

namespace {

class KqueuePoller final : public Poller {
 public:
  explicit KqueuePoller(int kq) : kq_(kq) {}
  ~KqueuePoller() override { close(kq_); }

  const char* name() const override { return "kqueue"; }

  int add(int fd, uint64_t token, uint32_t interest) override { return Change(fd, token, interest); }
  int modify(int fd, uint64_t token, uint32_t interest) override { return Change(fd, token, interest); }

  int remove(int fd) override {
    struct kevent ch[2];
    EV_SET(&ch[0], fd, EVFILT_READ, EV_DELETE, 0, 0, nullptr);
    EV_SET(&ch[1], fd, EVFILT_WRITE, EV_DELETE, 0, 0, nullptr);
    // Either filter may be absent; deleting both and ignoring ENOENT keeps this simple.
    kevent(kq_, ch, 2, nullptr, 0, nullptr);
    return 0;
  }

  int wait(PollEvent* out, int capacity, int timeout_ms) override {
    if (capacity > kMaxEvents) capacity = kMaxEvents;
    timespec ts{}, *pts = nullptr;
    if (timeout_ms >= 0) {
      ts.tv_sec = timeout_ms / 1000;
      ts.tv_nsec = static_cast<long>(timeout_ms % 1000) * 1000000L;
      pts = &ts;
    }
    int n = kevent(kq_, nullptr, 0, events_, capacity, pts);
    if (n < 0) return -errno;
    for (int i = 0; i < n; i++) {
      uint32_t ready = events_[i].filter == EVFILT_WRITE ? kWritable : kReadable;
      if ((events_[i].flags & EV_EOF) && events_[i].filter == EVFILT_READ) ready |= kHangup;
      if (events_[i].flags & EV_ERROR) ready = kReadable | kWritable;
      out[i] = PollEvent{static_cast<uint64_t>(reinterpret_cast<uintptr_t>(events_[i].udata)), ready};
    }
    return n;
  }

 private:
  static constexpr int kMaxEvents = 1024;

  int Change(int fd, uint64_t token, uint32_t interest) {
    struct kevent ch[2];
    void* udata = reinterpret_cast<void*>(static_cast<uintptr_t>(token));
    EV_SET(&ch[0], fd, EVFILT_READ, EV_ADD | ((interest & kReadable) ? EV_ENABLE : EV_DISABLE), 0, 0, udata);
    EV_SET(&ch[1], fd, EVFILT_WRITE, EV_ADD | ((interest & kWritable) ? EV_ENABLE : EV_DISABLE), 0, 0, udata);
    return kevent(kq_, ch, 2, nullptr, 0, nullptr) == 0 ? 0 : -errno;
  }

  int kq_;
  struct kevent events_[kMaxEvents];
};

}  // namespace

std::unique_ptr<Poller> MakeKqueuePoller(int* error) {
  int kq = kqueue();
  if (kq < 0) {
    *error = errno;
    return nullptr;
  }
  fcntl(kq, F_SETFD, FD_CLOEXEC);
  return std::make_unique<KqueuePoller>(kq);
}

}  // namespace sockport

#endif
