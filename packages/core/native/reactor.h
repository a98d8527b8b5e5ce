// The reactor runs one poller backend inside Node's event loop without blocking it,
// one per Node environment (main thread or worker).
//
//  - Edge-triggered backends with a descriptor (epoll) sit under one uv_poll_t and are
//    drained with a zero timeout whenever that descriptor turns readable.
//  - The others (poll, select, kqueue) run on a helper thread that hands ready events
//    back through a uv_async_t; interest changes reach it through a queue and a wake
//    descriptor, and each reported direction is dropped from its interest until JS
//    arms it again (level-triggered backends would otherwise spin).
//
// Every registered descriptor has a slot. A slot remembers which directions have been
// seen ready (cleared by the socket calls that hit EAGAIN) and which directions JS is
// waiting for (armed). Ready events for armed directions reach JS in batches: one
// MakeCallback per wake-up, records [slot, bits] in a reused Int32Array.
//
// With epoll every event reaches JS, which keeps track of who waits for what: waiting
// costs no call. The helper-thread backends watch only what JS has armed.
//
// The process stays alive (the uv handle is ref'd) only while JS says something waits.
//
// Reactors of several threads may share one epoll instance (socket2's epoll_fd): each
// event carries its owner's id in the token, and a reactor that drains an event of
// another hands it over through that reactor's uv_async_t.
#pragma once

#include <napi.h>
#include <uv.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "poller/poller.h"

namespace sockport {

class Reactor {
 public:
  // Creates a reactor on the named backend; nullptr and *error (errno) on failure. With
  // shareEpollFd >= 0 it joins that epoll instance, which must be the descriptor of a
  // live epoll reactor of this process (anything else is EBADF: an epoll descriptor of
  // libuv's own would corrupt the event loop).
  // `wake` is a pipe reserved for the helper thread of the poll/select backends (see
  // MakeWakePipe); the reactor takes it (setting both ends to -1) when it needs one.
  static std::shared_ptr<Reactor> Create(Napi::Env env, const std::string& backend,
                                         Napi::Function onBatch, int shareEpollFd, int wake[2], int* error);
  // A non-blocking, close-on-exec pipe whose read end has the lowest free number: made
  // early (when the addon loads), it stays within select's FD_SETSIZE even when the
  // process has opened many descriptors by the time the reactor starts. 0 or -errno.
  static int MakeWakePipe(int fds[2]);
  // Whether fd is the epoll descriptor of a live reactor of this process.
  static bool IsReactorEpoll(int fd);
  ~Reactor();

  const char* backend() const { return poller_->name(); }
  int pollableFd() const { return poller_->pollable_fd(); }
  Napi::Value batchBuffer(Napi::Env env) { return batchRef_.Value(); }
  // The ready bits of every slot (one byte each), in memory that JS reads directly: a
  // socket asks what is known ready without a call. A new buffer replaces it when the
  // slots outgrow it (JS fetches it again then); null once the reactor is closed.
  Napi::Value readyBuffer(Napi::Env env);
  int batchCapacity() const { return kBatchRecords; }
  // Whether every event reaches JS (epoll), so that waiting needs no Arm call.
  bool reportsAll() const { return !threaded_; }

  // Registers fd; 0 and *slot, or -errno (select refuses fd >= FD_SETSIZE with -EINVAL).
  int Register(int fd, int32_t* slot);
  // Forgets a slot (the descriptor is still open: the caller closes it afterwards).
  void Unregister(int32_t slot);
  // Returns the directions of mask already known ready (nothing armed then), or 0 after
  // arming them (which only the helper-thread backends need).
  uint32_t Arm(int32_t slot, uint32_t mask);
  void Disarm(int32_t slot, uint32_t mask);
  // A syscall found the direction not ready (EAGAIN): forget the old readiness (for
  // reading, urgent data included: the queue is empty).
  void ClearReady(int32_t slot, uint32_t mask) { ready_[slot] &= ~((mask & kReadable) ? mask | kUrgent : mask); }
  uint32_t Ready(int32_t slot) const { return ready_[slot]; }
  // An instant poll found these directions ready.
  void MarkReady(int32_t slot, uint32_t mask) { ready_[slot] |= mask; }
  // The slot registered for fd, or -1.
  int32_t SlotOfFd(int fd) const;
  // JS says whether something waits: the process stays alive while it does.
  void Hold(bool held);
  bool held() const { return held_; }

  // Environment teardown: stops the helper thread and closes the uv handles; done() runs
  // when libuv has released them. Afterwards the reactor only forgets slots.
  void Close(std::function<void()> done);

 private:
  struct Slot {
    int fd = -1;
    uint16_t gen = 0;
    uint8_t armed = 0;
    bool used = false;
  };
  struct Change {
    enum Op : uint8_t { kAdd, kArm, kDisarm, kRemove } op;
    int32_t slot;
    int fd;
    uint16_t gen;
    uint32_t mask;
  };
  struct Report {
    uint64_t token;
    uint32_t ready;
  };
  static constexpr int kBatchRecords = 4096;
  static constexpr uint64_t kWakeToken = ~uint64_t{0};

  Reactor(Napi::Env env, std::unique_ptr<Poller> poller);
  // Token layout: slot (32 bits) | generation (16) | owning reactor's id (16).
  uint64_t Token(int32_t slot, uint16_t gen) const {
    return (uint64_t{id_} << 48) | (uint64_t{gen} << 32) | uint32_t(slot);
  }
  static int32_t TokenSlot(uint64_t t) { return static_cast<int32_t>(t & 0xffffffffu); }
  static uint16_t TokenGen(uint64_t t) { return static_cast<uint16_t>(t >> 32); }
  static uint16_t TokenOwner(uint64_t t) { return static_cast<uint16_t>(t >> 48); }

  int Start(Napi::Function onBatch, int wake[2]);
  // Hands an event drained here to the reactor that owns it (another thread's).
  static void Forward(uint64_t token, uint32_t ready);
  void UpdateRef();
  // Records a ready event for a live slot; true when an armed waiter fires.
  void Deliver(uint64_t token, uint32_t ready);
  void Flush();

  // Edge-triggered path.
  static void OnPollable(uv_poll_t* handle, int status, int events);
  void Drain();

  // Helper-thread path.
  // Leaves the registry and stops the helper thread (both idempotent).
  void Detach();
  // Queues an interest change for the helper thread; returns its sequence number.
  uint64_t Post(const Change& change);
  // Makes the ready bits hold slot; -ENOMEM when they cannot.
  int GrowReady(int32_t slot);
  void ThreadMain();
  static void OnAsync(uv_async_t* handle);
  void Confirm(std::vector<Report>& reports);

 public:
  // Collects, on this thread, what is ready now and hands it to JS as one batch: the
  // epoll descriptor drained, or (helper-thread backends) one poll(2) of every armed
  // descriptor, which the helper would report a little later. False when it cannot run
  // (inside a batch, or closed).
  bool CollectNow();

 private:

  Napi::Env env_;
  uint16_t id_ = 0;
  uv_loop_t* loop_ = nullptr;
  std::unique_ptr<Poller> poller_;
  bool threaded_ = false;
  bool closed_ = false;
  bool refd_ = false;
  bool held_ = false;

  std::vector<Slot> slots_;
  std::vector<int32_t> freeSlots_;
  // Slots unregistered while JS handles a batch: free once it is done (see Unregister).
  std::vector<int32_t> deferredSlots_;
  int flushDepth_ = 0;
  std::vector<int32_t> slotByFd_;

  Napi::FunctionReference onBatch_;
  std::unique_ptr<Napi::AsyncContext> asyncContext_;
  Napi::Reference<Napi::ArrayBuffer> batchRef_;
  int32_t* batch_ = nullptr;
  // The ready bits: ready_ is the newest of readyBlocks_, all kept until the reactor
  // goes; readyRef_ wraps it for JS (made on demand, dropped when a new block comes).
  std::vector<std::unique_ptr<uint8_t[]>> readyBlocks_;
  uint8_t* ready_ = nullptr;
  size_t readyCapacity_ = 0;
  Napi::Reference<Napi::ArrayBuffer> readyRef_;
  int batchCount_ = 0;

  uv_poll_t* pollHandle_ = nullptr;
  uv_async_t* asyncHandle_ = nullptr;

  // Shared with the helper thread, under mutex_.
  std::mutex mutex_;
  std::vector<Change> changes_;
  // Changes posted, and applied by the helper thread (so far), by sequence number.
  uint64_t posted_ = 0;
  uint64_t applied_ = 0;
  std::condition_variable appliedCv_;
  std::vector<Report> reports_;
  bool sleeping_ = false;
  bool stopping_ = false;
  int wakeRead_ = -1, wakeWrite_ = -1;
  std::thread thread_;
};

}  // namespace sockport
