#include "socket.h"

#include <fcntl.h>
#include <poll.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include <cerrno>
#include <cstring>

#include "addon.h"
#include "address.h"
#include "args.h"
#include "options.h"
#include "reactor.h"
#include "socket_table.h"

namespace {

#if defined(__linux__)
// recv(2) and send(2) straight to the kernel: libc's wrappers are cancellation points,
// which in a threaded process (Node's) cost two atomic updates per call for a
// cancellation that never comes, about 1% of a busy echo server's CPU.
inline ssize_t SysRecv(int fd, void* buf, size_t len, int flags) {
  return syscall(SYS_recvfrom, fd, buf, len, flags, nullptr, nullptr);
}
inline ssize_t SysSend(int fd, const void* buf, size_t len, int flags) {
  return syscall(SYS_sendto, fd, buf, len, flags, nullptr, 0);
}
#else
inline ssize_t SysRecv(int fd, void* buf, size_t len, int flags) { return recv(fd, buf, len, flags); }
inline ssize_t SysSend(int fd, const void* buf, size_t len, int flags) { return send(fd, buf, len, flags); }
#endif

}  // namespace

namespace sockport {

namespace {

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0  // SO_NOSIGPIPE is set at creation instead
#endif

Napi::Number Result(Napi::Env env, double value) { return Napi::Number::New(env, value); }

// A syscall interrupted by a signal gives -EINTR to the caller, which decides whether
// to try again: only a blocking socket can be interrupted, and retrying here would
// restart its SO_RCVTIMEO/SO_SNDTIMEO each time (a stream of signals made a 50 ms
// timeout last seconds).

[[maybe_unused]] int SetFlags(int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) return -errno;
  if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) return -errno;
#ifdef SO_NOSIGPIPE
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
  return 0;
}

IoKind KindOf(int domain, int type) {
  bool stream = (type & 0xf) == SOCK_STREAM;
  return IoKind{stream, stream && (domain == AF_INET || domain == AF_INET6)};
}

// The kind of a descriptor opened elsewhere: 0, or the errno that says it has none
// (ENOTSOCK for anything that is not a socket; *kind stays empty then).
int KindOfFd(int fd, IoKind* kind) {
  int type = 0;
  socklen_t len = sizeof type;
  sockaddr_storage ss{};
  socklen_t sslen = sizeof ss;
  if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0) return errno;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &sslen) != 0) ss.ss_family = AF_UNSPEC;
  *kind = KindOf(ss.ss_family, type);
  return 0;
}

// Writes an address into the environment's scratch area (read back by JS).
void StoreAddress(Napi::Env env, const sockaddr_storage& ss, socklen_t length) {
  AddonData* data = AddonData::Get(env);
  socklen_t n = length > sizeof ss ? sizeof ss : length;
  std::memcpy(data->scratchAddress(), &ss, n);
  data->scratchRegs()[0] = static_cast<int32_t>(n);
}

}  // namespace

template <Napi::Value (NativeSocket::*M)(const Napi::CallbackInfo&)>
Napi::Value NativeSocket::Method(const Napi::CallbackInfo& info) {
  NativeSocket* self = From(info.Env(), info.This(), "this");
  return (self->*M)(info);
}

template <Napi::Value (NativeSocket::*M)(const Napi::CallbackInfo&)>
Napi::Value NativeSocket::ById(const Napi::CallbackInfo& info) {
  double id = -1;
  if (info.Length() > 0 && napi_get_value_double(info.Env(), info[0], &id) != napi_ok) id = -1;
  NativeSocket* self = SocketTable::Find(id);
  if (!self) ThrowType(info.Env(), "socket must be the id of a live NativeSocket");
  return (self->*M)(info);
}

// Marks NativeSocket objects: napi_unwrap alone would also accept objects that other
// addons wrapped.
static const napi_type_tag kNativeSocketTag = {0x736f636b706f7274ULL, 0x4e6174697665536bULL};

NativeSocket* NativeSocket::From(Napi::Env env, napi_value value, const char* what) {
  bool tagged = false;
  void* p = nullptr;
  if (napi_check_object_type_tag(env, value, &kNativeSocketTag, &tagged) == napi_ok && tagged &&
      napi_unwrap(env, value, &p) == napi_ok && p)
    return static_cast<NativeSocket*>(p);
  // A failed check may leave a pending exception behind (a getter on a hostile object).
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
  }
  ThrowType(env, std::string(what) + " must be a NativeSocket");
}

void NativeSocket::Init(Napi::Env env, Napi::Object exports) {
  napi_value ctorValue;
  NAPI_THROW_IF_FAILED_VOID(env, napi_define_class(env, "NativeSocket", NAPI_AUTO_LENGTH, Construct, nullptr, 0,
                                                   nullptr, &ctorValue));
  Napi::Function ctor(env, ctorValue);
  // Methods are plain functions that check their receiver themselves.
  Napi::Object proto = ctor.Get("prototype").As<Napi::Object>();
  auto def = [&](const char* name, Napi::Function::Callback cb) {
    proto.Set(name, Napi::Function::New(env, cb, name));
  };
  def("open", Method<&NativeSocket::Open>);
  def("borrow", Method<&NativeSocket::Borrow>);
  def("dup", Method<&NativeSocket::Dup>);
  def("fd", Method<&NativeSocket::Fd>);
  def("id", Method<&NativeSocket::Id>);
  def("bind", Method<&NativeSocket::Bind>);
  def("connect", Method<&NativeSocket::Connect>);
  def("listen", Method<&NativeSocket::Listen>);
  def("accept", Method<&NativeSocket::Accept>);
  def("shutdown", Method<&NativeSocket::Shutdown>);
  def("close", Method<&NativeSocket::Close>);
  def("detach", Method<&NativeSocket::Detach>);
  def("getsockname", Method<&NativeSocket::SockName>);
  def("getpeername", Method<&NativeSocket::PeerName>);
  def("getNonblock", Method<&NativeSocket::GetNonblock>);
  def("setNonblock", Method<&NativeSocket::SetNonblock>);
  def("setInheritable", Method<&NativeSocket::SetInheritable>);
  def("setsockopt", Method<&NativeSocket::SetOpt>);
  def("getsockopt", Method<&NativeSocket::GetOpt>);
  def("disarm", Method<&NativeSocket::Disarm>);
  def("slot", Method<&NativeSocket::Slot>);
  def("forget", Method<&NativeSocket::Forget>);
  def("mark", Method<&NativeSocket::Mark>);
  def("watch", Method<&NativeSocket::Watch>);
  exports.Set("NativeSocket", ctor);
  // The hot calls take the socket's id() first instead of a receiver (socket_table.h).
  auto fn = [&](const char* name, Napi::Function::Callback cb) { exports.Set(name, Napi::Function::New(env, cb, name)); };
  fn("send", ById<&NativeSocket::Send>);
  fn("recv", ById<&NativeSocket::Recv>);
  fn("sendto", ById<&NativeSocket::SendTo>);
  fn("recvfrom", ById<&NativeSocket::RecvFrom>);
  fn("arm", ById<&NativeSocket::Arm>);
  fn("ready", ById<&NativeSocket::Ready>);
  exports.Set("socketpair", Napi::Function::New(env, SocketPair, "socketpair"));
  exports.Set("liveSockets", Napi::Function::New(env, [](const Napi::CallbackInfo& info) -> Napi::Value {
    return Napi::Number::New(info.Env(), static_cast<double>(SocketTable::Live()));
  }, "liveSockets"));
  // closeCollected(always) -> how many descriptors of collected sockets it closed; without
  // `always`, nothing is looked at unless the GC has run since the last look.
  exports.Set("closeCollected", Napi::Function::New(env, [](const Napi::CallbackInfo& info) -> Napi::Value {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsBoolean()) ThrowType(env, "always must be a boolean");
    AddonData* data = AddonData::Get(env);
    bool look = data->CollectedSinceLastLook(env) || info[0].As<Napi::Boolean>().Value();
    return Napi::Number::New(env, look ? NativeSocket::CloseCollected(env) : 0);
  }, "closeCollected"));
}

// new NativeSocket(): an empty handle (no descriptor yet), owned by its JS object.
napi_value NativeSocket::Construct(napi_env env, napi_callback_info info) {
  napi_value self, newTarget;
  if (napi_get_new_target(env, info, &newTarget) != napi_ok || newTarget == nullptr) {
    napi_throw_type_error(env, nullptr, "NativeSocket must be called with new");
    return nullptr;
  }
  size_t argc = 0;
  napi_get_cb_info(env, info, &argc, nullptr, &self, nullptr);
  auto* socket = new NativeSocket();
  if (socket->id_ < 0) {
    delete socket;
    napi_throw_range_error(env, nullptr, "too many NativeSockets alive in this thread");
    return nullptr;
  }
  if (napi_type_tag_object(env, self, &kNativeSocketTag) != napi_ok ||
      napi_wrap(env, self, socket, Finalize, nullptr, nullptr) != napi_ok) {
    delete socket;
    napi_throw_error(env, nullptr, "cannot wrap NativeSocket");
    return nullptr;
  }
  // Without it (out of memory) the socket is closed by its finalizer only, as before.
  if (napi_create_reference(env, self, 0, &socket->weak_) != napi_ok) socket->weak_ = nullptr;
  return self;
}

// The JS object became garbage (or the environment is torn down).
void NativeSocket::Finalize(napi_env env, void* data, void*) {
  auto* socket = static_cast<NativeSocket*>(data);
  if (socket->weak_) napi_delete_reference(env, socket->weak_);
  delete socket;
}

int NativeSocket::CloseCollected(napi_env env) {
  int closed = 0;
  SocketTable::ForEach([&](NativeSocket* s) {
    if (s->fd_ < 0 || !s->weak_) return;
    napi_value alive = nullptr;
    if (napi_get_reference_value(env, s->weak_, &alive) != napi_ok || alive != nullptr) return;
    s->CloseNow();
    closed++;
  });
  return closed;
}

int NativeSocket::CloseNow() {
  int fd = fd_;
  bool borrowed = borrowed_;
  Release();
  borrowed_ = false;
  if (fd < 0 || borrowed) return 0;
  // Linux and the BSDs release the descriptor even when close() reports EINTR: never retry.
  return close(fd) == 0 ? 0 : -errno;
}

NativeSocket::NativeSocket() : id_(SocketTable::Add(this)) {}

NativeSocket::~NativeSocket() {
  SocketTable::Remove(id_);
  // Garbage collected (or environment teardown): close what is still open.
  CloseNow();
}

void NativeSocket::Adopt(int fd, IoKind kind) {
  fd_ = fd;
  kind_ = kind;
  borrowed_ = false;
}

void NativeSocket::Release() {
  if (slot_ >= 0 && reactor_) reactor_->Unregister(slot_);
  slot_ = -1;
  reactor_.reset();
  fd_ = -1;
}

void NativeSocket::AfterIo(ssize_t n, int err, size_t asked, int flags, bool reading) {
  if (slot_ < 0) return;
  uint32_t dir = reading ? kReadable : kWritable;
  if (n < 0) {
    if (err == EAGAIN || err == EWOULDBLOCK) reactor_->ClearReady(slot_, dir);
  } else if (kind_.stream && n > 0 && static_cast<size_t>(n) < asked) {
    if (!reading) reactor_->ClearReady(slot_, dir);
    else if (kind_.tcp && !(flags & MSG_PEEK)) ShortRead();
  }
}

// A TCP read returned less than asked: the receive queue is drained, unless the peer has
// hung up (the next read returns end-of-stream without a new event) or urgent data is
// pending (the read may have stopped at its mark with data after it: only the kernel
// can tell, and it says so without a new event).
void NativeSocket::ShortRead() {
  uint32_t ready = reactor_->Ready(slot_);
  if (ready & kHangup) return;
  if (ready & kUrgent) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 0) < 0 || (p.revents & POLLIN)) return;
  }
  reactor_->ClearReady(slot_, kReadable);
}

// open(domain, type, protocol) -> the new descriptor | -errno
Napi::Value NativeSocket::Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int domain = Int32Arg(info, 0, "domain");
  int type = Int32Arg(info, 1, "type");
  int protocol = Int32Arg(info, 2, "protocol");
  if (fd_ >= 0) ThrowType(env, "this NativeSocket already holds a descriptor");
#ifdef SOCK_NONBLOCK
  int fd = socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
  if (fd < 0) return Result(env, -errno);
#ifdef SO_NOSIGPIPE
  SetFlags(fd);
#endif
#else
  int fd = socket(domain, type, protocol);
  if (fd < 0) return Result(env, -errno);
  if (int rc = SetFlags(fd)) {
    close(fd);
    return Result(env, rc);
  }
#endif
  Adopt(fd, KindOf(domain, type));
  return Result(env, fd);
}

// borrow(fd) -> 0 | -errno: watch a descriptor this process opened elsewhere. It is
// never closed from here; close() only stops watching it.
Napi::Value NativeSocket::Borrow(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = Int32Arg(info, 0, "fd");
  if (fd_ >= 0) ThrowType(env, "this NativeSocket already holds a descriptor");
  if (fd < 0 || fcntl(fd, F_GETFD) < 0) return Result(env, -EBADF);
  IoKind kind;
  KindOfFd(fd, &kind);  // a descriptor that is no socket (a pipe) is watched all the same
  Adopt(fd, kind);
  borrowed_ = true;
  return Result(env, 0);
}

// dup(fd) -> the new descriptor | -errno: owns a duplicate (close-on-exec) of a socket
// descriptor of this process, e.g. one another worker thread opened. -ENOTSOCK for
// anything that is not a socket (the duplicate is closed again).
Napi::Value NativeSocket::Dup(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = Int32Arg(info, 0, "fd");
  if (fd_ >= 0) ThrowType(env, "this NativeSocket already holds a descriptor");
  if (fd < 0) return Result(env, -EBADF);
  int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) return Result(env, -errno);
  IoKind kind;
  if (int err = KindOfFd(copy, &kind)) {
    close(copy);
    return Result(env, -err);
  }
  Adopt(copy, kind);
  return Result(env, copy);
}

Napi::Value NativeSocket::Fd(const Napi::CallbackInfo& info) { return Result(info.Env(), fd_); }

Napi::Value NativeSocket::Id(const Napi::CallbackInfo& info) { return Result(info.Env(), id_); }

Napi::Value NativeSocket::Bind(const Napi::CallbackInfo& info) {
  SockAddr sa;
  AddressArg(info, 0, &sa);
  if (fd_ < 0) return Result(info.Env(), -EBADF);
  return Result(info.Env(), bind(fd_, sa.get(), sa.length) == 0 ? 0 : -errno);
}

Napi::Value NativeSocket::Connect(const Napi::CallbackInfo& info) {
  SockAddr sa;
  AddressArg(info, 0, &sa);
  if (fd_ < 0) return Result(info.Env(), -EBADF);
  int rc = connect(fd_, sa.get(), sa.length);
  int err = rc == 0 ? 0 : errno;
  // A signal during a non-blocking connect leaves it in progress, like EINPROGRESS.
  if (err == EINTR) err = EINPROGRESS;
  // A socket watched before it connected was reported hung up (the kernel says so of an
  // unconnected stream socket): that is over now.
  if ((err == 0 || err == EINPROGRESS) && slot_ >= 0) reactor_->ClearReady(slot_, kHangup);
  if (err == EINPROGRESS && slot_ >= 0) reactor_->ClearReady(slot_, kWritable);
  return Result(info.Env(), err == 0 ? 0 : -err);
}

Napi::Value NativeSocket::Listen(const Napi::CallbackInfo& info) {
  int backlog = Int32Arg(info, 0, "backlog");
  if (fd_ < 0) return Result(info.Env(), -EBADF);
  if (listen(fd_, backlog) != 0) return Result(info.Env(), -errno);
  // As for connect: the hang-up reported of the unconnected socket is over.
  if (slot_ >= 0) reactor_->ClearReady(slot_, kHangup);
  return Result(info.Env(), 0);
}

// accept(into) -> the new descriptor | -errno; it goes into `into` (an empty
// NativeSocket made by JS: cheaper than making one here), the peer address into scratch.
Napi::Value NativeSocket::Accept(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  NativeSocket* into = From(env, info.Length() > 0 ? info[0] : env.Undefined(), "into");
  if (into->fd_ >= 0) ThrowType(env, "into already holds a descriptor");
  if (fd_ < 0) return Result(env, -EBADF);
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
#ifdef SOCK_NONBLOCK
  int fd = accept4(fd_, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
#else
  int fd = accept(fd_, reinterpret_cast<sockaddr*>(&ss), &len);
  if (fd >= 0) {
    if (int rc = SetFlags(fd)) {
      close(fd);
      return Result(env, rc);
    }
  }
#endif
  if (fd < 0) {
    int err = errno;
    AfterIo(-1, err, 0, 0, true);
    return Result(env, -err);
  }
  into->Adopt(fd, kind_);
  StoreAddress(env, ss, len);
  return Result(env, fd);
}

// send(id, buf, offset, length, flags) -> bytes | -errno. Never raises SIGPIPE.
Napi::Value NativeSocket::Send(const Napi::CallbackInfo& info) {
  Bytes b = WindowArg(info, 1, "data");
  int flags = Int32Arg(info, 4, "flags");
  if (fd_ < 0) return Result(info.Env(), -EBADF);
  ssize_t n = SysSend(fd_, b.data, b.length, flags | MSG_NOSIGNAL);
  int err = errno;
  AfterIo(n, err, b.length, flags, false);
  return Result(info.Env(), n >= 0 ? static_cast<double>(n) : -err);
}

// recv(id, buf, offset, length, flags) -> bytes (0 at end of stream) | -errno
Napi::Value NativeSocket::Recv(const Napi::CallbackInfo& info) {
  Bytes b = WindowArg(info, 1, "buffer");
  int flags = Int32Arg(info, 4, "flags");
  if (fd_ < 0) return Result(info.Env(), -EBADF);
  ssize_t n = SysRecv(fd_, b.data, b.length, flags);
  int err = errno;
  AfterIo(n, err, b.length, flags, true);
  return Result(info.Env(), n >= 0 ? static_cast<double>(n) : -err);
}

// sendto(id, buf, offset, length, flags, address, addressLength) -> bytes | -errno
Napi::Value NativeSocket::SendTo(const Napi::CallbackInfo& info) {
  Bytes b = WindowArg(info, 1, "data");
  int flags = Int32Arg(info, 4, "flags");
  SockAddr sa;
  AddressArg(info, 5, &sa);
  if (fd_ < 0) return Result(info.Env(), -EBADF);
  ssize_t n = sendto(fd_, b.data, b.length, flags | MSG_NOSIGNAL, sa.get(), sa.length);
  int err = errno;
  AfterIo(n, err, b.length, flags, false);
  return Result(info.Env(), n >= 0 ? static_cast<double>(n) : -err);
}

// recvfrom(id, buf, offset, length, flags) -> bytes | -errno; the sender's address goes
// into scratch (length 0 when the kernel gives none).
Napi::Value NativeSocket::RecvFrom(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Bytes b = WindowArg(info, 1, "buffer");
  int flags = Int32Arg(info, 4, "flags");
  if (fd_ < 0) return Result(env, -EBADF);
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  ssize_t n = recvfrom(fd_, b.data, b.length, flags, reinterpret_cast<sockaddr*>(&ss), &len);
  int err = errno;
  AfterIo(n, err, b.length, flags, true);
  if (n < 0) return Result(env, -err);
  StoreAddress(env, ss, len);
  return Result(env, static_cast<double>(n));
}

Napi::Value NativeSocket::Shutdown(const Napi::CallbackInfo& info) {
  int how = Int32Arg(info, 0, "how");
  if (fd_ < 0) return Result(info.Env(), -EBADF);
  return Result(info.Env(), shutdown(fd_, how) == 0 ? 0 : -errno);
}

// close() -> 0 | -errno; -EBADF when already closed (the old number is never reused here).
Napi::Value NativeSocket::Close(const Napi::CallbackInfo& info) {
  if (fd_ < 0) return Result(info.Env(), -EBADF);
  return Result(info.Env(), CloseNow());
}

// detach() -> the descriptor, now owned by the caller, or -EBADF.
Napi::Value NativeSocket::Detach(const Napi::CallbackInfo& info) {
  int fd = fd_;
  if (fd < 0) return Result(info.Env(), -EBADF);
  Release();
  borrowed_ = false;
  return Result(info.Env(), fd);
}

Napi::Value NativeSocket::SockName(const Napi::CallbackInfo& info) {
  if (fd_ < 0) return Result(info.Env(), -EBADF);
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return Result(info.Env(), -errno);
  StoreAddress(info.Env(), ss, len);
  return Result(info.Env(), 0);
}

Napi::Value NativeSocket::PeerName(const Napi::CallbackInfo& info) {
  if (fd_ < 0) return Result(info.Env(), -EBADF);
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getpeername(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return Result(info.Env(), -errno);
  StoreAddress(info.Env(), ss, len);
  return Result(info.Env(), 0);
}

Napi::Value NativeSocket::GetNonblock(const Napi::CallbackInfo& info) {
  if (fd_ < 0) return Result(info.Env(), -EBADF);
  int fl = fcntl(fd_, F_GETFL);
  if (fl < 0) return Result(info.Env(), -errno);
  return Result(info.Env(), (fl & O_NONBLOCK) ? 1 : 0);
}

// Sets or clears `bit` among the flags fcntl's `get`/`set` pair reads and writes: 0 or -errno.
static int SetFdFlag(int fd, int get, int set, int bit, bool on) {
  int fl = fcntl(fd, get);
  if (fl < 0) return -errno;
  int want = on ? (fl | bit) : (fl & ~bit);
  return want == fl || fcntl(fd, set, want) == 0 ? 0 : -errno;
}

Napi::Value NativeSocket::SetNonblock(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsBoolean()) ThrowType(info.Env(), "nonblock must be a boolean");
  bool on = info[0].As<Napi::Boolean>().Value();
  if (fd_ < 0) return Result(info.Env(), -EBADF);
  return Result(info.Env(), SetFdFlag(fd_, F_GETFL, F_SETFL, O_NONBLOCK, on));
}

Napi::Value NativeSocket::SetInheritable(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsBoolean()) ThrowType(info.Env(), "inheritable must be a boolean");
  bool on = info[0].As<Napi::Boolean>().Value();
  if (fd_ < 0) return Result(info.Env(), -EBADF);
  return Result(info.Env(), SetFdFlag(fd_, F_GETFD, F_SETFD, FD_CLOEXEC, !on));
}

Napi::Value NativeSocket::SetOpt(const Napi::CallbackInfo& info) {
  if (fd_ < 0) {
    // Still validate the arguments' types first, as for every other call.
    SetOption(info, -1, 0);
    return Result(info.Env(), -EBADF);
  }
  return SetOption(info, fd_, 0);
}

Napi::Value NativeSocket::GetOpt(const Napi::CallbackInfo& info) {
  return GetOption(info, fd_, 0);  // fd -1 makes getsockopt fail with EBADF
}

// arm(id, mask) -> ready bits already known (nothing armed then), 0 once armed, or
// -errno when the descriptor cannot be watched (closed, or beyond select's FD_SETSIZE).
Napi::Value NativeSocket::Arm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t mask = static_cast<uint32_t>(IntArg(info, 1, "mask", 1, 3));
  if (fd_ < 0) return Result(env, -EBADF);
  if (int rc = Register(env)) return Result(env, rc);
  return Result(env, reactor_->Arm(slot_, mask));
}

int NativeSocket::Register(Napi::Env env) {
  if (slot_ >= 0) return 0;
  std::shared_ptr<Reactor> reactor = AddonData::Get(env)->reactor();
  if (!reactor) ThrowType(env, "the reactor has not been started");
  int32_t slot = -1;
  if (int rc = reactor->Register(fd_, &slot)) return rc;
  reactor_ = std::move(reactor);
  slot_ = slot;
  return 0;
}

// watch() -> 0 | -errno: registers with the reactor without waiting, so that the
// readiness the socket's calls learn (EAGAIN, short reads) is remembered from now on.
Napi::Value NativeSocket::Watch(const Napi::CallbackInfo& info) {
  if (fd_ < 0) return Result(info.Env(), -EBADF);
  return Result(info.Env(), Register(info.Env()));
}

Napi::Value NativeSocket::Disarm(const Napi::CallbackInfo& info) {
  uint32_t mask = static_cast<uint32_t>(IntArg(info, 0, "mask", 1, 3));
  if (slot_ >= 0) reactor_->Disarm(slot_, mask);
  return info.Env().Undefined();
}

Napi::Value NativeSocket::Slot(const Napi::CallbackInfo& info) { return Result(info.Env(), slot_); }

// ready(id) -> the directions known ready (1 read, 2 write). A socket the reactor has not
// seen yet reports both: "unknown, try the call".
Napi::Value NativeSocket::Ready(const Napi::CallbackInfo& info) {
  if (fd_ < 0) return Result(info.Env(), 0);
  if (slot_ < 0) return Result(info.Env(), kReadable | kWritable);
  return Result(info.Env(), reactor_->Ready(slot_) & (kReadable | kWritable));
}

// forget(mask): the kernel says these directions are not ready (an instant poll found
// them idle): drop the readiness remembered from earlier events.
Napi::Value NativeSocket::Forget(const Napi::CallbackInfo& info) {
  uint32_t mask = static_cast<uint32_t>(IntArg(info, 0, "mask", 1, 3));
  if (slot_ >= 0) reactor_->ClearReady(slot_, mask);
  return info.Env().Undefined();
}

// mark(mask): the kernel says these directions are ready (an instant poll found them so):
// remember it, so that the next I/O attempt goes ahead instead of waiting again.
Napi::Value NativeSocket::Mark(const Napi::CallbackInfo& info) {
  uint32_t mask = static_cast<uint32_t>(IntArg(info, 0, "mask", 1, 3));
  if (slot_ >= 0) reactor_->MarkReady(slot_, mask);
  return info.Env().Undefined();
}

// socketpair(a, b, domain, type, protocol) -> 0 | -errno; both ends go into a and b.
Napi::Value SocketPair(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  NativeSocket* a = NativeSocket::From(env, info.Length() > 0 ? info[0] : env.Undefined(), "a");
  NativeSocket* b = NativeSocket::From(env, info.Length() > 1 ? info[1] : env.Undefined(), "b");
  int domain = Int32Arg(info, 2, "domain");
  int type = Int32Arg(info, 3, "type");
  int protocol = Int32Arg(info, 4, "protocol");
  if (a == b || a->fd_ >= 0 || b->fd_ >= 0) ThrowType(env, "a and b must be two empty NativeSockets");
  int fds[2];
#ifdef SOCK_NONBLOCK
  if (socketpair(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol, fds) != 0) return Result(env, -errno);
#else
  if (socketpair(domain, type, protocol, fds) != 0) return Result(env, -errno);
  for (int fd : fds) SetFlags(fd);
#endif
  a->Adopt(fds[0], KindOf(domain, type));
  b->Adopt(fds[1], KindOf(domain, type));
  return Result(env, 0);
}

}  // namespace sockport
