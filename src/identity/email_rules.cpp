#include "identity/email_rules.h"

#include <cctype>

namespace cg::identity {

std::string normalise_email(const std::string& email) {
  auto b = email.find_first_not_of(" \t\r\n");
  auto e = email.find_last_not_of(" \t\r\n");
  std::string out = b == std::string::npos ? "" : email.substr(b, e - b + 1);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string email_problem(const std::string& email) {
  if (email.empty()) return "Enter an email address";
  auto at = email.find('@');
  if (email.size() > 254 || at == std::string::npos || at == 0 || at != email.rfind('@') ||
      email.find('.', at) == std::string::npos || email.back() == '.' ||
      email.find_first_of(" \t\r\n<>()[],;:\"\\") != std::string::npos)
    return "Enter an email address in the correct format, like name@example.com";
  return "";
}

}  // namespace cg::identity
