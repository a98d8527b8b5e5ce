// One small interface over the readiness backends (after mio's Selector). Each backend
// lives in its own file. A poller is used by one thread at a time; the reactor decides
// which thread (see reactor.h).
//
// Guarantees every backend gives:
//  - add/modify/remove return 0 or -errno and never block.
//  - wait() returns the number of events written (0 on timeout) or -errno (-EINTR
//    included: the caller decides whether to retry). timeout_ms < 0 waits forever.
//  - An event's `ready` holds kReadable and/or kWritable; errors and hang-ups are
//    reported as both, so whoever waits in either direction wakes and finds out.
//  - Edge-triggered backends (epoll) report a direction again only after new activity;
//    level-triggered ones report it for as long as it holds and the interest is set.
#pragma once

#include <poll.h>

#include <cerrno>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sockport {

constexpr uint32_t kReadable = 1;
constexpr uint32_t kWritable = 2;
// The peer has shut down its side (RDHUP/HUP): reads will not block again, so a short
// read must not clear readability (an edge-triggered backend would never report it again).
constexpr uint32_t kHangup = 4;
// Urgent (out-of-band) data is pending: a read stops short at its mark, so a short read
// does not mean the queue is drained either.
constexpr uint32_t kUrgent = 8;

// poll(2)'s events for an interest (kReadable | kWritable).
inline short PollEventsOf(uint32_t interest) {
  return static_cast<short>(((interest & kReadable) ? POLLIN : 0) | ((interest & kWritable) ? POLLOUT : 0));
}

// The ready bits of what poll(2) reported: errors and hang-ups count as both directions
// (the next call says what happened), a hang-up also as kHangup, urgent data (not
// readable by itself, as in the epoll backend) as kUrgent.
inline uint32_t ReadyOfPollEvents(short revents) {
  uint32_t ready = 0;
  if (revents & (POLLIN | POLLRDHUP)) ready |= kReadable;
  if (revents & POLLOUT) ready |= kWritable;
  if (revents & (POLLERR | POLLHUP | POLLNVAL)) ready |= kReadable | kWritable;
  if (revents & (POLLHUP | POLLRDHUP)) ready |= kHangup;
  if (revents & POLLPRI) ready |= kUrgent;
  return ready;
}

struct PollEvent {
  uint64_t token;
  uint32_t ready;
};

class Poller {
 public:
  virtual ~Poller() = default;
  virtual const char* name() const = 0;
  // Registers fd under token with the given interest (kReadable | kWritable).
  virtual int add(int fd, uint64_t token, uint32_t interest) = 0;
  virtual int modify(int fd, uint64_t token, uint32_t interest) = 0;
  virtual int remove(int fd) = 0;
  virtual int wait(PollEvent* out, int capacity, int timeout_ms) = 0;
  // A descriptor that turns readable when events are pending, for pollers that can sit
  // inside another event loop (epoll); -1 for those that must run on their own thread.
  virtual int pollable_fd() const { return -1; }
  // True when a registration reports every later change of readiness by itself, so the
  // interest never needs to change (epoll with EPOLLET).
  virtual bool edge_triggered() const { return false; }
  // 0 when fd can be registered at all, or -errno with the reason (select's FD_SETSIZE).
  virtual int accepts(int fd) const { return fd >= 0 ? 0 : -EBADF; }
};

// The backends this build has, in order of preference.
const std::vector<std::string>& PollerNames();
// Makes a poller by name; nullptr and *error set when the name is unknown or creation fails.
std::unique_ptr<Poller> MakePoller(const std::string& name, int* error);

std::unique_ptr<Poller> MakeEpollPoller(int* error);
// An epoll poller on an existing epoll descriptor, which it now owns.
std::unique_ptr<Poller> AdoptEpollPoller(int epfd);
std::unique_ptr<Poller> MakePollPoller(int* error);
std::unique_ptr<Poller> MakeSelectPoller(int* error);
std::unique_ptr<Poller> MakeKqueuePoller(int* error);

}  // namespace sockport
