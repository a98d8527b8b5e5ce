#include "option_codec.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

namespace sockport::codec {

namespace {

template <typename T>
void Put(const T& value, OptionValue* out) {
  static_assert(sizeof(T) <= kMaxOptionBytes);
  std::memset(out->data, 0, sizeof out->data);
  std::memcpy(out->data, &value, sizeof value);
  out->length = sizeof value;
}

// Reads a T from what the kernel wrote; missing bytes read as zero.
template <typename T>
T Get(const OptionValue& in) {
  T value{};
  std::memcpy(&value, in.data, std::min<size_t>(sizeof value, std::min<size_t>(in.length, kMaxOptionBytes)));
  return value;
}

bool ParseIn4(const char* text, in_addr* out) {
  if (!text) {
    out->s_addr = htonl(INADDR_ANY);
    return true;
  }
  return inet_pton(AF_INET, text, out) == 1;
}

}  // namespace

void EncodeInt(int value, OptionValue* out) { Put(value, out); }

void EncodeLinger(int onoff, int seconds, OptionValue* out) {
  linger l{};
  l.l_onoff = onoff;
  l.l_linger = seconds;
  Put(l, out);
}

int EncodeTimeval(double seconds, OptionValue* out) {
  if (!(seconds >= 0) || seconds > 1e12) return -EDOM;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(std::floor(seconds));
  tv.tv_usec = static_cast<suseconds_t>((seconds - std::floor(seconds)) * 1e6);
  // A positive time under a microsecond must not become 0, which means no timeout.
  if (seconds > 0 && tv.tv_sec == 0 && tv.tv_usec == 0) tv.tv_usec = 1;
  Put(tv, out);
  return 0;
}

int EncodeBytes(const uint8_t* bytes, size_t length, OptionValue* out) {
  if (length > kMaxOptionBytes) return -E2BIG;
  std::memset(out->data, 0, sizeof out->data);
  if (length) std::memcpy(out->data, bytes, length);
  out->length = static_cast<socklen_t>(length);
  return 0;
}

int EncodeMreq4(const char* group, const char* interfaceAddress, int index, OptionValue* out) {
#ifdef __linux__
  ip_mreqn m{};
  if (!group || !ParseIn4(group, &m.imr_multiaddr) || !ParseIn4(interfaceAddress, &m.imr_address)) return -EINVAL;
  m.imr_ifindex = index;
#else
  (void)index;
  ip_mreq m{};
  if (!group || !ParseIn4(group, &m.imr_multiaddr) || !ParseIn4(interfaceAddress, &m.imr_interface)) return -EINVAL;
#endif
  Put(m, out);
  return 0;
}

int EncodeMreq6(const char* group, unsigned index, OptionValue* out) {
  ipv6_mreq m{};
  if (!group || inet_pton(AF_INET6, group, &m.ipv6mr_multiaddr) != 1) return -EINVAL;
  m.ipv6mr_interface = index;
  Put(m, out);
  return 0;
}

int EncodeInAddr(const char* address, OptionValue* out) {
  in_addr a{};
  if (!ParseIn4(address, &a)) return -EINVAL;
  Put(a, out);
  return 0;
}

int DecodeInt(const OptionValue& in) {
  // Some options (IP_MULTICAST_LOOP on BSD) answer with a single byte.
  if (in.length >= sizeof(int)) return Get<int>(in);
  return in.length >= 1 ? in.data[0] : 0;
}

void DecodeLinger(const OptionValue& in, int* onoff, int* seconds) {
  linger l = Get<linger>(in);
  *onoff = l.l_onoff;
  *seconds = l.l_linger;
}

double DecodeTimeval(const OptionValue& in) {
  timeval tv = Get<timeval>(in);
  return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6;
}

size_t DecodeText(const OptionValue& in, const char** text) {
  *text = reinterpret_cast<const char*>(in.data);
  return strnlen(*text, std::min<size_t>(in.length, kMaxOptionBytes));
}

void DecodeInAddr(const OptionValue& in, char* buf, size_t bufLength) {
  in_addr a = Get<in_addr>(in);
  if (!inet_ntop(AF_INET, &a, buf, static_cast<socklen_t>(bufLength)) && bufLength) buf[0] = '\0';
}

}  // namespace sockport::codec
