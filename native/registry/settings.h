#pragma once
// Registry "settings": the train_cfg / test_cfg sections a head reads from its detector's config
// (AnchorHead.train_cfg, StandardRoIHead.test_cfg, ...), declared beside the head. Nothing is
// built from them; they are in the catalog so that the Java registry checks those sections
// against the head's schema and list-components shows them.
//
//   const SettingsRegistrar kTrainSettings("AnchorHead.train_cfg", AnchorHead::train_schema(), "doc");

#include <memory>
#include <string>

#include "registry/registry.h"

namespace mmdet4j {

class SettingsRegistrar {
 public:
  SettingsRegistrar(const std::string& name, const Schema& schema, const std::string& doc)
      : registrar_("settings", name, schema, doc, [](const Options& o) { return std::make_shared<Options>(o); }) {}

 private:
  Registrar<Options> registrar_;
};

}  // namespace mmdet4j
