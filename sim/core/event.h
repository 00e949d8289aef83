// The one kind of event the engine knows: plain data, copied by value, never allocated on its own.
// The engine only orders events; what `kind` and `payload` mean is the receiving handler's business.
#pragma once

#include <cstdint>

#include "sim/core/time.h"

namespace rsim {

class Simulation;
struct Event;

using HandlerId = std::uint32_t;

// A model component that receives events. Registered with Simulation::add_handler, which returns the id that
// events are addressed to. Dispatch is one virtual call: no std::function, no allocation per event.
class EventHandler {
 public:
  virtual ~EventHandler() = default;
  virtual void handle(Simulation& sim, const Event& event) = 0;
};

struct Event {
  SimTime time = 0;
  std::uint64_t payload = 0;  // handler-defined: a query handle, a generation counter, ...
  HandlerId target = 0;
  std::uint32_t kind = 0;  // handler-defined event type
};

// Names a scheduled event so that it can be cancelled or moved. A stale id (its event already ran or was
// cancelled) is detected through the generation and ignored.
struct EventId {
  std::uint32_t slot = UINT32_MAX;
  std::uint32_t generation = 0;
  bool valid() const { return slot != UINT32_MAX; }
};

}  // namespace rsim
