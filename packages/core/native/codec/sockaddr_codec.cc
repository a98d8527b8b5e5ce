#include "sockaddr_codec.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sockport::codec {

namespace {

int Store(const void* sa, socklen_t length, uint8_t* out, size_t outLength) {
  if (outLength < length) return -ENOBUFS;
  std::memcpy(out, sa, length);
  return static_cast<int>(length);
}

}  // namespace

int EncodeInet(int family, const char* host, uint16_t port, uint32_t flowinfo, uint32_t scope, uint8_t* out,
               size_t outLength) {
  if (family == AF_INET) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    if (inet_pton(AF_INET, host, &sin.sin_addr) != 1) return -EINVAL;
    return Store(&sin, sizeof sin, out, outLength);
  }
  if (family == AF_INET6) {
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(port);
    sin6.sin6_flowinfo = htonl(flowinfo);
    sin6.sin6_scope_id = scope;
    if (inet_pton(AF_INET6, host, &sin6.sin6_addr) != 1) return -EINVAL;
    return Store(&sin6, sizeof sin6, out, outLength);
  }
  return -EAFNOSUPPORT;
}

int EncodeUnix(const uint8_t* path, size_t pathLength, uint8_t* out, size_t outLength) {
  if (pathLength > kUnixPathMax) return -ENAMETOOLONG;
  sockaddr_un sun{};
  sun.sun_family = AF_UNIX;
  if (pathLength) std::memcpy(sun.sun_path, path, pathLength);
  return Store(&sun, static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + pathLength), out, outLength);
}

int CopyAddress(const uint8_t* bytes, size_t byteLength, int64_t length, sockaddr_storage* out,
                socklen_t* outLength) {
  if (length < static_cast<int64_t>(sizeof(sa_family_t)) || length > static_cast<int64_t>(sizeof(sockaddr_storage)) ||
      static_cast<uint64_t>(length) > byteLength)
    return -EINVAL;
  std::memset(out, 0, sizeof *out);
  std::memcpy(out, bytes, static_cast<size_t>(length));
  *outLength = static_cast<socklen_t>(length);
  return 0;
}

void Decode(const uint8_t* bytes, size_t length, Decoded* out) {
  *out = Decoded{};
  if (length < sizeof(sa_family_t)) return;
  // Aligned copy: the bytes may sit at any offset of a JS buffer.
  sockaddr_storage ss{};
  std::memcpy(&ss, bytes, std::min(length, sizeof ss));
  out->family = ss.ss_family;
  if (out->family == AF_INET && length >= sizeof(sockaddr_in)) {
    auto* sin = reinterpret_cast<const sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &sin->sin_addr, out->host, sizeof out->host);
    out->port = ntohs(sin->sin_port);
    out->isInet = true;
  } else if (out->family == AF_INET6 && length >= sizeof(sockaddr_in6)) {
    auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &sin6->sin6_addr, out->host, sizeof out->host);
    out->port = ntohs(sin6->sin6_port);
    out->flowinfo = ntohl(sin6->sin6_flowinfo);
    out->scope = sin6->sin6_scope_id;
    out->isInet = true;
  } else if (out->family == AF_UNIX) {
    size_t base = offsetof(sockaddr_un, sun_path);
    size_t n = length > base ? std::min(length - base, kUnixPathMax) : 0;
    std::memcpy(out->path, reinterpret_cast<const sockaddr_un*>(&ss)->sun_path, n);
    out->pathLength = n;
    out->isUnix = true;
  }
}

}  // namespace sockport::codec
