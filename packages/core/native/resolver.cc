// getaddrinfo on the libuv thread pool (never on the event loop), and a blocking twin
// for the faces' *Sync calls. Results come back as rows:
// [family, socktype, protocol, host, port, flowinfo, scopeid, canonname | null].
#include "resolver.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "args.h"

namespace sockport {

namespace {

struct Query {
  bool hasHost = false, hasService = false;
  std::string host, service;
  addrinfo hints{};
};

struct Row {
  int family, socktype, protocol;
  std::string host;
  int port;
  uint32_t flowinfo, scope;
  bool hasCanon;
  std::string canon;
};

struct Answer {
  int code = 0;   // 0 or an EAI_* code
  int sysErrno = 0;  // errno when code is EAI_SYSTEM
  std::vector<Row> rows;
};

Query ParseQuery(const Napi::CallbackInfo& info) {
  Query q;
  if (!IsNullish(info, 0)) {
    q.host = CTextArg(info, 0, "host");
    q.hasHost = true;
  }
  if (!IsNullish(info, 1)) {
    q.service = CTextArg(info, 1, "service");
    q.hasService = true;
  }
  q.hints.ai_family = Int32Arg(info, 2, "family");
  q.hints.ai_socktype = Int32Arg(info, 3, "socktype");
  q.hints.ai_protocol = Int32Arg(info, 4, "protocol");
  q.hints.ai_flags = Int32Arg(info, 5, "flags");
  return q;
}

Answer Resolve(const Query& q) {
  Answer a;
  addrinfo* res = nullptr;
  errno = 0;
  a.code = getaddrinfo(q.hasHost ? q.host.c_str() : nullptr, q.hasService ? q.service.c_str() : nullptr,
                       &q.hints, &res);
  if (a.code != 0) {
    // errno means something only behind EAI_SYSTEM; otherwise it is whatever the
    // resolver's internals left (a failed open of /etc/gai.conf, say).
    if (a.code == EAI_SYSTEM) a.sysErrno = errno;
    return a;
  }
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    Row r{ai->ai_family, ai->ai_socktype, ai->ai_protocol, "", 0, 0, 0, ai->ai_canonname != nullptr, ""};
    if (ai->ai_canonname) r.canon = ai->ai_canonname;
    char text[INET6_ADDRSTRLEN] = "";
    if (ai->ai_family == AF_INET && ai->ai_addrlen >= sizeof(sockaddr_in)) {
      sockaddr_in sin;
      std::memcpy(&sin, ai->ai_addr, sizeof sin);
      inet_ntop(AF_INET, &sin.sin_addr, text, sizeof text);
      r.port = ntohs(sin.sin_port);
    } else if (ai->ai_family == AF_INET6 && ai->ai_addrlen >= sizeof(sockaddr_in6)) {
      sockaddr_in6 sin6;
      std::memcpy(&sin6, ai->ai_addr, sizeof sin6);
      inet_ntop(AF_INET6, &sin6.sin6_addr, text, sizeof text);
      r.port = ntohs(sin6.sin6_port);
      r.flowinfo = ntohl(sin6.sin6_flowinfo);
      r.scope = sin6.sin6_scope_id;
    }
    r.host = text;
    a.rows.push_back(std::move(r));
  }
  freeaddrinfo(res);
  return a;
}

Napi::Array ToJs(Napi::Env env, const Answer& a) {
  Napi::Array result = Napi::Array::New(env, 3);
  result.Set(0u, Napi::Number::New(env, a.code));
  result.Set(1u, Napi::Number::New(env, a.sysErrno));
  Napi::Array rows = Napi::Array::New(env, a.rows.size());
  for (size_t i = 0; i < a.rows.size(); i++) {
    const Row& r = a.rows[i];
    Napi::Array row = Napi::Array::New(env, 8);
    row.Set(0u, Napi::Number::New(env, r.family));
    row.Set(1u, Napi::Number::New(env, r.socktype));
    row.Set(2u, Napi::Number::New(env, r.protocol));
    row.Set(3u, Napi::String::New(env, r.host));
    row.Set(4u, Napi::Number::New(env, r.port));
    row.Set(5u, Napi::Number::New(env, r.flowinfo));
    row.Set(6u, Napi::Number::New(env, r.scope));
    row.Set(7u, r.hasCanon ? Napi::Value(Napi::String::New(env, r.canon)) : env.Null());
    rows.Set(static_cast<uint32_t>(i), row);
  }
  result.Set(2u, rows);
  return result;
}

class ResolveWorker : public Napi::AsyncWorker {
 public:
  ResolveWorker(Napi::Function callback, Query query)
      : Napi::AsyncWorker(callback, "sockport:getaddrinfo"), query_(std::move(query)) {}
  void Execute() override { answer_ = Resolve(query_); }
  void OnOK() override { Callback().Call({ToJs(Env(), answer_)}); }

 private:
  Query query_;
  Answer answer_;
};

// getaddrinfo(host, service, family, socktype, protocol, flags, callback): the callback
// gets [code, errno, rows] from the thread pool.
Napi::Value GetAddrInfo(const Napi::CallbackInfo& info) {
  Query q = ParseQuery(info);
  if (info.Length() < 7 || !info[6].IsFunction()) ThrowType(info.Env(), "callback must be a function");
  (new ResolveWorker(info[6].As<Napi::Function>(), std::move(q)))->Queue();
  return info.Env().Undefined();
}

// getaddrinfoSync(host, service, family, socktype, protocol, flags) -> [code, errno, rows]
Napi::Value GetAddrInfoSync(const Napi::CallbackInfo& info) {
  return ToJs(info.Env(), Resolve(ParseQuery(info)));
}

// getprotobyname(name) -> number | -1, from the system's protocol database.
Napi::Value ProtoByName(const Napi::CallbackInfo& info) {
  std::string name = CStringArg(info, 0, "name");
#ifdef __GLIBC__
  protoent pe, *result = nullptr;
  char buf[1024];
  if (getprotobyname_r(name.c_str(), &pe, buf, sizeof buf, &result) != 0) result = nullptr;
#else
  protoent* result = getprotobyname(name.c_str());  // JS calls this on one thread at a time
#endif
  if (!result) return Napi::Number::New(info.Env(), -1);
  return Napi::Number::New(info.Env(), result->p_proto);
}

// getprotobynumber(n) -> name | null
Napi::Value ProtoByNumber(const Napi::CallbackInfo& info) {
  int n = Int32Arg(info, 0, "protocol");
#ifdef __GLIBC__
  protoent pe, *result = nullptr;
  char buf[1024];
  if (getprotobynumber_r(n, &pe, buf, sizeof buf, &result) != 0) result = nullptr;
#else
  protoent* result = getprotobynumber(n);
#endif
  if (!result) return info.Env().Null();
  return Napi::String::New(info.Env(), result->p_name);
}

}  // namespace

void InitResolver(Napi::Env env, Napi::Object exports) {
  exports.Set("getaddrinfo", Napi::Function::New(env, GetAddrInfo, "getaddrinfo"));
  exports.Set("getaddrinfoSync", Napi::Function::New(env, GetAddrInfoSync, "getaddrinfoSync"));
  exports.Set("getprotobyname", Napi::Function::New(env, ProtoByName, "getprotobyname"));
  exports.Set("getprotobynumber", Napi::Function::New(env, ProtoByNumber, "getprotobynumber"));
}

}  // namespace sockport
