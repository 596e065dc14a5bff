#include "mmdet4j/components.h"

#include "api/tensor_impl.h"
#include "registry/registry.h"

namespace mmdet4j::api {

std::string componentCatalog() {
  return guarded([] { return component_catalog().dump(); });
}

void checkComponent(const std::string& registry, const std::string& options, const std::string& path) {
  guarded([&] {
    check_component(registry, Options::parse(options, path));
    return 0;
  });
}

void loadPlugin(const std::string& path) {
  guarded([&] {
    load_plugin(path);
    return 0;
  });
}

}  // namespace mmdet4j::api
