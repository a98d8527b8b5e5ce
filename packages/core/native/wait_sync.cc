// A blocking readiness wait on a fresh poller of the chosen backend, for the faces'
// *Sync calls (lsocket selectSync) in worker threads and scripts. It blocks the
// calling thread by design; the event loop's reactor is not involved.
#include "wait_sync.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>

#include <cerrno>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "args.h"
#include "poller/poller.h"
#include "socket.h"

namespace sockport {

namespace {

// The longest stretch a wait blocks without looking up: a worker being terminated (or
// a process exiting, which terminates its workers) must not wait for the timeout.
constexpr double kSliceSeconds = 0.1;

double Now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

// Whether JavaScript can still run in this environment: false once Node is stopping
// it (a worker's terminate(), process exit). Calls a function that does nothing, made
// at the first look (a wait that does not block never needs it).
bool Alive(napi_env env, napi_value* noop) {
  napi_value global, result;
  if (*noop == nullptr && napi_create_function(env, "noop", NAPI_AUTO_LENGTH, [](napi_env, napi_callback_info) -> napi_value { return nullptr; }, nullptr, noop) != napi_ok) return false;
  if (napi_get_global(env, &global) != napi_ok) return false;
  return napi_call_function(env, global, *noop, 0, nullptr, &result) == napi_ok;
}

// Signals that Node handles for its own bookkeeping (a child process ended, the terminal
// was resized) would end a wait with EINTR, where the original's process, which does not
// handle them, keeps waiting. They stay pending for the time of the wait and are
// delivered when it is over; every other signal still ends it.
// A wait that cannot block (timeout 0: pollOnce, instant checks) needs none of this.
class QuietBookkeepingSignals {
 public:
  explicit QuietBookkeepingSignals(bool blocking) {
    if (!blocking) return;
    sigset_t quiet;
    sigemptyset(&quiet);
    sigaddset(&quiet, SIGCHLD);
    sigaddset(&quiet, SIGWINCH);
    restore_ = pthread_sigmask(SIG_BLOCK, &quiet, &old_) == 0;
  }
  ~QuietBookkeepingSignals() {
    if (restore_) pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  QuietBookkeepingSignals(const QuietBookkeepingSignals&) = delete;
  QuietBookkeepingSignals& operator=(const QuietBookkeepingSignals&) = delete;

 private:
  sigset_t old_;
  bool restore_ = false;
};

// Sleeps for seconds (negative: never, for a caller that refuses that first): 0, or
// -EINTR when a signal ends it (as it ends a select(2) on no descriptors) or the
// environment is being stopped. In slices, which also keeps every cast in range.
int Sleep(double seconds, napi_env env, napi_value* noop) {
  double until = Now() + seconds;
  for (;;) {
    double left = until - Now();
    if (left <= 0) return 0;
    double step = std::min(left, kSliceSeconds);
    timespec ts;
    ts.tv_sec = static_cast<time_t>(step);
    ts.tv_nsec = static_cast<long>((step - std::floor(step)) * 1e9);
    if (nanosleep(&ts, nullptr) != 0) return -errno;
    if (!Alive(env, noop)) return -EINTR;
  }
}

// Copies the results into `out` (argument 4) and answers `total`. No JS has run since
// `out` is read here (a poll does not call into JS), and its bytes may sit at any
// offset, hence the copy.
Napi::Value Answer(const Napi::CallbackInfo& info, const std::vector<int32_t>& results, int total) {
  Bytes out = BytesArg(info, 4, "out");
  size_t bytes = results.size() * sizeof(int32_t);
  if (out.length < bytes) ThrowType(info.Env(), "out is too small for the results");
  if (bytes > 0) std::memcpy(out.data, results.data(), bytes);
  return Napi::Number::New(info.Env(), total);
}

// waitSync(backend, sockets, masks, timeoutSeconds, out) -> ready count | -errno.
// out[i] gets the ready bits (1 read, 2 write) of sockets[i]; a closed socket gets 0.
// A negative timeout waits forever; with no open socket that is refused (-EINVAL).
// select refuses a descriptor >= FD_SETSIZE with -EINVAL before waiting.
Napi::Value WaitSync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string backend = CStringArg(info, 0, "backend");
  if (info.Length() < 3 || !info[1].IsArray() || !info[2].IsArray())
    ThrowType(env, "sockets and masks must be arrays");
  Napi::Array sockets = info[1].As<Napi::Array>();
  Napi::Array masks = info[2].As<Napi::Array>();
  double timeout = DoubleArg(info, 3, "timeout");
  if (std::isnan(timeout)) ThrowType(env, "timeout must be a number of seconds");
  // +Infinity waits for ever, as a negative timeout does.
  if (std::isinf(timeout)) timeout = -1;
  uint32_t count = sockets.Length();
  if (masks.Length() != count) ThrowType(env, "sockets and masks must have the same length");
  // More than any process has descriptors (and than the vectors below should hold).
  if (count > (1u << 24)) ThrowType(env, "too many sockets");
  if (BytesArg(info, 4, "out").length < count * sizeof(int32_t)) ThrowType(env, "out is too small for the results");

  // Every element is read before `out` is looked at: a getter among them could detach
  // or shrink out's buffer. And every element is read before any descriptor number is:
  // a getter could close a socket read earlier (and a new one take its number).
  std::vector<Napi::Value> handles(count);
  std::vector<int> fds(count, -1);
  std::vector<uint32_t> wanted(count, 0);
  for (uint32_t i = 0; i < count; i++) {
    handles[i] = sockets.Get(i);
    Napi::Value m = masks.Get(i);
    if (!m.IsNumber()) ThrowType(env, "masks[i] must be 1, 2 or 3");
    double md = m.As<Napi::Number>().DoubleValue();
    if (md != 1 && md != 2 && md != 3) ThrowType(env, "masks[i] must be 1, 2 or 3");
    wanted[i] = static_cast<uint32_t>(md);
  }
  // No JS runs from here on: each socket's number is the one it has now.
  for (uint32_t i = 0; i < count; i++) fds[i] = NativeSocket::From(env, handles[i], "sockets[i]")->fd();
  std::vector<int32_t> results(count, 0);

  napi_value noop = nullptr;
  int error = 0;
  std::unique_ptr<Poller> poller = MakePoller(backend, &error);
  if (!poller) return Napi::Number::New(env, -error);
  // One registration per descriptor, even when a socket is listed twice.
  std::unordered_map<int, uint32_t> interest;
  for (uint32_t i = 0; i < count; i++) {
    if (fds[i] < 0) continue;
    if (int rc = poller->accepts(fds[i])) return Napi::Number::New(env, rc);
    interest[fds[i]] |= wanted[i];
  }
  QuietBookkeepingSignals quiet(timeout != 0);
  if (interest.empty()) {
    if (timeout < 0) return Napi::Number::New(env, -EINVAL);
    if (int rc = Sleep(timeout, env, &noop)) return Napi::Number::New(env, rc);
    return Answer(info, results, 0);
  }
  for (const auto& [fd, mask] : interest)
    if (int rc = poller->add(fd, static_cast<uint64_t>(fd), mask)) return Napi::Number::New(env, rc);

  std::vector<PollEvent> events(interest.size());
  double until = timeout < 0 ? INFINITY : Now() + timeout;
  int total = 0;
  for (;;) {
    double left = until - Now();
    double slice = std::max(0.0, std::min(left, kSliceSeconds));
    int n = poller->wait(events.data(), static_cast<int>(events.size()), static_cast<int>(std::ceil(slice * 1000)));
    if (n < 0) return Napi::Number::New(env, n);
    std::unordered_map<int, uint32_t> ready;
    for (int i = 0; i < n; i++) ready[static_cast<int>(events[i].token)] |= events[i].ready;
    for (uint32_t i = 0; i < count; i++) {
      if (fds[i] < 0) continue;
      auto it = ready.find(fds[i]);
      if (it == ready.end()) continue;
      results[i] = static_cast<int32_t>(it->second & wanted[i]);
      if (results[i]) total++;
    }
    // An event that brings nothing asked for (a peer's FIN on a socket watched only for
    // writing) does not end the wait: select(2) would not have seen it.
    if (total > 0 || Now() >= until) break;
    if (!Alive(env, &noop)) return Napi::Number::New(env, -EINTR);
  }
  return Answer(info, results, total);
}

}  // namespace

void InitWaitSync(Napi::Env env, Napi::Object exports) {
  exports.Set("waitSync", Napi::Function::New(env, WaitSync, "waitSync"));
}

}  // namespace sockport
