#include "options.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include "args.h"

namespace sockport {

namespace {

constexpr size_t kMaxOptionBytes = 1024;

Napi::Value Errno(Napi::Env env, int err) { return Napi::Number::New(env, -err); }

bool ParseIn4(const Napi::CallbackInfo& info, size_t i, const char* name, in_addr* out) {
  if (IsNullish(info, i)) {
    out->s_addr = htonl(INADDR_ANY);
    return true;
  }
  std::string text = CStringArg(info, i, name);
  return inet_pton(AF_INET, text.c_str(), out) == 1;
}

Napi::Value Set(Napi::Env env, int fd, int level, int name, const void* value, socklen_t length) {
  if (setsockopt(fd, level, name, value, length) != 0) return Errno(env, errno);
  return Napi::Number::New(env, 0);
}

}  // namespace

Napi::Value SetOption(const Napi::CallbackInfo& info, int fd, size_t first) {
  Napi::Env env = info.Env();
  int level = Int32Arg(info, first, "level");
  int name = Int32Arg(info, first + 1, "name");
  int kind = Int32Arg(info, first + 2, "kind");
  size_t a = first + 3, b = first + 4, c = first + 5;
  switch (kind) {
    case kOptInt: {
      int v = Int32Arg(info, a, "value");
      return Set(env, fd, level, name, &v, sizeof v);
    }
    case kOptLinger: {
      linger l{};
      l.l_onoff = Int32Arg(info, a, "onoff");
      l.l_linger = Int32Arg(info, b, "seconds");
      return Set(env, fd, level, name, &l, sizeof l);
    }
    case kOptTimeval: {
      double seconds = DoubleArg(info, a, "seconds");
      if (!(seconds >= 0) || seconds > 1e12) return Errno(env, EDOM);
      timeval tv{};
      tv.tv_sec = static_cast<time_t>(std::floor(seconds));
      tv.tv_usec = static_cast<suseconds_t>((seconds - std::floor(seconds)) * 1e6);
      return Set(env, fd, level, name, &tv, sizeof tv);
    }
    case kOptString:
    case kOptBytes: {
      Bytes bytes{nullptr, 0};
      std::string text;
      if (kind == kOptString && a < info.Length() && info[a].IsString()) {
        text = CStringArg(info, a, "value");
        bytes = Bytes{reinterpret_cast<uint8_t*>(text.data()), text.size()};
      } else {
        bytes = BytesArg(info, a, "value");
      }
      if (bytes.length > kMaxOptionBytes)
        ThrowType(env, "option value is longer than " + std::to_string(kMaxOptionBytes) + " bytes");
      return Set(env, fd, level, name, bytes.data, static_cast<socklen_t>(bytes.length));
    }
    case kOptMreq4: {
#ifdef __linux__
      ip_mreqn m{};
      if (!ParseIn4(info, a, "group", &m.imr_multiaddr) || !ParseIn4(info, b, "interface", &m.imr_address))
        return Errno(env, EINVAL);
      m.imr_ifindex = IsNullish(info, c) ? 0 : Int32Arg(info, c, "interface index");
#else
      ip_mreq m{};
      if (!ParseIn4(info, a, "group", &m.imr_multiaddr) || !ParseIn4(info, b, "interface", &m.imr_interface))
        return Errno(env, EINVAL);
#endif
      return Set(env, fd, level, name, &m, sizeof m);
    }
    case kOptMreq6: {
      ipv6_mreq m{};
      std::string group = CStringArg(info, a, "group");
      if (inet_pton(AF_INET6, group.c_str(), &m.ipv6mr_multiaddr) != 1) return Errno(env, EINVAL);
      m.ipv6mr_interface = IsNullish(info, b) ? 0 : static_cast<unsigned>(IntArg(info, b, "interface index", 0, UINT32_MAX));
      return Set(env, fd, level, name, &m, sizeof m);
    }
    case kOptInAddr: {
      in_addr addr{};
      if (!ParseIn4(info, a, "address", &addr)) return Errno(env, EINVAL);
      return Set(env, fd, level, name, &addr, sizeof addr);
    }
    case kOptUcred:
      return Errno(env, ENOPROTOOPT);
    default:
      ThrowType(env, "unknown option kind " + std::to_string(kind));
  }
}

Napi::Value GetOption(const Napi::CallbackInfo& info, int fd, size_t first) {
  Napi::Env env = info.Env();
  int level = Int32Arg(info, first, "level");
  int name = Int32Arg(info, first + 1, "name");
  int kind = Int32Arg(info, first + 2, "kind");
  if (kind < kOptInt || kind > kOptBytes) ThrowType(env, "unknown option kind " + std::to_string(kind));
  if (kind == kOptMreq4 || kind == kOptMreq6) {
    Napi::Array r = Napi::Array::New(env, 1);
    r.Set(0u, Napi::Number::New(env, ENOPROTOOPT));
    return r;
  }
  alignas(8) unsigned char buf[kMaxOptionBytes];
  std::memset(buf, 0, sizeof buf);
  socklen_t length = sizeof buf;
  switch (kind) {
    case kOptInt: length = sizeof(int); break;
    case kOptLinger: length = sizeof(linger); break;
    case kOptTimeval: length = sizeof(timeval); break;
    case kOptInAddr: length = sizeof(in_addr); break;
#ifdef SO_PEERCRED
    case kOptUcred: length = sizeof(ucred); break;
#endif
    default: break;
  }
  Napi::Array r = Napi::Array::New(env);
  if (getsockopt(fd, level, name, buf, &length) != 0) {
    r.Set(0u, Napi::Number::New(env, errno));
    return r;
  }
  r.Set(0u, Napi::Number::New(env, 0));
  switch (kind) {
    case kOptInt: {
      // Some options (IP_MULTICAST_LOOP on BSD) answer with a single byte.
      int v = 0;
      if (length >= sizeof(int)) std::memcpy(&v, buf, sizeof v);
      else if (length >= 1) v = buf[0];
      r.Set(1u, Napi::Number::New(env, v));
      break;
    }
    case kOptLinger: {
      linger l{};
      std::memcpy(&l, buf, sizeof l);
      Napi::Array v = Napi::Array::New(env, 2);
      v.Set(0u, Napi::Number::New(env, l.l_onoff));
      v.Set(1u, Napi::Number::New(env, l.l_linger));
      r.Set(1u, v);
      break;
    }
    case kOptTimeval: {
      timeval tv{};
      std::memcpy(&tv, buf, sizeof tv);
      r.Set(1u, Napi::Number::New(env, static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6));
      break;
    }
    case kOptString: {
      size_t n = strnlen(reinterpret_cast<char*>(buf), length);
      r.Set(1u, Napi::String::New(env, reinterpret_cast<char*>(buf), n));
      break;
    }
    case kOptInAddr: {
      char text[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, buf, text, sizeof text);
      r.Set(1u, Napi::String::New(env, text));
      break;
    }
    case kOptUcred: {
#ifdef SO_PEERCRED
      ucred cred{};
      std::memcpy(&cred, buf, sizeof cred);
      Napi::Array v = Napi::Array::New(env, 3);
      v.Set(0u, Napi::Number::New(env, cred.pid));
      v.Set(1u, Napi::Number::New(env, cred.uid));
      v.Set(2u, Napi::Number::New(env, cred.gid));
      r.Set(1u, v);
#endif
      break;
    }
    case kOptBytes:
      r.Set(1u, Napi::Buffer<unsigned char>::Copy(env, buf, length));
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
