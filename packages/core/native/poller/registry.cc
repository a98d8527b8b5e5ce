// Which poller backends this platform has, and construction by name.
#include <cerrno>

#include "poller.h"

namespace sockport {

const std::vector<std::string>& PollerNames() {
  static const std::vector<std::string> names = {
#ifdef __linux__
      "epoll",
#endif
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__) || defined(__DragonFly__)
      "kqueue",
#endif
      "poll",
      "select",
  };
  return names;
}

std::unique_ptr<Poller> MakePoller(const std::string& name, int* error) {
  *error = 0;
#ifdef __linux__
  if (name == "epoll") return MakeEpollPoller(error);
#endif
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__) || defined(__DragonFly__)
  if (name == "kqueue") return MakeKqueuePoller(error);
#endif
  if (name == "poll") return MakePollPoller(error);
  if (name == "select") return MakeSelectPoller(error);
  *error = ENOENT;
  return nullptr;
}

}  // namespace sockport
