#pragma once
#include <napi.h>
#include <string>
namespace sockport {
std::string Strerror(int n);
void InitErrors(Napi::Env env, Napi::Object exports);
}
