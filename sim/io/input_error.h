// Bad input from the user: a malformed file, an unknown key, an impossible setting. The CLI turns it into a
// message on stderr and exit status 2. The message must say where (file, line, column or JSON path) and what
// was expected; it never contains credentials.
#pragma once

#include <stdexcept>
#include <string>

namespace rsim {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace rsim
