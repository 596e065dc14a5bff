#include "registry/schema.h"

#include <c10/util/Exception.h>

#include <algorithm>
#include <cctype>

namespace mmdet4j {

const char* type_name(ParamType type) {
  switch (type) {
    case ParamType::kInt: return "int";
    case ParamType::kFloat: return "float";
    case ParamType::kBool: return "bool";
    case ParamType::kStr: return "str";
    case ParamType::kIntList: return "int_list";
    case ParamType::kFloatList: return "float_list";
    case ParamType::kStrList: return "str_list";
    case ParamType::kDict: return "dict";
    case ParamType::kAny: return "any";
    case ParamType::kComponent: return "component";
    case ParamType::kComponents: return "components";
  }
  return "?";
}

namespace {

Param param_of(const std::string& name, ParamType type, const std::string& doc) {
  Param p;
  p.name = name;
  p.type = type;
  p.doc = doc;
  return p;
}

}  // namespace

Schema& Schema::add(Param param) {
  TORCH_CHECK(param.name != "type", "schema: 'type' is reserved for the registry");
  TORCH_CHECK(find(param.name) == nullptr, "schema: key '", param.name, "' is declared twice");
  params_.push_back(std::move(param));
  return *this;
}

Schema& Schema::required(const std::string& name, ParamType type, const std::string& doc) {
  Param p = param_of(name, type, doc);
  p.required = true;
  return add(std::move(p));
}

Schema& Schema::optional(const std::string& name, ParamType type, Json default_value, const std::string& doc) {
  Param p = param_of(name, type, doc);
  p.nullable = default_value.is_null();
  p.default_value = std::move(default_value);
  return add(std::move(p));
}

Schema& Schema::choice(const std::string& name, Json default_value, std::vector<Json> choices,
                       const std::string& doc) {
  TORCH_CHECK(default_value.is_null() || std::find(choices.begin(), choices.end(), default_value) != choices.end(),
              "schema: the default of '", name, "' is not one of its choices");
  Param p = param_of(name, ParamType::kAny, doc);
  p.nullable = default_value.is_null();
  p.default_value = std::move(default_value);
  p.choices = std::move(choices);
  return add(std::move(p));
}

Schema& Schema::component(const std::string& name, const std::string& registry, const std::string& doc) {
  Param p = param_of(name, ParamType::kComponent, doc);
  p.required = true;
  p.registry = registry;
  return add(std::move(p));
}

Schema& Schema::optional_component(const std::string& name, const std::string& registry, Json default_cfg,
                                   const std::string& doc) {
  Param p = param_of(name, ParamType::kComponent, doc);
  p.nullable = default_cfg.is_null();
  p.default_value = std::move(default_cfg);
  p.registry = registry;
  return add(std::move(p));
}

Schema& Schema::components(const std::string& name, const std::string& registry, bool required,
                           const std::string& doc) {
  Param p = param_of(name, ParamType::kComponents, doc);
  p.required = required;
  p.nullable = !required;
  p.registry = registry;
  return add(std::move(p));
}

Schema& Schema::include(const Schema& base) {
  for (const auto& p : base.params_) add(p);
  return *this;
}

Schema& Schema::set_default(const std::string& name, Json default_value) {
  auto it = std::find_if(params_.begin(), params_.end(), [&](const Param& p) { return p.name == name; });
  TORCH_CHECK(it != params_.end(), "schema: set_default of undeclared key '", name, "'");
  it->required = false;
  it->nullable = default_value.is_null();
  it->default_value = std::move(default_value);
  return *this;
}

const Param* Schema::find(const std::string& name) const {
  for (const auto& p : params_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

namespace {

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

bool numeric_text(const Json& v, bool integral) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  char* end = nullptr;
  if (integral) {
    (void)std::strtoll(s.c_str(), &end, 10);
  } else {
    (void)std::strtod(s.c_str(), &end);
  }
  return !s.empty() && *end == '\0';
}

// Hand-written "key=value" options hold every value as text: they pass where the text converts.
bool fits(ParamType type, const Json& v) {
  switch (type) {
    case ParamType::kInt: return v.is_number_integer() || numeric_text(v, true);
    case ParamType::kFloat: return (v.is_number() && !v.is_boolean()) || numeric_text(v, false);
    case ParamType::kBool:
      return v.is_boolean() || (v.is_string() && (v == "true" || v == "false" || v == "True" || v == "False"));
    case ParamType::kStr: return v.is_string();
    case ParamType::kIntList:
      if (v.is_array()) return std::all_of(v.begin(), v.end(), [](const Json& i) { return i.is_number_integer(); });
      return v.is_string() || v.is_number_integer();
    case ParamType::kFloatList:
      if (v.is_array()) return std::all_of(v.begin(), v.end(), [](const Json& i) { return i.is_number(); });
      return v.is_string() || v.is_number();
    case ParamType::kStrList:
      if (v.is_array()) return std::all_of(v.begin(), v.end(), [](const Json& i) { return i.is_string(); });
      return v.is_string();
    case ParamType::kDict:
    case ParamType::kComponent: return v.is_object();
    case ParamType::kComponents:
      return v.is_object() || (v.is_array() && !v.empty() &&
                               std::all_of(v.begin(), v.end(), [](const Json& i) { return i.is_object(); }));
    case ParamType::kAny: return true;
  }
  return false;
}

bool is_choice(const Param& p, const Json& v) {
  for (const auto& c : p.choices) {
    if (c == v) return true;
    // Text from hand-written options: "false" for false, "on_input" for "on_input".
    if (v.is_string() && (c.is_string() ? c.get<std::string>() : c.dump()) == v.get<std::string>()) return true;
  }
  return false;
}

}  // namespace

void Schema::check(const Json& given, const std::string& path, const std::string& owner) const {
  TORCH_CHECK(given.is_object(), path, ": expected a dict for ", owner, ", got ", given.type_name());
  std::vector<std::string> names;
  for (const auto& p : params_) names.push_back(p.name);
  for (const auto& [key, value] : given.items()) {
    if (key == "type") continue;
    const Param* p = find(key);
    if (p == nullptr) {
      auto hint = did_you_mean(key, names);
      if (hint.empty()) {
        std::string all;
        for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
        hint = names.empty() ? "; it accepts no keys besides 'type'" : "; accepted keys: " + all;
      }
      TORCH_CHECK(false, join(path, key), ": unknown key for ", owner, hint);
    }
    if (value.is_null()) {
      TORCH_CHECK(p->nullable, join(path, key), ": None is not allowed, expected ", type_name(p->type), " for ",
                  owner);
      continue;
    }
    if (!p->choices.empty()) {
      if (!is_choice(*p, value)) {
        std::string all;
        for (const auto& c : p->choices) all += (all.empty() ? "" : ", ") + c.dump();
        TORCH_CHECK(false, join(path, key), ": invalid value ", value.dump(), " for ", owner, "; expected one of [",
                    all, "]");
      }
      continue;
    }
    TORCH_CHECK(fits(p->type, value), join(path, key), ": expected ", type_name(p->type), ", got ", value.dump(),
                " for ", owner);
  }
  for (const auto& p : params_) {
    TORCH_CHECK(!p.required || (given.contains(p.name) && !given.at(p.name).is_null()), path,
                ": missing required key '", p.name, "' (", type_name(p.type), ") for ", owner);
  }
}

Json Schema::to_json() const {
  Json keys = Json::array();
  for (const auto& p : params_) {
    Json k = {{"name", p.name}, {"type", type_name(p.type)}, {"required", p.required}, {"nullable", p.nullable},
              {"default", p.default_value}, {"doc", p.doc}};
    if (!p.choices.empty()) k["choices"] = p.choices;
    if (!p.registry.empty()) k["registry"] = p.registry;
    keys.push_back(std::move(k));
  }
  return {{"keys", keys}};
}

namespace {

// Optimal string alignment distance, case-insensitive.
size_t distance(const std::string& a, const std::string& b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      size_t best = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        best = std::min(best, d[i - 2][j - 2] + 1);
      }
      d[i][j] = best;
    }
  }
  return d[n][m];
}

}  // namespace

std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
  struct Scored {
    std::string name;
    size_t distance, order;
  };
  std::vector<Scored> close;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const size_t d = distance(name, candidates[i]);
    const size_t allowed = std::max<size_t>(1, std::min<size_t>(3, std::max(name.size(), candidates[i].size()) / 3));
    if (d <= allowed) close.push_back({candidates[i], d, i});
  }
  std::stable_sort(close.begin(), close.end(), [](const Scored& a, const Scored& b) { return a.distance < b.distance; });
  if (close.empty()) return "";
  std::string hint = "; did you mean ";
  const size_t n = std::min<size_t>(3, close.size());
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) hint += i == n - 1 ? " or " : ", ";
    hint += "'" + close[i].name + "'";
  }
  return hint + "?";
}

}  // namespace mmdet4j
