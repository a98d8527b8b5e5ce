#include "reactor.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sockport {

namespace {

int MakeWakePipe(int* readEnd, int* writeEnd) {
  int fds[2];
  if (pipe(fds) != 0) return -errno;
  for (int fd : fds) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
  }
  *readEnd = fds[0];
  *writeEnd = fds[1];
  return 0;
}

}  // namespace

std::shared_ptr<Reactor> Reactor::Create(Napi::Env env, const std::string& backend,
                                         Napi::Function onBatch, int* error) {
  std::unique_ptr<Poller> poller = MakePoller(backend, error);
  if (!poller) return nullptr;
  std::shared_ptr<Reactor> reactor(new Reactor(env, std::move(poller)));
  if (int rc = reactor->Start(onBatch)) {
    *error = -rc;
    return nullptr;
  }
  return reactor;
}

Reactor::Reactor(Napi::Env env, std::unique_ptr<Poller> poller)
    : env_(env), poller_(std::move(poller)) {}

Reactor::~Reactor() {
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    char byte = 1;
    (void)!write(wakeWrite_, &byte, 1);
    thread_.join();
  }
  if (wakeRead_ >= 0) close(wakeRead_);
  if (wakeWrite_ >= 0) close(wakeWrite_);
}

int Reactor::Start(Napi::Function onBatch) {
  if (napi_get_uv_event_loop(env_, &loop_) != napi_ok) return -EINVAL;
  onBatch_ = Napi::Persistent(onBatch);
  asyncContext_ = std::make_unique<Napi::AsyncContext>(env_, "sockport:reactor");
  Napi::ArrayBuffer batch = Napi::ArrayBuffer::New(env_, kBatchRecords * 2 * sizeof(int32_t));
  batch_ = static_cast<int32_t*>(batch.Data());
  batchRef_ = Napi::Persistent(batch);

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
    return 0;
  }
  if (int rc = MakeWakePipe(&wakeRead_, &wakeWrite_)) return rc;
  if (int rc = poller_->add(wakeRead_, kWakeToken, kReadable)) return rc;
  asyncHandle_ = new uv_async_t;
  if (int rc = uv_async_init(loop_, asyncHandle_, OnAsync)) {
    delete asyncHandle_;
    asyncHandle_ = nullptr;
    return rc;
  }
  asyncHandle_->data = this;
  uv_unref(reinterpret_cast<uv_handle_t*>(asyncHandle_));
  thread_ = std::thread(&Reactor::ThreadMain, this);
  return 0;
}

int Reactor::Register(int fd, int32_t* slotOut) {
  if (closed_) return -EBADF;
  if (int rc = poller_->accepts(fd)) return rc;
  if (SlotOfFd(fd) >= 0) return -EEXIST;
  int32_t slot;
  if (!freeSlots_.empty()) {
    slot = freeSlots_.back();
    freeSlots_.pop_back();
  } else {
    slot = static_cast<int32_t>(slots_.size());
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
  s.ready = 0;
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
  SetArmed(s, 0);
  if (!threaded_) {
    poller_->remove(s.fd);
  } else if (!closed_) {
    Post(Change{Change::kRemove, slot, s.fd, s.gen, 0});
  }
  if (static_cast<size_t>(s.fd) < slotByFd_.size()) slotByFd_[s.fd] = -1;
  s.used = false;
  s.fd = -1;
  s.gen++;  // events still in flight for the old registration no longer match
  freeSlots_.push_back(slot);
}

uint32_t Reactor::Arm(int32_t slot, uint32_t mask) {
  Slot& s = slots_[slot];
  uint32_t now = s.ready & mask;
  if (now) return now;
  uint32_t added = mask & ~s.armed;
  SetArmed(s, static_cast<uint8_t>(s.armed | mask));
  if (threaded_ && added && !closed_) Post(Change{Change::kArm, slot, s.fd, s.gen, added});
  return 0;
}

void Reactor::Disarm(int32_t slot, uint32_t mask) {
  // The helper thread keeps its interest: a report that nobody waits for is dropped
  // here, and the helper stops watching a direction once it has reported it.
  Slot& s = slots_[slot];
  SetArmed(s, static_cast<uint8_t>(s.armed & ~mask));
}

int32_t Reactor::SlotOfFd(int fd) const {
  if (fd < 0 || static_cast<size_t>(fd) >= slotByFd_.size()) return -1;
  return slotByFd_[fd];
}

void Reactor::SetArmed(Slot& s, uint8_t armed) {
  if (!s.armed && armed) armedCount_++;
  if (s.armed && !armed) armedCount_--;
  s.armed = armed;
  UpdateRef();
}

void Reactor::UpdateRef() {
  if (closed_) return;
  bool want = armedCount_ > 0;
  if (want == refd_) return;
  uv_handle_t* h = threaded_ ? reinterpret_cast<uv_handle_t*>(asyncHandle_)
                             : reinterpret_cast<uv_handle_t*>(pollHandle_);
  if (want) uv_ref(h);
  else uv_unref(h);
  refd_ = want;
}

void Reactor::Deliver(int32_t slot, uint32_t gen, uint32_t ready) {
  if (slot < 0 || static_cast<size_t>(slot) >= slots_.size()) return;
  Slot& s = slots_[slot];
  if (!s.used || s.gen != gen) return;
  s.ready |= ready;
  uint32_t fire = s.armed & ready & (kReadable | kWritable);
  if (!fire) return;
  SetArmed(s, static_cast<uint8_t>(s.armed & ~fire));
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
  napi_status status = napi_make_callback(env, *asyncContext_, receiver, onBatch_.Value(), 1, argv, &result);
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
    for (int i = 0; i < n; i++)
      Deliver(static_cast<int32_t>(events[i].token & 0xffffffffu),
              static_cast<uint32_t>(events[i].token >> 32), events[i].ready);
    if (n < kChunk) break;
  }
  Flush();
}

void Reactor::Post(const Change& change) {
  std::lock_guard<std::mutex> lock(mutex_);
  changes_.push_back(change);
  if (sleeping_) {
    sleeping_ = false;
    char byte = 1;
    (void)!write(wakeWrite_, &byte, 1);
  }
}

void Reactor::ThreadMain() {
  // Signals belong to Node's main thread.
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);

  struct Entry {
    int fd = -1;
    uint32_t gen = 0;
    uint32_t interest = 0;
  };
  std::vector<Entry> entries;
  std::vector<Change> local;
  std::vector<Report> out;
  constexpr int kChunk = 256;
  PollEvent events[kChunk];

  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      local.swap(changes_);
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
      if (events[i].token == kWakeToken) {
        char drain[64];
        while (read(wakeRead_, drain, sizeof drain) > 0) {
        }
        continue;
      }
      int32_t slot = static_cast<int32_t>(events[i].token & 0xffffffffu);
      uint32_t gen = static_cast<uint32_t>(events[i].token >> 32);
      if (static_cast<size_t>(slot) >= entries.size()) continue;
      Entry& e = entries[slot];
      if (e.fd < 0 || e.gen != gen) continue;
      // Level-triggered: stop watching what was reported until JS arms it again.
      e.interest &= ~events[i].ready;
      poller_->modify(e.fd, events[i].token, e.interest);
      out.push_back(Report{slot, gen, events[i].ready});
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
  for (const Report& r : reports) self->Deliver(r.slot, r.gen, r.ready);
  self->Flush();
}

void Reactor::Close(std::function<void()> done) {
  if (closed_) {
    done();
    return;
  }
  closed_ = true;
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    char byte = 1;
    (void)!write(wakeWrite_, &byte, 1);
    thread_.join();
  }
  onBatch_.Reset();
  asyncContext_.reset();
  batchRef_.Reset();
  uv_handle_t* h = threaded_ ? reinterpret_cast<uv_handle_t*>(asyncHandle_)
                             : reinterpret_cast<uv_handle_t*>(pollHandle_);
  if (!h) {
    done();
    return;
  }
  if (!threaded_) uv_poll_stop(pollHandle_);
  pollHandle_ = nullptr;
  asyncHandle_ = nullptr;
  struct Closing {
    std::function<void()> done;
  };
  h->data = new Closing{std::move(done)};
  uv_close(h, [](uv_handle_t* handle) {
    auto* closing = static_cast<Closing*>(handle->data);
    closing->done();
    delete closing;
    // The handle was allocated as either type; both are plain structs without destructors.
    operator delete(handle);
  });
}

}  // namespace sockport
