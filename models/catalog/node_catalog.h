// The node catalog (node_catalog.json, shipped and compiled in): per provisioned node type its vCPU, memory,
// slices, allowed node counts, scan throughput, capacity on the common RPU-equivalent scale, and dated
// on-demand prices per region with their sources.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace rsim {

// An hourly on-demand price in one region, with when it was recorded and where it comes from.
struct NodePrice {
  double usd_per_node_hour = 0;
  std::string as_of;
  std::string source;
};

struct NodeType {
  std::string name;
  int vcpu = 0;
  double memory_gib = 0;
  int slices_per_node = 0;
  bool single_node = false;  // a 1-node cluster is allowed
  int min_nodes = 0;         // for multi-node clusters
  int max_nodes = 0;
  int elastic_max_nodes = 0;
  std::optional<double> scan_gb_per_s;
  double rpu_equivalent = 0;                             // capacity of one node on the common scale
  std::map<std::string, NodePrice, std::less<>> prices;  // by region
};

class NodeCatalog {
 public:
  // The catalog compiled into the binary.
  static const NodeCatalog& builtin();
  // Parses a catalog document. Throws InputError naming `name` and the JSON path.
  static NodeCatalog parse(std::string_view json, const std::string& name);

  const NodeType* find(std::string_view type) const;
  const std::map<std::string, NodeType, std::less<>>& types() const { return types_; }
  double reference_rpu_equivalent() const { return reference_rpu_; }
  // Scan throughput per unit of the common scale, MB/s per RPU-equivalent: the reference node type's
  // scan_gb_per_s over its rpu_equivalent (2.0 GB/s / 16 = 125 MB/s for ra3.4xlarge). The basis of the
  // predicted work model (models/model.md section 2).
  double scan_mb_per_s_per_rpu() const { return scan_mb_per_s_per_rpu_; }
  // The same catalog with every node type's rpu_equivalent times `factor` (models/model.md section 2: the
  // exchange rate between nodes and RPUs is an assumption; a comparison shows what halving or doubling it
  // changes).
  NodeCatalog scaled(double factor) const;

  // Capacity in RPU-equivalents of a capacity string: "rpu:N" (serverless) or "NODE_TYPE:COUNT" (provisioned,
  // the count checked against the type's limits). On failure returns nullopt and sets *why.
  std::optional<double> capacity_of(std::string_view spec, std::string* why) const;

  // Checks a node count for a type; returns an empty string if allowed, else the rule that was broken.
  std::string check_nodes(const NodeType& t, long nodes) const;

 private:
  std::map<std::string, NodeType, std::less<>> types_;
  double reference_rpu_ = 16;
  double scan_mb_per_s_per_rpu_ = 125;
};

}  // namespace rsim
