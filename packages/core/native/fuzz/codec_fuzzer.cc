// libFuzzer harness for the byte-copying codecs (addresses and option values): the
// fuzzer's bytes become hosts, paths, lengths and option fields, and every result must
// stay inside its buffer and decode back consistently. Built and run for a bounded time
// by scripts/fuzz-codecs.mjs with AddressSanitizer and UndefinedBehaviorSanitizer.
#include <arpa/inet.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "../codec/option_codec.h"
#include "../codec/sockaddr_codec.h"

using namespace sockport::codec;

namespace {

struct Reader {
  const uint8_t* data;
  size_t size;
  uint8_t Byte() { return size ? (size--, *data++) : 0; }
  uint32_t U32() { return Byte() | (Byte() << 8) | (Byte() << 16) | (uint32_t(Byte()) << 24); }
  std::string Text(size_t max) {
    size_t n = Byte() % (max + 1);
    n = n < size ? n : size;
    std::string s(reinterpret_cast<const char*>(data), n);
    data += n;
    size -= n;
    return s;
  }
};

void Check(bool ok) {
  if (!ok) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Reader in{data, size};
  uint8_t out[160];
  size_t outLength = in.Byte() % sizeof out;

  // Inet: text from the fuzzer, then decode what was encoded.
  int family = in.Byte() % 2 ? AF_INET6 : AF_INET;
  std::string host = in.Text(64);
  uint16_t port = static_cast<uint16_t>(in.U32());
  int n = EncodeInet(family, host.c_str(), port, in.U32(), in.U32(), out, outLength);
  Check(n < 0 || static_cast<size_t>(n) <= outLength);
  if (n > 0) {
    Decoded d;
    Decode(out, static_cast<size_t>(n), &d);
    Check(d.family == family && d.isInet && d.port == port);
    uint8_t again[160];
    Check(EncodeInet(family, d.host, d.port, d.flowinfo, d.scope, again, sizeof again) == n);
  }

  // Unix: any bytes as a path; decode must give them back.
  std::string path = in.Text(150);
  n = EncodeUnix(reinterpret_cast<const uint8_t*>(path.data()), path.size(), out, outLength);
  Check(n < 0 || static_cast<size_t>(n) <= outLength);
  Check(path.size() <= kUnixPathMax || n == -ENAMETOOLONG);
  if (n > 0) {
    Decoded d;
    Decode(out, static_cast<size_t>(n), &d);
    Check(d.isUnix && d.pathLength == path.size() && std::memcmp(d.path, path.data(), path.size()) == 0);
  }

  // Caller-supplied sockaddr bytes with a caller-supplied length (hostile on purpose).
  sockaddr_storage ss;
  socklen_t ssLength = 0;
  int64_t claimed = static_cast<int32_t>(in.U32());
  if (CopyAddress(in.data, in.size, claimed, &ss, &ssLength) == 0) {
    Check(ssLength <= sizeof ss && ssLength <= in.size);
    Decoded d;
    Decode(reinterpret_cast<const uint8_t*>(&ss), ssLength, &d);
  }
  Decoded any;
  Decode(in.data, in.size, &any);

  // Option values.
  OptionValue v;
  EncodeInt(static_cast<int>(in.U32()), &v);
  Check(v.length == sizeof(int));
  double seconds;
  uint64_t bits = (uint64_t(in.U32()) << 32) | in.U32();
  std::memcpy(&seconds, &bits, sizeof seconds);
  if (EncodeTimeval(seconds, &v) == 0) Check(DecodeTimeval(v) >= 0);
  std::string bytes = in.Text(255);
  Check(EncodeBytes(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), &v) == 0);
  const char* text = nullptr;
  Check(DecodeText(v, &text) <= bytes.size());
  std::string group = in.Text(40), iface = in.Text(40);
  EncodeMreq4(group.c_str(), in.Byte() % 2 ? iface.c_str() : nullptr, static_cast<int>(in.U32()), &v);
  EncodeMreq6(group.c_str(), in.U32(), &v);
  EncodeInAddr(iface.c_str(), &v);
  // A kernel answer of any reported length decodes without reading past it.
  v.length = static_cast<socklen_t>(in.U32() % (kMaxOptionBytes + 1));
  DecodeInt(v);
  int onoff, secs;
  DecodeLinger(v, &onoff, &secs);
  DecodeTimeval(v);
  DecodeText(v, &text);
  char addr[INET_ADDRSTRLEN];
  DecodeInAddr(v, addr, sizeof addr);
  return 0;
}
