// Socket option values by shape. The option table (names, levels, read-only flags)
// lives in TypeScript; native code only knows how each shape is laid out in memory.
#pragma once

#include <napi.h>

namespace sockport {

enum OptionKind : int {
  kOptInt = 0,      // int; booleans are 0/1
  kOptLinger = 1,   // struct linger {onoff, seconds}
  kOptTimeval = 2,  // struct timeval, as seconds (fractions allowed)
  kOptString = 3,   // bytes, e.g. SO_BINDTODEVICE, TCP_CONGESTION
  kOptMreq4 = 4,    // ip_mreqn (Linux) / ip_mreq: group, interface address, interface index
  kOptMreq6 = 5,    // ipv6_mreq: group, interface index
  kOptInAddr = 6,   // struct in_addr, e.g. IP_MULTICAST_IF
  kOptUcred = 7,    // struct ucred (SO_PEERCRED), read-only
  kOptBytes = 8,    // raw bytes, e.g. TCP_INFO
};

// setsockopt(level, name, kind, a, b, c) starting at argument index `first`; 0 or -errno.
Napi::Value SetOption(const Napi::CallbackInfo& info, int fd, size_t first);
// getsockopt(level, name, kind) starting at `first`; [0, value] or [errno].
Napi::Value GetOption(const Napi::CallbackInfo& info, int fd, size_t first);

void InitOptions(Napi::Env env, Napi::Object exports);

}  // namespace sockport
