// Socket addresses between JS and the kernel. JS holds an encoded sockaddr in a
// Uint8Array; every length is checked against that buffer and against
// sockaddr_storage before the bytes are copied into properly aligned storage.
#pragma once

#include <napi.h>
#include <sys/socket.h>

namespace sockport {

struct SockAddr {
  sockaddr_storage storage;
  socklen_t length;
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

// Reads (bytes, length) arguments at index i, i + 1 into out. Throws TypeError when
// the length does not fit the buffer or a sockaddr.
void AddressArg(const Napi::CallbackInfo& info, size_t i, SockAddr* out);

// Decodes a sockaddr into [family, host, port, flowinfo, scopeid] for inet and inet6,
// [family, pathBytes] for unix, [family] for anything else.
Napi::Value DecodeAddress(Napi::Env env, const sockaddr* sa, socklen_t length);

void InitAddress(Napi::Env env, Napi::Object exports);

}  // namespace sockport
