#include "io/checkpoint_meta.h"

#include <ATen/core/Dict.h>
#include <ATen/core/List.h>
#include <nlohmann/json.hpp>

namespace mmdet4j::io {
namespace {

using OrderedJson = nlohmann::ordered_json;  // keeps the meta's keys in the order they were written

c10::IValue to_ivalue(const OrderedJson& j) {
  switch (j.type()) {
    case OrderedJson::value_t::object: {
      c10::impl::GenericDict dict(c10::StringType::get(), c10::AnyType::get());
      for (const auto& [key, value] : j.items()) dict.insert(key, to_ivalue(value));
      return dict;
    }
    case OrderedJson::value_t::array: {
      c10::impl::GenericList list(c10::AnyType::get());
      for (const auto& value : j) list.push_back(to_ivalue(value));
      return list;
    }
    case OrderedJson::value_t::string:
      return j.get<std::string>();
    case OrderedJson::value_t::boolean:
      return j.get<bool>();
    case OrderedJson::value_t::number_integer:
    case OrderedJson::value_t::number_unsigned:
      return j.get<int64_t>();
    case OrderedJson::value_t::number_float:
      return j.get<double>();
    default:
      return c10::IValue();  // null
  }
}

OrderedJson to_json(const PyValue& v) {
  switch (v.kind) {
    case PyValue::Kind::kBool:
      return v.b;
    case PyValue::Kind::kInt:
      return v.i;
    case PyValue::Kind::kFloat:
      return v.f;
    case PyValue::Kind::kString:
      return v.s;
    case PyValue::Kind::kList:
    case PyValue::Kind::kTuple: {
      OrderedJson array = OrderedJson::array();
      for (const auto& item : v.items) array.push_back(to_json(*item));
      return array;
    }
    case PyValue::Kind::kDict: {
      OrderedJson object = OrderedJson::object();
      for (const auto& [key, value] : v.entries) {
        if (key->kind == PyValue::Kind::kString) object[key->s] = to_json(*value);
      }
      return object;
    }
    default:
      return nullptr;
  }
}

}  // namespace

c10::IValue meta_value(const std::string& json_text) {
  const auto parsed = OrderedJson::parse(json_text, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return json_text;
  return to_ivalue(parsed);
}

std::optional<std::string> meta_text(const PyRef& meta) {
  if (!meta) return std::nullopt;
  if (meta->kind == PyValue::Kind::kString) return meta->s;
  if (meta->kind == PyValue::Kind::kDict) return to_json(*meta).dump();
  return std::nullopt;
}

}  // namespace mmdet4j::io
