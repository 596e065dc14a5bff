#pragma once
// Registry "settings": the train_cfg / test_cfg sections a head reads from its detector's config
// (AnchorHead.train_cfg, StandardRoIHead.test_cfg, ...), declared beside the head. Nothing is
// built from them; they are in the catalog so that the Java registry checks those sections
// against the head's schema and list-components shows them.
//
//   const SettingsRegistrar kTrainSettings("AnchorHead.train_cfg", AnchorHead::train_schema(), "doc");
//
// Settings keep mmdetection's older spellings readable (v2.0's max_num for max_per_img): agree()
// below gives the one value two spellings name.

#include <memory>
#include <optional>
#include <sstream>
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

// A number that may be None (absent keys give the schema's default).
inline std::optional<double> optional_number(const Options& options, const std::string& key) {
  return options.is_null(key) ? std::nullopt : std::optional<double>(options.get_double(key));
}

// The one value of a setting that two spellings may give (mmdetection renamed several and asserts
// that both agree when both are given); an error at `path` when they differ.
inline std::optional<double> agree(std::optional<double> value, std::optional<double> other_spelling,
                                   const std::string& path, const std::string& other_key) {
  if (value && other_spelling && *value != *other_spelling) {
    std::ostringstream both;
    both << *value << " vs " << *other_spelling;
    TORCH_CHECK(false, path, ": disagrees with ", other_key, " (", both.str(),
                "); they are two spellings of one setting, keep one");
  }
  return value ? value : other_spelling;
}

}  // namespace mmdet4j
