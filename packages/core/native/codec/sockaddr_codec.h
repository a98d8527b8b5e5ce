// Socket addresses as bytes, without any JS: everything here that copies bytes checks
// the lengths first. The N-API layer (address.cc) only unpacks arguments, and the
// libFuzzer harness (fuzz/codec_fuzzer.cc) drives these functions directly.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstddef>
#include <cstdint>

namespace sockport::codec {

constexpr size_t kUnixPathMax = sizeof(sockaddr_un::sun_path);

// A numeric IPv4 or IPv6 address into out: its length, or -EINVAL (not numeric),
// -EAFNOSUPPORT (another family), -ENOBUFS (out too small).
int EncodeInet(int family, const char* host, uint16_t port, uint32_t flowinfo, uint32_t scope, uint8_t* out,
               size_t outLength);

// A unix address with exactly these sun_path bytes: its length, -ENAMETOOLONG (more than
// sun_path holds) or -ENOBUFS.
int EncodeUnix(const uint8_t* path, size_t pathLength, uint8_t* out, size_t outLength);

// Copies `length` bytes of a caller's sockaddr into aligned storage: 0, or -EINVAL when
// length is below a family field, above sockaddr_storage, or beyond the buffer.
int CopyAddress(const uint8_t* bytes, size_t byteLength, int64_t length, sockaddr_storage* out, socklen_t* outLength);

struct Decoded {
  int family = AF_UNSPEC;
  bool isInet = false;  // host, port, flowinfo and scope are set
  char host[INET6_ADDRSTRLEN] = "";
  uint16_t port = 0;
  uint32_t flowinfo = 0;
  uint32_t scope = 0;
  bool isUnix = false;  // path and pathLength are set
  uint8_t path[kUnixPathMax] = {};
  size_t pathLength = 0;
};

// Reads a sockaddr of `length` bytes (any bytes at all: a short or odd one decodes to
// just its family, or AF_UNSPEC).
void Decode(const uint8_t* bytes, size_t length, Decoded* out);

}  // namespace sockport::codec
