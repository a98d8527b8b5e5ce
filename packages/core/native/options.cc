#include "options.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "args.h"
#include "codec/option_codec.h"

namespace sockport {

namespace {

Napi::Value Errno(Napi::Env env, int err) { return Napi::Number::New(env, -err); }

// An optional numeric-address argument: null/undefined means "any".
bool OptionalText(const Napi::CallbackInfo& info, size_t i, const char* name, std::string* text) {
  if (IsNullish(info, i)) return false;
  *text = CStringArg(info, i, name);
  return true;
}

}  // namespace

Napi::Value SetOption(const Napi::CallbackInfo& info, int fd, size_t first) {
  Napi::Env env = info.Env();
  int level = Int32Arg(info, first, "level");
  int name = Int32Arg(info, first + 1, "name");
  int kind = Int32Arg(info, first + 2, "kind");
  size_t a = first + 3, b = first + 4, c = first + 5;
  codec::OptionValue value;
  int rc = 0;
  switch (kind) {
    case kOptInt:
      codec::EncodeInt(Int32Arg(info, a, "value"), &value);
      break;
    case kOptLinger:
      codec::EncodeLinger(Int32Arg(info, a, "onoff"), Int32Arg(info, b, "seconds"), &value);
      break;
    case kOptTimeval:
      rc = codec::EncodeTimeval(DoubleArg(info, a, "seconds"), &value);
      break;
    case kOptString:
    case kOptBytes: {
      if (kind == kOptString && a < info.Length() && info[a].IsString()) {
        std::string text = CStringArg(info, a, "value");
        if (text.size() > codec::kMaxOptionBytes) ThrowType(env, "option value is longer than 1024 bytes");
        codec::EncodeBytes(reinterpret_cast<const uint8_t*>(text.data()), text.size(), &value);
      } else {
        Bytes bytes = BytesArg(info, a, "value");
        if (bytes.length > codec::kMaxOptionBytes) ThrowType(env, "option value is longer than 1024 bytes");
        codec::EncodeBytes(bytes.data, bytes.length, &value);
      }
      break;
    }
    case kOptMreq4: {
      std::string group = CStringArg(info, a, "group"), iface;
      bool hasIface = OptionalText(info, b, "interface", &iface);
      int index = IsNullish(info, c) ? 0 : Int32Arg(info, c, "interface index");
      rc = codec::EncodeMreq4(group.c_str(), hasIface ? iface.c_str() : nullptr, index, &value);
      break;
    }
    case kOptMreq6: {
      std::string group = CStringArg(info, a, "group");
      unsigned index = IsNullish(info, b) ? 0 : static_cast<unsigned>(IntArg(info, b, "interface index", 0, UINT32_MAX));
      rc = codec::EncodeMreq6(group.c_str(), index, &value);
      break;
    }
    case kOptInAddr: {
      std::string address;
      bool has = OptionalText(info, a, "address", &address);
      rc = codec::EncodeInAddr(has ? address.c_str() : nullptr, &value);
      break;
    }
    case kOptUcred:
      return Errno(env, ENOPROTOOPT);
    default:
      ThrowType(env, "unknown option kind " + std::to_string(kind));
  }
  if (rc < 0) return Napi::Number::New(env, rc);
  if (fd < 0) return Errno(env, EBADF);
  if (setsockopt(fd, level, name, value.data, value.length) != 0) return Errno(env, errno);
  return Napi::Number::New(env, 0);
}

Napi::Value GetOption(const Napi::CallbackInfo& info, int fd, size_t first) {
  Napi::Env env = info.Env();
  int level = Int32Arg(info, first, "level");
  int name = Int32Arg(info, first + 1, "name");
  int kind = Int32Arg(info, first + 2, "kind");
  if (kind < kOptInt || kind > kOptBytes) ThrowType(env, "unknown option kind " + std::to_string(kind));
  Napi::Array r = Napi::Array::New(env);
  if (kind == kOptMreq4 || kind == kOptMreq6) {
    r.Set(0u, Napi::Number::New(env, ENOPROTOOPT));
    return r;
  }
  codec::OptionValue value;
  value.length = codec::kMaxOptionBytes;
  switch (kind) {
    case kOptInt: value.length = sizeof(int); break;
    case kOptLinger: value.length = sizeof(linger); break;
    case kOptTimeval: value.length = sizeof(timeval); break;
    case kOptInAddr: value.length = sizeof(in_addr); break;
#ifdef SO_PEERCRED
    case kOptUcred: value.length = sizeof(ucred); break;
#endif
    default: break;
  }
  // bytes may come with a capacity: the kernel truncates the value to it, as a C caller
  // that passes a smaller buffer sees it (Tarantool reads every int option into 4 bytes).
  if (kind == kOptBytes && !IsNullish(info, first + 3))
    value.length = static_cast<socklen_t>(IntArg(info, first + 3, "capacity", 0, codec::kMaxOptionBytes));
  if (getsockopt(fd, level, name, value.data, &value.length) != 0) {
    r.Set(0u, Napi::Number::New(env, errno));
    return r;
  }
  r.Set(0u, Napi::Number::New(env, 0));
  switch (kind) {
    case kOptInt:
      r.Set(1u, Napi::Number::New(env, codec::DecodeInt(value)));
      break;
    case kOptLinger: {
      int onoff = 0, seconds = 0;
      codec::DecodeLinger(value, &onoff, &seconds);
      Napi::Array v = Napi::Array::New(env, 2);
      v.Set(0u, Napi::Number::New(env, onoff));
      v.Set(1u, Napi::Number::New(env, seconds));
      r.Set(1u, v);
      break;
    }
    case kOptTimeval:
      r.Set(1u, Napi::Number::New(env, codec::DecodeTimeval(value)));
      break;
    case kOptString: {
      const char* text = nullptr;
      size_t n = codec::DecodeText(value, &text);
      r.Set(1u, Napi::String::New(env, text, n));
      break;
    }
    case kOptInAddr: {
      char text[INET_ADDRSTRLEN];
      codec::DecodeInAddr(value, text, sizeof text);
      r.Set(1u, Napi::String::New(env, text));
      break;
    }
    case kOptUcred: {
#ifdef SO_PEERCRED
      ucred cred{};
      std::memcpy(&cred, value.data, std::min<size_t>(sizeof cred, value.length));
      Napi::Array v = Napi::Array::New(env, 3);
      v.Set(0u, Napi::Number::New(env, cred.pid));
      v.Set(1u, Napi::Number::New(env, cred.uid));
      v.Set(2u, Napi::Number::New(env, cred.gid));
      r.Set(1u, v);
#endif
      break;
    }
    case kOptBytes:
      r.Set(1u, Napi::Buffer<uint8_t>::Copy(env, value.data, std::min<size_t>(value.length, codec::kMaxOptionBytes)));
      break;
  }
  return r;
}

void InitOptions(Napi::Env env, Napi::Object exports) {
  Napi::Object k = Napi::Object::New(env);
  k.Set("int", Napi::Number::New(env, kOptInt));
  k.Set("linger", Napi::Number::New(env, kOptLinger));
  k.Set("timeval", Napi::Number::New(env, kOptTimeval));
  k.Set("string", Napi::Number::New(env, kOptString));
  k.Set("mreq4", Napi::Number::New(env, kOptMreq4));
  k.Set("mreq6", Napi::Number::New(env, kOptMreq6));
  k.Set("inaddr", Napi::Number::New(env, kOptInAddr));
  k.Set("ucred", Napi::Number::New(env, kOptUcred));
  k.Set("bytes", Napi::Number::New(env, kOptBytes));
  exports.Set("optionKinds", k);
}

}  // namespace sockport
