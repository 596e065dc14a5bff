#include "io/pth_reader.h"

#include <caffe2/serialize/inline_container.h>
#include <c10/util/Exception.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>

namespace mmdet4j::io {

PyRef PyValue::get(const std::string& key) const {
  for (const auto& [k, v] : entries) {
    if (k->kind == Kind::kString && k->s == key) return v;
  }
  return nullptr;
}

namespace {

PyRef make(PyValue::Kind kind) {
  auto v = std::make_shared<PyValue>();
  v->kind = kind;
  return v;
}

at::ScalarType storage_dtype(const std::string& global) {
  static const std::map<std::string, at::ScalarType> types = {
      {"torch.FloatStorage", at::kFloat},     {"torch.DoubleStorage", at::kDouble}, {"torch.HalfStorage", at::kHalf},
      {"torch.BFloat16Storage", at::kBFloat16}, {"torch.LongStorage", at::kLong},   {"torch.IntStorage", at::kInt},
      {"torch.ShortStorage", at::kShort},     {"torch.CharStorage", at::kChar},     {"torch.ByteStorage", at::kByte},
      {"torch.BoolStorage", at::kBool}};
  auto it = types.find(global);
  TORCH_CHECK(it != types.end(), "unsupported storage type ", global);
  return it->second;
}

// A storage of `numel` elements of `dtype` under `key`, as a flat tensor.
using StorageSource = std::function<at::Tensor(const std::string& key, at::ScalarType dtype, int64_t numel)>;

class Unpickler {
 public:
  // deferred: the storages are filled after the pickle (the legacy format), so tensors stay views
  // of them until finish_deferred().
  Unpickler(StorageSource storages, const char* data, size_t size, bool deferred = false)
      : source_(std::move(storages)), p_(data), end_(data + size), deferred_(deferred) {}

  // Where the last run() stopped: the next pickle of a file holding several.
  const char* position() const { return p_; }

  // Copies every tensor out of its storage once the storages hold their data.
  void finish_deferred() {
    for (auto& v : views_) v->tensor = v->tensor.clone();
    views_.clear();
  }

  PyRef run() {
    while (true) {
      const uint8_t op = byte();
      switch (op) {
        case 0x80: byte(); break;                          // PROTO
        case 0x95: skip(8); break;                         // FRAME
        case '.': TORCH_CHECK(stack_.size() == 1, "pickle ended with ", stack_.size(), " values"); return stack_.back();
        case '(': marks_.push_back(stack_.size()); break;  // MARK
        case 'N': push(make(PyValue::Kind::kNone)); break;
        case 0x88: push_bool(true); break;
        case 0x89: push_bool(false); break;
        case 'J': push_int(static_cast<int32_t>(le<uint32_t>())); break;
        case 'K': push_int(byte()); break;
        case 'M': push_int(le<uint16_t>()); break;
        case 0x8a: push_long(byte()); break;               // LONG1
        case 0x8b: push_long(le<uint32_t>()); break;       // LONG4
        case 'G': push_float(); break;                     // BINFLOAT (big-endian double)
        case 'X': push_string(le<uint32_t>(), PyValue::Kind::kString); break;
        case 0x8c: push_string(byte(), PyValue::Kind::kString); break;  // SHORT_BINUNICODE
        case 'T': push_string(le<uint32_t>(), PyValue::Kind::kString); break;
        case 'U': push_string(byte(), PyValue::Kind::kString); break;
        case 'B': push_string(le<uint32_t>(), PyValue::Kind::kBytes); break;
        case 'C': push_string(byte(), PyValue::Kind::kBytes); break;
        case ']': push(make(PyValue::Kind::kList)); break;
        case ')': push(make(PyValue::Kind::kTuple)); break;
        case '}': push(make(PyValue::Kind::kDict)); break;
        case 0x8f: push(make(PyValue::Kind::kList)); break;  // EMPTY_SET, kept as a list
        case 't': push(tuple_of(pop_mark())); break;
        case 0x85: push(tuple_of(pop_n(1))); break;
        case 0x86: push(tuple_of(pop_n(2))); break;
        case 0x87: push(tuple_of(pop_n(3))); break;
        case 'l': { auto l = make(PyValue::Kind::kList); l->items = pop_mark(); push(l); break; }
        case 'a': { auto v = pop(); top()->items.push_back(v); break; }
        case 'e': case 0x90: { auto vs = pop_mark(); auto& t = top(); t->items.insert(t->items.end(), vs.begin(), vs.end()); break; }
        case 's': { auto v = pop(); auto k = pop(); top()->entries.emplace_back(k, v); break; }
        case 'u': {
          auto vs = pop_mark();
          TORCH_CHECK(vs.size() % 2 == 0, "SETITEMS with an odd number of values");
          for (size_t k = 0; k < vs.size(); k += 2) top()->entries.emplace_back(vs[k], vs[k + 1]);
          break;
        }
        case 'q': memo_[byte()] = top(); break;
        case 'r': memo_[le<uint32_t>()] = top(); break;
        case 0x94: memo_[memo_.size()] = top(); break;    // MEMOIZE
        case 'h': push(memo(byte())); break;
        case 'j': push(memo(le<uint32_t>())); break;
        case 'c': { auto module = line(); auto name = line(); push_global(module + "." + name); break; }
        case 0x93: { auto name = pop(); auto module = pop(); push_global(module->s + "." + name->s); break; }
        case 'R': { auto args = pop(); auto fn = pop(); push(call(fn, args)); break; }
        case 0x81: { auto args = pop(); auto cls = pop(); push(call(cls, args)); break; }  // NEWOBJ
        case 'b': pop(); break;  // BUILD: object state (e.g. a state_dict's _metadata) is not needed
        case 'Q': push(persistent(pop())); break;           // BINPERSID
        default: TORCH_CHECK(false, "unsupported pickle opcode 0x", std::hex, static_cast<int>(op));
      }
    }
  }

 private:
  uint8_t byte() {
    TORCH_CHECK(p_ < end_, "pickle data ends early");
    return static_cast<uint8_t>(*p_++);
  }
  void skip(size_t n) {
    TORCH_CHECK(static_cast<size_t>(end_ - p_) >= n, "pickle data ends early");
    p_ += n;
  }
  template <typename T>
  T le() {
    TORCH_CHECK(static_cast<size_t>(end_ - p_) >= sizeof(T), "pickle data ends early");
    T v;
    std::memcpy(&v, p_, sizeof(T));
    p_ += sizeof(T);
    return v;
  }
  std::string line() {
    const char* start = p_;
    while (p_ < end_ && *p_ != '\n') ++p_;
    TORCH_CHECK(p_ < end_, "pickle data ends early");
    return std::string(start, p_++);
  }

  void push(PyRef v) { stack_.push_back(std::move(v)); }
  PyRef pop() {
    TORCH_CHECK(!stack_.empty(), "pickle stack underflow");
    auto v = stack_.back();
    stack_.pop_back();
    return v;
  }
  PyRef& top() {
    TORCH_CHECK(!stack_.empty(), "pickle stack underflow");
    return stack_.back();
  }
  std::vector<PyRef> pop_n(size_t n) {
    TORCH_CHECK(stack_.size() >= n, "pickle stack underflow");
    std::vector<PyRef> v(stack_.end() - n, stack_.end());
    stack_.resize(stack_.size() - n);
    return v;
  }
  std::vector<PyRef> pop_mark() {
    TORCH_CHECK(!marks_.empty(), "pickle MARK missing");
    const size_t m = marks_.back();
    marks_.pop_back();
    return pop_n(stack_.size() - m);
  }
  PyRef memo(size_t k) {
    auto it = memo_.find(k);
    TORCH_CHECK(it != memo_.end(), "pickle memo ", k, " missing");
    return it->second;
  }
  static PyRef tuple_of(std::vector<PyRef> items) {
    auto t = make(PyValue::Kind::kTuple);
    t->items = std::move(items);
    return t;
  }
  void push_bool(bool b) { auto v = make(PyValue::Kind::kBool); v->b = b; push(v); }
  void push_int(int64_t i) { auto v = make(PyValue::Kind::kInt); v->i = i; push(v); }
  void push_long(size_t n) {
    TORCH_CHECK(n <= 8, "integer of ", n, " bytes is too large");
    skip(n);
    int64_t i = 0;
    std::memcpy(&i, p_ - n, n);
    if (n > 0 && n < 8 && (static_cast<uint8_t>(p_[-1]) & 0x80)) i -= int64_t(1) << (8 * n);  // sign
    push_int(i);
  }
  void push_float() {
    uint64_t bits = 0;
    for (int k = 0; k < 8; ++k) bits = (bits << 8) | byte();
    auto v = make(PyValue::Kind::kFloat);
    std::memcpy(&v->f, &bits, 8);
    push(v);
  }
  void push_string(size_t n, PyValue::Kind kind) {
    skip(n);
    auto v = make(kind);
    v->s.assign(p_ - n, n);
    push(v);
  }
  void push_global(const std::string& name) {
    auto v = make(PyValue::Kind::kGlobal);
    v->s = name;
    push(v);
  }

  // ('storage', storage type, key, location, numel) -> the storage's bytes as a flat tensor.
  PyRef persistent(const PyRef& pid) {
    TORCH_CHECK(pid->kind == PyValue::Kind::kTuple && pid->items.size() >= 5 && pid->items[0]->s == "storage",
                "unsupported persistent id in checkpoint");
    const auto dtype = storage_dtype(pid->items[1]->s);
    const std::string key = pid->items[2]->s;
    auto cached = storages_.find(key);
    if (cached != storages_.end()) return cached->second;
    auto v = make(PyValue::Kind::kTensor);
    v->tensor = source_(key, dtype, pid->items[4]->i);
    storages_[key] = v;
    return v;
  }

  static std::vector<int64_t> ints(const PyRef& tuple) {
    std::vector<int64_t> out;
    for (const auto& x : tuple->items) out.push_back(x->i);
    return out;
  }

  PyRef call(const PyRef& fn, const PyRef& args) {
    const std::string name = fn->kind == PyValue::Kind::kGlobal ? fn->s : "";
    const auto& a = args->items;
    if (name == "collections.OrderedDict") {
      auto d = make(PyValue::Kind::kDict);
      for (const auto& pair : a.empty() ? std::vector<PyRef>{} : a[0]->items) {
        if (pair->items.size() == 2) d->entries.emplace_back(pair->items[0], pair->items[1]);
      }
      return d;
    }
    if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor") {
      TORCH_CHECK(a.size() >= 4 && a[0]->kind == PyValue::Kind::kTensor, "malformed tensor in checkpoint");
      auto v = make(PyValue::Kind::kTensor);
      const auto size = ints(a[2]), stride = ints(a[3]);
      v->tensor = a[0]->tensor.as_strided(size, stride, a[1]->i);
      if (deferred_) {
        views_.push_back(v);
      } else {
        v->tensor = v->tensor.clone();
      }
      return v;
    }
    if (name == "torch._utils._rebuild_parameter" || name == "torch._utils._rebuild_parameter_with_state") {
      TORCH_CHECK(!a.empty() && a[0]->kind == PyValue::Kind::kTensor, "malformed parameter in checkpoint");
      return a[0];
    }
    if (name == "torch._tensor._rebuild_from_type_v2" && a.size() >= 3) return call(a[0], a[2]);
    auto opaque = make(PyValue::Kind::kOpaque);  // anything else: kept as data, never run
    opaque->s = name;
    return opaque;
  }

  StorageSource source_;
  const char* p_;
  const char* end_;
  bool deferred_;
  std::vector<PyRef> views_;
  std::vector<PyRef> stack_;
  std::vector<size_t> marks_;
  std::map<size_t, PyRef> memo_;
  std::map<std::string, PyRef> storages_;
};

// The zip format of torch.save (PyTorch >= 1.6): data.pkl, and each storage in data/KEY.
PyRef read_zip(const std::string& path) {
  caffe2::serialize::PyTorchStreamReader reader(path);
  auto [data, size] = reader.getRecord("data.pkl");
  auto storages = [&reader](const std::string& key, at::ScalarType dtype, int64_t) {
    auto [bytes, length] = reader.getRecord("data/" + key);
    const int64_t numel = static_cast<int64_t>(length / c10::elementSize(dtype));
    auto t = at::empty({numel}, at::TensorOptions().dtype(dtype));
    std::memcpy(t.data_ptr(), bytes.get(), numel * c10::elementSize(dtype));
    return t;
  };
  return Unpickler(storages, static_cast<const char*>(data.get()), size).run();
}

// The format before PyTorch 1.6 (torch.save(..., _use_new_zipfile_serialization=False)): pickles of
// the magic number, the protocol version and the writer's sys_info, then the object, then the
// list of storage keys, then each storage as its element count (int64) and its bytes.
PyRef read_legacy(const std::string& path, const std::string& bytes) {
  // pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2)
  static const std::string kMagic("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19\x2e", 15);
  TORCH_CHECK(bytes.compare(0, kMagic.size(), kMagic) == 0, "neither a zip archive nor a legacy torch.save file");
  const char* p = bytes.data() + kMagic.size();
  const char* end = bytes.data() + bytes.size();
  auto next_pickle = [&](StorageSource source, bool deferred, std::unique_ptr<Unpickler>& keep) {
    keep = std::make_unique<Unpickler>(std::move(source), p, static_cast<size_t>(end - p), deferred);
    auto value = keep->run();
    p = keep->position();
    return value;
  };
  auto no_storages = [](const std::string&, at::ScalarType, int64_t) -> at::Tensor {
    TORCH_CHECK(false, "a storage outside the object's pickle");
  };
  std::unique_ptr<Unpickler> header, object_reader, keys_reader;
  const auto protocol = next_pickle(no_storages, false, header);
  TORCH_CHECK(protocol->kind == PyValue::Kind::kInt && protocol->i == 1001, "unsupported legacy protocol version");
  next_pickle(no_storages, false, header);  // sys_info: little-endian and type sizes of the writer
  std::map<std::string, at::Tensor> storages;
  auto allocate = [&storages](const std::string& key, at::ScalarType dtype, int64_t numel) {
    auto t = at::empty({numel}, at::TensorOptions().dtype(dtype));
    storages[key] = t;
    return t;
  };
  auto object = next_pickle(allocate, /*deferred=*/true, object_reader);
  const auto keys = next_pickle(no_storages, false, keys_reader);
  TORCH_CHECK(keys->kind == PyValue::Kind::kList, "malformed storage key list");
  for (const auto& key : keys->items) {
    auto it = storages.find(key->s);
    TORCH_CHECK(it != storages.end(), "storage '", key->s, "' is not used by the object");
    int64_t numel = 0;
    TORCH_CHECK(end - p >= 8, "file ends before storage '", key->s, "'");
    std::memcpy(&numel, p, 8);
    p += 8;
    auto& t = it->second;
    const int64_t length = numel * static_cast<int64_t>(t.element_size());
    TORCH_CHECK(numel == t.numel() && end - p >= length, "storage '", key->s, "' is truncated or of the wrong size");
    std::memcpy(t.data_ptr(), p, length);
    p += length;
  }
  object_reader->finish_deferred();
  return object;
}

}  // namespace

PyRef read_pth(const std::string& path) {
  try {
    std::ifstream in(path, std::ios::binary);
    TORCH_CHECK(in.good(), "cannot open the file");
    char head[4] = {};
    in.read(head, 4);
    if (in.gcount() == 4 && std::string(head, 4) == std::string("PK\x03\x04", 4)) return read_zip(path);
    in.seekg(0);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return read_legacy(path, bytes);
  } catch (const c10::Error& e) {
    TORCH_CHECK(false, "checkpoint '", path, "' is not a readable PyTorch file: ", e.what_without_backtrace());
  }
}

}  // namespace mmdet4j::io
