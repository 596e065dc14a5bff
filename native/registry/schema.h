#pragma once
// The keys a native component accepts, declared once beside its constructor: name, type, default
// (or required), allowed values and a one-line doc. The native registry checks options against
// it, Options' schema reads take their defaults from it, and the Java registry validates configs
// against the same schema (exported as JSON by the catalog), so no other layer repeats a default.
//
//   Schema()
//       .required("num_classes", ParamType::kInt, "number of object classes, background excluded")
//       .optional("stacked_convs", ParamType::kInt, 4, "3x3 convs before each branch's predictor")
//       .choice("style", "pytorch", {"pytorch", "caffe"}, "where the stride-2 conv sits")
//       .optional_component("loss_cls", "loss", {{"type", "FocalLoss"}}, "classification loss");

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace mmdet4j {

using Json = nlohmann::json;

enum class ParamType {
  kInt,
  kFloat,  // ints are accepted, as in Python
  kBool,
  kStr,
  kIntList,
  kFloatList,
  kStrList,
  kDict,       // a nested dict read by the component itself (norm_cfg, nms)
  kAny,        // any value; the component checks it
  kComponent,  // a dict with a "type", built by the param's registry
  kComponents, // such a dict, or a list of them applied in order (mmdetection's neck=[FPN, BFP])
};

// The name of a type in schemas and messages ("int", "float_list", "component").
const char* type_name(ParamType type);

struct Param {
  std::string name;
  ParamType type;
  bool required = false;
  bool nullable = false;  // None accepted (and the default when no other is given)
  Json default_value;     // null when required or when the default is None
  std::vector<Json> choices;
  std::string registry;   // kComponent and kComponents only
  std::string doc;
};

class Schema {
 public:
  Schema& required(const std::string& name, ParamType type, const std::string& doc);
  // A null default means None: the key is optional and accepts None.
  Schema& optional(const std::string& name, ParamType type, Json default_value, const std::string& doc);
  Schema& choice(const std::string& name, Json default_value, std::vector<Json> choices, const std::string& doc);
  Schema& component(const std::string& name, const std::string& registry, const std::string& doc);
  Schema& optional_component(const std::string& name, const std::string& registry, Json default_cfg,
                             const std::string& doc);
  // One component or a list of them, applied in order; `required` or None by default.
  Schema& components(const std::string& name, const std::string& registry, bool required, const std::string& doc);
  // Every key of `base` (a subclass schema starting from its base class's).
  Schema& include(const Schema& base);
  // Replaces the default of a key declared so far (a subclass with other defaults than its base).
  Schema& set_default(const std::string& name, Json default_value);

  const Param* find(const std::string& name) const;
  const std::vector<Param>& params() const { return params_; }

  // Checks the options of one component at config path `path`: unknown keys (with a did-you-mean
  // hint), missing required keys, values of the wrong type or outside the choices. `owner` names
  // the component in messages ("RetinaHead in registry 'head'"). "type" is the registry's key.
  void check(const Json& given, const std::string& path, const std::string& owner) const;

  // {"keys": [{"name", "type", "required", "nullable", "default", "choices", "registry", "doc"}]}
  Json to_json() const;

 private:
  Schema& add(Param param);
  std::vector<Param> params_;
};

// Up to three of `candidates` close to `name` as "; did you mean 'a' or 'b'?", or "" (the same
// rule as the Java side's DidYouMean).
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace mmdet4j
