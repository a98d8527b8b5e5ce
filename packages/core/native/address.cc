#include "address.h"

#include <cerrno>

#include "args.h"
#include "codec/sockaddr_codec.h"

namespace sockport {

namespace {

// encodeInet(out, family, host, port, flowinfo, scopeid) -> length | -errno
Napi::Value EncodeInet(const Napi::CallbackInfo& info) {
  Bytes out = BytesArg(info, 0, "out");
  int family = Int32Arg(info, 1, "family");
  std::string host = CStringArg(info, 2, "host");
  uint16_t port = static_cast<uint16_t>(IntArg(info, 3, "port", 0, 65535));
  uint32_t flowinfo = static_cast<uint32_t>(IntArg(info, 4, "flowinfo", 0, UINT32_MAX));
  uint32_t scope = static_cast<uint32_t>(IntArg(info, 5, "scopeid", 0, UINT32_MAX));
  return Napi::Number::New(info.Env(), codec::EncodeInet(family, host.c_str(), port, flowinfo, scope, out.data, out.length));
}

// encodeUnix(out, pathBytes) -> length | -errno. The path bytes are used exactly as given:
// the caller decides whether a trailing NUL is counted (lsocket counts it, others do not)
// and a leading NUL makes a Linux abstract name.
Napi::Value EncodeUnix(const Napi::CallbackInfo& info) {
  Bytes out = BytesArg(info, 0, "out");
  Bytes path = BytesArg(info, 1, "path");
  return Napi::Number::New(info.Env(), codec::EncodeUnix(path.data, path.length, out.data, out.length));
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
  int64_t length = IntArg(info, i + 1, "address length", INT32_MIN, INT32_MAX);
  if (codec::CopyAddress(b.data, b.length, length, &out->storage, &out->length) != 0)
    ThrowType(info.Env(), "address length " + std::to_string(length) + " does not fit its buffer (" +
                              std::to_string(b.length) + " bytes) and a sockaddr");
}

Napi::Value DecodeAddress(Napi::Env env, const sockaddr* sa, socklen_t length) {
  codec::Decoded d;
  codec::Decode(reinterpret_cast<const uint8_t*>(sa), length, &d);
  Napi::Array result = Napi::Array::New(env);
  result.Set(0u, Napi::Number::New(env, d.family));
  if (d.isInet) {
    result.Set(1u, Napi::String::New(env, d.host));
    result.Set(2u, Napi::Number::New(env, d.port));
    result.Set(3u, Napi::Number::New(env, d.flowinfo));
    result.Set(4u, Napi::Number::New(env, d.scope));
  } else if (d.isUnix) {
    result.Set(1u, Napi::Buffer<uint8_t>::Copy(env, d.path, d.pathLength));
  }
  return result;
}

void InitAddress(Napi::Env env, Napi::Object exports) {
  exports.Set("encodeInet", Napi::Function::New(env, EncodeInet, "encodeInet"));
  exports.Set("encodeUnix", Napi::Function::New(env, EncodeUnix, "encodeUnix"));
  exports.Set("decodeAddress", Napi::Function::New(env, DecodeArg, "decodeAddress"));
  exports.Set("sockaddrStorageSize", Napi::Number::New(env, sizeof(sockaddr_storage)));
  exports.Set("unixPathMax", Napi::Number::New(env, codec::kUnixPathMax));
}

}  // namespace sockport
