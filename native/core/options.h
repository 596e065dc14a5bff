#pragma once
// The options a native component is built from: one structured (JSON) document, seen through the
// config path of the component ("model.bbox_head") so that errors name the key as the config
// wrote it. The Java registry validates a config and sends it down as JSON; hand-written
// "dotted.key=value" lines (tests, the native driver) are accepted too and become the same tree.
//
// Every read is recorded in the document: after a detector is built, unread() lists the keys it
// was given and never used, and the detector refuses them instead of silently dropping them.
// Reads without a fallback take their default from the component's Schema (registry/schema.h),
// the one place where a default is written.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace mmdet4j {

class Schema;
using Json = nlohmann::json;

class Options {
 public:
  Options();
  // A JSON object, or "key=value" lines (lists comma-separated, nested lists as JSON "[[2], [2, 3]]";
  // blank and '#' lines ignored).
  static Options parse(const std::string& text, const std::string& path = "");
  static Options from_json(const Json& object, const std::string& path = "");

  bool has(const std::string& key) const;
  // The number of items when `key` holds a list of dicts (neck=[FPN, BFP]: sub("neck.1") is the
  // second), else -1.
  int64_t list_size(const std::string& key) const;
  // Reads with a fallback for keys that no schema declares.
  std::string get_string(const std::string& key, const std::string& fallback) const;
  int64_t get_int(const std::string& key, int64_t fallback) const;
  double get_double(const std::string& key, double fallback) const;
  bool get_bool(const std::string& key, bool fallback) const;
  std::vector<int64_t> get_int_list(const std::string& key, std::vector<int64_t> fallback) const;
  std::vector<double> get_double_list(const std::string& key, std::vector<double> fallback) const;

  // Schema reads: `key` must be declared by the attached schema (with_schema); an absent key gives
  // the schema's default, and a required key must be present.
  std::string get_string(const std::string& key) const;
  int64_t get_int(const std::string& key) const;
  double get_double(const std::string& key) const;
  bool get_bool(const std::string& key) const;
  std::vector<int64_t> get_int_list(const std::string& key) const;
  std::vector<double> get_double_list(const std::string& key) const;
  // The value (given or default) as JSON: for kAny keys that the component checks itself.
  Json get_json(const std::string& key) const;
  // Whether the value (given or default) is None.
  bool is_null(const std::string& key) const;
  // An error naming the key's config path, with `why`, unless the value is None: for keys a
  // component accepts for mmdetection's configs but supports only as None.
  void require_none(const std::string& key, const std::string& why) const;
  // A dict or component key read through the schema: the given dict (reads recorded as usual),
  // else the schema's default dict as a document of its own; empty when None.
  Options section(const std::string& key) const;

  // These options checked against `schema` (unknown keys, types, choices, required keys are errors
  // naming the config path) and attached to it for the schema reads above.
  Options with_schema(const Schema& schema, const std::string& owner) const;
  // with_schema, unless a schema (the registry's) is attached already: for the from() functions
  // that the registry and direct callers (tests, the native driver) both use. `schema` must
  // outlive the options (a function-local static).
  Options checked_by(const Schema& schema, const std::string& owner) const;

  // The options under "prefix." (a nested object) with the prefix removed; reads are still
  // recorded in this document.
  Options sub(const std::string& prefix) const;
  // sub(key) when the key is given, else `fallback` as a document of its own at the key's path:
  // a default sub-component for callers that have no schema to declare it in.
  Options sub_or(const std::string& key, const Json& fallback) const;
  void set(const std::string& key, const Json& value);
  // Records `key` as used without reading it: for keys a component accepts but deliberately
  // does not need (say, mask settings of a detector without a mask branch).
  void mark_read(const std::string& key) const;

  // The config path of these options and of one of their keys.
  const std::string& path() const { return path_; }
  std::string path_of(const std::string& key) const;
  // The config paths of every value under these options that nothing has read.
  std::vector<std::string> unread() const;
  // The options as a JSON document.
  std::string to_string() const;
  Json to_json() const;

 private:
  struct Document;
  Options(std::shared_ptr<Document> document, std::string prefix, std::string path);
  const Json* find(const std::string& key) const;
  const Json& value_or_default(const std::string& key) const;

  std::shared_ptr<Document> document_;
  std::string prefix_;  // dotted position inside the document ("" = its root)
  std::string path_;    // config path for messages
  const Schema* schema_ = nullptr;
};

}  // namespace mmdet4j
