#include "models/serverless/serverless_billing.h"

#include <algorithm>
#include <cassert>

namespace rsim {

namespace {
constexpr SimDuration kMinute = 60'000'000;
// Floor division: minutes of the epoch.
std::int64_t minute_of(SimTime t) { return t >= 0 ? t / kMinute : -((-t + kMinute - 1) / kMinute); }
}  // namespace

ServerlessBilling::ServerlessBilling(ServerlessBillingMode mode, double capacity_rpu, SimDuration minimum)
    : mode_(mode), capacity_(capacity_rpu), minimum_(minimum) {
  assert(capacity_rpu > 0 && minimum >= 0);
}

void ServerlessBilling::start(SimTime t) {
  assert(!active_);
  active_ = true;
  since_ = t;
  minute_pending_ = true;
  if (mode_ == ServerlessBillingMode::kPerSecondMin60) {
    // A statement starting the instant the last one stopped finds the workgroup busy, not idle: it continues
    // the activation (per second past its minimum) instead of opening a new one.
    if (t >= window_end_ && t != stopped_at_) {
      ++usage_.activations;
      window_end_ = t + minimum_;
    }
    billed_until_ = std::max(billed_until_, t);  // an idle gap after the minimum is not billed
  }
}

void ServerlessBilling::accrue(SimTime t) {
  const double span_s = static_cast<double>(t - since_) / 1e6;
  usage_.rpu_seconds += capacity_ * span_s;
  usage_.active_s += span_s;
  if (mode_ == ServerlessBillingMode::kPerSecondMin60) {
    // Inside a minimum already billed (at prepaid_rpu_), only capacity above that is owed.
    const SimTime prepaid_end = std::min(t, billed_until_);
    if (prepaid_end > since_ && capacity_ > prepaid_rpu_) {
      usage_.charged_rpu_seconds +=
          (capacity_ - prepaid_rpu_) * static_cast<double>(prepaid_end - since_) / 1e6;
    }
    if (t > billed_until_) {
      usage_.charged_rpu_seconds += capacity_ * static_cast<double>(t - billed_until_) / 1e6;
      billed_until_ = t;
    }
  } else if (t > since_ || minute_pending_) {
    // A zero-length span bills its minute only as a statement's start (touch), not at a capacity change.
    bill_minutes(since_, t);
  }
  minute_pending_ = false;
  since_ = t;
}

void ServerlessBilling::bill_minutes(SimTime from, SimTime to) {
  std::int64_t first = minute_of(from);
  // Activity up to a minute's boundary does not touch the next minute.
  const std::int64_t last = to > from ? minute_of(to - 1) : first;
  if (first == open_minute_) {
    open_minute_rpu_ = std::max(open_minute_rpu_, capacity_);
    if (last == first) return;
    ++first;
  }
  close_minute();
  // Minutes first .. last - 1 are over, and were active at this capacity throughout.
  const auto whole = static_cast<double>(last - first);
  usage_.charged_rpu_seconds += capacity_ * 60.0 * whole;
  usage_.activations += static_cast<std::uint64_t>(whole);
  open_minute_ = last;
  open_minute_rpu_ = capacity_;
}

void ServerlessBilling::close_minute() {
  if (open_minute_ == INT64_MIN) return;
  usage_.charged_rpu_seconds += open_minute_rpu_ * 60.0;
  ++usage_.activations;
  open_minute_ = INT64_MIN;
}

void ServerlessBilling::stop(SimTime t) {
  assert(active_);
  accrue(t);
  active_ = false;
  stopped_at_ = t;
  if (mode_ == ServerlessBillingMode::kPerSecondMin60 && window_end_ > billed_until_) {
    // The rest of the minimum, at the capacity in force now.
    usage_.charged_rpu_seconds += capacity_ * static_cast<double>(window_end_ - billed_until_) / 1e6;
    billed_until_ = window_end_;
    prepaid_rpu_ = capacity_;
  }
}

void ServerlessBilling::touch(SimTime t) {
  if (active_) return;
  start(t);
  stop(t);
}

void ServerlessBilling::set_capacity(SimTime t, double rpu) {
  assert(rpu > 0);
  if (active_) accrue(t);
  capacity_ = rpu;
}

ServerlessUsage ServerlessBilling::usage(SimTime end) const {
  ServerlessBilling copy = *this;
  if (copy.active_) copy.stop(end);
  copy.close_minute();
  return copy.usage_;
}

}  // namespace rsim
