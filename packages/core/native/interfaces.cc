// Network interfaces: getifaddrs, if_nametoindex, if_indextoname.
#include "interfaces.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <cstring>
#include <net/if.h>
#include <netinet/in.h>

#include <cerrno>

#include "args.h"

namespace sockport {

namespace {

Napi::Value Text(Napi::Env env, const sockaddr* sa) {
  if (!sa) return env.Null();
  char text[INET6_ADDRSTRLEN];
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, text, sizeof text);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, text, sizeof text);
  else
    return env.Null();
  return Napi::String::New(env, text);
}

// getifaddrs() -> [0, rows] | [errno]; row = [name, family, address | null,
// netmask | null, flags, index]. Entries without an address are kept (address null).
Napi::Value GetIfAddrs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array result = Napi::Array::New(env);
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) {
    result.Set(0u, Napi::Number::New(env, errno));
    return result;
  }
  Napi::Array rows = Napi::Array::New(env);
  uint32_t n = 0;
  for (ifaddrs* it = list; it; it = it->ifa_next) {
    Napi::Array row = Napi::Array::New(env, 6);
    // The name's bytes: an interface may be named in any encoding (JS decides how to show it).
    const char* name = it->ifa_name ? it->ifa_name : "";
    row.Set(0u, Napi::Buffer<char>::Copy(env, name, strlen(name)));
    row.Set(1u, Napi::Number::New(env, it->ifa_addr ? it->ifa_addr->sa_family : AF_UNSPEC));
    row.Set(2u, Text(env, it->ifa_addr));
    row.Set(3u, Text(env, it->ifa_netmask));
    row.Set(4u, Napi::Number::New(env, it->ifa_flags));
    row.Set(5u, Napi::Number::New(env, it->ifa_name ? if_nametoindex(it->ifa_name) : 0));
    rows.Set(n++, row);
  }
  freeifaddrs(list);
  result.Set(0u, Napi::Number::New(env, 0));
  result.Set(1u, rows);
  return result;
}

Napi::Value NameToIndex(const Napi::CallbackInfo& info) {
  std::string name = CStringArg(info, 0, "name");
  return Napi::Number::New(info.Env(), name.size() < IF_NAMESIZE ? if_nametoindex(name.c_str()) : 0);
}

Napi::Value IndexToName(const Napi::CallbackInfo& info) {
  uint32_t index = static_cast<uint32_t>(IntArg(info, 0, "index", 0, UINT32_MAX));
  char name[IF_NAMESIZE];
  if (!if_indextoname(index, name)) return info.Env().Null();
  return Napi::String::New(info.Env(), name);
}

}  // namespace

void InitInterfaces(Napi::Env env, Napi::Object exports) {
  exports.Set("getifaddrs", Napi::Function::New(env, GetIfAddrs, "getifaddrs"));
  exports.Set("if_nametoindex", Napi::Function::New(env, NameToIndex, "if_nametoindex"));
  exports.Set("if_indextoname", Napi::Function::New(env, IndexToName, "if_indextoname"));
}

}  // namespace sockport
