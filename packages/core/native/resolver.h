#pragma once
#include <napi.h>
namespace sockport {
void InitResolver(Napi::Env env, Napi::Object exports);
}
