#pragma once
// The native component registries, for callers without LibTorch headers (the Java bindings):
// what is registered, with each component's schema, and loading plugin libraries that register
// more. See native/registry/registry.h.

#include <string>

namespace mmdet4j::api {

// Every registered native component as one JSON document:
// {"components": [{"registry", "name", "doc", "keys": [{"name", "type", "required", "nullable",
// "default", "choices", "registry", "doc"}, ...]}, ...]}.
std::string componentCatalog();

// Checks the options (a JSON object at config path `path`) of the component of `registry` that
// their "type" names: its schema and, for components built from their options alone, the
// component's own value checks. Errors name the config path.
void checkComponent(const std::string& registry, const std::string& options, const std::string& path);

// Loads a shared library whose components register themselves as it loads (dlopen); errors name
// the file. Loading the same file again does nothing.
void loadPlugin(const std::string& path);

}  // namespace mmdet4j::api
