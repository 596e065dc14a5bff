#pragma once
// Flat, typed options for building native components. The Java side validates a config against
// each component's schema and sends it down as "dotted.key=value" lines (lists comma-separated),
// so the native core needs no JSON or YAML parser and never sees an unchecked config.

#include <map>
#include <string>
#include <vector>

namespace mmdet4j {

class Options {
 public:
  Options() = default;
  // Parses "key=value" lines; blank lines and lines starting with '#' are ignored.
  static Options parse(const std::string& text);

  bool has(const std::string& key) const;
  std::string get_string(const std::string& key, const std::string& fallback) const;
  int64_t get_int(const std::string& key, int64_t fallback) const;
  double get_double(const std::string& key, double fallback) const;
  bool get_bool(const std::string& key, bool fallback) const;
  std::vector<int64_t> get_int_list(const std::string& key, std::vector<int64_t> fallback) const;
  std::vector<double> get_double_list(const std::string& key, std::vector<double> fallback) const;

  // The options under "prefix." with the prefix removed.
  Options sub(const std::string& prefix) const;
  void set(const std::string& key, const std::string& value) { values_[key] = value; }
  std::string to_string() const;

 private:
  const std::string* find(const std::string& key) const;
  std::map<std::string, std::string> values_;
};

}  // namespace mmdet4j
