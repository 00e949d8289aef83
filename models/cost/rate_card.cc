#include "models/cost/rate_card.h"

#include <array>

#include "sim/io/json_input.h"

namespace rsim {

extern const char* const kBuiltinRateCardJson;  // generated from rate_card.json at build time

namespace {
constexpr std::array<std::string_view, 7> kMeters = {
    "serverless_rpu_hour",      "managed_storage_gb_month", "nlb_hour",           "nlcu_hour",
    "cross_region_transfer_gb", "private_endpoint_hour",    "private_endpoint_gb"};
}  // namespace

const RateCard& RateCard::builtin() {
  static const RateCard card = parse(kBuiltinRateCardJson, "models/cost/rate_card.json");
  return card;
}

RateCard RateCard::parse(std::string_view json, const std::string& name) {
  const JsonDocument doc = JsonDocument::parse(json, name);
  JsonObject root = doc.root().object();
  root.integer("schema_version", 1, 1, 1);
  root.string("note", "");
  RateCard card;
  card.as_of_ = root.string("as_of", std::nullopt);
  JsonObject regions = root.require("regions").object();
  for (const auto& region : regions.keys()) {
    JsonObject r = regions.require(region).object();
    auto& meters = card.regions_[region];
    for (const auto meter : kMeters) {
      JsonObject m = r.require(meter).object();
      Rate rate;
      rate.usd = m.number("usd", std::nullopt, 0.0, 1e6);
      rate.unit = m.string("unit", std::nullopt);
      rate.source = m.string("source", std::nullopt);
      m.finish();
      meters.emplace(meter, std::move(rate));
    }
    r.finish();
  }
  regions.finish();
  JsonObject discounts = root.require("reserved_discount").object();
  for (const std::string_view term : {"reserved_1y", "reserved_3y"}) {
    JsonObject d = discounts.require(term).object();
    Discount discount;
    discount.fraction = d.number("fraction", std::nullopt, 0.0, 0.99);
    discount.source = d.string("source", std::nullopt);
    d.finish();
    card.discounts_.emplace(term, std::move(discount));
  }
  discounts.finish();
  root.finish();
  return card;
}

std::string RateCard::regions() const {
  std::string out;
  for (const auto& [r, unused] : regions_) out += (out.empty() ? "" : ", ") + r;
  return out;
}

const Rate& RateCard::rate(std::string_view region, std::string_view meter) const {
  return regions_.find(region)->second.find(meter)->second;
}

const Discount* RateCard::discount(std::string_view pricing) const {
  const auto it = discounts_.find(pricing);
  return it == discounts_.end() ? nullptr : &it->second;
}

}  // namespace rsim
