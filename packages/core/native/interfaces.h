#pragma once
#include <napi.h>
namespace sockport {
void InitInterfaces(Napi::Env env, Napi::Object exports);
}
