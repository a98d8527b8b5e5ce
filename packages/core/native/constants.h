#pragma once
#include <napi.h>
namespace sockport {
void InitConstants(Napi::Env env, Napi::Object exports);
}
