#pragma once
#include <napi.h>
namespace sockport {
void InitWaitSync(Napi::Env env, Napi::Object exports);
}
