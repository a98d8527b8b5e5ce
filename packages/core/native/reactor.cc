#include "reactor.h"

#include "addon.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <new>
#include <unordered_map>

namespace sockport {

namespace {

// The live reactors of the process by id. Descriptors and epoll instances are process-
// wide, so this one table is too; it is only touched when a reactor starts or stops and
// when an event drained by one reactor belongs to another.
std::mutex registryMutex;
std::unordered_map<uint16_t, Reactor*>& Registry() {
  static auto* registry = new std::unordered_map<uint16_t, Reactor*>();
  return *registry;
}
uint16_t nextId = 1;

}  // namespace

bool Reactor::IsReactorEpoll(int fd) {
  std::lock_guard<std::mutex> lock(registryMutex);
  for (const auto& [id, r] : Registry())
    if (!r->threaded_ && r->poller_->pollable_fd() == fd) return true;
  return false;
}

int Reactor::MakeWakePipe(int fds[2]) {
  if (pipe(fds) != 0) return -errno;
  int low = fcntl(fds[0], F_DUPFD_CLOEXEC, 0);
  if (low >= 0 && low < fds[0]) {
    close(fds[0]);
    fds[0] = low;
  } else if (low >= 0) {
    close(low);
  }
  for (int i = 0; i < 2; i++) {
    fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
    fcntl(fds[i], F_SETFD, FD_CLOEXEC);
  }
  return 0;
}

std::shared_ptr<Reactor> Reactor::Create(Napi::Env env, const std::string& backend,
                                         Napi::Function onBatch, int shareEpollFd, int wake[2], int* error) {
  // An epoll reactor needs no wake-up pipe: the pair reserved when the addon loaded goes
  // first, so that its own descriptor finds a number even when the process has used up
  // every other (as Tarantool's loop, made at startup, never has to find one later).
  if (backend == "epoll") {
    for (int i = 0; i < 2; i++) {
      if (wake[i] >= 0) close(wake[i]);
      wake[i] = -1;
    }
  }
  std::unique_ptr<Poller> poller;
  if (shareEpollFd >= 0) {
    if (backend != "epoll") {
      *error = EINVAL;
      return nullptr;
    }
    if (!IsReactorEpoll(shareEpollFd)) {
      *error = EBADF;
      return nullptr;
    }
    // Our own descriptor for the shared instance: the sharer may close its own.
    int fd = fcntl(shareEpollFd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) {
      *error = errno;
      return nullptr;
    }
    poller = AdoptEpollPoller(fd);
  } else {
    poller = MakePoller(backend, error);
  }
  if (!poller) return nullptr;
  std::shared_ptr<Reactor> reactor(new Reactor(env, std::move(poller)));
  if (int rc = reactor->Start(onBatch, wake)) {
    *error = -rc;
    reactor->Close([] {});
    return nullptr;
  }
  return reactor;
}

Reactor::Reactor(Napi::Env env, std::unique_ptr<Poller> poller)
    : env_(env), poller_(std::move(poller)) {}

Reactor::~Reactor() {
  Detach();
  if (wakeRead_ >= 0) close(wakeRead_);
  if (wakeWrite_ >= 0) close(wakeWrite_);
}

void Reactor::Detach() {
  {
    // No other reactor forwards to this one from now on.
    std::lock_guard<std::mutex> lock(registryMutex);
    Registry().erase(id_);
  }
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    char byte = 1;
    (void)!write(wakeWrite_, &byte, 1);
    thread_.join();
  }
}

int Reactor::Start(Napi::Function onBatch, int wake[2]) {
  if (napi_get_uv_event_loop(env_, &loop_) != napi_ok) return -EINVAL;
  onBatch_ = Napi::Persistent(onBatch);
  asyncContext_ = std::make_unique<Napi::AsyncContext>(env_, "sockport:reactor");
  Napi::ArrayBuffer batch = NativeWrittenBuffer(env_, kBatchRecords * 2 * sizeof(int32_t));
  batch_ = static_cast<int32_t*>(batch.Data());
  batchRef_ = Napi::Persistent(batch);
  if (int rc = GrowReady(0)) return rc;

  // Reports from the helper thread, or events another reactor drained for us, arrive
  // through this handle. Unref'd: the loop is held by whichever handle waits for events.
  asyncHandle_ = new uv_async_t;
  if (int rc = uv_async_init(loop_, asyncHandle_, OnAsync)) {
    delete asyncHandle_;
    asyncHandle_ = nullptr;
    return rc;
  }
  asyncHandle_->data = this;
  uv_unref(reinterpret_cast<uv_handle_t*>(asyncHandle_));

  int pfd = poller_->pollable_fd();
  threaded_ = !(pfd >= 0 && poller_->edge_triggered());
  if (!threaded_) {
    pollHandle_ = new uv_poll_t;
    if (int rc = uv_poll_init(loop_, pollHandle_, pfd)) {
      delete pollHandle_;
      pollHandle_ = nullptr;
      return rc;  // libuv errors are -errno on Unix
    }
    pollHandle_->data = this;
    uv_poll_start(pollHandle_, UV_READABLE, OnPollable);
    uv_unref(reinterpret_cast<uv_handle_t*>(pollHandle_));
  } else {
    // The pipe reserved when the addon loaded, else a new one.
    int fds[2] = {wake[0], wake[1]};
    wake[0] = wake[1] = -1;
    if (fds[0] < 0 || fds[1] < 0) {
      if (fds[0] >= 0) close(fds[0]);
      if (fds[1] >= 0) close(fds[1]);
      if (int rc = MakeWakePipe(fds)) return rc;
    }
    wakeRead_ = fds[0];
    wakeWrite_ = fds[1];
    if (int rc = poller_->add(wakeRead_, kWakeToken, kReadable)) return rc;
    thread_ = std::thread(&Reactor::ThreadMain, this);
  }

  std::lock_guard<std::mutex> lock(registryMutex);
  auto& registry = Registry();
  if (registry.size() >= 0xfffe) return -EMFILE;
  while (nextId == 0 || registry.count(nextId)) nextId++;
  id_ = nextId++;
  registry[id_] = this;
  return 0;
}

int Reactor::GrowReady(int32_t slot) {
  size_t need = static_cast<size_t>(slot) + 1;
  if (need <= readyCapacity_) return 0;
  size_t capacity = readyCapacity_ == 0 ? 256 : readyCapacity_;
  while (capacity < need) capacity *= 2;
  std::unique_ptr<uint8_t[]> block(new (std::nothrow) uint8_t[capacity]());
  if (!block) return -ENOMEM;
  if (ready_) std::memcpy(block.get(), ready_, readyCapacity_);
  ready_ = block.get();
  readyCapacity_ = capacity;
  // The older blocks stay: JS may hold a view of one until it asks for the new one.
  readyBlocks_.push_back(std::move(block));
  readyRef_.Reset();
  return 0;
}

Napi::Value Reactor::readyBuffer(Napi::Env env) {
  if (closed_) return env.Null();
  if (readyRef_.IsEmpty()) {
    // One ArrayBuffer per block (V8 refuses to wrap the same memory twice). The memory
    // is the reactor's: detaching the buffer in JS frees nothing.
    napi_value buffer;
    if (napi_create_external_arraybuffer(env, ready_, readyCapacity_, nullptr, nullptr, &buffer) != napi_ok) {
      // A runtime that refuses external memory (V8's sandbox): JS asks natively instead.
      bool pending = false;
      napi_value ignored;
      if (napi_is_exception_pending(env, &pending) == napi_ok && pending) napi_get_and_clear_last_exception(env, &ignored);
      return env.Null();
    }
    readyRef_ = Napi::Persistent(Napi::ArrayBuffer(env, buffer));
  }
  return readyRef_.Value();
}

int Reactor::Register(int fd, int32_t* slotOut) {
  if (closed_) return -EBADF;
  if (int rc = poller_->accepts(fd)) return rc;
  // The reactor's own descriptors are not the caller's to watch: the helper thread
  // would lose its wake-up pipe (and every later wake-up with it).
  if (fd == wakeRead_ || fd == wakeWrite_ || fd == poller_->pollable_fd()) return -EBADF;
  if (SlotOfFd(fd) >= 0) return -EEXIST;
  int32_t slot;
  if (!freeSlots_.empty()) {
    slot = freeSlots_.back();
    freeSlots_.pop_back();
  } else {
    slot = static_cast<int32_t>(slots_.size());
    if (int rc = GrowReady(slot)) return rc;
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  if (!threaded_) {
    // Both directions once, edge-triggered: arming later costs no syscall.
    if (int rc = poller_->add(fd, Token(slot, s.gen), kReadable | kWritable)) {
      freeSlots_.push_back(slot);
      return rc;
    }
  } else {
    Post(Change{Change::kAdd, slot, fd, s.gen, 0});
  }
  s.fd = fd;
  // Unknown until the first event or EAGAIN: callers try the syscall first.
  ready_[slot] = kReadable | kWritable;
  s.armed = 0;
  s.used = true;
  if (static_cast<size_t>(fd) >= slotByFd_.size()) slotByFd_.resize(fd + 1, -1);
  slotByFd_[fd] = slot;
  *slotOut = slot;
  return 0;
}

void Reactor::Unregister(int32_t slot) {
  if (slot < 0 || static_cast<size_t>(slot) >= slots_.size() || !slots_[slot].used) return;
  Slot& s = slots_[slot];
  s.armed = 0;
  if (!threaded_) {
    poller_->remove(s.fd);
  } else if (!closed_) {
    uint64_t seq = Post(Change{Change::kRemove, slot, s.fd, s.gen, 0});
    // A poll or select in progress holds the descriptor's file open: a listener closed
    // now would go on accepting until it returns. Wait (briefly: the post wakes it) until
    // the helper thread has let go, so that closing the descriptor closes the socket.
    std::unique_lock<std::mutex> lock(mutex_);
    appliedCv_.wait_for(lock, std::chrono::seconds(1), [&] { return applied_ >= seq || stopping_; });
  }
  if (static_cast<size_t>(s.fd) < slotByFd_.size()) slotByFd_[s.fd] = -1;
  s.used = false;
  s.fd = -1;
  s.gen++;  // events still in flight for the old registration no longer match
  // While JS handles a batch, the batch's later records may name this slot: it must not
  // go to a socket registered meanwhile, which would get this one's events.
  if (flushDepth_ > 0) deferredSlots_.push_back(slot);
  else freeSlots_.push_back(slot);
}

uint32_t Reactor::Arm(int32_t slot, uint32_t mask) {
  Slot& s = slots_[slot];
  uint32_t now = ready_[slot] & mask;
  if (now) return now;
  uint32_t added = mask & ~s.armed;
  s.armed = static_cast<uint8_t>(s.armed | mask);
  if (threaded_ && added && !closed_) Post(Change{Change::kArm, slot, s.fd, s.gen, added});
  return 0;
}

void Reactor::Disarm(int32_t slot, uint32_t mask) {
  // The helper thread keeps its interest: a report that nobody waits for is dropped
  // here, and the helper stops watching a direction once it has reported it.
  Slot& s = slots_[slot];
  s.armed = static_cast<uint8_t>(s.armed & ~mask);
}

int32_t Reactor::SlotOfFd(int fd) const {
  if (fd < 0 || static_cast<size_t>(fd) >= slotByFd_.size()) return -1;
  return slotByFd_[fd];
}

void Reactor::Hold(bool held) {
  held_ = held;
  UpdateRef();
}

void Reactor::UpdateRef() {
  if (closed_) return;
  bool want = held_;
  if (want == refd_) return;
  uv_handle_t* h = threaded_ ? reinterpret_cast<uv_handle_t*>(asyncHandle_)
                             : reinterpret_cast<uv_handle_t*>(pollHandle_);
  if (want) uv_ref(h);
  else uv_unref(h);
  refd_ = want;
}

void Reactor::Forward(uint64_t token, uint32_t ready) {
  std::lock_guard<std::mutex> registryLock(registryMutex);
  auto it = Registry().find(TokenOwner(token));
  if (it == Registry().end()) return;  // its owner is gone, and so are its sockets
  Reactor* owner = it->second;
  {
    std::lock_guard<std::mutex> lock(owner->mutex_);
    owner->reports_.push_back(Report{token, ready});
  }
  uv_async_send(owner->asyncHandle_);
}

void Reactor::Deliver(uint64_t token, uint32_t ready) {
  if (TokenOwner(token) != id_) {
    Forward(token, ready);
    return;
  }
  int32_t slot = TokenSlot(token);
  if (slot < 0 || static_cast<size_t>(slot) >= slots_.size()) return;
  Slot& s = slots_[slot];
  if (!s.used || s.gen != TokenGen(token)) return;
  ready_[slot] |= ready;
  uint32_t fire = ready & (kReadable | kWritable);
  if (threaded_) {
    // Only what JS armed: it is watched again when JS arms it again.
    fire &= s.armed;
    s.armed = static_cast<uint8_t>(s.armed & ~fire);
  }
  if (!fire) return;
  batch_[batchCount_ * 2] = slot;
  batch_[batchCount_ * 2 + 1] = static_cast<int32_t>(fire);
  if (++batchCount_ == kBatchRecords) Flush();
}

void Reactor::Flush() {
  if (batchCount_ == 0 || closed_) return;
  int count = batchCount_;
  batchCount_ = 0;
  napi_env env = env_;
  Napi::HandleScope scope(env_);
  napi_value argv[1];
  napi_create_int32(env, count, &argv[0]);
  napi_value receiver, result;
  napi_get_global(env, &receiver);
  // Inside a callback scope, so promises settled by JS run their continuations now.
  flushDepth_++;
  napi_status status = napi_make_callback(env, *asyncContext_, receiver, onBatch_.Value(), 1, argv, &result);
  if (--flushDepth_ == 0) {
    freeSlots_.insert(freeSlots_.end(), deferredSlots_.begin(), deferredSlots_.end());
    deferredSlots_.clear();
  }
  if (status == napi_pending_exception) {
    napi_value error;
    if (napi_get_and_clear_last_exception(env, &error) == napi_ok) {
      napi_valuetype type;
      if (napi_typeof(env, error, &type) == napi_ok && type != napi_undefined)
        napi_fatal_exception(env, error);
    }
  }
}

void Reactor::OnPollable(uv_poll_t* handle, int status, int) {
  auto* self = static_cast<Reactor*>(handle->data);
  if (status < 0 || self->closed_) return;
  self->Drain();
}

void Reactor::Drain() {
  constexpr int kChunk = 256;
  PollEvent events[kChunk];
  // Bounded: whatever is left keeps the epoll descriptor readable for the next turn.
  for (int round = 0; round < 16 && !closed_; round++) {
    int n = poller_->wait(events, kChunk, 0);
    if (n <= 0) break;
    for (int i = 0; i < n; i++) Deliver(events[i].token, events[i].ready);
    if (n < kChunk) break;
  }
  Flush();
}

uint64_t Reactor::Post(const Change& change) {
  std::lock_guard<std::mutex> lock(mutex_);
  changes_.push_back(change);
  if (sleeping_) {
    sleeping_ = false;
    char byte = 1;
    (void)!write(wakeWrite_, &byte, 1);
  }
  return ++posted_;
}

void Reactor::ThreadMain() {
  // Signals belong to Node's main thread.
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);

  struct Entry {
    int fd = -1;
    uint16_t gen = 0;
    uint32_t interest = 0;
  };
  std::vector<Entry> entries;
  std::vector<Change> local;
  std::vector<Report> out;
  constexpr int kChunk = 256;
  PollEvent events[kChunk];

  uint64_t taken = 0;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      local.swap(changes_);
      taken = posted_;
    }
    for (const Change& c : local) {
      if (static_cast<size_t>(c.slot) >= entries.size()) entries.resize(c.slot + 1);
      Entry& e = entries[c.slot];
      switch (c.op) {
        case Change::kAdd:
          e = Entry{c.fd, c.gen, 0};
          if (poller_->add(c.fd, Token(c.slot, c.gen), 0) == -EEXIST)
            poller_->modify(c.fd, Token(c.slot, c.gen), 0);
          break;
        case Change::kArm:
          if (e.fd < 0 || e.gen != c.gen) break;
          e.interest |= c.mask;
          poller_->modify(e.fd, Token(c.slot, e.gen), e.interest);
          break;
        case Change::kDisarm:
          if (e.fd < 0 || e.gen != c.gen) break;
          e.interest &= ~c.mask;
          poller_->modify(e.fd, Token(c.slot, e.gen), e.interest);
          break;
        case Change::kRemove:
          if (e.fd < 0 || e.gen != c.gen) break;
          poller_->remove(e.fd);
          e.fd = -1;
          break;
      }
    }
    local.clear();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      applied_ = taken;
      appliedCv_.notify_all();
      if (stopping_) return;
      if (!changes_.empty()) continue;
      sleeping_ = true;
    }
    int n = poller_->wait(events, kChunk, -1);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      sleeping_ = false;
    }
    // EINTR, or EBADF from select when a descriptor was closed before its removal
    // reached this thread: the next round applies pending changes and tries again.
    if (n < 0) continue;
    for (int i = 0; i < n; i++) {
      uint64_t token = events[i].token;
      if (token == kWakeToken) {
        char drain[64];
        while (read(wakeRead_, drain, sizeof drain) > 0) {
        }
        continue;
      }
      int32_t slot = TokenSlot(token);
      if (static_cast<size_t>(slot) >= entries.size()) continue;
      Entry& e = entries[slot];
      if (e.fd < 0 || e.gen != TokenGen(token)) continue;
      // Level-triggered: stop watching what was reported until JS arms it again.
      e.interest &= ~events[i].ready;
      poller_->modify(e.fd, token, e.interest);
      out.push_back(Report{token, events[i].ready});
    }
    if (!out.empty()) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        reports_.insert(reports_.end(), out.begin(), out.end());
      }
      out.clear();
      uv_async_send(asyncHandle_);
    }
  }
}

void Reactor::OnAsync(uv_async_t* handle) {
  auto* self = static_cast<Reactor*>(handle->data);
  if (self->closed_) return;
  std::vector<Report> reports;
  {
    std::lock_guard<std::mutex> lock(self->mutex_);
    reports.swap(self->reports_);
  }
  self->Confirm(reports);
  for (const Report& r : reports) self->Deliver(r.token, r.ready);
  self->Flush();
}

// JS calls it only outside its handling of a batch (the records would be overwritten),
// possibly from the microtasks of a Flush: every loop here keeps its events locally.
bool Reactor::CollectNow() {
  if (closed_) return false;
  if (!threaded_) {
    Drain();
    return true;
  }
  std::vector<pollfd> fds;
  std::vector<int32_t> owners;
  for (size_t i = 0; i < slots_.size(); i++) {
    const Slot& s = slots_[i];
    if (!s.used || !s.armed) continue;
    fds.push_back(pollfd{s.fd, PollEventsOf(s.armed), 0});
    owners.push_back(static_cast<int32_t>(i));
  }
  if (fds.empty()) return true;
  int n;
  do n = poll(fds.data(), fds.size(), 0);
  while (n < 0 && errno == EINTR);
  if (n <= 0) return true;
  for (size_t i = 0; i < fds.size(); i++) {
    if (!fds[i].revents) continue;
    int32_t slot = owners[i];
    Deliver(Token(slot, slots_[slot].gen), ReadyOfPollEvents(fds[i].revents));
  }
  Flush();
  return true;
}

// Reports come from another thread and are already old: a read on this thread may have
// taken the data the helper saw (epoll answers for the moment it is drained, these do
// not). One poll(2) of the reported descriptors keeps what still holds, so that a wait
// never ends on readiness a read already consumed; a direction that no longer holds is
// watched again for whoever still waits on it.
void Reactor::Confirm(std::vector<Report>& reports) {
  std::vector<pollfd> fds;
  fds.reserve(reports.size());
  for (const Report& r : reports) {
    int32_t slot = TokenOwner(r.token) == id_ ? TokenSlot(r.token) : -1;
    bool live = slot >= 0 && static_cast<size_t>(slot) < slots_.size() && slots_[slot].used &&
                slots_[slot].gen == TokenGen(r.token);
    // A stale or foreign token is left to Deliver (it forwards or drops it); fd -1 is skipped by poll.
    fds.push_back(pollfd{live ? slots_[slot].fd : -1, PollEventsOf(r.ready), 0});
  }
  if (fds.empty()) return;
  int n;
  do n = poll(fds.data(), fds.size(), 0);
  while (n < 0 && errno == EINTR);
  if (n < 0) return;  // cannot tell: deliver as reported
  for (size_t i = 0; i < reports.size(); i++) {
    if (fds[i].fd < 0) continue;
    Report& r = reports[i];
    uint32_t now = ReadyOfPollEvents(fds[i].revents);
    uint32_t stale = r.ready & (kReadable | kWritable) & ~now;
    r.ready &= ~stale;
    if (!(now & kHangup)) r.ready &= ~kHangup;
    int32_t slot = TokenSlot(r.token);
    Slot& s = slots_[slot];
    uint32_t rearm = stale & s.armed;
    if (threaded_ && rearm && !closed_) Post(Change{Change::kArm, slot, s.fd, s.gen, rearm});
  }
}

void Reactor::Close(std::function<void()> done) {
  if (closed_) {
    done();
    return;
  }
  closed_ = true;
  Detach();
  onBatch_.Reset();
  asyncContext_.reset();
  batchRef_.Reset();
  readyRef_.Reset();

  std::vector<uv_handle_t*> handles;
  if (pollHandle_) {
    uv_poll_stop(pollHandle_);
    handles.push_back(reinterpret_cast<uv_handle_t*>(pollHandle_));
  }
  if (asyncHandle_) handles.push_back(reinterpret_cast<uv_handle_t*>(asyncHandle_));
  pollHandle_ = nullptr;
  asyncHandle_ = nullptr;
  if (handles.empty()) {
    done();
    return;
  }
  // done() runs once libuv has released every handle.
  struct Closing {
    size_t pending;
    std::function<void()> done;
  };
  auto* closing = new Closing{handles.size(), std::move(done)};
  for (uv_handle_t* h : handles) {
    h->data = closing;
    uv_close(h, [](uv_handle_t* handle) {
      auto* c = static_cast<Closing*>(handle->data);
      // Both handle types are plain C structs: freeing the storage is all they need.
      operator delete(handle);
      if (--c->pending == 0) {
        c->done();
        delete c;
      }
    });
  }
}

}  // namespace sockport
