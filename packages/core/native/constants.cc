// The platform's constant tables: every name that exists here, with its real value.
// Names missing on a platform are simply absent, so JS can tell "unsupported" apart.
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "constants.h"

namespace sockport {

#define PUT(obj, name) obj.Set(#name, Napi::Number::New(env, static_cast<double>(name)))

static Napi::Object Families(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  PUT(o, AF_UNSPEC); PUT(o, AF_UNIX); PUT(o, AF_INET); PUT(o, AF_INET6);
#ifdef AF_LOCAL
  PUT(o, AF_LOCAL);
#endif
#ifdef AF_AX25
  PUT(o, AF_AX25);
#endif
#ifdef AF_IPX
  PUT(o, AF_IPX);
#endif
#ifdef AF_APPLETALK
  PUT(o, AF_APPLETALK);
#endif
#ifdef AF_X25
  PUT(o, AF_X25);
#endif
#ifdef AF_ATMPVC
  PUT(o, AF_ATMPVC);
#endif
#ifdef AF_NETLINK
  PUT(o, AF_NETLINK);
#endif
#ifdef AF_PACKET
  PUT(o, AF_PACKET);
#endif
  return o;
}

static Napi::Object Types(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  PUT(o, SOCK_STREAM); PUT(o, SOCK_DGRAM); PUT(o, SOCK_RAW); PUT(o, SOCK_SEQPACKET);
#ifdef SOCK_RDM
  PUT(o, SOCK_RDM);
#endif
#ifdef SOCK_NONBLOCK
  PUT(o, SOCK_NONBLOCK);
#endif
#ifdef SOCK_CLOEXEC
  PUT(o, SOCK_CLOEXEC);
#endif
  return o;
}

static Napi::Object Levels(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  PUT(o, SOL_SOCKET);
  PUT(o, IPPROTO_IP); PUT(o, IPPROTO_IPV6); PUT(o, IPPROTO_TCP); PUT(o, IPPROTO_UDP);
  PUT(o, IPPROTO_ICMP); PUT(o, IPPROTO_RAW);
#ifdef IPPROTO_ICMPV6
  PUT(o, IPPROTO_ICMPV6);
#endif
#ifdef IPPROTO_IGMP
  PUT(o, IPPROTO_IGMP);
#endif
#ifdef SOL_IP
  PUT(o, SOL_IP);
#endif
#ifdef SOL_TCP
  PUT(o, SOL_TCP);
#endif
#ifdef SOL_UDP
  PUT(o, SOL_UDP);
#endif
#ifdef SOL_IPV6
  PUT(o, SOL_IPV6);
#endif
  return o;
}

static Napi::Object Options(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  // SOL_SOCKET
  PUT(o, SO_ACCEPTCONN); PUT(o, SO_BROADCAST); PUT(o, SO_DEBUG); PUT(o, SO_DONTROUTE);
  PUT(o, SO_ERROR); PUT(o, SO_KEEPALIVE); PUT(o, SO_LINGER); PUT(o, SO_OOBINLINE);
  PUT(o, SO_RCVBUF); PUT(o, SO_RCVLOWAT); PUT(o, SO_RCVTIMEO); PUT(o, SO_REUSEADDR);
  PUT(o, SO_SNDBUF); PUT(o, SO_SNDLOWAT); PUT(o, SO_SNDTIMEO); PUT(o, SO_TYPE);
#ifdef SO_REUSEPORT
  PUT(o, SO_REUSEPORT);
#endif
#ifdef SO_BINDTODEVICE
  PUT(o, SO_BINDTODEVICE);
#endif
#ifdef SO_DOMAIN
  PUT(o, SO_DOMAIN);
#endif
#ifdef SO_PROTOCOL
  PUT(o, SO_PROTOCOL);
#endif
#ifdef SO_MARK
  PUT(o, SO_MARK);
#endif
#ifdef SO_PASSCRED
  PUT(o, SO_PASSCRED);
#endif
#ifdef SO_PEERCRED
  PUT(o, SO_PEERCRED);
#endif
#ifdef SO_PRIORITY
  PUT(o, SO_PRIORITY);
#endif
#ifdef SO_RCVBUFFORCE
  PUT(o, SO_RCVBUFFORCE);
#endif
#ifdef SO_SNDBUFFORCE
  PUT(o, SO_SNDBUFFORCE);
#endif
#ifdef SO_TIMESTAMP
  PUT(o, SO_TIMESTAMP);
#endif
#ifdef SO_NOSIGPIPE
  PUT(o, SO_NOSIGPIPE);
#endif
  // IPPROTO_TCP
  PUT(o, TCP_NODELAY); PUT(o, TCP_MAXSEG);
#ifdef TCP_CORK
  PUT(o, TCP_CORK);
#endif
#ifdef TCP_KEEPIDLE
  PUT(o, TCP_KEEPIDLE);
#endif
#ifdef TCP_KEEPALIVE
  PUT(o, TCP_KEEPALIVE);
#endif
#ifdef TCP_KEEPINTVL
  PUT(o, TCP_KEEPINTVL);
#endif
#ifdef TCP_KEEPCNT
  PUT(o, TCP_KEEPCNT);
#endif
#ifdef TCP_SYNCNT
  PUT(o, TCP_SYNCNT);
#endif
#ifdef TCP_LINGER2
  PUT(o, TCP_LINGER2);
#endif
#ifdef TCP_DEFER_ACCEPT
  PUT(o, TCP_DEFER_ACCEPT);
#endif
#ifdef TCP_WINDOW_CLAMP
  PUT(o, TCP_WINDOW_CLAMP);
#endif
#ifdef TCP_INFO
  PUT(o, TCP_INFO);
#endif
#ifdef TCP_QUICKACK
  PUT(o, TCP_QUICKACK);
#endif
#ifdef TCP_CONGESTION
  PUT(o, TCP_CONGESTION);
#endif
#ifdef TCP_MD5SIG
  PUT(o, TCP_MD5SIG);
#endif
#ifdef TCP_COOKIE_TRANSACTIONS
  PUT(o, TCP_COOKIE_TRANSACTIONS);
#endif
#ifdef TCP_THIN_LINEAR_TIMEOUTS
  PUT(o, TCP_THIN_LINEAR_TIMEOUTS);
#endif
#ifdef TCP_THIN_DUPACK
  PUT(o, TCP_THIN_DUPACK);
#endif
#ifdef TCP_USER_TIMEOUT
  PUT(o, TCP_USER_TIMEOUT);
#endif
#ifdef TCP_REPAIR
  PUT(o, TCP_REPAIR);
#endif
#ifdef TCP_REPAIR_QUEUE
  PUT(o, TCP_REPAIR_QUEUE);
#endif
#ifdef TCP_QUEUE_SEQ
  PUT(o, TCP_QUEUE_SEQ);
#endif
#ifdef TCP_REPAIR_OPTIONS
  PUT(o, TCP_REPAIR_OPTIONS);
#endif
#ifdef TCP_FASTOPEN
  PUT(o, TCP_FASTOPEN);
#endif
#ifdef TCP_TIMESTAMP
  PUT(o, TCP_TIMESTAMP);
#endif
#ifdef TCP_NOTSENT_LOWAT
  PUT(o, TCP_NOTSENT_LOWAT);
#endif
#ifdef TCP_CC_INFO
  PUT(o, TCP_CC_INFO);
#endif
#ifdef TCP_SAVE_SYN
  PUT(o, TCP_SAVE_SYN);
#endif
#ifdef TCP_SAVED_SYN
  PUT(o, TCP_SAVED_SYN);
#endif
  // IPPROTO_IP
  PUT(o, IP_TTL); PUT(o, IP_MULTICAST_TTL); PUT(o, IP_MULTICAST_LOOP); PUT(o, IP_MULTICAST_IF);
  PUT(o, IP_ADD_MEMBERSHIP); PUT(o, IP_DROP_MEMBERSHIP); PUT(o, IP_TOS);
#ifdef IP_HDRINCL
  PUT(o, IP_HDRINCL);
#endif
  // IPPROTO_IPV6
  PUT(o, IPV6_V6ONLY); PUT(o, IPV6_JOIN_GROUP); PUT(o, IPV6_LEAVE_GROUP);
  PUT(o, IPV6_MULTICAST_HOPS); PUT(o, IPV6_MULTICAST_LOOP); PUT(o, IPV6_MULTICAST_IF);
  PUT(o, IPV6_UNICAST_HOPS);
  return o;
}

static Napi::Object MessageFlags(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  PUT(o, MSG_OOB); PUT(o, MSG_PEEK); PUT(o, MSG_DONTROUTE); PUT(o, MSG_CTRUNC);
  PUT(o, MSG_TRUNC); PUT(o, MSG_DONTWAIT); PUT(o, MSG_EOR); PUT(o, MSG_WAITALL);
#ifdef MSG_TRYHARD
  PUT(o, MSG_TRYHARD);
#endif
#ifdef MSG_PROXY
  PUT(o, MSG_PROXY);
#endif
#ifdef MSG_FIN
  PUT(o, MSG_FIN);
#endif
#ifdef MSG_SYN
  PUT(o, MSG_SYN);
#endif
#ifdef MSG_CONFIRM
  PUT(o, MSG_CONFIRM);
#endif
#ifdef MSG_RST
  PUT(o, MSG_RST);
#endif
#ifdef MSG_ERRQUEUE
  PUT(o, MSG_ERRQUEUE);
#endif
#ifdef MSG_NOSIGNAL
  PUT(o, MSG_NOSIGNAL);
#endif
#ifdef MSG_MORE
  PUT(o, MSG_MORE);
#endif
#ifdef MSG_WAITFORONE
  PUT(o, MSG_WAITFORONE);
#endif
#ifdef MSG_FASTOPEN
  PUT(o, MSG_FASTOPEN);
#endif
#ifdef MSG_CMSG_CLOEXEC
  PUT(o, MSG_CMSG_CLOEXEC);
#endif
  return o;
}

static Napi::Object Shutdown(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  PUT(o, SHUT_RD); PUT(o, SHUT_WR); PUT(o, SHUT_RDWR);
  return o;
}

static Napi::Object AddrInfo(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  PUT(o, AI_PASSIVE); PUT(o, AI_CANONNAME); PUT(o, AI_NUMERICHOST); PUT(o, AI_NUMERICSERV);
  PUT(o, AI_V4MAPPED); PUT(o, AI_ALL); PUT(o, AI_ADDRCONFIG);
#ifdef AI_IDN
  PUT(o, AI_IDN);
#endif
#ifdef AI_CANONIDN
  PUT(o, AI_CANONIDN);
#endif
  // getaddrinfo's error codes (negative on glibc).
  PUT(o, EAI_AGAIN); PUT(o, EAI_BADFLAGS); PUT(o, EAI_FAIL); PUT(o, EAI_FAMILY);
  PUT(o, EAI_MEMORY); PUT(o, EAI_NONAME); PUT(o, EAI_SERVICE); PUT(o, EAI_SOCKTYPE);
  PUT(o, EAI_SYSTEM);
#ifdef EAI_ADDRFAMILY
  PUT(o, EAI_ADDRFAMILY);
#endif
#ifdef EAI_NODATA
  PUT(o, EAI_NODATA);
#endif
#ifdef EAI_OVERFLOW
  PUT(o, EAI_OVERFLOW);
#endif
  return o;
}

static Napi::Object Misc(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  PUT(o, SOMAXCONN); PUT(o, FD_SETSIZE); PUT(o, IFNAMSIZ); PUT(o, INET6_ADDRSTRLEN);
  PUT(o, INADDR_ANY); PUT(o, INADDR_LOOPBACK);
  return o;
}

void InitConstants(Napi::Env env, Napi::Object exports) {
  Napi::Object c = Napi::Object::New(env);
  c.Set("families", Families(env));
  c.Set("types", Types(env));
  c.Set("levels", Levels(env));
  c.Set("options", Options(env));
  c.Set("messageFlags", MessageFlags(env));
  c.Set("shutdown", Shutdown(env));
  c.Set("addrinfo", AddrInfo(env));
  c.Set("misc", Misc(env));
  exports.Set("constants", c);
}

}  // namespace sockport
