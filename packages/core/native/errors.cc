// errno numbers, their symbolic names and the platform's own strerror texts (the
// faces must print glibc's words, not libuv's), plus getaddrinfo's gai_strerror.
#include <netdb.h>

#include <cerrno>
#include <cstring>

#include "args.h"
#include "errors.h"

namespace sockport {

static Napi::Object ErrnoNames(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
#define E(name) o.Set(#name, Napi::Number::New(env, name))
#ifdef E2BIG
  E(E2BIG);
#endif
#ifdef EACCES
  E(EACCES);
#endif
#ifdef EADDRINUSE
  E(EADDRINUSE);
#endif
#ifdef EADDRNOTAVAIL
  E(EADDRNOTAVAIL);
#endif
#ifdef EADV
  E(EADV);
#endif
#ifdef EAFNOSUPPORT
  E(EAFNOSUPPORT);
#endif
#ifdef EAGAIN
  E(EAGAIN);
#endif
#ifdef EALREADY
  E(EALREADY);
#endif
#ifdef EBADE
  E(EBADE);
#endif
#ifdef EBADF
  E(EBADF);
#endif
#ifdef EBADFD
  E(EBADFD);
#endif
#ifdef EBADMSG
  E(EBADMSG);
#endif
#ifdef EBADR
  E(EBADR);
#endif
#ifdef EBADRQC
  E(EBADRQC);
#endif
#ifdef EBADSLT
  E(EBADSLT);
#endif
#ifdef EBFONT
  E(EBFONT);
#endif
#ifdef EBUSY
  E(EBUSY);
#endif
#ifdef ECANCELED
  E(ECANCELED);
#endif
#ifdef ECHILD
  E(ECHILD);
#endif
#ifdef ECHRNG
  E(ECHRNG);
#endif
#ifdef ECOMM
  E(ECOMM);
#endif
#ifdef ECONNABORTED
  E(ECONNABORTED);
#endif
#ifdef ECONNREFUSED
  E(ECONNREFUSED);
#endif
#ifdef ECONNRESET
  E(ECONNRESET);
#endif
#ifdef EDEADLK
  E(EDEADLK);
#endif
#ifdef EDEADLOCK
  E(EDEADLOCK);
#endif
#ifdef EDESTADDRREQ
  E(EDESTADDRREQ);
#endif
#ifdef EDOM
  E(EDOM);
#endif
#ifdef EDOTDOT
  E(EDOTDOT);
#endif
#ifdef EDQUOT
  E(EDQUOT);
#endif
#ifdef EEXIST
  E(EEXIST);
#endif
#ifdef EFAULT
  E(EFAULT);
#endif
#ifdef EFBIG
  E(EFBIG);
#endif
#ifdef EHOSTDOWN
  E(EHOSTDOWN);
#endif
#ifdef EHOSTUNREACH
  E(EHOSTUNREACH);
#endif
#ifdef EHWPOISON
  E(EHWPOISON);
#endif
#ifdef EIDRM
  E(EIDRM);
#endif
#ifdef EILSEQ
  E(EILSEQ);
#endif
#ifdef EINPROGRESS
  E(EINPROGRESS);
#endif
#ifdef EINTR
  E(EINTR);
#endif
#ifdef EINVAL
  E(EINVAL);
#endif
#ifdef EIO
  E(EIO);
#endif
#ifdef EISCONN
  E(EISCONN);
#endif
#ifdef EISDIR
  E(EISDIR);
#endif
#ifdef EISNAM
  E(EISNAM);
#endif
#ifdef EKEYEXPIRED
  E(EKEYEXPIRED);
#endif
#ifdef EKEYREJECTED
  E(EKEYREJECTED);
#endif
#ifdef EKEYREVOKED
  E(EKEYREVOKED);
#endif
#ifdef EL2HLT
  E(EL2HLT);
#endif
#ifdef EL2NSYNC
  E(EL2NSYNC);
#endif
#ifdef EL3HLT
  E(EL3HLT);
#endif
#ifdef EL3RST
  E(EL3RST);
#endif
#ifdef ELIBACC
  E(ELIBACC);
#endif
#ifdef ELIBBAD
  E(ELIBBAD);
#endif
#ifdef ELIBEXEC
  E(ELIBEXEC);
#endif
#ifdef ELIBMAX
  E(ELIBMAX);
#endif
#ifdef ELIBSCN
  E(ELIBSCN);
#endif
#ifdef ELNRNG
  E(ELNRNG);
#endif
#ifdef ELOOP
  E(ELOOP);
#endif
#ifdef EMEDIUMTYPE
  E(EMEDIUMTYPE);
#endif
#ifdef EMFILE
  E(EMFILE);
#endif
#ifdef EMLINK
  E(EMLINK);
#endif
#ifdef EMSGSIZE
  E(EMSGSIZE);
#endif
#ifdef EMULTIHOP
  E(EMULTIHOP);
#endif
#ifdef ENAMETOOLONG
  E(ENAMETOOLONG);
#endif
#ifdef ENAVAIL
  E(ENAVAIL);
#endif
#ifdef ENETDOWN
  E(ENETDOWN);
#endif
#ifdef ENETRESET
  E(ENETRESET);
#endif
#ifdef ENETUNREACH
  E(ENETUNREACH);
#endif
#ifdef ENFILE
  E(ENFILE);
#endif
#ifdef ENOANO
  E(ENOANO);
#endif
#ifdef ENOBUFS
  E(ENOBUFS);
#endif
#ifdef ENOCSI
  E(ENOCSI);
#endif
#ifdef ENODATA
  E(ENODATA);
#endif
#ifdef ENODEV
  E(ENODEV);
#endif
#ifdef ENOENT
  E(ENOENT);
#endif
#ifdef ENOEXEC
  E(ENOEXEC);
#endif
#ifdef ENOKEY
  E(ENOKEY);
#endif
#ifdef ENOLCK
  E(ENOLCK);
#endif
#ifdef ENOLINK
  E(ENOLINK);
#endif
#ifdef ENOMEDIUM
  E(ENOMEDIUM);
#endif
#ifdef ENOMEM
  E(ENOMEM);
#endif
#ifdef ENOMSG
  E(ENOMSG);
#endif
#ifdef ENONET
  E(ENONET);
#endif
#ifdef ENOPKG
  E(ENOPKG);
#endif
#ifdef ENOPROTOOPT
  E(ENOPROTOOPT);
#endif
#ifdef ENOSPC
  E(ENOSPC);
#endif
#ifdef ENOSR
  E(ENOSR);
#endif
#ifdef ENOSTR
  E(ENOSTR);
#endif
#ifdef ENOSYS
  E(ENOSYS);
#endif
#ifdef ENOTBLK
  E(ENOTBLK);
#endif
#ifdef ENOTCONN
  E(ENOTCONN);
#endif
#ifdef ENOTDIR
  E(ENOTDIR);
#endif
#ifdef ENOTEMPTY
  E(ENOTEMPTY);
#endif
#ifdef ENOTNAM
  E(ENOTNAM);
#endif
#ifdef ENOTRECOVERABLE
  E(ENOTRECOVERABLE);
#endif
#ifdef ENOTSOCK
  E(ENOTSOCK);
#endif
#ifdef ENOTTY
  E(ENOTTY);
#endif
#ifdef ENOTUNIQ
  E(ENOTUNIQ);
#endif
#ifdef ENXIO
  E(ENXIO);
#endif
#ifdef EOPNOTSUPP
  E(EOPNOTSUPP);
#endif
#ifdef EOVERFLOW
  E(EOVERFLOW);
#endif
#ifdef EOWNERDEAD
  E(EOWNERDEAD);
#endif
#ifdef EPERM
  E(EPERM);
#endif
#ifdef EPFNOSUPPORT
  E(EPFNOSUPPORT);
#endif
#ifdef EPIPE
  E(EPIPE);
#endif
#ifdef EPROTO
  E(EPROTO);
#endif
#ifdef EPROTONOSUPPORT
  E(EPROTONOSUPPORT);
#endif
#ifdef EPROTOTYPE
  E(EPROTOTYPE);
#endif
#ifdef ERANGE
  E(ERANGE);
#endif
#ifdef EREMCHG
  E(EREMCHG);
#endif
#ifdef EREMOTE
  E(EREMOTE);
#endif
#ifdef EREMOTEIO
  E(EREMOTEIO);
#endif
#ifdef ERESTART
  E(ERESTART);
#endif
#ifdef ERFKILL
  E(ERFKILL);
#endif
#ifdef EROFS
  E(EROFS);
#endif
#ifdef ESHUTDOWN
  E(ESHUTDOWN);
#endif
#ifdef ESOCKTNOSUPPORT
  E(ESOCKTNOSUPPORT);
#endif
#ifdef ESPIPE
  E(ESPIPE);
#endif
#ifdef ESRCH
  E(ESRCH);
#endif
#ifdef ESRMNT
  E(ESRMNT);
#endif
#ifdef ESTALE
  E(ESTALE);
#endif
#ifdef ESTRPIPE
  E(ESTRPIPE);
#endif
#ifdef ETIME
  E(ETIME);
#endif
#ifdef ETIMEDOUT
  E(ETIMEDOUT);
#endif
#ifdef ETOOMANYREFS
  E(ETOOMANYREFS);
#endif
#ifdef ETXTBSY
  E(ETXTBSY);
#endif
#ifdef EUCLEAN
  E(EUCLEAN);
#endif
#ifdef EUNATCH
  E(EUNATCH);
#endif
#ifdef EUSERS
  E(EUSERS);
#endif
#ifdef EWOULDBLOCK
  E(EWOULDBLOCK);
#endif
#ifdef EXDEV
  E(EXDEV);
#endif
#ifdef EXFULL
  E(EXFULL);
#endif
#ifdef ENOTSUP
  E(ENOTSUP);
#endif
#undef E
  return o;
}

// strerror(n) -> the C library's text; thread-safe through the XSI or GNU strerror_r.
[[maybe_unused]] static const char* StrerrorR(int rc, char* buf) { return rc == 0 ? buf : "Unknown error"; }
[[maybe_unused]] static const char* StrerrorR(const char* text, char*) { return text; }

std::string Strerror(int n) {
  char buf[256];
  buf[0] = '\0';
  return StrerrorR(strerror_r(n, buf, sizeof buf), buf);
}

static Napi::Value StrerrorFn(const Napi::CallbackInfo& info) {
  int n = Int32Arg(info, 0, "errno");
  return Napi::String::New(info.Env(), Strerror(n));
}

static Napi::Value GaiStrerrorFn(const Napi::CallbackInfo& info) {
  int n = Int32Arg(info, 0, "code");
  return Napi::String::New(info.Env(), gai_strerror(n));
}

void InitErrors(Napi::Env env, Napi::Object exports) {
  exports.Set("errnoNames", ErrnoNames(env));
  exports.Set("strerror", Napi::Function::New(env, StrerrorFn, "strerror"));
  exports.Set("gaiStrerror", Napi::Function::New(env, GaiStrerrorFn, "gaiStrerror"));
}

}  // namespace sockport
