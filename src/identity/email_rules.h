#pragma once
// Email addresses as people type them: pure rules with no database, shared by sign-in,
// invitations and toolkit answers (so the fuzz targets can link them without the store).
#include <string>

namespace cg::identity {

// Trims white space and lower-cases the address.
std::string normalise_email(const std::string& email);
// Empty when the (normalised) address is acceptable, else a plain message.
std::string email_problem(const std::string& email);

}  // namespace cg::identity
