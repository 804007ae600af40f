#pragma once
// The process's open-file limit. Every connection holds a file descriptor, so a server for
// 1,000 connections needs more than the soft limit of 1,024 that service managers such as
// systemd start programs with. They set a much higher hard limit and expect a program that
// needs more to raise its own soft limit to it, as `careguard serve` does at start.
#include <cstdint>

namespace cg {

struct FileLimit {
  uint64_t soft = 0;  // what the process may open now
  uint64_t hard = 0;  // how far an unprivileged process may raise the soft limit
};

FileLimit open_file_limit();

// Raises the soft limit to the hard limit and returns the limits afterwards (unchanged when
// the kernel refuses).
FileLimit raise_open_file_limit();

}  // namespace cg
