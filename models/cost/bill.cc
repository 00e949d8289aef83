#include "models/cost/bill.h"

#include <fmt/format.h>

namespace rsim {

double Bill::total_usd() const {
  double t = 0;
  for (const auto& i : items) t += i.usd;
  return t;
}

void add_provisioned_items(Bill& bill, const ComputeEndpointConfig& config, const EndpointMeters& meters,
                           const NodeCatalog& catalog, const RateCard& rates, const std::string& region,
                           double span_s) {
  const NodeType& node = *catalog.find(config.node_type);
  const NodePrice& price = node.prices.find(region)->second;
  const double nodes = config.nodes;

  CostItem compute{
      config.name,
      "node_hours",
      nodes * meters.running_s / 3600.0,
      "node-hour",
      price.usd_per_node_hour,
      0,
      fmt::format("{} on-demand in {}, as of {}: {}", node.name, region, price.as_of, price.source)};
  if (const Discount* d = rates.discount(config.pricing)) {
    compute.meter = "node_hours_" + config.pricing;
    compute.rate_usd = price.usd_per_node_hour * (1.0 - d->fraction);
    compute.source += fmt::format("; {} discount {:.0f}%: {}", config.pricing, 100 * d->fraction, d->source);
  }
  compute.usd = compute.quantity * compute.rate_usd;
  bill.items.push_back(std::move(compute));

  if (meters.scaling_activations > 0) {
    // Reservations do not cover concurrency scaling: always the on-demand rate of the main cluster.
    const double per_second = nodes * price.usd_per_node_hour / 3600.0;
    CostItem cs{
        config.name,
        "concurrency_scaling_seconds",
        meters.scaling_charged_s,
        "cluster-second",
        per_second,
        meters.scaling_charged_s * per_second,
        fmt::format("S28: per second at the main cluster's on-demand rate, at least 60 s per activation, "
                    "after free credit ({} activations, {:.0f} s served, {:.0f} s billable, {:.0f} s from "
                    "credit)",
                    meters.scaling_activations, meters.scaling_busy_s, meters.scaling_billable_s,
                    meters.scaling_credit_used_s)};
    bill.items.push_back(std::move(cs));
  }

  if (config.storage_gb > 0) {
    const Rate& r = rates.rate(region, "managed_storage_gb_month");
    const double gb_months = config.storage_gb * span_s / 3600.0 / kHoursPerMonth;
    bill.items.push_back(
        CostItem{config.name, "managed_storage", gb_months, r.unit, r.usd, gb_months * r.usd, r.source});
  }
}

void add_serverless_items(Bill& bill, const ComputeEndpointConfig& config, const EndpointMeters& meters,
                          const RateCard& rates, const std::string& region) {
  const Rate& r = rates.rate(region, "serverless_rpu_hour");
  const ServerlessUsage& u = meters.workgroup->usage;
  const double hours = u.charged_rpu_seconds / 3600.0;
  const bool minute = config.serverless.billing == ServerlessBillingMode::kPerActiveMinute;
  bill.items.push_back(
      CostItem{config.name, "rpu_hours", hours, r.unit, r.usd, hours * r.usd,
               fmt::format("{}; billed {} ({:.0f} RPU-s used, {:.0f} RPU-s charged, {} {})", r.source,
                           minute ? "per active minute (as observed in SYS_SERVERLESS_USAGE)"
                                  : "per second with a 60 s minimum (as documented, S2)",
                           u.rpu_seconds, u.charged_rpu_seconds, u.activations,
                           minute ? "active minutes" : "activations")});
}

void add_balancer_items(Bill& bill, const LoadBalancerConfig& config, const BalancerMeters& meters,
                        const RateCard& rates, const std::string& region) {
  const Rate& hour = rates.rate(region, "nlb_hour");
  bill.items.push_back(CostItem{config.name, "nlb_hours", meters.hours, hour.unit, hour.usd,
                                meters.hours * hour.usd, hour.source});
  const Rate& lcu = rates.rate(region, "nlcu_hour");
  bill.items.push_back(CostItem{
      config.name, "nlcu_hours", meters.nlcu_hours, lcu.unit, lcu.usd, meters.nlcu_hours * lcu.usd,
      fmt::format(
          "{}; per hour the largest of new connections/s / 800, active connections / 100,000 and GB / 1 "
          "({} new connections, {:.3f} GB at {} KiB per query, an assumption)",
          lcu.source, meters.new_connections, meters.gb_processed, config.kib_per_query)});
}

void add_sharing_items(Bill& bill, const std::vector<ComputeEndpointConfig>& endpoints,
                       const DataSharingConfig& config, const SharingMeters& meters, const RateCard& rates) {
  const std::string& from = endpoints[config.producer].region;
  const Rate& r = rates.rate(from, "cross_region_transfer_gb");
  for (std::size_t i = 0; i < config.consumers.size(); ++i) {
    if (meters.cross_region_queries[i] == 0) continue;
    const double gb = meters.cross_region_mb[i] / 1024.0;
    const ComputeEndpointConfig& consumer = endpoints[config.consumers[i]];
    bill.items.push_back(CostItem{
        consumer.name, "cross_region_transfer", gb, r.unit, r.usd, gb * r.usd,
        fmt::format("{}; {} to {}: bytes scanned per completed query, rounded up to the MB, at least 10 MB "
                    "(S31c), {} queries",
                    r.source, from, consumer.region, meters.cross_region_queries[i])});
  }
}

}  // namespace rsim
