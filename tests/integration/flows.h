#pragma once
// Steps many integration tests share: signing in through the form and enrolling MFA.
#include <string>

#include "harness.h"

namespace cg::test {

HttpResponse sign_in(Client& c, const std::string& email, const std::string& password);
// Signs in someone who must set up MFA, completes enrolment and returns the TOTP secret.
std::string sign_in_and_enrol(Client& c, const std::string& email, const std::string& password);
// Adds National (X26) > North West (Y62) > Cheshire ICS (QYG) with the command line, the
// tree most tests hang their providers on. False (with a test failure) if a command failed.
bool add_national_region_and_ics(TestServer& server);
// Reads the base32 secret shown on the MFA set-up page.
std::string totp_secret_from(const std::string& html);

}  // namespace cg::test
