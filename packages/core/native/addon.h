// Per-environment state (main thread and each worker have their own): the reactor,
// the scratch area where calls leave addresses for JS, and the teardown hook.
#pragma once

#include <napi.h>

#include <memory>

namespace sockport {

class Reactor;

/**
 * A zeroed ArrayBuffer for memory that native code writes and JS reads (the scratch
 * area, the reactor's batch). Its memory is external: JS can neither detach it nor
 * transfer it away (a transfer copies), so native code never writes into freed memory
 * while it holds a reference; the memory goes when the buffer is collected.
 */
Napi::ArrayBuffer NativeWrittenBuffer(Napi::Env env, size_t bytes);

class AddonData : public Napi::Addon<AddonData> {
 public:
  AddonData(Napi::Env env, Napi::Object exports);
  ~AddonData();

  static AddonData* Get(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

  std::shared_ptr<Reactor> reactor() const { return reactor_; }
  // Whether the garbage collector has run since the last call (a weak reference to a
  // fresh object, which the next collection takes); true the first time.
  bool CollectedSinceLastLook(napi_env env);
  uint8_t* scratchAddress() { return scratch_; }
  int32_t* scratchRegs() { return reinterpret_cast<int32_t*>(scratch_ + kAddressBytes); }

  static constexpr size_t kAddressBytes = 128;
  static constexpr size_t kScratchBytes = kAddressBytes + 4 * sizeof(int32_t);

 private:
  Napi::Value StartReactor(const Napi::CallbackInfo& info);
  Napi::Value ReactorInfo(const Napi::CallbackInfo& info);
  Napi::Value ReactorReady(const Napi::CallbackInfo& info);
  Napi::Value ReactorHold(const Napi::CallbackInfo& info);
  Napi::Value ReactorCollect(const Napi::CallbackInfo& info);
  Napi::Value SlotOfFd(const Napi::CallbackInfo& info);
  static void AsyncCleanup(napi_async_cleanup_hook_handle handle, void* arg);

  std::shared_ptr<Reactor> reactor_;
  Napi::Reference<Napi::ArrayBuffer> scratchRef_;
  uint8_t* scratch_ = nullptr;
  napi_async_cleanup_hook_handle cleanupHandle_ = nullptr;
  napi_ref gcSentinel_ = nullptr;
  // The wake-up pipe for a poll/select reactor, made while descriptor numbers are low.
  int wake_[2] = {-1, -1};
};

}  // namespace sockport
