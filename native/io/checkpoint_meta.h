#pragma once
// A checkpoint's 'meta' entry. mmcv's save_checkpoint writes it as a dict (mmdetection's
// init_detector reads ckpt['meta']['CLASSES']); the Java runner hands it over as JSON text. So a
// JSON object is written as a dict of Python values and read back as JSON, and a string meta
// (what checkpoints written before this was done hold) is read as the text it is.

#include <ATen/core/ivalue.h>

#include <optional>
#include <string>

#include "io/pth_reader.h"

namespace mmdet4j::io {

// The value to store as 'meta': a dict (nested dicts, lists, strings, ints, floats, bools and
// None) for a JSON object, the text itself for anything else (an empty meta among them).
c10::IValue meta_value(const std::string& json_text);

// The JSON text of a 'meta' entry read from a file: a dict as a JSON object (entries in file order;
// tuples become arrays, values JSON cannot hold — tensors, objects — become null), a string as it
// is; nullopt for anything else.
std::optional<std::string> meta_text(const PyRef& meta);

}  // namespace mmdet4j::io
