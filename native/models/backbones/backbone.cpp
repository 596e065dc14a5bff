#include "models/backbones/backbone.h"

namespace mmdet4j::models {

void check_pretrained_weights(const Options& o) {
  o.mark_read("pretrained");
  if (o.is_null("init_cfg")) return;
  TORCH_CHECK(o.is_null("pretrained"), o.path_of("pretrained"),
              ": init_cfg and pretrained cannot be given together (mmdetection v2 refuses it too)");
  const auto init = o.section("init_cfg");
  TORCH_CHECK(init.get_string("type", "") == "Pretrained", init.path_of("type"),
              ": only 'Pretrained' is supported, got '", init.get_string("type", ""), "'");
  TORCH_CHECK(!init.get_string("checkpoint", "").empty(), init.path_of("checkpoint"),
              ": the checkpoint to load is missing");
}

}  // namespace mmdet4j::models
