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
// Sets up two-step verification for an account straight in the database, as if the person had
// enrolled, and returns the secret: for tests about something else that need a lead's or an
// analyst's API token (tokens are refused while their owner's role needs it and it is not set
// up). A later sign-in then asks for a code, not for enrolment.
std::string enrol_mfa_in_database(const TestServer& server, const std::string& email);
// Signs in someone already enrolled, with a code from their secret; returns the last answer
// (303 to "/" when all went well), then opens "/" for the new session's CSRF token.
HttpResponse sign_in_with_code(Client& c, const std::string& email, const std::string& password,
                               const std::string& secret);
// The provider's lead, signed in on `c`, says yes to the first support organisation's request
// shown on the provider's page; returns the answer (303 when accepted), or a 0 status when
// the page shows no request. `request_id`, when given, receives the request's id.
HttpResponse accept_support_request(Client& c, int64_t provider_id,
                                    std::string* request_id = nullptr);
// Reads the base32 secret shown on the MFA set-up page.
std::string totp_secret_from(const std::string& html);

}  // namespace cg::test
