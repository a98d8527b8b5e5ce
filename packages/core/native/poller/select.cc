// select(2): level-triggered, limited to descriptors below FD_SETSIZE; a larger one is
// refused at registration with EINVAL (an fd_set cannot hold it: writing it would
// corrupt memory). Runs on the reactor's helper thread like poll.
#include <sys/select.h>

#include <cerrno>
#include <unordered_map>
#include <vector>

#include "poller.h"

namespace sockport {

namespace {

class SelectPoller final : public Poller {
 public:
  const char* name() const override { return "select"; }

  int accepts(int fd) const override {
    if (fd < 0) return -EBADF;
    return fd < FD_SETSIZE ? 0 : -EINVAL;
  }

  int add(int fd, uint64_t token, uint32_t interest) override {
    if (int rc = accepts(fd)) return rc;
    if (index_.count(fd)) return -EEXIST;
    index_[fd] = entries_.size();
    entries_.push_back(Entry{fd, token, interest});
    return 0;
  }

  int modify(int fd, uint64_t token, uint32_t interest) override {
    auto it = index_.find(fd);
    if (it == index_.end()) return -ENOENT;
    entries_[it->second].token = token;
    entries_[it->second].interest = interest;
    return 0;
  }

  int remove(int fd) override {
    auto it = index_.find(fd);
    if (it == index_.end()) return -ENOENT;
    size_t i = it->second, last = entries_.size() - 1;
    index_.erase(it);
    if (i != last) {
      entries_[i] = entries_[last];
      index_[entries_[i].fd] = i;
    }
    entries_.pop_back();
    return 0;
  }

  int wait(PollEvent* out, int capacity, int timeout_ms) override {
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    int maxfd = -1;
    for (const Entry& e : entries_) {
      if (e.interest & kReadable) FD_SET(e.fd, &rd);
      if (e.interest & kWritable) FD_SET(e.fd, &wr);
      if (e.interest && e.fd > maxfd) maxfd = e.fd;
    }
    timeval tv{}, *ptv = nullptr;
    if (timeout_ms >= 0) {
      tv.tv_sec = timeout_ms / 1000;
      tv.tv_usec = (timeout_ms % 1000) * 1000;
      ptv = &tv;
    }
    int n = select(maxfd + 1, &rd, &wr, nullptr, ptv);
    if (n < 0) return -errno;
    int count = 0;
    for (const Entry& e : entries_) {
      if (count >= capacity || n <= 0) break;
      uint32_t ready = 0;
      if ((e.interest & kReadable) && FD_ISSET(e.fd, &rd)) ready |= kReadable;
      if ((e.interest & kWritable) && FD_ISSET(e.fd, &wr)) ready |= kWritable;
      if (ready) out[count++] = PollEvent{e.token, ready};
    }
    return count;
  }

 private:
  struct Entry {
    int fd;
    uint64_t token;
    uint32_t interest;
  };
  std::vector<Entry> entries_;
  std::unordered_map<int, size_t> index_;
};

}  // namespace

std::unique_ptr<Poller> MakeSelectPoller(int*) { return std::make_unique<SelectPoller>(); }

}  // namespace sockport
