// poll(2): level-triggered, no descriptor of its own, so the reactor runs it on a
// helper thread. A registration with no interest is parked (negative fd) because
// poll() would otherwise keep reporting hang-ups for it.
#include <poll.h>

#include <cerrno>
#include <unordered_map>
#include <vector>

#include "poller.h"

namespace sockport {

namespace {

class PollPoller final : public Poller {
 public:
  const char* name() const override { return "poll"; }

  int add(int fd, uint64_t token, uint32_t interest) override {
    if (fd < 0) return -EBADF;
    if (index_.count(fd)) return -EEXIST;
    index_[fd] = fds_.size();
    fds_.push_back(pollfd{Parked(fd, interest), PollEventsOf(interest), 0});
    entries_.push_back(Entry{fd, token});
    return 0;
  }

  int modify(int fd, uint64_t token, uint32_t interest) override {
    auto it = index_.find(fd);
    if (it == index_.end()) return -ENOENT;
    fds_[it->second] = pollfd{Parked(fd, interest), PollEventsOf(interest), 0};
    entries_[it->second].token = token;
    return 0;
  }

  int remove(int fd) override {
    auto it = index_.find(fd);
    if (it == index_.end()) return -ENOENT;
    size_t i = it->second, last = fds_.size() - 1;
    index_.erase(it);
    if (i != last) {
      fds_[i] = fds_[last];
      entries_[i] = entries_[last];
      index_[entries_[i].fd] = i;
    }
    fds_.pop_back();
    entries_.pop_back();
    return 0;
  }

  int wait(PollEvent* out, int capacity, int timeout_ms) override {
    int n = poll(fds_.data(), fds_.size(), timeout_ms);
    if (n < 0) return -errno;
    int count = 0;
    for (size_t i = 0; i < fds_.size() && count < capacity && n > 0; i++) {
      short r = fds_[i].revents;
      if (!r) continue;
      n--;
      out[count++] = PollEvent{entries_[i].token, ReadyOfPollEvents(r)};
    }
    return count;
  }

 private:
  struct Entry {
    int fd;
    uint64_t token;
  };
  static int Parked(int fd, uint32_t interest) { return interest ? fd : -fd - 1; }

  std::vector<pollfd> fds_;
  std::vector<Entry> entries_;
  std::unordered_map<int, size_t> index_;
};

}  // namespace

std::unique_ptr<Poller> MakePollPoller(int*) { return std::make_unique<PollPoller>(); }

}  // namespace sockport
