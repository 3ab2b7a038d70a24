// How one hashing step ended: fine, "can't be known before a build"
// (vagga's VersionError::New, exit code 29), or an error with a message.
#pragma once

#include <string>
#include <utility>

namespace vagga::hash {

enum class Status { Ok, NotReady, Error };

struct Outcome {
    Status status = Status::Ok;
    std::string message;

    static Outcome ok() { return {}; }
    static Outcome not_ready(std::string why) { return {Status::NotReady, std::move(why)}; }
    static Outcome error(std::string why) { return {Status::Error, std::move(why)}; }
    bool is_ok() const { return status == Status::Ok; }
};

} // namespace vagga::hash
