#include "address.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>

#include "args.h"

namespace sockport {

namespace {

constexpr size_t kUnixPathMax = sizeof(sockaddr_un::sun_path);

// Writes a sockaddr into the caller's buffer; returns its length or -errno.
int Store(const Bytes& out, const void* sa, socklen_t length) {
  if (out.length < length) return -ENOBUFS;
  std::memcpy(out.data, sa, length);
  return static_cast<int>(length);
}

// encodeInet(out, family, host, port, flowinfo, scopeid) -> length | -errno
Napi::Value EncodeInet(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Bytes out = BytesArg(info, 0, "out");
  int family = Int32Arg(info, 1, "family");
  std::string host = CStringArg(info, 2, "host");
  int port = static_cast<int>(IntArg(info, 3, "port", 0, 65535));
  uint32_t flowinfo = static_cast<uint32_t>(IntArg(info, 4, "flowinfo", 0, UINT32_MAX));
  uint32_t scope = static_cast<uint32_t>(IntArg(info, 5, "scopeid", 0, UINT32_MAX));
  if (family == AF_INET) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(static_cast<uint16_t>(port));
    if (inet_pton(AF_INET, host.c_str(), &sin.sin_addr) != 1) return Napi::Number::New(env, -EINVAL);
    return Napi::Number::New(env, Store(out, &sin, sizeof sin));
  }
  if (family == AF_INET6) {
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(static_cast<uint16_t>(port));
    sin6.sin6_flowinfo = htonl(flowinfo);
    sin6.sin6_scope_id = scope;
    if (inet_pton(AF_INET6, host.c_str(), &sin6.sin6_addr) != 1) return Napi::Number::New(env, -EINVAL);
    return Napi::Number::New(env, Store(out, &sin6, sizeof sin6));
  }
  return Napi::Number::New(env, -EAFNOSUPPORT);
}

// encodeUnix(out, pathBytes) -> length | -errno. The path bytes are used exactly as given:
// the caller decides whether a trailing NUL is counted (lsocket counts it, others do not)
// and a leading NUL makes a Linux abstract name.
Napi::Value EncodeUnix(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Bytes out = BytesArg(info, 0, "out");
  Bytes path = BytesArg(info, 1, "path");
  if (path.length > kUnixPathMax) return Napi::Number::New(env, -ENAMETOOLONG);
  sockaddr_un sun{};
  sun.sun_family = AF_UNIX;
  if (path.length) std::memcpy(sun.sun_path, path.data, path.length);
  socklen_t length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.length);
  return Napi::Number::New(env, Store(out, &sun, length));
}

// decodeAddress(bytes, length) -> see DecodeAddress
Napi::Value DecodeArg(const Napi::CallbackInfo& info) {
  SockAddr sa;
  AddressArg(info, 0, &sa);
  return DecodeAddress(info.Env(), sa.get(), sa.length);
}

}  // namespace

void AddressArg(const Napi::CallbackInfo& info, size_t i, SockAddr* out) {
  Bytes b = BytesArg(info, i, "address");
  int64_t length = IntArg(info, i + 1, "address length", sizeof(sa_family_t),
                          sizeof(sockaddr_storage));
  if (static_cast<uint64_t>(length) > b.length)
    ThrowType(info.Env(), "address length " + std::to_string(length) + " exceeds its buffer (" +
                              std::to_string(b.length) + " bytes)");
  std::memset(&out->storage, 0, sizeof out->storage);
  std::memcpy(&out->storage, b.data, static_cast<size_t>(length));
  out->length = static_cast<socklen_t>(length);
}

Napi::Value DecodeAddress(Napi::Env env, const sockaddr* sa, socklen_t length) {
  Napi::Array result = Napi::Array::New(env);
  if (length < static_cast<socklen_t>(sizeof(sa_family_t))) {
    result.Set(0u, Napi::Number::New(env, AF_UNSPEC));
    return result;
  }
  // Copy into aligned storage: the bytes may come from a JS buffer at any offset.
  sockaddr_storage ss{};
  std::memcpy(&ss, sa, std::min<size_t>(length, sizeof ss));
  int family = ss.ss_family;
  result.Set(0u, Napi::Number::New(env, family));
  char text[INET6_ADDRSTRLEN];
  if (family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    auto* sin = reinterpret_cast<const sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text);
    result.Set(1u, Napi::String::New(env, text));
    result.Set(2u, Napi::Number::New(env, ntohs(sin->sin_port)));
    result.Set(3u, Napi::Number::New(env, 0));
    result.Set(4u, Napi::Number::New(env, 0));
  } else if (family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof text);
    result.Set(1u, Napi::String::New(env, text));
    result.Set(2u, Napi::Number::New(env, ntohs(sin6->sin6_port)));
    result.Set(3u, Napi::Number::New(env, ntohl(sin6->sin6_flowinfo)));
    result.Set(4u, Napi::Number::New(env, sin6->sin6_scope_id));
  } else if (family == AF_UNIX) {
    size_t base = offsetof(sockaddr_un, sun_path);
    size_t n = length > static_cast<socklen_t>(base) ? std::min<size_t>(length - base, kUnixPathMax) : 0;
    auto* sun = reinterpret_cast<const sockaddr_un*>(&ss);
    result.Set(1u, Napi::Buffer<char>::Copy(env, sun->sun_path, n));
  }
  return result;
}

void InitAddress(Napi::Env env, Napi::Object exports) {
  exports.Set("encodeInet", Napi::Function::New(env, EncodeInet, "encodeInet"));
  exports.Set("encodeUnix", Napi::Function::New(env, EncodeUnix, "encodeUnix"));
  exports.Set("decodeAddress", Napi::Function::New(env, DecodeArg, "decodeAddress"));
  exports.Set("sockaddrStorageSize", Napi::Number::New(env, sizeof(sockaddr_storage)));
  exports.Set("unixPathMax", Napi::Number::New(env, kUnixPathMax));
}

}  // namespace sockport
