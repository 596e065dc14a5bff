#include "core/options.h"

#include <c10/util/Exception.h>

#include <cstdlib>
#include <sstream>

namespace mmdet4j {
namespace {

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> parts;
  if (trim(s).empty()) return parts;
  std::stringstream in(s);
  std::string part;
  while (std::getline(in, part, ',')) parts.push_back(trim(part));
  return parts;
}

double to_double(const std::string& key, const std::string& v) {
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  TORCH_CHECK(end != v.c_str() && *end == '\0', "option ", key, ": '", v, "' is not a number");
  return d;
}

int64_t to_int(const std::string& key, const std::string& v) {
  char* end = nullptr;
  long long i = std::strtoll(v.c_str(), &end, 10);
  TORCH_CHECK(end != v.c_str() && *end == '\0', "option ", key, ": '", v, "' is not an integer");
  return i;
}

}  // namespace

Options Options::parse(const std::string& text) {
  Options o;
  std::stringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    TORCH_CHECK(eq != std::string::npos && eq > 0, "options line ", number, ": expected key=value, got '",
                line, "'");
    o.values_[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
  }
  return o;
}

const std::string* Options::find(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

bool Options::has(const std::string& key) const { return find(key) != nullptr; }

std::string Options::get_string(const std::string& key, const std::string& fallback) const {
  const auto* v = find(key);
  return v ? *v : fallback;
}

int64_t Options::get_int(const std::string& key, int64_t fallback) const {
  const auto* v = find(key);
  return v ? to_int(key, *v) : fallback;
}

double Options::get_double(const std::string& key, double fallback) const {
  const auto* v = find(key);
  return v ? to_double(key, *v) : fallback;
}

bool Options::get_bool(const std::string& key, bool fallback) const {
  const auto* v = find(key);
  if (!v) return fallback;
  if (*v == "true" || *v == "True" || *v == "1") return true;
  if (*v == "false" || *v == "False" || *v == "0") return false;
  TORCH_CHECK(false, "option ", key, ": '", *v, "' is not a boolean");
}

std::vector<int64_t> Options::get_int_list(const std::string& key,
                                           std::vector<int64_t> fallback) const {
  const auto* v = find(key);
  if (!v) return fallback;
  std::vector<int64_t> out;
  for (const auto& part : split(*v)) out.push_back(to_int(key, part));
  return out;
}

std::vector<double> Options::get_double_list(const std::string& key,
                                             std::vector<double> fallback) const {
  const auto* v = find(key);
  if (!v) return fallback;
  std::vector<double> out;
  for (const auto& part : split(*v)) out.push_back(to_double(key, part));
  return out;
}

Options Options::sub(const std::string& prefix) const {
  Options o;
  const std::string p = prefix + ".";
  for (const auto& [k, v] : values_) {
    if (k.rfind(p, 0) == 0) o.values_[k.substr(p.size())] = v;
  }
  return o;
}

std::string Options::to_string() const {
  std::string s;
  for (const auto& [k, v] : values_) s += k + "=" + v + "\n";
  return s;
}

}  // namespace mmdet4j
