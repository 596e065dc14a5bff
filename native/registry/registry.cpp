#include "registry/registry.h"

#include <c10/util/Exception.h>
#include <dlfcn.h>

#include <list>
#include <mutex>

namespace mmdet4j {
namespace {

struct Components {
  std::mutex mutex;
  std::list<RegistryEntry> entries;  // a list: entries (and their schemas) never move
  std::vector<std::string> errors;   // duplicate registrations, reported by every lookup
};

// Created on first use: registrars in other translation units may run before any global here.
Components& components() {
  static Components instance;
  return instance;
}

void throw_registration_errors(const Components& c) {
  if (c.errors.empty()) return;
  std::string all;
  for (const auto& e : c.errors) all += (all.empty() ? "" : "; ") + e;
  TORCH_CHECK(false, "native component registration failed: ", all);
}

}  // namespace

void register_component(RegistryEntry entry) {
  auto& c = components();
  std::lock_guard<std::mutex> lock(c.mutex);
  for (const auto& e : c.entries) {
    if (e.registry == entry.registry && e.name == entry.name) {
      c.errors.push_back("'" + entry.name + "' is registered twice in registry '" + entry.registry + "'");
      return;
    }
  }
  c.entries.push_back(std::move(entry));
}

const RegistryEntry& find_component(const std::string& registry, const std::string& type, const std::string& path) {
  auto& c = components();
  std::lock_guard<std::mutex> lock(c.mutex);
  throw_registration_errors(c);
  std::vector<std::string> names;
  for (const auto& e : c.entries) {
    if (e.registry != registry) continue;
    if (e.name == type) return e;
    names.push_back(e.name);
  }
  auto hint = did_you_mean(type, names);
  if (hint.empty()) {
    std::string all;
    for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
    hint = names.empty() ? "; the registry is empty" : "; registered: " + all;
  }
  TORCH_CHECK(false, path, ": unknown type '", type, "' in registry '", registry, "'", hint);
}

void check_component(const std::string& registry, const Options& options) {
  const auto type = options.get_string("type", "");
  TORCH_CHECK(!type.empty(), options.path_of("type"), ": missing key 'type' for registry '", registry, "'");
  const auto& entry = find_component(registry, type, options.path_of("type"));
  const auto checked = options.with_schema(entry.schema, type + " in registry '" + registry + "'");
  if (entry.check_values) entry.check_values(checked);
}

std::vector<const RegistryEntry*> registered_components() {
  auto& c = components();
  std::lock_guard<std::mutex> lock(c.mutex);
  throw_registration_errors(c);
  std::vector<const RegistryEntry*> out;
  for (const auto& e : c.entries) out.push_back(&e);
  return out;
}

Json component_catalog() {
  Json list = Json::array();
  for (const auto* e : registered_components()) {
    Json item = e->schema.to_json();
    item["registry"] = e->registry;
    item["name"] = e->name;
    item["doc"] = e->doc;
    list.push_back(std::move(item));
  }
  return {{"components", list}};
}

void load_plugin(const std::string& path) {
  // RTLD_GLOBAL: the plugin's components use this library's symbols and types (typeid checks
  // in build() compare across libraries).
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
  TORCH_CHECK(handle != nullptr, "cannot load native plugin ", path, ": ", dlerror());
  auto& c = components();
  std::lock_guard<std::mutex> lock(c.mutex);
  throw_registration_errors(c);
}

}  // namespace mmdet4j
