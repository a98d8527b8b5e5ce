#include "addon.h"

#include <unistd.h>

#include <new>

#include <time.h>

#include "address.h"
#include "args.h"
#include "constants.h"
#include "errors.h"
#include "interfaces.h"
#include "options.h"
#include "poller/poller.h"
#include "reactor.h"
#include "resolver.h"
#include "socket.h"
#include "wait_sync.h"

namespace sockport {

namespace {

Napi::Value PollerList(const Napi::CallbackInfo& info) {
  const auto& names = PollerNames();
  Napi::Array a = Napi::Array::New(info.Env(), names.size());
  for (size_t i = 0; i < names.size(); i++) a.Set(static_cast<uint32_t>(i), names[i]);
  return a;
}

// monotonic() -> seconds of CLOCK_MONOTONIC: one clock for every thread of the process.
Napi::Value Monotonic(const Napi::CallbackInfo& info) {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return Napi::Number::New(info.Env(), static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9);
}

// isReactorEpoll(fd) -> whether fd is the epoll descriptor of a live reactor.
Napi::Value IsReactorEpoll(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), Reactor::IsReactorEpoll(Int32Arg(info, 0, "fd")));
}

}  // namespace

Napi::ArrayBuffer NativeWrittenBuffer(Napi::Env env, size_t bytes) {
  uint8_t* memory = new (std::nothrow) uint8_t[bytes]();
  if (memory != nullptr) {
    napi_value buffer;
    auto free = [](napi_env, void* data, void*) { delete[] static_cast<uint8_t*>(data); };
    if (napi_create_external_arraybuffer(env, memory, bytes, free, nullptr, &buffer) == napi_ok)
      return Napi::ArrayBuffer(env, buffer);
    delete[] memory;
    // A runtime that refuses external memory (V8's sandbox): an ordinary buffer.
    bool pending = false;
    napi_value ignored;
    if (napi_is_exception_pending(env, &pending) == napi_ok && pending) napi_get_and_clear_last_exception(env, &ignored);
  }
  return Napi::ArrayBuffer::New(env, bytes);
}

AddonData::AddonData(Napi::Env env, Napi::Object exports) {
  Napi::ArrayBuffer scratch = NativeWrittenBuffer(env, kScratchBytes);
  scratch_ = static_cast<uint8_t*>(scratch.Data());
  scratchRef_ = Napi::Persistent(scratch);
  // Failing here only means the reactor makes its pipe when it starts.
  if (Reactor::MakeWakePipe(wake_) != 0) wake_[0] = wake_[1] = -1;

  DefineAddon(exports, {
      InstanceMethod("startReactor", &AddonData::StartReactor),
      InstanceMethod("reactorInfo", &AddonData::ReactorInfo),
      InstanceMethod("reactorReady", &AddonData::ReactorReady),
      InstanceMethod("reactorHold", &AddonData::ReactorHold),
      InstanceMethod("reactorCollect", &AddonData::ReactorCollect),
      InstanceMethod("slotOfFd", &AddonData::SlotOfFd),
      InstanceValue("scratch", scratch),
  });
  exports.Set("pollers", Napi::Function::New(env, PollerList, "pollers"));
  exports.Set("monotonic", Napi::Function::New(env, Monotonic, "monotonic"));
  exports.Set("isReactorEpoll", Napi::Function::New(env, IsReactorEpoll, "isReactorEpoll"));
  NativeSocket::Init(env, exports);
  InitAddress(env, exports);
  InitConstants(env, exports);
  InitErrors(env, exports);
  InitOptions(env, exports);
  InitResolver(env, exports);
  InitInterfaces(env, exports);
  InitWaitSync(env, exports);

  napi_add_async_cleanup_hook(env, AsyncCleanup, this, &cleanupHandle_);
}

AddonData::~AddonData() {
  for (int fd : wake_)
    if (fd >= 0) close(fd);
}

bool AddonData::CollectedSinceLastLook(napi_env env) {
  if (gcSentinel_) {
    napi_value alive = nullptr;
    if (napi_get_reference_value(env, gcSentinel_, &alive) == napi_ok && alive != nullptr) return false;
    napi_delete_reference(env, gcSentinel_);
    gcSentinel_ = nullptr;
  }
  napi_value fresh;
  if (napi_create_object(env, &fresh) != napi_ok || napi_create_reference(env, fresh, 0, &gcSentinel_) != napi_ok)
    gcSentinel_ = nullptr;
  return true;
}

// Environment teardown (process exit or worker exit): stop the reactor and give its uv
// handles back to libuv before the loop goes away.
void AddonData::AsyncCleanup(napi_async_cleanup_hook_handle handle, void* arg) {
  auto* self = static_cast<AddonData*>(arg);
  if (!self->reactor_) {
    napi_remove_async_cleanup_hook(handle);
    return;
  }
  self->reactor_->Close([handle] { napi_remove_async_cleanup_hook(handle); });
}

// startReactor(backend, onBatch, shareEpollFd) -> [backend, batch ArrayBuffer, capacity, reportsAll]
// | -errno. shareEpollFd (-1: none) joins the epoll instance of another live reactor.
Napi::Value AddonData::StartReactor(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string backend = CStringArg(info, 0, "backend");
  if (info.Length() < 2 || !info[1].IsFunction()) ThrowType(env, "onBatch must be a function");
  int share = IsNullish(info, 2) ? -1 : Int32Arg(info, 2, "shareEpollFd");
  if (reactor_) ThrowType(env, "the reactor is already running");
  int error = 0;
  reactor_ = Reactor::Create(env, backend, info[1].As<Napi::Function>(), share, wake_, &error);
  if (!reactor_) return Napi::Number::New(env, -error);
  // What the reactor did not take (an epoll reactor needs no wake-up pipe) goes.
  for (int& fd : wake_) {
    if (fd >= 0) close(fd);
    fd = -1;
  }
  Napi::Array r = Napi::Array::New(env, 4);
  r.Set(0u, reactor_->backend());
  r.Set(1u, reactor_->batchBuffer(env));
  r.Set(2u, reactor_->batchCapacity());
  r.Set(3u, reactor_->reportsAll());
  return r;
}

// reactorInfo() -> { backend, held, pollableFd } or null before the reactor starts.
Napi::Value AddonData::ReactorInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!reactor_) return env.Null();
  Napi::Object o = Napi::Object::New(env);
  o.Set("backend", reactor_->backend());
  o.Set("held", reactor_->held());
  o.Set("pollableFd", reactor_->pollableFd());
  return o;
}

// reactorReady() -> the ArrayBuffer of ready bits by slot (see Reactor::readyBuffer), or null.
Napi::Value AddonData::ReactorReady(const Napi::CallbackInfo& info) {
  return reactor_ ? reactor_->readyBuffer(info.Env()) : info.Env().Null();
}

// reactorHold(held): whether something waits, which keeps the process alive.
Napi::Value AddonData::ReactorHold(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsBoolean()) ThrowType(info.Env(), "held must be a boolean");
  if (reactor_) reactor_->Hold(info[0].As<Napi::Boolean>().Value());
  return info.Env().Undefined();
}

// reactorCollect() -> whether events were looked for: collects what is ready now (see
// Reactor::CollectNow). JS never calls it while it hands out a batch, which it would overwrite.
Napi::Value AddonData::ReactorCollect(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), reactor_ ? reactor_->CollectNow() : false);
}

Napi::Value AddonData::SlotOfFd(const Napi::CallbackInfo& info) {
  int fd = Int32Arg(info, 0, "fd");
  return Napi::Number::New(info.Env(), reactor_ ? reactor_->SlotOfFd(fd) : -1);
}

}  // namespace sockport

using sockport::AddonData;
NODE_API_ADDON(AddonData)
