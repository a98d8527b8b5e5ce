// Argument checks shared by every native entry point. JS is hostile: each value
// is checked for type and range before any pointer or length is used, and a
// wrong one throws TypeError (never a crash, never a silent coercion).
#pragma once

#include <napi.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

namespace sockport {

[[noreturn]] inline void ThrowType(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

// An integral Number within [lo, hi]. NaN, Infinity, fractions and non-numbers throw.
inline int64_t IntArg(const Napi::CallbackInfo& info, size_t i, const char* name,
                      int64_t lo, int64_t hi) {
  Napi::Env env = info.Env();
  double d;
  // One call both checks the type and reads the value (these run on every hot call).
  if (i >= info.Length() || napi_get_value_double(env, info[i], &d) != napi_ok)
    ThrowType(env, std::string(name) + " must be a number");
  if (!std::isfinite(d) || std::trunc(d) != d)
    ThrowType(env, std::string(name) + " must be an integer");
  if (d < static_cast<double>(lo) || d > static_cast<double>(hi))
    ThrowType(env, std::string(name) + " is out of range [" + std::to_string(lo) + ", " +
                       std::to_string(hi) + "]");
  return static_cast<int64_t>(d);
}

inline int32_t Int32Arg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  return static_cast<int32_t>(IntArg(info, i, name, INT32_MIN, INT32_MAX));
}

// A finite Number (fractions allowed).
inline double DoubleArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  double d;
  if (i >= info.Length() || napi_get_value_double(info.Env(), info[i], &d) != napi_ok)
    ThrowType(info.Env(), std::string(name) + " must be a number");
  if (std::isnan(d)) ThrowType(info.Env(), std::string(name) + " must not be NaN");
  return d;
}

struct Bytes {
  uint8_t* data;
  size_t length;
};

// Any ArrayBuffer view (Buffer, Uint8Array, other typed arrays, DataView) or ArrayBuffer.
inline Bytes BytesArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Env env = info.Env();
  if (i < info.Length()) {
    napi_value v = info[i];
    bool is = false;
    if (napi_is_typedarray(env, v, &is) == napi_ok && is) {
      napi_typedarray_type type;
      size_t count = 0, offset = 0;
      void* data = nullptr;
      napi_value ab;
      NAPI_THROW_IF_FAILED(env, napi_get_typedarray_info(env, v, &type, &count, &data, &ab, &offset),
                           (Bytes{nullptr, 0}));
      size_t elem = 1;
      switch (type) {
        case napi_int16_array: case napi_uint16_array: elem = 2; break;
        case napi_int32_array: case napi_uint32_array: case napi_float32_array: elem = 4; break;
        case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: elem = 8; break;
        default: elem = 1;
      }
      return Bytes{static_cast<uint8_t*>(data), count * elem};
    }
    if (napi_is_dataview(env, v, &is) == napi_ok && is) {
      size_t length = 0, offset = 0;
      void* data = nullptr;
      napi_value ab;
      NAPI_THROW_IF_FAILED(env, napi_get_dataview_info(env, v, &length, &data, &ab, &offset),
                           (Bytes{nullptr, 0}));
      return Bytes{static_cast<uint8_t*>(data), length};
    }
    if (napi_is_arraybuffer(env, v, &is) == napi_ok && is) {
      void* data = nullptr;
      size_t length = 0;
      NAPI_THROW_IF_FAILED(env, napi_get_arraybuffer_info(env, v, &data, &length), (Bytes{nullptr, 0}));
      return Bytes{static_cast<uint8_t*>(data), length};
    }
  }
  ThrowType(env, std::string(name) + " must be a Uint8Array, Buffer, ArrayBuffer or DataView");
}

// A window [offset, offset + length) inside a buffer argument; both integers, both checked
// against the buffer's real size so a length never reaches a syscall unless it fits.
inline Bytes WindowArg(const Napi::CallbackInfo& info, size_t bufIndex, const char* name) {
  Bytes b = BytesArg(info, bufIndex, name);
  int64_t offset = IntArg(info, bufIndex + 1, "offset", 0, INT64_C(1) << 53);
  int64_t length = IntArg(info, bufIndex + 2, "length", 0, INT64_C(1) << 53);
  if (static_cast<uint64_t>(offset) > b.length ||
      static_cast<uint64_t>(length) > b.length - static_cast<uint64_t>(offset))
    ThrowType(info.Env(), std::string("offset ") + std::to_string(offset) + " + length " +
                              std::to_string(length) + " exceeds " + name + " (" +
                              std::to_string(b.length) + " bytes)");
  return Bytes{b.data + offset, static_cast<size_t>(length)};
}

// A string without NUL bytes (host names, service names, interface names): a NUL would
// silently truncate the name in libc, so it is refused.
inline std::string CStringArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (i >= info.Length() || !info[i].IsString())
    ThrowType(info.Env(), std::string(name) + " must be a string");
  std::string s = info[i].As<Napi::String>().Utf8Value();
  if (s.find('\0') != std::string::npos)
    ThrowType(info.Env(), std::string(name) + " must not contain a NUL byte");
  return s;
}

// A C string given as text (UTF-8) or as bytes, a Uint8Array taken as it is (a host
// name in another encoding than UTF-8); NUL bytes are refused as in CStringArg.
inline std::string CTextArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (i < info.Length() && info[i].IsTypedArray()) {
    if (info[i].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
      ThrowType(info.Env(), std::string(name) + " must be a string or a Uint8Array");
    Bytes b = BytesArg(info, i, name);
    std::string s = b.length == 0 ? std::string() : std::string(reinterpret_cast<const char*>(b.data), b.length);
    if (s.find('\0') != std::string::npos)
      ThrowType(info.Env(), std::string(name) + " must not contain a NUL byte");
    return s;
  }
  return CStringArg(info, i, name);
}

inline bool IsNullish(const Napi::CallbackInfo& info, size_t i) {
  return i >= info.Length() || info[i].IsNull() || info[i].IsUndefined();
}

}  // namespace sockport
