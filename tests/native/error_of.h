#pragma once
// The message a call throws (without LibTorch's "Exception raised from" backtrace), or "" when it
// throws nothing: for tests that assert whole error messages.

#include <exception>
#include <functional>
#include <string>

namespace mmdet4j::test_support {

inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    std::string what = e.what();
    return what.substr(0, what.find("\nException raised from"));
  }
  return "";
}

}  // namespace mmdet4j::test_support
