#pragma once
// Native component registries (mmcv's Registry, detectron2's BACKBONE_REGISTRY): a component
// registers itself from its own source file with a static Registrar, under a registry name
// ("backbone", "neck", "head", "detector", ...) and a type name, with its Schema and a factory.
// Nothing central lists the components, so a new one is a new source file; a plugin library
// (load_plugin) adds components to a running process the same way.
//
//   // retina_head.cpp
//   const Registrar<DenseHead, Options, Options> kRetinaHead(
//       "head", "RetinaHead", RetinaHeadImpl::schema(), "RetinaNet's head: ...",
//       [](const Options& head, const Options& train_cfg, const Options& test_cfg) {...});
//
//   auto head = build<DenseHead>("head", options.sub("bbox_head"), train_cfg, test_cfg);
//
// The factory signature is part of the registry's contract (a dense head also receives the
// detector's train_cfg and test_cfg, as mmdetection's build_head(cfg, default_args) does);
// build() checks that the caller and the component agree on it.

#include <c10/util/Exception.h>

#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <typeindex>
#include <vector>

#include "core/options.h"
#include "registry/schema.h"

namespace mmdet4j {

struct RegistryEntry {
  std::string registry;
  std::string name;
  std::string doc;
  Schema schema;
  std::type_index signature;       // typeid of the factory's std::function
  std::shared_ptr<void> factory;   // that std::function
  // Builds the component from checked options and drops it: the component's own value checks,
  // for callers that validate a config without building the model. Extra Options arguments (a
  // head's train_cfg and test_cfg) are given empty; empty for factories with other arguments.
  std::function<void(const Options&)> check_values;
};

// Adds an entry; a name taken twice in one registry is reported by every later lookup (a
// static initializer has no caller to throw to).
void register_component(RegistryEntry entry);

// The entry for `type` in `registry`; unknown names are errors at `path` with a did-you-mean.
const RegistryEntry& find_component(const std::string& registry, const std::string& type, const std::string& path);

// Checks options["type"]'s options against its schema and, where the entry has check_values,
// against the component's own value checks; errors name the config path.
void check_component(const std::string& registry, const Options& options);

// Every registered component, in registration order.
std::vector<const RegistryEntry*> registered_components();

// {"components": [{"registry", "name", "doc", "keys": [...]}, ...]}: what list-components shows
// and what the Java registry validates native components against.
Json component_catalog();

// Loads a shared library whose static Registrars add components (a plugin); errors name the file.
void load_plugin(const std::string& path);

template <class T, class... Args>
class Registrar {
 public:
  // Extra arguments are passed by const reference: Registrar<DenseHead, Options, Options>.
  using Factory = std::function<std::shared_ptr<T>(const Options&, const Args&...)>;
  Registrar(const std::string& registry, const std::string& name, Schema schema, const std::string& doc,
            Factory factory) {
    auto shared = std::make_shared<Factory>(std::move(factory));
    std::function<void(const Options&)> check_values;
    if constexpr ((std::is_same_v<Args, Options> && ...)) {
      check_values = [shared](const Options& o) { (*shared)(o, Args()...); };
    }
    register_component({registry, name, doc, std::move(schema), std::type_index(typeid(Factory)), shared,
                        std::move(check_values)});
  }
};

// Builds the component that options["type"] names (`default_type` when none is given), after
// checking the options against its schema; the factory reads them through that schema.
template <class T, class... Args>
std::shared_ptr<T> build(const std::string& registry, const Options& options, const std::string& default_type,
                         const Args&... args) {
  using Factory = typename Registrar<T, Args...>::Factory;
  const auto type = options.get_string("type", default_type);
  TORCH_CHECK(!type.empty(), options.path_of("type"), ": missing key 'type' for registry '", registry, "'");
  const auto& entry = find_component(registry, type, options.path_of("type"));
  TORCH_CHECK(entry.signature == std::type_index(typeid(Factory)), options.path_of("type"), ": ", type,
              " in registry '", registry, "' is built with other arguments than this caller passes");
  const auto checked = options.with_schema(entry.schema, type + " in registry '" + registry + "'");
  return (*static_cast<Factory*>(entry.factory.get()))(checked, args...);
}

}  // namespace mmdet4j
