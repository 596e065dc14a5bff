// The native registry: options as a document with config paths and read tracking, schemas that
// check options and give defaults, registered components, and no key given that nothing reads.

#include <gtest/gtest.h>

#include <set>
#include <typeindex>

#include "core/options.h"
#include "core/post_processing/nms_config.h"
#include "error_of.h"
#include "models/dense_heads/anchor_head.h"
#include "models/dense_heads/rpn_head.h"
#include "models/dense_heads/reppoints_head.h"
#include "models/dense_heads/multibox_head.h"
#include "models/dense_heads/ssd_head.h"
#include "models/detectors/detector.h"
#include "models/necks/neck.h"
#include "models/roi_heads/bbox_heads/bbox_head.h"
#include "models/roi_heads/mask_heads/mask_head.h"
#include "models/roi_heads/roi_extractors/roi_extractor.h"
#include "models/roi_heads/standard_roi_head.h"
#include "registry/registry.h"

namespace {

using namespace mmdet4j;

using mmdet4j::test_support::error_of;

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

TEST(Options, JsonAndHandWrittenLinesGiveTheSameValues) {
  auto json = Options::parse(R"({"neck": {"in_channels": [64, 128], "add_extra_convs": "on_input"}, "seed": 3})");
  auto lines = Options::parse("neck.in_channels=64,128\nneck.add_extra_convs=on_input\nseed=3\n");
  for (const auto* o : {&json, &lines}) {
    EXPECT_EQ(o->get_int_list("neck.in_channels", {}), (std::vector<int64_t>{64, 128}));
    EXPECT_EQ(o->sub("neck").get_string("add_extra_convs", ""), "on_input");
    EXPECT_EQ(o->get_int("seed", 0), 3);
  }
  // Nested lists are JSON in a line.
  auto nested = Options::parse("ratios=[[2], [2, 3]]\n");
  EXPECT_EQ(nested.to_json().at("ratios"), Json::parse("[[2], [2, 3]]"));
}

TEST(Options, BadDocumentsAreErrors) {
  EXPECT_TRUE(starts_with(error_of([] { Options::parse("{\"a\": 1"); }), "options are not valid JSON"));
  EXPECT_TRUE(starts_with(error_of([] { Options::parse("a=1\na.b=2"); }), "options line 2: a is both"));
  EXPECT_TRUE(starts_with(error_of([] { Options::parse("[1, 2]"); }), "options line 1: expected key=value"));
  EXPECT_TRUE(starts_with(error_of([] { Options::parse("a=1\nratios=[[2], [2"); }),
                          "options line 2: a value starting with '[' must be a JSON list"));
  EXPECT_EQ(error_of([] { Options::parse("{\"a\": \"x\"}", "model").get_int("a", 0); }),
            "model.a: \"x\" is not an integer");
}

TEST(Options, UnreadListsTheConfigPathsOfKeysNothingRead) {
  auto model = Options::parse(R"({"head": {"num_classes": 3, "stacked_convs": 2}, "neck": {"out": 8}})", "model");
  EXPECT_EQ(model.sub("head").get_int("num_classes", 0), 3);
  auto unread = model.unread();
  EXPECT_EQ(std::set<std::string>(unread.begin(), unread.end()),
            (std::set<std::string>{"model.head.stacked_convs", "model.neck.out"}));
  model.mark_read("neck");  // a section read whole counts for every key under it
  EXPECT_EQ(model.unread(), std::vector<std::string>{"model.head.stacked_convs"});
  // A None given is read when it is looked up (and is absent to the reader).
  auto with_none = Options::parse(R"({"proposals": null, "other": null})", "model");
  EXPECT_FALSE(with_none.has("proposals"));
  EXPECT_EQ(with_none.unread(), std::vector<std::string>{"model.other"});
}

Schema toy_schema() {
  return Schema()
      .required("depth", ParamType::kInt, "layers")
      .optional("ratios", ParamType::kFloatList, {0.5, 1.0}, "aspect ratios")
      .optional("init_cfg", ParamType::kDict, nullptr, "None or a dict")
      .choice("style", "pytorch", {"pytorch", "caffe"}, "stride position");
}

TEST(Schema, ChecksKeysTypesChoicesAndRequiredKeysWithTheirPaths) {
  const auto schema = toy_schema();
  auto check = [&](const std::string& json) {
    return error_of([&] { Options::parse(json, "model.backbone").with_schema(schema, "Toy in registry 'backbone'"); });
  };
  EXPECT_EQ(check(R"({"depth": 18})"), "");
  EXPECT_EQ(check(R"({"depth": 18, "detph": 3})"),
            "model.backbone.detph: unknown key for Toy in registry 'backbone'; did you mean 'depth'?");
  EXPECT_EQ(check(R"({"depth": 18, "zzz": 3})"),
            "model.backbone.zzz: unknown key for Toy in registry 'backbone'; accepted keys: depth, ratios, "
            "init_cfg, style");
  EXPECT_EQ(check(R"({"ratios": [1.0]})"),
            "model.backbone: missing required key 'depth' (int) for Toy in registry 'backbone'");
  EXPECT_EQ(check(R"({"depth": 1.5})"), "model.backbone.depth: expected int, got 1.5 for Toy in registry 'backbone'");
  EXPECT_EQ(check(R"({"depth": 18, "ratios": [1, "a"]})"),
            "model.backbone.ratios: expected float_list, got [1,\"a\"] for Toy in registry 'backbone'");
  EXPECT_EQ(check(R"({"depth": 18, "style": "cafe"})"),
            "model.backbone.style: invalid value \"cafe\" for Toy in registry 'backbone'; expected one of "
            "[\"pytorch\", \"caffe\"]");
  EXPECT_EQ(check(R"({"depth": 18, "style": null})"),
            "model.backbone.style: None is not allowed, expected any for Toy in registry 'backbone'");
}

TEST(Schema, ReadsTakeDefaultsFromTheSchemaAndOnlyDeclaredKeys) {
  const auto schema = toy_schema();
  auto o = Options::parse(R"({"depth": 50})", "model.backbone").with_schema(schema, "Toy");
  EXPECT_EQ(o.get_int("depth"), 50);
  EXPECT_EQ(o.get_double_list("ratios"), (std::vector<double>{0.5, 1.0}));
  EXPECT_EQ(o.get_string("style"), "pytorch");
  EXPECT_TRUE(o.is_null("init_cfg"));
  EXPECT_EQ(error_of([&] { o.get_int("width"); }),
            "model.backbone.width: the component reads a key its schema does not declare");
  EXPECT_EQ(error_of([&] { Options().get_int("depth"); }),
            "depth: read without a schema (a component must declare its keys)");
}

TEST(Registry, UnknownTypesGetSuggestionsAndEveryComponentIsInTheCatalog) {
  EXPECT_EQ(error_of([] { find_component("head", "RetinaHaed", "model.bbox_head.type"); }),
            "model.bbox_head.type: unknown type 'RetinaHaed' in registry 'head'; did you mean 'RetinaHead'?");
  std::set<std::string> names;
  const auto catalog = component_catalog();
  for (const auto& c : catalog["components"]) {
    names.insert(c["registry"].get<std::string>() + "/" + c["name"].get<std::string>());
    EXPECT_FALSE(c["doc"].get<std::string>().empty()) << c["name"];
    for (const auto& key : c["keys"]) EXPECT_FALSE(key["doc"].get<std::string>().empty()) << c["name"] << key["name"];
  }
  for (const char* expected : {"backbone/ResNet", "backbone/ResNeXt", "neck/FPN", "head/RetinaHead", "head/RPNHead",
                               "detector/RetinaNet", "detector/SingleStageDetector", "detector/FasterRCNN",
                               "detector/MaskRCNN", "loss/FocalLoss", "loss/CrossEntropyLoss", "loss/SmoothL1Loss",
                               "loss/L1Loss", "loss/GIoULoss", "loss/IoULoss", "loss/BoundedIoULoss", "loss/DIoULoss",
                               "loss/CIoULoss", "loss/BalancedL1Loss", "loss/GHMC", "loss/GHMR", "sampler/RandomSampler",
                               "sampler/PseudoSampler",
                               "sampler/OHEMSampler", "sampler/InstanceBalancedPosSampler",
                               "sampler/IoUBalancedNegSampler", "assigner/MaxIoUAssigner",
                               "bbox_coder/DeltaXYWHBBoxCoder", "anchor_generator/AnchorGenerator",
                               "anchor_generator/LegacyAnchorGenerator", "roi_extractor/SingleRoIExtractor",
                               "head/StandardRoIHead", "head/ConvFCBBoxHead", "head/Shared2FCBBoxHead",
                               "head/Shared4Conv1FCBBoxHead", "head/FCNMaskHead", "nms/nms", "neck/BFP",
                               "sampler/CombinedSampler", "detector/FCOS", "head/FCOSHead", "loss/ArcLoss",
                               "bbox_coder/DistancePointBBoxCoder"}) {
    EXPECT_TRUE(names.count(expected)) << expected;
  }
}

// Values for the keys a component requires; every other declared key is given its default.
Json required_values(const std::string& registry, const std::string& key) {
  if (key == "depth") return 18;
  if (key == "in_channels") return registry == "neck" ? Json({64, 128, 256, 512}) : Json(16);
  if (key == "out_channels") return 16;
  if (key == "num_outs") return 5;
  if (key == "level_strides" || key == "level_paddings") return {1};
  if (key == "num_levels") return 4;
  if (key == "pos_sampler") return {{"type", "InstanceBalancedPosSampler"}};
  if (key == "neg_sampler") return {{"type", "IoUBalancedNegSampler"}, {"floor_thr", -1}, {"num_bins", 3}};
  if (key == "num_classes") return 3;
  if (key == "assigner") return {{"type", "MaxIoUAssigner"}, {"pos_iou_thr", 0.5}, {"neg_iou_thr", 0.4}};
  if (key == "pos_iou_thr") return 0.5;
  if (key == "neg_iou_thr") return 0.4;
  if (key == "num") return 16;
  if (key == "pos_fraction") return 0.5;
  if (key == "strides") return {8, 16};
  if (key == "ratios") return {0.5, 1.0};
  if (key == "roi_layer") return {{"type", "RoIAlign"}, {"output_size", 7}};
  if (key == "featmap_strides") return {4, 8};
  if (key == "sampler") return {{"type", "RandomSampler"}, {"num", 16}, {"pos_fraction", 0.25}};
  if (key == "bbox_roi_extractor") {
    return {{"type", "SingleRoIExtractor"}, {"roi_layer", {{"type", "RoIAlign"}, {"output_size", 7}}},
            {"out_channels", 16}, {"featmap_strides", {4, 8}}};
  }
  if (key == "bbox_head") return {{"type", "Shared2FCBBoxHead"}, {"in_channels", 16}, {"fc_out_channels", 8}};
  ADD_FAILURE() << "no test value for the required key " << registry << "." << key;
  return nullptr;
}

// Every key a schema declares, with its default or a test value; None-defaulted keys stay out
// (leaving them out is how None is given).
Json every_key(const std::string& registry, const std::string& type, const Schema& schema) {
  Json o = type.empty() ? Json::object() : Json({{"type", type}});
  for (const auto& p : schema.params()) {
    if (p.required) {
      o[p.name] = required_values(registry, p.name);
    } else if (!p.default_value.is_null()) {
      o[p.name] = p.default_value;
    }
  }
  return o;
}

TEST(Registry, EveryKeyAComponentDeclaresIsReadWhenGiven) {
  int built = 0;
  for (const auto* entry : registered_components()) {
    SCOPED_TRACE(entry->registry + "/" + entry->name);
    if (entry->registry == "detector") continue;  // ADetectorRefusesKeysThatNothingReads
    if (entry->registry == "settings") continue;  // read by the heads, below with each head
    auto keys = every_key(entry->registry, entry->name, entry->schema);
    // The anchor generators take scales or octave_base_scale, both None by default; SSD's derive
    // six levels' sizes from input_size 300 and take a list of ratios per level.
    if (entry->registry == "anchor_generator" && entry->name.find("SSD") == std::string::npos) keys["scales"] = {8};
    if (entry->registry == "anchor_generator" && entry->name.find("SSD") != std::string::npos) {
      keys["strides"] = {8, 16, 32, 64, 100, 300};
      keys["ratios"] = {{2}, {2, 3}, {2, 3}, {2, 3}, {2}, {2}};
    }
    // SSD's VGG has depths 11 to 19 and its default output layers are VGG16's.
    if (entry->name == "SSDVGG") keys["depth"] = 16;
    if (entry->name == "SSDNeck") {
      keys["in_channels"] = {16, 32};
      keys["out_channels"] = {16, 32, 8};
    }
    // RetinaFace's necks: FPN levels as the MobileNet's, SSH on one channel count (a multiple of 4).
    if (entry->name == "RetinaFaceFPN") {
      keys["in_channels"] = {16, 32, 64};
      keys["out_channels"] = 16;
    }
    if (entry->name == "SSH") {
      keys["in_channels"] = 16;
      keys["out_channels"] = 16;
    }
    // Every ConvFCBBoxHead layer count defaults to 0, and a head needs one layer at least.
    if (entry->name == "ConvFCBBoxHead") keys["num_shared_fcs"] = 1;
    // BFP takes one channel count (every level has FPN's out_channels); its refine_type is None by default.
    if (entry->name == "BFP") {
      keys["in_channels"] = 16;
      keys["refine_type"] = "non_local";
    }
    // The nms dict takes iou_threshold or its v1 spelling, both None by default.
    if (entry->registry == "nms") keys["iou_threshold"] = 0.5;
    auto options = Options::from_json(keys, "model.component");
    if (entry->registry == "loss") {
      build<models::Loss>("loss", options, "");
    } else if (entry->registry == "sampler") {
      build<core::Sampler>("sampler", options, "");
    } else if (entry->registry == "assigner") {
      build<core::Assigner>("assigner", options, "");
    } else if (entry->registry == "bbox_coder") {
      build<core::BBoxCoder>("bbox_coder", options, "");
    } else if (entry->registry == "anchor_generator") {
      build<core::AnchorGenerator>("anchor_generator", options, "");
    } else if (entry->registry == "roi_extractor") {
      build<models::RoIExtractor>("roi_extractor", options, "");
    } else if (entry->registry == "backbone") {
      build<models::Backbone>("backbone", options, "");
    } else if (entry->registry == "nms") {
      build<core::NmsConfig>("nms", options, "");
    } else if (entry->registry == "neck") {
      build<models::Neck>("neck", options, "");
    } else if (entry->signature == std::type_index(typeid(Registrar<models::BBoxHead>::Factory))) {
      build<models::BBoxHead>("head", options, "");
    } else if (entry->signature == std::type_index(typeid(Registrar<models::MaskHead>::Factory))) {
      build<models::MaskHead>("head", options, "");
    } else if (entry->signature == std::type_index(typeid(Registrar<models::RoIHead, Options, Options>::Factory))) {
      auto train = Options::from_json(every_key("train_cfg", "", models::StandardRoIHead::train_schema()), "train_cfg");
      auto test = Options::from_json(every_key("test_cfg", "", models::StandardRoIHead::test_schema()), "test_cfg");
      build<models::RoIHead>("head", options, "", train, test);
      EXPECT_EQ(train.unread(), std::vector<std::string>{});
      EXPECT_EQ(test.unread(), std::vector<std::string>{});
    } else if (entry->registry == "head") {
      const bool ssd = entry->name == "SSDHead";
      // RetinaFace's and FaceBoxes' heads match priors and mine negatives themselves.
      const bool multibox = entry->name == "RetinaFaceHead" || entry->name == "FaceBoxesHead";
      auto train_keys = every_key("train_cfg", "", ssd        ? models::SSDHeadImpl::train_schema()
                                                   : multibox ? models::MultiBoxHead::train_schema()
                                                              : models::AnchorHead::train_schema());
      // The heads' default loss_cls is a sigmoid cross-entropy, which samples anchors (SSD mines
      // its negatives instead).
      if (!ssd && !multibox) {
        train_keys["sampler"] = {{"type", "RandomSampler"}, {"num", 64}, {"pos_fraction", 0.5},
                                 {"add_gt_as_proposals", false}};
      }
      // RepPoints' train_cfg has two stages, the first assigning points.
      if (entry->name == "RepPointsHead") {
        const auto& stage = models::RepPointsHeadImpl::stage_schema();
        train_keys = {{"init", every_key("train_cfg", "", stage)}, {"refine", every_key("train_cfg", "", stage)}};
        train_keys["init"]["assigner"] = {{"type", "PointAssigner"}, {"scale", 4}, {"pos_num", 1}};
      }
      auto train = Options::from_json(train_keys, "train_cfg");
      // A proposal head reads its proposal settings as test_cfg.
      const auto& test_schema =
          entry->name == "RPNHead" ? models::ProposalOptions::schema() : models::AnchorHead::test_schema();
      auto test = Options::from_json(every_key("test_cfg", "", test_schema), "test_cfg");
      build<models::DenseHead>("head", options, "", train, test);
      EXPECT_EQ(train.unread(), std::vector<std::string>{});
      EXPECT_EQ(test.unread(), std::vector<std::string>{});
    }
    ++built;
    EXPECT_EQ(options.unread(), std::vector<std::string>{});
  }
  EXPECT_GE(built, 24);
}

std::string tiny_retinanet_lines() {
  return "type=RetinaNet\nbackbone.type=ResNet\nbackbone.depth=18\nbackbone.out_indices=1,2,3\n"
         "neck.type=FPN\nneck.out_channels=16\nneck.num_outs=5\nneck.add_extra_convs=on_input\n"
         "bbox_head.type=RetinaHead\nbbox_head.num_classes=3\nbbox_head.in_channels=16\nbbox_head.feat_channels=16\n"
         "bbox_head.stacked_convs=1\nbbox_head.loss_cls.type=FocalLoss\nbbox_head.loss_bbox.type=L1Loss\n";
}

TEST(Registry, ADetectorRefusesKeysThatNothingReads) {
  EXPECT_NE(models::build_detector(Options::parse(tiny_retinanet_lines(), "model")), nullptr);
  // Misspelt in a nested component: its own schema catches it, with a suggestion.
  EXPECT_EQ(error_of([] {
              models::build_detector(Options::parse(
                  tiny_retinanet_lines() +
                      "bbox_head.anchor_generator.type=AnchorGenerator\nbbox_head.anchor_generator.scales=4\n"
                      "bbox_head.anchor_generator.ratios=1.0\nbbox_head.anchor_generator.strides=8,16,32,64,128\n"
                      "bbox_head.anchor_generator.octave_base_scal=4\n",
                  "model"));
            }),
            "model.bbox_head.anchor_generator.octave_base_scal: unknown key for AnchorGenerator in registry "
            "'anchor_generator'; did you mean 'octave_base_scale'?");
  // Misspelt inside a dict that a component reads itself: caught because nothing reads it.
  const auto e = error_of([] {
    models::build_detector(Options::parse(tiny_retinanet_lines() + "backbone.norm_cfg.requires_gard=false\n", "model"));
  });
  EXPECT_TRUE(starts_with(e, "model.backbone.norm_cfg.requires_gard: not used by the native RetinaNet")) << e;
  // A box loss that compares boxes, given deltas, would train silently wrong.
  EXPECT_EQ(error_of([] {
              models::build_detector(Options::parse(tiny_retinanet_lines() + "bbox_head.loss_bbox.type=GIoULoss\n", "model"));
            }),
            "model.bbox_head.reg_decoded_bbox: GIoULoss needs reg_decoded_bbox=True");
  EXPECT_EQ(error_of([] { models::build_detector(Options::parse(tiny_retinanet_lines() + "neck.num_out=5\n", "model")); }),
            "model.neck.num_out: unknown key for FPN in registry 'neck'; did you mean 'num_outs'?");
}

}  // namespace
