// NativeSocket: the JS-visible object that owns one descriptor. It closes the
// descriptor exactly once (on close(), or when garbage collected), never touches it
// after that, and keeps the descriptor's reactor registration. Every syscall returns
// its result or -errno; only malformed arguments throw (TypeError).
#pragma once

#include <napi.h>

#include <memory>

namespace sockport {

class Reactor;

// Wrapped with napi_wrap directly (not Napi::ObjectWrap, whose releases since 8.2.0 leak
// a reference per object when no finalizer is overridden: nodejs/node-addon-api#1602).
// What a short read or write says about a socket's queues (see AfterIo).
struct IoKind {
  bool stream = false;  // a short write means the send buffer is full
  bool tcp = false;     // a short read means the receive queue is drained (unix streams stop
                        // early at a message with descriptors, so theirs does not)
};

class NativeSocket {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  // The NativeSocket behind value, or a TypeError: type-tagged, so no other wrapped
  // object (of this addon or another) is ever mistaken for one. For the cold calls:
  // the hot ones find their socket by id (socket_table.h).
  static NativeSocket* From(Napi::Env env, napi_value value, const char* what);

  NativeSocket();
  ~NativeSocket();
  NativeSocket(const NativeSocket&) = delete;
  NativeSocket& operator=(const NativeSocket&) = delete;

  int fd() const { return fd_; }

  // Closes the descriptors of the sockets whose JS objects the garbage collector has
  // taken but whose finalizers have not run yet (Node runs them when its event loop
  // turns, which a thread in blocking waits never lets happen). Returns how many.
  static int CloseCollected(napi_env env);

 private:
  template <Napi::Value (NativeSocket::*M)(const Napi::CallbackInfo&)>
  static Napi::Value Method(const Napi::CallbackInfo& info);
  template <Napi::Value (NativeSocket::*M)(const Napi::CallbackInfo&)>
  static Napi::Value ById(const Napi::CallbackInfo& info);
  static napi_value Construct(napi_env env, napi_callback_info info);
  static void Finalize(napi_env env, void* data, void* hint);
  // Closes what is still open and leaves the registration (close(), GC, teardown):
  // 0, or -errno from close(2).
  int CloseNow();

  Napi::Value Open(const Napi::CallbackInfo& info);
  Napi::Value Borrow(const Napi::CallbackInfo& info);
  Napi::Value Dup(const Napi::CallbackInfo& info);
  Napi::Value Fd(const Napi::CallbackInfo& info);
  Napi::Value Id(const Napi::CallbackInfo& info);
  Napi::Value Bind(const Napi::CallbackInfo& info);
  Napi::Value Connect(const Napi::CallbackInfo& info);
  Napi::Value Listen(const Napi::CallbackInfo& info);
  Napi::Value Accept(const Napi::CallbackInfo& info);
  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value Recv(const Napi::CallbackInfo& info);
  Napi::Value SendTo(const Napi::CallbackInfo& info);
  Napi::Value RecvFrom(const Napi::CallbackInfo& info);
  Napi::Value Shutdown(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value Detach(const Napi::CallbackInfo& info);
  Napi::Value SockName(const Napi::CallbackInfo& info);
  Napi::Value PeerName(const Napi::CallbackInfo& info);
  Napi::Value GetNonblock(const Napi::CallbackInfo& info);
  Napi::Value SetNonblock(const Napi::CallbackInfo& info);
  Napi::Value SetInheritable(const Napi::CallbackInfo& info);
  Napi::Value SetOpt(const Napi::CallbackInfo& info);
  Napi::Value GetOpt(const Napi::CallbackInfo& info);
  Napi::Value Arm(const Napi::CallbackInfo& info);
  Napi::Value Disarm(const Napi::CallbackInfo& info);
  Napi::Value Slot(const Napi::CallbackInfo& info);
  Napi::Value Ready(const Napi::CallbackInfo& info);
  Napi::Value Forget(const Napi::CallbackInfo& info);
  Napi::Value Mark(const Napi::CallbackInfo& info);
  Napi::Value Watch(const Napi::CallbackInfo& info);
  // Registers with this environment's reactor if not yet; 0 or -errno.
  int Register(Napi::Env env);

  friend Napi::Value SocketPair(const Napi::CallbackInfo& info);

  void Adopt(int fd, IoKind kind);
  void Release();  // unregister and forget the descriptor (does not close it)
  // The result of an I/O syscall: records what it says about readiness.
  void AfterIo(ssize_t n, int err, size_t asked, int flags, bool reading);
  void ShortRead();

  double id_;  // in SocketTable
  int fd_ = -1;
  bool borrowed_ = false;
  // A weak reference to the JS object: empty once the GC has taken it (CloseCollected).
  napi_ref weak_ = nullptr;
  IoKind kind_{};
  int32_t slot_ = -1;
  std::shared_ptr<Reactor> reactor_;
};

Napi::Value SocketPair(const Napi::CallbackInfo& info);

}  // namespace sockport
