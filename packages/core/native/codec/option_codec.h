// Socket option values as bytes, without any JS: each encoder fills a fixed buffer and
// checks every length, each decoder reads only what the kernel said it wrote. The N-API
// layer (options.cc) only unpacks arguments; fuzz/codec_fuzzer.cc drives these directly.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>

namespace sockport::codec {

constexpr size_t kMaxOptionBytes = 1024;

struct OptionValue {
  alignas(8) uint8_t data[kMaxOptionBytes];
  socklen_t length = 0;
};

void EncodeInt(int value, OptionValue* out);
void EncodeLinger(int onoff, int seconds, OptionValue* out);
// Seconds as a struct timeval: -EDOM for NaN, negative or absurd (> 1e12) values.
int EncodeTimeval(double seconds, OptionValue* out);
// Raw bytes (interface names, congestion-control names): -E2BIG beyond kMaxOptionBytes.
int EncodeBytes(const uint8_t* bytes, size_t length, OptionValue* out);
// IPv4 multicast membership from numeric texts (null: INADDR_ANY): -EINVAL when not numeric.
int EncodeMreq4(const char* group, const char* interfaceAddress, int index, OptionValue* out);
int EncodeMreq6(const char* group, unsigned index, OptionValue* out);
int EncodeInAddr(const char* address, OptionValue* out);

// Decoders take what getsockopt returned (value bytes and the length it reported).
int DecodeInt(const OptionValue& in);
void DecodeLinger(const OptionValue& in, int* onoff, int* seconds);
double DecodeTimeval(const OptionValue& in);
// The text up to the first NUL, never past the reported length; returns its length.
size_t DecodeText(const OptionValue& in, const char** text);
// Numeric text of an in_addr into buf (at least 16 bytes).
void DecodeInAddr(const OptionValue& in, char* buf, size_t bufLength);

}  // namespace sockport::codec
