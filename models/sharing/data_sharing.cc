#include "models/sharing/data_sharing.h"

#include <cmath>

namespace rsim {

namespace {
enum EventKind : std::uint32_t { kVisible = 1 };
constexpr double kMinimumMb = 10;  // per query (models/catalog/facts.md 5)
}  // namespace

DataSharing::DataSharing(Simulation& sim, const DataSharingConfig& config,
                         std::vector<ComputeEndpoint*> endpoints)
    : sim_(sim), config_(config), endpoints_(std::move(endpoints)), self_(sim.add_handler(*this)) {
  consumer_of_.assign(endpoints_.size(), -1);
  const std::string& producer_region = endpoints_[config.producer]->config().region;
  for (std::size_t i = 0; i < config.consumers.size(); ++i) {
    consumer_of_[config.consumers[i]] = static_cast<int>(i);
    cross_region_.push_back(endpoints_[config.consumers[i]]->config().region != producer_region);
  }
  meters_.cross_region_queries.assign(config.consumers.size(), 0);
  meters_.cross_region_mb.assign(config.consumers.size(), 0.0);
}

void DataSharing::finished(const QueryInFlight& q, QueryEnd end) {
  if (end != QueryEnd::kCompleted) return;
  if (q.endpoint == config_.producer && q.query.write_tables != 0) {
    ++meters_.writes_shared;
    if (config_.visibility_delay_s > 0) {
      sim_.schedule_daemon_after(from_seconds(config_.visibility_delay_s), self_, kVisible,
                                 q.query.write_tables);
    } else {
      publish(q.query.write_tables);
    }
    return;
  }
  const int c = consumer_of_[q.endpoint];
  if (c < 0 || !cross_region_[static_cast<std::size_t>(c)] || q.result_cache_hit) return;
  const double scanned = present(q.query.mbytes_scanned) ? std::ceil(q.query.mbytes_scanned) : 0.0;
  ++meters_.cross_region_queries[static_cast<std::size_t>(c)];
  meters_.cross_region_mb[static_cast<std::size_t>(c)] += std::max(kMinimumMb, scanned);
}

void DataSharing::publish(Symbol write_tables) {
  for (const std::uint32_t e : config_.consumers) endpoints_[e]->tables_written(write_tables);
}

void DataSharing::handle(Simulation&, const Event& event) {
  if (event.kind == kVisible) publish(static_cast<Symbol>(event.payload));
}

}  // namespace rsim
