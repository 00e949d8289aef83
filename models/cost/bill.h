// A run's bill (models/model.md section 9): every cost item with its quantity, unit, rate and source, from
// the endpoints' meters and the rates of the node catalog and the rate card.
#pragma once

#include <string>
#include <vector>

#include "models/balancer/load_balancer.h"
#include "models/catalog/node_catalog.h"
#include "models/cost/rate_card.h"
#include "models/endpoint/compute_endpoint.h"
#include "models/sharing/data_sharing.h"

namespace rsim {

struct CostItem {
  std::string component;  // endpoint name
  std::string meter;      // e.g. "node_hours"
  double quantity = 0;
  std::string unit;
  double rate_usd = 0;  // per unit
  double usd = 0;
  std::string source;
};

struct Bill {
  std::vector<CostItem> items;
  double total_usd() const;
};

// Hours in a billing month, as AWS prorates GB-month charges.
inline constexpr double kHoursPerMonth = 730.0;

// Adds a provisioned cluster's items: node-hours (on-demand or reserved), concurrency-scaling seconds past
// the free credit, and managed storage for `span_s` seconds. REQUIRES: the region has prices (the scenario
// loader checks).
void add_provisioned_items(Bill& bill, const ComputeEndpointConfig& config, const EndpointMeters& meters,
                           const NodeCatalog& catalog, const RateCard& rates, const std::string& region,
                           double span_s);

// Adds a serverless workgroup's compute: charged RPU-seconds (meters.workgroup) as RPU-hours at the region's
// rate. REQUIRES: meters.workgroup is set; the rate card has the region.
void add_serverless_items(Bill& bill, const ComputeEndpointConfig& config, const EndpointMeters& meters,
                          const RateCard& rates, const std::string& region);

// Adds a load balancer's hours and capacity units (NLCU-hours: each hour's largest dimension,
// models/catalog/facts.md 4).
void add_balancer_items(Bill& bill, const LoadBalancerConfig& config, const BalancerMeters& meters,
                        const RateCard& rates, const std::string& region);

// Adds cross-region data-sharing transfer: per consumer in another region than the producer, the MB its
// queries scanned (rounded up, at least 10 MB each) at the producer region's transfer rate.
void add_sharing_items(Bill& bill, const std::vector<ComputeEndpointConfig>& endpoints,
                       const DataSharingConfig& config, const SharingMeters& meters, const RateCard& rates);

}  // namespace rsim
