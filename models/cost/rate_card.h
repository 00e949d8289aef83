// The rate card (models/model.md section 9): per region, the price of every meter other than provisioned
// node-hours (those live in the node catalog), each with its unit and source; and the reservation discounts.
// Shipped as models/cost/rate_card.json and compiled in.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace rsim {

struct Rate {
  double usd = 0;  // per unit
  std::string unit;
  std::string source;
};

struct Discount {
  double fraction = 0;  // off the on-demand rate
  std::string source;
};

class RateCard {
 public:
  static const RateCard& builtin();
  // Throws InputError naming `name` and the JSON path.
  static RateCard parse(std::string_view json, const std::string& name);

  const std::string& as_of() const { return as_of_; }
  bool has_region(std::string_view region) const { return regions_.find(region) != regions_.end(); }
  std::string regions() const;  // "us-east-1, us-west-2", for messages
  // REQUIRES: has_region(region) and the meter exists (every region has every meter; parse checks).
  const Rate& rate(std::string_view region, std::string_view meter) const;
  // "reserved_1y" or "reserved_3y"; nullptr for anything else.
  const Discount* discount(std::string_view pricing) const;

 private:
  std::string as_of_;
  std::map<std::string, std::map<std::string, Rate, std::less<>>, std::less<>> regions_;
  std::map<std::string, Discount, std::less<>> discounts_;
};

}  // namespace rsim
