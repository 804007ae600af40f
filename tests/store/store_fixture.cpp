#include "store_fixture.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>

#include "core/crypto.h"
#include "identity/passwords.h"
#include "store/migrations.h"

namespace cg::test {

namespace {

std::string admin_url() {
  const char* url = std::getenv("CAREGUARD_TEST_POSTGRES_URL");
  if (!url || !*url) {
    ADD_FAILURE() << "CAREGUARD_TEST_POSTGRES_URL is not set: start PostgreSQL with "
                     "`scripts/services.sh start` (make test does this)";
    std::abort();
  }
  return url;
}

void admin_exec(const std::string& sql) {
  PGconn* c = PQconnectdb(admin_url().c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot reach PostgreSQL: " << PQerrorMessage(c);
    PQfinish(c);
    std::abort();
  }
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string err = PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
  if (!ok) ADD_FAILURE() << sql << ": " << err;
}

std::string with_database(const std::string& url, const std::string& name) {
  auto slash = url.rfind('/');
  auto q = url.find('?', slash);
  return url.substr(0, slash + 1) + name + (q == std::string::npos ? "" : url.substr(q));
}

}  // namespace

std::string test_dialect() {
  const char* d = std::getenv("CAREGUARD_TEST_DIALECT");
  return d && std::string(d) == "postgres" ? "postgres" : "sqlite";
}

std::string fresh_database_url() {
  crypto::init();
  const std::string name = "cg_st_" + crypto::hex(crypto::random_bytes(6));
  if (test_dialect() == "postgres") {
    admin_exec("CREATE DATABASE " + name);
    return with_database(admin_url(), name);
  }
  auto dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::create_directories(dir);
  return "sqlite:" + (dir / "test.db").string();
}

void drop_database(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::error_code ec;
    std::filesystem::remove_all(std::filesystem::path(url.substr(7)).parent_path(), ec);
    return;
  }
  auto slash = url.rfind('/');
  admin_exec("DROP DATABASE IF EXISTS " + url.substr(slash + 1) + " WITH (FORCE)");
}

void StoreTest::SetUp() {
  identity::set_password_hash_cost_for_tests(true);
  url_ = fresh_database_url();
  db_ = store::open(url_, 4);
  store::migrate(*db_);
}

void StoreTest::TearDown() {
  db_.reset();
  drop_database(url_);
}

std::unique_ptr<store::Database> StoreTest::open_another() const { return store::open(url_, 4); }

}  // namespace cg::test
