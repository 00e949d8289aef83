#include "models/catalog/node_catalog.h"

#include <fmt/format.h>

#include <charconv>

#include "sim/io/input_error.h"
#include "sim/io/json_input.h"

namespace rsim {

extern const char* const kBuiltinNodeCatalogJson;  // generated from node_catalog.json at build time

const NodeCatalog& NodeCatalog::builtin() {
  static const NodeCatalog catalog = parse(kBuiltinNodeCatalogJson, "models/catalog/node_catalog.json");
  return catalog;
}

NodeCatalog NodeCatalog::parse(std::string_view json, const std::string& name) {
  const JsonDocument doc = JsonDocument::parse(json, name);
  JsonObject root = doc.root().object();
  root.integer("schema_version", 1, 1, 1);
  root.string("as_of", std::nullopt);
  NodeCatalog c;
  std::string reference_type;
  {
    JsonObject scale = root.require("common_scale").object();
    scale.string("unit", std::nullopt);
    reference_type = scale.string("reference_node_type", std::nullopt);
    c.reference_rpu_ = scale.number("reference_rpu_equivalent", std::nullopt, 1e-9, 1e9);
    scale.string("note", "");
    scale.finish();
  }
  JsonObject types = root.require("node_types").object();
  for (const auto& key : types.keys()) {
    JsonObject t = types.require(key).object();
    NodeType n;
    n.name = key;
    n.vcpu = static_cast<int>(t.integer("vcpu", std::nullopt, 1, 1024));
    n.memory_gib = t.number("memory_gib", std::nullopt, 1, 1e6);
    n.slices_per_node = static_cast<int>(t.integer("slices_per_node", std::nullopt, 1, 1024));
    t.string("storage", "");
    JsonObject nodes = t.require("nodes").object();
    n.single_node = nodes.boolean("single_node", std::nullopt);
    n.min_nodes = static_cast<int>(nodes.integer("min", std::nullopt, 1, 1024));
    n.max_nodes = static_cast<int>(nodes.integer("max", std::nullopt, n.min_nodes, 1024));
    n.elastic_max_nodes = static_cast<int>(nodes.integer("elastic_max", n.max_nodes, n.max_nodes, 4096));
    nodes.finish();
    if (auto v = t.get("scan_gb_per_s"); v && !v->raw().is_null()) n.scan_gb_per_s = v->number();
    n.rpu_equivalent = t.number("rpu_equivalent", std::nullopt, 1e-9, 1e9);
    JsonObject prices = t.require("prices").object();
    for (const auto& region : prices.keys()) {
      JsonObject p = prices.require(region).object();
      NodePrice price;
      price.usd_per_node_hour = p.number("on_demand_usd_per_node_hour", std::nullopt, 0.0, 1e6);
      price.as_of = p.string("as_of", std::nullopt);
      price.source = p.string("source", std::nullopt);
      p.finish();
      n.prices.emplace(region, std::move(price));
    }
    prices.finish();
    if (auto s = t.get("sources")) s->array();
    t.string("note", "");
    t.finish();
    c.types_.emplace(key, std::move(n));
  }
  types.finish();
  root.finish();
  const NodeType* reference = c.find(reference_type);
  if (!reference || !reference->scan_gb_per_s) {
    throw InputError(
        fmt::format("{}: $.common_scale.reference_node_type \"{}\" must be a node type with a "
                    "scan_gb_per_s",
                    name, reference_type));
  }
  c.scan_mb_per_s_per_rpu_ = *reference->scan_gb_per_s * 1000.0 / reference->rpu_equivalent;
  return c;
}

const NodeType* NodeCatalog::find(std::string_view type) const {
  const auto it = types_.find(type);
  return it == types_.end() ? nullptr : &it->second;
}

std::string NodeCatalog::check_nodes(const NodeType& t, long nodes) const {
  if (nodes == 1) {
    return t.single_node ? ""
                         : fmt::format("{} does not allow a single-node cluster (it needs {} to {} nodes)",
                                       t.name, t.min_nodes, t.max_nodes);
  }
  if (nodes < t.min_nodes || nodes > t.elastic_max_nodes) {
    return fmt::format("{} allows {}{} to {} nodes (up to {} by elastic resize); got {}", t.name,
                       t.single_node ? "1 or " : "", t.min_nodes, t.max_nodes, t.elastic_max_nodes, nodes);
  }
  return "";
}

std::optional<double> NodeCatalog::capacity_of(std::string_view spec, std::string* why) const {
  const auto colon = spec.rfind(':');
  if (colon == std::string_view::npos) {
    *why = "expected \"rpu:N\" or \"NODE_TYPE:COUNT\"";
    return std::nullopt;
  }
  const std::string_view kind = spec.substr(0, colon);
  const std::string_view count = spec.substr(colon + 1);
  double n = 0;
  const auto [ptr, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
  if (ec != std::errc() || ptr != count.data() + count.size() || !(n > 0)) {
    *why = fmt::format("expected a positive count after ':', got \"{}\"", count);
    return std::nullopt;
  }
  if (kind == "rpu") return n;
  const NodeType* t = find(kind);
  if (!t) {
    std::string known;
    for (const auto& [k, unused] : types_) known += (known.empty() ? "" : ", ") + k;
    *why = fmt::format("unknown node type \"{}\" (known: rpu, {})", kind, known);
    return std::nullopt;
  }
  if (n != static_cast<long>(n)) {
    *why = fmt::format("a node count must be a whole number, got {}", n);
    return std::nullopt;
  }
  if (auto rule = check_nodes(*t, static_cast<long>(n)); !rule.empty()) {
    *why = rule;
    return std::nullopt;
  }
  return n * t->rpu_equivalent;
}

NodeCatalog NodeCatalog::scaled(double factor) const {
  NodeCatalog c = *this;
  for (auto& [name, type] : c.types_) type.rpu_equivalent *= factor;
  c.reference_rpu_ *= factor;
  c.scan_mb_per_s_per_rpu_ /= factor;
  return c;
}

}  // namespace rsim
