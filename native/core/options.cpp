#include "core/options.h"

#include <c10/util/Exception.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "registry/schema.h"

namespace mmdet4j {

// The whole tree and the dotted keys read so far, shared by every view (sub) of it.
struct Options::Document {
  Json root = Json::object();
  std::set<std::string> read;
};

namespace {

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

std::vector<std::string> split(const std::string& s, char separator) {
  std::vector<std::string> parts;
  std::stringstream in(s);
  std::string part;
  while (std::getline(in, part, separator)) parts.push_back(trim(part));
  return parts;
}

std::string join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + "." + b;
}

double to_double(const std::string& key, const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && *end == '\0') return d;
  }
  TORCH_CHECK(false, key, ": ", v.dump(), " is not a number");
}

int64_t to_int(const std::string& key, const Json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float() && v.get<double>() == static_cast<double>(static_cast<int64_t>(v.get<double>()))) {
    return static_cast<int64_t>(v.get<double>());
  }
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    char* end = nullptr;
    const long long i = std::strtoll(s.c_str(), &end, 10);
    if (!s.empty() && *end == '\0') return i;
  }
  TORCH_CHECK(false, key, ": ", v.dump(), " is not an integer");
}

bool to_bool(const std::string& key, const Json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s == "true" || s == "True" || s == "1") return true;
    if (s == "false" || s == "False" || s == "0") return false;
  }
  TORCH_CHECK(false, key, ": ", v.dump(), " is not a boolean");
}

std::string to_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

// A list value: a JSON array, a comma-separated string (hand-written options) or one scalar.
template <class T, class Convert>
std::vector<T> to_list(const std::string& key, const Json& v, Convert convert) {
  std::vector<T> out;
  if (v.is_array()) {
    for (const auto& item : v) out.push_back(convert(key, item));
  } else if (v.is_string()) {
    if (trim(v.get<std::string>()).empty()) return out;
    for (const auto& part : split(v.get<std::string>(), ',')) out.push_back(convert(key, Json(part)));
  } else {
    out.push_back(convert(key, v));
  }
  return out;
}

Json parse_lines(const std::string& text) {
  Json root = Json::object();
  std::stringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    TORCH_CHECK(eq != std::string::npos && eq > 0, "options line ", number, ": expected key=value, got '", line,
                "'");
    Json* node = &root;
    const auto parts = split(trim(line.substr(0, eq)), '.');
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      Json& child = (*node)[parts[i]];
      if (child.is_null()) child = Json::object();
      TORCH_CHECK(child.is_object(), "options line ", number, ": ", parts[i], " is both a value and a section");
      node = &child;
    }
    TORCH_CHECK(!(*node)[parts.back()].is_object(), "options line ", number, ": ", parts.back(),
                " is both a value and a section");
    const auto value = trim(line.substr(eq + 1));
    if (!value.empty() && value[0] == '[') {
      // Nested lists (SSD's ratios per level) are written as JSON: ratios=[[2], [2, 3]].
      try {
        (*node)[parts.back()] = Json::parse(value);
      } catch (const Json::parse_error& e) {
        TORCH_CHECK(false, "options line ", number, ": a value starting with '[' must be a JSON list: ", e.what());
      }
    } else {
      (*node)[parts.back()] = value;
    }
  }
  return root;
}

bool list_of_dicts(const Json& node) {
  return node.is_array() && !node.empty() && std::all_of(node.begin(), node.end(), [](const Json& i) {
           return i.is_object();
         });
}

// The child `part` of a section: a dict's key, or an item of a list of dicts by its index; null
// when there is none.
template <class J>
J* child_of(J* node, const std::string& part) {
  if (list_of_dicts(*node)) {
    const bool index = !part.empty() && std::all_of(part.begin(), part.end(), ::isdigit);
    return index && std::stoul(part) < node->size() ? &(*node)[std::stoul(part)] : nullptr;
  }
  if (!node->is_object()) return nullptr;
  auto it = node->find(part);
  return it == node->end() ? nullptr : &*it;
}

// A list of dicts (neck=[FPN, BFP]) is a section whose keys are the item indices ("neck.0.type").
void collect_leaves(const Json& node, const std::string& at, std::vector<std::string>& out) {
  if (node.is_object() && !node.empty()) {
    for (const auto& [key, value] : node.items()) collect_leaves(value, join(at, key), out);
  } else if (list_of_dicts(node)) {
    for (size_t i = 0; i < node.size(); ++i) collect_leaves(node[i], join(at, std::to_string(i)), out);
  } else {
    out.push_back(at);
  }
}

}  // namespace

Options::Options() : document_(std::make_shared<Document>()) {}

Options::Options(std::shared_ptr<Document> document, std::string prefix, std::string path)
    : document_(std::move(document)), prefix_(std::move(prefix)), path_(std::move(path)) {}

Options Options::parse(const std::string& text, const std::string& path) {
  const auto body = trim(text);
  if (!body.empty() && body[0] == '{') {
    Json parsed;
    try {
      parsed = Json::parse(body);
    } catch (const Json::parse_error& e) {
      TORCH_CHECK(false, "options are not valid JSON: ", e.what());
    }
    return from_json(parsed, path);
  }
  return from_json(parse_lines(text), path);
}

Options Options::from_json(const Json& object, const std::string& path) {
  TORCH_CHECK(object.is_object(), join(path, "options"), " must be a JSON object, got ", object.type_name());
  auto document = std::make_shared<Document>();
  document->root = object;
  return Options(document, "", path);
}

const Json* Options::find(const std::string& key) const {
  const auto full = join(prefix_, key);
  const Json* node = &document_->root;
  for (const auto& part : split(full, '.')) {
    node = child_of(node, part);
    if (node == nullptr) return nullptr;
  }
  // Finding a section (a dict, or a list of dicts) is not reading it: its keys count as read one
  // by one (or by mark_read). A None looked up is read (and absent to the caller).
  if (!node->is_object() && !list_of_dicts(*node)) document_->read.insert(full);
  if (node->is_null()) return nullptr;
  return node;
}

bool Options::has(const std::string& key) const { return find(key) != nullptr; }

int64_t Options::list_size(const std::string& key) const {
  const auto* v = find(key);
  return v != nullptr && list_of_dicts(*v) ? static_cast<int64_t>(v->size()) : -1;
}

std::string Options::get_string(const std::string& key, const std::string& fallback) const {
  const auto* v = find(key);
  return v ? to_text(*v) : fallback;
}

int64_t Options::get_int(const std::string& key, int64_t fallback) const {
  const auto* v = find(key);
  return v ? to_int(path_of(key), *v) : fallback;
}

double Options::get_double(const std::string& key, double fallback) const {
  const auto* v = find(key);
  return v ? to_double(path_of(key), *v) : fallback;
}

bool Options::get_bool(const std::string& key, bool fallback) const {
  const auto* v = find(key);
  return v ? to_bool(path_of(key), *v) : fallback;
}

std::vector<int64_t> Options::get_int_list(const std::string& key, std::vector<int64_t> fallback) const {
  const auto* v = find(key);
  return v ? to_list<int64_t>(path_of(key), *v, to_int) : fallback;
}

std::vector<double> Options::get_double_list(const std::string& key, std::vector<double> fallback) const {
  const auto* v = find(key);
  return v ? to_list<double>(path_of(key), *v, to_double) : fallback;
}

const Json& Options::value_or_default(const std::string& key) const {
  TORCH_CHECK(schema_ != nullptr, path_of(key), ": read without a schema (a component must declare its keys)");
  const Param* param = schema_->find(key);
  TORCH_CHECK(param != nullptr, path_of(key), ": the component reads a key its schema does not declare");
  if (const auto* v = find(key)) return *v;
  TORCH_CHECK(!param->required, path_of(key), ": missing required key");
  return param->default_value;
}

bool Options::is_null(const std::string& key) const { return value_or_default(key).is_null(); }

Json Options::get_json(const std::string& key) const {
  const auto& value = value_or_default(key);
  mark_read(key);  // a dict or list read whole
  return value;
}

Options Options::section(const std::string& key) const {
  const auto& value = value_or_default(key);
  TORCH_CHECK(value.is_null() || value.is_object(), path_of(key), ": expected a dict, got ", value.dump());
  if (find(key) != nullptr) return sub(key);
  Options defaults = from_json(value.is_null() ? Json::object() : value, path_of(key));
  return defaults;
}

namespace {
const Json& non_null(const std::string& path, const Json& v) {
  TORCH_CHECK(!v.is_null(), path, ": is None");
  return v;
}
}  // namespace

std::string Options::get_string(const std::string& key) const {
  return to_text(non_null(path_of(key), value_or_default(key)));
}

int64_t Options::get_int(const std::string& key) const {
  return to_int(path_of(key), non_null(path_of(key), value_or_default(key)));
}

double Options::get_double(const std::string& key) const {
  return to_double(path_of(key), non_null(path_of(key), value_or_default(key)));
}

bool Options::get_bool(const std::string& key) const {
  return to_bool(path_of(key), non_null(path_of(key), value_or_default(key)));
}

std::vector<int64_t> Options::get_int_list(const std::string& key) const {
  return to_list<int64_t>(path_of(key), non_null(path_of(key), value_or_default(key)), to_int);
}

std::vector<double> Options::get_double_list(const std::string& key) const {
  return to_list<double>(path_of(key), non_null(path_of(key), value_or_default(key)), to_double);
}

Options Options::with_schema(const Schema& schema, const std::string& owner) const {
  schema.check(to_json(), path_, owner);
  Options checked(document_, prefix_, path_);
  checked.schema_ = &schema;
  return checked;
}

Options Options::checked_by(const Schema& schema, const std::string& owner) const {
  return schema_ != nullptr ? *this : with_schema(schema, owner);
}

Options Options::sub(const std::string& prefix) const {
  return Options(document_, join(prefix_, prefix), join(path_, prefix));
}

Options Options::sub_or(const std::string& key, const Json& fallback) const {
  return has(key) ? sub(key) : from_json(fallback, path_of(key));
}

void Options::set(const std::string& key, const Json& value) {
  Json* node = &document_->root;
  for (const auto& part : split(join(prefix_, key), '.')) {
    if (node->is_null()) *node = Json::object();
    if (Json* existing = child_of(node, part)) {
      node = existing;
      continue;
    }
    TORCH_CHECK(node->is_object(), path_of(key), ": cannot set a key below a value");
    node = &(*node)[part];
  }
  *node = value;
}

void Options::mark_read(const std::string& key) const { document_->read.insert(join(prefix_, key)); }

void Options::require_none(const std::string& key, const std::string& why) const {
  TORCH_CHECK(is_null(key), path_of(key), ": ", why);
}

std::string Options::path_of(const std::string& key) const { return join(path_, key); }

std::vector<std::string> Options::unread() const {
  std::vector<std::string> leaves, out;
  collect_leaves(to_json(), "", leaves);
  for (const auto& leaf : leaves) {
    if (leaf.empty()) continue;  // no options at all
    // A value counts as read when it or a section above it was read.
    bool read = false;
    std::string at = prefix_;
    for (const auto& part : split(leaf, '.')) {
      at = join(at, part);
      if (document_->read.count(at)) {
        read = true;
        break;
      }
    }
    if (!read) out.push_back(path_of(leaf));
  }
  return out;
}

Json Options::to_json() const {
  const Json* node = &document_->root;
  if (!prefix_.empty()) {
    for (const auto& part : split(prefix_, '.')) {
      node = child_of(node, part);
      if (node == nullptr) return Json::object();
    }
  }
  return node->is_null() ? Json::object() : *node;
}

std::string Options::to_string() const { return to_json().dump(); }

}  // namespace mmdet4j
